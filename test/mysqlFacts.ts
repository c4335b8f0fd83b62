/**
 * What MySQL 9.7's my_print_defaults prints where it differs from MariaDB's (MYSQL_PRINT_DEFAULTS_FACTS), with the
 * fact shape of test/mycnfFacts.ts. Used by test/oracle/mysql-reader.test.ts and test/service/mysql-reader.test.ts.
 */
import type { MyPrintDefaultsFact } from './mycnfFacts';

/** MySQL's my_print_defaults' last stderr line after a fatal error, without its name (`my_print_defaults: `). */
export const MYSQL_PRINT_DEFAULTS_ABORTED = '[ERROR] Fatal error in defaults handling. Program aborted!';
const MYSQL_ABORTED = MYSQL_PRINT_DEFAULTS_ABORTED;

/**
 * What MySQL 9.7's `my_print_defaults --defaults-file=F --show GROUP...` prints where it differs from MariaDB's (the
 * cases of MY_PRINT_DEFAULTS_FACTS it prints otherwise, and more of the same kind); stderr without the program's
 * name. Where these do not say otherwise, MySQL's programs read and print as MY_PRINT_DEFAULTS_FACTS records (the
 * MySQL reader oracle runs every one of those against MySQL's program too), and MY_PRINT_DEFAULTS_LIMITS hold for
 * them as well. Measured, and re-checked by test/oracle/mysql-reader.test.ts; test/service/mysql-reader.test.ts
 * reproduces them with readMycnf(..., 'mysql').
 *
 * The differences: their own words (`[ERROR] `, `[Warning] `, a final `.`, `OS errno 2 - text`); an `!include`
 * target that cannot be stat'ed or opened is reported, and after every included file that failed (missing,
 * unreadable, ended by an error) the including file's directive is named ("Stopped processing"), where MariaDB's
 * programs say nothing; and on a last line without a line break the `!include` path is read whole.
 */
