/**
 * Oracle test: the option-file analysis against the real MariaDB programs, on seeded random files.
 *
 *   node --import tsx --test test/oracle/mycnf-analysis.test.ts
 *
 * test/genMycnfOptions.ts writes files with the groups the clients and the server read, holding the timeout family,
 * real options, typos, prefixes, loose-/skip-/enable- spellings and numbers the programs read, refuse or clamp. Every
 * program then reads each file exactly as the catalog oracle (test/oracle/mycnf-programs.test.ts) runs it: the
 * clients with `--defaults-file=F --protocol=tcp --host=127.0.0.1 --port=9` (nothing listens there, so a client that
 * starts says "Can't connect"), mariadbd with `--defaults-file=F --help --verbose` (it checks the options as a start
 * does, exits non-zero when it would refuse to start, and prints the values it would run with). Then:
 *
 * (a) a program refuses to start iff programView(read, P).failures is non-empty;
 * (b) the error lines one run prints (mariadbd's without timestamp and `[ERROR]`) are exactly programView(read, P).printed
 *     (an ambiguous-option line must start with our text, which does not name the candidates; option names in
 *     declared-spelling lines compare with `-`/`_` folded, see SPELLED);
 * (c) a program that starts prints exactly the clamp warnings readMycnfInt predicts for the lines it takes, and
 *     mariadbd runs with effectiveInt's value for each server timeout and max_allowed_packet;
 * (d) analyzeMycnf reports an error on exactly the lines that make some program reading their group refuse to
 *     start, where "make it refuse" is measured by running the program on the line alone (`[group]` + the line);
 *     those single-line runs are also compared with programView as in (a) and (b).
 *
 * `--help --verbose` is no start where a plugin's options fail: mariadbd disables the plugin ("Parsing options for
 * plugin 'InnoDB' failed. Disabling plugin") and exits 0. Only then the test starts a real server (empty datadir, no
 * networking) to see whether it comes up without the plugin.
 *
 * The generator leaves out the lines under a known limit of the model (KNOWN_LIMITS in test/genMycnfOptions.ts, each
 * with its reason, as the README's Known limits list them).
 *
 * The driver (files, runs, the five checks) is shared with the MySQL oracle: test/oracle/mycnfAnalysisOracle.ts.
 *
 * Knobs: ORACLE_SEED (number; printed with every failure), ORACLE_FILES (how many files, default 60: about 20 s on
 * two cores).
 * Skips when a program is missing (apt-get install mariadb-client mariadb-server), unless CI is set: then it fails.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { MariadbProgram } from '../../server/src/service/catalog/mycnf';
import { DEFAULT_SETTINGS } from '../../server/src/service/index';
import { GROUP_READERS, PROGRAMS } from '../genMycnfOptions';
import { type ProgramRun, programEnv, runProgram, unavailableOracle } from './harness';
import { describeAnalysisOracle, modelErrorLines, modelPrediction, type Observed, type Predicted } from './mycnfAnalysisOracle';
import { clientStart } from './mycnfClients';

/** The programs these tests start are MariaDB's. */
const MARIADB_SETTINGS = { ...DEFAULT_SETTINGS, mysqlFlavor: 'mariadb', mysqlFlavorSource: 'setting' } as const;

const TITLE = 'mycnf analysis vs the real MariaDB programs';
const SEED = Number(process.env.ORACLE_SEED ?? 0x6d79616e) >>> 0;
const FILES = Number(process.env.ORACLE_FILES ?? 60);
const PARALLEL = Math.max(4, availableParallelism() * 3);

/** The server values (c) compares, as `--help --verbose` names them. */
const SERVER_VALUES = [
  'wait_timeout',
  'interactive_timeout',
  'net_read_timeout',
  'net_write_timeout',
  'tcp_keepalive_time',
  'tcp_keepalive_interval',
  'tcp_keepalive_probes',
  'max_allowed_packet',
] as const;

