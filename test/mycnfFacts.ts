/**
 * What `my_print_defaults --defaults-file=F GROUP...` (MariaDB 10.11) prints for small option files: the data the
 * mycnf tokenizer and reader are held to. Each fact was measured with the real program, and
 * test/oracle/mycnf-programs.test.ts measures them again; test/service/mycnf-syntax.test.ts reproduces them with
 * readMycnf + mycnfGroupArgs and test/oracle/mycnf-reader.test.ts with `explain --group`. MySQL 9.7's
 * my_print_defaults: MYSQL_PRINT_DEFAULTS_FACTS (test/mysqlFacts.ts), where it differs.
 *
 * A data module: test files import it (importing a test file would run its tests).
 */
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Option files to write into a fresh directory, and the groups to ask for. */
export interface MycnfSetup {
  readonly title: string;
  /** Files relative to a fresh directory; `@DIR@` in their text stands for that directory. The first is the one read. */
  readonly files: Readonly<Record<string, string>>;
  /** Empty directories to create, relative to the fresh directory. */
  readonly dirs?: readonly string[];
  readonly groups: readonly string[];
  /** Working directory relative to the fresh directory (relative `!include` paths resolve against it); default: the directory. */
  readonly cwd?: string;
  /** HOME relative to the fresh directory (`!include ~/x` expands it); default: the directory. */
  readonly home?: string;
  /** Permission bits to set after writing, by file (a world-writable file is ignored). */
  readonly mode?: Readonly<Record<string, number>>;
  /** Symbolic links to make, relative to the fresh directory, to their targets (`@DIR@` as in files; they may dangle). */
  readonly symlinks?: Readonly<Record<string, string>>;
}

export interface MyPrintDefaultsFact extends MycnfSetup {
  readonly status: number;
  /** Exact stdout (one `--option` per line; a value with an escaped newline spans lines). */
  readonly stdout: string;
  /** Exact stderr, line by line, with `@DIR@` for the directory; absent: nothing on stderr. */
  readonly stderr?: readonly string[];
}

/** A fact our reader does not reproduce yet, with what my_print_defaults does and why we differ. */
export interface MyPrintDefaultsDisagreement extends MyPrintDefaultsFact {
  readonly why: string;
}

/**
 * The last line of my_print_defaults' stderr after a fatal error (the reader has no such message). Messages that go
 * through my_error start with a bell and the program name (`\amy_print_defaults: Can't read dir of ...`).
 */
export const MY_PRINT_DEFAULTS_ABORTED = 'Fatal error in defaults handling. Program aborted';
const ABORTED = MY_PRINT_DEFAULTS_ABORTED;

