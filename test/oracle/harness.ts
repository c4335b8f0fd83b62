/**
 * What the oracle and reality tests share: finding a program, running it, calling the CLI in-process
 * with its output captured, and shrinking a disagreeing config to the lines that matter.
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, it, test } from 'node:test';

/** The contract of server/src/cli.ts (kept local so the tests do not depend on its types). */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  env: Record<string, string | undefined>;
}
export type RunCli = (args: string[], io: CliIo) => Promise<number>;

/** An executable on PATH, else in one of `extra` (sshd lives in /usr/sbin, often off a user's PATH). */
export function findOnPath(cmd: string, extra: readonly string[] = []): string | undefined {
  for (const d of [...(process.env.PATH ?? '').split(delimiter), ...extra]) {
    if (!d) continue;
    const p = join(d, cmd);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return undefined;
}

export interface ProcResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a program to its end (20 s at most); the exit status, -1 when it did not exit normally. */
export function run(file: string, args: string[], cwd?: string): Promise<ProcResult> {
  return new Promise((res) => {
    execFile(file, args, { cwd, timeout: 20_000, maxBuffer: 4 * 1024 * 1024 }, (err, stdout, stderr) => {
      let code = 0;
      if (err) code = typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1;
      res({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

export interface Captured {
  code: number | 'threw';
  stdout: string;
  stderr: string;
}

/** runCli in-process with its output captured; a throw is a result ('threw'), not a test crash. */
export async function captureCli(
  runCli: RunCli | Promise<RunCli>,
  args: string[],
  cwd: string,
  env: Record<string, string | undefined> = process.env,
): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  let code: number | 'threw';
  try {
    code = await (await runCli)(args, {
      stdout: (t) => {
        stdout += t;
      },
      stderr: (t) => {
        stderr += t;
      },
      cwd,
      env: { ...env },
    });
  } catch (e) {
    code = 'threw';
    stderr += `\n[runCli threw] ${(e as Error)?.stack ?? String(e)}`;
  }
  return { code, stdout, stderr };
}

export interface ShrinkFile {
  readonly path: string;
  readonly text: string;
}

/**
 * Greedy line deletion: removes chunks of lines (halving down to single lines) from every file while
 * `still` holds for the files with the chunk removed, for at most `budget` trials. The first `keep(i)`
 * lines of file i stay (a HostKey line the program needs). Line breaks are kept as the file has them.
 */
export async function shrinkLines<F extends ShrinkFile>(
  files: readonly F[],
  still: (candidate: readonly F[]) => Promise<boolean>,
  budget: number,
  keep: (fileIndex: number) => number = () => 0,
): Promise<{ files: readonly F[]; trials: number }> {
  let current = files;
  let spent = 0;
  let progress = true;
  while (progress && spent < budget) {
    progress = false;
    for (let fi = 0; fi < current.length && spent < budget; fi++) {
      const text = (current[fi] as F).text.replace(/\r?\n$/, '');
      if (text === '') continue;
      const eol = text.includes('\r\n') ? '\r\n' : '\n';
      let lines = text.split(eol);
      const kept = keep(fi);
      for (let size = Math.max(1, Math.ceil(lines.length / 2)); size >= 1 && spent < budget; size = size === 1 ? 0 : Math.ceil(size / 2)) {
        for (let start = lines.length - size; start > kept - size && spent < budget; start -= size) {
          const lo = Math.max(kept, start);
          const trial = lines.filter((_, k) => k < lo || k >= start + size);
          if (trial.length === lines.length) continue;
          const trialText = trial.length ? `${trial.join(eol)}${eol}` : '';
          const candidate = current.map((f, k) => (k === fi ? { ...f, text: trialText } : f));
          spent++;
          if (await still(candidate)) {
            current = candidate;
            lines = trial;
            progress = true;
          }
        }
      }
    }
  }
  return { files: current, trials: spent };
}

/** What a program printed and how it ended (null: killed). */
export interface ProgramRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A clean environment for the database programs: PATH, a HOME of the test's own, the C locale. */
export const programEnv = (home: string): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin',
  HOME: home,
  LANG: 'C',
  LC_ALL: 'C',
});

/** Runs `file` in `cwd` with programEnv(home), killed after `timeout` ms; never rejects (a failed spawn: its error on stderr). */
export function runProgram(file: string, args: readonly string[], { cwd, home, timeout }: { cwd: string; home: string; timeout: number }): Promise<ProgramRun> {
  return new Promise((resolve) => {
    const child = spawn(file, args, { cwd, env: programEnv(home), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    // Decoded as a stream: a UTF-8 character split between two chunks stays whole.
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeout);
    child.on('error', (e) => {
      stderr += String(e);
    });
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/**
 * The private root of MySQL's programs (scripts/mysql-root.sh builds it): $KEEPALIVE_MYSQL_ROOT, else
 * ${XDG_CACHE_HOME:-~/.cache}/keepalive-lens/mysql-sid. Its bin/ holds a wrapper per program.
 */
export const MYSQL_ROOT = process.env.KEEPALIVE_MYSQL_ROOT || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'keepalive-lens', 'mysql-sid');

/**
 * An oracle whose programs are missing (`reason`): a failing test when CI is set (CI installs them), else a
 * skipped one named `what`.
 */
export function unavailableOracle(title: string, reason: string, what: string): void {
  if (process.env.CI) {
    test(title, () => {
      assert.fail(`${reason} (CI is set, so this fails instead of skipping)`);
    });
    return;
  }
  describe(title, () => {
    it(what, { skip: reason }, () => {});
  });
  console.log(`SKIP: ${reason}`);
}
