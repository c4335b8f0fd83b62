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
 * Never throws: every input, including binary junk, yields lines. A line keeps its tokens as
 * offsets until they are read (TokenLine): a large document is mostly lines nobody reads
 * token by token, and every object a document keeps is work for the garbage collector.
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
  readonly lines: readonly TokenLine[];
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

// Character codes the reader cares about.
const TAB = 9;
const LF = 10;
const FF = 12;
const CR = 13;
const SPACE = 32;
const DQUOTE = 34;
const HASH = 35;
const SQUOTE = 39;
const EQUALS = 61;
const BACKSLASH = 92;

const isWhitespace = (c: number) => c === SPACE || c === TAB || c === CR || c === LF;

/** The first index at or after `from` (before `end`) that is not whitespace (" \t\r\n"). */
function skipWhitespace(s: string, from: number, end: number): number {
  let i = from;
  while (i < end && isWhitespace(s.charCodeAt(i))) i++;
  return i;
}

// The result of one strdelim() call. The reader runs once per line and never re-enters,
// so it hands its results over in these module variables instead of a fresh object.

/** Start of the token in the line (at an opening quote when quoted). */
let tokStart = 0;
/** End of the token (after the closing quote when quoted). */
let tokEnd = 0;
let tokValue = '';
/** Where the rest of the line starts; -1 when nothing follows. */
let tokNext = -1;

/**
 * The keywords seen so far while tokenizing a document: a file spells a handful of keywords
 * thousands of times, and each line then points at one shared string instead of a copy.
 */
let spellings: string[] | undefined;

/** s.slice(from, to), as a shared string when the document already spelt it so. */
function keywordText(s: string, from: number, to: number): string {
  const seen = spellings;
  if (seen === undefined) return s.slice(from, to);
  const len = to - from;
  for (let i = 0; i < seen.length; i++) {
    const w = seen[i];
    if (w.length === len && s.startsWith(w, from)) return w;
  }
  const w = s.slice(from, to);
  if (seen.length < 64) seen.push(w);
  return w;
}

/**
 * OpenSSH's strdelim() on s[from, end): one token, then whitespace, then at most one `=`
 * (and whitespace). False when a quote in the token never closes.
 */
function strdelim(s: string, from: number, end: number): boolean {
  let i = from;
  let c = 0;
  for (; i < end; i++) {
    c = s.charCodeAt(i);
    if (isWhitespace(c) || c === DQUOTE || c === EQUALS) break;
  }
  tokStart = from;
  if (i >= end) {
    tokEnd = end;
    tokValue = keywordText(s, from, end);
    tokNext = -1;
    return true;
  }
  if (c === DQUOTE) {
    const close = s.indexOf('"', i + 1);
    if (close < 0 || close >= end) return false;
    tokEnd = close + 1;
    tokValue = s.slice(from, i) + s.slice(i + 1, close);
    tokNext = skipWhitespace(s, close + 1, end);
    return true;
  }
  let next = skipWhitespace(s, i + 1, end);
  if (c !== EQUALS && next < end && s.charCodeAt(next) === EQUALS) next = skipWhitespace(s, next + 1, end);
  tokEnd = i;
  tokValue = keywordText(s, from, i);
  tokNext = next;
  return true;
}

/** Where argvSplit stopped: a comment's start, or an unbalanced quote's token start (else -1). */
let splitComment = -1;
let splitUnbalanced = -1;

/** The value quotedArgument read. */
let slowValue = '';

/**
 * One argument with quotes or escapes in it (argv_split's character loop), starting at
 * `start`; returns where it ends. Sets `slowValue`, and `splitUnbalanced` when a quote
 * never closes.
 */
function quotedArgument(s: string, start: number, end: number): number {
  let quote = 0;
  let value = '';
  let i = start;
  for (; i < end; i++) {
    const ch = s.charCodeAt(i);
    if (ch === BACKSLASH) {
      const n = i + 1 < end ? s.charCodeAt(i + 1) : -1;
      if (n === SQUOTE || n === DQUOTE || n === BACKSLASH || (quote === 0 && n === SPACE)) {
        i++;
        value += s[i];
      } else {
        value += '\\';
      }
    } else if (quote === 0 && (ch === SPACE || ch === TAB)) {
      break;
    } else if (quote === 0 && (ch === DQUOTE || ch === SQUOTE)) {
      quote = ch;
    } else if (quote !== 0 && ch === quote) {
      quote = 0;
    } else {
      value += s[i];
    }
  }
  slowValue = value;
  if (quote !== 0) splitUnbalanced = start;
  return i;
}

