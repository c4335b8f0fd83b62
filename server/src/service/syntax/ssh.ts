/**
 * A total tokenizer for OpenSSH configuration files (ssh_config and sshd_config share it).
 *
 * It mirrors OpenSSH's own line reader, so that what we call a keyword and an argument is
 * what ssh calls one: `process_config_line_depth` strips trailing whitespace, takes the
 * keyword with `strdelim` (whitespace, or one `=`, ends it; a quoted keyword loses its
 * quotes) and splits the rest with `argv_split(..., terminate_on_comment=1)` (space or tab
 * separate arguments, `#` at the start of an argument starts a comment, quotes and the
 * escapes \" \' \\ and "\ " are removed). Every token keeps its exact range in the line.
 *
 * Never throws: every input, including binary junk, yields lines.
 */

import { type Span, splitLines } from './text';

export type { Span } from './text';
export { splitLines } from './text';

export interface SshToken {
  /** The text as written, quotes and escapes included. */
  readonly raw: string;
  /** The text as ssh sees it: quotes removed, escapes resolved. */
  readonly value: string;
  readonly span: Span;
}

export type LineProblem =
  /** `argv_split` ran out of text inside a quote: ssh says "invalid quotes". */
  | { readonly code: 'invalid-quotes'; readonly span: Span }
  /** A keyword opened a `"` that never closes: ssh silently skips the whole line. */
  | { readonly code: 'keyword-quote'; readonly span: Span }
  /** The keyword has no argument: ssh says `no argument after keyword "x"`. */
  | { readonly code: 'no-argument'; readonly span: Span };

export interface SshLine {
  readonly line: number;
  /** The line as written, without its line break. */
  readonly text: string;
  /** Absent on blank lines, comment lines and lines ssh skips. */
  readonly keyword?: SshToken;
  /** The whitespace and/or `=` between the keyword and the first argument. */
  readonly separator?: Span;
  readonly args: readonly SshToken[];
  /** A `#` comment: a whole comment line, or the tail after an argument. */
  readonly comment?: Span;
  readonly problem?: LineProblem;
  /** Leading whitespace, as written (used to keep a file's indentation style in edits). */
  readonly indent: string;
}

export interface SshDocument {
  readonly lines: readonly SshLine[];
  /** The text starts with U+FEFF. ssh does not skip it: the first keyword becomes unknown. */
  readonly bom: boolean;
  /** The dominant line break, for edits. */
  readonly eol: '\n' | '\r\n';
  /**
   * Lines that end with a lone carriage return. Editors (and LSP) break lines there; ssh
   * does not (getline splits at \n only), so to ssh such a line and the next are one.
   */
  readonly loneCr: readonly number[];
}

const WHITESPACE = ' \t\r\n';
const DELIMITERS = `${WHITESPACE}"=`;

function spanWhile(s: string, from: number, set: string): number {
  let i = from;
  while (i < s.length && set.indexOf(s[i]) >= 0) i++;
  return i;
}

interface Delimited {
  /** Start of the token in the line (at an opening quote when quoted). */
  readonly start: number;
  /** End of the token (after the closing quote when quoted). */
  readonly end: number;
  readonly value: string;
  /** Where the rest of the line starts; undefined when nothing follows. */
  readonly next: number | undefined;
  /** Where the separator starts and ends, when there is one. */
  readonly sepStart: number;
}

/** OpenSSH's strdelim(): one token, then whitespace, then at most one `=` (and whitespace). */
function strdelim(s: string, from: number): Delimited | 'unbalanced' {
  let i = from;
  while (i < s.length && !DELIMITERS.includes(s[i])) i++;
  if (i >= s.length) return { start: from, end: s.length, value: s.slice(from), next: undefined, sepStart: s.length };
  if (s[i] === '"') {
    const close = s.indexOf('"', i + 1);
    if (close < 0) return 'unbalanced';
    const value = s.slice(from, i) + s.slice(i + 1, close);
    return { start: from, end: close + 1, value, next: spanWhile(s, close + 1, WHITESPACE), sepStart: close + 1 };
  }
  const sawEquals = s[i] === '=';
  let next = spanWhile(s, i + 1, WHITESPACE);
  if (!sawEquals && s[next] === '=') next = spanWhile(s, next + 1, WHITESPACE);
  return { start: from, end: i, value: s.slice(from, i), next, sepStart: i };
}

interface Split {
  readonly args: SshToken[];
  readonly commentStart?: number;
  readonly unbalancedAt?: number;
}

