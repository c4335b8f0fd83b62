/**
 * What the two OpenSSH reality tests share (test/reality/ssh-client-timeouts.test.ts: the real ssh against a
 * stopped sshd; test/reality/sshd-timeouts.test.ts: the real sshd against a stopped ssh): the seed, the
 * connection explain is asked about, the tolerance, one session from start to "ready", the references'
 * shape, the rows of test/reality/results/ssh-timeouts.json, and a lock so the two files never measure at
 * the same time.
 *
 * Every case gets its own sshd (`sshd -D -e -f CONFIG` on 127.0.0.1, a free port, throwaway keys: see
 * test/reality/sshd.ts) and its own ssh, all at once. The remote command is
 * `echo started; read line; echo ready; exec cat >/dev/null`: the test writes the line, so it is the
 * client's last data to the server and "ready", a few ms later, the server's last data to the client.
 *
 * Tolerance against explain: |measured - predicted| <= 0.5 s + 10 % of predicted. A second, tight check
 * (±0.15 s) holds each measurement to the source of the installed release (clientloop.c, serverloop.c
 * of V_9_2_P1): see each test file's header.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { cleanUpOnExit, forget } from './exitHooks';
import type { ExplainRun, SshExplain } from './explain';
import { type ProcResult, run } from './netns';
import type { ReadyAt } from './sshCases';
import { bootAt, bootNow, firstOf, type Line, monoNow, msUntilBootPhase, type SshClient, type Sshd, type SshLab } from './sshd';

export const SEED = Number(process.env.REALITY_SEED ?? 0x55d2025) >>> 0;
export const RECORD_FILE = join(__dirname, 'results', 'ssh-timeouts.json');
/** The connection explain is asked about: what sshd sees for our ssh (UseDNS no: the host is the address). */
export const CONN = { user: 'root', host: '127.0.0.1', addr: '127.0.0.1' };

export const tolerance = (predicted: number) => 0.5 + 0.1 * predicted;
/** Slack of the source-model check: the timer's wake-up, ssh's exit or sshd's log line, node's event loop. */
export const MODEL_SLACK = 0.15;

// ---------------------------------------------------------------------------------------------------
// Measurements

/**
 * The remote command: "started" once the shell runs; "ready" as soon as a line arrives on its stdin
 * (the test writes it, so the line is the client's last data to the server, and "ready" a few ms later
 * the server's last data to the client); then cat, which holds the session open without output and
 * exits when sshd goes away.
 */
export const REMOTE = 'echo started; read line; echo ready; exec cat >/dev/null';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** One session ready to measure: its sshd, its ssh, the config files. */
export interface Prepared {
  lab: SshLab;
  sshd: Sshd;
  /** The file explain reads: ssh_config (client cases) or sshd_config (server cases). */
  configFile: string;
  clientConfig: string;
}

export async function prepare(lab: SshLab, id: string, sshdBody: string, clientText: string): Promise<Prepared> {
  const sshd = await lab.sshd(id, sshdBody);
  const clientConfig = join(dirname(sshd.configFile), 'ssh_config');
  writeFileSync(clientConfig, clientText);
  return { lab, sshd, configFile: sshd.configFile, clientConfig };
}

export interface Session {
  client: SshClient;
  started: Line;
  ready: Line;
  /** CLOCK_BOOTTIME when "ready" arrived. */
  readyBoot: number;
}

/**
 * Starts ssh (at a whole second of CLOCK_BOOTTIME when asked), waits for "started", sends the line at
 * the moment `at` asks for, and resolves at "ready"; fails with ssh's and sshd's stderr when ssh exits first.
 */
export async function session(p: Prepared, tag: string, host: string, at: ReadyAt, alignStart: boolean): Promise<Session> {
  if (alignStart) await sleep(msUntilBootPhase(0));
  const client = p.lab.ssh({ tag, config: p.clientConfig, host, port: p.sshd.port, remote: REMOTE });
  const died = client.exited.then((e) => `ssh exited (${e.code ?? e.signal}) before "ready"`);
  try {
    const started = await firstOf(
      client.stdout.wait((t) => t === 'started', 15_000, '"started"'),
      died,
    );
    if (at === 'boundary') await sleep(msUntilBootPhase(0.03));
    if (at === 'late' && bootNow() % 1 < 0.75) await sleep(msUntilBootPhase(0.8));
    client.send('go\n');
    const ready = await firstOf(
      client.stdout.wait((t) => t === 'ready', 10_000, '"ready"'),
      died,
    );
    return { client, started, ready, readyBoot: bootAt(ready.at) };
  } catch (e) {
    await client.exitWithin(2_000);
    throw new Error(`${(e as Error).message}\nssh: ${client.commandLine()}\nssh stderr:\n${client.stderr.text()}\nsshd stderr:\n${p.sshd.stderr.text()}`);
  }
}

/** Ordering between cases. */
export interface Order {
  /** Start ssh only once this has settled. */
  before?: Promise<unknown>;
}

// ---------------------------------------------------------------------------------------------------
// References (ssh -G, sshd -T) and results

export interface Effective {
  r: ProcResult;
  interval?: number;
  countMax?: number;
  command: string;
}

/**
 * What the reference (`ssh -G`, `sshd -T`) prints for the file: its run, and the numbers of the interval and
 * count lines (`keys`: `serveraliveinterval`, `serveralivecountmax` or the ClientAlive pair).
 */
