/**
 * A total tokenizer for MySQL / MariaDB option files (my.cnf, conf.d/*.cnf, ~/.my.cnf).
 *
 * It mirrors MariaDB's `search_default_file_with_ext` and `remove_end_comment` (mysys/my_default.c), which
 * `my_print_defaults` and every program run; test/oracle/mycnf-reader.test.ts compares the result with
 * `my_print_defaults` on generated files. Per line, after skipping leading whitespace:
 * - empty, or first character `#` or `;`: nothing.
 * - `!`: a directive. `!include PATH` / `!includedir PATH` (lower case, optional spaces after `!`, then
 *   whitespace and the path, trimmed). Any other `!` line is silently ignored. The path is cut one character
 *   short on a last line without a line break (MariaDB's parser drops the character it takes for the `\n`, then
 *   the whitespace before it; MySQL 9.7's takes the path whole: analysis/mycnf/read.ts, mycnfIncludePath).
 * - `[`: a group; the name is everything up to the first `]`, trailing spaces removed (leading ones kept);
 *   text after `]` is ignored. No `]` is fatal.
 * - anything else is an option: a `#` outside quotes ends the line (quotes open at the line's start, so a `'`
 *   in a name opens one; inside quotes `\` escapes the next character); the first `=` splits name from value;
 *   both are trimmed; one pair of matching quotes around the whole value is removed; then `\n \t \r \b \s \"
 *   \' \\` are unescaped (an unknown escape or a last backslash stays as written).
 *
 * Never throws: every input yields lines, and every range lies inside its line.
 */
import { type Span, splitLines } from './text';

/** `my_isspace` for the ASCII range (a no-break space is not one: it stays part of a value). */
export const isMycnfSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\v' || c === '\f';
const isSpace = isMycnfSpace;

/** `text` without the trailing whitespace the programs strip. */
export function trimMycnfEnd(text: string): string {
  return text.slice(0, trimEnd(text, 0, text.length));
}

export type MycnfLineKind =
  | 'blank'
  | 'comment'
  | 'group'
  /** `[` without `]`: fatal ("Wrong group definition"). */
  | 'bad-group'
  | 'option'
  | 'include'
  | 'includedir'
  /** A `!` line that is not `!include`/`!includedir`: silently ignored. */
  | 'ignored-directive';

export interface MycnfGroupToken {
  /** The group name as the programs compare it (case is ignored when they do). */
  readonly name: string;
  /** The name as written between the brackets (whole `[...]` when empty). */
  readonly span: Span;
  /** `[` to `]` inclusive. */
  readonly header: Span;
  /** Text after `]` that the parser ignores (not counting whitespace and a `#` comment). */
  readonly tail?: Span;
}

export interface MycnfOptionToken {
  /** The name as the program receives it (`--name`), trimmed; may be empty or contain spaces. */
  readonly name: string;
  readonly nameSpan: Span;
  /** The `=`, when there is one. */
  readonly equals?: Span;
  /** The value as written, trimmed, quotes included (only with `=`). */
  readonly raw?: string;
  readonly valueSpan?: Span;
  /** The value the program receives: quotes removed, escapes applied (only with `=`). */
  readonly value?: string;
  /** The quote character that was removed. */
  readonly quote?: '"' | "'";
}

export interface MycnfIncludeToken {
  /** `!` to the end of the keyword. */
  readonly keyword: Span;
  /** The path as the program uses it (one character short, then trimmed, on an unterminated last line); '' when missing. */
  readonly path: string;
  /** The path as written. */
  readonly pathSpan: Span;
  /** The last line of the file has no line break, so the parser dropped the path's last character. */
  readonly truncated: boolean;
}

export interface MycnfLine {
  readonly line: number;
  /** The line as written, without its line break. */
  readonly text: string;
  readonly kind: MycnfLineKind;
  /** Where the content starts (after leading whitespace). */
  readonly indent: number;
  readonly group?: MycnfGroupToken;
  readonly option?: MycnfOptionToken;
  readonly include?: MycnfIncludeToken;
  /** A comment: the whole line for comment lines, or from an inline `#` to the end. */
  readonly comment?: Span;
}

export interface MycnfDocument {
  readonly lines: readonly MycnfLine[];
  /** The text starts with a byte order mark (the parser then sees an option before any group). */
  readonly bom: boolean;
  /** The text ends without a line break. */
  readonly unterminated: boolean;
}

/** Where `remove_end_comment` cuts the line: the index of the first `#` outside quotes, or -1. */
export function commentStart(text: string, from = 0): number {
  let quote = '';
  let escaped = false;
  for (let i = from; i < text.length; i++) {
    const c = text[i]!;
    if ((c === "'" || c === '"') && !escaped) {
      if (!quote) quote = c;
      else if (quote === c) quote = '';
    }
    if (!quote && c === '#') return i;
    escaped = quote !== '' && c === '\\' && !escaped;
  }
  return -1;
}

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', b: '\b', s: ' ', '"': '"', "'": "'", '\\': '\\' };