export const MYSQL_PRINT_DEFAULTS_FACTS: readonly MyPrintDefaultsFact[] = [
  {
    title: 'a missing !include target is reported, with the directive, and the file goes on',
    files: { 'my.cnf': '[client]\na=1\n!include @DIR@/missing.cnf\n!include missing.cnf\n!include ~/missing.cnf\n!include ~\nb=2\n' },
    home: 'home',
    groups: ['client'],
    status: 0,
    stdout: '--a=1\n--b=2\n',
    stderr: [
      "Can't get stat of '@DIR@/missing.cnf' (OS errno 2 - No such file or directory)",
      "[ERROR] Stopped processing the 'include' directive in file @DIR@/my.cnf at line 3.",
      "Can't get stat of 'missing.cnf' (OS errno 2 - No such file or directory)",
      "[ERROR] Stopped processing the 'include' directive in file @DIR@/my.cnf at line 4.",
      "Can't get stat of '@DIR@/home/missing.cnf' (OS errno 2 - No such file or directory)",
      "[ERROR] Stopped processing the 'include' directive in file @DIR@/my.cnf at line 5.",
      "Can't get stat of '~' (OS errno 2 - No such file or directory)",
      "[ERROR] Stopped processing the 'include' directive in file @DIR@/my.cnf at line 6.",
    ],
  },
  {
    title: 'a path through a file is reported with its own error (Not a directory); a directory is read as nothing, silently',
    files: { 'my.cnf': '[client]\na=1\n!include @DIR@/x.cnf/y.cnf\n!include @DIR@/d\nb=2\n', 'x.cnf': '[client]\nx=1\n', 'd/z.cnf': '[client]\nz=1\n' },
    groups: ['client'],
    status: 0,
    stdout: '--a=1\n--b=2\n',
    stderr: [
      "Can't get stat of '@DIR@/x.cnf/y.cnf' (OS errno 20 - Not a directory)",
      "[ERROR] Stopped processing the 'include' directive in file @DIR@/my.cnf at line 3.",
    ],
  },
  {
    title: 'a dangling symbolic link is reported where the directive reaches it, in an !includedir too, and the file goes on',
    files: { 'my.cnf': '[client]\na=1\n!includedir d\n!include d/dangling.cnf\nz=1\n', 'd/b.cnf': '[client]\nb=1\n' },
    symlinks: { 'd/dangling.cnf': '@DIR@/nowhere.cnf' },
    groups: ['client'],
    status: 0,
    stdout: '--a=1\n--b=1\n--z=1\n',
    stderr: [
      "Can't get stat of 'd/dangling.cnf' (OS errno 2 - No such file or directory)",
      "[ERROR] Stopped processing the 'includedir' directive in file @DIR@/my.cnf at line 3.",
      "Can't get stat of 'd/dangling.cnf' (OS errno 2 - No such file or directory)",
      "[ERROR] Stopped processing the 'include' directive in file @DIR@/my.cnf at line 4.",
    ],
  },
  {
    title: 'includes nest 10 levels deep; a file including itself is read 11 times, then a warning in MySQL words',
    files: { 'my.cnf': '[client]\nx=1\n!include @DIR@/my.cnf\n' },
    groups: ['client'],
    status: 0,
    stdout: '--x=1\n'.repeat(11),
    stderr: ["[Warning] Skipping '!include @DIR@/my.cnf' directive as maximum include recursion level was reached in file @DIR@/my.cnf at line 3."],
  },
  {
    title: 'the depth-limit warning still quotes a directive on an unterminated last line one character short',
    files: { 'my.cnf': '[client]\nx=1\n!include @DIR@/my.cnf\n!bogus \tZ' },
    groups: ['client'],
    status: 0,
    stdout: '--x=1\n'.repeat(11),
    stderr: [
      "[Warning] Skipping '!include @DIR@/my.cnf' directive as maximum include recursion level was reached in file @DIR@/my.cnf at line 3.",
      "[Warning] Skipping '!bogus' directive as maximum include recursion level was reached in file @DIR@/my.cnf at line 4.",
    ],
  },
  {
    title: 'an option before any group is fatal (MySQL words)',
    files: { 'my.cnf': 'orphan=1\n[client]\na=1\n' },
    groups: ['client'],
    status: 2,
    stdout: '',
    stderr: ['[ERROR] Found option without preceding group in config file @DIR@/my.cnf at line 1.', MYSQL_ABORTED],
  },
  {
    title: 'a group header without ] is fatal (MySQL words)',
    files: { 'my.cnf': '[client]\na=1\n[client\nb=1\n' },
    groups: ['client'],
    status: 2,
    stdout: '',
    stderr: ['[ERROR] Wrong group definition in config file @DIR@/my.cnf at line 3.', MYSQL_ABORTED],
  },
  {
    title: '!include without a file name is fatal (MySQL words)',
    files: { 'my.cnf': '[client]\n!includedir   \na=1\n' },
    groups: ['client'],
    status: 2,
    stdout: '',
    stderr: ["[ERROR] Wrong '!includedir' directive in config file @DIR@/my.cnf at line 2.", MYSQL_ABORTED],
  },
  {
    title: '!includedir of a missing directory is fatal, and the directive is named',
    files: { 'my.cnf': '[client]\n!includedir @DIR@/nope\na=1\n' },
    groups: ['client'],
    status: 2,
    stdout: '',
    stderr: [
      "Can't read dir of '@DIR@/nope' (OS errno 2 - No such file or directory)",
      "[ERROR] Stopped processing the 'includedir' directive in file @DIR@/my.cnf at line 2.",
      MYSQL_ABORTED,
    ],
  },
  {
    title: '!includedir of a regular file is fatal (Not a directory)',
    files: { 'my.cnf': '[client]\na=1\n!includedir @DIR@/x.cnf\n', 'x.cnf': '[client]\nx=1\n' },
    groups: ['client'],
    status: 2,
    stdout: '',
    stderr: [
      "Can't read dir of '@DIR@/x.cnf' (OS errno 20 - Not a directory)",
      "[ERROR] Stopped processing the 'includedir' directive in file @DIR@/my.cnf at line 3.",
      MYSQL_ABORTED,
    ],
  },
  {
    title: '!include on the last line without a line break reads the whole path',
    files: { 'my.cnf': '[client]\na=1\n!include @DIR@/x.cnf', 'x.cn': '[client]\ncut=1\n', 'x.cnf': '[client]\nwhole=1\n' },
    groups: ['client'],
    status: 0,
    stdout: '--a=1\n--whole=1\n',
  },
  {
    title: 'on an unterminated last line nothing is cut from the path, not even the whitespace before its last character',
    files: { 'my.cnf': '[client]\na=1\n!include @DIR@/x.cnf \tX', 'x.cnf': '[client]\nwhole=1\n' },
    groups: ['client'],
    status: 0,
    stdout: '--a=1\n',
    stderr: [
      "Can't get stat of '@DIR@/x.cnf \tX' (OS errno 2 - No such file or directory)",
      "[ERROR] Stopped processing the 'include' directive in file @DIR@/my.cnf at line 3.",
    ],
  },
  {
    title: '!include with a one-character path on an unterminated last line reads that file',
    files: { 'my.cnf': '[client]\na=1\n!include x', x: '[client]\nx=1\n' },
    groups: ['client'],
    status: 0,
    stdout: '--a=1\n--x=1\n',
  },
  {
    title: '!includedir on an unterminated last line reads the whole directory name',
    files: { 'my.cnf': '[client]\na=1\n!includedir @DIR@/d', 'd/a.cnf': '[client]\nd=1\n' },
    groups: ['client'],
    status: 0,
    stdout: '--a=1\n--d=1\n',
  },
  {
    title: 'world-writable files are ignored with a warning in MySQL words, and no directive is named',
    files: {
      'my.cnf': '[client]\na=1\n!include @DIR@/ww.cnf\n!includedir d\nb=1\n',
      'ww.cnf': '[client]\nww=1\n',
      'd/a.cnf': '[client]\nwa=1\n',
      'd/b.cnf': '[client]\nok=1\n',
    },
    mode: { 'ww.cnf': 0o666, 'd/a.cnf': 0o666 },
    groups: ['client'],
    status: 0,
    stdout: '--a=1\n--ok=1\n--b=1\n',
    stderr: ["[Warning] World-writable config file '@DIR@/ww.cnf' is ignored.", "[Warning] World-writable config file 'd/a.cnf' is ignored."],
  },
  {
    title: 'an error in an included file ends that file only, and the including file names its directive (at every level)',
    files: {
      'my.cnf': '[client]\na=1\n!include @DIR@/group.cnf\n!include @DIR@/orphan.cnf\n!include @DIR@/dir.cnf\n!includedir @DIR@/d\nb=2\n',
      'group.cnf': '[client]\nin=1\n[bad\nin2=1\n',
      'orphan.cnf': 'orphan=1\n[client]\nafter=1\n',
      'dir.cnf': '[client]\nd=1\n!includedir @DIR@/nope\nd2=1\n',
      'd/a.cnf': '[client]\nda=1\n!include\t\nda2=1\n',
      'd/b.cnf': '[client]\ndb=1\n',
    },
    groups: ['client'],
    status: 0,
    stdout: '--a=1\n--in=1\n--d=1\n--da=1\n--db=1\n--b=2\n',
    stderr: [
      '[ERROR] Wrong group definition in config file @DIR@/group.cnf at line 3.',
      "[ERROR] Stopped processing the 'include' directive in file @DIR@/my.cnf at line 3.",
      '[ERROR] Found option without preceding group in config file @DIR@/orphan.cnf at line 1.',
      "[ERROR] Stopped processing the 'include' directive in file @DIR@/my.cnf at line 4.",
      "Can't read dir of '@DIR@/nope' (OS errno 2 - No such file or directory)",
      "[ERROR] Stopped processing the 'includedir' directive in file @DIR@/dir.cnf at line 3.",
      "[ERROR] Stopped processing the 'include' directive in file @DIR@/my.cnf at line 5.",
      "[ERROR] Wrong '!include' directive in config file @DIR@/d/a.cnf at line 3.",
      "[ERROR] Stopped processing the 'includedir' directive in file @DIR@/my.cnf at line 6.",
    ],
  },
];