export async function reference(program: string, args: readonly string[], keys: readonly [string, string], env?: NodeJS.ProcessEnv): Promise<Effective> {
  const r = await run(program, args, env ? { env } : {});
  const value = (k: string) => {
    const m = new RegExp(`^${k} (\\d+)$`, 'm').exec(r.stdout);
    return m ? Number(m[1]) : undefined;
  };
  return { r, interval: value(keys[0]), countMax: value(keys[1]), command: `${basename(program)} ${args.join(' ')}` };
}

export const round = (n: number | undefined | null): number | null => (typeof n === 'number' ? Math.round(n * 1000) / 1000 : null);
export const fmt = (n: number | undefined | null) => (typeof n === 'number' ? `${n.toFixed(3)} s` : String(n));

export const detectAfter = (e: ExplainRun<SshExplain> | undefined) => e?.json?.timeline?.detectAfter;

/** One row of test/reality/results/ssh-timeouts.json (REALITY_RECORD); every row has every key. */
export interface ResultRecord {
  scenario: string;
  case: string;
  /** What the generated file does. */
  config: string;
  interval: number;
  countMax: number;
  /** explain's timeline.detectAfter, seconds (null: never). */
  predicted: number | null;
  /** Seconds from "ready" to ssh's exit (client) or to sshd's timeout line (server); null when nothing happened. */
  measured: number | null;
  /** 0.5 s + 10 % of predicted; null where not asserted. */
  tolerance: number | null;
  withinTolerance: boolean | null;
  /** What this OpenSSH release's source gives for this run (whole-second clock), seconds. */
  model: number | null;
  note: string;
}
export const settle = <T>(p: Promise<T> | undefined): Promise<T | undefined> => (p ? p.catch(() => undefined) : Promise.resolve(undefined));

/**
 * Writes `rows` into test/reality/results/ssh-timeouts.json (REALITY_RECORD): the client rows of
 * ssh-client-timeouts.test.ts first, then the server rows of sshd-timeouts.test.ts, each file replacing its
 * own rows and keeping the other's from its last run.
 */
export function recordResults(side: 'client' | 'server', rows: readonly ResultRecord[]): void {
  const old: ResultRecord[] = existsSync(RECORD_FILE) ? JSON.parse(readFileSync(RECORD_FILE, 'utf8')) : [];
  const isClient = (r: ResultRecord) => r.scenario.startsWith('client');
  const clientRows = side === 'client' ? rows : old.filter(isClient);
  const serverRows = side === 'server' ? rows : old.filter((r) => !isClient(r));
  mkdirSync(dirname(RECORD_FILE), { recursive: true });
  writeFileSync(RECORD_FILE, `${JSON.stringify([...clientRows, ...serverRows], null, 2)}\n`);
}

/**
 * The end of a reality file, once every measurement is over: kills what the lab started (and removes its directory
 * unless REALITY_KEEP), gives the lock back, prints the times, writes the file's rows (REALITY_RECORD), and fails
 * when a process the test started outlived it.
 */
export async function finish(
  side: 'client' | 'server',
  f: { lab: Promise<SshLab> | undefined; release: (() => void) | undefined; started: number; times: readonly string[]; records: readonly ResultRecord[] },
): Promise<void> {
  const name = side === 'client' ? 'reality (ssh)' : 'reality (sshd)';
  const l = await settle(f.lab);
  const problems = l ? await l.cleanup({ keep: !!process.env.REALITY_KEEP }) : [];
  f.release?.();
  console.log(`${name}: ${f.times.join('; ')}; whole file ${(monoNow() - f.started).toFixed(1)} s`);
  if (problems.length) console.log(`${name} cleanup problems:\n${problems.join('\n')}`);
  if (process.env.REALITY_RECORD) {
    recordResults(side, f.records);
    console.log(`${name}: wrote the ${side} rows of ${RECORD_FILE}`);
  }
  assert.deepEqual(problems, [], 'every process the test started is gone');
}

const LOCK = join(tmpdir(), 'keepalive-lens-reality-ssh.lock');

/**
 * Waits until no other OpenSSH reality file is measuring, then holds the lock until the returned function is
 * called (or the process ends). Timings are the point of these files, and the node test runner starts test
 * files in parallel when the machine has more than two CPUs: two files' handshakes at once would delay the
 * sessions that must run alone. The lock is a directory (mkdir is atomic) holding the owner's pid; one left
 * by a process that is gone is taken over.
 */
export async function measuringAlone(): Promise<() => void> {
  for (;;) {
    try {
      mkdirSync(LOCK);
      writeFileSync(join(LOCK, 'pid'), String(process.pid));
      const held = { cleanupSync: () => rmSync(LOCK, { recursive: true, force: true }) };
      cleanUpOnExit(held);
      return () => {
        held.cleanupSync();
        forget(held);
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    if (lockIsStale()) rmSync(LOCK, { recursive: true, force: true });
    else await sleep(250);
  }
}

function lockIsStale(): boolean {
  let pid = Number.NaN;
  try {
    pid = Number(readFileSync(join(LOCK, 'pid'), 'utf8'));
  } catch {
    // no pid file yet
  }
  if (!Number.isInteger(pid) || pid <= 0) {
    // Its owner is between mkdir and the write, or died there: stale once the directory is old.
    try {
      return Date.now() - statSync(LOCK).mtimeMs > 10_000;
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