/** The arguments argvSplit found: where each starts and ends, its value, and whether it was plain. */
const argStarts: number[] = [];
const argEnds: number[] = [];
const argValues: string[] = [];
const argPlain: boolean[] = [];

/**
 * OpenSSH's argv_split(s, ..., terminate_on_comment = 1) on s[from, end), keeping ranges.
 * Returns how many arguments it found (in the arrays above).
 */
function argvSplit(s: string, from: number, end: number): number {
  let n = 0;
  splitComment = -1;
  splitUnbalanced = -1;
  let i = from;
  while (i < end) {
    const c = s.charCodeAt(i);
    if (c === SPACE || c === TAB) {
      i++;
      continue;
    }
    if (c === HASH) {
      splitComment = i;
      break;
    }
    const start = i;
    // The common case: no quote and no backslash, so the value is the text as written.
    let plain = true;
    for (; i < end; i++) {
      const ch = s.charCodeAt(i);
      if (ch === SPACE || ch === TAB) break;
      if (ch === BACKSLASH || ch === DQUOTE || ch === SQUOTE) {
        plain = false;
        break;
      }
    }
    if (plain) {
      argStarts[n] = start;
      argEnds[n] = i;
      argValues[n] = s.slice(start, i);
      argPlain[n++] = true;
      continue;
    }
    i = quotedArgument(s, start, end);
    argStarts[n] = start;
    argEnds[n] = i;
    argValues[n] = slowValue;
    argPlain[n++] = false;
    if (splitUnbalanced >= 0) break;
  }
  return n;
}

/** OpenSSH strips trailing " \t\r\n" and form feeds, but never the first character. */
function trimmedLength(text: string): number {
  let len = text.length;
  while (len > 1) {
    const c = text.charCodeAt(len - 1);
    if (c !== SPACE && c !== TAB && c !== CR && c !== LF && c !== FF) break;
    len--;
  }
  return len;
}

const NO_ARGS: readonly SshToken[] = Object.freeze([]);
/** Indents made of spaces only, by length: the same string for every line that uses one. */
const SPACES = ['', ' ', '  ', '   ', '    ', '     ', '      ', '       ', '        '];

function indentOf(rawText: string, indentEnd: number): string {
  if (indentEnd === 0) return '';
  if (indentEnd === 1 && rawText.charCodeAt(0) === TAB) return '\t';
  if (indentEnd < SPACES.length) {
    let spaces = true;
    for (let i = 0; i < indentEnd; i++) if (rawText.charCodeAt(i) !== SPACE) spaces = false;
    if (spaces) return SPACES[indentEnd];
  }
  return rawText.slice(0, indentEnd);
}

/**
 * What few lines have (a problem, a comment, a quoted keyword), set when the line is read,
 * and the token objects of a line, made when first asked for.
 */
interface Made {
  problem?: LineProblem;
  commentStart?: number;
  /** The keyword's end when it is not its start plus its value's length (a quoted keyword). */
  kwEnd?: number;
  keywordSpan?: Span;
  keyword?: SshToken;
  separator?: Span;
  args?: readonly SshToken[];
  comment?: Span;
}

/**
 * A tokenized line. Its keyword, separator, arguments and comment are kept as offsets and
 * become token objects when first read: the analysis of a large file reads what it needs
 * through `keywordValue`, `argCount`, `argValue` and `argEnd`, and leaves most lines
 * without a single token object (a large document is mostly made of them, and every object
 * a document keeps is work for the garbage collector). Serializes (toJSON) as the plain line.
 */
export class TokenLine implements SshLine {
  readonly line: number;
  readonly text: string;
  readonly indent: string;
  /** The keyword as ssh reads it (quotes removed), or undefined: `keyword.value` without the token. */
  readonly keywordValue: string | undefined;
  /** The keyword's start (-1: none). */
  readonly #kwStart: number;
  /** Where the arguments start, after the separator (-1: nothing follows the keyword). */
  readonly #rest: number;
  /**
   * A single plain argument as its text (it starts at #rest and, plain, is as long as its
   * text), or the arguments' tokens.
   */
  readonly #arg: string | readonly SshToken[];
  #made: Made | undefined;

