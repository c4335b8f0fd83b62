import type { TextDocument } from 'vscode-languageserver-textdocument';
import { type CodeAction, CodeActionKind, type Diagnostic, type TextEdit } from 'vscode-languageserver-types';
import type { FixData } from '../analysis/types';
import { dominantEol, splitLines } from '../syntax/text';
import type { DiagnosticData } from './diagnostics';
import { toRange } from './ranges';

/** A line number of fix data inside [lo, hi]: the data comes back from the client with a diagnostic, so it can be anything. */
function lineIn(n: number, lo: number, hi: number): number {
  return Number.isFinite(n) ? Math.min(Math.max(Math.trunc(n), lo), hi) : lo;
}

/** Turns one typed fix into edits on the document as it is now; any line numbers give edits inside it, never overlapping. */
export function fixEdits(doc: TextDocument, fix: FixData): TextEdit[] {
  const text = doc.getText();
  const lines = splitLines(text);
  const eol = dominantEol(text);
  const last = lines.length - 1;
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endOf = (l: number) => ({ line: l, character: lines[l].length });
  switch (fix.kind) {
    case 'replace':
      return [{ range: toRange(fix.span), newText: fix.text }];
    case 'edits':
      return fix.edits.map((e) => ({ range: { start: e.from, end: e.to }, newText: e.text }));
    case 'removeBom':
      return bom ? [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, newText: '' }] : [];
    case 'insertLines': {
      const body = fix.lines.join(eol);
      const after = lineIn(fix.afterLine, -1, last);
      if (after < 0) return [{ range: { start: { line: 0, character: bom }, end: { line: 0, character: bom } }, newText: body + eol }];
      if (after === last && lines[last] === '')
        return [{ range: { start: { line: last, character: 0 }, end: { line: last, character: 0 } }, newText: body + eol }];
      const at = endOf(after);
      return [{ range: { start: at, end: at }, newText: eol + body }];
    }
    case 'deleteLines': {
      const from = lineIn(Math.min(fix.from, fix.to), 0, last);
      const to = lineIn(Math.max(fix.from, fix.to), from, last);
      if (to < last) return [{ range: { start: { line: from, character: 0 }, end: { line: to + 1, character: 0 } }, newText: '' }];
      const start = from > 0 ? endOf(from - 1) : { line: 0, character: 0 };
      return [{ range: { start, end: endOf(last) }, newText: '' }];
    }
    case 'moveLines': {
      const from = lineIn(Math.min(fix.from, fix.to), 0, last);
      const to = lineIn(Math.max(fix.from, fix.to), from, last);
      const after = lineIn(fix.after, -1, last);
      // The lines already follow `after`, or would go inside themselves: nothing to move.
      if (after >= from - 1 && after <= to) return [];
      // A byte order mark belongs to the start of the file, not to the lines being moved.
      const movedLines = lines.slice(from, to + 1);
      if (from === 0 && bom) movedLines[0] = movedLines[0].slice(1);
      const moved = movedLines.join(eol);
      if (after < from) {
        // Up (after >= -1, so from >= 1): in after `after` (the top: after the byte order mark), out where they were.
        const at = after < 0 ? { line: 0, character: bom } : endOf(after);
        const out: TextEdit =
          to < last
            ? { range: { start: { line: from, character: 0 }, end: { line: to + 1, character: 0 } }, newText: '' }
            : { range: { start: endOf(from - 1), end: endOf(last) }, newText: '' };
        return [{ range: { start: at, end: at }, newText: after < 0 ? moved + eol : eol + moved }, out];
      }
      // Down: take one blank line after the block along (unless it is where they go), so the spacing stays as it was.
      let delTo = to + 1;
      if (delTo < last && lines[delTo].trim() === '' && after > delTo) delTo++;
      const start = from === 0 ? bom : 0;
      const edits: TextEdit[] = [{ range: { start: { line: from, character: start }, end: { line: delTo, character: 0 } }, newText: '' }];
      if (after === last && lines[last] === '') {
        const sep = last > 0 && lines[last - 1].trim() !== '' ? eol : '';
        edits.push({ range: { start: { line: last, character: 0 }, end: { line: last, character: 0 } }, newText: sep + moved + eol });
      } else {
        const at = endOf(after);
        edits.push({ range: { start: at, end: at }, newText: eol + eol + moved });
      }
      return edits;
    }
  }
}

export function codeActions(doc: TextDocument, diagnostics: readonly Diagnostic[]): CodeAction[] {
  const out: CodeAction[] = [];
  for (const d of diagnostics) {
    const data = d.data as DiagnosticData | undefined;
    if (d.source !== 'keepalive-lens' || !data?.fixes) continue;
    for (const fix of data.fixes) {
      const edits = fixEdits(doc, fix);
      if (edits.length === 0) continue;
      out.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        isPreferred: fix.preferred === true,
        edit: { changes: { [doc.uri]: edits } },
      });
    }
  }
  return out;
}
