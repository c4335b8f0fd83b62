/**
 * sshd_config's completion, document symbols and folding (hover, diagnostics, CodeLens and inlay hints
 * are the dialect-neutral features over SshdAnalysis).
 */
import {
  type CompletionItem,
  CompletionItemKind,
  type CompletionList,
  type DocumentSymbol,
  type FoldingRange,
  FoldingRangeKind,
  MarkupKind,
  type Position,
  SymbolKind,
} from 'vscode-languageserver-types';
import type { SshdAnalysis } from '../analysis/sshd';
import type { Settings } from '../analysis/types';
import { allSshServerKeywords, SSHD_MATCH_CRITERIA, sshdKeywordAt, sshServerKeyword } from '../catalog/sshServer';
import { atLeast } from '../model/version';
import { tokenizeLine } from '../syntax/ssh';
import { toRange } from './ranges';
import { keywordDoc } from './render';
import { keywordSymbol } from './symbols';

/** Keywords (inside a Match block only those sshd allows there), Match criteria, and yes/no values. */
export function sshdCompletion(lineText: string, pos: Position, analysis: SshdAnalysis, settings: Settings): CompletionList {
  const before = lineText.slice(0, pos.character);
  const line = tokenizeLine(before, pos.line);
  const kw = line.keyword;
  const inMatch = analysis.sshd.sections.some((s) => s.header && s.start < pos.line && s.end >= pos.line);
  const v = settings.sshVersion;
  // Still typing the keyword.
  if (!kw || (kw.span.end >= before.length && !/[\s=]$/.test(before))) {
    const items: CompletionItem[] = allSshServerKeywords()
      .filter((k) => {
        const view = sshdKeywordAt(k, v);
        return (!settings.sshVersionKnown || view.known) && view.status === 'active' && !k.aliasOf && k.status !== 'patch' && (!inMatch || view.match);
      })
      .map((k) => ({
        label: k.name,
        kind: k.name === 'Match' ? CompletionItemKind.Module : CompletionItemKind.Keyword,
        detail: k.syntax,
        documentation: { kind: MarkupKind.Markdown, value: keywordDoc(k) },
        insertText: `${k.name} `,
        sortText: `${k.keepalive || k.name === 'Match' ? '0' : '1'}${k.name.toLowerCase()}`,
      }));
    return { isIncomplete: false, items };
  }
  if (kw.value.toLowerCase() === 'match') {
    const items = SSHD_MATCH_CRITERIA.filter((c) => c.since === undefined || !settings.sshVersionKnown || atLeast(v, c.since)).map((c) => ({
      label: c.name,
      kind: CompletionItemKind.Keyword,
      documentation: { kind: MarkupKind.Markdown, value: c.doc },
      insertText: c.takesArgument ? `${c.name} ` : c.name,
    }));
    return { isIncomplete: false, items };
  }
  const spec = sshServerKeyword(kw.value);
  if (!spec) return { isIncomplete: false, items: [] };
  const value = sshdKeywordAt(spec, v).value;
  const words = value.type === 'flag' ? ['yes', 'no'] : value.type === 'choice' ? value.values : [];
  return {
    isIncomplete: false,
    items: words.map((w) => ({ label: w, kind: CompletionItemKind.Value, detail: spec.default === w ? 'default' : undefined })),
  };
}

export function sshdSymbols(analysis: SshdAnalysis): DocumentSymbol[] {
  const { sections, doc } = analysis.sshd;
  const out: DocumentSymbol[] = [];
  for (const s of sections) {
    const children = s.items.map((item) => (item.kind === 'set' ? keywordSymbol(item.d.line, item.d.spec.name) : keywordSymbol(item.line, 'Include')));
    if (!s.header) {
      out.push(...children);
      continue;
    }
    const h = s.header.line;
    out.push({
      name: `Match ${h.args.map((a) => a.raw).join(' ')}`,
      kind: SymbolKind.Class,
      range: { start: { line: s.start, character: 0 }, end: { line: s.end, character: doc.lines[s.end]?.text.length ?? 0 } },
      selectionRange: toRange(h.keyword?.span ?? { line: s.start, start: 0, end: 0 }),
      children,
    });
  }
  return out;
}

export function sshdFoldingRanges(analysis: SshdAnalysis): FoldingRange[] {
  return analysis.sshd.sections.filter((s) => s.header && s.end > s.start).map((s) => ({ startLine: s.start, endLine: s.end, kind: FoldingRangeKind.Region }));
}
