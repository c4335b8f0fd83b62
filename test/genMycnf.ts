/**
 * A seeded generator of realistic MySQL/MariaDB option files and include trees, for
 * test/oracle/mycnf-reader.test.ts (which writes each tree, runs `my_print_defaults` and `explain --group` on it
 * and compares them).
 *
 * A tree has a main file (the first of `files`) and the files it reaches: `!include` of existing, missing,
 * relative (to the working directory), `~/` and oddly named files; `!includedir` of directories holding `.cnf` and
 * other files, a subdirectory named `sub.cnf`, dot files; nested includes, and now and then a file that includes
 * itself (read 11 times, then the depth-limit warnings). Lines: groups written every way (` spaced`, CLIENT,
 * client_server, text after `]`), options with and without values, `loose-`, dash and underscore names, quotes
 * (balanced, unbalanced, mixed), escapes, `#` comments glued and spaced, `;` lines, blank lines, CRLF, a last line
 * without a line break (a path on it loses its last character). Now and then the main file is fatal: an option
 * before any group, `[unclosed`, `!include` without a path, `!includedir` of a missing directory or of a file,
 * a byte order mark.
 *
 * It stays away from what MY_PRINT_DEFAULTS_DISAGREEMENTS (test/mycnfFacts.ts) records, where the reader does not
 * follow the programs yet: lone CRs, an indented line starting with `=`, characters whose UTF-8 ends in byte 0xA0,
 * non-ASCII group names, errors inside included files (only the main file is ever broken), messages about a file
 * reached by a relative path (world-writable files and self-includes are reached by absolute paths only), and an
 * unterminated `!` line in a file read at the depth limit (self-including files end with a line break).
 */
import type { MycnfSetup } from './mycnfFacts';
import { mulberry32 } from './prng';

export { mulberry32 };

export interface MycnfTree extends MycnfSetup {
  readonly index: number;
  /** What is odd about it on purpose, for the failure report and the coverage check. */
  readonly notes: readonly string[];
}

type Rnd = () => number;

