/**
 * The driver the option-file analysis oracles share (test/oracle/mycnf-analysis.test.ts for MariaDB,
 * test/oracle/mysql-analysis.test.ts for MySQL): seeded files from test/genMycnfOptions.ts, every program run on
 * each file and on each of its lines alone (`[group]` + the line, by the programs reading the group), and the
 * checks (a) refusal iff failures, (b) printed lines, (c) clamp warnings and server values, (d) error findings,
 * plus the single-line comparison. What a run shows and what the model says come from the test (`run`,
 * `predict`); so do the rules for comparing message lines (`comparable`, `folded`).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { createNodeEnvironment } from '../../server/src/node/environment';
import { analyzeMycnf, type MycnfAnalysis } from '../../server/src/service/analysis/mycnf/index';
import { effectiveInt, intText, readIntFor } from '../../server/src/service/analysis/mycnf/programs';
import type { MycnfFlavor, MycnfProgram } from '../../server/src/service/catalog/mycnf';
import type { Settings } from '../../server/src/service/index';
import { type GeneratedOptionFile, generateOptionFile } from '../genMycnfOptions';
import { pool } from '../pool';
import { mulberry32 } from '../prng';

/** What a run showed, split the way the assertions need it. */
export interface Observed {
  /** It got as far as connecting (a client) or would start (the server). */
  readonly started: boolean;
  /** How it ended, for the report: `connects`, `exit 7`, ... */
  readonly how: string;
  /** Error lines about options, as compared with the model's messages. */
  readonly errors: readonly string[];
  /** Clamp warnings, as compared with readMycnfInt's. */
  readonly clamps: readonly string[];
  /** The server: the values it runs with, for the names `predict` reports. */
  readonly values: Readonly<Record<string, string>>;
  /** It named an option of the file unknown (an error, or the warning for a `loose-` one). */
  readonly unknownNamed?: boolean;
}

/** What the model says about one program on one file. */
export interface Predicted {
  readonly started: boolean;
  readonly errors: readonly string[];
  readonly clamps: readonly string[];
  readonly values: Readonly<Record<string, string>>;
}

/** Each file is analysed once, whichever program and check asks (the settings are the oracle's, one per run). */
const analyses = new Map<string, MycnfAnalysis>();
function analysisOf(settings: Settings, text: string, uri: string): MycnfAnalysis {
  const key = `${settings.mysqlFlavor}\0${uri}\0${text}`;
  let a = analyses.get(key);
  if (!a) {
    a = analyzeMycnf(uri, text, settings, createNodeEnvironment());
    analyses.set(key, a);
  }
  return a;
}

/**
 * The analysis' view of `program` on `text` (programView): refusal, printed lines (each through `message`), the clamp
 * warnings of the lines it takes, and for `server` effectiveInt's value of each of `serverValues`.
 */
export function modelPrediction(
  settings: Settings,
  text: string,
  uri: string,
  program: MycnfProgram,
  { message, server, serverValues }: { message: (line: string) => string; server: MycnfProgram; serverValues: readonly string[] },
): Predicted {
  const view = analysisOf(settings, text, uri).views.get(program);
  assert.ok(view, `${program} reads files of the settings' family`);
  const clamps: string[] = [];
  // Every line the program takes that sets a number (its value; 0 for skip-/disable-, 1 for enable-).
  for (const s of view.settings) {
    const v = intText(s);
    if (v === undefined) continue;
    const reading = readIntFor(program, s.option, v);
    if (reading?.ok && reading.warning) clamps.push(reading.warning);
  }
  const values: Record<string, string> = {};
  if (program === server) {
    for (const name of serverValues) {
      const e = effectiveInt(view, name);
      if (e) values[name] = String(e.value);
    }
  }
  return {
    started: view.failures.length === 0,
    errors: view.printed.flatMap((f) => f.message.split('\n').map(message)).sort(),
    clamps: clamps.sort(),
    values,
  };
}