/** OpenSSH's argv_split(s, ..., terminate_on_comment = 1), keeping ranges. */
function argvSplit(s: string, from: number, line: number): Split {
  const args: SshToken[] = [];
  let i = from;
  while (i < s.length) {
    const c = s[i];
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === '#') return { args, commentStart: i };
    const start = i;
    let quote = '';
    let value = '';
    for (; i < s.length; i++) {
      const ch = s[i];
      if (ch === '\\') {
        const n = s[i + 1];
        if (n === "'" || n === '"' || n === '\\' || (quote === '' && n === ' ')) {
          i++;
          value += n;
        } else {
          value += ch;
        }
      } else if (quote === '' && (ch === ' ' || ch === '\t')) {
        break;
      } else if (quote === '' && (ch === '"' || ch === "'")) {
        quote = ch;
      } else if (quote !== '' && ch === quote) {
        quote = '';
      } else {
        value += ch;
      }
    }
    const end = Math.min(i, s.length);
    args.push({ raw: s.slice(start, end), value, span: { line, start, end } });
    if (quote !== '') return { args, unbalancedAt: start };
  }
  return { args };
}

function trimEnd(text: string): string {
  // OpenSSH strips trailing " \t\r\n" and form feeds, but never the first character.
  let len = text.length;
  while (len > 1 && ' \t\r\n\f'.includes(text[len - 1])) len--;
  return text.slice(0, len);
}

/** Builds every line with the same object shape (fast property access, little garbage). */
function makeLine(
  line: number,
  text: string,
  indent: string,
  keyword: SshToken | undefined,
  separator: Span | undefined,
  args: readonly SshToken[],
  comment: Span | undefined,
  problem: LineProblem | undefined,
): SshLine {
  return { line, text, keyword, separator, args, comment, problem, indent };
}

const NO_ARGS: readonly SshToken[] = Object.freeze([]);

export function tokenizeLine(rawText: string, line: number): SshLine {
  const text = trimEnd(rawText);
  const indentEnd = spanWhile(rawText, 0, ' \t');
  const indent = indentEnd === 0 ? '' : rawText.slice(0, indentEnd);
  if (text.length === 0) return makeLine(line, rawText, indent, undefined, undefined, NO_ARGS, undefined, undefined);

  let first = strdelim(text, 0);
  if (first === 'unbalanced') {
    return makeLine(line, rawText, indent, undefined, undefined, NO_ARGS, undefined, { code: 'keyword-quote', span: { line, start: 0, end: text.length } });
  }
  if (first.value === '' && first.next !== undefined) {
    // Leading whitespace (or a leading `=`, or `""`): ssh takes the next token as the keyword.
    const again = strdelim(text, first.next);
    if (again === 'unbalanced') {
      return makeLine(line, rawText, indent, undefined, undefined, NO_ARGS, undefined, {
        code: 'keyword-quote',
        span: { line, start: first.next, end: text.length },
      });
    }
    first = again;
  }
  if (first.value === '' || first.value.charCodeAt(0) === 35 /* # */) {
    const hash = text.indexOf('#', indentEnd);
    const comment = first.value !== '' && hash >= 0 ? { line, start: hash, end: rawText.length } : undefined;
    return makeLine(line, rawText, indent, undefined, undefined, NO_ARGS, comment, undefined);
  }
  const keyword: SshToken = { raw: text.slice(first.start, first.end), value: first.value, span: { line, start: first.start, end: first.end } };
  const rest = first.next;
  const separator = rest !== undefined && rest > first.end ? { line, start: first.sepStart, end: rest } : undefined;
  if (rest === undefined || rest >= text.length) {
    return makeLine(line, rawText, indent, keyword, separator, NO_ARGS, undefined, { code: 'no-argument', span: keyword.span });
  }
  const split = argvSplit(text, rest, line);
  const comment = split.commentStart !== undefined ? { line, start: split.commentStart, end: rawText.length } : undefined;
  const problem: LineProblem | undefined =
    split.unbalancedAt !== undefined ? { code: 'invalid-quotes', span: { line, start: split.unbalancedAt, end: text.length } } : undefined;
  return makeLine(line, rawText, indent, keyword, separator, split.args, comment, problem);
}

export function tokenize(text: string): SshDocument {
  const bom = text.charCodeAt(0) === 0xfeff;
  const rawLines = splitLines(text);
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/\n/g) ?? []).length - crlf;
  const lines = rawLines.map((raw, i) => {
    if (i === 0 && bom) {
      // Tokenize as if the BOM were not there, keeping columns: a one-character indent.
      const t = tokenizeLine(` ${raw.slice(1)}`, 0);
      return makeLine(0, raw, t.indent.slice(1), t.keyword, t.separator, t.args, t.comment, t.problem);
    }
    return tokenizeLine(raw, i);
  });
  const loneCr: number[] = [];
  if (text.includes('\r')) {
    let line = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        else loneCr.push(line);
        line++;
      } else if (c === 10) {
        line++;
      }
    }
  }
  return { lines, bom, eol: crlf > lf ? '\r\n' : '\n', loneCr };
}
