import type { TextDocument } from 'vscode-languageserver-textdocument';
import { type CodeAction, CodeActionKind, type Diagnostic, type TextEdit } from 'vscode-languageserver-types';
import type { FixData } from '../analysis/types';
import { dominantEol, splitLines } from '../syntax/text';
import type { DiagnosticData } from './diagnostics';
import { toRange } from './ranges';

/** Turns one typed fix into edits on the document as it is now. */
export function fixEdits(doc: TextDocument, fix: FixData): TextEdit[] {
  const text = doc.getText();
  const lines = splitLines(text);
  const eol = dominantEol(text);
  const last = lines.length - 1;
  const endOf = (l: number) => ({ line: l, character: lines[l].length });
  switch (fix.kind) {
    case 'replace':
      return [{ range: toRange(fix.span), newText: fix.text }];
    case 'edits':
      return fix.edits.map((e) => ({ range: { start: e.from, end: e.to }, newText: e.text }));
    case 'removeBom':
      return text.charCodeAt(0) === 0xfeff ? [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, newText: '' }] : [];
    case 'insertLines': {
      const body = fix.lines.join(eol);
      if (fix.afterLine < 0) return [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: body + eol }];
      if (fix.afterLine >= last && lines[last] === '')
        return [{ range: { start: { line: last, character: 0 }, end: { line: last, character: 0 } }, newText: body + eol }];
      const at = endOf(Math.min(fix.afterLine, last));
      return [{ range: { start: at, end: at }, newText: eol + body }];
    }
    case 'deleteLines': {
      if (fix.to < last) return [{ range: { start: { line: fix.from, character: 0 }, end: { line: fix.to + 1, character: 0 } }, newText: '' }];
      const start = fix.from > 0 ? endOf(fix.from - 1) : { line: 0, character: 0 };
      return [{ range: { start, end: endOf(last) }, newText: '' }];
    }
    case 'moveLines': {
      // A byte order mark belongs to the start of the file, not to the lines being moved.
      const bom = fix.from === 0 && text.charCodeAt(0) === 0xfeff ? 1 : 0;
      const movedLines = lines.slice(fix.from, fix.to + 1);
      if (bom) movedLines[0] = movedLines[0].slice(1);
      const moved = movedLines.join(eol);
      // Take one blank line after the block along, so the spacing stays as it was.
      let delTo = fix.to + 1;
      if (delTo < last && lines[delTo].trim() === '') delTo++;
      const edits: TextEdit[] = [{ range: { start: { line: fix.from, character: bom }, end: { line: delTo, character: 0 } }, newText: '' }];
      if (fix.after >= last && lines[last] === '') {
        const sep = last > 0 && lines[last - 1].trim() !== '' ? eol : '';
        edits.push({ range: { start: { line: last, character: 0 }, end: { line: last, character: 0 } }, newText: sep + moved + eol });
      } else {
        const at = endOf(Math.min(fix.after, last));
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
