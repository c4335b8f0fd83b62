/**
 * Processes of the end-to-end run: a code-server with a fresh profile on a free loopback port, and a
 * headless Chromium driven by playwright-core. Both are started in their own process group and ended
 * by pid (never by name), whatever happens.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { type Browser, type BrowserServer, chromium } from 'playwright-core';
import type { Installation } from './install';

/** Chromium flags that keep a headless run on the loopback interface and quiet. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/**
 * User settings of the fresh profile: nothing that opens on its own or steals focus (welcome page,
 * walkthroughs, trust prompt, chat, release notes, recommendations), no telemetry or update checks;
 * CodeLens, hovers and inlay hints stay on.
 */
export function profileSettings(extra: Record<string, unknown>): Record<string, unknown> {
  return {
    'workbench.startupEditor': 'none',
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'workbench.editor.enablePreview': false,
    'workbench.colorTheme': 'Default Dark Modern',
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'update.showReleaseNotes': false,
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'chat.disableAIFeatures': true,
    'chat.commandCenter.enabled': false,
    'git.enabled': false,
    'git.openRepositoryInParentFolders': 'never',
    'files.autoSave': 'off',
    'files.insertFinalNewline': false,
    'files.trimTrailingWhitespace': false,
    'editor.codeLens': true,
    'editor.inlayHints.enabled': 'on',
    'editor.hover.enabled': true,
    'editor.minimap.enabled': false,
    'editor.fontSize': 14,
    'editor.accessibilitySupport': 'off',
    'editor.quickSuggestions': { other: false, comments: false, strings: false },
    'editor.suggestOnTriggerCharacters': false,
    'editor.wordBasedSuggestions': 'off',
    'breadcrumbs.enabled': false,
    'window.commandCenter': false,
    ...extra,
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface CodeServer {
  url: string;
  pid: number;
  userDataDir: string;
  extensionsDir: string;
  /** Everything code-server printed. */
  output(): string;
  stop(): Promise<void>;
}

/** Environment for code-server: Node 24 first on PATH; its own config and data under `runDir`, not in $HOME. */
function env(inst: Installation, runDir: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PATH: `${join(inst.node, '..')}:${process.env.PATH ?? ''}`,
    XDG_CONFIG_HOME: join(runDir, 'xdg-config'),
    XDG_DATA_HOME: join(runDir, 'xdg-data'),
    // The language server and the extension host inherit this: no telemetry, no update pings.
    VSCODE_CLI_DISABLE_TELEMETRY: '1',
    // No extension marketplace: its queries would go off the machine. A closed loopback port answers at once.
    EXTENSIONS_GALLERY: JSON.stringify({ serviceUrl: 'http://127.0.0.1:9/gallery', itemUrl: 'http://127.0.0.1:9/items' }),
  };
}

function baseArgs(inst: Installation, runDir: string): string[] {
  const config = join(runDir, 'code-server.yaml');
  writeFileSync(config, 'auth: none\ncert: false\n');
  return [
    inst.entry,
    '--config',
    config,
    '--auth',
    'none',
    '--user-data-dir',
    join(runDir, 'user-data'),
    '--extensions-dir',
    join(runDir, 'extensions'),
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
  ];
}

/** Installs the packaged extension into the run's extensions folder, offline. */
export function installExtension(inst: Installation, runDir: string, vsix: string): string {
  const r = spawnSync(inst.node, [...baseArgs(inst, runDir), '--install-extension', vsix], {
    env: env(inst, runDir),
    encoding: 'utf8',
    timeout: 180_000,
  });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.status !== 0 || !/successfully installed/i.test(out)) throw new Error(`code-server --install-extension ${vsix} failed (exit ${r.status}):\n${out}`);
  return out.trim();
}

export async function startCodeServer(inst: Installation, runDir: string, settings: Record<string, unknown>): Promise<CodeServer> {
  const userDataDir = join(runDir, 'user-data');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
  const port = await freePort();
  const child: ChildProcess = spawn(inst.node, [...baseArgs(inst, runDir), '--bind-addr', `127.0.0.1:${port}`], {
    env: env(inst, runDir),
    detached: true, // own process group: stop() ends code-server, its extension host and our language server together
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (b) => {
    out += b;
  });
  child.stderr?.on('data', (b) => {
    out += b;
  });
  const pid = child.pid;
  if (!pid) throw new Error('code-server did not start');
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      return;
    }
    const t = setTimeout(() => {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 5000);
    await exited;
    clearTimeout(t);
    try {
      process.kill(-pid, 'SIGKILL'); // leftovers of the group (extension host, language server)
    } catch {
      // none
    }
  };
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}:\n${out}`);
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer on ${url} within 120 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, pid, userDataDir, extensionsDir: join(runDir, 'extensions'), output: () => out, stop };
}

export interface BrowserHandle {
  browser: Browser;
  pid: number | undefined;
  stop(): Promise<void>;
}

/** Starts Debian's Chromium (a fresh temporary profile, as Playwright does for every launch) and connects to it. */
export async function startBrowser(executablePath: string): Promise<BrowserHandle> {
  const server: BrowserServer = await chromium.launchServer({ executablePath, headless: true, args: CHROMIUM_ARGS, timeout: 120_000 });
  const pid = server.process().pid;
  const browser = await chromium.connect(server.wsEndpoint(), { timeout: 60_000 });
  const stop = async () => {
    await Promise.race([browser.close().catch(() => undefined), new Promise((r) => setTimeout(r, 5000))]);
    await Promise.race([server.close().catch(() => undefined), new Promise((r) => setTimeout(r, 5000))]);
    if (pid && server.process().exitCode === null) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  };
  return { browser, pid, stop };
}
