/**
 * Helpers for the reality tests: network namespaces, veth pairs, commands run inside them, sysctl
 * files loaded into them, and the skip-or-fail gate every reality and loader test starts with.
 *
 * Everything created here is named `klens-<pid>-<n>-<tag>` (namespaces) or `kl<pid36><n><a|b>`
 * (interfaces, 15 characters at most) and is destroyed by `Lab.cleanup()` (call it from `after()`),
 * by an exit/SIGINT/SIGTERM hook when a run dies before that, and by `sweepStale()` on the next run
 * when the process that created it is gone. Only names with our prefix are ever deleted.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import { describe, it, test } from 'node:test';
import { cleanUpOnExit, forget } from './exitHooks';

export const NETNS_PREFIX = 'klens-';
export const SYSTEMD_SYSCTL = ['/lib/systemd/systemd-sysctl', '/usr/lib/systemd/systemd-sysctl'].find((p) => existsSync(p)) ?? '/lib/systemd/systemd-sysctl';

export interface ProcResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Set when the process had to be killed because it ran past timeoutMs. */
  timedOut?: boolean;
}

export interface RunOptions {
  input?: string;
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

/** Runs a program to completion (never through a shell); a missing program is a result, not a throw. */
export function run(file: string, args: readonly string[], opts: RunOptions = {}): Promise<ProcResult> {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let child: ChildProcess;
    try {
      child = spawn(file, args, { env: opts.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    } catch (e) {
      resolve({ code: -1, signal: null, stdout, stderr: String(e) });
      return;
    }
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs ?? 20_000);
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.on('error', (e) => {
      stderr += String(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? null : -1), signal, stdout, stderr, ...(timedOut ? { timedOut } : {}) });
    });
    child.stdin?.on('error', () => {});
    child.stdin?.end(opts.input ?? '');
  });
}

/** Like run, but throws with the whole story when the exit code is not 0. */
export async function runOk(file: string, args: readonly string[], opts: RunOptions = {}): Promise<ProcResult> {
  const r = await run(file, args, opts);
  if (r.code !== 0) throw new Error(`${[file, ...args].join(' ')} -> exit ${r.code ?? r.signal}${r.timedOut ? ' (timed out)' : ''}\n${r.stderr}${r.stdout}`);
  return r;
}

