// Regenerates server/src/service/catalog/data/mariadb-options.json (typed by catalog/mycnfOptions.ts) from the real
// MariaDB programs.
//
//   node scripts/gen-mycnf-options.mjs          (Linux; Debian's mariadb-client and mariadb-server installed)
//
// For each program (mariadb, mariadb-dump, mariadb-admin, mariadb-check, mariadb-import, mariadb-show,
// mariadb-slap, mariadbd) it reads `--no-defaults --help --verbose` (the option list, the groups it reads, the
// defaults) and then MEASURES what an option file may hold, because a name --help lists is not proof that a
// file accepts it (and names it does not list may still be accepted):
//
// - Acceptance: one generated option file per (program, candidate name) with the program's group holding
//   `name=1` followed by a sentinel option nobody knows. The 10.11 programs keep parsing after an option
//   error, print one line per error and exit 7: so "unknown variable 'name=1'" means rejected, and the
//   sentinel's line alone means the candidate was accepted and parsed. Nothing ever connects anywhere
//   (clients also get --protocol=tcp --host=127.0.0.1 --port=9). mariadbd is run with --help --verbose,
//   which checks every option like a real start does (test/oracle/mycnf-programs.test.ts checks that claim
//   with real server starts).
// - Argument kind: a second file with the bare `name` tells `requires an argument` apart; `name=1` failing with
//   `cannot take an argument` marks options that take none.
// - Groups: a file with one marker option per candidate group, read back with `PROGRAM --print-defaults`.
// - Error texts: `read_timeout=300`, bare `read_timeout` and `loose-read_timeout=300` per program.
// - Numeric client options: `--no-defaults --NAME=0|huge --help --verbose` shows the clamped value (min, max).
// - Server variables: a throwaway server (mariadb-install-db into a temporary datadir, no networking, own
//   socket) answers information_schema.SYSTEM_VARIABLES for type, default and range; it is shut down and the
//   directory removed before the script ends.
//
// About 3700 short processes run in parallel; the whole run takes about a minute on two cores.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
  norm,
  parseHelp,
  rangesJson,
  refusalOf,
  reportLines,
  runner,
  SENTINEL,
  sortedEntries,
  writeTables,
} from './mycnf-measure.mjs';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'server', 'src', 'service', 'catalog', 'data', 'mariadb-options.json');
const CLIENTS = ['mariadb', 'mariadb-dump', 'mariadb-admin', 'mariadb-check', 'mariadb-import', 'mariadb-show', 'mariadb-slap'];
const SERVER = 'mariadbd';
const PROGRAMS = [...CLIENTS, SERVER];

/** Groups offered to every program when measuring which ones it reads (X.Y is filled in). */
const GROUP_CANDIDATES = (xy) => [
  'client',
  'client-server',
  'client-mariadb',
  `client-mariadb-${xy}`,
  'mysql',
  'mariadb-client',
  'mysqldump',
  'mariadb-dump',
  'mysqladmin',
  'mariadb-admin',
  'mysqlcheck',
  'mariadb-check',
  'mysqlimport',
  'mariadb-import',
  'mysqlshow',
  'mariadb-show',
  'mysqlslap',
  'mariadb-slap',
  'mysqld',
  'server',
  `mysqld-${xy}`,
  'mysqld-8.0',
  'mariadb',
  `mariadb-${xy}`,
  'mariadbd',
  `mariadbd-${xy}`,
  'galera',
  'embedded',
  'mysqld_safe',
  'safe_mysqld',
  'mariadbd-safe',
  'mysql_upgrade',
  'mariadb-upgrade',
  'client_server',
];

if (process.platform !== 'linux') throw new Error('gen-mycnf-options: needs Linux');
for (const p of [...PROGRAMS, 'my_print_defaults', 'mariadb-install-db']) {
  if (spawnSync('sh', ['-c', `command -v ${p}`]).status !== 0)
    throw new Error(`gen-mycnf-options: ${p} is not installed (apt-get install mariadb-client mariadb-server)`);
}

