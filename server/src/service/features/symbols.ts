import { type DocumentSymbol, type FoldingRange, FoldingRangeKind, SymbolKind } from 'vscode-languageserver-types';
import type { SshAnalysis } from '../analysis/ssh';
import { toRange } from './ranges';

export function documentSymbols(analysis: SshAnalysis): DocumentSymbol[] {
  const { blocks, doc } = analysis.file.structure;
  const out: DocumentSymbol[] = [];
  for (const b of blocks) {
    const children: DocumentSymbol[] = b.directives.map((d) => ({
      name: d.spec?.name ?? d.keyword.value,
      detail: d.line.args.map((a) => a.raw).join(' '),
      kind: SymbolKind.Property,
      range: { start: { line: d.line.line, character: 0 }, end: { line: d.line.line, character: d.line.text.length } },
      selectionRange: toRange(d.keyword.span),
    }));
    if (!b.header) {
      out.push(...children);
      continue;
    }
    const h = b.header.line;
    out.push({
      name: `${h.keyword!.value} ${h.args.map((a) => a.raw).join(' ')}`,
      kind: b.header.kind === 'host' ? SymbolKind.Namespace : SymbolKind.Class,
      range: { start: { line: b.start, character: 0 }, end: { line: b.end, character: doc.lines[b.end].text.length } },
      selectionRange: toRange(h.keyword!.span),
      children,
    });
  }
  return out;
}

export function foldingRanges(analysis: SshAnalysis): FoldingRange[] {
  const out: FoldingRange[] = [];
  for (const b of analysis.file.structure.blocks) {
    if (b.header && b.end > b.start) out.push({ startLine: b.start, endLine: b.end, kind: FoldingRangeKind.Region });
  }
  // Runs of comment lines fold too.
  const lines = analysis.file.structure.doc.lines;
  let start = -1;
  for (let i = 0; i <= lines.length; i++) {
    const isComment = i < lines.length && !!lines[i].comment && !lines[i].keyword;
    if (isComment && start < 0) start = i;
    if (!isComment && start >= 0) {
      if (i - 1 > start) out.push({ startLine: start, endLine: i - 1, kind: FoldingRangeKind.Comment });
      start = -1;
    }
  }
  return out;
}
