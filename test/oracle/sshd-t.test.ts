/**
 * Oracle test: `keepalive-lens explain` on an sshd_config must agree with the real `sshd -T` on generated configs.
 *
 *   node --import tsx --test test/oracle/sshd-t.test.ts
 *
 * For each generated config (test/oracle/genSshdConfig.ts) and each of its 2-3 connections, runs
 * `sshd -T -f sshd_config -C user=U,host=H,addr=A[,laddr=L][,lport=P]` and, in-process,
 * `runCli(['explain', '--json', '--user', U, '--host', H, '--addr', A, [--laddr L], [--lport P], sshd_config])`,
 * then compares clientaliveinterval, clientalivecountmax, tcpkeepalive, logingracetime,
 * unusedconnectiontimeout, channeltimeout, maxstartups and persourcemaxstartups (the generated files repeat the
 * last two, which 9.2 takes from the last line). When sshd -T exits non-zero, explain must exit 1.
 *
 * Values are compared as strings after one normalisation applied to both sides: sshd -T prints no
 * channeltimeout line when none is set (read as `none`), prints the ChannelTimeout words as written
 * (`session=5m global=1H`; each `type=time` is compared with its time in seconds, so `session=300` agrees), and
 * prints `unusedconnectiontimeout none` for 0 (a 0 from explain reads as `none`).
 *
 * sshd -T needs a host key (one throwaway ed25519 key per run, the first line of every generated file) and, on
 * Debian, /run/sshd (created when missing): sshdKeywordsHarness.ts sshdScratch, as for the other sshd oracles.
 *
 * Environment knobs (all optional): ORACLE_SEED (number, default below), ORACLE_CONFIGS (default 400),
 * ORACLE_POOL (parallel sshd processes, default 4), ORACLE_KEEP (keep the generated configs),
 * ORACLE_CLI_MODULE (a stand-in module exporting runCli), ORACLE_SSHD_ONLY (run only sshd -T: checks the
 * generator and prints a summary, without explain), ORACLE_TRACE (print each case to stderr before explain runs
 * it, to find the case when explain hangs or exhausts the heap), SSHD (the sshd binary, default: sshd on PATH,
 * else /usr/sbin/sshd).
 *
 * Skips when sshd or ssh-keygen is missing, unless CI is set: then it fails, because CI installs openssh-server.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pool } from '../pool';
import { bundledChecks, minimizeEachKind, report } from './differential';
import {
  explainArgs,
  type GeneratedFile,
  type GeneratedSshdConfig,
  generateSshdConfig,
  mulberry32,
  renderConfig,
  type SshdQuery,
  testSpec,
} from './genSshdConfig';
import { captureCli, type ProcResult, type RunCli, run, shrinkLines, unavailableOracle } from './harness';
import { missingSshd, parseDump, SSHD, sshdScratch } from './sshdKeywordsHarness';

const SEED = Number(process.env.ORACLE_SEED ?? 0x55d7e5) >>> 0;
const CONFIGS = Number(process.env.ORACLE_CONFIGS ?? 400);
const POOL = Number(process.env.ORACLE_POOL ?? 4);
const SSHD_ONLY = Boolean(process.env.ORACLE_SSHD_ONLY);
const BINARY_CHECKS = 5;
const SEED_HEX = `0x${SEED.toString(16)}`;

const REPO = resolve(__dirname, '..', '..');
const BUNDLED_CLI = join(REPO, 'dist', 'cli.js');

const FIELDS = [
  'clientaliveinterval',
  'clientalivecountmax',
  'tcpkeepalive',
  'logingracetime',
  'unusedconnectiontimeout',
  'channeltimeout',
  'maxstartups',
  'persourcemaxstartups',
] as const;
type Field = (typeof FIELDS)[number];
/** Normalised values (see the header). */
type Values = Record<Field, string>;

function sshdRun(cfgPath: string, q: SshdQuery, cwd?: string): Promise<ProcResult> {
  return run(SSHD, ['-T', '-f', cfgPath, '-C', testSpec(q)], cwd);
}

/** OpenSSH 9.2 convtime: seconds, or undefined when sshd would refuse the value. */
function convtime(s: string): number | undefined {
  if (!/^([+]?\d+[sSmMhHdDwW]?)+$/.test(s)) return undefined;
  const mult: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
  let total = 0;
  for (const m of s.matchAll(/\+?(\d+)([sSmMhHdDwW]?)/g)) total += Number(m[1]) * (mult[(m[2] ?? '').toLowerCase()] ?? 1);
  return total;
}

