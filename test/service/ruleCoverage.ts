/**
 * "Every code of the rules table is produced by some test", for a dialect whose diagnostics tests are split over
 * several files. node --test runs each file in a process of its own, so no file sees what the others produce:
 * instead a table gives every code to the file that must produce it, and each file checks its share. The table has
 * to name every code of the rules (its type, Record<Code, file>, and the first assertion below), so a code that no
 * test produces makes the file it is given to fail.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';

/** Registers the check for `file` (call it last in the file, after every test that feeds `seen`). */
export function codesCheck<Code extends string, File extends string>(
  title: string,
  rules: Readonly<Record<Code, unknown>>,
  owners: Readonly<Record<Code, File>>,
  file: File,
  seen: ReadonlySet<string>,
): void {
  test(title, () => {
    assert.deepStrictEqual(Object.keys(owners).sort(), Object.keys(rules).sort(), 'every code of the rules is given to a test file');
    assert.deepStrictEqual(
      [...seen].filter((c) => !Object.hasOwn(rules, c)),
      [],
      'no code outside the rules',
    );
    const mine = (Object.keys(owners) as Code[]).filter((c) => owners[c] === file);
    assert.deepStrictEqual(mine.filter((c) => !seen.has(c)).sort(), [], `every code given to ${file} is produced by one of its tests`);
  });
}
