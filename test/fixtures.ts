/**
 * Shared helpers for the language service tests.
 *
 *   fixture('Host a\n  ServerAlive|Interval 30')  -> { text, position } (the `|` is removed)
 *   doc(text)                                      -> a TextDocument of language ssh_config
 *   service(overrides)                             -> a language service with TEST_SETTINGS
 *
 * Tests run against OpenSSH 9.2 (known), local user alice, unless they are about versions.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, Range, TextEdit } from 'vscode-languageserver-types';
import { createLanguageService, DEFAULT_SETTINGS, type Environment, type LanguageService, type Settings } from '../server/src/service';
import { type Span, splitLines } from '../server/src/service/syntax/text';

export const URI = 'file:///home/alice/.ssh/config';

/** Where a diagnostic's codeDescription.href points (the README section of its code), in every dialect. */
export const README = 'https://github.com/keepalive-lens/keepalive-lens/blob/main/README.md';

export const TEST_SETTINGS: Settings = {
  ...DEFAULT_SETTINGS,
  sshVersion: { major: 9, minor: 2 },
  sshVersionKnown: true,
  localUser: 'alice',
  // Option files: MariaDB's programs, as installed on the machines the oracles run on (MySQL's have their own tests).
  mysqlFlavor: 'mariadb',
  mysqlFlavorSource: 'setting',
};

/** Settings for a given OpenSSH release (known), the rest as TEST_SETTINGS. */
export function withVersion(major: number, minor: number, known = true): Settings {
  return { ...TEST_SETTINGS, sshVersion: { major, minor }, sshVersionKnown: known };
}

/** A fresh service with TEST_SETTINGS, optionally overridden, and an optional environment. */
export function service(overrides: Partial<Settings> = {}, env: Environment = {}): LanguageService {
  return createLanguageService(env, { ...TEST_SETTINGS, ...overrides });
}

/** An environment whose Include reads from an in-memory map of file name -> text (no globbing). */
export function filesEnv(files: Record<string, string>, problem?: string): Environment {
  return {
    resolveInclude(arg) {
      const name = arg.replace(/^.*\//, '');
      const hits = Object.keys(files)
        .filter((f) => f === name || (name.includes('*') && new RegExp(`^${name.replace(/[.]/g, '\\.').replace(/\*/g, '.*')}$`).test(f)))
        .sort();
      return { files: hits.map((f) => ({ uri: `file:///home/alice/.ssh/${f}`, text: files[f] })), problem };
    },
  };
}

let version = 0;

/** A TextDocument of language ssh_config; every call gets a new version so caches never mix. */
export function doc(text: string, uri = URI): TextDocument {
  return TextDocument.create(uri, 'ssh_config', ++version, text);
}

/** Removes the single `|` cursor marker and returns where it was. */
export function fixture(textWithBar: string): { text: string; position: Position } {
  const at = textWithBar.indexOf('|');
  assert.ok(at >= 0, 'fixture needs a | cursor marker');
  assert.equal(textWithBar.indexOf('|', at + 1), -1, 'fixture has one | cursor marker');
  const text = textWithBar.slice(0, at) + textWithBar.slice(at + 1);
  const before = text.slice(0, at).split(/\r\n|\r|\n/);
  return { text, position: { line: before.length - 1, character: before[before.length - 1].length } };
}

/** A one-line range. */
export function range(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: end } };
}

/** Lines joined with \n. */
export function lines(...ls: string[]): string {
  return ls.join('\n');
}

/** Applies the edits of one code action to a document and returns the new text. */
export function applyEdits(document: TextDocument, edits: readonly TextEdit[]): string {
  return TextDocument.applyEdits(document, [...edits]);
}

/** Fails unless the range lies inside the document (rangeInside). */
export function assertRangeInside(document: TextDocument, r: Range, what: string): void {
  assert.ok(rangeInside(document, r), `${what} ${JSON.stringify(r)} lies inside the document ${JSON.stringify(document.getText().slice(0, 200))}`);
}

/** Fails unless a token's span (if any) lies on its own line, inside the line's text. */
export function assertSpanInLine(s: Span | undefined, line: { readonly line: number; readonly text: string }, what: string): void {
  if (!s) return;
  assert.equal(s.line, line.line, `${what} is on its own line`);
  assert.ok(s.start >= 0 && s.start <= s.end && s.end <= line.text.length, `${what} ${JSON.stringify(s)} lies inside ${JSON.stringify(line.text)}`);
}

/**
 * Positions for the property tests: the document's first and last, and one per pick (a line, and a column on it);
 * `beyond`: also positions past the end of a line and of the document (which requests must survive).
 */
export function positionsFor(text: string, picks: readonly number[], beyond = false): Position[] {
  const ls = splitLines(text);
  const last = ls.length - 1;
  const out: Position[] = [{ line: 0, character: 0 }];
  out.push(
    ...(beyond
      ? [
          { line: ls.length, character: 0 },
          { line: last, character: ls[last].length + 5 },
        ]
      : [{ line: last, character: ls[last].length }]),
  );
  for (const n of picks) {
    const line = n % ls.length;
    out.push({ line, character: Math.floor(n / 7) % (ls[line].length + (beyond ? 2 : 1)) });
  }
  return out;
}

/** Whether a range lies inside a document (positions within existing lines, start <= end). */
export function rangeInside(document: TextDocument, r: Range): boolean {
  const ls = document.getText().split(/\r\n|\r|\n/);
  const ok = (p: Position) => p.line >= 0 && p.line < ls.length && p.character >= 0 && p.character <= ls[p.line].length;
  const ordered = r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character);
  return ok(r.start) && ok(r.end) && ordered;
}

/**
 * A fresh temporary directory (its real path, so uris are the ones a server resolves) holding `files` (paths relative
 * to it, directories made as needed), then the empty `dirs`, with `modes` applied. The caller removes it.
 */
export function tempTree(files: Record<string, string>, modes: Record<string, number> = {}, dirs: readonly string[] = []): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'keepalive-lens-test-')));
  for (const d of dirs) fs.mkdirSync(path.join(root, d), { recursive: true });
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  for (const [rel, mode] of Object.entries(modes)) fs.chmodSync(path.join(root, rel), mode);
  return root;
}

/** The file: uri of a path. */
export const fileUri = (p: string) => pathToFileURL(p).toString();
