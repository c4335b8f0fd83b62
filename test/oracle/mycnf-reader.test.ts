/**
 * Oracle test: `keepalive-lens explain --group G... FILE` against `my_print_defaults --defaults-file=FILE G...`.
 *
 *   node --import tsx --test test/oracle/mycnf-reader.test.ts
 *
 * The CLI is bundled once (esbuild, as `npm run build` does, into a scratch directory) and run as a program, like
 * my_print_defaults: same working directory (relative `!include` paths resolve against it), same HOME (`~/`), same
 * arguments. For every seeded tree of option files from test/genMycnf.ts, and for every MY_PRINT_DEFAULTS_FACT
 * (test/mycnfFacts.ts), both must agree on:
 * - the exit status class: 0, or a fatal error (my_print_defaults exits 2 after "Fatal error in defaults handling");
 * - stdout, byte for byte: the `--name=value` list;
 * - stderr, line by line: the warnings and the fatal message, without my_print_defaults' bell and program name and
 *   its final "Fatal error in defaults handling. Program aborted".
 *
 * Knobs: ORACLE_SEED, ORACLE_MYCNF_TREES (default 200), ORACLE_POOL, ORACLE_KEEP (keep the scratch directory).
 * Skips when my_print_defaults is missing (apt-get install mariadb-client), unless CI is set: then it fails.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { build } from 'esbuild';
import { generateMycnfTree, type MycnfTree, mulberry32, renderMycnfTree } from '../genMycnf';
import {
  MY_PRINT_DEFAULTS_ABORTED,
  MY_PRINT_DEFAULTS_FACTS,
  type MycnfSetup,
  stderrLines,
  type WrittenFact,
  withoutProgramName,
  writeMycnfFact,
} from '../mycnfFacts';
import { pool } from '../pool';
import { unavailableOracle } from './harness';

const SEED = Number(process.env.ORACLE_SEED ?? 0x6d796364) >>> 0;
const SEED_HEX = `0x${SEED.toString(16)}`;
const TREES = Number(process.env.ORACLE_MYCNF_TREES ?? 200);
const POOL = Number(process.env.ORACLE_POOL ?? Math.max(4, availableParallelism() * 2));
const REPO = resolve(__dirname, '..', '..');
const TITLE = `mycnf reader oracle: explain --group vs my_print_defaults, seed ${SEED_HEX}, ${TREES} trees`;

function unavailable(): string | undefined {
  if (process.platform !== 'linux') return `not Linux (${process.platform}); the mycnf oracle runs the Debian MariaDB programs`;
  if (spawnSync('sh', ['-c', 'command -v my_print_defaults']).status !== 0) return 'my_print_defaults is not installed (apt-get install mariadb-client)';
  return undefined;
}

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(cmd: string, args: readonly string[], cwd: string, home: string): Promise<Run> {
  return new Promise((done) => {
    const child = spawn(cmd, args, {
      cwd,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, LANG: 'C', LC_ALL: 'C' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', (e) => {
      stderr += String(e);
    });
    child.on('close', (status) => {
      clearTimeout(timer);
      done({ status, stdout, stderr });
    });
  });
}

interface Case {
  readonly setup: MycnfSetup;
  readonly written: WrittenFact;
  real?: Run;
  ours?: Run;
}

let cli = '';

async function runBoth(c: Case): Promise<void> {
  const w = c.written;
  [c.real, c.ours] = await Promise.all([
    run('my_print_defaults', [`--defaults-file=${w.main}`, ...c.setup.groups], w.cwd, w.home),
    run(process.execPath, [cli, 'explain', ...c.setup.groups.flatMap((g) => ['--group', g]), w.main], w.cwd, w.home),
  ]);
}

/** How explain differs from my_print_defaults on one case (empty: they agree). */
function differences(c: Case): string[] {
  const real = c.real!;
  const ours = c.ours!;
  const out: string[] = [];
  if (ours.status !== 0 && ours.status !== 2) out.push(`explain exited ${ours.status} (only 0 and 2 are expected)`);
  if ((real.status === 0) !== (ours.status === 0)) out.push(`exit status: my_print_defaults ${real.status}, explain ${ours.status}`);
  if (real.stdout !== ours.stdout) out.push(`stdout: my_print_defaults ${JSON.stringify(real.stdout)}, explain ${JSON.stringify(ours.stdout)}`);
  const realErr = stderrLines(real.stderr, c.written.dir).map(withoutProgramName);
  if (real.status !== 0 && realErr[realErr.length - 1] === MY_PRINT_DEFAULTS_ABORTED) realErr.pop();
  const oursErr = stderrLines(ours.stderr, c.written.dir);
  if (JSON.stringify(realErr) !== JSON.stringify(oursErr)) out.push(`stderr: my_print_defaults ${JSON.stringify(realErr)}, explain ${JSON.stringify(oursErr)}`);
  return out;
}

