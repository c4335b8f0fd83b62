/**
 * Oracle test: our `explain` must agree with the real `ssh -G` on generated configs.
 *
 *   node --import tsx --test test/oracle/ssh-g.test.ts
 *
 * Environment knobs (all optional): ORACLE_SEED (number, default below),
 * ORACLE_CONFIGS (default 400), ORACLE_POOL (parallel ssh -G processes, default 4),
 * ORACLE_KEEP (keep the generated configs), ORACLE_CLI_MODULE (a stand-in module exporting runCli).
 *
 * Skips when `ssh` is not on PATH, unless CI is set: then it fails, because CI
 * always installs openssh-client.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it, test } from 'node:test';
import { pool } from '../pool';
import { bundledChecks, minimizeEachKind, report } from './differential';
import { type GeneratedConfig, type GeneratedFile, generateConfig, mulberry32, renderConfig } from './genSshConfig';
import { captureCli, findOnPath, type ProcResult, type RunCli, run, shrinkLines } from './harness';

/** The contract of server/src/cli.ts (kept local so this file does not depend on its types). */

const SEED = Number(process.env.ORACLE_SEED ?? 0x5eed2025) >>> 0;
const CONFIGS = Number(process.env.ORACLE_CONFIGS ?? 400);
const POOL = Number(process.env.ORACLE_POOL ?? 4);
const BINARY_CHECKS = 5;
const SEED_HEX = `0x${SEED.toString(16)}`;

const REPO = resolve(__dirname, '..', '..');
const BUNDLED_CLI = join(REPO, 'dist', 'cli.js');
const MISSING_SSH = 'ssh (openssh-client) is not installed; the oracle tests need it';

const FIELDS = ['serveraliveinterval', 'serveralivecountmax', 'tcpkeepalive', 'connecttimeout', 'connectionattempts'] as const;
type Field = (typeof FIELDS)[number];
type Values = Record<Field, string | number>;

/** `run`, without the line ssh always prints when stdin is a pipe (noise, not a verdict). */
async function runQuiet(file: string, args: string[], cwd?: string): Promise<ProcResult> {
  const r = await run(file, args, cwd);
  return { ...r, stderr: r.stderr.replace(/^Pseudo-terminal will not be allocated.*\n?/m, '') };
}

const num = (v: string): string | number => (/^\d+$/.test(v) ? Number(v) : v);

/** The five values from `ssh -G` output (numbers as numbers, `none`/`yes`/`no` as strings). */
function sshValues(stdout: string): Values {
  const seen = new Map<string, string>();
  for (const l of stdout.split('\n')) {
    const sp = l.indexOf(' ');
    if (sp > 0) seen.set(l.slice(0, sp), l.slice(sp + 1).trim());
  }
  const out = {} as Values;
  for (const f of FIELDS) {
    const v = seen.get(f);
    if (v === undefined) throw new Error(`ssh -G printed no ${f}`);
    out[f] = num(v);
  }
  return out;
}

function ourValues(json: unknown): Values {
  const o = json as Record<string, unknown>;
  const out = {} as Values;
  for (const f of FIELDS) out[f] = o?.[f] as string | number;
  return out;
}

interface Ours {
  code: number | 'threw';
  stdout: string;
  stderr: string;
  values?: Values;
  parseError?: string;
}

function parseOurs(code: number | 'threw', stdout: string, stderr: string): Ours {
  const r: Ours = { code, stdout, stderr };
  try {
    r.values = ourValues(JSON.parse(stdout.trim()));
  } catch (e) {
    r.parseError = (e as Error).message;
  }
  return r;
}

async function explainInProcess(runCli: RunCli, file: string, host: string, cwd: string): Promise<Ours> {
  const r = await captureCli(runCli, ['explain', '--json', '--host', host, file], cwd);
  return parseOurs(r.code, r.stdout, r.stderr);
}

async function explainBinary(file: string, host: string, cwd: string): Promise<Ours> {
  const r = await run(process.execPath, [BUNDLED_CLI, 'explain', '--json', '--host', host, file], cwd);
  return parseOurs(r.code, r.stdout, r.stderr);
}

