/**
 * `keepalive-lens explain --json SYSCTL_FILE...`, called in-process through runCli (as
 * test/oracle/ssh-g.test.ts does), for the reality and loader tests. ORACLE_CLI_MODULE names a
 * stand-in module exporting runCli, to exercise the harness on its own.
 */

import { captureCli, type RunCli } from '../oracle/harness';

export type { CliIo, RunCli } from '../oracle/harness';

/** One entry of `values`: the winning assignment, or a default (`source: "default"`). */
export interface ExplainedValue {
  value?: string;
  file?: string;
  line?: number;
  kernel?: string;
  accepted?: boolean;
  source?: string;
}

/** The parts of the sysctl `explain --json` output these tests read. */
export interface SysctlExplain {
  dialect?: string;
  loader?: string;
  files?: string[];
  masked?: Array<{ file: string; by: string }>;
  values?: Record<string, ExplainedValue>;
  timeline?: { mechanism?: string; detectAfter?: number; formula?: string; summary?: string };
  retransmission?: { giveUpAfter?: number; formula?: string };
  connect?: { giveUpAfter?: number; formula?: string };
}

/** A sysctl explain run. */
export type Explained = ExplainRun<SysctlExplain>;

let loaded: Promise<RunCli> | undefined;

/** The runCli under test; rejects with a readable reason when the module or the export is missing. */
export function loadRunCli(): Promise<RunCli> {
  loaded ??= (async () => {
    const mod = (await (process.env.ORACLE_CLI_MODULE ? import(process.env.ORACLE_CLI_MODULE) : import('../../server/src/cli'))) as { runCli?: RunCli };
    if (typeof mod.runCli !== 'function') throw new Error('server/src/cli.ts does not export runCli');
    return mod.runCli;
  })();
  return loaded;
}

export function explainSysctl(files: readonly string[], cwd: string): Promise<Explained> {
  return runExplain<SysctlExplain>(['explain', '--json', ...files], cwd);
}

/** Reads a dotted path (`timeline.detectAfter`) out of the explain JSON. */
export function pick(json: SysctlExplain | undefined, path: string): unknown {
  let o: unknown = json;
  for (const k of path.split('.')) o = o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined;
  return o;
}

/**
 * The parts of the OpenSSH `explain --json` outputs these tests read: `explain --host NAME --json
 * SSH_CONFIG` (server-alive keys) and `explain --user U --host H --addr A --json SSHD_CONFIG`
 * (client-alive keys). `timeline.detectAfter` is in seconds, null when the peer is never dropped.
 */
export interface SshExplain {
  host?: string;
  serveraliveinterval?: number | string;
  serveralivecountmax?: number | string;
  clientaliveinterval?: number | string;
  clientalivecountmax?: number | string;
  timeline?: { mechanism?: string; detectAfter?: number | null; formula?: string; summary?: string };
}

/** One explain run through runCli: the arguments, what it printed, and its JSON when stdout parses. */
export interface ExplainRun<T> {
  args: string[];
  code: number | 'threw';
  stdout: string;
  stderr: string;
  json?: T;
  parseError?: string;
}

async function runExplain<T>(args: string[], cwd: string): Promise<ExplainRun<T>> {
  const { code, stdout, stderr } = await captureCli(loadRunCli(), args, cwd);
  const r: ExplainRun<T> = { args, code, stdout, stderr };
  try {
    r.json = JSON.parse(stdout.trim()) as T;
  } catch (e) {
    r.parseError = (e as Error).message;
  }
  return r;
}

/** `keepalive-lens explain --host HOST --json FILE` for an ssh_config: what ssh does for HOST. */
export function explainSshHost(file: string, host: string, cwd: string): Promise<ExplainRun<SshExplain>> {
  return runExplain<SshExplain>(['explain', '--host', host, '--json', file], cwd);
}

/** `keepalive-lens explain --user U --host H --addr A --json FILE` for an sshd_config: what sshd does for that connection. */
export function explainSshd(file: string, conn: { user: string; host: string; addr: string }, cwd: string): Promise<ExplainRun<SshExplain>> {
  return runExplain<SshExplain>(['explain', '--user', conn.user, '--host', conn.host, '--addr', conn.addr, '--json', file], cwd);
}

/** An explain run (its arguments, exit, output), for an assertion message. */
export function showExplainRun(r: ExplainRun<unknown>): string {
  return [
    `keepalive-lens ${r.args.join(' ')} -> exit ${r.code}`,
    r.parseError ? `stdout is not JSON (${r.parseError}): ${r.stdout.trim().slice(0, 2000)}` : `stdout: ${r.stdout.trim().slice(0, 4000)}`,
    r.stderr.trim() ? `stderr: ${r.stderr.trim().slice(0, 2000)}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}
