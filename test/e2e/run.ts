/**
 * End-to-end test in a real VS Code: code-server 4.139.1 in headless Chromium.
 *
 *   npm run test:e2e                    (node --import tsx test/e2e/run.ts)
 *   npm run test:e2e -- --readme-images  also writes the README's pictures, images/e2e-{codelens,hover,quickfix}.png
 *                                        (the editor area, cropped), when every check passed
 *
 * Installs code-server and Node 24 into a cache outside the repository (install.ts), packages the .vsix
 * (`npm run package`), installs it into a fresh code-server profile, opens a temporary workspace with
 * copies of examples/ (ssh_config, sysctl.conf, my.cnf, sshd_config) and checks what the page shows against the
 * language service (checks.ts). Screenshots of every step go to test/e2e/screenshots/. code-server and
 * Chromium are always ended by pid. Exits 1 on any failure; when something the run needs is missing on
 * this machine it skips with a message, unless CI is set, where a skip is a failure.
 *
 * Environment: KEEPALIVE_E2E_CACHE (install cache), KEEPALIVE_E2E_CHROMIUM (browser binary),
 * KEEPALIVE_E2E_KEEP=1 (keep the temporary profile and workspace even when every check passed).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { mycnfChecks, outputChannelCheck, Steps, sshChecks, sshdChecks, sysctlChecks } from './checks';
import { type BrowserHandle, type CodeServer, installExtension, profileSettings, startBrowser, startCodeServer } from './codeServer';
import { setWorkspace, vscodeSettings } from './expected';
import { APT_PACKAGES, CHROMIUM, CODE_SERVER_VERSION, ensureInstalled, missingPrerequisites, NODE_VERSION } from './install';
import { Workbench } from './page';

const ROOT = resolve(__dirname, '..', '..');
export const SHOTS = join(ROOT, 'test', 'e2e', 'screenshots');

/** The workspace: copies of examples/ under names the language patterns of package.json match. */
export const WORKSPACE_FILES: Array<[string, string]> = [
  ['examples/article-as-pasted.ssh_config', 'ssh_config'],
  ['examples/article-aggressive.sysctl.conf', 'sysctl.conf'],
  ['examples/server.my.cnf', 'my.cnf'],
  ['examples/server.sshd_config', 'sshd_config'],
];

function skipOrFail(reason: string): never {
  if (process.env.CI) {
    process.stderr.write(`e2e: FAIL (CI is set, so a missing prerequisite is a failure): ${reason}\n`);
    process.exit(1);
  }
  process.stdout.write(`e2e: SKIPPED: ${reason}\n`);
  process.exit(0);
}

