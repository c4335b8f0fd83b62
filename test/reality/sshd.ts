/**
 * Helpers for the OpenSSH reality tests (test/reality/ssh-client-timeouts.test.ts and sshd-timeouts.test.ts):
 * a real `sshd -D -e -f CONFIG` on 127.0.0.1, the real `ssh` talking to it, lines of their output with the
 * time each arrived, and the per-connection sshd processes found through /proc so a test can SIGSTOP and
 * SIGCONT them.
 *
 * Everything lives in one fresh temporary directory per SshLab: a throwaway ed25519 host key, a client
 * key and an authorized_keys file for it, and one subdirectory per sshd with its sshd_config. Nothing
 * under /etc/ssh or ~/.ssh is read or written (sshd -f, ssh -F, UserKnownHostsFile=/dev/null, HOME set
 * to the lab directory). The only change outside the lab directory is /run/sshd, sshd's privilege
 * separation directory, created (mode 0755) when it is missing.
 *
 * Every process the lab starts (listeners, ssh clients) and every process seen below a listener
 * (per-connection sshd, the remote shell) is remembered by pid and start time; `SshLab.cleanup()`
 * (call it from `after()`) sends each one still alive SIGCONT and then SIGKILL, by pid, and removes the
 * directory. An exit/SIGINT/SIGTERM hook does the same when a run dies before that.
 *
 * Times are CLOCK_MONOTONIC seconds (`monoNow()`, process.hrtime: the clock and the line reader of
 * test/reality/lines.ts). OpenSSH's own timers count whole seconds of CLOCK_BOOTTIME (misc.c: monotime()
 * returns tv_sec), so `bootNow()` gives that clock too, calibrated from /proc/uptime.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { programEnv } from '../oracle/harness';
import { cleanUpOnExit, forget } from './exitHooks';
import { Lines, monoNow } from './lines';
import { findOnPath, type Needed, runOk } from './netns';

// The reality tests' one clock and line reader, for the OpenSSH tests that import them from here.
export { type Line, Lines, monoNow } from './lines';

export const NEED_SSH: Needed = { cmd: 'ssh', apt: 'openssh-client' };
export const NEED_SSH_KEYGEN: Needed = { cmd: 'ssh-keygen', apt: 'openssh-client' };
export const NEED_SSHD: Needed = { cmd: 'sshd', apt: 'openssh-server' };

export const SSH = findOnPath('ssh') ?? 'ssh';
export const SSHD = findOnPath('sshd') ?? '/usr/sbin/sshd';
const SSH_KEYGEN = findOnPath('ssh-keygen') ?? 'ssh-keygen';

/** sshd's privilege separation directory (Debian: /run/sshd); sshd refuses to start without it. */
export const PRIVSEP_DIR = '/run/sshd';

/** Why the OpenSSH reality tests cannot run here, or undefined when they can. */
export function missingSshPrerequisites(): string | undefined {
  if (process.platform !== 'linux') return `not Linux (${process.platform}): the OpenSSH reality tests find and stop sshd's session processes through /proc`;
  if (typeof process.getuid !== 'function' || process.getuid() !== 0)
    return 'not root: the test sshd must run as root (privilege separation, /run/sshd, logging in as root with a throwaway key)';
  const missing = [NEED_SSH, NEED_SSH_KEYGEN, NEED_SSHD].filter((n) => !findOnPath(n.cmd));
  if (missing.length) return `missing ${missing.map((n) => `${n.cmd} (apt install ${n.apt})`).join(', ')}`;
  return undefined;
}

// ---------------------------------------------------------------------------------------------------
// Clocks

let bootOffset: number | undefined;

/**
 * CLOCK_BOOTTIME minus CLOCK_MONOTONIC, seconds (0 unless the machine has been suspended). /proc/uptime
 * is CLOCK_BOOTTIME truncated to centiseconds; reading it until the value changes catches the moment
 * it ticks, which pins the offset to well under a millisecond.
 */
