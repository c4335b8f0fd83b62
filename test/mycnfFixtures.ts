/**
 * Shared helpers for the MySQL/MariaDB option-file tests (test/fixtures.ts is for ssh_config, test/sysctlFixtures.ts
 * for sysctl).
 *
 *   mycnfDoc(text, uri?)               -> a TextDocument of language mycnf at /etc/mysql/my.cnf
 *   mycnfService(overrides?, env?)     -> a language service with TEST_SETTINGS (pool idle time 1800 s, kernel defaults)
 *   applyAction(doc, action)           -> the text after one code action's edits (asserting they do not overlap)
 *   preferredFix(service, doc)         -> the preferred quick fix of the first finding that has one
 *   fixAll(text)                       -> the text after applying preferred fixes one after another, re-analysing each time
 *   tempTree({ rel: text }, modes?)    -> a fresh directory holding the files (for !include / !includedir)
 *   fileUri(path)                      -> the file:// URI of a path
 *
 * fixture, range, lines, rangeInside come from test/fixtures.ts; plain from test/sysctlFixtures.ts.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Position, TextEdit } from 'vscode-languageserver-types';
import { createLanguageService, type Environment, type LanguageService, type Settings } from '../server/src/service';
import { TEST_SETTINGS } from './fixtures';

export const MYCNF_URI = 'file:///etc/mysql/my.cnf';

/** The README anchor every diagnostic links to. */
export const README = 'https://github.com/keepalive-lens/keepalive-lens/blob/main/README.md';

let version = 0;

/** A TextDocument of language mycnf; every call gets a new version so caches never mix. */
export function mycnfDoc(text: string, uri = MYCNF_URI): TextDocument {
  return TextDocument.create(uri, 'mycnf', ++version, text);
}

/** A fresh service with TEST_SETTINGS (optionally overridden) and an optional environment (no includes by default). */
export function mycnfService(overrides: Partial<Settings> = {}, env: Environment = {}): LanguageService {
  return createLanguageService(env, { ...TEST_SETTINGS, ...overrides });
}

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

/** A fresh temporary directory with the given files (paths relative to it) and permission bits; returns its path. */
export function tempTree(files: Record<string, string>, modes: Record<string, number> = {}, dirs: readonly string[] = []): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'keepalive-lens-mycnf-')));
  for (const d of dirs) fs.mkdirSync(path.join(root, d), { recursive: true });
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  for (const [rel, mode] of Object.entries(modes)) fs.chmodSync(path.join(root, rel), mode);
  return root;
}

export const fileUri = (p: string) => pathToFileURL(p).toString();
