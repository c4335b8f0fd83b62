/**
 * npm run bench: the performance targets of the issue, measured and printed (medians and
 * ratios, never a pass/fail assertion).
 *
 *   1. Full analysis of a generated 10,000-line ssh_config (1,000 Host blocks) in < 20 ms.
 *   2. No slower than `SSHConfig.parse` of the ssh-config npm package on the same text.
 *   3. Hover and CodeLens round trips over stdio under 5 ms at the median on that file.
 *
 * The figures go to stdout as a table and to bench/results/latest.json (git-ignored), with
 * the node version, CPU model and date. Options: --runs N (default 30), --build (rebuild
 * dist/ first even if dist/server.js exists), --no-lsp (skip the stdio part).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import {
  CodeLensRequest,
  createProtocolConnection,
  DidOpenTextDocumentNotification,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  type ProtocolConnection,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range } from 'vscode-languageserver-types';
import { createLanguageService } from '../server/src/service';
import { buildStructure } from '../server/src/service/analysis/ssh/structure';
import { validate } from '../server/src/service/analysis/ssh/validate';
import { tokenize } from '../server/src/service/syntax/ssh';
import { toSettings } from '../server/src/settings';
import { type Generated, generateConfig } from './generate';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS = path.join(ROOT, 'bench', 'results');
const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(name);
const option = (name: string, fallback: number) => {
  const i = argv.indexOf(name);
  const n = i >= 0 ? Number(argv[i + 1]) : Number.NaN;
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : fallback;
};
const RUNS = option('--runs', 30);
const WARMUP = Math.max(5, Math.floor(RUNS / 3));
const HOVERS = 200;
const LENSES = 50;
const TARGET_ANALYSIS_MS = 20;
const TARGET_ROUNDTRIP_MS = 5;
const SETTINGS = toSettings({ ssh: { version: '10.5' } }, { detectSshVersion: () => undefined, localUser: () => 'user' });

// ---------------------------------------------------------------------------------------
// Statistics

interface Stats {
  readonly n: number;
  readonly median: number;
  readonly p90: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

function stats(samples: readonly number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    n: s.length,
    median: round(quantile(s, 0.5)),
    p90: round(quantile(s, 0.9)),
    min: round(s[0]),
    max: round(s[s.length - 1]),
    mean: round(s.reduce((a, b) => a + b, 0) / Math.max(1, s.length)),
  };
}

const gc = (globalThis as { gc?: () => void }).gc;

/** Warms up, then times `fn` `runs` times (ms). `fn` gets the iteration number. */
function measure(runs: number, fn: (i: number) => unknown): Stats {
  let sink = 0;
  for (let i = 0; i < WARMUP; i++) sink ^= fn(i) ? 1 : 0;
  gc?.();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = fn(WARMUP + i);
    samples.push(performance.now() - t0);
    sink ^= r ? 1 : 0;
  }
  if (sink === 42) console.log('');
  return stats(samples);
}

// ---------------------------------------------------------------------------------------
// 1 and 2: in process

const URI = 'file:///home/bench/.ssh/config';

function inProcess(text: string, lineCount: number) {
  const service = createLanguageService({}, SETTINGS);
  const whole: Range = { start: { line: 0, character: 0 }, end: { line: lineCount, character: 0 } };
  let version = 0;
  const fresh = () => TextDocument.create(URI, 'ssh_config', ++version, text);

  let counts = { diagnostics: 0, codeLenses: 0, inlayHints: 0 };
  const full = measure(RUNS, () => {
    const doc = fresh();
    const d = service.diagnostics(doc);
    const c = service.codeLens(doc);
    const h = service.inlayHints(doc, whole);
    counts = { diagnostics: d.length, codeLenses: c.length, inlayHints: h.length };
    return d.length + c.length + h.length;
  });

  // The phases, each on its own: every iteration times one phase on a fresh version.
  const phases: Record<string, number[]> = { tokenize: [], structure: [], validate: [], analyze: [], diagnostics: [], codeLens: [], inlayHints: [] };
  const once = (record: boolean) => {
    const t0 = performance.now();
    const tokens = tokenize(text);
    const t1 = performance.now();
    const structure = buildStructure(tokens, SETTINGS.sshVersion);
    const t2 = performance.now();
    validate(structure, SETTINGS);
    const t3 = performance.now();
    const doc = fresh();
    const t4 = performance.now();
    service.analyze(doc);
    const t5 = performance.now();
    service.diagnostics(doc);
    const t6 = performance.now();
    service.codeLens(doc);
    const t7 = performance.now();
    service.inlayHints(doc, whole);
    const t8 = performance.now();
    if (!record) return;
    phases.tokenize.push(t1 - t0);
    phases.structure.push(t2 - t1);
    phases.validate.push(t3 - t2);
    phases.analyze.push(t5 - t4);
    phases.diagnostics.push(t6 - t5);
    phases.codeLens.push(t7 - t6);
    phases.inlayHints.push(t8 - t7);
  };
  for (let i = 0; i < WARMUP; i++) once(false);
  gc?.();
  for (let i = 0; i < RUNS; i++) once(true);
  const phaseStats = Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, stats(v)]));

  // 2: the ssh-config npm package parsing the same text.
  const require = createRequire(import.meta.url);
  const SSHConfig = require('ssh-config') as { parse(text: string): unknown[] };
  const sshConfig = measure(RUNS, () => SSHConfig.parse(text));
  return { full, counts, phases: phaseStats, sshConfig };
}

