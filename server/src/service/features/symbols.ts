import { type DocumentSymbol, type FoldingRange, FoldingRangeKind, SymbolKind } from 'vscode-languageserver-types';
import type { MycnfAnalysis } from '../analysis/mycnf';
import { mycnfIncludePath } from '../analysis/mycnf/read';
import type { SshAnalysis } from '../analysis/ssh';
import type { SysctlAnalysis } from '../analysis/sysctl';
import type { TokenLine } from '../syntax/ssh';
import { toRange } from './ranges';

/** One keyword line of ssh_config or sshd_config as a symbol: the keyword's name, its arguments as written. */
export function keywordSymbol(line: TokenLine, name: string): DocumentSymbol {
  return {
    name,
    detail: line.args.map((a) => a.raw).join(' '),
    kind: SymbolKind.Property,
    range: { start: { line: line.line, character: 0 }, end: { line: line.line, character: line.text.length } },
    selectionRange: toRange(line.keyword?.span ?? { line: line.line, start: 0, end: 0 }),
  };
}

export function documentSymbols(analysis: SshAnalysis): DocumentSymbol[] {
  const { blocks, doc } = analysis.file.structure;
  const out: DocumentSymbol[] = [];
  for (const b of blocks) {
    const children: DocumentSymbol[] = b.directives.map((d) => keywordSymbol(d.line, d.spec?.name ?? d.keyword.value));
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

/** One symbol per group, with its options as children. */
export function mycnfSymbols(analysis: MycnfAnalysis): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  const lines = analysis.doc.lines;
  let group: DocumentSymbol | undefined;
  let lastLine = 0;
  const close = () => {
    if (group) group.range = { start: group.range.start, end: { line: lastLine, character: lines[lastLine]!.text.length } };
  };
  for (const l of lines) {
    if (l.kind === 'group' && l.group) {
      close();
      group = {
        name: `[${l.group.name}]`,
        kind: SymbolKind.Namespace,
        range: { start: { line: l.line, character: 0 }, end: { line: l.line, character: l.text.length } },
        selectionRange: toRange(l.group.header),
        children: [],
      };
      lastLine = l.line;
      out.push(group);
      continue;
    }
    if (l.kind === 'blank' || l.kind === 'comment') continue;
    lastLine = l.line;
    const sym: DocumentSymbol | undefined =
      l.kind === 'option' && l.option && l.option.name !== ''
        ? {
            name: l.option.name,
            detail: l.option.raw ?? '',
            kind: SymbolKind.Property,
            range: { start: { line: l.line, character: 0 }, end: { line: l.line, character: l.text.length } },
            selectionRange: toRange(l.option.nameSpan),
          }
        : (l.kind === 'include' || l.kind === 'includedir') && l.include
          ? {
              name: `!${l.kind}`,
              detail: mycnfIncludePath(l, analysis.read.flavor),
              kind: SymbolKind.File,
              range: { start: { line: l.line, character: 0 }, end: { line: l.line, character: l.text.length } },
              selectionRange: toRange(l.include.keyword),
            }
          : undefined;
    if (!sym) continue;
    if (group) group.children!.push(sym);
    else out.push(sym);
  }
  close();
  return out;
}

export function mycnfFoldingRanges(analysis: MycnfAnalysis): FoldingRange[] {
  const out: FoldingRange[] = [];
  for (const s of mycnfSymbols(analysis)) {
    if (s.kind === SymbolKind.Namespace && s.range.end.line > s.range.start.line)
      out.push({ startLine: s.range.start.line, endLine: s.range.end.line, kind: FoldingRangeKind.Region });
  }
  out.push(...commentRuns(analysis.doc.lines.map((l) => l.kind === 'comment')));
  return out;
}