export const MY_PRINT_DEFAULTS_FACTS: readonly MyPrintDefaultsFact[] = [
  {
    title: 'whitespace around names and values is trimmed; a line without = is a bare option',
    files: { 'my.cnf': '[client]\na = 1\nb=  spaced value   \n  indented=1\ni\nj=\n=1\n a b = c d \nA-B_c=1\nloose_read-timeout=5\n' },
    groups: ['client'],
    status: 0,
    stdout: '--a=1\n--b=spaced value\n--indented=1\n--i\n--j=\n--=1\n--a b=c d\n--A-B_c=1\n--loose_read-timeout=5\n',
  },
  {
    title: 'one pair of surrounding quotes is removed, only when the value starts with one',
    files: {
      'my.cnf': `[client]\nc="quoted # not comment"\nd='single'\nk = "  pad  "\np="a" tail\nq="x"y"\nl="unterminated\nm='mixed"\ne1=""\ne2=''\nn=a"b"c\n`,
    },
    groups: ['client'],
    status: 0,
    stdout: `--c=quoted # not comment\n--d=single\n--k=  pad  \n--p="a" tail\n--q=x"y\n--l="unterminated\n--m='mixed"\n--e1=\n--e2=\n--n=a"b"c\n`,
  },
  {
    title: '# starts a comment anywhere outside quotes, even without a space; ; only at the start of a line',
    files: {
      'my.cnf': '[client]\ne=val # comment\nf=val#nospace\ns="x" # c\nt=\'x # y\'\nn=a;b\nr=a\\#b\n; semicolon line\n# hash line\n  # indented\n\t; tab\n',
    },
    groups: ['client'],
    status: 0,
    stdout: '--e=val\n--f=val\n--s=x\n--t=x # y\n--n=a;b\n--r=a\\\n',
  },
  {
    title: 'escapes \\t \\n \\\\ \\s \\" in values; unknown escapes and a trailing backslash stay',
    files: { 'my.cnf': '[client]\nh=x\\ty\\nz\\\\w\\sq\ng="a\\"b"\nu=\\x41\nv=\\\nw=x\\\\\n' },
    groups: ['client'],
    status: 0,
    stdout: '--h=x\ty\nz\\w q\n--g=a"b\n--u=\\x41\n--v=\\\n--w=x\\\n',
  },
  {
    title: 'CRLF line ends are stripped like spaces',
    files: { 'my.cnf': '[client]\r\na=1\r\nb = "q" \r\n' },
    groups: ['client'],
    status: 0,
    stdout: '--a=1\n--b=q\n',
  },
  {
    title: 'group names ignore case but not - and _; a group can be opened twice; text after ] is ignored',
    files: { 'my.cnf': '[CLIENT]\na=1\n[client_server]\nb=2\n[mysql]\nc=3\n[Client] # comment\nd=4\n[client]x\ne=5\n' },
    groups: ['client', 'client-server'],
    status: 0,
    stdout: '--a=1\n--d=4\n--e=5\n',
  },
  {
    title: 'a group header keeps leading spaces: [ spaced ] is the group " spaced"',
    files: { 'my.cnf': '[ spaced ]\nu=1\n' },
    groups: ['spaced', ' spaced'],
    status: 0,
    stdout: '--u=1\n',
  },
  {
    title: '!include inlines a file where it stands, also before any group; a missing file is silently skipped',
    files: {
      'my.cnf':
        '!include @DIR@/top.cnf\n[client]\na=1\n!include @DIR@/inc.cnf\nb=2\n  !include   @DIR@/inc.cnf  \n!include @DIR@/missing.cnf\nc=3\n#!include @DIR@/inc.cnf\n!bogus x\n',
      'top.cnf': '[client]\ntop=1\n',
      'inc.cnf': '[client]\ninc=1\n[mysql]\nincm=1\n',
    },
    groups: ['client'],
    status: 0,
    stdout: '--top=1\n--a=1\n--inc=1\n--b=2\n--inc=1\n--c=3\n',
  },
  {
    title: 'a group opened in an included file ends with it: the including file goes on in its own group',
    files: { 'my.cnf': '[client]\na=1\n!include @DIR@/inc.cnf\nb=2\n', 'inc.cnf': '[mysql]\nm=1\n' },
    groups: ['client'],
    status: 0,
    stdout: '--a=1\n--b=2\n',
  },
  {
    title: '!includedir reads *.cnf only, sorted by name',
    files: {
      'my.cnf': '[client]\na=1\n!includedir @DIR@/conf.d\nz=26\n',
      'conf.d/b.cnf': '[client]\nb=2\n',
      'conf.d/a.cnf': '[client]\nfirst=1\n',
      'conf.d/c.txt': '[client]\ntxt=1\n',
      'conf.d/d.ini': '[client]\nini=1\n',
      'conf.d/e.cnf.bak': '[client]\nbak=1\n',
    },
    groups: ['client'],
    status: 0,
    stdout: '--a=1\n--first=1\n--b=2\n--z=26\n',
  },
  {
    title: 'a relative !include path resolves against the working directory, not the including file',
    files: { 'etc/my.cnf': '[client]\n!include inc.cnf\n', 'etc/inc.cnf': '[client]\nfromEtc=1\n', 'inc.cnf': '[client]\nfromCwd=1\n' },
    groups: ['client'],
    status: 0,
    stdout: '--fromCwd=1\n',
  },
  {
    title: 'includes nest 10 levels deep; a file including itself is read 11 times, then a warning',
    files: { 'my.cnf': '[client]\nx=1\n!include @DIR@/my.cnf\n' },
    groups: ['client'],
    status: 0,
    stdout: '--x=1\n'.repeat(11),
    stderr: ["Warning: skipping '!include @DIR@/my.cnf' directive as maximum includerecursion level was reached in file @DIR@/my.cnf at line 3"],
  },
  {
    title: 'an option before any group is fatal',
    files: { 'my.cnf': 'orphan=1\n[client]\na=1\n' },
    groups: ['client'],
    status: 2,
    stdout: '',
    stderr: ['error: Found option without preceding group in config file: @DIR@/my.cnf at line: 1', ABORTED],
  },
  {
    title: 'a group header without ] is fatal',
    files: { 'my.cnf': '[client\na=1\n' },
    groups: ['client'],
    status: 2,
    stdout: '',
    stderr: ['error: Wrong group definition in config file: @DIR@/my.cnf at line 1', ABORTED],
  },
  {
    title: '!include without a file name is fatal',
    files: { 'my.cnf': '[client]\n!include\na=1\n' },
    groups: ['client'],
    status: 2,
    stdout: '',
    stderr: ["error: Wrong '!include' directive in config file: @DIR@/my.cnf at line 2", ABORTED],
  },
  {
    title: '!includedir of a missing directory is fatal',
    files: { 'my.cnf': '[client]\n!includedir @DIR@/nope\na=1\n' },
    groups: ['client'],
    status: 2,
    stdout: '',
    stderr: [`\u0007my_print_defaults: Can't read dir of '@DIR@/nope' (Errcode: 2 "No such file or directory")`, ABORTED],
  },
  {
    title: '!include on the last line without a line break reads the path minus its last character',
    files: { 'my.cnf': '[client]\na=1\n!include @DIR@/x.cnf', 'x.cn': '[client]\ncut=1\n', 'x.cnf': '[client]\nwhole=1\n' },
    groups: ['client'],
    status: 0,
    stdout: '--a=1\n--cut=1\n',
  },
  {
    title: 'on an unterminated last line the path loses its last character, then the whitespace before it',
    files: { 'my.cnf': '[client]\na=1\n!include @DIR@/x.cnf \tX', 'x.cnf': '[client]\nwhole=1\n' },
    groups: ['client'],
    status: 0,
    stdout: '--a=1\n--whole=1\n',
  },
  {
    title: '!include with a one-character path on an unterminated last line is left without a path: fatal',
    files: { 'my.cnf': '[client]\na=1\n!include x', x: '[client]\nx=1\n' },
    groups: ['client'],
    status: 2,
    stdout: '',
    stderr: ["error: Wrong '!include' directive in config file: @DIR@/my.cnf at line 3", ABORTED],
  },
  {
    title: '!include alone on an unterminated last line is ignored silently',
    files: { 'my.cnf': '[client]\na=1\n!include' },
    groups: ['client'],
    status: 0,
    stdout: '--a=1\n',
  },
  {
    title: '!INCLUDE, !includex and !bogus lines are ignored',
    files: { 'my.cnf': '[client]\na=1\n!INCLUDE @DIR@/inc.cnf\n!bogus @DIR@/inc.cnf\n!includex @DIR@/inc.cnf\n!\nb=2\n', 'inc.cnf': '[client]\ninc=1\n' },
    groups: ['client'],
    status: 0,
    stdout: '--a=1\n--b=2\n',
  },
  {
    title: 'spaces and tabs may follow the ! of a directive',
    files: {
      'my.cnf': '[client]\n!  include  @DIR@/inc.cnf\n!\tincludedir\t@DIR@/d\t\n',
      'inc.cnf': '[client]\ninc=1\n',
      'd/a.cnf': '[client]\ndir=1\n',
    },
    groups: ['client'],
    status: 0,
    stdout: '--inc=1\n--dir=1\n',
  },
  {
    title: 'a byte order mark before the first [group] is an option without a group: fatal',
    files: { 'my.cnf': '\uFEFF[client]\na=1\n' },
    groups: ['client'],
    status: 2,
    stdout: '',
    stderr: ['error: Found option without preceding group in config file: @DIR@/my.cnf at line: 1', ABORTED],
  },
  {
    title: '!include ~/x.cnf expands HOME',
    files: { 'my.cnf': '[client]\n!include ~/x.cnf\n', 'home/x.cnf': '[client]\nhome=1\n' },
    home: 'home',
    groups: ['client'],
    status: 0,
    stdout: '--home=1\n',
  },
  {
    title: '!include ~ does not expand HOME either: it names a file called ~ in the working directory',
    files: { 'my.cnf': '[client]\n!include ~\n', '~': '[client]\ntilde=1\n', 'home/x.cnf': '[client]\nhome=1\n' },
    home: 'home',
    groups: ['client'],
    status: 0,
    stdout: '--tilde=1\n',
  },
  {
    title: '!includedir ~/ does not expand HOME: fatal',
    files: { 'my.cnf': '[client]\na=1\n!includedir ~/\n', 'home/x.cnf': '[client]\nhome=1\n' },
    home: 'home',
    groups: ['client'],
    status: 2,
    stdout: '',
    stderr: [`\u0007my_print_defaults: Can't read dir of '~/' (Errcode: 2 "No such file or directory")`, ABORTED],
  },
  {
    title: '!includedir reads in byte order (.cnf, Z.cnf, a.cnf); a subdirectory named sub.cnf reads nothing',
    files: {
      'my.cnf': '[client]\n!includedir @DIR@/d\n',
      'd/a.cnf': '[client]\na=1\n',
      'd/Z.cnf': '[client]\nZ=1\n',
      'd/.cnf': '[client]\ndot=1\n',
      'd/sub.cnf/x.cnf': '[client]\nsub=1\n',
    },
    groups: ['client'],
    status: 0,
    stdout: '--dot=1\n--Z=1\n--a=1\n',
  },
  {
    title: '!includedir of a regular file is fatal (Not a directory)',
    files: { 'my.cnf': '[client]\na=1\n!includedir @DIR@/x.cnf\n', 'x.cnf': '[client]\nx=1\n' },
    groups: ['client'],
    status: 2,
    stdout: '',
    stderr: [`\u0007my_print_defaults: Can't read dir of '@DIR@/x.cnf' (Errcode: 20 "Not a directory")`, ABORTED],
  },
  {
    title: 'a dangling symbolic link, in an !includedir or named by !include, is skipped without a word',
    files: { 'my.cnf': '[client]\na=1\n!includedir d\n!include d/dangling.cnf\nz=1\n', 'd/b.cnf': '[client]\nb=1\n' },
    symlinks: { 'd/dangling.cnf': '@DIR@/nowhere.cnf' },
    groups: ['client'],
    status: 0,
    stdout: '--a=1\n--b=1\n--z=1\n',
  },
  {
    title: 'a world-writable included file is ignored with a warning',
    files: { 'my.cnf': '[client]\na=1\n!include @DIR@/ww.cnf\nb=1\n', 'ww.cnf': '[client]\nww=1\n' },
    mode: { 'ww.cnf': 0o666 },
    groups: ['client'],
    status: 0,
    stdout: '--a=1\n--b=1\n',
    stderr: ["Warning: World-writable config file '@DIR@/ww.cnf' is ignored"],
  },
  {
    title: 'every world-writable file of an !includedir is ignored with its own warning',
    files: {
      'my.cnf': '[client]\na=1\n!includedir @DIR@/d\nb=1\n',
      'd/a.cnf': '[client]\nwa=1\n',
      'd/b.cnf': '[client]\nok=1\n',
      'd/c.cnf': '[client]\nwc=1\n',
    },
    mode: { 'd/a.cnf': 0o666, 'd/c.cnf': 0o666 },
    groups: ['client'],
    status: 0,
    stdout: '--a=1\n--ok=1\n--b=1\n',
    stderr: ["Warning: World-writable config file '@DIR@/d/a.cnf' is ignored", "Warning: World-writable config file '@DIR@/d/c.cnf' is ignored"],
  },
  {
    title: '[ spaced ] is the group " spaced": the argument spaced does not select it',
    files: { 'my.cnf': '[ spaced ]\nu=1\n' },
    groups: ['spaced'],
    status: 0,
    stdout: '',
  },
  {
    title: "a quote in the name opens a quote: it's=1 # c keeps # c in the value",
    files: { 'my.cnf': "[client]\nit's=1 # c\n" },
    groups: ['client'],
    status: 0,
    stdout: "--it's=1 # c\n",
  },
  {
    title: 'an error in an included file ends that file only: the options before it count, the including file goes on, exit 0',
    files: {
      'my.cnf': '[client]\na=1\n!include @DIR@/group.cnf\n!include @DIR@/orphan.cnf\n!include @DIR@/dir.cnf\nb=2\n',
      'group.cnf': '[client]\nin=1\n[bad\nin2=1\n',
      'orphan.cnf': 'orphan=1\n[client]\nafter=1\n',
      'dir.cnf': '[client]\nd=1\n!includedir @DIR@/nope\nd2=1\n',
    },
    groups: ['client'],
    status: 0,
    stdout: '--a=1\n--in=1\n--d=1\n--b=2\n',
    stderr: [
      'error: Wrong group definition in config file: @DIR@/group.cnf at line 3',
      'error: Found option without preceding group in config file: @DIR@/orphan.cnf at line: 1',
      `\u0007my_print_defaults: Can't read dir of '@DIR@/nope' (Errcode: 2 "No such file or directory")`,
    ],
  },
  {
    title: 'messages name a file reached by a relative path as the path was written',
    files: { 'my.cnf': '[client]\na=1\n!include ./ww.cnf\n!includedir d\n', 'ww.cnf': '[client]\nww=1\n', 'd/w.cnf': '[client]\nw=1\n' },
    mode: { 'ww.cnf': 0o666, 'd/w.cnf': 0o666 },
    groups: ['client'],
    status: 0,
    stdout: '--a=1\n',
    stderr: ["Warning: World-writable config file './ww.cnf' is ignored", "Warning: World-writable config file 'd/w.cnf' is ignored"],
  },
  {
    title: 'group names compare bytes with latin1 case folding: [cliént] is not selected by cliÉnt',
    files: { 'my.cnf': '[cli\u00e9nt]\nx=1\n' },
    groups: ['cli\u00c9nt'],
    status: 0,
    stdout: '',
  },
  {
    title: 'the depth-limit warning quotes a directive on an unterminated last line one character short',
    files: { 'my.cnf': '[client]\nx=1\n!include @DIR@/my.cnfZ' },
    groups: ['client'],
    status: 0,
    stdout: '--x=1\n'.repeat(11),
    stderr: ["Warning: skipping '!include @DIR@/my.cnf' directive as maximum includerecursion level was reached in file @DIR@/my.cnf at line 3"],
  },
];