export function bootClockOffset(): number {
  if (bootOffset === undefined) {
    const read = () => Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
    const samples: number[] = [];
    for (let k = 0; k < 3; k++) {
      const first = read();
      const until = monoNow() + 0.05;
      let m = monoNow();
      let v = first;
      while (v === first && m < until) {
        m = monoNow();
        v = read();
      }
      samples.push(v - m);
    }
    samples.sort((a, b) => a - b);
    bootOffset = samples[1] ?? 0;
  }
  return bootOffset;
}

/** CLOCK_BOOTTIME, seconds: the clock whose whole seconds OpenSSH's keepalive timers count. */
export function bootNow(): number {
  return monoNow() + bootClockOffset();
}

/** The CLOCK_BOOTTIME reading for a CLOCK_MONOTONIC time. */
export function bootAt(mono: number): number {
  return mono + bootClockOffset();
}

/** Milliseconds until CLOCK_BOOTTIME next shows `phase` (0 to 1) past a whole second. */
export function msUntilBootPhase(phase: number): number {
  return ((((phase - (bootNow() % 1)) % 1) + 1) % 1) * 1000;
}

// ---------------------------------------------------------------------------------------------------
// /proc

export interface ProcInfo {
  pid: number;
  ppid: number;
  /** R, S, T (stopped), Z (zombie), ... */
  state: string;
  /** Field 22 of /proc/PID/stat: start time in clock ticks since boot; with the pid it names one process. */
  start: string;
  comm: string;
}

export function procInfo(pid: number): ProcInfo | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // "pid (comm) state ppid ..." where comm may hold spaces and parentheses.
  const close = stat.lastIndexOf(')');
  const rest = stat.slice(close + 2).split(' ');
  return { pid, ppid: Number(rest[1]), state: rest[0] ?? '?', start: rest[19] ?? '', comm: stat.slice(stat.indexOf('(') + 1, close) };
}

/** The command line of a process, spaces for NULs ("sshd: root@notty"). */
export function procCmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0+$/, '').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/** Every process below root (children, grandchildren, ...), found by walking the ppid fields of /proc/NUMBER/stat. */
export function descendants(root: number): ProcInfo[] {
  const all: ProcInfo[] = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    const p = procInfo(Number(e));
    if (p) all.push(p);
  }
  const out: ProcInfo[] = [];
  const frontier = [root];
  while (frontier.length) {
    const parent = frontier.shift()!;
    for (const p of all) {
      if (p.ppid === parent) {
        out.push(p);
        frontier.push(p.pid);
      }
    }
  }
  return out;
}

/** True when pid is still the process that had this start time and has not exited (zombies count as gone). */
function sameAlive(pid: number, start: string): boolean {
  const p = procInfo(pid);
  return p !== undefined && p.start === start && p.state !== 'Z' && p.state !== 'X';
}

/**
 * The value of `wanted`, or a rejection: with the string `failure` resolves to when it comes first,
 * or with wanted's own error. Neither promise is left to reject unhandled.
 */
export function firstOf<T>(wanted: Promise<T>, failure: Promise<string>): Promise<T> {
  wanted.catch(() => {});
  failure.catch(() => {});
  return Promise.race([wanted, failure.then((why) => Promise.reject(new Error(why)))]);
}

// ---------------------------------------------------------------------------------------------------
// The lab

/** A free TCP port on 127.0.0.1 right now (the kernel's choice). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  at: number;
}

/** Keys and temp directory shared by every sshd and ssh of one test file; tracks and kills what it starts. */
export class SshLab {
  readonly hostKey: string;
  readonly clientKey: string;
  readonly authorizedKeys: string;
  private readonly children = new Set<ChildProcess>();
  /** Every process started or seen below a listener: pid -> start time. */
  private readonly known = new Map<number, { start: string; what: string }>();
  private n = 0;