const pick = <T>(r: Rnd, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const chance = (r: Rnd, p: number) => r() < p;
const int = (r: Rnd, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
function shuffle<T>(r: Rnd, xs: readonly T[]): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Groups as the headers name them (the programs compare them ignoring case, ASCII only). */
const HEADER_GROUPS = ['client', 'client', 'mysqld', 'mysql', 'mariadb-dump', 'CLIENT', 'Client', 'client_server', 'client-server', 'mariadb', 'MySQL'];
/** Groups the command line asks for. */
const ASKED_GROUPS = ['client', 'client', 'mysqld', 'mysql', 'mariadb-dump', 'client-server', 'client_server', 'MYSQL', ' spaced', 'spaced', 'mariadb'];

const NAMES = [
  'connect_timeout',
  'connect-timeout',
  'Connect_Timeout',
  'loose-read_timeout',
  'loose_write-timeout',
  'LOOSE-connect-timeout',
  'max_allowed_packet',
  'max-allowed-packet',
  'net_read_timeout',
  'wait_timeout',
  'tcp_keepalive_time',
  'user',
  'host',
  'port',
  'password',
  'socket',
  'default-character-set',
  'skip-ssl',
  'compress',
  'reconnect',
  'a b',
  "it's",
  'x"y',
  'tïmeout',
  'name\twith\ttabs',
];

const PLAIN_VALUES = [
  '60',
  '300',
  '0',
  '-5',
  '1G',
  '64M',
  'utf8mb4',
  '127.0.0.1',
  '/var/run/mysqld/mysqld.sock',
  'secret',
  'a;b',
  'x=y',
  'é€',
  '😀',
  'two words',
  'ON',
];

function value(r: Rnd): string {
  const w = () => pick(r, PLAIN_VALUES);
  const esc = () => pick(r, ['\\n', '\\t', '\\\\', '\\s', '\\"', "\\'", '\\x', '\\b', '\\r', '\\#', '\\0']);
  switch (int(r, 0, 11)) {
    case 0:
      return `"${w()}"`;
    case 1:
      return `'${w()}'`;
    case 2:
      return `"${w()} # not a comment"`;
    case 3:
      return `'${w()}${esc()}${w()}'`;
    case 4:
      return `"${w()}`; // unbalanced
    case 5:
      return `'${w()}"`; // mixed
    case 6:
      return `${w()}${esc()}${w()}`;
    case 7:
      return `${w()}\\`; // a last backslash stays
    case 8:
      return pick(r, ['""', "''", '"', "'", '"a"b"', `a"b"c`, `"x" tail`, '  "  pad  "  ']);
    case 9:
      return '';
    default:
      return w();
  }
}

function optionLine(r: Rnd): string {
  const indent = chance(r, 0.2) ? pick(r, ['  ', '\t', ' \t']) : '';
  const name = pick(r, NAMES);
  const trailing = chance(r, 0.15) ? pick(r, [' ', '\t', '  ']) : '';
  const comment = chance(r, 0.25) ? pick(r, [' # comment', '#glued', '\t# tab', ' ## twice', ' ; not a comment', ' # has = sign']) : '';
  if (chance(r, 0.2)) return `${indent}${name}${trailing}${comment}`;
  const eq = pick(r, ['=', '=', ' = ', '= ', ' =', '\t=\t']);
  return `${indent}${name}${eq}${value(r)}${trailing}${comment}`;
}

function headerLine(r: Rnd, group: string): string {
  switch (int(r, 0, 9)) {
    case 0:
      return `[${group}] # section`;
    case 1:
      return `[${group}]junk after`;
    case 2:
      return `  [${group}]  `;
    case 3:
      return `[${group}  ]`;
    case 4:
      return `[${group}]\t`;
    default:
      return `[${group}]`;
  }
}

const COMMENTS = ['# a comment', '; semicolon', '  # indented', '\t; tab', '#!include /nonexistent.cnf', '# [mysqld]', '', '', '  ', '\t'];

/** Lines that start with `!` and are not followed (silently ignored), each as written. */
const IGNORED_DIRECTIVES = ['!INCLUDE /etc/nothing.cnf', '!bogus', '!includex /etc/nothing.cnf', '!', '!  Include x'];

interface Target {
  /** File name relative to the tree. */
  readonly file: string;
  /** How a directive names it (absolute with @DIR@, relative to the working directory, or ~/). */
  readonly ref: string;
  readonly absolute: boolean;
}

interface Draft {
  readonly r: Rnd;
  readonly files: Map<string, string>;
  readonly dirs: string[];
  readonly mode: Record<string, number>;
  readonly notes: Set<string>;
  readonly cwd: string;
}

/** A file's text: groups with lines, the given directive lines spread over it. */
function fileText(d: Draft, directives: readonly string[], opts: { unterminated?: boolean; eol?: string } = {}): string {
  const r = d.r;
  const lines: string[] = [];
  // Before the first group: comments, blank lines and directives only (an option there is fatal).
  for (let i = int(r, 0, 2); i > 0; i--) lines.push(pick(r, COMMENTS));
  const pending = [...directives];
  const place = () => {
    if (pending.length && chance(r, 0.35)) lines.push(pending.shift()!);
  };
  place();
  for (let g = int(r, 1, 4); g > 0; g--) {
    const group = chance(r, 0.1) ? pick(r, [' spaced', ' spaced ']) : pick(r, HEADER_GROUPS);
    if (group.startsWith(' ')) d.notes.add('[ spaced ] header');
    lines.push(headerLine(r, group));
    for (let i = int(r, 0, 6); i > 0; i--) {
      const k = r();
      if (k < 0.65) lines.push(optionLine(r));
      else if (k < 0.85) lines.push(pick(r, COMMENTS));
      else if (k < 0.92) lines.push(pick(r, IGNORED_DIRECTIVES));
      else place();
    }
    place();
  }
  lines.push(...pending);
  const eol = opts.eol ?? (chance(r, 0.15) ? '\r\n' : '\n');
  if (eol === '\r\n') d.notes.add('CRLF line ends');
  const mixed = chance(r, 0.08);
  if (mixed) d.notes.add('mixed LF and CRLF');
  let text = lines.map((l) => l + (mixed && chance(r, 0.5) ? '\r\n' : eol)).join('');
  if (opts.unterminated && text.length > 0) {
    text = text.replace(/\r?\n$/, '');
    d.notes.add('last line without a line break');
    const last = text.slice(text.lastIndexOf('\n') + 1);
    if (/^\s*!\s*include(dir)?\s+\S/.test(last) && chance(r, 0.6)) {
      // The programs drop the last character of a path on an unterminated last line: add one for them to drop.
      text += 'X';
      d.notes.add('unterminated !include with a character to drop');
    }
  }
  return text;
}

function includeLine(r: Rnd, ref: string, kind: 'include' | 'includedir'): string {
  switch (int(r, 0, 7)) {
    case 0:
      return `!  ${kind}  ${ref}`;
    case 1:
      return `  !${kind}\t${ref}  `;
    case 2:
      return `!\t${kind} ${ref}\t`;
    default:
      return `!${kind} ${ref}`;
  }
}

/** The `!includedir` directory: .cnf files in byte order, other names it skips, a `sub.cnf` directory. */
function makeConfDir(d: Draft, dir: string, ww: boolean): void {
  const r = d.r;
  const names = ['a.cnf', 'Z.cnf', '.cnf', '10-x.cnf', 'b.txt', 'c.cnf.bak', 'd.ini', 'cnf', 'e.CNF', 'f.cnf~', 'sp ace.cnf'];
  let any = false;
  for (const n of names) {
    if (!chance(r, 0.45)) continue;
    any = true;
    d.files.set(`${dir}/${n}`, fileText(d, [], { eol: '\n' }));
  }
  if (chance(r, 0.2)) {
    d.files.set(`${dir}/sub.cnf/x.cnf`, '[client]\nfrom_sub_dir=1\n');
    d.notes.add('a directory named sub.cnf');
  }
  if (!any && !d.files.has(`${dir}/sub.cnf/x.cnf`)) {
    d.dirs.push(dir);
    d.notes.add('an empty !includedir');
  }
  if (ww) {
    const f = `${dir}/w-${int(r, 0, 9)}.cnf`;
    d.files.set(f, '[client]\nworld_writable=1\n');
    d.mode[f] = 0o666;
    d.notes.add('a world-writable file');
  }
}

export function generateMycnfTree(r: Rnd, index: number): MycnfTree {
  const cwd = pick(r, ['', 'run', 'etc/mysql']);
  const d: Draft = { r, files: new Map(), dirs: [], mode: {}, notes: new Set(), cwd };
  const main = pick(r, ['my.cnf', 'etc/my.cnf', 'etc/mysql/my.cnf']);
  d.files.set(main, ''); // first: the file the programs read
  const fromCwd = (file: string) => {
    const up = cwd === '' ? [] : cwd.split('/').map(() => '..');
    const rel = [...up, ...file.split('/')];
    // Collapse `run/../run/x` into `x` where the file is under the working directory.
    if (cwd !== '' && file.startsWith(`${cwd}/`)) return pick(r, ['', './']) + file.slice(cwd.length + 1);
    return rel.join('/');
  };

  // Leaf targets: files that include nothing (or only what is always harmless).
  const targets: Target[] = [];
  for (let i = int(r, 0, 4); i > 0; i--) {
    const k = r();
    const n = targets.length;
    if (k < 0.45) targets.push({ file: `inc/f${n}.cnf`, ref: `@DIR@/inc/f${n}.cnf`, absolute: true });
    else if (k < 0.65) {
      const file = `${cwd ? `${cwd}/` : ''}rel${n}.cnf`;
      targets.push({ file, ref: fromCwd(file), absolute: false });
      d.notes.add('a relative !include');
    } else if (k < 0.8) {
      targets.push({ file: `home/h${n}.cnf`, ref: `~/h${n}.cnf`, absolute: false });
      d.notes.add('!include ~/');
    } else if (k < 0.9) {
      targets.push({ file: `inc/odd${n}.ini`, ref: `@DIR@/inc/odd${n}.ini`, absolute: true });
    } else {
      const file = `other/up${n}.cnf`;
      targets.push({ file, ref: fromCwd(file), absolute: false });
      d.notes.add('a relative !include');
    }
  }
  // Nested: a target may include the ones after it (no cycles here).
  for (let i = targets.length - 1; i >= 0; i--) {
    const inner = targets.slice(i + 1).filter(() => chance(r, 0.3));
    if (inner.length) d.notes.add('nested includes');
    const t = targets[i]!;
    d.files.set(t.file, fileText(d, [...inner.map((x) => includeLine(r, x.ref, 'include'))], { unterminated: chance(r, 0.15) }));
  }
  // One absolute target may be world-writable (ignored with a warning; its includes are not read).
  const absolutes = targets.filter((t) => t.absolute);
  if (absolutes.length && chance(r, 0.2)) {
    d.mode[pick(r, absolutes).file] = 0o666;
    d.notes.add('a world-writable file');
  }

  const directives: string[] = targets.filter(() => chance(r, 0.85)).map((t) => includeLine(r, t.ref, 'include'));
  if (chance(r, 0.25)) directives.push(includeLine(r, pick(r, ['@DIR@/missing.cnf', 'missing.cnf', '~/missing.cnf', '@DIR@/inc']), 'include'));

  if (chance(r, 0.4)) {
    const abs = chance(r, 0.6);
    const dir = abs ? 'conf.d' : `${cwd ? `${cwd}/` : ''}rel.d`;
    makeConfDir(d, dir, abs && chance(r, 0.25));
    const ref = abs ? pick(r, ['@DIR@/conf.d', '@DIR@/conf.d/', '@DIR@//conf.d']) : fromCwd(dir);
    directives.push(includeLine(r, ref, 'includedir'));
    d.notes.add(abs ? '!includedir' : 'a relative !includedir');
  }
  if (chance(r, 0.1)) {
    // A file that includes itself: 11 reads, then a warning for each of its `!` lines at depth 10.
    const self = 'inc/self.cnf';
    const leaf = 'inc/leaf.cnf';
    d.files.set(leaf, `[client]\nleaf=1\n!include @DIR@/missing-leaf.cnf\n${pick(r, IGNORED_DIRECTIVES)}\n`);
    const extra = chance(r, 0.5) ? '!include @DIR@/inc/leaf.cnf\n' : '';
    d.files.set(self, `[client]\nself=1\n!include @DIR@/inc/self.cnf\n${extra}${chance(r, 0.5) ? '!bogus\n' : ''}after_self=1\n`);
    directives.push(`!include @DIR@/${self}`);
    d.notes.add('a file that includes itself');
  }

  // Now and then the main file is broken in a way that stops every program.
  const fatal = chance(r, 0.15) ? int(r, 0, 6) : -1;
  let text: string;
  const shuffled = shuffle(r, directives);
  if (fatal === 5) {
    // A one-character path on an unterminated last line is cut to nothing.
    text = `${fileText(d, shuffled)}!include x`;
    d.notes.add('fatal: !include x on the unterminated last line');
  } else {
    text = fileText(d, shuffled, { unterminated: chance(r, 0.2) });
  }
  const lines = text.split('\n');
  const at = int(r, 0, lines.length - 1);
  const insert = (line: string, note: string) => {
    lines.splice(at, 0, line.replace(/\r$/, ''));
    d.notes.add(note);
  };
  if (fatal === 0) {
    lines.unshift(optionLine(r));
    d.notes.add('fatal: an option before any group');
  } else if (fatal === 1) insert(pick(r, ['[unclosed', '  [mysqld', '[client # no bracket']), 'fatal: [ without ]');
  else if (fatal === 2) insert(pick(r, ['!include', '!includedir', '!include   ', '  !  includedir\t']), 'fatal: !include without a path');
  else if (fatal === 3) insert(`!includedir ${pick(r, ['@DIR@/nope', 'nope.d', '~/'])}`, 'fatal: !includedir of a missing directory');
  else if (fatal === 4) {
    d.files.set('plain.cnf', '[client]\nplain=1\n');
    insert('!includedir @DIR@/plain.cnf', 'fatal: !includedir of a file');
  } else if (fatal === 6) {
    lines[0] = `\uFEFF${lines[0]}`;
    d.notes.add('fatal: a byte order mark');
  }
  d.files.set(main, lines.join('\n'));

  const groups: string[] = [];
  for (let i = int(r, 1, 3); i > 0; i--) groups.push(pick(r, ASKED_GROUPS));
  return {
    index,
    title: `tree #${index}`,
    files: Object.fromEntries(d.files),
    ...(d.dirs.length ? { dirs: d.dirs } : {}),
    groups,
    ...(cwd ? { cwd } : {}),
    home: 'home',
    ...(Object.keys(d.mode).length ? { mode: d.mode } : {}),
    notes: [...d.notes],
  };
}

/** The tree as text, for a failure report. */
export function renderMycnfTree(t: MycnfTree): string {
  const out = [`groups ${JSON.stringify(t.groups)}; cwd ${JSON.stringify(t.cwd ?? '')}; HOME ${t.home}; notes: ${t.notes.join('; ') || 'none'}`];
  for (const [name, text] of Object.entries(t.files)) {
    const mode = t.mode?.[name];
    out.push(`== ${name}${mode !== undefined ? ` (mode ${mode.toString(8)})` : ''}`, JSON.stringify(text));
  }
  for (const dir of t.dirs ?? []) out.push(`== ${dir}/ (empty)`);
  return out.join('\n');
}
