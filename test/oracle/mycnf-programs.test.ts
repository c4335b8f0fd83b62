/**
 * Oracle test: the MySQL/MariaDB option-file catalog against the real MariaDB programs.
 *
 *   node --import tsx --test test/oracle/mycnf-programs.test.ts
 *
 * - Real starts of every client (`PROGRAM --defaults-file=F --protocol=tcp --host=127.0.0.1 --port=9`; nothing
 *   listens there) with one sample option per file, in `[client]` and in the program's own group, must be
 *   refused ("unknown variable", exit 7), warned about (`loose-`), refused as ambiguous, or accepted exactly as
 *   resolveMycnfOption says. mariadbd gets real starts too (empty datadir, no networking) with the option in
 *   `[mysqld]` and `[client-server]`, followed by an unknown sentinel option so that it never comes up.
 * - The groups each program reads (`--print-defaults`, `my_print_defaults --mariadbd`) and the order --help names.
 * - The timeout family: defaults, and how real servers clamp values outside the catalogued ranges
 *   (`SELECT @@var`); client ranges from the clients' own clamping.
 * - MariaDB's tcp_keepalive_time on a real client connection (`ss -o` shows the keepalive timer): set, 0, and
 *   above the kernel's per-socket limit of 32767.
 * - `my_print_defaults --defaults-file=F GROUP` on generated files: quoting, escapes, comments, groups,
 *   `!include`/`!includedir` and errors: MY_PRINT_DEFAULTS_FACTS (test/mycnfFacts.ts), the data the mycnf tokenizer
 *   and reader are tested against (test/oracle/mycnf-reader.test.ts compares the reader on generated files).
 *
 * Skips when a program is missing (apt-get install mariadb-client mariadb-server), unless CI is set: then it
 * fails, because .ci/run installs them. About 10 s on two cores; seeded (ORACLE_SEED) sample of extra names.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  MARIADB_CLIENT_PROGRAMS,
  MARIADB_PROGRAM_NAMES,
  type MariadbProgram,
  mycnfGroupReaders,
  mycnfOption,
  programGroups,
  resolveMycnfOption,
} from '../../server/src/service/catalog/mycnf';
import { MARIADB_PROGRAMS, MYCNF_MARIADB_VERSION, MYCNF_MEASURED_NAMES } from '../../server/src/service/catalog/mycnfOptions';
import { MY_PRINT_DEFAULTS_FACTS, MY_PRINT_DEFAULTS_LIMITS, type MyPrintDefaultsFact, stderrLines, writeMycnfFact } from '../mycnfFacts';
import { pool as poolOf } from '../pool';
import { mulberry32 } from '../prng';
import { type ProgramRun, programEnv, runProgram, unavailableOracle } from './harness';
import { clientStart } from './mycnfClients';

const TITLE = 'mycnf catalog vs the real MariaDB programs';
const SEED = Number(process.env.ORACLE_SEED ?? 0x6d796366) >>> 0;
const PARALLEL = Math.max(4, availableParallelism() * 3);
const SENTINEL = 'zz_keepalive_lens_sentinel';
const isRoot = process.getuid?.() === 0;

function unavailable(): string | undefined {
  if (process.platform !== 'linux') return `not Linux (${process.platform}); the mycnf oracle runs the Debian MariaDB programs`;
  for (const p of [...MARIADB_PROGRAM_NAMES, 'my_print_defaults']) {
    if (spawnSync('sh', ['-c', `command -v ${p}`]).status !== 0) return `${p} is not installed (apt-get install mariadb-client mariadb-server)`;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Running things

type Run = ProgramRun;

let work = '';
const env = (home = work): NodeJS.ProcessEnv => programEnv(home);

const run = (cmd: string, args: readonly string[], cwd = work, timeout = 20_000, home = work): Promise<Run> => runProgram(cmd, args, { cwd, home, timeout });

const pool = <T, R>(items: readonly T[], fn: (item: T) => Promise<R>): Promise<R[]> => poolOf(items, PARALLEL, fn);

let fileNo = 0;
function file(text: string, dir = work): string {
  const f = join(dir, `f${fileNo++}.cnf`);
  writeFileSync(f, text);
  return f;
}

/** Server flags for a start that needs no prepared datadir and never listens on TCP. */
function serverArgs(datadir: string, extra: readonly string[] = []): string[] {
  return [
    `--datadir=${datadir}`,
    `--socket=${join(datadir, 's.sock')}`,
    `--pid-file=${join(datadir, 's.pid')}`,
    '--skip-grant-tables',
    '--innodb=OFF',
    '--default-storage-engine=MyISAM',
    '--default-tmp-storage-engine=MyISAM',
    ...(isRoot ? ['--user=root'] : []),
    ...extra,
  ];
}

