// Regenerates server/src/service/catalog/data/mysql-options.json (typed by catalog/mysqlOptions.ts) from the real
// MySQL programs of Debian unstable, run from the private root scripts/mysql-root.sh builds:
//
//   bash scripts/mysql-root.sh && node scripts/gen-mysql-options.mjs      (Linux; KEEPALIVE_MYSQL_ROOT or the default cache)
//
// The same measurement as scripts/gen-mycnf-options.mjs does for MariaDB, adapted to how MySQL's programs behave:
//
// - They stop at the FIRST option error (MariaDB's keep going): a probe file holds the candidate, then a sentinel
//   option nobody knows; the first refusal printed names the candidate (rejected) or the sentinel (accepted).
// - `mysql` skips the first unknown option of its option files without a word (a second one is refused as by the
//   other clients). Measured per program with two unknown names; a program that does so gets one more unknown
//   name BEFORE the candidate, which absorbs the skip (`skipsFirstUnknownInFiles`).
// - mysqld is run with `--validate-config` (checks every option, starts nothing) and `--log-error-verbosity=2`
//   (its warnings, e.g. for loose-); test/oracle/mysql-programs.test.ts checks that claim with real starts on an
//   initialised datadir. Clients get --protocol=tcp --host=127.0.0.1 --port=9 (nothing listens).
// - Acceptance (`name=1`), argument kind (bare `name`), groups (`--print-defaults`), exact texts and exit statuses
//   (`read_timeout=300`, bare `read_timeout`, `loose-read_timeout=300`), client ranges (`--no-defaults --NAME=v
//   --help --verbose` clamps) as for MariaDB. MySQL 9 has no unique-prefix matching: `connect_time` is unknown.
// - Server variables: a throwaway mysqld (`--initialize-insecure` into a temporary datadir, no networking, own
//   sockets) answers performance_schema.variables_metadata (type, scope, range); defaults come from
//   `mysqld --no-defaults --help --verbose`, read-only ones refuse `SET GLOBAL v = @@GLOBAL.v`. The server is shut
//   down (killed by pid if it hangs) and the directory removed.
//
// About 3000 short processes; some 40 s on two cores.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CLIENT_TAIL,
  candidateNames,
  clientRangesOf,
  EXTRA_CANDIDATES,
  groupsReadBy,
  helpAndVersions,
  measure,
  measuredTables,
  messagesOf,
  parseHelp as parseHelpOf,
  pool,
  rangesJson,
  refusalOf,
  reportLines,
  runner,
  SENTINEL,
  sortedEntries,
  writeTables,
} from './mycnf-measure.mjs';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(REPO, 'server', 'src', 'service', 'catalog', 'data', 'mysql-options.json');
const ROOT = process.env.KEEPALIVE_MYSQL_ROOT || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'keepalive-lens', 'mysql-sid');
const BIN = join(ROOT, 'bin');
const CLIENTS = ['mysql', 'mysqldump', 'mysqladmin', 'mysqlcheck', 'mysqlimport', 'mysqlshow', 'mysqlslap'];
const SERVER = 'mysqld';
const PROGRAMS = [...CLIENTS, SERVER];
const ABSORBER = 'zz_keepalive_lens_absorber';

/** Groups offered to every program when measuring which ones it reads (X.Y is filled in). */
const GROUP_CANDIDATES = (xy) => [
  'client',
  'client-server',
  'client-mariadb',
  'client-mysql',
  'mysql',
  'mariadb-client',
  'mysqldump',
  'mariadb-dump',
  'mysqladmin',
  'mysqlcheck',
  'mysqlimport',
  'mysqlshow',
  'mysqlslap',
  'mysqld',
  'server',
  `mysqld-${xy}`,
  'mysqld-8.0',
  'mysqld-8.4',
  'mysql_cluster',
  'mariadb',
  'mariadbd',
  'galera',
  'embedded',
  'mysqld_safe',
  'safe_mysqld',
  'mysql_upgrade',
  'mysqlx',
  'client_server',
];

if (process.platform !== 'linux') throw new Error('gen-mysql-options: needs Linux');
for (const p of [...PROGRAMS, 'my_print_defaults']) {
  if (!existsSync(join(BIN, p))) throw new Error(`gen-mysql-options: ${join(BIN, p)} is missing; build the root with: bash scripts/mysql-root.sh`);
}

