/**
 * The end-to-end checks: each acts on the real VS Code workbench and compares what the page shows with
 * what the language service computes for the same text (expected.ts). A failing check prints what the
 * page showed instead and keeps its screenshot; the run goes on with the next check.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import { allLensTitles, applyAction, diagnosticsOf, docFor, hoverMarkdown, lensTitleAt, lineOf, messageOf, quickFixes, timelineMarkdownAt } from './expected';
import { squashText, type Workbench } from './page';

export interface StepResult {
  name: string;
  ok: boolean;
  ms: number;
  screenshot?: string;
  error?: string;
}

export class Steps {
  readonly results: StepResult[] = [];
  /** Measurements printed at the end (activation time, ...). */
  readonly notes: string[] = [];

  constructor(
    readonly wb: Workbench,
    readonly shotsDir: string,
  ) {}

  /** Where --readme-images puts the README's pictures (undefined: not asked for). */
  readmeDir: string | undefined;

  /** With --readme-images: a picture of the editor area (with any widget over it) for the README. */
  async readme(image: string): Promise<void> {
    if (!this.readmeDir) return;
    const box = await this.wb.page.locator('.part.editor').boundingBox();
    const file = join(this.readmeDir, image);
    await this.wb.page.screenshot({ path: file, timeout: 30_000, clip: box ?? undefined });
    this.notes.push(`README image: ${file}`);
  }

  async screenshot(name: string): Promise<string> {
    const file = join(this.shotsDir, `${String(this.results.length + 1).padStart(2, '0')}-${name}.png`);
    await this.wb.page.screenshot({ path: file, timeout: 30_000 });
    return file;
  }

  /** Runs one check; on failure prints what the page showed and keeps a screenshot of it. */
  async step(name: string, fn: () => Promise<void>): Promise<boolean> {
    const started = Date.now();
    process.stdout.write(`e2e: ${name} ...\n`);
    try {
      await fn();
      const shot = await this.screenshot(name).catch(() => undefined);
      this.results.push({ name, ok: true, ms: Date.now() - started, screenshot: shot });
      process.stdout.write(`e2e: ok   ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)${shot ? `  ${shot}` : ''}\n`);
      return true;
    } catch (e) {
      const shot = await this.screenshot(`${name}-FAILED`).catch(() => undefined);
      const page = await this.wb.describe().catch((d) => `(page unavailable: ${d})`);
      const error = (e as Error).stack ?? String(e);
      this.results.push({ name, ok: false, ms: Date.now() - started, screenshot: shot, error });
      process.stdout.write(`e2e: FAIL ${name}\n${error}\nThe page showed:\n${page}\n${shot ? `screenshot: ${shot}\n` : ''}`);
      await this.wb.escape().catch(() => undefined);
      return false;
    }
  }
}

function assertEqual(actual: string, expected: string, what: string): void {
  if (actual !== expected) throw new Error(`${what}: expected\n${JSON.stringify(expected)}\nbut got\n${JSON.stringify(actual)}`);
}

/** Polls the file on disk until it has the expected text (the save has landed). */
async function diskText(file: string, expected: string, timeout = 15_000): Promise<void> {
  const deadline = Date.now() + timeout;
  let text = readFileSync(file, 'utf8');
  while (text !== expected && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100)); // polling the file system, not waiting for the page
    text = readFileSync(file, 'utf8');
  }
  assertEqual(text, expected, `${file} on disk after save`);
}

/** Waits for every CodeLens the service computes for the file's current text. */
async function expectAllLenses(wb: Workbench, doc: TextDocument, timeout = 30_000): Promise<string[]> {
  const titles = [...new Set(allLensTitles(doc))];
  if (titles.length === 0) throw new Error(`the service computes no CodeLens for ${doc.uri}`);
  for (const t of titles) await waitLens(wb, t, timeout);
  return titles;
}

async function waitLens(wb: Workbench, title: string, timeout = 30_000): Promise<void> {
  await wb.waitForLens(title, timeout).catch(async (e) => {
    throw new Error(`${(e as Error).message.split('\n')[0]}\nexpected CodeLens: ${title}\nthe page shows: ${JSON.stringify(await wb.lensTexts())}`);
  });
}

