/**
 * A total tokenizer for sysctl configuration files (/etc/sysctl.conf, sysctl.d/*.conf).
 *
 * It mirrors systemd-sysctl's `parse_file` (procps `sysctl -p` reads lines the same way):
 * the line is stripped of whitespace; an empty line or one whose first character is `#`
 * or `;` is skipped; otherwise the first `=` splits key from value and both are stripped.
 * There are no inline comments: everything after `=` is the value. A leading `-` on the
 * key means "ignore a failure to set it"; a `-key` line without `=` excludes the key from
 * a glob (systemd's negative match). Keys are normalised as `sysctl_normalize` does: when
 * the first separator is `.`, dots and slashes swap (`net.ipv4.conf.eth0/100.rp_filter`
 * names the path `net/ipv4/conf/eth0.100/rp_filter`).
 *
 * Never throws: every input yields lines, and every range lies inside its line.
 */
import { type Span, splitLines } from './text';

/** systemd's WHITESPACE for strstrip. */
const WS = ' \t\n\r';

export interface SysctlKey {
  /** As written (after stripping). */
  readonly raw: string;
  /** Canonical dotted name, as `sysctl -a` prints it (`net.ipv4.tcp_keepalive_time`). */
  readonly name: string;
  /** The path under /proc/sys (`net/ipv4/tcp_keepalive_time`). */
  readonly path: string;
  /** Contains `*`, `?` or `[`: applies to every matching key without an entry of its own. */
  readonly glob: boolean;
  readonly span: Span;
}

export interface SysctlValueToken {
  /** The value as the loader writes it: everything after `=`, stripped. May be empty. */
  readonly raw: string;
  readonly span: Span;
}

export type SysctlLineKind =
  | 'blank'
  | 'comment'
  /** `key = value` (or `-key = value`). */
  | 'assignment'
  /** `-key` with no `=`: excludes the key from a glob assignment. */
  | 'exclusion'
  /** Not a comment and no `=`: the loaders warn and skip it. */
  | 'invalid';

export interface SysctlLine {
  readonly line: number;
  /** The line as written, without its line break. */
  readonly text: string;
  readonly kind: SysctlLineKind;
  readonly indent: string;
  /** The whole comment line (from `#` or `;` to the end). */
  readonly comment?: Span;
  /** The `-` that makes a failure to set the key ignored. */
  readonly dash?: Span;
  readonly key?: SysctlKey;
  readonly equals?: Span;
  readonly value?: SysctlValueToken;
}

export interface SysctlDocument {
  readonly lines: readonly SysctlLine[];
  /** Starts with U+FEFF: the loaders do not skip it, it becomes part of the first key. */
  readonly bom: boolean;
  readonly eol: '\n' | '\r\n';
}

function isWs(c: string): boolean {
  return WS.indexOf(c) >= 0;
}

/** [start, end) of the text with surrounding whitespace removed. */
function strip(text: string, start: number, end: number): [number, number] {
  while (start < end && isWs(text[start])) start++;
  while (end > start && isWs(text[end - 1])) end--;
  return [start, end];
}

/** systemd's sysctl_normalize followed by path_simplify, and the dotted name of the result. */
export function normalizeSysctlKey(raw: string): { path: string; name: string } {
  const first = raw.search(/[./]/);
  let path = raw;
  if (first >= 0 && raw[first] === '.') path = raw.replace(/[./]/g, (c) => (c === '.' ? '/' : '.'));
  // path_simplify: no empty segments, no `.` segments.
  path = path
    .split('/')
    .filter((s) => s !== '' && s !== '.')
    .join('/');
  const name = path.replace(/[./]/g, (c) => (c === '/' ? '.' : '/'));
  return { path, name };
}

export function isGlob(s: string): boolean {
  return /[*?[]/.test(s);
}

function tokenizeLine(text: string, line: number): SysctlLine {
  const [s, e] = strip(text, 0, text.length);
  const indent = text.slice(0, s);
  if (s === e) return { line, text, kind: 'blank', indent };
  if (text[s] === '#' || text[s] === ';') return { line, text, kind: 'comment', indent, comment: { line, start: s, end: e } };
  const eq = text.indexOf('=', s);
  if (eq < 0 || eq >= e) {
    if (text[s] !== '-') return { line, text, kind: 'invalid', indent };
    const [ks, ke] = strip(text, s + 1, e);
    const raw = text.slice(ks, ke);
    return {
      line,
      text,
      kind: 'exclusion',
      indent,
      dash: { line, start: s, end: s + 1 },
      key: { raw, ...normalizeSysctlKey(raw), glob: isGlob(raw), span: { line, start: ks, end: ke } },
    };
  }
  const dash = text[s] === '-' ? { line, start: s, end: s + 1 } : undefined;
  const [ks, ke] = strip(text, dash ? s + 1 : s, eq);
  const [vs, ve] = strip(text, eq + 1, e);
  const raw = text.slice(ks, ke);
  return {
    line,
    text,
    kind: 'assignment',
    indent,
    dash,
    key: { raw, ...normalizeSysctlKey(raw), glob: isGlob(raw), span: { line, start: ks, end: ke } },
    equals: { line, start: eq, end: eq + 1 },
    value: { raw: text.slice(vs, ve), span: { line, start: vs, end: ve } },
  };
}

export function tokenizeSysctl(text: string): SysctlDocument {
  const raw = splitLines(text);
  const lines = raw.map((t, i) => tokenizeLine(t, i));
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/\n/g) ?? []).length - crlf;
  return { lines, bom: text.charCodeAt(0) === 0xfeff, eol: crlf > lf ? '\r\n' : '\n' };
}
