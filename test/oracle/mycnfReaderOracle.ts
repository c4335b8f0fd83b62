/**
 * The driver of the reader oracles, test/oracle/mycnf-reader.test.ts (MariaDB's my_print_defaults) and
 * test/oracle/mysql-reader.test.ts (MySQL's): `keepalive-lens explain --mysql-flavor F --group G... FILE` against
 * `my_print_defaults --defaults-file=FILE G...`.
 *
 * The CLI is bundled once (esbuild, as `npm run build` does, into a scratch directory) and run as a program, like
 * my_print_defaults: same working directory (relative `!include` paths resolve against it), same HOME (`~/`), same
 * arguments. For every seeded tree of option files from test/genMycnf.ts, and for every fact of the oracle's fact
 * lists (test/mycnfFacts.ts), both must agree on:
 * - the exit status class: 0, or a fatal error (my_print_defaults exits 2 after "Fatal error in defaults handling");
 * - stdout, byte for byte: the `--name=value` list;
 * - stderr, line by line: the warnings and the errors, without my_print_defaults' bell and program name and its
 *   final "Fatal error in defaults handling" line (the oracle's `aborted`).
 *
 * Knobs: ORACLE_SEED, ORACLE_MYCNF_TREES (default 200), ORACLE_POOL, ORACLE_KEEP (keep the scratch directory).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { build } from 'esbuild';
import { generateMycnfTree, type MycnfTree, mulberry32, renderMycnfTree } from '../genMycnf';
import { type MycnfSetup, type MyPrintDefaultsFact, stderrLines, type WrittenFact, withoutProgramName, writeMycnfFact } from '../mycnfFacts';
import { pool } from '../pool';
import { type ProgramRun, runProgram } from './harness';

const TREES = Number(process.env.ORACLE_MYCNF_TREES ?? 200);
const POOL = Number(process.env.ORACLE_POOL ?? Math.max(4, availableParallelism() * 2));
const REPO = resolve(__dirname, '..', '..');

export interface ReaderOracle {
  /** The describe block's title (the seed and the number of trees are added). */
  readonly title: string;
  /** ORACLE_SEED's default. */
  readonly seed: number;
  /** The my_print_defaults to run (a path, or a name on PATH). */
  readonly program: string;
  /** Its arguments after `--defaults-file=FILE` and before the groups. */
  readonly programArgs: readonly string[];
  /** The CLI's arguments before the `--group`s (`--mysql-flavor mysql`). */
  readonly cliArgs: readonly string[];
  /** The program's last stderr line after a fatal error, without its name (left out of the comparison). */
  readonly aborted: string;
  /**
   * Lists of facts, each compared in a test of its own (`name` says which list). With `recorded`, another test checks
   * that the program still prints what each fact records (status, stdout, stderr).
   */
  readonly facts: ReadonlyArray<{ readonly name: string; readonly list: readonly MycnfSetup[] | readonly MyPrintDefaultsFact[]; readonly recorded?: boolean }>;
  /** The prefix of the scratch directory. */
  readonly scratch: string;
  /** More tests inside the describe block; `env()` is ready when they run. */
  readonly more?: (env: () => OracleEnv) => void;
}

export interface OracleEnv {
  /** The bundled CLI. */
  readonly cli: string;
  /** Writes a setup into a fresh directory of the scratch directory. */
  write(setup: MycnfSetup): WrittenFact;
  /** Runs a program in the setup's working directory, with its HOME. */
  run(program: string, args: readonly string[], w: WrittenFact): Promise<ProgramRun>;
}

interface Case {
  readonly setup: MycnfSetup;
  readonly written: WrittenFact;
  real?: ProgramRun;
  ours?: ProgramRun;
}

const run = (file: string, args: readonly string[], w: WrittenFact) => runProgram(file, args, { cwd: w.cwd, home: w.home, timeout: 20_000 });

