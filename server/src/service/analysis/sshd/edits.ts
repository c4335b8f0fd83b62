/**
 * The edits of the sshd_config quick fix that moves a global-only line out of a Match block, laid out as a person
 * would: the line (with the comment lines directly above it) joins the end of the global section with that
 * section's indentation, the blank lines around the place it leaves do not double, and the file's line breaks
 * stay what they are.
 */
import { sshdOptionKey, sshServerKeyword } from '../../catalog/sshServer';
import { type SshDocument, type TokenLine, tokenizeLine } from '../../syntax/ssh';
import type { FixData, TextChange } from '../types';

const blank = (l: TokenLine | undefined): boolean => l !== undefined && l.text.trim() === '';
const commentLine = (l: TokenLine | undefined): boolean => l !== undefined && !l.keyword && l.text.trimStart().startsWith('#');

/** A comment that is a disabled line of another option (`#X11Forwarding no`): it does not describe the line below. */
function disabledOther(l: TokenLine, key: string): boolean {
  const inner = tokenizeLine(l.text.trimStart().replace(/^#+\s*/, ''), l.line);
  const spec = inner.keywordValue === undefined ? undefined : sshServerKeyword(inner.keywordValue);
  return spec !== undefined && inner.argCount > 0 && sshdOptionKey(spec) !== key;
}

/** The first line of the comment lines directly above `line` (stopping at `floor`, exclusive): `line` when none. */
function commentsAbove(doc: SshDocument, line: number, floor: number, key?: string): number {
  let from = line;
  while (from - 1 > floor && commentLine(doc.lines[from - 1]) && !(key !== undefined && disabledOther(doc.lines[from - 1], key))) from--;
  return from;
}

/**
 * Whether the file puts a blank line before its Match blocks (and their comments): yes unless every Match block
 * after the first follows a non-blank line directly.
 */
function spacesBlocks(doc: SshDocument, headers: readonly number[]): boolean {
  const evidence = headers.slice(1).map((h) => {
    const from = commentsAbove(doc, h, -1);
    return from === 0 || blank(doc.lines[from - 1]);
  });
  return evidence.length === 0 || evidence.some(Boolean);
}

export interface MoveOutOfMatch {
  readonly title: string;
  /** The line to move (its option key, to tell its own disabled lines from others'). */
  readonly line: number;
  readonly key: string;
  /** The Match line of its block. */
  readonly header: number;
  /** The last line with a keyword before the first Match line (-1: none). */
  readonly lastGlobal: number;
  /** Every Match line of the file, in order. */
  readonly headers: readonly number[];
}

/** Moves the line (and the comment lines directly above it) to the end of the global section. */
export function moveOutOfMatch(doc: SshDocument, m: MoveOutOfMatch): FixData {
  const { lines, eol } = doc;
  // The real lines: a text ending with a line break has one more, empty, entry.
  const count = lines.length > 1 && lines[lines.length - 1].text === '' ? lines.length - 1 : lines.length;
  const from = commentsAbove(doc, m.line, m.header, m.key);
  const to = m.line;
  const indent = m.lastGlobal >= 0 ? lines[m.lastGlobal].indent : '';
  const moved = lines.slice(from, to + 1).map((l) => indent + l.text.trimStart());
  const edits: TextChange[] = [];

  if (m.lastGlobal >= 0) {
    // Right after the global section's last line: whatever separated it from the Match blocks still does.
    const at = { line: m.lastGlobal, character: lines[m.lastGlobal].text.length };
    edits.push({ from: at, to: at, text: eol + moved.join(eol) });
  } else {
    // No global line: before the first Match block and the comments above it, set apart as the file sets blocks apart.
    const first = m.headers[0] ?? m.header;
    const at = { line: commentsAbove(doc, first, -1), character: 0 };
    if (at.line === 0 && doc.bom) at.character = 1;
    edits.push({ from: at, to: at, text: moved.join(eol) + eol + (spacesBlocks(doc, m.headers) ? eol : '') });
  }

  // The place it leaves: a blank line on both sides (or a blank line and the end of the file) becomes one (or none).
  let start = from;
  let end = to;
  if (blank(lines[from - 1])) {
    if (to + 1 < count && blank(lines[to + 1])) end = to + 1;
    else if (to + 1 >= count) start = from - 1;
  }
  if (end + 1 < lines.length) edits.push({ from: { line: start, character: 0 }, to: { line: end + 1, character: 0 }, text: '' });
  else edits.push({ from: { line: start - 1, character: lines[start - 1].text.length }, to: { line: end, character: lines[end].text.length }, text: '' });
  return { kind: 'edits', title: m.title, edits, preferred: true };
}