/** Applies the service's quick fix for `diagnostic` from the Ctrl+. menu, saves, and compares the file on disk. */
async function applyQuickFix(s: Steps, file: string, doc: TextDocument, diagnostic: Diagnostic, shotName: string): Promise<string> {
  const fixes = quickFixes(doc, diagnostic);
  const fix = fixes.find((f) => f.isPreferred) ?? fixes[0];
  if (!fix) throw new Error(`the service offers no quick fix for "${messageOf(diagnostic)}"`);
  const expected = applyAction(doc, fix);
  await s.wb.goTo(diagnostic.range.start.line + 1, diagnostic.range.start.character + 1);
  const entries = await s.wb.openQuickFixMenu(fix.title);
  s.notes.push(`quick-fix menu at ${file.split('/').pop()}:${diagnostic.range.start.line + 1}: ${JSON.stringify(entries)}`);
  await s.screenshot(shotName);
  if (shotName.startsWith('ssh')) await s.readme('e2e-quickfix.png');
  await s.wb.chooseQuickFix(fix.title);
  await s.wb.save();
  await diskText(file, expected);
  return expected;
}

export async function sshChecks(s: Steps, ws: string): Promise<void> {
  const file = join(ws, 'ssh_config');
  const wb = s.wb;
  const original = docFor(file);
  const hostStar = lineOf(original, /^Host \*/);

  await s.step('ssh-codelens', async () => {
    const expected = lensTitleAt(original, hostStar);
    const started = Date.now();
    await wb.openFile('ssh_config');
    await wb.editor.locator('.codelens-decoration').first().waitFor({ state: 'attached', timeout: 120_000 });
    const firstLens = Date.now() - started;
    await waitLens(wb, expected, 60_000);
    s.notes.push(`activation: ${firstLens} ms from opening ssh_config (a double-click in the Explorer) to the first CodeLens`);
    process.stdout.write(`e2e: activation ${firstLens} ms (open file -> first CodeLens)\n`);
    // The lens is drawn above the Host * line: its view zone precedes that line on the page.
    const lensBox = await wb.editor
      .locator('.codelens-decoration', { hasText: expected.slice(0, 40) })
      .first()
      .boundingBox();
    const { y } = await wb.wordPosition(/^Host \*/, 'Host');
    if (!lensBox || lensBox.y > y) throw new Error(`the CodeLens "${expected}" is not above the Host * line (lens y ${lensBox?.y}, line y ${y})`);
    await expectAllLenses(wb, original);
    await s.readme('e2e-codelens.png');
  });

  await s.step('ssh-hover', async () => {
    const line = lineOf(original, /^\s*ServerAliveInterval 60/, hostStar);
    const character = original.getText().split('\n')[line].indexOf('ServerAliveInterval') + 3;
    const md = hoverMarkdown(original, { line, character });
    const paragraphs = md.split(/\n\s*\n/).map((p) => p.trim());
    const effective = paragraphs.find((p) => p.startsWith('Effective'));
    if (!effective) throw new Error(`the service's hover has no "Effective" paragraph:\n${md}`);
    // The keyword title, the effective value right under it, the documentation's first paragraph and its default.
    const summary = paragraphs[paragraphs.indexOf(effective) + 1];
    const expected = [paragraphs[0], effective, summary, paragraphs.find((p) => p.startsWith('Default')) ?? summary];
    const shown = await wb.hover(/^\s*ServerAliveInterval 60/, 'ServerAliveInterval', expected);
    s.notes.push(`hover: ${squashText(shown).slice(0, 160)}...`);
    // A reader sees the effective value without scrolling the hover (VS Code's hover is a few lines high).
    await wb.expectInHoverView('Effective');
    await s.readme('e2e-hover.png');
  });

  let afterFix = '';
  await s.step('ssh-quickfix', async () => {
    await wb.escape();
    const doc = docFor(file);
    const line = lineOf(doc, /^\s*ServerAliveInterval 30/);
    const diagnostic = diagnosticsOf(doc).find((d) => d.range.start.line === line);
    if (!diagnostic) throw new Error(`the service reports nothing on line ${line + 1}: the fixture changed?`);
    await wb.waitForSquiggle(diagnostic.severity === 1 ? 'error' : 'warning');
    await wb.waitForProblems(diagnosticsOf(doc).map(messageOf));
    await s.screenshot('ssh-problems');
    afterFix = await applyQuickFix(s, file, doc, diagnostic, 'ssh-quickfix-menu');
  });

  await s.step('ssh-edit-updates-codelens', async () => {
    // Shorten the Host * interval by typing: its lens (wherever the quick fix moved the block) must follow.
    const doc = docFor(file, afterFix || readFileSync(file, 'utf8'));
    const text = doc.getText();
    const header = lineOf(doc, /^Host \*/);
    const line = lineOf(doc, /^\s*ServerAliveInterval 60\s*$/, header);
    const col = text.split('\n')[line].indexOf('60');
    const edited = text
      .split('\n')
      .map((l, i) => (i === line ? `${l.slice(0, col)}15` : l))
      .join('\n');
    const before = lensTitleAt(doc, header);
    const after = lensTitleAt(docFor(file, edited), header);
    if (before === after) throw new Error(`the edit does not change the expected lens (${after}): pick another edit`);
    await waitLens(wb, before);
    await wb.replaceToEndOfLine(line + 1, col + 1, '15');
    await waitLens(wb, after);
    const lenses = await wb.lensTexts();
    if (lenses.some((l) => l.includes(before))) throw new Error(`the old CodeLens is still shown: ${JSON.stringify(lenses)}`);
    s.notes.push(`lens after edit: ${after}`);
    await wb.save();
    await diskText(file, edited);
    await expectAllLenses(wb, docFor(file, edited));
  });

  await s.step('ssh-codelens-opens-timeline', async () => {
    // Clicking a lens runs keepaliveLens.showTimeline: the client opens the timeline as a markdown preview beside the file.
    const doc = docFor(file);
    const header = lineOf(doc, /^Host \*/);
    const title = lensTitleAt(doc, header);
    const md = timelineMarkdownAt(doc, header);
    const paragraphs = md.split(/\n\s*\n/).map((p) => p.trim());
    const expected = [paragraphs[1], paragraphs[2]]; // the summary and "Computed for ..."
    await wb.escape();
    await wb.clickLens(title);
    const shown = await wb.waitForPreview(`ssh_config-line-${header + 1}.md`, expected);
    s.notes.push(`timeline preview: ${squashText(shown).slice(0, 120)}...`);
    // The probe's request name is code, not an e-mail address the preview links to.
    if (!shown.includes('keepalive@openssh.com')) throw new Error(`the preview does not name keepalive@openssh.com:\n${shown}`);
    const mailto = (await wb.previewLinks()).filter((h) => h.startsWith('mailto:'));
    if (mailto.length) throw new Error(`the preview links to ${JSON.stringify(mailto)}`);
  });
}

