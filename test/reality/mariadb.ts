/**
 * Helpers for test/reality/mycnf-timeouts.test.ts: a throwaway mariadbd in a network namespace (a copy of one
 * datadir made by `mariadb-install-db --no-defaults`, private socket, skip-grant-tables, its log on stderr),
 * programs timed inside namespaces, and the product's timeline for one group of an option file (the language service
 * the editor uses: `explain --group` prints only what the programs read). Lines with arrival times: test/reality/lines.ts.
 *
 * Every process is started through Netns.spawn, so the Lab kills it by pid on cleanup (and on exit/SIGINT/SIGTERM).
 */
import type { ChildProcess } from 'node:child_process';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createNodeEnvironment, pathToUri } from '../../server/src/node/environment';
import { createLanguageService } from '../../server/src/service';
import type { Timeline } from '../../server/src/service/model/timeline';
import { toSettings } from '../../server/src/settings';
import { Lines, monoNow } from './lines';
import { type Needed, type Netns, type ProcResult, run, runOk, type VethPair } from './netns';

export const NEED_MARIADB: readonly Needed[] = [
  { cmd: 'mariadb', apt: 'mariadb-client' },
  { cmd: 'mariadb-admin', apt: 'mariadb-client' },
  { cmd: 'mariadbd', apt: 'mariadb-server' },
  { cmd: 'mariadb-install-db', apt: 'mariadb-server' },
];
/** `script` gives the command-line client a terminal (an interactive session). */
export const NEED_SCRIPT: Needed = { cmd: 'script', apt: 'bsdutils' };

export interface Timed {
  /** Seconds from spawn to exit; undefined when it was still running at the end of the budget (then killed). */
  seconds?: number;
  result: ProcResult;
}

/** Runs argv in ns (tracked by the Lab) and times it from spawn to exit; kills it by pid after budgetMs. */
export function timed(ns: Netns, argv: readonly string[], budgetMs: number): Promise<Timed> {
  const t0 = monoNow();
  const child = ns.spawn(argv);
  child.stdin?.end();
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
  });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  return new Promise((resolve) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, budgetMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const seconds = monoNow() - t0;
      const done = () => resolve({ ...(timedOut ? {} : { seconds }), result: { code, signal, stdout, stderr, ...(timedOut ? { timedOut } : {}) } });
      // The time is taken at 'exit'; the output is complete only at 'close' (seen: an empty stderr read at 'exit').
      // A grandchild holding the pipes open must not stall the test: 2 s after the exit, take what arrived.
      const fallback = setTimeout(done, 2000);
      child.once('close', () => {
        clearTimeout(fallback);
        done();
      });
    });
  });
}

/** One datadir made by mariadb-install-db, copied for each server. */
export async function installDatadir(dir: string): Promise<void> {
  await runOk(
    'mariadb-install-db',
    ['--no-defaults', `--datadir=${dir}`, '--user=root', '--skip-test-db', '--innodb-log-file-size=4M', '--innodb-buffer-pool-size=16M'],
    { timeoutMs: 90_000 },
  );
}

export interface Mariadbd {
  child: ChildProcess;
  pid: number;
  socket: string;
  /** The error log (mariadbd's stderr) as it arrives. */
  log: Lines;
  argv: string[];
  /** Runs SQL through the unix socket (as root, skip-grant-tables). */
  query(sql: string): Promise<ProcResult>;
}

/**
 * Starts mariadbd in ns with the option file under test and the harness options after it on the command line
 * (which win over the file: only paths, the address, logging and a small buffer pool, nothing the timelines read).
 */
export async function startMariadbd(ns: Netns, o: { defaultsFile: string; template: string; dir: string; bind: string }): Promise<Mariadbd> {
  const datadir = `${o.dir}/data`;
  await runOk('cp', ['-a', o.template, datadir]);
  const socket = `${o.dir}/s.sock`;
  const argv = [
    'mariadbd',
    `--defaults-file=${o.defaultsFile}`,
    `--datadir=${datadir}`,
    `--socket=${socket}`,
    `--pid-file=${o.dir}/s.pid`,
    `--bind-address=${o.bind}`,
    '--port=3306',
    '--user=root',
    '--skip-grant-tables',
    '--skip-name-resolve',
    '--log-warnings=4',
    '--innodb-buffer-pool-size=16M',
    '--innodb-log-file-size=4M',
  ];
  const child = ns.spawn(argv);
  child.stdin?.end();
  child.stdout?.resume();
  const log = new Lines(child.stderr, 'mariadbd stderr', { child });
  await log.wait(/ready for connections/, 60_000).catch((e: Error) => {
    throw new Error(`mariadbd did not come up: ${e.message}\n${argv.join(' ')}`);
  });
  return {
    child,
    pid: child.pid!,
    socket,
    log,
    argv,
    query: (sql) => run('mariadb', ['--no-defaults', `--socket=${socket}`, '--user=root', '--batch', '--skip-column-names', '-e', sql], { timeoutMs: 10_000 }),
  };
}

/**
 * One row of test/reality/results/mycnf-timeouts.json (REALITY_RECORD); every row has every key. scripts/readme.ts
 * renders the rows into the README.
 */