// ---------------------------------------------------------------------------------------
// 3: over stdio

function ensureBuilt(): { built: boolean; serverJs: string; mtime: string } {
  const serverJs = path.join(ROOT, 'dist', 'server.js');
  let built = false;
  if (flag('--build') || !fs.existsSync(serverJs)) {
    const r = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`node esbuild.mjs failed (${r.status})`);
    built = true;
  }
  return { built, serverJs, mtime: fs.statSync(serverJs).mtime.toISOString() };
}

function timeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
    }),
  ]);
}

async function overStdio(gen: Generated) {
  const build = ensureBuilt();
  const child: ChildProcess = spawn(process.execPath, [build.serverJs, '--stdio'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => {
    stderr += b.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const connection: ProtocolConnection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  // Anything the server asks of the client (registrations, refreshes) gets an empty answer.
  for (const method of [
    'client/registerCapability',
    'workspace/configuration',
    'workspace/codeLens/refresh',
    'workspace/inlayHint/refresh',
    'window/workDoneProgress/create',
  ]) {
    connection.onRequest(method, () => null);
  }
  let onDiagnostics: ((count: number) => void) | undefined;
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
    if (p.uri === URI) onDiagnostics?.(p.diagnostics.length);
  });
  connection.listen();

  try {
    const tInit = performance.now();
    await timeout(
      connection.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        rootUri: null,
        capabilities: { textDocument: { hover: { contentFormat: ['markdown', 'plaintext'] }, codeLens: {}, publishDiagnostics: { relatedInformation: true } } },
        initializationOptions: { settings: { ssh: { version: '10.5' } } },
      }),
      30_000,
      'initialize',
    );
    const initializeMs = performance.now() - tInit;
    await connection.sendNotification(InitializedNotification.type, {});

    const diagnosticsArrived = new Promise<number>((resolve) => {
      onDiagnostics = resolve;
    });
    const tOpen = performance.now();
    await connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri: URI, languageId: 'ssh_config', version: 1, text: gen.text },
    });
    const diagnosticCount = await timeout(diagnosticsArrived, 60_000, 'publishDiagnostics');
    const openToDiagnosticsMs = performance.now() - tOpen;

    // Positions spread over the file: every k-th keepalive keyword, offset by a few columns.
    const kws = gen.keepaliveKeywords;
    const positions = Array.from({ length: HOVERS }, (_, i) => {
      const p = kws[Math.floor((i * kws.length) / HOVERS + ((i * 7) % 5)) % kws.length];
      return { line: p.line, character: p.character + (i % 4) };
    });
    const textDocument = { uri: URI };
    let hoverHits = 0;
    for (let i = 0; i < 20; i++) await connection.sendRequest(HoverRequest.type, { textDocument, position: positions[(i * 13) % HOVERS] });
    const hoverSamples: number[] = [];
    for (const position of positions) {
      const t0 = performance.now();
      const h = await connection.sendRequest(HoverRequest.type, { textDocument, position });
      hoverSamples.push(performance.now() - t0);
      if (h) hoverHits++;
    }
    let lensCount = 0;
    for (let i = 0; i < 5; i++) await connection.sendRequest(CodeLensRequest.type, { textDocument });
    const lensSamples: number[] = [];
    for (let i = 0; i < LENSES; i++) {
      const t0 = performance.now();
      const lenses = await connection.sendRequest(CodeLensRequest.type, { textDocument });
      lensSamples.push(performance.now() - t0);
      lensCount = lenses?.length ?? 0;
    }

    await timeout(connection.sendRequest(ShutdownRequest.type), 10_000, 'shutdown');
    await connection.sendNotification(ExitNotification.type);
    const exitCode = await timeout(exited, 10_000, 'server exit').catch(() => {
      child.kill();
      return null;
    });
    return {
      server: path.relative(ROOT, build.serverJs),
      builtNow: build.built,
      serverMtime: build.mtime,
      initializeMs: Math.round(initializeMs * 1000) / 1000,
      openToDiagnosticsMs: Math.round(openToDiagnosticsMs * 1000) / 1000,
      diagnosticCount,
      hover: { ...stats(hoverSamples), answered: hoverHits },
      codeLens: { ...stats(lensSamples), lenses: lensCount },
      exitCode,
    };
  } catch (e) {
    if (stderr) process.stderr.write(stderr);
    throw e;
  } finally {
    connection.dispose();
    if (child.exitCode === null && child.signalCode === null) child.kill();
  }
}

