import { type Hover, MarkupKind, type Position } from 'vscode-languageserver-types';
import type { Analysis } from '../analysis/types';
import { toRange } from './ranges';
import { keywordBody, keywordDoc, keywordTitle, timelineMarkdown } from './render';

export function hover(analysis: Analysis, uri: string, pos: Position): Hover | null {
  const facts = analysis.factsAt(pos.line, pos.character);
  if (!facts) return null;
  // The effective value right under the keyword, the documentation below it: an editor's hover is a few
  // lines high, and the value is what a reader came for (VS Code showed it only after scrolling).
  const parts: string[] = [];
  if (facts.spec && facts.effective) parts.push(`${keywordTitle(facts.spec)}\n\n${facts.effective}`, keywordBody(facts.spec));
  else if (facts.spec) parts.push(keywordDoc(facts.spec));
  else if (facts.effective) parts.push(facts.effective);
  const isHeader = facts.scope && facts.scope.span.line === pos.line && facts.scope.span.end > 0;
  if (facts.scope && (isHeader || facts.spec?.keepalive)) parts.push(timelineMarkdown(facts.scope.timeline, uri, !isHeader));
  if (parts.length === 0) return null;
  return { contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n---\n\n') }, range: toRange(facts.span) };
}