/**
 * What my_print_defaults does where our reader does not follow it, on purpose: the README's known limits. They come
 * from bytes the editor's decoded text cannot show (a lone CR, latin1 0xA0) or from a read before the line buffer.
 * The oracle checks that the program still does this.
 */
export const MY_PRINT_DEFAULTS_LIMITS: readonly MyPrintDefaultsDisagreement[] = [
  {
    title: 'a lone CR does not end a line: it is a space inside one',
    why: 'fgets splits at \\n only; the tokenizer splits lines as LSP does (\\r too)',
    files: { 'my.cnf': '[client]\ra=1\nb=2\rc=3\n# x\r[mysql]\nd=4\n' },
    groups: ['client'],
    status: 0,
    stdout: '--b=2\rc=3\n--d=4\n',
  },
  {
    title: 'an empty name after leading whitespace: the name becomes the rest of the line, line break included',
    why: 'the name trimming loop runs back past the start of the name into the indentation (and the length wraps)',
    files: { 'my.cnf': '[client]\n  = 2 # c\n =\n  =x' },
    groups: ['client'],
    status: 0,
    stdout: '--= 2 =2\n--=\n=\n--=x=x\n',
  },
  {
    title: 'byte 0xA0 is a space (latin1): a value ending in à (C3 A0) loses its last byte',
    why: 'the programs trim bytes with the latin1 ctype; we trim characters of the decoded text',
    files: { 'my.cnf': '[client]\na=\u00e0\nb=x\u00a0\n' },
    groups: ['client'],
    status: 0,
    stdout: '--a=\uFFFD\n--b=x\uFFFD\n',
  },
];