  constructor(
    line: number,
    text: string,
    indent: string,
    keywordValue: string | undefined,
    kwStart: number,
    rest: number,
    arg: string | readonly SshToken[],
    made: Made | undefined,
  ) {
    this.line = line;
    this.text = text;
    this.indent = indent;
    this.keywordValue = keywordValue;
    this.#kwStart = kwStart;
    this.#rest = rest;
    this.#arg = arg;
    this.#made = made;
  }

  get problem(): LineProblem | undefined {
    return this.#made?.problem;
  }

  /** The keyword's end. */
  get #kwEnd(): number {
    return this.#made?.kwEnd ?? this.#kwStart + (this.keywordValue as string).length;
  }

  get keyword(): SshToken | undefined {
    const span = this.keywordSpan();
    if (!span) return undefined;
    const made = this.#made as Made;
    if (!made.keyword) {
      const value = this.keywordValue as string;
      const raw = span.end - span.start === value.length ? value : this.text.slice(span.start, span.end);
      made.keyword = { raw, value, span };
    }
    return made.keyword;
  }

  /** `keyword.span`, without making the token (a finding's range). */
  keywordSpan(): Span | undefined {
    if (this.#kwStart < 0) return undefined;
    const end = this.#kwEnd;
    this.#made ??= {};
    this.#made.keywordSpan ??= { line: this.line, start: this.#kwStart, end };
    return this.#made.keywordSpan;
  }

  get separator(): Span | undefined {
    if (this.#kwStart < 0) return undefined;
    const kwEnd = this.#kwEnd;
    if (this.#rest <= kwEnd) return undefined;
    this.#made ??= {};
    this.#made.separator ??= { line: this.line, start: kwEnd, end: this.#rest };
    return this.#made.separator;
  }

  get args(): readonly SshToken[] {
    const arg = this.#arg;
    if (typeof arg !== 'string') return arg;
    this.#made ??= {};
    this.#made.args ??= [{ raw: arg, value: arg, span: { line: this.line, start: this.#rest, end: this.#rest + arg.length } }];
    return this.#made.args;
  }

  /** `args.length`. */
  get argCount(): number {
    const arg = this.#arg;
    return typeof arg === 'string' ? 1 : arg.length;
  }

  get comment(): Span | undefined {
    const made = this.#made;
    if (made?.commentStart === undefined) return undefined;
    made.comment ??= { line: this.line, start: made.commentStart, end: this.text.length };
    return made.comment;
  }

  /** `args[i].value`, without making the token. */
  argValue(i: number): string {
    const arg = this.#arg;
    return typeof arg === 'string' ? arg : arg[i].value;
  }

  /** `args[i].span.end`, without making the token. */
  argEnd(i: number): number {
    const arg = this.#arg;
    return typeof arg === 'string' ? this.#rest + arg.length : arg[i].span.end;
  }

  /** The same line with another text and indent (the first line of a document with a byte order mark). */
  withText(text: string, indent: string): TokenLine {
    const m = this.#made;
    const made = m ? { problem: m.problem, commentStart: m.commentStart, kwEnd: m.kwEnd } : undefined;
    return new TokenLine(this.line, text, indent, this.keywordValue, this.#kwStart, this.#rest, this.#arg, made);
  }

  /** The line as a plain object, as JSON and tests see it. */
  toJSON(): SshLine {
    return {
      line: this.line,
      text: this.text,
      keyword: this.keyword,
      separator: this.separator,
      args: this.args,
      comment: this.comment,
      problem: this.problem,
      indent: this.indent,
    };
  }
}

/** What a line has besides its offsets, or undefined when it has none of it (most lines). */
function extras(problem: LineProblem | undefined, commentStart: number, kwEnd: number | undefined): Made | undefined {
  if (problem === undefined && commentStart < 0 && kwEnd === undefined) return undefined;
  const made: Made = {};
  if (problem !== undefined) made.problem = problem;
  if (commentStart >= 0) made.commentStart = commentStart;
  if (kwEnd !== undefined) made.kwEnd = kwEnd;
  return made;
}

function blankLine(line: number, text: string, indent: string, problem: LineProblem | undefined, commentStart: number): TokenLine {
  return new TokenLine(line, text, indent, undefined, -1, -1, NO_ARGS, extras(problem, commentStart, undefined));
}

export function tokenizeLine(rawText: string, line: number): TokenLine {
  // The line as ssh sees it is rawText[0, end): trailing whitespace stripped.
  const end = trimmedLength(rawText);
  let indentEnd = 0;
  while (indentEnd < rawText.length) {
    const c = rawText.charCodeAt(indentEnd);
    if (c !== SPACE && c !== TAB) break;
    indentEnd++;
  }
  const indent = indentOf(rawText, indentEnd);
  if (end === 0) return blankLine(line, rawText, indent, undefined, -1);

  if (!strdelim(rawText, 0, end)) {
    return blankLine(line, rawText, indent, { code: 'keyword-quote', span: { line, start: 0, end } }, -1);
  }
  if (tokValue === '' && tokNext >= 0) {
    // Leading whitespace (or a leading `=`, or `""`): ssh takes the next token as the keyword.
    const from = tokNext;
    if (!strdelim(rawText, from, end)) {
      return blankLine(line, rawText, indent, { code: 'keyword-quote', span: { line, start: from, end } }, -1);
    }
  }
  if (tokValue === '' || tokValue.charCodeAt(0) === HASH) {
    const hash = rawText.indexOf('#', indentEnd);
    return blankLine(line, rawText, indent, undefined, tokValue !== '' && hash >= 0 && hash < end ? hash : -1);
  }
  const kwStart = tokStart;
  const kwEnd = tokEnd;
  const keywordValue = tokValue;
  // A quoted keyword is longer than its value: its end is kept (else it follows from the value).
  const quotedEnd = kwEnd - kwStart === keywordValue.length ? undefined : kwEnd;
  const rest = tokNext;
  if (rest < 0 || rest >= end) {
    const problem: LineProblem = { code: 'no-argument', span: { line, start: kwStart, end: kwEnd } };
    return new TokenLine(line, rawText, indent, keywordValue, kwStart, rest, NO_ARGS, extras(problem, -1, quotedEnd));
  }
  const n = argvSplit(rawText, rest, end);
  const commentStart = splitComment;
  const problem: LineProblem | undefined = splitUnbalanced >= 0 ? { code: 'invalid-quotes', span: { line, start: splitUnbalanced, end } } : undefined;
  const made = extras(problem, commentStart, quotedEnd);
  if (n === 1 && argPlain[0] && argStarts[0] === rest) {
    // The common line: one plain argument, kept as its text until someone reads its token.
    return new TokenLine(line, rawText, indent, keywordValue, kwStart, rest, argValues[0], made);
  }
  const args: SshToken[] = new Array(n);
  for (let k = 0; k < n; k++) {
    const value = argValues[k];
    const raw = argPlain[k] ? value : rawText.slice(argStarts[k], argEnds[k]);
    args[k] = { raw, value, span: { line, start: argStarts[k], end: argEnds[k] } };
  }
  return new TokenLine(line, rawText, indent, keywordValue, kwStart, rest, n === 0 ? NO_ARGS : args, made);
}

export function tokenize(text: string): SshDocument {
  const bom = text.charCodeAt(0) === 0xfeff;
  const hasCr = text.includes('\r');
  // Without a carriage return, LSP's line breaks are the \n alone and the eol is \n.
  const rawLines = hasCr ? splitLines(text) : text.split('\n');
  const n = rawLines.length;
  const lines: TokenLine[] = new Array(n);
  spellings = [];
  try {
    for (let i = 0; i < n; i++) lines[i] = tokenizeLine(rawLines[i], i);
  } finally {
    spellings = undefined;
  }
  if (bom) {
    // Tokenize as if the BOM were not there, keeping columns: a one-character indent.
    const raw = rawLines[0];
    const t = tokenizeLine(` ${raw.slice(1)}`, 0);
    lines[0] = t.withText(raw, t.indent.slice(1));
  }
  let eol: '\n' | '\r\n' = '\n';
  const loneCr: number[] = [];
  if (hasCr) {
    let crlf = 0;
    let lf = 0;
    let line = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === CR) {
        if (text.charCodeAt(i + 1) === LF) {
          i++;
          crlf++;
        } else loneCr.push(line);
        line++;
      } else if (c === LF) {
        lf++;
        line++;
      }
    }
    if (crlf > lf) eol = '\r\n';
  }
  return { lines, bom, eol, loneCr };
}