function packageVsix(): string {
  const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version as string;
  const vsix = join(ROOT, `keepalive-lens-${version}.vsix`);
  const started = Date.now();
  const r = spawnSync('npm', ['run', 'package'], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0 || !existsSync(vsix)) throw new Error(`npm run package failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  process.stdout.write(`e2e: packaged ${vsix} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return vsix;
}

function prepareWorkspace(runDir: string): string {
  const ws = join(runDir, 'ws');
  mkdirSync(ws, { recursive: true });
  for (const [from, to] of WORKSPACE_FILES) copyFileSync(join(ROOT, from), join(ws, to));
  return ws;
}

function cleanScreenshots(): void {
  mkdirSync(SHOTS, { recursive: true });
  for (const f of readdirSync(SHOTS)) if (f.endsWith('.png')) rmSync(join(SHOTS, f));
}

async function main(): Promise<number> {
  const t0 = Date.now();
  const readmeImages = process.argv.includes('--readme-images');
  const missing = missingPrerequisites();
  if (missing.length) skipOrFail(`${missing.join('; ')} (the run needs the Debian packages ${APT_PACKAGES.join(' ')})`);

  let inst: Awaited<ReturnType<typeof ensureInstalled>>;
  try {
    inst = await ensureInstalled();
  } catch (e) {
    skipOrFail(`code-server ${CODE_SERVER_VERSION} could not be installed: ${(e as Error).message}`);
  }
  process.stdout.write(
    `e2e: code-server ${CODE_SERVER_VERSION} on Node ${NODE_VERSION} from ${inst.dir} (${inst.installed ? `installed in ${inst.seconds.toFixed(0)} s` : 'cached'})\n`,
  );
  const vsix = packageVsix();

  const runDir = mkdtempSync(join(tmpdir(), 'keepalive-e2e-'));
  const ws = prepareWorkspace(runDir);
  setWorkspace(ws);
  process.stdout.write(`e2e: ${installExtension(inst, runDir, vsix).split('\n').pop()}\n`);
  cleanScreenshots();

  let cs: CodeServer | undefined;
  let browser: BrowserHandle | undefined;
  let steps: Steps | undefined;
  let setupError: string | undefined;
  const consoleErrors: string[] = [];
  try {
    const csStarted = Date.now();
    cs = await startCodeServer(inst, runDir, profileSettings(vscodeSettings()));
    process.stdout.write(`e2e: code-server pid ${cs.pid} on ${cs.url} (up in ${((Date.now() - csStarted) / 1000).toFixed(1)} s)\n`);
    browser = await startBrowser(CHROMIUM);
    process.stdout.write(`e2e: chromium pid ${browser.pid}\n`);
    const page: Page = await browser.browser.newPage({ viewport: { width: 1400, height: 860 }, deviceScaleFactor: 1 });
    page.on('console', (m) => {
      if (m.type() === 'error' && /keepalive/i.test(m.text())) consoleErrors.push(m.text());
    });
    const wb = new Workbench(page);
    const wbStarted = Date.now();
    await page.goto(`${cs.url}/?folder=${encodeURIComponent(ws)}`, { timeout: 120_000 });
    await wb.waitForWorkbench();
    process.stdout.write(`e2e: workbench shown in ${((Date.now() - wbStarted) / 1000).toFixed(1)} s\n`);
    steps = new Steps(wb, SHOTS);
    if (readmeImages) {
      steps.readmeDir = join(runDir, 'readme');
      mkdirSync(steps.readmeDir, { recursive: true });
    }
    await sshChecks(steps, ws);
    await sysctlChecks(steps, ws);
    await mycnfChecks(steps, ws);
    await sshdChecks(steps, ws);
    await outputChannelCheck(steps, cs.userDataDir);
  } catch (e) {
    setupError = (e as Error).stack ?? String(e);
    process.stdout.write(`e2e: FAIL setup: ${setupError}\n`);
    if (cs) process.stdout.write(`code-server output:\n${cs.output().slice(-4000)}\n`);
  } finally {
    await browser?.stop().catch(() => undefined);
    await cs?.stop().catch(() => undefined);
  }

  const results = steps?.results ?? [];
  const failed = results.filter((r) => !r.ok).length + (setupError ? 1 : 0);
  if (consoleErrors.length) process.stdout.write(`e2e: browser console errors mentioning keepalive:\n${consoleErrors.join('\n')}\n`);
  for (const n of steps?.notes ?? []) process.stdout.write(`e2e: ${n}\n`);
  if (readmeImages && failed === 0 && steps?.readmeDir) {
    for (const f of readdirSync(steps.readmeDir)) {
      copyFileSync(join(steps.readmeDir, f), join(ROOT, 'images', f));
      process.stdout.write(`e2e: wrote images/${f}\n`);
    }
  }
  if (failed === 0 && !process.env.KEEPALIVE_E2E_KEEP) rmSync(runDir, { recursive: true, force: true });
  else process.stdout.write(`e2e: profile, logs and workspace kept in ${runDir}\n`);
  process.stdout.write(`e2e: screenshots in ${SHOTS}\n`);
  process.stdout.write(`e2e: total ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  process.stdout.write(`e2e: ${results.length - results.filter((r) => !r.ok).length} passed, ${failed} failed\n`);
  return failed === 0 && results.length > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`e2e: ${(e as Error).stack ?? e}\n`);
    process.exit(1);
  },
);