  private constructor(readonly root: string) {
    this.hostKey = join(root, 'ssh_host_ed25519_key');
    this.clientKey = join(root, 'id_ed25519');
    this.authorizedKeys = join(root, 'authorized_keys');
  }

  /** A new lab: temp directory, /run/sshd, a host key, a client key and its authorized_keys. */
  static async create(): Promise<SshLab> {
    const lab = new SshLab(mkdtempSync(join(tmpdir(), 'keepalive-ssh-reality-')));
    cleanUpOnExit(lab);
    if (!existsSync(PRIVSEP_DIR)) mkdirSync(PRIVSEP_DIR, { mode: 0o755, recursive: true });
    await Promise.all([
      runOk(SSH_KEYGEN, ['-q', '-t', 'ed25519', '-N', '', '-C', 'keepalive-lens reality host key', '-f', lab.hostKey]),
      runOk(SSH_KEYGEN, ['-q', '-t', 'ed25519', '-N', '', '-C', 'keepalive-lens reality client key', '-f', lab.clientKey]),
    ]);
    writeFileSync(lab.authorizedKeys, readFileSync(`${lab.clientKey}.pub`, 'utf8'));
    return lab;
  }

  /** A fresh directory inside the lab. */
  dir(tag: string): string {
    const d = join(this.root, `${++this.n}-${tag.replace(/[^a-z0-9-]/gi, '').slice(0, 32)}`);
    mkdirSync(d, { recursive: true });
    return d;
  }

  /** Remembers a process (by pid and start time) so cleanup kills it even after it was reparented. */
  remember(pid: number | undefined, what: string): void {
    if (!pid || this.known.has(pid)) return;
    const p = procInfo(pid);
    if (p) this.known.set(pid, { start: p.start, what });
  }

  private track(child: ChildProcess, what: string): void {
    this.children.add(child);
    this.remember(child.pid, what);
    child.on('exit', () => this.children.delete(child));
  }