interface Case {
  cfg: GeneratedConfig;
  host: string;
  ssh: ProcResult;
  sshValues?: Values;
  ours?: Ours;
}

function writeConfig(cfg: GeneratedConfig): void {
  for (const f of cfg.files) writeFileSync(f.path, f.text, { mode: 0o644 });
}

/** The fields on which we and ssh -G differ ('exit' when ssh rejects and we do not exit 1). */
function disagreement(ssh: ProcResult, ours: Ours): string[] {
  if (ssh.code !== 0) return ours.code === 1 ? [] : ['exit'];
  if (!ours.values) return ['unparseable'];
  const sv = sshValues(ssh.stdout);
  return FIELDS.filter((f) => !isDeepStrictEqual(sv[f], ours.values?.[f]));
}

function isDeepStrictEqual(a: unknown, b: unknown): boolean {
  try {
    assert.deepStrictEqual(a, b);
    return true;
  } catch {
    return false;
  }
}

function describeCase(c: { cfg: GeneratedConfig; host: string; ssh: ProcResult; ours?: Ours }, title: string): string {
  const sv = c.ssh.code === 0 ? JSON.stringify(sshValues(c.ssh.stdout)) : '(rejected)';
  return [
    `--- ${title}: config #${c.cfg.index} (seed ${SEED_HEX}), host ${JSON.stringify(c.host)}`,
    c.cfg.invalid.length ? `deliberately invalid: ${c.cfg.invalid.join('; ')}` : 'no deliberately invalid line',
    renderConfig(c.cfg),
    `ssh -G -F ${c.cfg.mainPath} ${c.host}  -> exit ${c.ssh.code}; values ${sv}`,
    c.ssh.stderr.trim() ? `ssh stderr: ${c.ssh.stderr.trim()}` : '',
    `explain -> exit ${c.ours?.code}; values ${c.ours?.values ? JSON.stringify(c.ours.values) : `(none: ${c.ours?.parseError})`}`,
    `explain stdout: ${c.ours?.stdout.trim().slice(0, 4000)}`,
    c.ours?.stderr.trim() ? `explain stderr: ${c.ours.stderr.trim().slice(0, 4000)}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

/**
 * Greedy line-deletion shrinker: removes lines (from every file) while ssh -G and
 * explain still disagree on the same fields. Works on a copy in its own directory.
 */
async function minimize(runCli: RunCli, c: Case, want: string[], scratch: string, budget = 150): Promise<string> {
  const srcDir = c.cfg.mainPath.slice(0, c.cfg.mainPath.lastIndexOf('/'));
  const dir = mkdtempSync(join(scratch, `min-${c.cfg.index}-`));
  const moveText = (t: string): string => t.split(srcDir).join(dir);
  let files: GeneratedFile[] = c.cfg.files.map((f) => ({ path: moveText(f.path), text: moveText(f.text) }));
  const mainPath = files[0]?.path as string;
  const same = (a: string[]): boolean => a.length === want.length && a.every((x, i) => x === want[i]);
  const check = async (fs: readonly GeneratedFile[]): Promise<boolean> => {
    for (const f of fs) writeFileSync(f.path, f.text, { mode: 0o644 });
    const ssh = await runQuiet('ssh', ['-G', '-F', mainPath, c.host], dir);
    const ours = await explainInProcess(runCli, mainPath, c.host, dir);
    return same(disagreement(ssh, ours));
  };
  const shrunk = await shrinkLines(files, check, budget);
  files = [...shrunk.files];
  const spent = shrunk.trials;
  for (const f of files) writeFileSync(f.path, f.text, { mode: 0o644 });
  const ssh = await runQuiet('ssh', ['-G', '-F', mainPath, c.host], dir);
  const ours = await explainInProcess(runCli, mainPath, c.host, dir);
  const shown = files.filter((f, k) => k === 0 || f.text.trim() !== '');
  return describeCase({ cfg: { ...c.cfg, mainPath, files: shown }, host: c.host, ssh, ours }, `MINIMIZED (${spent} trials; differs on ${want.join(',')})`);
}

/** The disagreeing cases, in full for the first few (differential.ts report). */
function reportCases(cases: readonly Case[], title: (c: Case) => string): string {
  return report(
    cases,
    (c) => describeCase(c, title(c)),
    (c) => `--- ${title(c)}: config #${c.cfg.index}, host ${JSON.stringify(c.host)}`,
  );
}

