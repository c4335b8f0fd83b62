/**
 * Real LSP clients against the standalone server: Neovim 0.7 (its built-in client, configured
 * with the README's Neovim snippet) and Emacs 28 with eglot 1.9 (the README's eglot snippet) open
 * each file of cases.ts, and what they got — the languageId they send, the diagnostics in their
 * own store, hover, CodeLens, and the text after applying a quick fix — must equal what the
 * language service computes in this process for the same text and settings.
 *
 *   npm run build && npm run test:clients
 *
 * A missing program is skipped with the Debian package to install, except under CI, where it
 * fails. CLIENTS_README=FILE takes the snippets from another README (to prove a new snippet).
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import { createNodeEnvironment, detectSshVersion, localUser, pathToUri } from '../../server/src/node/environment';
import { createLanguageService } from '../../server/src/service';
import { toSettings } from '../../server/src/settings';
import { SERVER_JS, staleBundle } from '../protocol/lsp';
import { CASES, type ClientCase } from './cases';

const ROOT = path.resolve(__dirname, '..', '..');
const README = process.env.CLIENTS_README ? path.resolve(process.env.CLIENTS_README) : path.join(ROOT, 'README.md');
const EMACS_FALLBACK = path.join(__dirname, 'emacs', 'keepalive-lens.el');
/** Per request inside a client, and per client process. */
const REQUEST_TIMEOUT_MS = 8000;
const PROCESS_TIMEOUT_MS = 25_000;

let failures = 0;
function report(ok: boolean | 'skip', what: string, detail = ''): void {
  if (ok === false) failures++;
  const tag = ok === 'skip' ? 'SKIP' : ok ? 'ok  ' : 'FAIL';
  console.log(`${tag} ${what}${detail ? `  ${detail}` : ''}`);
}

// ---------------------------------------------------------------- expectations

interface Expected {
  file: string;
  uri: string;
  languageId: string;
  diagnostics: { line: number; code: string; severity: number; message: string }[];
  hover: { line: number; character: number; value: string };
  codeLens: { line: number; title: string }[];
  codeAction: { line: number; character: number; title: string; text: string } | null;
}

const lineCode = (d: { line: number; code: unknown }) => `${d.line + 1}:${String(d.code)}`;

/** What the server must answer, from the language service with the settings the server starts with. */
function expectationsFor(c: ClientCase): Expected {
  const file = path.join(ROOT, c.file);
  const uri = pathToUri(file);
  const text = fs.readFileSync(file, 'utf8');
  // As node/main.ts wires the server; no client here sends keepaliveLens settings.
  const settings = toSettings(undefined, { detectSshVersion, localUser });
  const service = createLanguageService(createNodeEnvironment({ openText: (u) => (u === uri ? text : undefined) }), settings);
  const doc = TextDocument.create(uri, c.languageId, 1, text);
  const diagnostics = service.diagnostics(doc);
  const hover = service.hover(doc, c.hover);
  const hoverValue = hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : JSON.stringify(hover?.contents);
  let codeAction: Expected['codeAction'] = null;
  if (c.codeAction) {
    const a = c.codeAction;
    // The context a client sends: the diagnostics on the line of the cursor.
    const context = diagnostics.filter((d: Diagnostic) => d.range.start.line === a.line);
    const action = service.codeActions(doc, { start: a, end: a }, context).find((x) => x.title === a.title);
    const edits = action?.edit?.changes?.[uri];
    codeAction = { line: a.line, character: a.character, title: a.title, text: edits ? TextDocument.applyEdits(doc, edits) : '' };
  }
  return {
    file,
    uri,
    languageId: c.languageId,
    diagnostics: diagnostics.map((d) => ({
      line: d.range.start.line,
      code: String(d.code),
      severity: d.severity ?? 1,
      message: typeof d.message === 'string' ? d.message : d.message.value,
    })),
    hover: { line: c.hover.line, character: c.hover.character, value: hoverValue ?? '' },
    codeLens: service.codeLens(doc).map((l) => ({ line: l.range.start.line, title: l.command?.title ?? '' })),
    codeAction,
  };
}

/** The hand-written facts of cases.ts hold for what the service says (else the fixture or the product changed). */
function checkFacts(c: ClientCase, e: Expected): void {
  const problems: string[] = [];
  const got = e.diagnostics.map(lineCode).sort();
  if (JSON.stringify(got) !== JSON.stringify([...c.diagnostics].sort()))
    problems.push(`diagnostics ${JSON.stringify(got)}, cases.ts says ${JSON.stringify(c.diagnostics)}`);
  for (const s of c.hover.contains) if (!e.hover.value.includes(s)) problems.push(`hover lacks ${JSON.stringify(s)}`);
  const lenses = e.codeLens.map((l) => `${l.line + 1}: ${l.title}`);
  for (const l of c.codeLens) if (!lenses.includes(l)) problems.push(`no CodeLens ${JSON.stringify(l)} (lenses: ${JSON.stringify(lenses)})`);
  if (c.codeAction) {
    const a = c.codeAction;
    if (!e.diagnostics.some((d) => d.line === a.line && d.code === a.code)) problems.push(`no ${a.code} on line ${a.line + 1}`);
    if (!e.codeAction?.text) problems.push(`no code action "${a.title}" with an edit`);
    for (const s of a.resultContains) if (!e.codeAction?.text.includes(s)) problems.push(`the fixed text lacks ${JSON.stringify(s)}`);
  }
  report(problems.length === 0, `service  ${c.name.padEnd(16)} facts of cases.ts`, problems.join('; '));
}