function unavailable(): string | undefined {
  if (process.platform !== 'linux') return `not Linux (${process.platform}); the mycnf oracle runs the Debian MariaDB programs`;
  for (const p of PROGRAMS) {
    if (spawnSync('sh', ['-c', `command -v ${p}`]).status !== 0) return `${p} is not installed (apt-get install mariadb-client mariadb-server)`;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Running the programs

type Run = ProgramRun;

let work = '';
const childEnv = (): NodeJS.ProcessEnv => programEnv(work);

const run = (cmd: string, args: readonly string[], timeout = 20_000): Promise<Run> => runProgram(cmd, args, { cwd: work, home: work, timeout });

/**
 * The command line. mariadbd gets a fresh empty datadir of its own as well: --help probes the datadir's file-name
 * case sensitivity (it creates and deletes HOST.lower-test there), and runs sharing /var/lib/mysql race on that file
 * ("Error on delete of '/var/lib/mysql/HOST.lower-test'").
 */
function invocation(program: MariadbProgram, file: string): string[] {
  if (program === 'mariadbd') return [`--defaults-file=${file}`, '--help', '--verbose', `--datadir=${mkdtempSync(join(work, 'd-'))}`];
  return clientStart(program, file);
}

const isRoot = process.getuid?.() === 0;

/**
 * Whether mariadbd really comes up with the option file (empty datadir, no networking): asked only when
 * `--help --verbose` exits 0 after "Parsing options for plugin 'X' failed. Disabling plugin", because there --help
 * is no start: a real start then runs without the plugin, which aborts it when the plugin is InnoDB (the default
 * storage engine) and not when it is, say, the performance schema.
 */
async function serverComesUp(file: string): Promise<boolean> {
  const datadir = mkdtempSync(join(work, 'srv-'));
  const socket = join(datadir, 's.sock');
  const child = spawn(
    'mariadbd',
    [
      `--defaults-file=${file}`,
      `--datadir=${datadir}`,
      `--socket=${socket}`,
      `--pid-file=${join(datadir, 's.pid')}`,
      '--skip-networking',
      '--skip-grant-tables',
      ...(isRoot ? ['--user=root'] : []),
    ],
    { cwd: work, env: childEnv(), stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  let up = false;
  for (let i = 0; i < 300 && !up && child.exitCode === null && child.signalCode === null; i++) {
    await new Promise((r) => setTimeout(r, 100));
    up = (await run('mariadb-admin', ['--no-defaults', `--socket=${socket}`, '--connect-timeout=2', 'ping'])).status === 0;
  }
  if (child.exitCode === null && child.signalCode === null) {
    if (up) await run('mariadb-admin', ['--no-defaults', `--socket=${socket}`, 'shutdown']);
    else child.kill('SIGKILL');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
  return up;
}

const CLAMP = /^option '[^']*': (?:un)?signed value \S+ adjusted to \S+$/;
const CONNECTING = /Can't connect to server on '127\.0\.0\.1'/;
const USAGE_LINE = /^(User time|Maximum resident set size|Non-physical pagefaults|Blocks in|Voluntary context switches) /;
const CONNECTION_LINE = /Can't connect|connect to server at|Check that mariadbd is running|Connecting to 127\.0\.0\.1/;
const SERVER_LINE = /^\d{4}-\d\d-\d\d\s+\d{1,2}:\d\d:\d\d \d+ \[(ERROR|Warning|Note)\] (.*)$/;

function observe(program: MariadbProgram, r: Run, comesUp?: boolean): Observed {
  const errors: string[] = [];
  const clamps: string[] = [];
  const values: Record<string, string> = {};
  const lines = r.stderr.split('\n').filter((l) => l.trim() !== '');
  let started: boolean;
  if (program === 'mariadbd') {
    started = r.status === 0 && comesUp !== false;
    for (const l of lines) {
      const m = SERVER_LINE.exec(l);
      if (!m) errors.push(l);
      else if (m[1] === 'ERROR') errors.push(m[2]!);
      else if (m[1] === 'Warning' && CLAMP.test(m[2]!)) clamps.push(m[2]!);
    }
    for (const name of SERVER_VALUES) {
      const m = new RegExp(`^${name.replaceAll('_', '-')}\\s+(\\S+)$`, 'm').exec(r.stdout);
      if (m) values[name] = m[1]!;
    }
  } else {
    started = CONNECTING.test(r.stderr) || CONNECTING.test(r.stdout);
    for (const l of lines) {
      if (l.startsWith('Warning: ')) {
        if (CLAMP.test(l.slice(9))) clamps.push(l.slice(9));
      } else if (l.startsWith('Info: ')) {
        // "Using unique option prefix ..."
      } else if (started && CONNECTION_LINE.test(l)) {
        // The connection error, and what --verbose says before it ("-- Connecting to 127.0.0.1...").
      } else if (USAGE_LINE.test(l)) {
        // --debug-info: resource usage at exit.
      } else {
        errors.push(l);
      }
    }
  }
  const how =
    comesUp === false
      ? '--help --verbose exits 0 after disabling a plugin, a real start fails'
      : comesUp === true
        ? 'exit 0, a real start comes up without the plugin'
        : started
          ? program === 'mariadbd'
            ? 'exit 0'
            : 'connects'
          : `exit ${r.status}`;
  return { started, how, errors: errors.sort(), clamps: clamps.sort(), values };
}

// ---------------------------------------------------------------------------------------------------------
// What the model says

/** Our messages compare without mariadbd's `[ERROR] ` tag (the real lines lose it with the timestamp). */
const untag = (line: string): string => line.replace(/^\[ERROR\] /, '');

const predict = (text: string, uri: string, program: MariadbProgram): Predicted =>
  modelPrediction(MARIADB_SETTINGS, text, uri, program, { message: untag, server: 'mariadbd', serverValues: SERVER_VALUES });

/**
 * Known limit 2 (message spelling): the programs name an option by its declared spelling (`max-allowed-packet`,
 * `innodb-...`) in clamp warnings, "requires an argument", "cannot take an argument" and value errors, the model by the file's (normalised)
 * one. Those lines compare with `-`/`_` folded in the option name only; the rest of the line stays exact.
 */
const SPELLED: readonly RegExp[] = [
  /^(option ')([^']*)(': (?:un)?signed value \S+ adjusted to \S+)$/,
  /^(\S+: option '--)([^']*)(' (?:requires an argument|cannot take an argument))$/,
  /^(Unknown suffix '.' used for variable ')([^']*)(' \(value '.*'\)\. Legal suffix characters are: K, M, G, T, P, E)$/,
  /^(\S+: Error while setting value '.*' to ')([^']*)(')$/,
  /^((?:Incorrect (?:un)?signed value|Integer value out of range for u?int64): '.*' for )(\S+)()$/,
];
const fold = (line: string): string => {
  for (const re of SPELLED) {
    const m = re.exec(line);
    if (m) return `${m[1]}${m[2]!.replaceAll('-', '_')}${m[3]}`;
  }
  return line;
};

/**
 * The real error lines as compared with ours: spelling folded (above), and an ambiguous-option line reduced to our
 * text when it starts with it followed by the candidates (`mariadb: ambiguous option '--co=5' (count, compress)`),
 * which the model does not name (the programs list them in their own table order).
 */
function comparable(real: readonly string[], ours: readonly string[]): readonly string[] {
  const ambiguous = ours.filter((m) => / ambiguous option '/.test(m));
  return real
    .map((l) => {
      const a = ambiguous.find((m) => l.startsWith(`${m} (`));
      return fold(a ?? l);
    })
    .sort();
}
const folded = (ours: readonly string[]): readonly string[] => ours.map(fold).sort();

// ---------------------------------------------------------------------------------------------------------

const reason = unavailable();
if (reason) {
  unavailableOracle(TITLE, reason, 'agrees with the real programs');
} else {
  describeAnalysisOracle<MariadbProgram>({
    title: TITLE,
    seed: SEED,
    files: FILES,
    parallel: PARALLEL,
    flavor: 'mariadb',
    programs: PROGRAMS,
    groupReaders: GROUP_READERS,
    slow: 'mariadbd',
    prepare: (w) => {
      work = w;
    },
    run: async (program, path) => {
      const r = await run(program, invocation(program, path));
      const pluginDisabled = program === 'mariadbd' && r.status === 0 && /\[ERROR\] Parsing options for plugin '[^']*' failed/.test(r.stderr);
      return observe(program, r, pluginDisabled ? await serverComesUp(path) : undefined);
    },
    predict,
    errorLines: (text, uri) => modelErrorLines(MARIADB_SETTINGS, text, uri),
    comparable,
    folded,
    foldClamp: fold,
    cTitle: '(c) a program that starts prints exactly the clamp warnings readMycnfInt predicts, and mariadbd runs with effectiveInt values',
  });
}
