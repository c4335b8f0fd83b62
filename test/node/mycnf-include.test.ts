/**
 * The node side's `!include` / `!includedir` (readMycnfInclude, server/src/node/environment.ts): facts only, no words
 * (the analysis words them for each family: test/service/mysql-reader.test.ts, mycnf-analysis-structure.test.ts).
 *
 *   node --import tsx --test test/node/mycnf-include.test.ts
 */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { pathToUri, readMycnfInclude } from '../../server/src/node/environment';
import { tempTree } from '../fixtures';

const roots: string[] = [];
after(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});
const tree = (files: Record<string, string>, modes: Record<string, number> = {}, dirs: readonly string[] = []) => {
  const root = tempTree(files, modes, dirs);
  roots.push(root);
  return root;
};

const ENOENT = { errno: 2, text: 'No such file or directory' };

describe('readMycnfInclude: what an !include or !includedir reads, as facts', () => {
  const root = tree(
    { 'a.cnf': '[client]\na=1\n', 'ww.cnf': '[client]\nw=1\n', 'd/2.cnf': '2', 'd/1.cnf': '1', 'd/ww.cnf': 'w', 'd/note.txt': 'n' },
    { 'ww.cnf': 0o666, 'd/ww.cnf': 0o666 },
    ['conf.d', 'd/sub.cnf'],
  );
  const file = (name: string, text: string, shown?: string) => ({ uri: pathToUri(join(root, name)), text, ...(shown ? { name: shown } : {}) });

  test('!include: the file; a missing, world-writable or directory target; a relative path with and without a working directory', () => {
    assert.deepStrictEqual(
      [
        readMycnfInclude('include', `${root}/a.cnf`),
        readMycnfInclude('include', `${root}//a.cnf`),
        readMycnfInclude('include', `${root}/missing.cnf`),
        readMycnfInclude('include', `${root}/ww.cnf`),
        readMycnfInclude('include', `${root}/conf.d`),
        readMycnfInclude('include', 'a.cnf'),
        readMycnfInclude('include', './a.cnf', { cwd: root }),
        readMycnfInclude('include', './missing.cnf', { cwd: root }),
      ],
      [
        { files: [file('a.cnf', '[client]\na=1\n')] },
        // The programs name it cleaned up (fn_format), and it is read from the path as written.
        { files: [{ uri: pathToUri(`${root}//a.cnf`), text: '[client]\na=1\n', name: `${root}/a.cnf` }] },
        { files: [], skipped: { name: `${root}/missing.cnf`, failed: { step: 'stat', error: ENOENT } } },
        { files: [], skipped: { name: `${root}/ww.cnf`, worldWritable: true } },
        { files: [], directory: true },
        { files: [], relative: true },
        { files: [file('a.cnf', '[client]\na=1\n', './a.cnf')] },
        { files: [], skipped: { name: './missing.cnf', failed: { step: 'stat', error: ENOENT } } },
      ],
    );
  });

  test('!includedir: its *.cnf files in byte order, the world-writable one skipped in its place, a directory passed by; a missing directory', () => {
    const [one, two] = [file('d/1.cnf', '1'), file('d/2.cnf', '2')];
    assert.deepStrictEqual(readMycnfInclude('includedir', `${root}/d`), {
      files: [one, two],
      order: [one, two, { name: `${root}/d/ww.cnf`, worldWritable: true }],
    });
    assert.deepStrictEqual(readMycnfInclude('includedir', `${root}/nodir`), { files: [], dirError: ENOENT });
    // `!includedir` does not expand `~/`: a relative path like any other.
    assert.deepStrictEqual(readMycnfInclude('includedir', '~/'), { files: [], relative: true });
  });

  test('an empty directory: nothing read, nothing skipped', () => {
    const empty = join(root, 'empty');
    mkdirSync(empty);
    assert.deepStrictEqual(readMycnfInclude('includedir', empty), { files: [], order: [] });
  });
});