/** What a program receives for a value written as `raw` (already trimmed): quotes removed, escapes applied. */
export function unquoteMycnfValue(raw: string): { readonly value: string; readonly quote?: '"' | "'" } {
  let body = raw;
  let quote: '"' | "'" | undefined;
  const q = raw[0];
  if ((q === '"' || q === "'") && raw.length > 1 && raw[raw.length - 1] === q) {
    body = raw.slice(1, -1);
    quote = q;
  }
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '\\' && i !== body.length - 1) {
      const next = body[++i]!;
      out += ESCAPES[next] ?? `\\${next}`;
    } else out += c;
  }
  return quote ? { value: out, quote } : { value: out };
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && isSpace(text[i])) i++;
  return i;
}

function trimEnd(text: string, start: number, end: number): number {
  while (end > start && isSpace(text[end - 1])) end--;
  return end;
}

function directive(line: number, text: string, at: number, lastUnterminated: boolean): MycnfLine {
  const base = { line, text, indent: at };
  const i = skipSpace(text, at + 1);
  // The keyword must be followed by whitespace; the parser's buffer ends with the line's `\n`, which counts.
  const follows = (kw: string) => text.startsWith(kw, i) && (isSpace(text[i + kw.length]) || (i + kw.length === text.length && !lastUnterminated));
  const kind = follows('includedir') ? 'includedir' : follows('include') ? 'include' : undefined;
  if (!kind) return { ...base, kind: 'ignored-directive' };
  const keyword: Span = { line, start: at, end: i + kind.length };
  const start = skipSpace(text, i + kind.length);
  const end = trimEnd(text, start, text.length);
  // get_argument assumes a trailing `\n` and cuts one character: on an unterminated last line, a real one, and
  // then the whitespace before it (`!include a.cnf \tX` reads a.cnf).
  const truncated = lastUnterminated && end === text.length && end > start;
  const path = text.slice(start, truncated ? trimEnd(text, start, end - 1) : end);
  return { ...base, kind, include: { keyword, path, pathSpan: { line, start, end }, truncated } };
}

function group(line: number, text: string, at: number): MycnfLine {
  const close = text.indexOf(']', at + 1);
  if (close < 0) return { line, text, indent: at, kind: 'bad-group' };
  const nameEnd = trimEnd(text, at + 1, close);
  const name = text.slice(at + 1, nameEnd);
  const header: Span = { line, start: at, end: close + 1 };
  const span: Span = name === '' ? header : { line, start: at + 1, end: nameEnd };
  const rest = skipSpace(text, close + 1);
  let tail: Span | undefined;
  let comment: Span | undefined;
  if (rest < text.length) {
    if (text[rest] === '#') comment = { line, start: rest, end: text.length };
    else {
      const hash = text.indexOf('#', rest);
      const tailEnd = trimEnd(text, rest, hash < 0 ? text.length : hash);
      tail = { line, start: rest, end: tailEnd };
      if (hash >= 0) comment = { line, start: hash, end: text.length };
    }
  }
  return {
    line,
    text,
    indent: at,
    kind: 'group',
    group: { name, span, header, ...(tail ? { tail } : {}) },
    ...(comment ? { comment } : {}),
  };
}

function option(line: number, text: string, at: number): MycnfLine {
  const hash = commentStart(text, at);
  const contentEnd = hash < 0 ? text.length : hash;
  const comment: Span | undefined = hash < 0 ? undefined : { line, start: hash, end: text.length };
  const eq = text.indexOf('=', at);
  const withComment = comment ? { comment } : {};
  if (eq < 0 || eq >= contentEnd) {
    const end = trimEnd(text, at, contentEnd);
    return { line, text, indent: at, kind: 'option', option: { name: text.slice(at, end), nameSpan: { line, start: at, end } }, ...withComment };
  }
  const nameEnd = trimEnd(text, at, eq);
  const vStart = skipSpace(text, eq + 1);
  const vEnd = Math.max(vStart, trimEnd(text, vStart, contentEnd));
  const raw = text.slice(vStart, vEnd);
  const { value, quote } = unquoteMycnfValue(raw);
  return {
    line,
    text,
    indent: at,
    kind: 'option',
    option: {
      name: text.slice(at, nameEnd),
      nameSpan: { line, start: at, end: nameEnd },
      equals: { line, start: eq, end: eq + 1 },
      raw,
      valueSpan: { line, start: vStart, end: vEnd },
      value,
      ...(quote ? { quote } : {}),
    },
    ...withComment,
  };
}

export function tokenizeMycnfLine(line: number, text: string, lastUnterminated = false): MycnfLine {
  const at = skipSpace(text, 0);
  const c = text[at];
  if (c === undefined) return { line, text, kind: 'blank', indent: at };
  if (c === '#' || c === ';') return { line, text, kind: 'comment', indent: at, comment: { line, start: at, end: text.length } };
  if (c === '!') return directive(line, text, at, lastUnterminated);
  if (c === '[') return group(line, text, at);
  return option(line, text, at);
}

export function tokenizeMycnf(text: string): MycnfDocument {
  const raw = splitLines(text);
  const unterminated = raw.length > 0 && raw[raw.length - 1] !== '';
  const lines = raw.map((t, i) => tokenizeMycnfLine(i, t, unterminated && i === raw.length - 1));
  return { lines, bom: text.charCodeAt(0) === 0xfeff, unterminated };
}