function report(cases: readonly Case[], describeCase: (c: Case) => string, what: string): void {
  const bad = cases.map((c) => ({ c, d: differences(c) })).filter((x) => x.d.length > 0);
  if (bad.length === 0) return;
  const full = bad.slice(0, 5).map((x) => `--- ${describeCase(x.c)} (seed ${SEED_HEX}) in ${x.c.written.dir}\n  ${x.d.join('\n  ')}`);
  const rest = bad.slice(5).map((x) => `--- ${x.c.setup.title}: ${x.d.join(' | ')}`);
  console.log([...full, ...rest].join('\n\n'));
  assert.fail(`${bad.length}/${cases.length} ${what} disagree with my_print_defaults (seed ${SEED_HEX}; details above; ORACLE_KEEP=1 keeps the files)`);
}

const reason = unavailable();
if (reason) {
  unavailableOracle(TITLE, reason, 'agrees with my_print_defaults');
} else {
  describe(TITLE, () => {
    let work = '';
    let started = 0;
    const trees: Array<Case & { setup: MycnfTree }> = [];
    const facts: Case[] = [];

    before(async () => {
      started = Date.now();
      work = mkdtempSync(join(tmpdir(), 'mycnf-reader-oracle-'));
      cli = join(work, 'cli.js');
      await build({
        entryPoints: [join(REPO, 'server/src/cli.ts')],
        bundle: true,
        platform: 'node',
        target: 'node20',
        format: 'cjs',
        outfile: cli,
        logLevel: 'warning',
      });
      const r = mulberry32(SEED);
      for (let i = 0; i < TREES; i++) {
        const tree = generateMycnfTree(r, i);
        const dir = join(work, `t${i}`);
        mkdirSync(dir);
        trees.push({ setup: tree, written: writeMycnfFact(tree, dir) });
      }
      MY_PRINT_DEFAULTS_FACTS.forEach((fact, i) => {
        const dir = join(work, `fact${i}`);
        mkdirSync(dir);
        facts.push({ setup: fact, written: writeMycnfFact(fact, dir) });
      });
      await pool([...trees, ...facts], POOL, runBoth);
    });

    after(() => {
      console.log(`mycnf reader oracle seed ${SEED_HEX}: ${TREES} trees and ${facts.length} facts, pool ${POOL}; ${Date.now() - started} ms`);
      if (work && !process.env.ORACLE_KEEP) rmSync(work, { recursive: true, force: true });
      else if (work) console.log(`kept the files in ${work}`);
    });

    it('the generator exercises includes, fatal errors, quotes, CRLF, unterminated lines and the depth limit', () => {
      const count = (pred: (t: MycnfTree, c: Case) => boolean) => trees.filter((c) => pred(c.setup, c)).length;
      const note = (n: string) => count((t) => t.notes.some((x) => x.startsWith(n)));
      const stats = {
        fatal: count((_t, c) => c.real?.status !== 0),
        printsOptions: count((_t, c) => (c.real?.stdout ?? '') !== ''),
        warnings: count((_t, c) => c.real?.status === 0 && (c.real?.stderr ?? '') !== ''),
        include: count((t) => Object.keys(t.files).length > 1),
        relative: note('a relative !include'),
        home: note('!include ~/'),
        includedir: note('!includedir'),
        nested: note('nested includes'),
        selfInclude: note('a file that includes itself'),
        worldWritable: note('a world-writable file'),
        crlf: note('CRLF line ends'),
        unterminated: note('last line without a line break'),
        cutPath: note('unterminated !include with a character to drop'),
        spacedGroup: note('[ spaced ] header'),
        optionBeforeGroup: note('fatal: an option before any group'),
        unclosed: note('fatal: [ without ]'),
        noPath: note('fatal: !include without a path'),
        missingDir: note('fatal: !includedir of a missing directory'),
      };
      console.log(`mycnf oracle coverage (trees with ...): ${JSON.stringify(stats)}`);
      for (const [k, n] of Object.entries(stats)) assert.ok(n >= Math.min(3, Math.ceil(TREES / 100)), `only ${n} trees with ${k}: the generator is broken`);
    });

    it('explain --group prints what my_print_defaults prints on every generated tree (stdout, stderr, exit status)', () => {
      report(trees, (c) => `${c.setup.title}\n${renderMycnfTree(c.setup as MycnfTree)}`, 'trees');
    });

    it('explain --group prints what my_print_defaults prints for every MY_PRINT_DEFAULTS_FACT', () => {
      report(facts, (c) => c.setup.title, 'facts');
    });
  });
}
