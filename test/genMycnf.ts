/**
 * A seeded generator of realistic MySQL/MariaDB option files and include trees, for
 * test/oracle/mycnf-reader.test.ts and test/oracle/mysql-reader.test.ts (which write each tree, run MariaDB's or
 * MySQL's `my_print_defaults` and `explain --group` on it and compare them).
 *
 * A tree has a main file (the first of `files`) and the files it reaches: `!include` of existing, missing,
 * relative (to the working directory: `x`, `./x`, `.//x`, `../x`), `~/` and oddly named files; `!includedir` of
 * directories holding `.cnf` and other files, a subdirectory named `sub.cnf`, dot files, a dangling symbolic link
 * (`dangling.cnf`: MySQL's programs report it, MariaDB's say nothing); nested includes, and now
 * and then a file that includes itself, by an absolute or a relative path (read to depth 10, then the depth-limit
 * warnings name it as written), sometimes ending in an unterminated `!` line (the warning quotes it one character
 * short). Lines: groups written every way (` spaced`, CLIENT, client_server, text after `]`), options with and
 * without values, `loose-`, dash and underscore names, quotes (balanced, unbalanced, mixed), escapes, `#` comments
 * glued and spaced, `;` lines, blank lines, CRLF, a last line without a line break (a path on it loses its last
 * character). Some trees use non-ASCII group names, in their files and in the groups asked for, chosen so that a
 * Unicode case mapping would match where the programs' latin1 byte folding does not (cliént/CLIÉNT, ß/SS, ı/I,
 * K/k, Cyrillic, fullwidth, a trailing U+3000) and where only the ASCII letters differ in case (cliént/CLIéNT).
 *
 * Now and then a file is broken: an option before any group, `[unclosed`, `!include` without a path,
 * `!includedir` of a missing directory or of a file, `!include x` on an unterminated last line, a byte order mark.
 * In the main file that stops every program (every tenth tree, the ways in turn, and a few more). In an included
 * file (a leaf, a nested one, one reached by `~/` or a relative path, one of an `!includedir`, the self-including
 * one; about one tree in six) it ends that file only: the error is printed and the including file goes on.
 * World-writable files are reached by absolute, `~/` and relative paths (the warning names a relative one as
 * written).
 *
 * It stays away from what MY_PRINT_DEFAULTS_LIMITS (test/mycnfFacts.ts) records, where the reader does not follow
 * the programs on purpose: lone CRs, an indented line starting with `=`, characters whose UTF-8 holds byte 0xA0
 * (checked for the group names below). Relative paths are only ever `x`, `./x`, `.//x` or `../x`: the programs
 * name a file reached by `a/../x`, `./a/./x` or `./../x` after cleaning the path up (fn_format: `x`, `a/x`, an
 * absolute path), which the reader does not do.
 */
import type { MycnfSetup } from './mycnfFacts';
import { chance, int, mulberry32, pick, type Rand } from './prng';

export { mulberry32 };

export interface MycnfTree extends MycnfSetup {
  readonly index: number;
  /** What is odd about it on purpose, for the failure report and the coverage check. */
  readonly notes: readonly string[];
}

function shuffle<T>(r: Rand, xs: readonly T[]): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Groups as the headers name them (the programs compare them ignoring the case of ASCII letters). */
const HEADER_GROUPS = ['client', 'client', 'mysqld', 'mysql', 'mariadb-dump', 'CLIENT', 'Client', 'client_server', 'client-server', 'mariadb', 'MySQL'];
/** Groups the command line asks for. */
const ASKED_GROUPS = ['client', 'client', 'mysqld', 'mysql', 'mariadb-dump', 'client-server', 'client_server', 'MYSQL', ' spaced', 'spaced', 'mariadb'];

/**
 * Families of non-ASCII group names: the headers a tree may write and the groups it may ask for. The programs
 * fold a-z and the bytes 0xE0-0xFE but 0xF7 of the UTF-8 (latin1's to_upper), so only ASCII letters ignore case
 * here: cliént is CLIéNT, not CLIÉNT; straße is not STRASSE; clıent (dotless ı) is not CLIENT; the Kelvin sign is
 * not K; a trailing U+3000 is not trimmed like a space.
 */
