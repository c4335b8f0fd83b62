/**
 * Shared helpers for the MySQL/MariaDB option-file tests (test/fixtures.ts is for ssh_config, test/sysctlFixtures.ts
 * for sysctl).
 *
 *   mycnfDoc(text, uri?)               -> a TextDocument of language mycnf at /etc/mysql/my.cnf
 *   mycnfService(overrides?, env?)     -> a language service with TEST_SETTINGS (pool idle time 1800 s, kernel defaults)
 *   applyAction(doc, action)           -> the text after one code action's edits (asserting they do not overlap)
 *   preferredFix(service, doc)         -> the preferred quick fix of the first finding that has one
 *   fixAll(text)                       -> the text after applying preferred fixes one after another, re-analysing each time
 *   tempTree, fileUri, README          -> from test/fixtures.ts (a fresh directory of files, for !include / !includedir)
 *   readFact(written, flavor?)         -> a written fact (test/mycnfFacts.ts) read as that family's programs read it
 *   printedBy(read, written, groups)   -> what my_print_defaults would print from that reading, in a fact's shape
 *   recordedIn(fact, aborted)          -> what the fact records, in the same shape
 *
 * fixture, range, lines, rangeInside come from test/fixtures.ts; plain from test/sysctlFixtures.ts.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Position, TextEdit } from 'vscode-languageserver-types';
import { mycnfMessages } from '../server/src/cli';
import { createNodeEnvironment, pathToUri } from '../server/src/node/environment';
import type { LanguageService } from '../server/src/service';
import { type MycnfRead, mycnfGroupArgs, readMycnf } from '../server/src/service/analysis/mycnf/read';
import type { MycnfFlavor } from '../server/src/service/catalog/mycnf';
import { service } from './fixtures';
import { type MyPrintDefaultsFact, type WrittenFact, withoutProgramName } from './mycnfFacts';

export const MYCNF_URI = 'file:///etc/mysql/my.cnf';

let version = 0;

/** A TextDocument of language mycnf; every call gets a new version so caches never mix. */
export function mycnfDoc(text: string, uri = MYCNF_URI): TextDocument {
  return TextDocument.create(uri, 'mycnf', ++version, text);
}

/** A fresh service with TEST_SETTINGS (optionally overridden) and an optional environment (no includes by default). */
export const mycnfService = service;

const cmp = (a: Position, b: Position) => a.line - b.line || a.character - b.character;

/**
 * Asserts that no two edits overlap: ranges may touch, and inserts at the same place are fine (LSP: the array's
 * order is the order of the inserted texts), but no range may share text with another, nor an insert fall inside one.
 */
export function assertDisjoint(edits: readonly TextEdit[], what = 'edits'): void {
  for (let i = 0; i < edits.length; i++) {
    for (let j = i + 1; j < edits.length; j++) {
      const a = edits[i].range;
      const b = edits[j].range;
      const overlap = cmp(a.start, b.end) < 0 && cmp(b.start, a.end) < 0;
      assert.ok(!overlap, `${what}: edits overlap: ${JSON.stringify(edits[i])} and ${JSON.stringify(edits[j])}`);
    }
  }
}

/** The text after applying one code action (its edits must not overlap and must lie on the document's lines). */
export function applyAction(document: TextDocument, action: CodeAction): string {
  const edits = action.edit?.changes?.[document.uri];
  assert.ok(edits && edits.length > 0, `${action.title} edits the document`);
  assertDisjoint(edits, action.title);
  return TextDocument.applyEdits(document, edits);
}

/** The preferred fix of the first diagnostic that has one. */
export function preferredFix(s: LanguageService, document: TextDocument): CodeAction | undefined {
  for (const d of s.diagnostics(document)) {
    const a = s.codeActions(document, d.range, [d]).find((x) => x.isPreferred);
    if (a) return a;
  }
  return undefined;
}

/** Applies preferred fixes one after another (re-analysing after each) until none is left; returns the text and the titles. */
export function fixAll(text: string, s: LanguageService = mycnfService(), uri = MYCNF_URI): { text: string; applied: string[] } {
  const applied: string[] = [];
  let t = text;
  for (let i = 0; i < 50; i++) {
    const document = mycnfDoc(t, uri);
    const action = preferredFix(s, document);
    if (!action) return { text: t, applied };
    applied.push(action.title);
    t = applyAction(document, action);
  }
  assert.fail(`preferred fixes did not converge after 50 rounds: ${applied.join(' | ')}`);
}

export { fileUri, README, tempTree } from './fixtures';

/** `fn` with HOME set to `home` (`!include ~/x`: os.homedir() reads HOME). */
function withHome<T>(home: string, fn: () => T): T {
  const saved = process.env.HOME;
  process.env.HOME = home;
  try {
    return fn();
  } finally {
    if (saved === undefined) delete process.env.HOME;
    else process.env.HOME = saved;
  }
}

/** A written fact read by readMycnf as `flavor`'s programs read it: the node environment in its working directory, with its HOME. */
export const readFact = (w: WrittenFact, flavor: MycnfFlavor = 'mariadb'): MycnfRead =>
  withHome(w.home, () => readMycnf(pathToUri(w.main), fs.readFileSync(w.main, 'utf8'), createNodeEnvironment({ cwd: w.cwd }), flavor));

/** What my_print_defaults would print for `groups` from a reading: whether it stops, stdout, stderr (`@DIR@` for the directory). */
export const printedBy = (read: MycnfRead, w: WrittenFact, groups: readonly string[]) => ({
  fatal: read.fatal !== undefined,
  stdout: mycnfGroupArgs(read, groups)
    .map((e) => `${e.arg}\n`)
    .join(''),
  stderr: mycnfMessages(read).map((m) => m.message.replaceAll(w.dir, '@DIR@')),
});

/** What a fact records, as printedBy shows it: stderr without the program's name and its closing `aborted` line. */
export const recordedIn = (fact: MyPrintDefaultsFact, aborted: string) => ({
  fatal: fact.status !== 0,
  stdout: fact.stdout,
  stderr: (fact.stderr ?? []).filter((l) => l !== aborted).map(withoutProgramName),
});