// ---------------------------------------------------------------------------------------

const fmt = (ms: number) => (Number.isFinite(ms) ? ms.toFixed(2).padStart(8) : '       -');
const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;

async function main() {
  const gen = generateConfig();
  fs.mkdirSync(RESULTS, { recursive: true });
  fs.writeFileSync(path.join(RESULTS, 'generated_ssh_config'), gen.text);
  const cpu = os.cpus()[0]?.model ?? 'unknown';
  console.log(`Keepalive Lens bench: node ${process.version}, ${cpu}`);
  console.log(
    `file: ${gen.lines} lines, ${gen.blocks} Host blocks (${gen.wildcardBlocks} wildcard incl. Host *), ${(gen.text.length / 1024).toFixed(0)} KiB; ${RUNS} runs after ${WARMUP} warm-up${gc ? ', gc between' : ''}\n`,
  );

  const local = inProcess(gen.text, gen.lines);
  const ours = local.full.median;
  const theirs = local.sshConfig.median;
  const row = (name: string, s: Stats, note = '') => console.log(`${name.padEnd(44)}${fmt(s.median)}${fmt(s.p90)}${fmt(s.min)}   ${note}`);
  console.log(`${'in process (ms)'.padEnd(44)}  median     p90     min`);
  row('full analysis (diag + codeLens + inlayHints)', local.full, `target < ${TARGET_ANALYSIS_MS} ms: ${ratio(ours, TARGET_ANALYSIS_MS)}× of budget`);
  for (const [k, s] of Object.entries(local.phases)) row(`  ${k}`, s, k === 'analyze' ? '(includes tokenize, structure, validate)' : '');
  row('ssh-config SSHConfig.parse', local.sshConfig, `ours / ssh-config = ${ratio(ours, theirs)}×`);
  console.log(`  (${local.counts.diagnostics} diagnostics, ${local.counts.codeLenses} lenses, ${local.counts.inlayHints} inlay hints)`);

  let lsp: Awaited<ReturnType<typeof overStdio>> | { skipped: string } | { error: string };
  if (flag('--no-lsp')) lsp = { skipped: '--no-lsp' };
  else {
    try {
      lsp = await overStdio(gen);
      console.log(`\n${'over stdio (ms)'.padEnd(44)}  median     p90     min`);
      row(`hover ×${HOVERS}`, lsp.hover, `target < ${TARGET_ROUNDTRIP_MS} ms (${lsp.hover.answered} answered)`);
      row(`codeLens ×${LENSES}`, lsp.codeLens, `target < ${TARGET_ROUNDTRIP_MS} ms (${lsp.codeLens.lenses} lenses each)`);
      console.log(
        `  initialize ${lsp.initializeMs.toFixed(1)} ms; didOpen → publishDiagnostics ${lsp.openToDiagnosticsMs.toFixed(1)} ms (${lsp.diagnosticCount} diagnostics); ${lsp.server} ${lsp.builtNow ? 'built now' : `built ${lsp.serverMtime}`}`,
      );
    } catch (e) {
      lsp = { error: String((e as Error).stack ?? e) };
      console.log(`\nover stdio: failed: ${(e as Error).message}`);
    }
  }

  const result = {
    date: new Date().toISOString(),
    node: process.version,
    cpu,
    cpus: os.cpus().length,
    /** 1, 5 and 15 minute load averages at the end: figures taken on a busy machine are inflated. */
    loadavg: os.loadavg().map((x) => Math.round(x * 100) / 100),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    runs: RUNS,
    warmup: WARMUP,
    file: { lines: gen.lines, blocks: gen.blocks, wildcardBlocks: gen.wildcardBlocks, bytes: Buffer.byteLength(gen.text) },
    targets: { analysisMs: TARGET_ANALYSIS_MS, roundTripMs: TARGET_ROUNDTRIP_MS },
    analysis: {
      full: local.full,
      counts: local.counts,
      phases: local.phases,
      sshConfigParse: local.sshConfig,
      ratioToTarget: ratio(ours, TARGET_ANALYSIS_MS),
      ratioToSshConfig: ratio(ours, theirs),
    },
    lsp,
  };
  fs.writeFileSync(path.join(RESULTS, 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nload average ${result.loadavg.join(' ')} on ${result.cpus} CPUs; written: ${path.relative(ROOT, path.join(RESULTS, 'latest.json'))}`);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