  /**
   * The lines every test sshd_config starts with: the port, the throwaway keys, root login with a key,
   * no PAM, no pid file, logging at VERBOSE (the timeout messages are logged at INFO). The remote
   * command must start at once: bash (root's shell) sources ~/.bashrc and /etc/bash.bashrc for a
   * command run by sshd when SHLVL < 2 (Debian builds bash with SSH_SOURCE_BASHRC), and a root
   * .bashrc can spend a second there (pyenv init took 0.2-0.6 s on the test machine, with output on
   * stderr); `SetEnv SHLVL=5` skips that, `PermitUserRC no` skips ~/.ssh/rc.
   */
  sshdHeader(port: number, logLevel = 'VERBOSE'): string {
    return [
      '# Keepalive Lens reality test: the harness part (test/reality/sshd.ts).',
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${this.hostKey}`,
      `AuthorizedKeysFile ${this.authorizedKeys}`,
      'StrictModes no',
      'UsePAM no',
      'PermitRootLogin prohibit-password',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PidFile none',
      'PermitUserRC no',
      'SetEnv SHLVL=5',
      `LogLevel ${logLevel}`,
      '',
    ].join('\n');
  }

  /**
   * Starts `sshd -D -e -f DIR/sshd_config` on a free port of 127.0.0.1, the file being sshdHeader(port)
   * followed by body, and resolves once it listens. A port taken between choosing and binding is retried.
   */
  async sshd(tag: string, body: string, opts: { logLevel?: string } = {}): Promise<Sshd> {
    const dir = this.dir(`sshd-${tag}`);
    const configFile = join(dir, 'sshd_config');
    let last = '';
    for (let attempt = 0; attempt < 5; attempt++) {
      const port = await freePort();
      writeFileSync(configFile, `${this.sshdHeader(port, opts.logLevel)}${body}`);
      const child = spawn(SSHD, ['-D', '-e', '-f', configFile], { env: programEnv(this.root), stdio: ['ignore', 'pipe', 'pipe'] });
      this.track(child, `sshd listener (${tag})`);
      const stderr = new Lines(child.stderr, `sshd ${tag} stderr`);
      new Lines(child.stdout, `sshd ${tag} stdout`);
      const exited = new Promise<ExitInfo>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, at: monoNow() })));
      child.on('error', () => {});
      try {
        await firstOf(
          stderr.wait((t) => t.includes(`Server listening on 127.0.0.1 port ${port}.`), 10_000, 'sshd to listen'),
          exited.then((e) => `sshd exited (${e.code ?? e.signal}) before listening`),
        );
        return new Sshd(this, tag, child, port, configFile, stderr, exited);
      } catch (e) {
        last = `${(e as Error).message}\n${stderr.text()}`;
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        if (!/Address already in use/.test(stderr.text())) break;
      }
    }
    throw new Error(`could not start ${SSHD} -D -e -f ${configFile}:\n${last}\nconfig:\n${readFileSync(configFile, 'utf8')}`);
  }

  /**
   * Starts the real ssh: `ssh -F CONFIG -i KEY -o UserKnownHostsFile=/dev/null -o StrictHostKeyChecking=no
   * -o BatchMode=yes -o IdentitiesOnly=yes -o KexAlgorithms=curve25519-sha256 -T -l root -p PORT HOST
   * REMOTE_COMMAND` (no keepalive option on the command line: CONFIG decides), stdin a pipe kept open (so
   * ssh sends nothing after the session starts unless the test writes).
   */
  ssh(opts: { tag: string; config: string; host: string; port: number; remote: string }): SshClient {
    const args = [
      '-F',
      opts.config,
      '-i',
      this.clientKey,
      '-o',
      'UserKnownHostsFile=/dev/null',
      '-o',
      'StrictHostKeyChecking=no',
      '-o',
      'BatchMode=yes',
      '-o',
      'IdentitiesOnly=yes',
      // Half the handshake time of the default sntrup761 hybrid (0.13-0.16 s instead of 0.24-0.35 s here).
      '-o',
      'KexAlgorithms=curve25519-sha256',
      '-T',
      '-l',
      'root',
      '-p',
      String(opts.port),
      opts.host,
      opts.remote,
    ];
    const child = spawn(SSH, args, { env: programEnv(this.root), stdio: ['pipe', 'pipe', 'pipe'] });
    this.track(child, `ssh client (${opts.tag})`);
    child.on('error', () => {});
    child.stdin?.on('error', () => {});
    return new SshClient(child, opts.tag, [SSH, ...args]);
  }

  /** Kills (SIGCONT, then SIGKILL, by pid) everything started or seen, waits for our children, removes the directory. */
  async cleanup(opts: { keep?: boolean } = {}): Promise<string[]> {
    const problems = this.killAll();
    await Promise.all(
      [...this.children].map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null || c.signalCode !== null) return resolve();
            const timer = setTimeout(() => {
              problems.push(`pid ${c.pid} did not exit within 5 s of SIGKILL`);
              resolve();
            }, 5_000);
            c.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
          }),
      ),
    );
    for (const [pid, k] of this.known) if (sameAlive(pid, k.start)) problems.push(`${k.what} (pid ${pid}) is still alive after SIGKILL`);
    if (!opts.keep) rmSync(this.root, { recursive: true, force: true });
    forget(this);
    return problems;
  }

  /** The synchronous last resort for the exit hooks. */
  cleanupSync(): void {
    this.killAll();
    try {
      rmSync(this.root, { recursive: true, force: true });
    } catch {
      // best effort
    }
    forget(this);
  }

  private killAll(): string[] {
    const problems: string[] = [];
    // Everything below a listener or client we started, before anything dies and gets reparented.
    for (const c of this.children) if (c.pid) for (const p of descendants(c.pid)) this.remember(p.pid, `${procCmdline(p.pid) || p.comm} (below pid ${c.pid})`);
    for (const [pid, k] of this.known) {
      if (!sameAlive(pid, k.start)) continue;
      for (const sig of ['SIGCONT', 'SIGKILL'] as const) {
        try {
          process.kill(pid, sig);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'ESRCH') problems.push(`kill -${sig} ${pid} (${k.what}): ${(e as Error).message}`);
        }
      }
    }
    return problems;
  }
}

/** A running test sshd (the listener) and the lines of its stderr. */
export class Sshd {
  constructor(
    readonly lab: SshLab,
    readonly tag: string,
    readonly child: ChildProcess,
    readonly port: number,
    readonly configFile: string,
    readonly stderr: Lines,
    readonly exited: Promise<ExitInfo>,
  ) {}

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** The per-connection processes below the listener (the session sshd, the remote shell), remembered for cleanup. */
  sessionProcesses(): ProcInfo[] {
    const ps = descendants(this.pid);
    for (const p of ps) this.lab.remember(p.pid, `${procCmdline(p.pid) || p.comm} (below sshd ${this.tag})`);
    return ps;
  }

  /** SIGSTOPs every per-connection process; returns them (cleanup sends SIGCONT before SIGKILL). */
  stopSessions(): ProcInfo[] {
    const ps = this.sessionProcesses();
    return ps.filter((p) => {
      try {
        process.kill(p.pid, 'SIGSTOP');
        return true;
      } catch {
        return false; // exited since the listing (a session that has just ended)
      }
    });
  }

  /** The session sshd: the listener's child whose command line is "sshd: USER@notty" (root logins have no separate privsep child). */
  sessionSshd(): ProcInfo | undefined {
    return this.sessionProcesses().find((p) => p.ppid === this.pid && /^sshd: \S+@/.test(procCmdline(p.pid)));
  }
}

/** A running ssh client. */
export class SshClient {
  readonly stdout: Lines;
  readonly stderr: Lines;
  readonly exited: Promise<ExitInfo>;

  constructor(
    readonly child: ChildProcess,
    readonly tag: string,
    readonly argv: readonly string[],
  ) {
    this.stdout = new Lines(child.stdout, `ssh ${tag} stdout`);
    this.stderr = new Lines(child.stderr, `ssh ${tag} stderr`);
    this.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, at: monoNow() })));
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  stop(): void {
    process.kill(this.pid, 'SIGSTOP');
  }

  /** Writes to ssh's stdin (it stays open: ssh sends nothing unless we write). */
  send(text: string): void {
    this.child.stdin?.write(text);
  }

  /** The exit, or undefined when it has not happened within timeoutMs. */
  exitWithin(timeoutMs: number): Promise<ExitInfo | undefined> {
    return Promise.race([this.exited, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), timeoutMs).unref())]);
  }

  /** The command as a shell line, for messages. */
  commandLine(): string {
    return this.argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", "'\\''")}'`)).join(' ');
  }
}

/**
 * The unread bytes in the receive queue of the TCP connection from 127.0.0.1:localPort to
 * 127.0.0.1:remotePort (/proc/net/tcp rx_queue), undefined when there is no such socket. For a stopped
 * ssh client this is what the server sent since it stopped: the keepalive probes.
 */
export function recvQueue(localPort: number, remotePort: number): number | undefined {
  let table: string;
  try {
    table = readFileSync('/proc/net/tcp', 'utf8');
  } catch {
    return undefined;
  }
  const hex = (p: number) => p.toString(16).toUpperCase().padStart(4, '0');
  const local = `0100007F:${hex(localPort)}`;
  const remote = `0100007F:${hex(remotePort)}`;
  for (const line of table.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f[1] === local && f[2] === remote) return Number.parseInt((f[4] ?? '0:0').split(':')[1] ?? '0', 16);
  }
  return undefined;
}