const work = mkdtempSync(join(tmpdir(), 'mycnf-gen-'));
const ENV = { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', HOME: work, LANG: 'C', LC_ALL: 'C' };
const isRoot = process.getuid?.() === 0;

const run = runner(work, ENV);

/** mariadbd prefixes its messages with a timestamp and a thread id. */
const stripStamp = (line) => line.replace(/^\d{4}-\d\d-\d\d\s+\d+:\d\d:\d\d \d+ /, '');

// ---------------------------------------------------------------------------------------------------------
// 1. --help --verbose

const { help, versions, serverVersion, xy, mpdVersion } = helpAndVersions(
  PROGRAMS,
  SERVER,
  (p, args) => spawnSync(p, args, { encoding: 'utf8', env: ENV, cwd: work, maxBuffer: 8 << 20 }),
  parseHelp,
);

// ---------------------------------------------------------------------------------------------------------
// 2. What an option file may hold: one file per (program, name), a sentinel after the candidate.

const { clientNames, serverNames, candidatesOf } = candidateNames(CLIENTS, SERVER, help);

let fileNo = 0;
function probeFile(program, line) {
  const f = join(work, `p${fileNo++}.cnf`);
  writeFileSync(f, `[${program === SERVER ? 'mysqld' : 'client'}]\n${line}\n${SENTINEL}=1\n`);
  return f;
}
function startArgs(program, file) {
  return program === SERVER ? [`--defaults-file=${file}`, '--help', '--verbose'] : [`--defaults-file=${file}`, ...CLIENT_TAIL];
}

/** Lines that say nothing about the candidate. */
const noise = (l) => l.trim() === '' || /max_open_files|Using unique option prefix|value \S+ adjusted to/.test(l) || l.includes(SENTINEL);

/**
 * What a start with `line` (then the sentinel) did. The 10.11 programs keep parsing after most option errors
 * (unknown, ambiguous, missing or surplus argument, disabled) and exit 7 at the end, so the candidate's own
 * message decides; a program that stops early (help, version, a value its get_one_option refuses) never
 * reaches the sentinel.
 */
function classify(r, line) {
  const text = `${r.stderr}\n${r.stdout}`;
  // Clients print "Info: Using unique option prefix ...", mariadbd "[Note] Using unique option prefix ...".
  const prefix = /Using unique option prefix '([^']*)' is error-prone and can break in the future\. Please use the full name '([^']*)' instead\./.exec(text);
  const base = prefix ? { prefixOf: prefix[2] } : {};
  const refusal = refusalOf(text, line);
  if (refusal !== undefined) return { outcome: refusal, ...base };
  const other = r.stderr.split('\n').filter((l) => !noise(l));
  if (new RegExp(`unknown (variable '|option '--)${SENTINEL}`).test(text) && other.length === 0) return { outcome: 'accepted', ...base };
  if (r.status === 0) return { outcome: 'exits', ...base };
  return { outcome: 'error', message: stripStamp(other[0] ?? `exit ${r.status}`), ...base };
}

const t0 = Date.now();
/** One start with `line`, then the sentinel, in the program's group. */
const probe = async (p, line) => classify(await run(p, startArgs(p, probeFile(p, line))), line);
const round1 = PROGRAMS.flatMap((p) => candidatesOf(p).map((name) => ({ p, name })));
const r1 = await measure(round1, probe);
// A prefix can resolve to an option --help does not show (mariadbd's default_authentication_plugin): measure those too.
const hiddenNames = { client: new Set(), server: new Set() };
round1.forEach(({ p }, i) => {
  const target = r1.first[i].prefixOf === undefined ? undefined : norm(r1.first[i].prefixOf);
  if (target !== undefined && !candidatesOf(p).includes(target)) hiddenNames[p === SERVER ? 'server' : 'client'].add(target);
});
// Client names are measured against every client and mariadbd, server names against mariadbd.
const hidden = [
  ...[...hiddenNames.client].flatMap((name) => PROGRAMS.map((p) => ({ p, name }))),
  ...[...hiddenNames.server].filter((n) => !hiddenNames.client.has(n)).map((name) => ({ p: SERVER, name })),
];
for (const n of hiddenNames.client) clientNames.add(n);
for (const { name } of hidden) serverNames.add(name);
const r2 = await measure(hidden, probe);
const jobs = [...round1, ...hidden];
const withValue = [...r1.first, ...r2.first];
const bareJobs = [...r1.again, ...r2.again];
const bare = [...r1.second, ...r2.second];
console.log(`${jobs.length + bareJobs.length} starts in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

const measured = measuredTables(PROGRAMS, help, ['skip', 'disable', 'enable', 'maximum', 'loose', 'autoset'], {
  jobs,
  first: withValue,
  bareJobs,
  bare,
});

// ---------------------------------------------------------------------------------------------------------
// 3. Exact error texts and the groups each program reads.

const { messages } = await messagesOf(PROGRAMS, (p, line) => run(p, startArgs(p, probeFile(p, line))), stripStamp);

const groupsRead = groupsReadBy(PROGRAMS, help, GROUP_CANDIDATES(xy), join(work, 'groups.cnf'), (p, file) =>
  spawnSync(p, [`--defaults-file=${file}`, '--print-defaults'], { encoding: 'utf8', env: ENV, cwd: work }),
);

// ---------------------------------------------------------------------------------------------------------
// 4. Ranges of numeric client options: the value a program reports after clamping 0 and a huge number.

const clientRanges = await clientRangesOf(CLIENTS, measured, help, run, { refused: /Incorrect|Error while setting/, parse: parseHelp });

// ---------------------------------------------------------------------------------------------------------
// 5. Server variables from a throwaway server.

async function serverVariables() {
  const dir = join(work, 'datadir');
  mkdirSync(dir);
  const user = isRoot ? ['--user=root'] : [];
  const inst = spawnSync('mariadb-install-db', ['--no-defaults', `--datadir=${dir}`, ...user, '--skip-test-db', '--auth-root-authentication-method=normal'], {
    encoding: 'utf8',
    env: ENV,
    cwd: work,
  });
  if (inst.status !== 0) throw new Error(`mariadb-install-db failed: ${inst.stderr}`);
  const sock = join(work, 's.sock');
  const server = spawn(
    SERVER,
    [
      '--no-defaults',
      `--datadir=${dir}`,
      ...user,
      '--skip-networking',
      `--socket=${sock}`,
      `--pid-file=${join(work, 's.pid')}`,
      `--log-error=${join(work, 's.err')}`,
    ],
    { cwd: work, env: ENV, stdio: 'ignore' },
  );
  const exited = new Promise((resolve) => server.on('exit', resolve));
  try {
    for (let i = 0; i < 200 && !existsSync(sock); i++) await new Promise((r) => setTimeout(r, 50));
    const q = spawnSync(
      'mariadb',
      [
        '--no-defaults',
        `--socket=${sock}`,
        '--user=root',
        '--batch',
        '--skip-column-names',
        '-e',
        'SELECT LOWER(VARIABLE_NAME), VARIABLE_TYPE, IFNULL(DEFAULT_VALUE,"\\\\N"), IFNULL(NUMERIC_MIN_VALUE,""), IFNULL(NUMERIC_MAX_VALUE,""), IFNULL(NUMERIC_BLOCK_SIZE,""), IFNULL(ENUM_VALUE_LIST,""), VARIABLE_SCOPE, READ_ONLY FROM information_schema.SYSTEM_VARIABLES WHERE COMMAND_LINE_ARGUMENT IS NOT NULL ORDER BY 1',
      ],
      { encoding: 'utf8', env: ENV, cwd: work, maxBuffer: 16 << 20 },
    );
    if (q.status !== 0) throw new Error(`SYSTEM_VARIABLES query failed: ${q.stderr}`);
    return q.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split('\t'));
  } finally {
    spawnSync('mariadb-admin', ['--no-defaults', `--socket=${sock}`, '--user=root', 'shutdown'], { env: ENV, cwd: work });
    const timer = setTimeout(() => server.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  }
}
const variableRows = await serverVariables();

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
    options: sortedEntries(m.options),
    effects: sortedEntries(m.effects),
    resolvedAs: sortedEntries(m.resolvedAs),
    listedButRejected: m.listedButRejected,
    ranges: rangesJson(clientRanges[p]),
  };
}

const typeOf = (t) =>
  ({ BOOLEAN: 'bool', ENUM: 'enum', SET: 'set', FLAGSET: 'flagset', VARCHAR: 'text', DOUBLE: 'double' })[t] ?? (/INT/.test(t) ? 'int' : 'text');
function variableEntry([name, type, def, min, max, block, values, scope, readOnly]) {
  const v = { type: typeOf(type) };
  // Defaults under the throwaway datadir (datadir, aria_log_dir_path, ...) say nothing about another server.
  if (def !== '\\N' && !def.includes(work)) v.default = def;
  // Ranges reach 2^64-1, beyond what a number holds exactly: decimal strings.
  if (/^-?\d+$/.test(min)) v.min = min;
  if (/^-?\d+$/.test(max)) v.max = max;
  if (Number(block) > 1) v.blockSize = Number(block);
  if (values !== '') v.values = values.split(',');
  v.scope = scope === 'GLOBAL' ? 'global' : 'session';
  if (readOnly === 'YES') v.readOnly = true;
  return [name, v];
}

const data = {
  generatedBy: 'scripts/gen-mycnf-options.mjs',
  mariadbVersion: serverVersion,
  programVersions: [...PROGRAMS.map((p) => versions[p]), mpdVersion],
  measuredNames: [...serverNames].sort(),
  measuredClientNames: [...clientNames].sort(),
  extraCandidates: EXTRA_CANDIDATES,
  programs: Object.fromEntries(PROGRAMS.map((p) => [p, programTable(p)])),
  serverVariables: Object.fromEntries(variableRows.map(variableEntry)),
};
rmSync(work, { recursive: true, force: true });
writeTables(OUT, data, join(dirname(OUT), '..', '..', '..', '..'));
const counts = PROGRAMS.map((p) => `${p} ${Object.keys(measured[p].options).length}`).join(', ');
console.log(`wrote ${OUT}: MariaDB ${serverVersion}; accepted options: ${counts}; ${variableRows.length} server variables`);
for (const p of PROGRAMS) for (const line of reportLines(p, measured[p])) console.log(line);