/** The normalisation both sides go through before comparing (see the header). */
function normalise(field: Field, v: unknown): string {
  if (v === undefined || v === null) return field === 'channeltimeout' ? 'none' : '(missing)';
  const s = typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : JSON.stringify(v);
  if (field === 'unusedconnectiontimeout') return s === '0' || s.toLowerCase() === 'none' ? 'none' : s;
  if (field === 'channeltimeout') {
    if (s === '') return 'none';
    return s
      .split(/\s+/)
      .map((w) => {
        if (w.toLowerCase() === 'none') return 'none';
        const eq = w.indexOf('=');
        if (eq <= 0) return w;
        const secs = convtime(w.slice(eq + 1));
        return secs === undefined ? w : `${w.slice(0, eq)}=${secs}`;
      })
      .join(' ');
  }
  return s;
}

/** The compared values from `sshd -T` output. */
function sshdValues(stdout: string): Values {
  const dump = parseDump(stdout);
  const out = {} as Values;
  for (const f of FIELDS) {
    const v = dump.get(f)?.at(-1);
    if (v === undefined && f !== 'channeltimeout') throw new Error(`sshd -T printed no ${f}`);
    out[f] = normalise(f, v);
  }
  return out;
}

interface Ours {
  code: number | 'threw' | 'not run';
  stdout: string;
  stderr: string;
  values?: Values;
  parseError?: string;
}

function parseOurs(code: number | 'threw', stdout: string, stderr: string): Ours {
  const r: Ours = { code, stdout, stderr };
  try {
    const o = JSON.parse(stdout.trim()) as Record<string, unknown>;
    if (typeof o !== 'object' || o === null) throw new Error('not a JSON object');
    const values = {} as Values;
    for (const f of FIELDS) values[f] = normalise(f, o[f]);
    r.values = values;
  } catch (e) {
    r.parseError = (e as Error).message;
  }
  return r;
}

async function explainInProcess(runCli: RunCli, file: string, q: SshdQuery, cwd: string): Promise<Ours> {
  const r = await captureCli(runCli, ['explain', '--json', ...explainArgs(q), file], cwd);
  return parseOurs(r.code, r.stdout, r.stderr);
}

async function explainBinary(file: string, q: SshdQuery, cwd: string): Promise<Ours> {
  const r = await run(process.execPath, [BUNDLED_CLI, 'explain', '--json', ...explainArgs(q), file], cwd);
  return parseOurs(r.code, r.stdout, r.stderr);
}

interface Case {
  cfg: GeneratedSshdConfig;
  q: SshdQuery;
  sshd: ProcResult;
  ours?: Ours;
}

const NOT_RUN: ProcResult = { code: -1, stdout: '', stderr: '' };

function writeConfig(files: readonly GeneratedFile[]): void {
  for (const f of files) {
    mkdirSync(dirname(f.path), { recursive: true });
    writeFileSync(f.path, f.text, { mode: 0o644 });
  }
}

/**
 * The fields on which we and sshd -T differ: 'exit' when sshd rejects and we do not exit 1, or sshd accepts and
 * we do not exit 0 (then also the values that differ, when we printed some).
 */
function disagreement(sshd: ProcResult, ours: Ours): string[] {
  if (sshd.code !== 0) return ours.code === 1 ? [] : ['exit'];
  const exit = ours.code === 0 ? [] : ['exit'];
  if (!ours.values) return [...exit, 'unparseable'];
  const sv = sshdValues(sshd.stdout);
  return [...exit, ...FIELDS.filter((f) => sv[f] !== ours.values?.[f])];
}

/** Our stdout for a report: the JSON without its long `timeline` (findings and values stay). */
function shownStdout(stdout: string): string {
  try {
    const o = JSON.parse(stdout) as Record<string, unknown>;
    if (o && typeof o === 'object' && 'timeline' in o) {
      const { timeline: _, ...rest } = o;
      return `${JSON.stringify(rest)} (timeline left out)`;
    }
  } catch {
    // not JSON: show as is
  }
  return stdout.trim().slice(0, 4000);
}

const qText = (q: SshdQuery): string => testSpec(q);
const cfgDir = (cfg: { mainPath: string }): string => cfg.mainPath.slice(0, cfg.mainPath.lastIndexOf('/'));

