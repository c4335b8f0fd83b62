/**
 * Oracle test: the option-file analysis against the real MySQL 9.7 programs, on seeded random files; the MySQL
 * twin of test/oracle/mycnf-analysis.test.ts (same driver, test/oracle/mycnfAnalysisOracle.ts).
 *
 *   bash scripts/mysql-root.sh && node --import tsx --test test/oracle/mysql-analysis.test.ts
 *
 * test/genMycnfOptions.ts writes MySQL files (`generateOptionFile(r, 'mysql')`): the groups MySQL's programs read
 * ([client], [mysql], [mysqldump], [mysqladmin], [mysqld], [server]), the timeout family (with the MariaDB-only
 * names people copy, which MySQL does not know), real options of the MySQL tables, typos, prefixes (MySQL takes
 * none), odd letter case (MySQL's names are case-sensitive), `loose-`/`LOOSE-`, skip-/enable-/disable-, and names
 * no program knows (mysql skips the first unknown option of its files and refuses the second). The programs run
 * from the private root scripts/mysql-root.sh builds, as test/oracle/mysql-programs.test.ts runs them: the clients
 * with `--defaults-file=F --protocol=tcp --host=127.0.0.1 --port=9` (nothing listens there: a client that starts
 * says "Can't connect"), mysqld with `--defaults-file=F --validate-config --log-error-verbosity=2` (it checks the
 * options without starting, exits 1 where a start would abort, and shows its clamp warnings at verbosity 2) on a
 * fresh empty datadir; when that passes, `--help --verbose` as well, for the values it would run with. Then, with
 * the settings `mysqlFlavor: 'mysql'`:
 *
 * (a) a program refuses to start iff programView(read, P).failures is non-empty;
 * (b) the error lines one run prints are exactly programView(read, P).printed, whole: `mysql: [ERROR] ... .`, and
 *     mysqld's `[ERROR] [MY-000058] [Server] ... .` without the timestamp and thread id; mysqld's closing
 *     `[ERROR] [MY-010119] [Server] Aborting` is left out (the model does not print it). Option names in the lines
 *     that name an option by its declared spelling (clamps, "requires an argument", "Unknown suffix", "Error while
 *     setting") compare with `-`/`_` folded.
 * (c) a program that starts prints exactly the clamp warnings readMycnfInt predicts (`mysql: [Warning] option
 *     'connect_timeout': unsigned value 99999 adjusted to 43200.`), and mysqld runs with effectiveInt's value for
 *     each of SERVER_VALUES;
 * (d) analyzeMycnf reports an error on exactly the lines that alone (`[group]` + the line) make some program reading
 *     their group refuse to start; those single-line runs are also compared with programView as in (a) and (b).
 *     mysql skips the first unknown option of its files, so alone an unknown line never stops it: mysql also runs
 *     each line of its groups after an unknown absorber line (`zz_keepalive_lens_absorber=1`), and (d) judges a line
 *     by that run once an earlier line of the file was unknown to mysql (its own absorber run named it unknown).
 *
 * mysqld's path: mysqlSelf() names it `/usr/sbin/mysqld` (Debian's) in "Error while setting" lines. The root's
 * wrapper runs the binary through sid's dynamic loader without --argv0, so the real line names
 * `$ROOT/usr/sbin/mysqld`; the test compares it with `$ROOT/usr/` read as `/usr/` (as mysql-programs.test.ts does).
 * The clients' wrappers pass --argv0, so they name themselves as installed ones do.
 *
 * Left out by the generator (KNOWN_LIMITS in test/genMycnfOptions.ts, each with its reason): what the model does
 * not judge for MySQL either (non-integer values, cross-option checks, plugin option values: mysqld disables the
 * plugin and then also calls the line an unknown variable, `maximum-`), and `mysql-negative-unsigned`: a negative
 * value for an unsigned option, which MySQL's programs warn about (`value -5 adjusted to 0`, [MY-000082]) and run
 * with, where the model makes no claim. Such a warning is still read as a clamp, so one the generator let through
 * would show in (c).
 *
 * Knobs: ORACLE_SEED (number; printed with every failure), ORACLE_FILES (how many files, default 60).
 * The root is $KEEPALIVE_MYSQL_ROOT or ${XDG_CACHE_HOME:-~/.cache}/keepalive-lens/mysql-sid; when it is missing the
 * test skips, unless CI is set: then it fails.
 */
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { MysqlProgram } from '../../server/src/service/catalog/mycnf';
import { DEFAULT_SETTINGS } from '../../server/src/service/index';
import { MYSQL_GROUP_READERS, MYSQL_RUN_PROGRAMS } from '../genMycnfOptions';
import { MYSQL_ROOT, type ProgramRun, runProgram, unavailableOracle } from './harness';
import { describeAnalysisOracle, modelErrorLines, modelPrediction, type Observed, type Predicted } from './mycnfAnalysisOracle';
import { clientStart } from './mycnfClients';