export async function sysctlChecks(s: Steps, ws: string): Promise<void> {
  const file = join(ws, 'sysctl.conf');
  const wb = s.wb;
  await s.step('sysctl-codelens', async () => {
    await wb.runCommand('View: Close All Editor Groups'); // the timeline preview and ssh_config (saved)
    await wb.openFile('sysctl.conf');
    const titles = await expectAllLenses(wb, docFor(file), 60_000);
    s.notes.push(`sysctl lenses: ${JSON.stringify(titles)}`);
  });
  await s.step('sysctl-diagnostic-quickfix', async () => {
    const doc = docFor(file);
    const diags = diagnosticsOf(doc);
    if (diags.length === 0) throw new Error('the service reports nothing for sysctl.conf: the fixture changed?');
    await wb.waitForSquiggle(diags[0].severity === 1 ? 'error' : 'warning');
    await wb.waitForProblems(diags.map(messageOf));
    const fixed = await applyQuickFix(s, file, doc, diags[0], 'sysctl-quickfix-menu');
    await expectAllLenses(wb, docFor(file, fixed));
  });
}

export async function mycnfChecks(s: Steps, ws: string): Promise<void> {
  const file = join(ws, 'my.cnf');
  const wb = s.wb;
  const original = readFileSync(file, 'utf8');
  await s.step('mycnf-codelens', async () => {
    await wb.openFile('my.cnf');
    const titles = await expectAllLenses(wb, docFor(file), 60_000);
    s.notes.push(`my.cnf lenses: ${JSON.stringify(titles)}`);
  });
  await s.step('mycnf-bad-value-diagnostic-quickfix', async () => {
    // Type a suffix mariadbd rejects: the lens, an error and its quick fix follow the edit.
    const doc = docFor(file);
    const line = lineOf(doc, /^net_read_timeout\s*=\s*\d+\s*$/);
    const lineText = doc.getText().split('\n')[line];
    const edited = doc
      .getText()
      .split('\n')
      .map((l, i) => (i === line ? `${l}s` : l))
      .join('\n');
    const bad = docFor(file, edited);
    const diagnostic = diagnosticsOf(bad).find((d) => d.range.start.line === line);
    if (!diagnostic) throw new Error(`the service reports nothing for "${lineText}s"`);
    await wb.replaceToEndOfLine(line + 1, lineText.length + 1, 's');
    await expectAllLenses(wb, bad);
    await wb.waitForSquiggle(diagnostic.severity === 1 ? 'error' : 'warning');
    await wb.waitForProblems([messageOf(diagnostic)]);
    await s.screenshot('mycnf-problems');
    const fixed = await applyQuickFix(s, file, bad, diagnostic, 'mycnf-quickfix-menu');
    if (fixed !== original) s.notes.push('my.cnf: the quick fix did not restore the original text (allowed, compared with the service)');
    await expectAllLenses(wb, docFor(file, fixed));
  });
}

