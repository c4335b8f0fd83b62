import { type Hover, MarkupKind, type Position } from 'vscode-languageserver-types';
import type { Analysis } from '../analysis/types';
import { toRange } from './ranges';
import { keywordDoc, timelineMarkdown } from './render';

export function hover(analysis: Analysis, uri: string, pos: Position): Hover | null {
  const facts = analysis.factsAt(pos.line, pos.character);
  if (!facts) return null;
  const parts: string[] = [];
  if (facts.spec) parts.push(keywordDoc(facts.spec));
  if (facts.effective) parts.push(facts.effective);
  const isHeader = facts.scope && facts.scope.span.line === pos.line && facts.scope.span.end > 0;
  if (facts.scope && (isHeader || facts.spec?.keepalive)) parts.push(timelineMarkdown(facts.scope.timeline, uri, !isHeader));
  if (parts.length === 0) return null;
  return { contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n---\n\n') }, range: toRange(facts.span) };
}