/** The programs these tests start are MySQL's. */
const MYSQL_SETTINGS = { ...DEFAULT_SETTINGS, mysqlFlavor: 'mysql', mysqlFlavorSource: 'setting' } as const;

const TITLE = 'mycnf analysis vs the real MySQL programs';
const SEED = Number(process.env.ORACLE_SEED ?? 0x6d79736c) >>> 0;
const FILES = Number(process.env.ORACLE_FILES ?? 60);
const PARALLEL = Math.max(4, availableParallelism() * 3);
const ROOT = MYSQL_ROOT;
const BIN = join(ROOT, 'bin');
const USER = process.getuid?.() === 0 ? ['--user=root'] : [];

/** The server values (c) compares, as mysqld's `--help --verbose` names them. */
const SERVER_VALUES = ['wait_timeout', 'interactive_timeout', 'net_read_timeout', 'net_write_timeout', 'connect_timeout', 'max_allowed_packet'] as const;

function unavailable(): string | undefined {
  if (process.platform !== 'linux') return `not Linux (${process.platform}); the MySQL oracle runs Debian's MySQL programs`;
  for (const p of MYSQL_RUN_PROGRAMS) {
    if (!existsSync(join(BIN, p))) return `the private MySQL root is missing (no ${join(BIN, p)}); build it with: bash scripts/mysql-root.sh`;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Running the programs

let work = '';

const run = (program: MysqlProgram, args: readonly string[]): Promise<ProgramRun> =>
  runProgram(join(BIN, program), args, { cwd: work, home: work, timeout: 30_000 });

/** mysqld's own arguments after the option file: a fresh empty datadir, a secure-file-priv that exists. */
const serverArgs = (): string[] => [`--datadir=${mkdtempSync(join(work, 'd-'))}`, `--secure-file-priv=${join(work, 'files')}`, ...USER];

/** Any clamp warning, also the negative-value one (`value -5 adjusted to 0`) the generator should leave out. */
const CLAMP = /^option '[^']*': (?:(?:un)?signed )?value \S+ adjusted to \S+\.$/;
const CONNECTING = /Can't connect to MySQL server on '127\.0\.0\.1:9'/;
const CONNECTION_LINE = /Can't connect|connect to server at|Check that mysqld is running|telnet 127\.0\.0\.1/;
const SERVER_LINE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z \d+ (\[(ERROR|Warning|Note|System)\] \[MY-\d+\] \[\w+\] (.*))$/;
const ABORTING = '[ERROR] [MY-010119] [Server] Aborting';

const nonEmpty = (text: string): string[] => text.split('\n').filter((l) => l.trim() !== '');
/** The root's paths as an installed MySQL's (mysqld names itself by its path). */
const installed = (line: string): string => line.replaceAll(`${ROOT}/usr/`, '/usr/');

async function runServer(path: string): Promise<Observed> {
  const r = await run('mysqld', [`--defaults-file=${path}`, '--validate-config', '--log-error-verbosity=2', ...serverArgs()]);
  const errors: string[] = [];
  const clamps: string[] = [];
  for (const l of nonEmpty(r.stderr).map(installed)) {
    const m = SERVER_LINE.exec(l);
    if (!m) errors.push(l);
    else if (m[1] === ABORTING) continue;
    else if (m[2] === 'ERROR') errors.push(m[1]!);
    else if (m[2] === 'Warning' && CLAMP.test(m[3]!)) clamps.push(m[1]!);
  }
  const started = r.status === 0;
  const values: Record<string, string> = {};
  if (started) {
    const help = await run('mysqld', [`--defaults-file=${path}`, '--help', '--verbose', ...serverArgs()]);
    for (const name of SERVER_VALUES) {
      const m = new RegExp(`^${name.replaceAll('_', '-')}\\s+(\\S+)$`, 'm').exec(help.stdout);
      if (m) values[name] = m[1]!;
    }
  }
  return { started, how: started ? 'exit 0' : `exit ${r.status}`, errors: errors.sort(), clamps: clamps.sort(), values };
}

async function runClient(program: MysqlProgram, path: string): Promise<Observed> {
  const r = await run(program, clientStart(program, path));
  const started = CONNECTING.test(r.stderr) || CONNECTING.test(r.stdout);
  const errors: string[] = [];
  const clamps: string[] = [];
  const warning = `${program}: [Warning] `;
  for (const l of nonEmpty(r.stderr)) {
    if (l.startsWith(warning)) {
      // Clamps; the other warnings (`loose-` unknown names, invalid booleans) are no errors.
      if (CLAMP.test(l.slice(warning.length))) clamps.push(l);
    } else if (l.startsWith('WARNING: ')) {
      // Deprecations: `WARNING: --compress is deprecated and will be removed in a future version. ...`.
    } else if (started && CONNECTION_LINE.test(l)) {
      // The connection error.
    } else {
      errors.push(l);
    }
  }
  const unknownNamed = /: \[(?:ERROR|Warning)\] unknown (?:variable|option) '/.test(r.stderr);
  return { started, how: started ? 'connects' : `exit ${r.status}`, errors: errors.sort(), clamps: clamps.sort(), values: {}, unknownNamed };
}

// ---------------------------------------------------------------------------------------------------------
// What the model says, and how lines compare

const predict = (text: string, uri: string, program: MysqlProgram): Predicted =>
  modelPrediction(MYSQL_SETTINGS, text, uri, program, { message: (l) => l, server: 'mysqld', serverValues: SERVER_VALUES });

/**
 * The programs name an option by its declared spelling (`max_allowed_packet`, `innodb-buffer-pool-size`) in clamp
 * warnings, arity errors, "Unknown suffix" and "Error while setting", the model by the file's (normalised) one:
 * those names compare with `-` folded to `_`; the rest of the line stays exact (unknown names too).
 */
const SPELLED: readonly RegExp[] = [
  /((?<!unknown )option '(?:--)?)([^']*)(')/,
  /(Empty value for ')([^']*)(')/,
  /(used for variable ')([^']*)(')/,
  /(Error while setting value '.*' to ')([^']*)(')/,
];
const fold = (line: string): string =>
  SPELLED.reduce((l, re) => l.replace(re, (_, a: string, n: string, b: string) => `${a}${n.replaceAll('-', '_')}${b}`), line);
const folded = (lines: readonly string[]): readonly string[] => lines.map(fold).sort();

// ---------------------------------------------------------------------------------------------------------

const reason = unavailable();
if (reason) {
  unavailableOracle(TITLE, reason, 'agrees with the real programs');
} else {
  describeAnalysisOracle<MysqlProgram>({
    title: TITLE,
    seed: SEED,
    files: FILES,
    parallel: PARALLEL,
    flavor: 'mysql',
    programs: MYSQL_RUN_PROGRAMS,
    groupReaders: MYSQL_GROUP_READERS,
    slow: 'mysqld',
    prepare: (w) => {
      work = w;
      mkdirSync(join(w, 'files'), { mode: 0o700 });
    },
    run: (program, path) => (program === 'mysqld' ? runServer(path) : runClient(program, path)),
    predict,
    errorLines: (text, uri) => modelErrorLines(MYSQL_SETTINGS, text, uri),
    comparable: (real) => folded(real),
    folded,
    foldClamp: fold,
    cTitle: '(c) a program that starts prints exactly the clamp warnings readMycnfInt predicts, and mysqld runs with effectiveInt values',
    absorber: { program: 'mysql', line: 'zz_keepalive_lens_absorber=1' },
  });
}