/** The 0-based lines analyzeMycnf reports an error on. */
export function modelErrorLines(settings: Settings, text: string, uri: string): number[] {
  return [
    ...new Set(
      analysisOf(settings, text, uri)
        .findings.filter((f) => f.severity === 'error')
        .map((f) => f.span.line),
    ),
  ].sort((a, b) => a - b);
}

export interface AnalysisOracle<P extends MycnfProgram> {
  /** The describe block's title (the seed and file count are added). */
  readonly title: string;
  readonly seed: number;
  readonly files: number;
  readonly parallel: number;
  /** Whose files test/genMycnfOptions.ts writes. */
  readonly flavor: MycnfFlavor;
  readonly programs: readonly P[];
  readonly groupReaders: Readonly<Record<string, readonly P[]>>;
  /** The slow program (the server): its runs start first so the clients fill the gaps. */
  readonly slow: P;
  /** Called with the fresh work directory before any run. */
  readonly prepare: (work: string) => void;
  readonly run: (program: P, path: string) => Promise<Observed>;
  readonly predict: (text: string, uri: string, program: P) => Predicted;
  readonly errorLines: (text: string, uri: string) => number[];
  /** The real error lines as compared with ours (`ours`: the model's, for the same run). */
  readonly comparable: (real: readonly string[], ours: readonly string[]) => readonly string[];
  /** The model's lines as compared. */
  readonly folded: (ours: readonly string[]) => readonly string[];
  /** A real clamp warning as compared. */
  readonly foldClamp: (line: string) => string;
  /** The title of check (c). */
  readonly cTitle: string;
  /**
   * A program that skips the first unknown option of its files (MySQL's mysql), and an unknown line to put before
   * a single line so that the line is not the first: (d) judges a line by that run when an earlier line of the file
   * was unknown to the program (measured: its own run after the absorber named it unknown).
   */
  readonly absorber?: { readonly program: P; readonly line: string };
}

interface FileCase {
  readonly index: number;
  readonly gen: GeneratedOptionFile;
  readonly path: string;
  readonly uri: string;
}

/** A single option line under its group header, run by every program that reads the group. */
interface LineCase {
  readonly key: string;
  readonly group: string;
  readonly text: string;
  readonly path: string;
  readonly uri: string;
}

