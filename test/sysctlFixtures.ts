/**
 * Shared helpers for the sysctl service tests (test/fixtures.ts is for ssh_config).
 *
 *   sysctlDoc(text)                    -> a TextDocument of language sysctl at /etc/sysctl.d/60-keepalive.conf
 *   setEnv({ uri: text, ... })         -> an Environment whose sysctlSet hands in the other files of the set
 *   sysctlService(files?, overrides?)  -> a language service with TEST_SETTINGS (path idle timeout 300 s)
 *   rangeOf(text, line, needle, nth?)  -> the range of the nth `needle` on a line of text
 *
 * fixture, range, lines, applyEdits and rangeInside come from test/fixtures.ts and work the same here.
 */
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range } from 'vscode-languageserver-types';
import { createLanguageService, type Environment, type LanguageService, type Settings } from '../server/src/service';
import { TEST_SETTINGS } from './fixtures';

export { README } from './fixtures';

export const SYSCTL_URI = 'file:///etc/sysctl.d/60-keepalive.conf';

let version = 0;

/** A TextDocument of language sysctl; every call gets a new version so caches never mix. */
export function sysctlDoc(text: string, uri = SYSCTL_URI): TextDocument {
  return TextDocument.create(uri, 'sysctl', ++version, text);
}

/**
 * An environment holding a sysctl file set in memory: sysctlSet(uri) returns every other file
 * of the map (the service works out the load order and masking itself).
 */
export function setEnv(files: Record<string, string>): Environment {
  return {
    sysctlSet: (uri) =>
      Object.entries(files)
        .filter(([u]) => u !== uri)
        .map(([u, text]) => ({ uri: u, text })),
  };
}

/** A fresh service with TEST_SETTINGS (optionally overridden) over an in-memory set. */
export function sysctlService(files: Record<string, string> = {}, overrides: Partial<Settings> = {}): LanguageService {
  return createLanguageService(setEnv(files), { ...TEST_SETTINGS, ...overrides });
}

/** The range of the nth occurrence of `needle` on line `line` of `text`. */
export function rangeOf(text: string, line: number, needle: string, nth = 0): Range {
  const l = text.split(/\r\n|\r|\n/)[line];
  assert.ok(l !== undefined, `line ${line} exists`);
  let from = -1;
  for (let i = 0; i <= nth; i++) {
    from = l.indexOf(needle, from + 1);
    assert.ok(from >= 0, `"${needle}" occurs ${nth + 1} times on line ${line}: ${JSON.stringify(l)}`);
  }
  return { start: { line, character: from }, end: { line, character: from + needle.length } };
}

/** Drops properties whose value is undefined, so optional fields compare as absent. */
export function plain<T>(x: T): T {
  return JSON.parse(JSON.stringify(x)) as T;
}