export function findOnPath(cmd: string): string | undefined {
  const candidates = isAbsolute(cmd) ? [cmd] : (process.env.PATH ?? '').split(delimiter).flatMap((d) => (d ? [join(d, cmd)] : []));
  // root's PATH sometimes lacks the sbin directories where ip and sysctl live.
  if (!isAbsolute(cmd)) candidates.push(...['/usr/sbin', '/sbin', '/usr/bin', '/bin'].map((d) => join(d, cmd)));
  for (const p of candidates) {
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** A program a test needs, and the Debian package that provides it. */
export interface Needed {
  cmd: string;
  apt: string;
}

export const NEED_IP: Needed = { cmd: 'ip', apt: 'iproute2' };
export const NEED_UNSHARE: Needed = { cmd: 'unshare', apt: 'util-linux' };
export const NEED_MOUNT: Needed = { cmd: 'mount', apt: 'mount' };
export const NEED_PYTHON: Needed = { cmd: 'python3', apt: 'python3' };
export const NEED_SYSTEMD_SYSCTL: Needed = { cmd: SYSTEMD_SYSCTL, apt: 'systemd' };
export const NEED_PROCPS_SYSCTL: Needed = { cmd: 'sysctl', apt: 'procps' };

/**
 * Why the reality tests cannot run here, or undefined when they can: Linux, root, the programs,
 * and (when asked) a working `unshare -n` / `unshare -m -n` and overlayfs.
 */
export function missingPrerequisites(needs: readonly Needed[], opts: { netns?: boolean; mountns?: boolean; overlay?: boolean } = {}): string | undefined {
  if (process.platform !== 'linux') return `not Linux (${process.platform}): the reality tests need Linux network namespaces`;
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return 'not root: creating network and mount namespaces and veth pairs needs root';
  const missing = needs.filter((n) => !findOnPath(n.cmd));
  if (missing.length) return `missing ${missing.map((n) => `${n.cmd} (apt install ${n.apt})`).join(', ')}`;
  const unshare = findOnPath('unshare') ?? 'unshare';
  const probe = (args: string[], what: string): string | undefined => {
    try {
      execFileSync(unshare, [...args, 'true'], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 10_000 });
      return undefined;
    } catch (e) {
      const err = String((e as { stderr?: Buffer }).stderr ?? (e as Error).message).trim();
      return `${what} is not available here (unshare ${args.join(' ')} true: ${err})`;
    }
  };
  if (opts.netns) {
    const why = probe(['-n'], 'a new network namespace');
    if (why) return why;
  }
  if (opts.mountns) {
    const why = probe(['-m', '-n', '--propagation', 'private'], 'a new mount and network namespace');
    if (why) return why;
  }
  if (opts.overlay) {
    try {
      const fs = execFileSync('cat', ['/proc/filesystems'], { encoding: 'utf8' });
      if (!/\boverlay\b/.test(fs)) return 'overlayfs is not available (needed to add a missing sysctl.d directory inside a private mount namespace)';
    } catch (e) {
      return `cannot read /proc/filesystems: ${(e as Error).message}`;
    }
  }
  return undefined;
}

/**
 * The convention of test/oracle/ssh-g.test.ts: run body when nothing is missing; otherwise skip with
 * a clear message, or fail when CI is set (CI installs everything these tests need).
 */
export function gate(title: string, missing: string | undefined, body: () => void): void {
  if (!missing) {
    body();
  } else if (process.env.CI) {
    test(title, () => {
      assert.fail(`${missing} (CI is set, so this fails instead of skipping)`);
    });
  } else {
    describe(title, () => {
      it('runs against the real kernel', { skip: missing }, () => {});
    });
    console.log(`SKIP: ${title}: ${missing}`);
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Deletes namespaces left behind by earlier runs whose process is gone (only `klens-<pid>-...`). */
export function sweepStale(): string[] {
  const removed: string[] = [];
  let names: string[] = [];
  try {
    names = readdirSync('/run/netns');
  } catch {
    return removed;
  }
  const ip = findOnPath('ip') ?? 'ip';
  for (const name of names) {
    const m = new RegExp(`^${NETNS_PREFIX}(\\d+)-`).exec(name);
    if (!m || pidAlive(Number(m[1]))) continue;
    try {
      execFileSync(ip, ['netns', 'del', name], { stdio: 'ignore', timeout: 10_000 });
      removed.push(name);
    } catch {
      // someone else removed it
    }
  }
  return removed;
}

/** A network namespace made by a Lab; commands run in it through `ip netns exec`. */
export class Netns {
  constructor(
    readonly name: string,
    private readonly lab: Lab,
  ) {}

  /** Runs argv inside the namespace and waits for it. */
  exec(argv: readonly string[], opts: RunOptions = {}): Promise<ProcResult> {
    return run(this.lab.ip, ['netns', 'exec', this.name, ...argv], opts);
  }

  execOk(argv: readonly string[], opts: RunOptions = {}): Promise<ProcResult> {
    return runOk(this.lab.ip, ['netns', 'exec', this.name, ...argv], opts);
  }

  /** `ip -n NAME ...` */
  ip(args: readonly string[]): Promise<ProcResult> {
    return runOk(this.lab.ip, ['-n', this.name, ...args]);
  }

  /**
   * Waits until `ip link` in this namespace shows ifname with the given operstate. The operstate
   * changes only once the kernel's link watcher has handled a carrier change (up to a second later),
   * and that is also when neighbour entries on the link are flushed.
   */
  async waitOperstate(ifname: string, state: string, timeoutMs = 5_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    let seen = '';
    while (Date.now() < until) {
      const r = await run(this.lab.ip, ['-n', this.name, '-j', 'link', 'show', ifname]);
      try {
        seen = String((JSON.parse(r.stdout) as Array<{ operstate?: string }>)[0]?.operstate);
      } catch {
        seen = r.stdout.trim() || r.stderr.trim();
      }
      if (seen === state) return;
      await new Promise((res) => setTimeout(res, 50));
    }
    throw new Error(`${ifname} in ${this.name} did not reach operstate ${state} within ${timeoutMs} ms (last: ${seen})`);
  }

  /** Starts argv inside the namespace; the Lab kills it (by its pid) on cleanup. */
  spawn(argv: readonly string[]): ChildProcess {
    const child = spawn(this.lab.ip, ['netns', 'exec', this.name, ...argv], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.lab.track(child);
    return child;
  }

  /** What /proc/sys shows inside the namespace for each dotted key (undefined: no such key). */
  async readSysctl(keys: readonly string[]): Promise<Record<string, string | undefined>> {
    const script = 'for p; do if [ -e "/proc/sys/$p" ]; then printf "%s\\0" "$(cat "/proc/sys/$p")"; else printf "\\001\\0"; fi; done';
    const r = await this.execOk(['sh', '-c', script, 'sh', ...keys.map((k) => k.replaceAll('.', '/'))]);
    const parts = r.stdout.split('\0');
    const out: Record<string, string | undefined> = {};
    keys.forEach((k, i) => {
      const v = parts[i];
      out[k] = v === '\u0001' ? undefined : v;
    });
    return out;
  }

  /** Loads one sysctl file with systemd-sysctl (`systemd-sysctl FILE`) or procps (`sysctl -p FILE`). */
  loadSysctl(file: string, loader: 'systemd-sysctl' | 'procps' = 'systemd-sysctl'): Promise<ProcResult> {
    return loader === 'systemd-sysctl' ? this.exec([SYSTEMD_SYSCTL, file]) : this.exec([findOnPath('sysctl') ?? 'sysctl', '-p', file]);
  }
}

export interface VethPair {
  a: Netns;
  b: Netns;
  ifA: string;
  ifB: string;
  addrA: string;
  addrB: string;
  macA: string;
  macB: string;
}

/** Creates, tracks and destroys namespaces, veth pairs and the processes started in them. */
export class Lab {
  readonly ip: string;
  private readonly namespaces: Netns[] = [];
  private readonly children = new Set<ChildProcess>();
  private n = 0;

  constructor() {
    this.ip = findOnPath('ip') ?? 'ip';
    sweepStale();
    cleanUpOnExit(this);
  }

  track(child: ChildProcess): void {
    this.children.add(child);
    child.on('exit', () => this.children.delete(child));
  }

  /** A new, empty network namespace with lo up. */
  async netns(tag: string): Promise<Netns> {
    const name = `${NETNS_PREFIX}${process.pid}-${++this.n}-${tag.replace(/[^a-z0-9-]/gi, '').slice(0, 24)}`;
    await runOk(this.ip, ['netns', 'add', name]);
    const ns = new Netns(name, this);
    this.namespaces.push(ns);
    await ns.ip(['link', 'set', 'lo', 'up']);
    return ns;
  }

  /**
   * Two fresh namespaces joined by a veth pair: a gets 10.231.0.1/24, b gets 10.231.0.2/24 (each pair
   * is alone in its namespaces, so every pair can use the same addresses). The MACs are fixed so a
   * test can pin neighbour entries.
   */
  async pair(tag: string): Promise<VethPair> {
    const a = await this.netns(`${tag}-a`);
    const b = await this.netns(`${tag}-b`);
    const k = ++this.n;
    const base = `kl${process.pid.toString(36)}${k.toString(36)}`.slice(0, 14);
    const ifA = `${base}a`;
    const ifB = `${base}b`;
    const macA = `02:6b:6c:${hex(k >> 8)}:${hex(k)}:01`;
    const macB = `02:6b:6c:${hex(k >> 8)}:${hex(k)}:02`;
    await runOk(this.ip, ['link', 'add', ifA, 'address', macA, 'netns', a.name, 'type', 'veth', 'peer', 'name', ifB, 'address', macB, 'netns', b.name]);
    await a.ip(['addr', 'add', '10.231.0.1/24', 'dev', ifA]);
    await b.ip(['addr', 'add', '10.231.0.2/24', 'dev', ifB]);
    await a.ip(['link', 'set', ifA, 'up']);
    await b.ip(['link', 'set', ifB, 'up']);
    return { a, b, ifA, ifB, addrA: '10.231.0.1', addrB: '10.231.0.2', macA, macB };
  }

  /** Kills the processes started in our namespaces (by pid) and deletes the namespaces. */
  async cleanup(): Promise<string[]> {
    const problems: string[] = [];
    for (const c of this.children) {
      if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    }
    await Promise.all(
      [...this.children].map((c) => new Promise<void>((r) => (c.exitCode !== null || c.signalCode !== null ? r() : c.once('exit', () => r())))),
    );
    for (const ns of this.namespaces.splice(0)) {
      const r = await run(this.ip, ['netns', 'del', ns.name]);
      if (r.code !== 0) problems.push(`ip netns del ${ns.name}: ${r.stderr.trim()}`);
    }
    forget(this);
    return problems;
  }

  /** The synchronous last resort for the exit hooks. */
  cleanupSync(): void {
    for (const c of this.children) {
      try {
        if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
    for (const ns of this.namespaces.splice(0)) {
      try {
        execFileSync(this.ip, ['netns', 'del', ns.name], { stdio: 'ignore', timeout: 10_000 });
      } catch {
        // already gone
      }
    }
    forget(this);
  }
}

function hex(n: number): string {
  return (n & 0xff).toString(16).padStart(2, '0');
}

/** Reads JSON lines from a child's stdout; `next(pred)` resolves with the first matching line. */
export class JsonLines {
  private buffer = '';
  private readonly seen: unknown[] = [];
  private readonly waiters: Array<{
    pred: (o: Record<string, unknown>) => boolean;
    resolve: (o: Record<string, unknown>) => void;
    reject: (e: Error) => void;
  }> = [];
  private ended = false;
  stderr = '';

  constructor(child: ChildProcess) {
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      this.buffer += d;
      let nl = this.buffer.indexOf('\n');
      while (nl >= 0) {
        const line = this.buffer.slice(0, nl).trim();
        this.buffer = this.buffer.slice(nl + 1);
        if (line) {
          try {
            this.push(JSON.parse(line));
          } catch {
            this.stderr += `[non-JSON stdout] ${line}\n`;
          }
        }
        nl = this.buffer.indexOf('\n');
      }
    });
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      this.stderr += d;
    });
    child.on('exit', (code, signal) => {
      this.ended = true;
      for (const w of this.waiters.splice(0)) w.reject(new Error(`process exited (${code ?? signal}) before the expected line; stderr: ${this.stderr.trim()}`));
    });
  }

  private push(o: unknown): void {
    this.seen.push(o);
    for (let i = 0; i < this.waiters.length; i++) {
      const w = this.waiters[i];
      if (w && typeof o === 'object' && o && w.pred(o as Record<string, unknown>)) {
        this.waiters.splice(i, 1);
        w.resolve(o as Record<string, unknown>);
        i--;
      }
    }
  }

  next(pred: (o: Record<string, unknown>) => boolean, timeoutMs: number, what: string): Promise<Record<string, unknown>> {
    const found = this.seen.find((o) => typeof o === 'object' && o && pred(o as Record<string, unknown>));
    if (found) return Promise.resolve(found as Record<string, unknown>);
    if (this.ended) return Promise.reject(new Error(`process already exited; waiting for ${what}; stderr: ${this.stderr.trim()}`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const i = this.waiters.indexOf(entry);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; stderr: ${this.stderr.trim()}`));
      }, timeoutMs);
      const entry = {
        pred,
        resolve: (o: Record<string, unknown>) => {
          clearTimeout(timer);
          resolve(o);
        },
        reject: (e: Error) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      this.waiters.push(entry);
    });
  }
}