// ---------------------------------------------------------------- clients

interface Observed {
  errors: string[];
  attached?: boolean;
  languageId?: string;
  uri?: string;
  filetype?: string;
  mode?: string;
  diagnostics?: { line: number; code: unknown; severity: number; message: string }[];
  hover?: string;
  codeLens?: { line: number; title: string }[];
  codeActionContext?: number;
  codeActionTitles?: string[];
  appliedText?: string;
}

interface Client {
  name: string;
  /** The snippet from the README (or the fallback), written to a file. */
  snippet: string;
  argv: string[];
}

function onPath(program: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const p = path.join(dir, program);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      /* next */
    }
  }
  return undefined;
}

function missing(what: string, pkg: string): void {
  if (process.env.CI) report(false, what, `not installed: apt-get install -y --no-install-recommends ${pkg}`);
  else report('skip', what, `not installed (Debian package ${pkg}); under CI this fails`);
}

/** The first fenced block of README with one of these info strings. */
function readmeBlock(infos: readonly string[]): string | undefined {
  const text = fs.readFileSync(README, 'utf8');
  const re = /^```([\w-]*)[^\n]*\n([\s\S]*?)^```/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) if (infos.includes(m[1])) return m[2];
  return undefined;
}

function runClient(client: Client, exp: Expected, work: string, env: NodeJS.ProcessEnv): Promise<{ observed: Observed; ms: number; log: string }> {
  const tag = `${client.name}-${path.basename(exp.file)}`;
  const expectFile = path.join(work, `${tag}.expect.json`);
  const outFile = path.join(work, `${tag}.out.json`);
  fs.writeFileSync(expectFile, JSON.stringify(exp));
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(client.argv[0], client.argv.slice(1), {
      cwd: ROOT,
      env: { ...env, KL_EXPECT: expectFile, KL_OUT: outFile, KL_SNIPPET: client.snippet, KL_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS) },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let log = '';
    child.stdout.on('data', (d) => {
      log += d;
    });
    child.stderr.on('data', (d) => {
      log += d;
    });
    const timer = setTimeout(() => {
      log += `\n(killed after ${PROCESS_TIMEOUT_MS} ms)`;
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }, PROCESS_TIMEOUT_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      let observed: Observed;
      try {
        observed = JSON.parse(fs.readFileSync(outFile, 'utf8')) as Observed;
      } catch {
        observed = { errors: [`${client.name} wrote no result (exit ${code ?? signal})`] };
      }
      if (!Array.isArray(observed.errors)) observed.errors = [];
      if (code !== 0 && observed.errors.length === 0) observed.errors.push(`${client.name} exited with ${code ?? signal}`);
      resolve({ observed, ms: Date.now() - started, log });
    });
  });
}

const show = (v: unknown) => (JSON.stringify(v) ?? 'nothing').slice(0, 300);

