/** What every dialect's tokenizer shares: ranges inside one line, and line splitting. */

/** A range inside one line, in UTF-16 code units (the LSP default position encoding). */
export interface Span {
  readonly line: number;
  readonly start: number;
  readonly end: number;
}

/** Splits like LSP's TextDocument does (\r\n, \n and \r end a line). */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** The dominant line break of a text, for edits. */
export function dominantEol(text: string): '\n' | '\r\n' {
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/\n/g) ?? []).length - crlf;
  return crlf > lf ? '\r\n' : '\n';
}