function describeCase(c: { cfg: GeneratedSshdConfig; q: SshdQuery; sshd: ProcResult; ours?: Ours }, title: string): string {
  const sv = c.sshd.code === 0 ? JSON.stringify(sshdValues(c.sshd.stdout)) : '(rejected)';
  return [
    `--- ${title}: config #${c.cfg.index} (ORACLE_SEED=${SEED_HEX}), -C ${qText(c.q)}`,
    c.cfg.invalid.length ? `deliberately invalid: ${c.cfg.invalid.join('; ')}` : 'no deliberately invalid line',
    c.cfg.omitted.length ? `-C leaves out ${c.cfg.omitted.join(', ')} although a Match line asks for it` : '',
    renderConfig(c.cfg),
    `sshd -T -f ${c.cfg.mainPath} -C ${qText(c.q)}  -> exit ${c.sshd.code}; values ${sv}`,
    c.sshd.stderr.trim() ? `sshd stderr: ${c.sshd.stderr.trim().slice(0, 2000)}` : '',
    c.ours ? `explain -> exit ${c.ours.code}; values ${c.ours.values ? JSON.stringify(c.ours.values) : `(none: ${c.ours.parseError})`}` : 'explain not run',
    c.ours?.stdout.trim() ? `explain stdout: ${shownStdout(c.ours.stdout)}` : '',
    c.ours?.stderr.trim() ? `explain stderr: ${c.ours.stderr.trim().slice(0, 4000)}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

/**
 * Greedy line-deletion shrinker: removes lines (from every file; never the HostKey line) while sshd -T and
 * explain still disagree on the same fields. Works on a copy in its own directory.
 */
async function minimize(runCli: RunCli, c: Case, want: string[], scratch: string, budget = 200): Promise<string> {
  const srcDir = cfgDir(c.cfg);
  const dir = mkdtempSync(join(scratch, `min-${c.cfg.index}-`));
  const moveText = (t: string): string => t.split(srcDir).join(dir);
  let files: GeneratedFile[] = c.cfg.files.map((f) => ({ path: moveText(f.path), text: moveText(f.text) }));
  const mainPath = files[0]?.path as string;
  const same = (a: string[]): boolean => a.length === want.length && a.every((x, i) => x === want[i]);
  const check = async (fs: readonly GeneratedFile[]): Promise<boolean> => {
    writeConfig(fs);
    const sshd = await sshdRun(mainPath, c.q, dir);
    const ours = await explainInProcess(runCli, mainPath, c.q, dir);
    return same(disagreement(sshd, ours));
  };
  // Never the HostKey line (sshd -T needs it).
  const shrunk = await shrinkLines(files, check, budget, (fi) => (fi === 0 ? 1 : 0));
  files = [...shrunk.files];
  const spent = shrunk.trials;
  writeConfig(files);
  const sshd = await sshdRun(mainPath, c.q, dir);
  const ours = await explainInProcess(runCli, mainPath, c.q, dir);
  const shown = files.filter((f, k) => k === 0 || f.text.trim() !== '');
  return describeCase({ cfg: { ...c.cfg, mainPath, files: shown }, q: c.q, sshd, ours }, `MINIMIZED (${spent} trials; differs on ${want.join(',')})`);
}

/** The disagreeing cases, in full for the first few (differential.ts report). */
function reportCases(cases: readonly Case[], title: (c: Case) => string): string {
  return report(
    cases,
    (c) => describeCase(c, title(c)),
    (c) => `--- ${title(c)}: config #${c.cfg.index}, -C ${qText(c.q)}`,
  );
}

/** One line per invalid kind: how many configs had it, how many sshd rejected. */
function invalidSummary(cases: readonly Case[]): string {
  const byCfg = new Map<number, { cfg: GeneratedSshdConfig; rejected: boolean }>();
  for (const c of cases) {
    const e = byCfg.get(c.cfg.index) ?? { cfg: c.cfg, rejected: false };
    e.rejected ||= c.sshd.code !== 0;
    byCfg.set(c.cfg.index, e);
  }
  const kinds = new Map<string, { n: number; rejected: number }>();
  for (const { cfg, rejected } of byCfg.values()) {
    for (const what of cfg.invalid) {
      const kind = what.split(':')[0] as string;
      const k = kinds.get(kind) ?? { n: 0, rejected: 0 };
      k.n++;
      if (rejected) k.rejected++;
      kinds.set(kind, k);
    }
  }
  return [...kinds.entries()]
    .sort()
    .map(([kind, k]) => `  ${kind}: ${k.rejected}/${k.n} rejected`)
    .join('\n');
}