/** Registers the oracle's describe block. */
export function describeReaderOracle(o: ReaderOracle): void {
  const seed = Number(process.env.ORACLE_SEED ?? o.seed) >>> 0;
  const seedHex = `0x${seed.toString(16)}`;
  let cli = '';

  const runBoth = async (c: Case): Promise<void> => {
    const w = c.written;
    [c.real, c.ours] = await Promise.all([
      run(o.program, [`--defaults-file=${w.main}`, ...o.programArgs, ...c.setup.groups], w),
      run(process.execPath, [cli, 'explain', ...o.cliArgs, ...c.setup.groups.flatMap((g) => ['--group', g]), w.main], w),
    ]);
  };

  /** How explain differs from my_print_defaults on one case (empty: they agree). */
  const differences = (c: Case): string[] => {
    const real = c.real!;
    const ours = c.ours!;
    const out: string[] = [];
    if (ours.status !== 0 && ours.status !== 2) out.push(`explain exited ${ours.status} (only 0 and 2 are expected)`);
    if ((real.status === 0) !== (ours.status === 0)) out.push(`exit status: my_print_defaults ${real.status}, explain ${ours.status}`);
    if (real.stdout !== ours.stdout) out.push(`stdout: my_print_defaults ${JSON.stringify(real.stdout)}, explain ${JSON.stringify(ours.stdout)}`);
    const realErr = stderrLines(real.stderr, c.written.dir).map(withoutProgramName);
    if (real.status !== 0 && realErr[realErr.length - 1] === o.aborted) realErr.pop();
    const oursErr = stderrLines(ours.stderr, c.written.dir);
    if (JSON.stringify(realErr) !== JSON.stringify(oursErr))
      out.push(`stderr: my_print_defaults ${JSON.stringify(realErr)}, explain ${JSON.stringify(oursErr)}`);
    return out;
  };

  const report = (cases: readonly Case[], describeCase: (c: Case) => string, what: string): void => {
    const bad = cases.map((c) => ({ c, d: differences(c) })).filter((x) => x.d.length > 0);
    if (bad.length === 0) return;
    const full = bad.slice(0, 5).map((x) => `--- ${describeCase(x.c)} (seed ${seedHex}) in ${x.c.written.dir}\n  ${x.d.join('\n  ')}`);
    const rest = bad.slice(5).map((x) => `--- ${x.c.setup.title}: ${x.d.join(' | ')}`);
    console.log([...full, ...rest].join('\n\n'));
    assert.fail(`${bad.length}/${cases.length} ${what} disagree with my_print_defaults (seed ${seedHex}; details above; ORACLE_KEEP=1 keeps the files)`);
  };

  describe(`${o.title}, seed ${seedHex}, ${TREES} trees`, () => {
    let work = '';
    let started = 0;
    const trees: Array<Case & { setup: MycnfTree }> = [];
    const facts = o.facts.map(() => [] as Case[]);

    before(async () => {
      started = Date.now();
      work = mkdtempSync(join(tmpdir(), o.scratch));
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
      const r = mulberry32(seed);
      for (let i = 0; i < TREES; i++) {
        const tree = generateMycnfTree(r, i);
        const dir = join(work, `t${i}`);
        mkdirSync(dir);
        trees.push({ setup: tree, written: writeMycnfFact(tree, dir) });
      }
      o.facts.forEach(({ list }, k) => {
        list.forEach((fact, i) => {
          const dir = join(work, `facts${k}-${i}`);
          mkdirSync(dir);
          facts[k]!.push({ setup: fact, written: writeMycnfFact(fact, dir) });
        });
      });
      await pool([...trees, ...facts.flat()], POOL, runBoth);
    });

    after(() => {
      console.log(`${o.title} seed ${seedHex}: ${TREES} trees and ${facts.flat().length} facts, pool ${POOL}; ${Date.now() - started} ms`);
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
        dangling: note('a dangling symbolic link'),
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
      console.log(`${o.title} coverage (trees with ...): ${JSON.stringify(stats)}`);
      for (const [k, n] of Object.entries(stats)) assert.ok(n >= Math.min(3, Math.ceil(TREES / 100)), `only ${n} trees with ${k}: the generator is broken`);
    });

    it('explain --group prints what my_print_defaults prints on every generated tree (stdout, stderr, exit status)', () => {
      report(trees, (c) => `${c.setup.title}\n${renderMycnfTree(c.setup as MycnfTree)}`, 'trees');
    });

    o.facts.forEach(({ name, recorded }, k) => {
      it(`explain --group prints what my_print_defaults prints for every fact of ${name}`, () => {
        report(facts[k]!, (c) => c.setup.title, name);
      });
      if (!recorded) return;
      it(`my_print_defaults prints what ${name} records`, () => {
        const seen = (status: number | null, stdout: string, stderr: readonly string[]) => ({ status, stdout, stderr: stderr.map(withoutProgramName) });
        const bad = facts[k]!.flatMap((c) => {
          const f = c.setup as MyPrintDefaultsFact;
          const real = seen(c.real!.status, c.real!.stdout, stderrLines(c.real!.stderr, c.written.dir));
          const fact = seen(f.status, f.stdout, f.stderr ?? []);
          return JSON.stringify(real) === JSON.stringify(fact) ? [] : [`--- ${f.title}\n  real ${JSON.stringify(real)}\n  fact ${JSON.stringify(fact)}`];
        });
        assert.deepEqual(bad, [], `${name} no longer holds:\n${bad.join('\n')}`);
      });
    });

    let written = 0;
    o.more?.(() => ({
      cli,
      write: (setup: MycnfSetup) => {
        const d = join(work, `more${written++}`);
        mkdirSync(d);
        return writeMycnfFact(setup, d);
      },
      run,
    }));
  });
}