const work = mkdtempSync(join(tmpdir(), 'mysql-gen-'));
const ENV = { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', HOME: work, LANG: 'C', LC_ALL: 'C' };
const isRoot = process.getuid?.() === 0;
const emptyDatadir = join(work, 'empty');
const filesDir = join(work, 'files');
mkdirSync(emptyDatadir, { mode: 0o700 });
mkdirSync(filesDir, { mode: 0o700 });
const USER = isRoot ? ['--user=root'] : [];

/** Runs one program of the root with a time limit; never rejects. */
const run = runner(work, ENV, (program) => join(BIN, program));
const runSync = (program, args) => spawnSync(join(BIN, program), args, { encoding: 'utf8', env: ENV, cwd: work, maxBuffer: 16 << 20 });

/** mysqld prefixes its messages with a timestamp and a thread id; its own path is the root's (/usr/sbin/mysqld installed). */
const clean = (line) => line.replace(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z \d+ /, '').replaceAll(`${ROOT}/usr/`, '/usr/');

// ---------------------------------------------------------------------------------------------------------
// 1. --help --verbose

/** MySQL's option names may hold a `.` (component options). */
const parseHelp = (text) => parseHelpOf(text, { dots: true });

const { help, versions, serverVersion, xy, mpdVersion } = helpAndVersions(PROGRAMS, SERVER, runSync, parseHelp);
const packages = readFileSync(join(ROOT, 'VERSIONS'), 'utf8')
  .split('\n')
  .filter((l) => /^mysql-(client-core|client|server-core|common) /.test(l));

// ---------------------------------------------------------------------------------------------------------
// 2. Which programs skip the first unknown option of their files; then one file per (program, name).

const groupOf = (p) => (p === SERVER ? 'mysqld' : 'client');
let fileNo = 0;
/** Each mysqld gets an empty datadir of its own: --validate-config creates and deletes a test file in it. */
const serverTail = () => {
  const d = join(emptyDatadir, `d${fileNo++}`);
  mkdirSync(d, { mode: 0o700 });
  return ['--validate-config', '--log-error-verbosity=2', `--datadir=${d}`, `--secure-file-priv=${filesDir}`, ...USER];
};
const startArgs = (p, file) => (p === SERVER ? [`--defaults-file=${file}`, ...serverTail()] : [`--defaults-file=${file}`, ...CLIENT_TAIL]);
function cnf(text) {
  const f = join(work, `p${fileNo++}.cnf`);
  writeFileSync(f, text);
  return f;
}
const skipsFirst = {};
await pool(PROGRAMS, async (p) => {
  const r = await run(p, startArgs(p, cnf(`[${groupOf(p)}]\nzz_first_unknown=1\nzz_second_unknown=1\n`)));
  if (/unknown variable 'zz_first_unknown=1'/.test(r.stderr)) skipsFirst[p] = false;
  else if (/unknown variable 'zz_second_unknown=1'/.test(r.stderr)) skipsFirst[p] = true;
  else throw new Error(`${p}: neither unknown name refused: ${r.stderr}`);
});
const probeText = (p, line) => `[${groupOf(p)}]\n${skipsFirst[p] ? `${ABSORBER}=1\n` : ''}${line}\n${SENTINEL}=1\n`;

const { clientNames, serverNames, candidatesOf } = candidateNames(CLIENTS, SERVER, help);

/** Lines that say nothing about the candidate. */
const noise = (l) => l.trim() === '' || l.includes(SENTINEL) || l.includes(ABSORBER) || /\[MY-010119\] \[Server\] Aborting$/.test(l);

/**
 * What a start with `line` (then the sentinel) did. The programs stop at their first option error, so the first
 * refusal decides: the candidate's own (unknown, missing or surplus argument, disabled), or the sentinel's when
 * the candidate was taken. A program that stops before the sentinel for another reason (help, version, a value
 * it refuses) is `exits` (status 0) or `error` with its message.
 */
function classify(r, line) {
  const text = `${r.stderr}\n${r.stdout}`;
  const refusal = refusalOf(text, line);
  if (refusal !== undefined) return { outcome: refusal };
  const other = r.stderr
    .split('\n')
    .filter((l) => !noise(l))
    .map(clean);
  if (new RegExp(`unknown (variable '|option '--)${SENTINEL}`).test(text)) {
    const deprecated = other.find((l) => /deprecated/i.test(l));
    return deprecated === undefined ? { outcome: 'accepted' } : { outcome: 'accepted', deprecated };
  }
  // mysqladmin ends its help with exit 1.
  if (r.status === 0 || (/^Usage: /m.test(r.stdout) && other.length === 0)) return { outcome: 'exits' };
  return { outcome: 'error', message: other[0] ?? `exit ${r.status}` };
}

const t0 = Date.now();
const jobs = PROGRAMS.flatMap((p) => candidatesOf(p).map((name) => ({ p, name })));
const {
  first: withValue,
  again: bareJobs,
  second: bare,
} = await measure(jobs, async (p, line) => classify(await run(p, startArgs(p, cnf(probeText(p, line)))), line));
console.log(`${jobs.length + bareJobs.length} starts in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

const measured = measuredTables(PROGRAMS, help, ['skip', 'disable', 'enable', 'maximum', 'loose'], { jobs, first: withValue, bareJobs, bare });

// ---------------------------------------------------------------------------------------------------------
// 3. Exact error texts with exit statuses, and the groups each program reads.

const { messages, exitStatuses } = await messagesOf(PROGRAMS, (p, line) => run(p, startArgs(p, cnf(probeText(p, line)))), clean);

const groupsRead = groupsReadBy(PROGRAMS, help, GROUP_CANDIDATES(xy), join(work, 'groups.cnf'), (p, file) =>
  runSync(p, [`--defaults-file=${file}`, '--print-defaults']),
);

// ---------------------------------------------------------------------------------------------------------
// 4. Ranges of numeric client options: the value a program reports after clamping 0 and a huge number.

const clientRanges = await clientRangesOf(CLIENTS, measured, help, run, { refused: /Incorrect|Error while setting|\[ERROR\]/, parse: parseHelp });

// ---------------------------------------------------------------------------------------------------------
// 5. Server variables from a throwaway server.

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

async function serverVariables() {
  const dir = join(work, 'datadir');
  const init = runSync(SERVER, ['--no-defaults', '--initialize-insecure', `--datadir=${dir}`, `--secure-file-priv=${filesDir}`, ...USER]);
  if (init.status !== 0) throw new Error(`mysqld --initialize-insecure failed: ${init.stderr}`);
  const sock = join(work, 's.sock');
  // The X plugin listens on its own: 127.0.0.1, a free port, a socket of its own.
  const server = spawn(
    join(BIN, SERVER),
    [
      '--no-defaults',
      `--datadir=${dir}`,
      ...USER,
      '--skip-networking',
      `--socket=${sock}`,
      `--mysqlx-socket=${join(work, 'x.sock')}`,
      '--mysqlx-bind-address=127.0.0.1',
      `--mysqlx-port=${await freePort()}`,
      `--secure-file-priv=${filesDir}`,
      `--pid-file=${join(work, 's.pid')}`,
      `--log-error=${join(work, 's.err')}`,
    ],
    { cwd: work, env: ENV, stdio: 'ignore' },
  );
  const exited = new Promise((resolve) => server.on('exit', resolve));
  const client = ['--no-defaults', `--socket=${sock}`, '--user=root', '--batch', '--skip-column-names'];
  try {
    let up = false;
    for (let i = 0; i < 600 && !up && server.exitCode === null; i++) {
      await new Promise((r) => setTimeout(r, 100));
      up = existsSync(sock) && runSync('mysqladmin', ['--no-defaults', `--socket=${sock}`, '--user=root', 'ping']).status === 0;
    }
    if (!up) throw new Error(`mysqld did not come up: ${existsSync(join(work, 's.err')) ? readFileSync(join(work, 's.err'), 'utf8') : ''}`);
    const q = runSync('mysql', [
      ...client,
      '-e',
      'SELECT LOWER(VARIABLE_NAME), DATA_TYPE, VARIABLE_SCOPE, IFNULL(MIN_VALUE,""), IFNULL(MAX_VALUE,"") FROM performance_schema.variables_metadata ORDER BY 1',
    ]);
    if (q.status !== 0) throw new Error(`variables_metadata query failed: ${q.stderr}`);
    const rows = q.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split('\t'));
    // Read-only variables refuse SET GLOBAL of their own value (ERROR 1238); session-only ones are not tried.
    const globals = rows.filter((r) => r[2] !== 'SESSION_ONLY').map((r) => r[0]);
    const set = spawnSync(join(BIN, 'mysql'), [...client, '--force'], {
      input: globals.map((v) => `SET GLOBAL ${v} = @@GLOBAL.${v};\n`).join(''),
      encoding: 'utf8',
      env: ENV,
      cwd: work,
      maxBuffer: 16 << 20,
    });
    const readOnly = new Set(
      [...set.stderr.matchAll(/ERROR 1238 \(HY000\) at line \d+: Variable '([^']+)' is a read only variable/g)].map((m) => m[1].toLowerCase()),
    );
    if (runSync('mysqladmin', ['--no-defaults', `--socket=${sock}`, '--user=root', 'ping']).status !== 0) throw new Error('mysqld died during SET GLOBAL');
    return { rows, readOnly };
  } finally {
    runSync('mysqladmin', ['--no-defaults', `--socket=${sock}`, '--user=root', 'shutdown']);
    const timer = setTimeout(() => server.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
  }
}
const { rows: variableRows, readOnly } = await serverVariables();

// ---------------------------------------------------------------------------------------------------------
// 6. Write the table.

function programTable(p) {
  const m = measured[p];
  return {
    program: p,
    kind: p === SERVER ? 'server' : 'client',
    version: versions[p],
    groups: groupsRead[p],
    messages: messages[p],
    exitStatuses: exitStatuses[p],
    ...(skipsFirst[p] ? { skipsFirstUnknownInFiles: true } : {}),
    options: sortedEntries(m.options),
    effects: sortedEntries(m.effects),
    resolvedAs: sortedEntries(m.resolvedAs),
    listedButRejected: m.listedButRejected,
    valueErrors: sortedEntries(m.valueErrors),
    deprecated: sortedEntries(m.deprecated),
    ranges: rangesJson(clientRanges[p]),
  };
}

/**
 * variables_metadata prints some bounds of DOUBLE variables as the bits of the double (long_query_time's 31536000
 * as 4719230590769954816), others as the number (innodb_max_dirty_pages_pct's 99): a value of 2^52 or more is read
 * as bits. Bounds that are no exact integer (the largest double) are left out, as MariaDB's table has none.
 */
function doubleBound(s) {
  let n = Number(s);
  if (BigInt(s) >= 2n ** 52n) {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(s));
    n = b.readDoubleLE();
  }
  return Number.isSafeInteger(n) ? String(n) : undefined;
}
const typeOf = (t) => ({ Integer: 'int', Numeric: 'double', Boolean: 'bool', Enumeration: 'enum', Set: 'set', String: 'text' })[t] ?? 'text';
const host = hostname();
function variableEntry([name, type, scope, min, max]) {
  const v = { type: typeOf(type) };
  // The default with no option file, as --help --verbose prints it; paths under the root read as installed,
  // and values naming this machine or the throwaway directories say nothing about another server.
  const def = help[SERVER].variables.get(name)?.replaceAll(`${ROOT}/usr/`, '/usr/');
  if (def !== undefined && def !== '(No default value)' && !def.includes(work) && !(host && def.includes(host))) v.default = def;
  const bound = (s) => (!/^-?\d+$/.test(s) ? undefined : v.type === 'double' ? doubleBound(s) : s);
  if (bound(min) !== undefined) v.min = bound(min);
  if (bound(max) !== undefined) v.max = bound(max);
  v.scope = scope === 'GLOBAL' ? 'global' : 'session';
  if (scope === 'SESSION_ONLY') v.sessionOnly = true;
  if (readOnly.has(name)) v.readOnly = true;
  return [name, v];
}

const data = {
  generatedBy: 'scripts/gen-mysql-options.mjs',
  mysqlVersion: serverVersion,
  packages,
  programVersions: [...PROGRAMS.map((p) => versions[p]), mpdVersion],
  measuredNames: [...serverNames].sort(),
  measuredClientNames: [...clientNames].sort(),
  extraCandidates: EXTRA_CANDIDATES,
  programs: Object.fromEntries(PROGRAMS.map((p) => [p, programTable(p)])),
  // Only what an option file may set: names mysqld takes from a file (measured above).
  serverVariables: Object.fromEntries(variableRows.filter(([name]) => measured[SERVER].options[name] !== undefined).map(variableEntry)),
};
rmSync(work, { recursive: true, force: true });
writeTables(OUT, data, REPO);
const counts = PROGRAMS.map((p) => `${p} ${Object.keys(measured[p].options).length}`).join(', ');
console.log(`wrote ${OUT}: MySQL ${serverVersion}; accepted options: ${counts}; ${Object.keys(data.serverVariables).length} server variables`);
for (const p of PROGRAMS) {
  if (skipsFirst[p]) console.log(`  ${p}: skips the first unknown option of its files without a word`);
  for (const line of reportLines(p, measured[p])) console.log(line);
}