const sshPath = findOnPath('ssh');

if (!sshPath && process.env.CI) {
  test(`ssh -G oracle (seed ${SEED_HEX})`, () => {
    assert.fail(`${MISSING_SSH} (CI is set, so this fails instead of skipping)`);
  });
} else if (!sshPath) {
  describe(`ssh -G oracle (seed ${SEED_HEX})`, () => {
    it('agrees with ssh -G', { skip: MISSING_SSH }, () => {});
  });
  console.log(`SKIP: ${MISSING_SSH}`);
} else {
  describe(`ssh -G oracle: explain vs ssh -G, seed ${SEED_HEX}, ${CONFIGS} configs`, () => {
    let root = '';
    let runCli: RunCli;
    const cases: Case[] = [];
    let started = 0;
    let sshMs = 0;
    let oursMs = 0;
    let wallMs = 0;

    before(async () => {
      started = Date.now();
      root = mkdtempSync(join(tmpdir(), 'keepalive-oracle-'));
      const r = mulberry32(SEED);
      const localUser = userInfo().username;
      for (let i = 0; i < CONFIGS; i++) {
        const dir = join(root, `c${i}`);
        mkdirSync(dir);
        const cfg = generateConfig(r, i, { dir, localUser });
        writeConfig(cfg);
        for (const host of cfg.hosts) cases.push({ cfg, host, ssh: { code: -1, stdout: '', stderr: '' } });
      }
      // ORACLE_CLI_MODULE lets the harness itself be exercised against a stand-in module.
      const mod = (await (process.env.ORACLE_CLI_MODULE ? import(process.env.ORACLE_CLI_MODULE) : import('../../server/src/cli'))) as { runCli?: RunCli };
      assert.equal(typeof mod.runCli, 'function', 'server/src/cli.ts does not export runCli');
      runCli = mod.runCli as RunCli;

      // Each worker runs ssh -G, then explain in-process: the child processes and our
      // own work overlap. Timings are summed per phase (so they can exceed wall time).
      await pool(cases, POOL, async (c) => {
        const t0 = Date.now();
        c.ssh = await runQuiet('ssh', ['-G', '-F', c.cfg.mainPath, c.host]);
        if (c.ssh.code === 0) c.sshValues = sshValues(c.ssh.stdout);
        const t1 = Date.now();
        const dir = c.cfg.mainPath.slice(0, c.cfg.mainPath.lastIndexOf('/'));
        c.ours = await explainInProcess(runCli, c.cfg.mainPath, c.host, dir);
        sshMs += t1 - t0;
        oursMs += Date.now() - t1;
      });
      wallMs = Date.now() - started;
    });

    after(() => {
      const accepted = cases.filter((c) => c.ssh.code === 0).length;
      console.log(
        `oracle seed ${SEED_HEX}: ${CONFIGS} configs, ${cases.length} (config, host) cases, ` +
          `${accepted} accepted / ${cases.length - accepted} rejected by ssh -G; ` +
          `generate + ssh -G + explain: ${wallMs} ms wall (pool ${POOL}; summed ssh -G ${sshMs} ms, explain ${oursMs} ms); ` +
          `whole suite ${Date.now() - started} ms`,
      );
      if (root && !process.env.ORACLE_KEEP) rmSync(root, { recursive: true, force: true });
      else if (root) console.log(`kept generated configs in ${root}`);
    });

    it('generates enough cases, most accepted by ssh -G and some rejected', () => {
      assert.ok(CONFIGS >= 400 || process.env.ORACLE_CONFIGS, 'at least 400 configs');
      const rejected = cases.filter((c) => c.ssh.code !== 0).length;
      assert.ok(rejected > 0, 'no config was rejected by ssh -G: the invalid-line generator is broken');
      assert.ok(rejected < cases.length * 0.25, `too many rejected cases: ${rejected}/${cases.length}`);
      const validRejected = cases.filter((c) => c.ssh.code !== 0 && c.cfg.invalid.length === 0);
      assert.deepEqual(
        validRejected.map((c) => describeCase(c, 'generator bug: a config meant to be valid was rejected')),
        [],
      );
    });

    it('explain reports the same five values as ssh -G', async () => {
      const bad = cases.filter((c) => c.ssh.code === 0 && disagreement(c.ssh, c.ours as Ours).length > 0);
      const n = cases.filter((c) => c.ssh.code === 0).length;
      if (bad.length === 0) return;
      const differs = (c: Case) => disagreement(c.ssh, c.ours as Ours);
      console.log(reportCases(bad, (c) => `values differ on ${differs(c).join(',')}`));
      const minimized = await minimizeEachKind(bad, { kind: (c) => differs(c).join(','), config: (c) => c.cfg.index, max: 8 }, (c) =>
        minimize(runCli, c, differs(c), root),
      );
      console.log(minimized.join('\n\n'));
      assert.fail(`${bad.length}/${n} accepted cases disagree with ssh -G (details and minimized reproductions above)`);
    });

    it('explain exits 1 whenever ssh -G rejects the file', async () => {
      const rejected = cases.filter((c) => c.ssh.code !== 0);
      const bad = rejected.filter((c) => c.ours?.code !== 1);
      if (bad.length === 0) return;
      const minimized = await minimizeEachKind(bad, { kind: (c) => String(c.cfg.index), config: (c) => c.cfg.index, max: 5 }, (c) =>
        minimize(runCli, c, ['exit'], root),
      );
      console.log(reportCases(bad, () => 'ssh -G rejects, explain does not exit 1'));
      console.log(minimized.join('\n\n'));
      assert.fail(`${bad.length}/${rejected.length} configs rejected by ssh -G did not make explain exit 1`);
    });

    it('explain exits 0 on the configs without a deliberately invalid line (ssh -G accepts them)', () => {
      const bad = cases.filter((c) => c.cfg.invalid.length === 0 && c.ssh.code === 0 && c.ours?.code !== 0);
      if (bad.length === 0) return;
      console.log(reportCases(bad, () => 'ssh -G accepts a valid config, explain does not exit 0'));
      assert.fail(`${bad.length} valid configs accepted by ssh -G made explain exit non-zero`);
    });

    it(`the bundled dist/cli.js agrees with ssh -G on ${BINARY_CHECKS} cases`, async () => {
      assert.ok(existsSync(BUNDLED_CLI), `${BUNDLED_CLI} not found: run \`npm run build\` before the oracle test`);
      const chosen = bundledChecks(
        cases.filter((c) => c.ssh.code === 0),
        cases.filter((c) => c.ssh.code !== 0),
        BINARY_CHECKS,
      );
      const failures: string[] = [];
      for (const c of chosen) {
        const dir = c.cfg.mainPath.slice(0, c.cfg.mainPath.lastIndexOf('/'));
        const ours = await explainBinary(c.cfg.mainPath, c.host, dir);
        const diff = disagreement(c.ssh, ours);
        if (diff.length > 0) failures.push(describeCase({ ...c, ours }, `dist/cli.js differs on ${diff.join(',')}`));
        else if (c.ssh.code === 0 && ours.code !== c.ours?.code)
          failures.push(describeCase({ ...c, ours }, `dist/cli.js exit ${ours.code} but runCli exit ${c.ours?.code}`));
      }
      assert.equal(chosen.length, BINARY_CHECKS);
      if (failures.length) {
        console.log(failures.join('\n\n'));
        assert.fail(`${failures.length}/${chosen.length} bundled-binary checks failed`);
      }
    });
  });
}