/** A running throwaway server (empty datadir); stop() shuts it down and waits for the process. */
interface Server {
  readonly socket: string;
  log(): string;
  stop(): Promise<void>;
}

/** Servers still running; the suite's after() stops them even when a test failed half-way. */
const running = new Set<Server>();

/** Starts a throwaway server without networking, or listening on 127.0.0.1:`port`. */
async function startServer(optionFile: string, port?: number): Promise<Server> {
  const datadir = mkdtempSync(join(work, 'srv-'));
  const socket = join(datadir, 's.sock');
  let log = '';
  const network = port === undefined ? ['--skip-networking'] : ['--bind-address=127.0.0.1', `--port=${port}`];
  const child = spawn('mariadbd', [`--defaults-file=${optionFile}`, ...serverArgs(datadir, network)], {
    cwd: work,
    env: env(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d) => {
    log += d;
  });
  child.stderr.on('data', (d) => {
    log += d;
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  let up = false;
  for (let i = 0; i < 200 && !up; i++) {
    await new Promise((r) => setTimeout(r, 50));
    up = (await run('mariadb-admin', ['--no-defaults', `--socket=${socket}`, '--connect-timeout=2', 'ping'])).status === 0;
    if (child.exitCode !== null) break;
  }
  const server: Server = {
    socket,
    log: () => log,
    stop: async () => {
      running.delete(server);
      if (child.exitCode === null && child.signalCode === null) {
        await run('mariadb-admin', ['--no-defaults', `--socket=${socket}`, 'shutdown']);
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
  running.add(server);
  if (!up) {
    await server.stop();
    throw new Error(`mariadbd did not come up:\n${log}`);
  }
  return server;
}

/** Starts several servers; if one fails, the others are stopped before the error propagates. */
async function startServers(files: readonly string[], port?: number): Promise<Server[]> {
  const results = await Promise.allSettled(files.map((f) => startServer(f, port)));
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) {
    await Promise.all(results.map((r) => (r.status === 'fulfilled' ? r.value.stop() : undefined)));
    throw (failed as PromiseRejectedResult).reason;
  }
  return results.map((r) => (r as PromiseFulfilledResult<Server>).value);
}

async function select(socket: string, expressions: readonly string[]): Promise<string[]> {
  const r = await run('mariadb', ['--no-defaults', `--socket=${socket}`, '--batch', '--skip-column-names', '-e', `SELECT ${expressions.join(', ')}`]);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split('\t');
}

// ---------------------------------------------------------------------------------------------------------
// Which option names each program takes

/** Hand-picked sample: the timeout family, spellings, prefixes, and what people copy from MySQL 8 configs. */
const SAMPLE: ReadonlyArray<[name: string, value: string | undefined]> = [
  ['connect_timeout', '10'],
  ['connect-timeout', '10'],
  ['Connect_Timeout', '10'],
  ['read_timeout', '300'],
  ['write_timeout', '300'],
  ['timeout', '5'],
  ['max_allowed_packet', '64M'],
  ['max-allowed-packet', '64M'],
  ['net_read_timeout', '60'],
  ['wait_timeout', '600'],
  ['interactive_timeout', '600'],
  ['tcp_keepalive_time', '60'],
  ['loose-read_timeout', '300'],
  ['loose_write-timeout', '300'],
  ['LOOSE-connect-timeout', '10'],
  ['loose-max_allowed_packet', '64M'],
  ['skip-ssl', undefined],
  ['loose-skip-ssl', undefined],
  ['skip-connect-timeout', undefined],
  ['connect_time', '10'],
  ['connect', '10'],
  ['log_queries', '1'],
  ['host', '127.0.0.1'],
  ['ssl-mode', 'REQUIRED'],
  ['reconnect', undefined],
  ['user', 'app'],
  ['port', '3306'],
  ['compress', undefined],
  ['default-character-set', 'utf8mb4'],
  ['innodb_cmp', '1'],
  ['innodb_buffer_pool_size', '1G'],
];

/** Seeded extra names from everything the generator measured, so the sample drifts over the whole table. */
function seededNames(count: number): Array<[string, string | undefined]> {
  const rnd = mulberry32(SEED);
  const picked = new Set<string>();
  while (picked.size < count) picked.add(MYCNF_MEASURED_NAMES[Math.floor(rnd() * MYCNF_MEASURED_NAMES.length)]!);
  return [...picked].map((n) => [n, '1']);
}

type Verdict = 'accepted' | 'warned' | 'rejected' | 'ambiguous';

/** What the catalog says `program` does with `name` (the option name as the file writes it). */
function expectedVerdict(program: MariadbProgram, name: string): Verdict {
  const r = resolveMycnfOption(program, name);
  if (r.status === 'ambiguous') return 'ambiguous';
  if (r.status === 'unknown') return r.loose ? 'warned' : 'rejected';
  return 'accepted';
}

const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** What the program printed about the line `text` (`name` or `name=value`). */
function actualVerdict(r: Run, text: string): Verdict {
  const unknown = new RegExp(`^(Warning: |.*\\[Warning\\] )?.*unknown (variable '${esc(text)}'|option '--${esc(text)}')$`, 'm').exec(r.stderr);
  if (unknown) return unknown[1] ? 'warned' : 'rejected';
  if (/ambiguous option|is not unique/.test(r.stderr)) return 'ambiguous';
  return 'accepted';
}

interface Probe {
  readonly program: MariadbProgram;
  readonly group: string;
  readonly name: string;
  readonly value: string | undefined;
}

async function probe(p: Probe): Promise<Run> {
  const text = p.value === undefined ? p.name : `${p.name}=${p.value}`;
  if (p.program === 'mariadbd') {
    const datadir = mkdtempSync(join(work, 'd-'));
    const f = file(`[${p.group}]\n${text}\n[mysqld]\n${SENTINEL}=1\n`);
    return run('mariadbd', [`--defaults-file=${f}`, ...serverArgs(datadir, ['--skip-networking'])]);
  }
  const f = file(`[${p.group}]\n${text}\n`);
  return run(p.program, clientStart(p.program, f));
}

// ---------------------------------------------------------------------------------------------------------
// my_print_defaults facts (test/mycnfFacts.ts): what the reference parser prints for small files

async function myPrintDefaults(fact: MyPrintDefaultsFact): Promise<{ status: number | null; stdout: string; stderr: string[] }> {
  const w = writeMycnfFact(fact, mkdtempSync(join(work, 'mpd-')));
  const r = await run('my_print_defaults', [`--defaults-file=${w.main}`, ...fact.groups], w.cwd, 20_000, w.home);
  return { status: r.status, stdout: r.stdout, stderr: stderrLines(r.stderr, w.dir) };
}

// ---------------------------------------------------------------------------------------------------------

const reason = unavailable();
if (reason) {
  unavailableOracle(TITLE, reason, 'agrees with the real programs');
} else {
  work = mkdtempSync(join(tmpdir(), 'mycnf-oracle-'));
  after(async () => {
    await Promise.all([...running].map((s) => s.stop()));
    rmSync(work, { recursive: true, force: true });
  });
  const version = spawnSync('mariadbd', ['--version'], { encoding: 'utf8' }).stdout.trim();

  describe(`${TITLE} (${version})`, () => {
    it(`runs the release the tables were measured on (${MYCNF_MARIADB_VERSION})`, (t) => {
      if (!version.includes(MYCNF_MARIADB_VERSION)) {
        t.skip(`running ${version}; regenerate with scripts/gen-mycnf-options.mjs to compare the whole tables`);
        return;
      }
      for (const p of MARIADB_PROGRAM_NAMES) {
        const v = spawnSync(p, ['--no-defaults', '--version'], { encoding: 'utf8' }).stdout.split('\n')[0]!.replace(/\s+/g, ' ').trim();
        assert.equal(v, MARIADB_PROGRAMS[p].version, p);
      }
    });

    it('every program accepts, warns about or refuses each sample option in [client] and its own group as the catalog says (mariadbd: [mysqld], [client-server])', async () => {
      const names = [...SAMPLE, ...seededNames(8)];
      const probes: Probe[] = [];
      for (const program of MARIADB_PROGRAM_NAMES) {
        const groups = program === 'mariadbd' ? ['mysqld', 'client-server'] : ['client', MARIADB_PROGRAMS[program].groups[0]!];
        for (const group of groups) for (const [name, value] of names) probes.push({ program, group, name, value });
      }
      const runs = await pool(probes, probe);
      const actual: Record<string, string> = {};
      const expected: Record<string, string> = {};
      probes.forEach((p, i) => {
        const text = p.value === undefined ? p.name : `${p.name}=${p.value}`;
        const key = `${p.program} [${p.group}] ${text}`;
        const r = runs[i]!;
        const verdict = actualVerdict(r, text);
        // A refusal comes before any connection attempt: exit 7 for "unknown variable 'name=value'", 2 for a bare
        // "unknown option '--name'" (mariadbd always ends with 7 here: its sentinel is an unknown variable).
        actual[key] = verdict === 'rejected' ? `${verdict}, exit ${r.status}` : verdict;
        const want = expectedVerdict(p.program, p.name);
        expected[key] = want === 'rejected' ? `${want}, exit ${p.value === undefined && p.program !== 'mariadbd' ? 2 : 7}` : want;
      });
      assert.deepStrictEqual(actual, expected);
    });

    it('the exact refusal texts are the catalog messages (the article advice read_timeout=300, connect_timeout=10 for mariadb-dump)', async () => {
      const cases: Array<[MariadbProgram, string]> = [
        ['mariadb', 'read_timeout=300'],
        ['mariadb-dump', 'connect_timeout=10'],
        ['mariadb-admin', 'max_allowed_packet=64M'],
        ['mariadb-show', 'timeout=5'],
      ];
      const runs = await pool(cases, ([program, text]) => {
        const f = file(`[client]\n${text}\n`);
        return run(program, clientStart(program, f));
      });
      assert.deepStrictEqual(
        runs.map((r) => [r.status, r.stderr.trim()]),
        cases.map(([program, text]) => [7, MARIADB_PROGRAMS[program].messages.unknownVariable.replace('%s', text)]),
      );
    });

    it('each program reads exactly the groups the catalog lists, in the order --help names them', async () => {
      const candidates = [
        ...new Set([
          ...MARIADB_PROGRAM_NAMES.flatMap((p) => MARIADB_PROGRAMS[p].groups),
          'client-mariadb-10.11',
          'mysqld-10.6',
          'mysqld-8.0',
          'mariadb-11.4',
          'embedded',
          'mysqld_safe',
          'mariadbd-safe',
          'client_server',
          'mariadb_client',
        ]),
      ];
      const f = file(candidates.map((g, i) => `[${g}]\nmarker_${i}=1\n`).join(''));
      const read = (stdout: string): string[] => [...stdout.matchAll(/--marker_(\d+)=1/g)].map((m) => candidates[Number(m[1])]!).sort();
      const actual: Record<string, string[]> = {};
      const expected: Record<string, string[]> = {};
      for (const p of MARIADB_PROGRAM_NAMES) {
        const r = await run(p, [`--defaults-file=${f}`, '--print-defaults']);
        actual[p] = read(r.stdout);
        expected[p] = [...programGroups(p)].sort();
        const help = spawnSync(p, ['--no-defaults', '--help', '--verbose'], { encoding: 'utf8', maxBuffer: 8 << 20 }).stdout;
        actual[`${p} --help order`] = (/^The following groups are read: (.*)$/m.exec(help)?.[1] ?? '').trim().split(/\s+/);
        expected[`${p} --help order`] = [...programGroups(p)];
      }
      actual['my_print_defaults --mariadbd'] = read((await run('my_print_defaults', [`--defaults-file=${f}`, '--mariadbd'])).stdout);
      expected['my_print_defaults --mariadbd'] = [...programGroups('mariadbd')].sort();
      // And the other way round: who reads each candidate group.
      for (const g of candidates) {
        actual[`[${g}]`] = MARIADB_PROGRAM_NAMES.filter((p) => actual[p]!.includes(g));
        expected[`[${g}]`] = mycnfGroupReaders(g)
          .filter((r) => r.flavor === 'mariadb' && (r.series === undefined || version.includes(`${r.series}.`)))
          .map((r) => r.program);
      }
      assert.deepStrictEqual(actual, expected);
    });

    it('the server timeout family has the catalogued defaults, and real starts clamp out-of-range values to the catalogued bounds', async () => {
      const server = [
        'wait_timeout',
        'interactive_timeout',
        'net_read_timeout',
        'net_write_timeout',
        'connect_timeout',
        'tcp_keepalive_time',
        'tcp_keepalive_interval',
        'tcp_keepalive_probes',
        'max_allowed_packet',
      ].map((n) => mycnfOption(n, 'server')!);
      const bounds = (pick: (v: { min: number; max: number }) => number, delta: number): string =>
        `[mysqld]\n${server.map((o) => (o.value.type === 'int' ? `${o.name}=${pick(o.value) + delta}` : '')).join('\n')}\n`;
      // Packet sizes are rounded down to the block size: 16 MiB + 1 reads back as 16 MiB.
      const [defaults, low, high] = (await startServers([
        file('[mysqld]\nmax_allowed_packet=16777217\n'),
        file(bounds((v) => v.min, -1)),
        file(bounds((v) => v.max, 1)),
      ])) as [Server, Server, Server];
      try {
        const exprs = server.map((o) => `@@${o.name}`);
        const [d, lo, hi] = await Promise.all([select(defaults.socket, exprs), select(low.socket, exprs), select(high.socket, exprs)]);
        const row = (values: string[]): Record<string, string> => Object.fromEntries(server.map((o, i) => [o.name, values[i]!]));
        assert.deepStrictEqual(
          { defaults: row(d), 'min - 1': row(lo), 'max + 1': row(hi) },
          {
            defaults: Object.fromEntries(server.map((o) => [o.name, o.default])),
            'min - 1': Object.fromEntries(server.map((o) => [o.name, String(o.value.type === 'int' ? o.value.min : '')])),
            'max + 1': Object.fromEntries(server.map((o) => [o.name, String(o.value.type === 'int' ? o.value.max : '')])),
          },
        );
        assert.match(high.log(), /\[Warning\] option 'wait_timeout': unsigned value 31536001 adjusted to 31536000/);
      } finally {
        await Promise.all([defaults.stop(), low.stop(), high.stop()]);
      }
    });

    it('a negative value for an unsigned server variable is fatal (exit 13), and 1e3 reads as 1 E (2^60)', async () => {
      const negative = await run('mariadbd', [
        `--defaults-file=${file('[mysqld]\nwait_timeout=-5\n')}`,
        ...serverArgs(mkdtempSync(join(work, 'd-')), ['--skip-networking']),
      ]);
      assert.equal(negative.status, 13);
      assert.match(negative.stderr, /\[ERROR\] Incorrect unsigned value: '-5' for wait_timeout/);
      const exa = await run('mariadbd', ['--no-defaults', '--wait-timeout=1e3', '--help', '--verbose']);
      assert.match(exa.stderr, /option 'wait_timeout': unsigned value 1152921504606846976 adjusted to 31536000/);
    });

    it('client connect_timeout and max_allowed_packet: defaults and clamping as catalogued', async () => {
      const value = async (p: MariadbProgram, arg: string, name: string): Promise<string> => {
        const r = await run(p, ['--no-defaults', ...(arg ? [arg] : []), '--help', '--verbose']);
        return new RegExp(`^${name}\\s+(\\S+)$`, 'm').exec(r.stdout)?.[1] ?? 'missing';
      };
      const ct = mycnfOption('connect_timeout', 'client')!;
      const mp = mycnfOption('max_allowed_packet', 'client')!;
      assert.ok(ct.value.type === 'int' && mp.value.type === 'int');
      const rows: Array<[MariadbProgram, string, string, string]> = [];
      for (const p of ct.programs as MariadbProgram[]) rows.push([p, 'connect-timeout', '0', '99999999']);
      for (const p of mp.programs as MariadbProgram[]) rows.push([p, 'max-allowed-packet', '1', '99999999999']);
      const actual: Record<string, string[]> = {};
      const expected: Record<string, string[]> = {};
      for (const [p, name, low, high] of rows) {
        actual[`${p} ${name}`] = [await value(p, '', name), await value(p, `--${name}=${low}`, name), await value(p, `--${name}=${high}`, name)];
        const spec = name === 'connect-timeout' ? ct : mp;
        const range = MARIADB_PROGRAMS[p].ranges[name.replaceAll('-', '_')]!;
        expected[`${p} ${name}`] = [
          String(range.default),
          String(spec.value.type === 'int' ? spec.value.min : ''),
          String(spec.value.type === 'int' ? spec.value.max : ''),
        ];
      }
      assert.deepStrictEqual(actual, expected);
      assert.equal(ct.default, String(MARIADB_PROGRAMS.mariadb.ranges.connect_timeout!.default));
    });

    it('mariadbd turns keepalive on for client connections; tcp_keepalive_time sets the timer, 0 and values above 32767 leave the kernel value', async (t) => {
      if (spawnSync('sh', ['-c', 'command -v ss']).status !== 0) {
        if (process.env.CI) assert.fail('ss (iproute2) is missing; .ci/run installs it');
        t.skip('ss (iproute2) is not installed');
        return;
      }
      const kernel = Number(readFileSync('/proc/sys/net/ipv4/tcp_keepalive_time', 'utf8').trim());
      const freePort = (): Promise<number> =>
        new Promise((resolve) => {
          const s = createServer();
          s.listen(0, '127.0.0.1', () => {
            const port = (s.address() as { port: number }).port;
            s.close(() => resolve(port));
          });
        });
      /** Seconds left on the keepalive timer of the server side of a fresh idle client connection. */
      const timer = async (time: number): Promise<number | string> => {
        const port = await freePort();
        const srv = await startServer(file(`[mysqld]\ntcp_keepalive_time=${time}\n`), port);
        try {
          const client = run('mariadb', ['--no-defaults', '--protocol=tcp', '--host=127.0.0.1', `--port=${port}`, '-e', 'SELECT SLEEP(2)']);
          await new Promise((r) => setTimeout(r, 700));
          const ss = await run('ss', ['-tnoH', 'state', 'established', `( sport = :${port} )`]);
          await client;
          const m = /timer:\(keepalive,(?:(\d+)min)?(?:(\d+)(?:\.\d+)?sec)?(?:(\d+)ms)?,\d+\)/.exec(ss.stdout);
          return m ? Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0) : `no keepalive timer: ${ss.stdout.trim()}`;
        } finally {
          await srv.stop();
        }
      };
      const [set, zero, tooBig] = await Promise.all([timer(100), timer(0), timer(40000)]);
      const near = (got: number | string, want: number, slack: number): string =>
        typeof got === 'number' && got <= want && got >= want - slack ? `about ${want} s` : `${got} s`;
      assert.deepStrictEqual(
        { 'tcp_keepalive_time=100': near(set, 100, 5), 'tcp_keepalive_time=0': near(zero, kernel, 90), 'tcp_keepalive_time=40000': near(tooBig, kernel, 90) },
        { 'tcp_keepalive_time=100': 'about 100 s', 'tcp_keepalive_time=0': `about ${kernel} s`, 'tcp_keepalive_time=40000': `about ${kernel} s` },
      );
    });

    it('my_print_defaults prints what MY_PRINT_DEFAULTS_FACTS records, and still does what MY_PRINT_DEFAULTS_LIMITS records', async () => {
      const facts = [...MY_PRINT_DEFAULTS_FACTS, ...MY_PRINT_DEFAULTS_LIMITS];
      const results = await pool(facts, myPrintDefaults);
      const actual = facts.map((fact, i) => ({ title: fact.title, ...results[i]! }));
      const expected = facts.map((fact) => ({ title: fact.title, status: fact.status, stdout: fact.stdout, stderr: [...(fact.stderr ?? [])] }));
      assert.deepStrictEqual(actual, expected);
    });

    it('the client programs print the same option list as my_print_defaults (--print-defaults)', async () => {
      const fact = MY_PRINT_DEFAULTS_FACTS.find((f) => f.title.startsWith('escapes'))!;
      const dir = mkdtempSync(join(work, 'pd-'));
      const f = join(dir, 'my.cnf');
      writeFileSync(f, fact.files['my.cnf']!);
      for (const p of MARIADB_CLIENT_PROGRAMS) {
        const r = await run(p, [`--defaults-file=${f}`, '--print-defaults']);
        assert.equal(r.stdout, `${p} would have been started with the following arguments:\n${fact.stdout.replaceAll('\n--', ' --').replace(/\n$/, ' \n')}`, p);
      }
    });
  });
}