/** Registers the oracle's describe block. */
export function describeAnalysisOracle<P extends MycnfProgram>(o: AnalysisOracle<P>): void {
  const seedHex = `0x${o.seed.toString(16)}`;

  /**
   * Asserts actual equals expected, key by key. A failure lists only the keys that differ, each with what the real
   * program did and what the model says, then the files they concern and the seed: a list of cases to fix.
   */
  function agree<T>(actual: Record<string, T>, expected: Record<string, T>, context: (key: string) => string): void {
    const keys = [...new Set([...Object.keys(actual), ...Object.keys(expected)])].sort();
    const bad = keys.filter((k) => !isDeepStrictEqual(actual[k], expected[k]));
    if (bad.length === 0) return;
    const cases = bad.map((k) => `${k}\n    real:  ${JSON.stringify(actual[k])}\n    model: ${JSON.stringify(expected[k])}`);
    const contexts = [...new Set(bad.map(context))];
    assert.fail(`ORACLE_SEED=${o.seed} (${seedHex}): ${bad.length} of ${keys.length} cases disagree\n${[...cases, ...contexts].join('\n')}`);
  }

  describe(`${o.title} (seed ${seedHex}, ${o.files} files)`, () => {
    let work = '';
    const files: FileCase[] = [];
    const lineCases = new Map<string, LineCase>();
    /** Full-file runs, by `#index program`. */
    const fileRuns = new Map<string, Observed>();
    /** Single-line runs, by `[group] text` and program. */
    const lineRuns = new Map<string, Observed>();
    /** The absorber program's single-line runs after the absorber line, by `[group] text`. */
    const absorbedRuns = new Map<string, Observed>();
    const absorbedKey = (key: string): string => `${key} -> ${o.absorber?.program} after ${o.absorber?.line}`;

    before(async () => {
      work = mkdtempSync(join(tmpdir(), `${o.flavor}-analysis-oracle-`));
      o.prepare(work);
      const r = mulberry32(o.seed);
      for (let index = 0; index < o.files; index++) {
        const gen = generateOptionFile(r, o.flavor);
        const path = join(work, `f${index}.cnf`);
        writeFileSync(path, gen.text);
        files.push({ index, gen, path, uri: `file://${path}` });
        for (const l of gen.lines) {
          const key = `[${l.group}] ${l.text}`;
          if (lineCases.has(key)) continue;
          const lpath = join(work, `l${lineCases.size}.cnf`);
          writeFileSync(lpath, `[${l.group}]\n${l.text}\n`);
          lineCases.set(key, { key, group: l.group, text: l.text, path: lpath, uri: `file://${lpath}` });
          if (o.absorber && o.groupReaders[l.group]!.includes(o.absorber.program))
            writeFileSync(lpath.replace(/\.cnf$/, '-a.cnf'), `[${l.group}]\n${o.absorber.line}\n${l.text}\n`);
        }
      }
      type Job = { map: Map<string, Observed>; key: string; program: P; path: string };
      const jobs: Job[] = [];
      for (const f of files) for (const program of o.programs) jobs.push({ map: fileRuns, key: `#${f.index} ${program}`, program, path: f.path });
      for (const l of lineCases.values()) {
        for (const program of o.groupReaders[l.group]!) jobs.push({ map: lineRuns, key: `${l.key} -> ${program}`, program, path: l.path });
        if (o.absorber && o.groupReaders[l.group]!.includes(o.absorber.program))
          jobs.push({ map: absorbedRuns, key: l.key, program: o.absorber.program, path: l.path.replace(/\.cnf$/, '-a.cnf') });
      }
      jobs.sort((a, b) => Number(b.program === o.slow) - Number(a.program === o.slow));
      await pool(jobs, o.parallel, async (j) => {
        j.map.set(j.key, await o.run(j.program, j.path));
      });
    });
    after(() => {
      if (work) rmSync(work, { recursive: true, force: true });
    });

    const fileOf = (key: string): FileCase => files[Number(/^#(\d+)/.exec(key)![1])]!;
    const showFile = (key: string): string => {
      const f = fileOf(key);
      return `--- file #${f.index}:\n${f.gen.text.replace(/\n$/, '')}`;
    };
    const showLine = (key: string): string => {
      const l = lineCases.get(key.replace(/ -> \S+$/, ''))!;
      return `--- [${l.group}] ${l.text}`;
    };
    const programOf = (key: string): P => /(\S+)$/.exec(key)![1] as P;

    it('(a) each program refuses to start on a file iff programView(read, P).failures is non-empty', (t) => {
      // Not vacuous: every program both starts and refuses on some of the generated lines.
      const outcomes = new Map<P, Map<string, number>>(o.programs.map((p) => [p, new Map()]));
      for (const [key, ob] of lineRuns) {
        const counts = outcomes.get(programOf(key))!;
        const how = ob.started ? 'starts' : ob.how;
        counts.set(how, (counts.get(how) ?? 0) + 1);
      }
      for (const [p, counts] of outcomes) {
        t.diagnostic(`${p} on single lines: ${[...counts].map(([how, n]) => `${how} ${n}`).join(', ')}`);
        assert.ok(counts.has('starts') && counts.size > 1, `${p} does not both start and refuse on the sample (seed ${seedHex})`);
      }
      const actual: Record<string, string> = {};
      const expected: Record<string, string> = {};
      for (const [key, ob] of fileRuns) {
        const f = fileOf(key);
        // The model says nothing about exit statuses: a refusal shows the real one on both sides.
        actual[key] = ob.started ? `starts (${ob.how})` : `refuses (${ob.how})`;
        const p = o.predict(f.gen.text, f.uri, programOf(key));
        expected[key] = p.started ? (ob.started ? actual[key]! : 'starts') : ob.started ? 'refuses' : actual[key]!;
      }
      agree(actual, expected, showFile);
    });

    it('(b) the error lines each program prints for a file are exactly what programView says one run prints', () => {
      const actual: Record<string, readonly string[]> = {};
      const expected: Record<string, readonly string[]> = {};
      for (const [key, ob] of fileRuns) {
        const f = fileOf(key);
        const ours = o.predict(f.gen.text, f.uri, programOf(key)).errors;
        actual[key] = o.comparable(ob.errors, ours);
        expected[key] = o.folded(ours);
      }
      agree(actual, expected, showFile);
    });

    it(o.cTitle, () => {
      const actual: Record<string, unknown> = {};
      const expected: Record<string, unknown> = {};
      for (const [key, ob] of fileRuns) {
        if (!ob.started) continue;
        const f = fileOf(key);
        const program = programOf(key);
        const p = o.predict(f.gen.text, f.uri, program);
        const clamps = ob.clamps.map(o.foldClamp).sort();
        actual[key] = program === o.slow ? { clamps, values: ob.values } : { clamps };
        expected[key] = program === o.slow ? { clamps: o.folded(p.clamps), values: p.values } : { clamps: o.folded(p.clamps) };
      }
      assert.ok(Object.keys(actual).length > 0, 'no program started on any file: the sample tests nothing for (c)');
      agree(actual, expected, showFile);
    });

    it('(d) the analysis reports an error on exactly the lines that alone make a program reading their group refuse to start', () => {
      const actual: Record<string, readonly string[]> = {};
      const expected: Record<string, readonly string[]> = {};
      for (const f of files) {
        const key = `#${f.index} error lines`;
        // Whether the absorber program already skipped an unknown line of this file (then the next one stops it).
        let absorbed = false;
        actual[key] = f.gen.lines
          .filter((l) => {
            const k = `[${l.group}] ${l.text}`;
            const refuses = o.groupReaders[l.group]!.some((p) => {
              const alone = lineRuns.get(`${k} -> ${p}`)!;
              return !(p === o.absorber?.program && absorbed ? absorbedRuns.get(k)! : alone).started;
            });
            if (absorbedRuns.get(k)?.unknownNamed) absorbed = true;
            return refuses;
          })
          .map((l) => `line ${l.line + 1}: ${l.text}`);
        const errors = o.errorLines(f.gen.text, f.uri);
        expected[key] = errors.map((n) => `line ${n + 1}: ${f.gen.text.split('\n')[n]}`);
      }
      agree(actual, expected, showFile);
    });

    it('each generated line alone: every program reading its group refuses iff programView says so, with exactly our messages', () => {
      const actual: Record<string, unknown> = {};
      const expected: Record<string, unknown> = {};
      for (const [key, ob] of lineRuns) {
        const l = lineCases.get(key.replace(/ -> \S+$/, ''))!;
        const p = o.predict(`[${l.group}]\n${l.text}\n`, l.uri, programOf(key));
        actual[key] = { starts: ob.started ? ob.how : false, errors: o.comparable(ob.errors, p.errors) };
        expected[key] = { starts: p.started ? (ob.started ? ob.how : true) : false, errors: o.folded(p.errors) };
      }
      for (const [key, ob] of absorbedRuns) {
        const l = lineCases.get(key)!;
        const p = o.predict(`[${l.group}]\n${o.absorber!.line}\n${l.text}\n`, l.uri, o.absorber!.program);
        actual[absorbedKey(key)] = { starts: ob.started ? ob.how : false, errors: o.comparable(ob.errors, p.errors) };
        expected[absorbedKey(key)] = { starts: p.started ? (ob.started ? ob.how : true) : false, errors: o.folded(p.errors) };
      }
      agree(actual, expected, (key) => showLine(key.replace(/ after .*$/, '')));
    });
  });
}