const missing = missingSshd();

if (missing) unavailableOracle(`sshd -T oracle (seed ${SEED_HEX})`, missing, 'agrees with sshd -T');
else {
  describe(`sshd -T oracle: explain vs sshd -T, seed ${SEED_HEX}, ${CONFIGS} configs${SSHD_ONLY ? ' (sshd -T only)' : ''}`, () => {
    let root = '';
    let runCli: RunCli | undefined;
    const cases: Case[] = [];
    let started = 0;
    let sshdMs = 0;
    let oursMs = 0;
    let wallMs = 0;

    before(async () => {
      started = Date.now();
      // sshd refuses to run (even -T) without a host key and its privilege separation directory.
      const scratch = await sshdScratch('keepalive-sshd-oracle-');
      root = scratch.dir;
      const hostKey = scratch.hostKey;

      const r = mulberry32(SEED);
      for (let i = 0; i < CONFIGS; i++) {
        const dir = join(root, `c${i}`);
        mkdirSync(dir);
        const cfg = generateSshdConfig(r, i, { dir, hostKey });
        writeConfig(cfg.files);
        for (const q of cfg.queries) cases.push({ cfg, q, sshd: NOT_RUN });
      }
      if (!SSHD_ONLY) {
        // ORACLE_CLI_MODULE lets the harness itself be exercised against a stand-in module.
        const mod = (await (process.env.ORACLE_CLI_MODULE ? import(process.env.ORACLE_CLI_MODULE) : import('../../server/src/cli'))) as { runCli?: RunCli };
        assert.equal(typeof mod.runCli, 'function', 'server/src/cli.ts does not export runCli');
        runCli = mod.runCli as RunCli;
      }

      // Each worker runs sshd -T, then explain in-process: the child processes and our own work overlap.
      // Timings are summed per phase (so they can exceed wall time).
      await pool(cases, POOL, async (c) => {
        const t0 = Date.now();
        c.sshd = await sshdRun(c.cfg.mainPath, c.q, cfgDir(c.cfg));
        const t1 = Date.now();
        sshdMs += t1 - t0;
        if (runCli) {
          // A run that dies inside explain (a hang, heap exhaustion) leaves no report: this shows the last case.
          if (process.env.ORACLE_TRACE) process.stderr.write(`explain config #${c.cfg.index} -C ${qText(c.q)} ${c.cfg.mainPath}\n`);
          c.ours = await explainInProcess(runCli, c.cfg.mainPath, c.q, cfgDir(c.cfg));
          oursMs += Date.now() - t1;
        }
      });
      wallMs = Date.now() - started;
    });

    after(() => {
      const accepted = cases.filter((c) => c.sshd.code === 0).length;
      const invalidCfgs = new Set(cases.filter((c) => c.cfg.invalid.length > 0).map((c) => c.cfg.index)).size;
      console.log(
        `sshd -T oracle seed ${SEED_HEX}: ${CONFIGS} configs (${invalidCfgs} with a deliberately invalid line), ${cases.length} (config, connection) cases, ` +
          `${accepted} accepted / ${cases.length - accepted} rejected by sshd -T; ` +
          `generate + sshd -T${runCli ? ' + explain' : ''}: ${wallMs} ms wall (pool ${POOL}; summed sshd -T ${sshdMs} ms${runCli ? `, explain ${oursMs} ms` : ''}); ` +
          `whole suite ${Date.now() - started} ms`,
      );
      const summary = invalidSummary(cases);
      if (summary) console.log(`deliberately invalid lines, per kind (configs rejected by sshd -T / configs):\n${summary}`);
      if (root && !process.env.ORACLE_KEEP) rmSync(root, { recursive: true, force: true });
      else if (root) console.log(`kept generated configs in ${root}`);
    });

    it('generates enough cases: every config without an invalid line accepted by sshd -T, (nearly) every invalid one rejected', () => {
      assert.ok(CONFIGS >= 300 || process.env.ORACLE_CONFIGS, 'at least 300 configs');
      const rejected = cases.filter((c) => c.sshd.code !== 0).length;
      assert.ok(rejected > 0, 'no config was rejected by sshd -T: the invalid-line generator is broken');
      assert.ok(rejected < cases.length * 0.25, `too many rejected cases: ${rejected}/${cases.length}`);
      // A -C without lport is fatal once a Match LocalPort line is evaluated: not a generator bug.
      const validRejected = cases.filter((c) => c.sshd.code !== 0 && c.cfg.invalid.length === 0 && !c.cfg.omitted.includes('lport'));
      assert.deepEqual(
        validRejected.slice(0, 10).map((c) => describeCase(c, 'generator bug: a config meant to be valid was rejected')),
        [],
      );
      const invalidCases = cases.filter((c) => c.cfg.invalid.length > 0);
      const invalidAccepted = invalidCases.filter((c) => c.sshd.code === 0);
      assert.ok(
        invalidAccepted.length <= invalidCases.length * 0.1,
        `${invalidAccepted.length}/${invalidCases.length} cases with a deliberately invalid line were accepted:\n${invalidAccepted
          .slice(0, 5)
          .map((c) => describeCase(c, 'invalid line accepted'))
          .join('\n\n')}`,
      );
    });

    it('explain reports the same values as sshd -T', { skip: SSHD_ONLY && 'ORACLE_SSHD_ONLY is set' }, async () => {
      const accepted = cases.filter((c) => c.sshd.code === 0);
      const bad = accepted.filter((c) => disagreement(c.sshd, c.ours as Ours).length > 0);
      if (bad.length === 0) return;
      const differs = (c: Case) => disagreement(c.sshd, c.ours as Ours);
      console.log(reportCases(bad, (c) => `values differ on ${differs(c).join(',')}`));
      const minimized = await minimizeEachKind(bad, { kind: (c) => differs(c).join(','), config: (c) => c.cfg.index, max: 8 }, (c) =>
        minimize(runCli as RunCli, c, differs(c), root),
      );
      console.log(minimized.join('\n\n'));
      assert.fail(`${bad.length}/${accepted.length} accepted cases disagree with sshd -T (details and minimized reproductions above)`);
    });

    it('explain exits 1 whenever sshd -T rejects the file', { skip: SSHD_ONLY && 'ORACLE_SSHD_ONLY is set' }, async () => {
      const rejected = cases.filter((c) => c.sshd.code !== 0);
      const bad = rejected.filter((c) => c.ours?.code !== 1);
      if (bad.length === 0) return;
      const minimized = await minimizeEachKind(bad, { kind: (c) => String(c.cfg.index), config: (c) => c.cfg.index, max: 5 }, (c) =>
        minimize(runCli as RunCli, c, ['exit'], root),
      );
      console.log(reportCases(bad, () => 'sshd -T rejects, explain does not exit 1'));
      console.log(minimized.join('\n\n'));
      // sshd -T is fatal when a Match LocalPort line is evaluated and -C has no lport: counted apart, as explain
      // may treat a missing --lport differently from a bad file.
      const noLport = bad.filter((c) => c.cfg.omitted.includes('lport') && /'lport' not in connection test specification/.test(c.sshd.stderr)).length;
      assert.fail(
        `${bad.length}/${rejected.length} cases rejected by sshd -T did not make explain exit 1` +
          (noLport ? ` (${noLport} of them only because -C has no lport while a Match LocalPort line is evaluated)` : ''),
      );
    });

    it(`the bundled dist/cli.js agrees with sshd -T on ${BINARY_CHECKS} cases`, { skip: SSHD_ONLY && 'ORACLE_SSHD_ONLY is set' }, async () => {
      assert.ok(existsSync(BUNDLED_CLI), `${BUNDLED_CLI} not found: run \`npm run build\` before the oracle test`);
      const chosen = bundledChecks(
        cases.filter((c) => c.sshd.code === 0),
        cases.filter((c) => c.sshd.code !== 0),
        BINARY_CHECKS,
      );
      const failures: string[] = [];
      for (const c of chosen) {
        const ours = await explainBinary(c.cfg.mainPath, c.q, cfgDir(c.cfg));
        const diff = disagreement(c.sshd, ours);
        if (diff.length > 0) failures.push(describeCase({ ...c, ours }, `dist/cli.js differs on ${diff.join(',')}`));
        else if (ours.code !== c.ours?.code) failures.push(describeCase({ ...c, ours }, `dist/cli.js exit ${ours.code} but runCli exit ${c.ours?.code}`));
      }
      assert.equal(chosen.length, BINARY_CHECKS);
      if (failures.length) {
        console.log(failures.join('\n\n'));
        assert.fail(`${failures.length}/${chosen.length} bundled-binary checks failed`);
      }
    });
  });
}
