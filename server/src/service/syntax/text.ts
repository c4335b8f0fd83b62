/** What every dialect shares about text: ranges inside one line, line splitting, and how a message names a file. */

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

/**
 * The name a message gives a file: the last segment of its uri, without query or fragment, percent-decoding undone
 * (`file:///etc/sysctl.d/my%20tuning.conf` -> `my tuning.conf`; a malformed escape stays as written).
 */
export function fileName(uri: string): string {
  const last = uri.replace(/[?#].*$/s, '').replace(/^.*\//s, '');
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}