export async function sshdChecks(s: Steps, ws: string): Promise<void> {
  const file = join(ws, 'sshd_config');
  const sshFile = join(ws, 'ssh_config');
  const wb = s.wb;
  await s.step('sshd-codelens', async () => {
    await wb.runCommand('View: Close All Editor Groups');
    await wb.openFile('sshd_config');
    const titles = await expectAllLenses(wb, docFor(file), 60_000);
    s.notes.push(`sshd_config lenses: ${JSON.stringify(titles)}`);
  });
  await s.step('sshd-hover', async () => {
    const doc = docFor(file);
    const line = lineOf(doc, /^\s+ClientAliveInterval 15\s*$/, lineOf(doc, /^Match User backup/));
    const character = doc.getText().split('\n')[line].indexOf('ClientAliveInterval') + 3;
    const paragraphs = hoverMarkdown(doc, { line, character })
      .split(/\n\s*\n/)
      .map((p) => p.trim());
    const effective = paragraphs.find((p) => p.startsWith('Effective'));
    if (!effective) throw new Error(`the service's hover has no "Effective" paragraph: ${JSON.stringify(paragraphs)}`);
    await wb.goTo(line + 1, character + 1); // scrolls the line into view
    await wb.hover(/^\s+ClientAliveInterval 15\s*$/, 'ClientAliveInterval', [paragraphs[0], effective, paragraphs[paragraphs.indexOf(effective) + 1]]);
    await wb.expectInHoverView('Effective');
  });
  await s.step('both-ends-follow-sshd-edit', async () => {
    // An ssh_config lens says which end gives up first; editing the workspace's sshd_config must update it.
    await wb.openFile('ssh_config');
    const sshDoc = docFor(sshFile);
    const header = lineOf(sshDoc, /^Host \*/);
    const before = lensTitleAt(sshDoc, header);
    await waitLens(wb, before, 60_000);
    await wb.openFile('sshd_config');
    const text = readFileSync(file, 'utf8');
    const line = lineOf(docFor(file), /^ClientAliveInterval 1m\s*$/);
    const edited = text.replace(/^ClientAliveInterval 1m$/m, 'ClientAliveInterval 5');
    await wb.replaceToEndOfLine(line + 1, 'ClientAliveInterval '.length + 1, '5');
    await wb.save();
    await diskText(file, edited);
    // The global section's lens sits above line 1: bring it into view (VS Code renders lenses in view only).
    await wb.goTo(1, 1);
    await waitLens(wb, lensTitleAt(docFor(file, edited), 0));
    const after = lensTitleAt(docFor(sshFile), header);
    if (after === before) throw new Error(`the edit does not change the ssh_config lens (${after}): pick another edit`);
    await wb.openFile('ssh_config');
    await waitLens(wb, after);
    s.notes.push(`ssh_config lens after the sshd_config edit: ${after}`);
  });
}

/** Log files of the run's profile whose name matches. */
function findLogs(dir: string, name: RegExp, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) findLogs(p, name, out);
    else if (name.test(e)) out.push(p);
  }
  return out;
}

/** Lines that show a server or client failure in the channel (LogOutputChannel levels, languageclient's own errors). */
const ERROR_LINE = /\[error\]|\[Error - |Server initialization failed|connection to server got closed|server crashed|keepalive-lens: .* failed/i;

export async function outputChannelCheck(s: Steps, userDataDir: string): Promise<void> {
  await s.step('output-channel-no-errors', async () => {
    const shown = await s.wb.showOutputChannel('Keepalive Lens');
    const shownErrors = shown.split('\n').filter((l) => ERROR_LINE.test(l));
    const logs = findLogs(join(userDataDir, 'logs'), /Keepalive Lens\.log$/);
    const fileText = logs.map((f) => readFileSync(f, 'utf8')).join('\n');
    const fileErrors = fileText.split('\n').filter((l) => ERROR_LINE.test(l));
    const exthost = findLogs(join(userDataDir, 'logs'), /exthost\.log$/)
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n')
      .split('\n')
      .filter((l) => /\[error\]/i.test(l) && /keepalive/i.test(l));
    s.notes.push(`output channel: ${shown.split('\n').length} visible lines, log files: ${logs.length ? logs.join(', ') : 'none found'}`);
    const errors = [...shownErrors, ...fileErrors, ...exthost];
    if (errors.length) throw new Error(`errors in the Keepalive Lens output channel or the extension host log:\n${errors.join('\n')}\nchannel text:\n${shown}`);
  });
}