const NON_ASCII_GROUPS: ReadonlyArray<{ readonly header: readonly string[]; readonly asked: readonly string[] }> = [
  { header: ['cliént', 'CLIÉNT', 'Cliént'], asked: ['cliént', 'CLIéNT', 'cliÉnt', 'CLIÉNT', 'client'] },
  // \u1e9e: capital sharp s.
  { header: ['straße', 'STRASSE', 'Straße'], asked: ['STRAßE', 'strasse', 'straße', 'STRASSE', 'STRA\u1e9eE'] },
  // \u0131: dotless i; \u0130: capital I with a dot; \u0307: combining dot above.
  { header: ['cl\u0131ent', '\u0130nclude', 'client'], asked: ['client', 'CLIENT', 'CL\u0131ENT', 'include', 'i\u0307nclude', '\u0130NCLUDE'] },
  { header: ['клиент', 'Клиент'], asked: ['КЛИЕНТ', 'клиент', 'Клиент'] },
  { header: ['クライアント', 'ｃｌｉｅｎｔ'], asked: ['クライアント', 'ＣＬＩＥＮＴ', 'ｃｌｉｅｎｔ', 'client'] },
  // \u212a: the Kelvin sign; ǅ is titlecase (ǆ, Ǆ).
  { header: ['\u212aeep', 'keep', 'ǅemo', '😀', 'σ-ς'], asked: ['KEEP', '\u212aEEP', 'ǆemo', 'ǄEMO', 'ǅemo', '😀', 'Σ-Σ', 'σ-ς'] },
  // \u3000: ideographic space; \u2003: em space (the programs trim ASCII whitespace only).
  { header: ['grp\u3000', 'grp\u2003', '\u3000grp'], asked: ['grp', 'GRP\u3000', 'grp\u2003', '\u3000GRP'] },
];
for (const { header, asked } of NON_ASCII_GROUPS) {
  for (const g of [...header, ...asked]) {
    // Byte 0xA0 is a space to the programs (MY_PRINT_DEFAULTS_LIMITS): a name holding it would trim differently.
    if (new TextEncoder().encode(g).includes(0xa0)) throw new Error(`genMycnf: the group ${JSON.stringify(g)} holds byte 0xA0`);
  }
}

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