/** One line per check: the client got exactly what the service says. */
function compare(client: string, c: ClientCase, e: Expected, o: Observed, ms: number, log: string): void {
  const what = (check: string) => `${client.padEnd(5)}    ${c.name.padEnd(16)} ${check}`;
  report(
    o.errors.length === 0,
    what('runs'),
    `${ms} ms${o.errors.length ? `: ${o.errors.join('; ')}${log.trim() ? `\n      output: ${log.trim().slice(-800)}` : ''}` : ''}`,
  );
  report(
    o.attached === true && o.languageId === e.languageId && o.uri === e.uri,
    what('attach'),
    `languageId ${show(o.languageId)}, uri ${show(o.uri)}${o.filetype ? `, filetype ${o.filetype}` : ''}${o.mode ? `, ${o.mode}` : ''}`,
  );
  if (o.attached !== true) {
    report(false, what('requests'), 'diagnostics, hover, codeLens and codeAction not checked: no client attached to the buffer');
    return;
  }
  const key = (d: { line: number; code: unknown; severity: number; message: string }) => `${d.line + 1}:${String(d.code)}:${d.severity}:${d.message}`;
  const want = e.diagnostics.map(key).sort();
  const got = (o.diagnostics ?? []).map(key).sort();
  const same = o.diagnostics !== undefined && JSON.stringify(want) === JSON.stringify(got);
  report(
    same,
    what('diagnostics'),
    same ? `[${e.diagnostics.map(lineCode).join(', ')}]` : `got ${show((o.diagnostics ?? []).map(lineCode))}, want ${show(e.diagnostics.map(lineCode))}`,
  );
  const hoverOk = o.hover === e.hover.value && c.hover.contains.every((s) => o.hover?.includes(s));
  report(
    hoverOk,
    what('hover'),
    hoverOk ? `line ${e.hover.line + 1}: ${e.hover.value.length} chars, contains ${show(c.hover.contains.at(-1))}` : `got ${show(o.hover)}`,
  );
  const lensOk = o.codeLens !== undefined && JSON.stringify(o.codeLens) === JSON.stringify(e.codeLens);
  report(
    lensOk,
    what('codeLens'),
    lensOk ? `${e.codeLens.length}: ${show(e.codeLens[0]?.title)}${e.codeLens.length > 1 ? ', ...' : ''}` : `got ${show(o.codeLens)}, want ${show(e.codeLens)}`,
  );
  if (e.codeAction) {
    const a = e.codeAction;
    const titled = o.codeActionTitles?.includes(a.title) ?? false;
    const applied = o.appliedText === a.text;
    report(
      titled && applied && (o.codeActionContext ?? 0) > 0,
      what('codeAction'),
      `"${a.title}" ${titled ? 'offered' : `not offered (got ${show(o.codeActionTitles)})`} with ${o.codeActionContext ?? 0} diagnostic(s) as context; ${
        applied ? 'applied text as expected' : `applied text ${show(o.appliedText)}, want ${show(a.text)}`
      }`,
    );
  }
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const t0 = Date.now();
  const stale = staleBundle();
  if (stale) {
    report(false, 'dist/server.js', `${stale}: run \`npm run build\` first (test:clients builds nothing)`);
    return;
  }

  const expectations = CASES.map((c) => ({ c, e: expectationsFor(c) }));
  for (const { c, e } of expectations) checkFacts(c, e);

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'keepalive-clients-'));
  try {
    // The package's bin, as npm links it; HOME and XDG dirs of our own so no user configuration loads.
    const bin = path.join(work, 'bin');
    fs.mkdirSync(bin);
    fs.symlinkSync(SERVER_JS, path.join(bin, 'keepalive-language-server'));
    const home = path.join(work, 'home');
    fs.mkdirSync(home);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`,
      HOME: home,
      XDG_CONFIG_HOME: path.join(home, '.config'),
      XDG_DATA_HOME: path.join(home, '.local', 'share'),
      XDG_STATE_HOME: path.join(home, '.local', 'state'),
      XDG_CACHE_HOME: path.join(home, '.cache'),
    };

    const clients: Client[] = [];
    if (!onPath('nvim')) missing('nvim', 'neovim');
    else {
      const lua = readmeBlock(['lua']);
      if (lua === undefined) report(false, 'nvim     README', `${README} has no \`\`\`lua block (the Neovim snippet)`);
      else {
        const snippet = path.join(work, 'readme-snippet.lua');
        fs.writeFileSync(snippet, lua);
        console.log(`note nvim: ${nvimVersion()}, snippet from ${path.relative(ROOT, README) || README}`);
        clients.push({
          name: 'nvim',
          snippet,
          argv: ['nvim', '--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${path.join(__dirname, 'nvim', 'check.lua')}`],
        });
      }
    }
    if (!onPath('emacs')) missing('emacs', 'emacs-nox elpa-eglot');
    else if (!emacsHasEglot(env)) missing('emacs eglot', 'elpa-eglot');
    else {
      const el = readmeBlock(['elisp', 'emacs-lisp']);
      const snippet = path.join(work, 'readme-snippet.el');
      fs.writeFileSync(snippet, el ?? fs.readFileSync(EMACS_FALLBACK, 'utf8'));
      console.log(
        `note emacs: snippet from ${el === undefined ? `${path.relative(ROOT, EMACS_FALLBACK)} (README has no \`\`\`elisp block yet)` : path.relative(ROOT, README) || README}`,
      );
      clients.push({ name: 'emacs', snippet, argv: ['emacs', '--batch', '-l', path.join(__dirname, 'emacs', 'check.el')] });
    }

    // One lane per client (2 cores); the files one after another within a lane.
    await Promise.all(
      clients.map(async (client) => {
        for (const { c, e } of expectations) {
          const { observed, ms, log } = await runClient(client, e, work, env);
          compare(client.name, c, e, observed, ms, log);
        }
      }),
    );
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  console.log(`${failures === 0 ? 'all passed' : `${failures} failed`} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

function nvimVersion(): string {
  const r = spawnSync('nvim', ['--version'], { encoding: 'utf8', timeout: 10_000 });
  return (r.stdout ?? '').split('\n')[0] || 'nvim (version unknown)';
}

/** eglot is found the way an interactive Emacs finds it: installed packages activated (Debian: elpa-eglot). */
function emacsHasEglot(env: NodeJS.ProcessEnv): boolean {
  const r = spawnSync('emacs', ['--batch', '--eval', "(progn (package-activate-all) (kill-emacs (if (require 'eglot nil t) 0 1)))"], {
    env,
    encoding: 'utf8',
    timeout: 20_000,
  });
  return r.status === 0;
}

main().then(
  () => process.exit(failures === 0 ? 0 : 1),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