export interface MycnfResultRecord {
  side: 'client' | 'server';
  case: string;
  config: string;
  /** The timeline's detectAfter (s). */
  predicted: number | null;
  /** Seconds; null: nothing happened within the window. */
  measured: number | null;
  /** What reality was held to: the prediction, or (note "documents") the source's model; null for a hang. */
  expected: number | null;
  tolerance: { below: number; above: number } | null;
  withinTolerance: boolean | null;
  note: string;
}

/** The kernel values the product takes from its settings (keepaliveLens.kernel.*), as /proc/sys shows them. */
export interface KernelSettings {
  time: number;
  intvl: number;
  probes: number;
  synRetries: number;
  synLinear: number;
}

export const KERNEL_KEYS = [
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
  'net.ipv4.tcp_syn_retries',
  'net.ipv4.tcp_syn_linear_timeouts',
] as const;

export async function kernelOf(ns: Netns): Promise<KernelSettings> {
  const k = await ns.readSysctl(KERNEL_KEYS);
  const n = (key: string, fallback: number) => (k[key] === undefined ? fallback : Number(k[key]));
  return {
    time: n('net.ipv4.tcp_keepalive_time', 7200),
    intvl: n('net.ipv4.tcp_keepalive_intvl', 75),
    probes: n('net.ipv4.tcp_keepalive_probes', 9),
    synRetries: n('net.ipv4.tcp_syn_retries', 6),
    // Linux < 6.5 has no linear SYN timeouts.
    synLinear: n('net.ipv4.tcp_syn_linear_timeouts', 0),
  };
}

/** Writes sysctl values in ns (/proc/sys is per namespace for all of KERNEL_KEYS). */
export async function setKernel(ns: Netns, values: Record<string, number>): Promise<void> {
  const script = 'while [ $# -gt 0 ]; do echo "$2" > "/proc/sys/$1" || exit 1; shift 2; done';
  await ns.execOk(['sh', '-c', script, 'sh', ...Object.entries(values).flatMap(([k, v]) => [k.replaceAll('.', '/'), String(v)])]);
}

/**
 * The product's timeline for `[group]` of the option file, from the language service with the kernel values as
 * settings (keepaliveLens.kernel.*) and the MariaDB flavour (the programs installed here).
 */
export function predict(file: string, text: string, group: string, kernel: KernelSettings): Timeline | undefined {
  const settings = toSettings(
    {
      kernel: {
        tcpKeepaliveTime: kernel.time,
        tcpKeepaliveIntvl: kernel.intvl,
        tcpKeepaliveProbes: kernel.probes,
        tcpSynRetries: kernel.synRetries,
        tcpSynLinearTimeouts: kernel.synLinear,
      },
      mysql: { flavor: 'mariadb' },
    },
    { detectSshVersion: () => undefined, localUser: () => 'root' },
  );
  const service = createLanguageService(createNodeEnvironment({ cwd: '/' }), settings);
  const a = service.analyzeMycnf(TextDocument.create(pathToUri(file), 'mycnf', 1, text));
  return a.scopes.find((s) => s.label === `[${group}]`)?.timeline;
}

/** Pins the neighbour entries of a pair (ARP plays no part) and turns rp_filter off in `silent`, which gets a blackhole route. */
export async function pinNeighbours(p: VethPair, silent: Netns): Promise<void> {
  await p.a.ip(['neigh', 'replace', p.addrB, 'lladdr', p.macB, 'dev', p.ifA, 'nud', 'permanent']);
  await p.b.ip(['neigh', 'replace', p.addrA, 'lladdr', p.macA, 'dev', p.ifB, 'nud', 'permanent']);
  await silent.execOk(['sh', '-c', 'for f in /proc/sys/net/ipv4/conf/*/rp_filter; do echo 0 > "$f"; done']);
}

/**
 * Waits until no connection on port 3306 in ns has unacknowledged data (ss's Send-Q); returns ss's last lines. A peer
 * cut off before its (delayed) ACK leaves the server retransmitting (tcp_retries2), and keepalive never starts.
 */
export async function waitAcknowledged(ns: Netns, timeoutMs = 3_000): Promise<string> {
  const until = monoNow() + timeoutMs / 1000;
  let seen = '';
  while (monoNow() < until) {
    const r = await ns.exec(['ss', '-tnH', 'state', 'established', '( sport = :3306 )']);
    seen = r.stdout.trim();
    // With a state filter ss prints no State column: Recv-Q, Send-Q, Local, Peer.
    if (r.code === 0 && seen && seen.split('\n').every((l) => l.trim().split(/\s+/)[1] === '0')) return seen;
    await new Promise((res) => setTimeout(res, 10));
  }
  throw new Error(`the client never acknowledged the answer (ss: ${seen})`);
}

/** argv run with `hosts` bind-mounted on /etc/hosts in a private mount namespace (the machine's file is never touched). */
export function withHosts(hosts: string, argv: readonly string[]): string[] {
  return ['unshare', '-m', '--propagation', 'private', 'sh', '-c', 'mount --bind "$1" /etc/hosts || exit 99; shift; exec "$@"', 'sh', hosts, ...argv];
}

/** Kills a process we did not spawn ourselves (the client under `script`) by its pid. */
export function killPid(pid: number | undefined): void {
  if (!pid) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