function value(r: Rand): string {
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

function optionLine(r: Rand): string {
  const indent = chance(r, 0.2) ? pick(r, ['  ', '\t', ' \t']) : '';
  const name = pick(r, NAMES);
  const trailing = chance(r, 0.15) ? pick(r, [' ', '\t', '  ']) : '';
  const comment = chance(r, 0.25) ? pick(r, [' # comment', '#glued', '\t# tab', ' ## twice', ' ; not a comment', ' # has = sign']) : '';
  if (chance(r, 0.2)) return `${indent}${name}${trailing}${comment}`;
  const eq = pick(r, ['=', '=', ' = ', '= ', ' =', '\t=\t']);
  return `${indent}${name}${eq}${value(r)}${trailing}${comment}`;
}

function headerLine(r: Rand, group: string): string {
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
  /** Reached by a path relative to the working directory (messages name it as written). */
  readonly relative: boolean;
}

type NonAsciiFamily = (typeof NON_ASCII_GROUPS)[number];

interface Draft {
  readonly r: Rand;
  readonly files: Map<string, string>;
  readonly dirs: string[];
  readonly mode: Record<string, number>;
  /** Symbolic links to make (they dangle: MySQL's programs report them, MariaDB's say nothing). */
  readonly links: Record<string, string>;
  readonly notes: Set<string>;
  readonly cwd: string;
  /** The tree's non-ASCII group names, if it has any. */
  readonly nonAscii?: NonAsciiFamily;
}

function headerGroup(d: Draft): string {
  const r = d.r;
  if (d.nonAscii && chance(r, 0.35)) {
    d.notes.add('a non-ASCII group name');
    return pick(r, d.nonAscii.header);
  }
  if (chance(r, 0.1)) {
    d.notes.add('[ spaced ] header');
    return pick(r, [' spaced', ' spaced ']);
  }
  return pick(r, HEADER_GROUPS);
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
    lines.push(headerLine(r, headerGroup(d)));
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

function includeLine(r: Rand, ref: string, kind: 'include' | 'includedir'): string {
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

/**
 * The ways a file can be broken. In the main file each stops every program (`fatal: ...` notes); in an included file
 * it ends that file only (`an included file broken: ...` notes). 4 needs plain.cnf, which `breakText` writes.
 */
const BREAKS = [
  'an option before any group',
  '[ without ]',
  '!include without a path',
  '!includedir of a missing directory',
  '!includedir of a file',
  '!include x on the unterminated last line',
  'a byte order mark',
] as const;
const UNTERMINATED_BREAK = 5;

/** `text` broken the `kind` way (an index of BREAKS). For kind 5 the text must end with a line break (or be empty). */
function breakText(d: Draft, text: string, kind: number, included: boolean): string {
  const r = d.r;
  const what = BREAKS[kind]!;
  d.notes.add(included ? `an included file broken: ${what}` : `fatal: ${what}`);
  if (included) d.notes.add('an error in an included file');
  // A one-character path on an unterminated last line is cut to nothing.
  if (kind === UNTERMINATED_BREAK) return `${text}!include x`;
  const lines = text.split('\n');
  const insert = (at: number, line: string) => lines.splice(at, 0, line);
  const anywhere = () => int(r, 0, lines.length - 1);
  if (kind === 0) {
    // Anywhere before the first group (in the main file: first, as ever).
    const firstGroup = lines.findIndex((l) => /^\s*\[/.test(l));
    insert(included ? int(r, 0, firstGroup < 0 ? lines.length - 1 : firstGroup) : 0, optionLine(r));
  } else if (kind === 1) insert(anywhere(), pick(r, ['[unclosed', '  [mysqld', '[client # no bracket']));
  else if (kind === 2) insert(anywhere(), pick(r, ['!include', '!includedir', '!include   ', '  !  includedir\t']));
  else if (kind === 3) insert(anywhere(), `!includedir ${pick(r, ['@DIR@/nope', 'nope.d', '~/', './nope/'])}`);
  else if (kind === 4) {
    d.files.set('plain.cnf', '[client]\nplain=1\n');
    insert(anywhere(), pick(r, ['!includedir @DIR@/plain.cnf', '!includedir @DIR@/plain.cnf/']));
  } else lines[0] = `\uFEFF${lines[0]}`;
  return lines.join('\n');
}

/** The `!includedir` directory: .cnf files in byte order, other names it skips, a `sub.cnf` directory. */
function makeConfDir(d: Draft, dir: string, opts: { ww: boolean; broken: boolean; relative: boolean }): void {
  const r = d.r;
  const names = ['a.cnf', 'Z.cnf', '.cnf', '10-x.cnf', 'b.txt', 'c.cnf.bak', 'd.ini', 'cnf', 'e.CNF', 'f.cnf~', 'sp ace.cnf'];
  const read: string[] = [];
  for (const n of names) {
    if (!chance(r, 0.45)) continue;
    d.files.set(`${dir}/${n}`, fileText(d, [], { eol: '\n' }));
    if (n.endsWith('.cnf')) read.push(`${dir}/${n}`);
  }
  if (chance(r, 0.2)) {
    d.files.set(`${dir}/sub.cnf/x.cnf`, '[client]\nfrom_sub_dir=1\n');
    d.notes.add('a directory named sub.cnf');
  }
  if (opts.broken && read.length) {
    const f = pick(r, read);
    d.files.set(f, breakText(d, d.files.get(f)!, int(r, 0, BREAKS.length - 1), true));
    d.notes.add('an error in a file of an !includedir');
    if (opts.relative) d.notes.add('an error in a file reached by a relative path');
  }
  if (opts.ww) {
    const f = `${dir}/w-${int(r, 0, 9)}.cnf`;
    d.files.set(f, '[client]\nworld_writable=1\n');
    d.mode[f] = 0o666;
    d.notes.add('a world-writable file');
    if (opts.relative) d.notes.add('a world-writable file reached by a relative path');
  }
  if (chance(r, 0.15)) {
    d.links[`${dir}/dangling.cnf`] = '@DIR@/nowhere.cnf';
    d.notes.add('a dangling symbolic link in an !includedir');
  }
  if (![...d.files.keys(), ...Object.keys(d.links)].some((f) => f.startsWith(`${dir}/`))) {
    d.dirs.push(dir);
    d.notes.add('an empty !includedir');
  }
}

export function generateMycnfTree(r: Rand, index: number): MycnfTree {
  const cwd = pick(r, ['', 'run', 'etc/mysql']);
  const nonAscii = chance(r, 0.2) ? pick(r, NON_ASCII_GROUPS) : undefined;
  const d: Draft = { r, files: new Map(), dirs: [], mode: {}, links: {}, notes: new Set(), cwd, ...(nonAscii ? { nonAscii } : {}) };
  const main = pick(r, ['my.cnf', 'etc/my.cnf', 'etc/mysql/my.cnf']);
  d.files.set(main, ''); // first: the file the programs read
  /** How a directive names `file` relative to the working directory: `x`, `./x`, `.//x` or `../x`. */
  const fromCwd = (file: string) => {
    if (cwd === '' || file.startsWith(`${cwd}/`)) return pick(r, ['', '', './', './/']) + (cwd === '' ? file : file.slice(cwd.length + 1));
    return [...cwd.split('/').map(() => '..'), ...file.split('/')].join('/');
  };

  // Leaf targets: files that include nothing (or only what is always harmless).
  const targets: Target[] = [];
  for (let i = int(r, 0, 4); i > 0; i--) {
    const k = r();
    const n = targets.length;
    if (k < 0.45) targets.push({ file: `inc/f${n}.cnf`, ref: `@DIR@/inc/f${n}.cnf`, relative: false });
    else if (k < 0.65) {
      const file = `${cwd ? `${cwd}/` : ''}rel${n}.cnf`;
      targets.push({ file, ref: fromCwd(file), relative: true });
      d.notes.add('a relative !include');
    } else if (k < 0.8) {
      targets.push({ file: `home/h${n}.cnf`, ref: `~/h${n}.cnf`, relative: false });
      d.notes.add('!include ~/');
    } else if (k < 0.9) {
      targets.push({ file: `inc/odd${n}.ini`, ref: `@DIR@/inc/odd${n}.ini`, relative: false });
    } else {
      const file = `other/up${n}.cnf`;
      targets.push({ file, ref: fromCwd(file), relative: true });
      d.notes.add('a relative !include');
    }
  }
  // Nested: a target may include the ones after it (no cycles here).
  const inner = new Map<Target, Target[]>();
  for (let i = targets.length - 1; i >= 0; i--) {
    const t = targets[i]!;
    const inc = targets.slice(i + 1).filter(() => chance(r, 0.3));
    inner.set(t, inc);
    if (inc.length) d.notes.add('nested includes');
    d.files.set(t.file, fileText(d, [...inc.map((x) => includeLine(r, x.ref, 'include'))], { unterminated: chance(r, 0.15) }));
  }
  // A target may be world-writable (ignored with a warning naming it as written; its includes are not read).
  const worldWritable = new Set<Target>();
  if (targets.length && chance(r, 0.2)) {
    const t = pick(r, targets);
    worldWritable.add(t);
    d.mode[t.file] = 0o666;
    d.notes.add('a world-writable file');
    if (t.relative) d.notes.add('a world-writable file reached by a relative path');
  }

  const included = targets.filter(() => chance(r, 0.85));
  const directives: string[] = included.map((t) => includeLine(r, t.ref, 'include'));
  // An included file may be broken: the error ends it, the file that included it goes on.
  const reached = new Set<Target>();
  const reach = (t: Target) => {
    if (reached.has(t) || worldWritable.has(t)) return;
    reached.add(t);
    for (const x of inner.get(t) ?? []) reach(x);
  };
  for (const t of included) reach(t);
  if (reached.size && chance(r, 0.12)) {
    const t = pick(r, [...reached]);
    const text = d.files.get(t.file)!;
    // `!include x` goes after a last line break (a file already without one is broken another way).
    const kind = text.endsWith('\n') ? int(r, 0, BREAKS.length - 1) : pick(r, [0, 1, 2, 3, 4, 6]);
    d.files.set(t.file, breakText(d, text, kind, true));
    if (t.relative) d.notes.add('an error in a file reached by a relative path');
    if ((inner.get(t) ?? []).length) d.notes.add('an error in a file that includes others');
    if (!included.includes(t)) d.notes.add('an error in a nested file');
  }
  if (chance(r, 0.25)) directives.push(includeLine(r, pick(r, ['@DIR@/missing.cnf', 'missing.cnf', '~/missing.cnf', '@DIR@/inc']), 'include'));
  if (chance(r, 0.1)) {
    // A world-writable file next to the working directory, named as written (`./ww.cnf`, `ww.cnf`, `../ww.cnf`).
    const file = pick(r, [`${cwd ? `${cwd}/` : ''}ww.cnf`, `${cwd ? `${cwd}/` : ''}d/ww.cnf`, 'ww.cnf']);
    d.files.set(file, '[client]\nworld_writable=1\n');
    d.mode[file] = 0o666;
    directives.push(includeLine(r, fromCwd(file), 'include'));
    d.notes.add('a world-writable file');
    d.notes.add('a world-writable file reached by a relative path');
  }

  if (chance(r, 0.4)) {
    const abs = chance(r, 0.6);
    const dir = abs ? 'conf.d' : `${cwd ? `${cwd}/` : ''}rel.d`;
    makeConfDir(d, dir, { ww: chance(r, 0.2), broken: chance(r, 0.12), relative: !abs });
    const ref = abs ? pick(r, ['@DIR@/conf.d', '@DIR@/conf.d/', '@DIR@//conf.d']) : fromCwd(dir) + pick(r, ['', '', '/']);
    directives.push(includeLine(r, ref, 'includedir'));
    d.notes.add(abs ? '!includedir' : 'a relative !includedir');
  }
  if (chance(r, 0.1)) {
    // A file that includes itself: read to depth 10, then a warning for each of its `!` lines there, naming the file
    // as its path was written.
    const self = 'inc/self.cnf';
    const selfRef = chance(r, 0.4) ? fromCwd(self) : `@DIR@/${self}`;
    if (!selfRef.startsWith('@DIR@')) d.notes.add('a self-include by a relative path');
    const leaf = 'inc/leaf.cnf';
    d.files.set(leaf, `[client]\nleaf=1\n!include @DIR@/missing-leaf.cnf\n${pick(r, IGNORED_DIRECTIVES)}\n`);
    const extra = chance(r, 0.5) ? '!include @DIR@/inc/leaf.cnf\n' : '';
    const bogus = chance(r, 0.5) ? '!bogus\n' : '';
    const eol = chance(r, 0.2) ? '\r\n' : '\n';
    let text: string;
    if (chance(r, 0.4)) {
      // The last line has no line break: the warning at depth 10 quotes it one character short. When it is the
      // self-include, the path loses a character the generator adds for it (one self-include only: two would read
      // 2^10 files).
      const last = pick(r, [`!include ${selfRef}Z`, `!include ${selfRef} \tZ`, '!bogus', '!', '!include @DIR@/inc/leaf.cnfX', '!  include x']);
      const selfLast = last.startsWith(`!include ${selfRef}`);
      text = `[client]\nself=1\n${selfLast ? '' : `!include ${selfRef}\n`}${extra}${bogus}after_self=1\n${last}`;
      d.notes.add('an unterminated ! line at the depth limit');
      if (last === '!  include x') {
        // Cut to `!  include`: an error at depths 1 to 9, a warning at 10.
        d.notes.add('an error in an included file');
        d.notes.add('an error in a file that includes itself');
      }
    } else text = `[client]\nself=1\n!include ${selfRef}\n${extra}${bogus}after_self=1\n`;
    if (chance(r, 0.3)) {
      // Broken before or after its self-include: the error ends one read, or every read at every depth.
      const kind = pick(r, [0, 1, 2, 3, 4, 6]);
      text = breakText(d, text, kind, true);
      d.notes.add('an error in a file that includes itself');
    }
    d.files.set(self, text.replaceAll('\n', eol));
    directives.push(`!include ${selfRef}`);
    d.notes.add('a file that includes itself');
  }

  // Now and then the main file is broken in a way that stops every program: every tenth tree, the ways in turn (so
  // that each shows up in every run of the oracle), and some others at random.
  const fatal = index % 10 === 9 ? ((index - 9) / 10) % BREAKS.length : chance(r, 0.06) ? int(r, 0, BREAKS.length - 1) : -1;
  const shuffled = shuffle(r, directives);
  const text = fileText(d, shuffled, { unterminated: fatal !== UNTERMINATED_BREAK && chance(r, 0.2) });
  d.files.set(main, fatal < 0 ? text : breakText(d, text, fatal, false));

  const groups: string[] = [];
  for (let i = int(r, 1, 3); i > 0; i--) {
    if (nonAscii && chance(r, 0.5)) {
      groups.push(pick(r, nonAscii.asked));
      if (/[^\x00-\x7f]/.test(groups[groups.length - 1]!)) d.notes.add('a non-ASCII group asked for');
    } else groups.push(pick(r, ASKED_GROUPS));
  }
  return {
    index,
    title: `tree #${index}`,
    files: Object.fromEntries(d.files),
    ...(d.dirs.length ? { dirs: d.dirs } : {}),
    groups,
    ...(cwd ? { cwd } : {}),
    home: 'home',
    ...(Object.keys(d.mode).length ? { mode: d.mode } : {}),
    ...(Object.keys(d.links).length ? { symlinks: d.links } : {}),
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
  for (const [link, target] of Object.entries(t.symlinks ?? {})) out.push(`== ${link} -> ${target}`);
  return out.join('\n');
}
