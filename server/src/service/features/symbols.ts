import { type DocumentSymbol, type FoldingRange, FoldingRangeKind, SymbolKind } from 'vscode-languageserver-types';
import type { SshAnalysis } from '../analysis/ssh';
import type { SysctlAnalysis } from '../analysis/sysctl';
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
  out.push(...commentRuns(analysis.file.structure.doc.lines.map((l) => !!l.comment && !l.keyword)));
  return out;
}

/** One symbol per assignment, named by the key as `sysctl -a` prints it. */
export function sysctlSymbols(analysis: SysctlAnalysis): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  for (const l of analysis.doc.lines) {
    if (!l.key || l.key.name === '' || (l.kind !== 'assignment' && l.kind !== 'exclusion')) continue;
    out.push({
      name: l.key.name,
      detail: l.kind === 'exclusion' ? 'excluded from globs' : (l.value?.raw ?? ''),
      kind: SymbolKind.Property,
      range: { start: { line: l.line, character: 0 }, end: { line: l.line, character: l.text.length } },
      selectionRange: toRange(l.key.span),
    });
  }
  return out;
}

export function sysctlFoldingRanges(analysis: SysctlAnalysis): FoldingRange[] {
  return commentRuns(analysis.doc.lines.map((l) => l.kind === 'comment'));
}

/** Runs of two or more comment lines fold. */
function commentRuns(isComment: readonly boolean[]): FoldingRange[] {
  const out: FoldingRange[] = [];
  let start = -1;
  for (let i = 0; i <= isComment.length; i++) {
    const c = i < isComment.length && isComment[i];
    if (c && start < 0) start = i;
    if (!c && start >= 0) {
      if (i - 1 > start) out.push({ startLine: start, endLine: i - 1, kind: FoldingRangeKind.Comment });
      start = -1;
    }
  }
  return out;
}