/** Where a fact was written: the file to read, the working directory and HOME, all absolute. */
export interface WrittenFact {
  readonly dir: string;
  readonly main: string;
  readonly cwd: string;
  readonly home: string;
}

/** Writes a fact's files under `dir` (which must exist), `@DIR@` replaced, modes applied. */
export function writeMycnfFact(fact: MycnfSetup, dir: string): WrittenFact {
  for (const d of fact.dirs ?? []) mkdirSync(join(dir, d), { recursive: true });
  for (const [name, text] of Object.entries(fact.files)) {
    const p = join(dir, name);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text.replaceAll('@DIR@', dir));
  }
  for (const [name, mode] of Object.entries(fact.mode ?? {})) chmodSync(join(dir, name), mode);
  for (const [name, target] of Object.entries(fact.symlinks ?? {})) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    symlinkSync(target.replaceAll('@DIR@', dir), join(dir, name));
  }
  const cwd = fact.cwd ? join(dir, fact.cwd) : dir;
  const home = fact.home ? join(dir, fact.home) : dir;
  mkdirSync(cwd, { recursive: true });
  mkdirSync(home, { recursive: true });
  return { dir, main: join(dir, Object.keys(fact.files)[0]!), cwd, home };
}

/** A stderr line without the bell and program name my_error puts before it (`\amy_print_defaults: `, `keepalive-lens: `). */
export const withoutProgramName = (line: string): string => line.replace(/^\u0007?my_print_defaults: /, '');

/** stderr as lines (`@DIR@` for `dir`), without the final empty one. */
export function stderrLines(stderr: string, dir: string): string[] {
  const lines = stderr.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => l.replaceAll(dir, '@DIR@'));
}
