/**
 * The node side's search for the workspace's server configs (server/src/node/environment.ts): which files it finds,
 * and that the search is kept until the server says the disk changed (forget), while the files' text is read anew.
 *
 *   node --import tsx --test test/node/environment.test.ts
 */
import assert from 'node:assert/strict';
import { rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { createNodeEnvironment, findServerConfigs, pathToUri } from '../../server/src/node/environment';
import { tempTree } from '../fixtures';

const roots: string[] = [];
after(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

/** A fresh directory with these files (paths relative to it), removed after the tests. */
function tree(files: Record<string, string>): string {
  const root = tempTree(files);
  roots.push(root);
  return root;
}

describe('findServerConfigs', () => {
  test('the sshd_config language’s names, sorted; not in node_modules, .git or dist, nor through a symbolic link', () => {
    const root = tree({
      'b/sshd_config': '',
      'a.sshd_config': '',
      'etc/ssh/sshd_config.d/10-keepalive.conf': '',
      'etc/ssh/sshd_config.d/notes.txt': '',
      'etc/ssh/ssh_config': '',
      'node_modules/pkg/sshd_config': '',
      '.git/sshd_config': '',
      'dist/sshd_config': '',
    });
    const elsewhere = tree({ sshd_config: '' });
    symlinkSync(elsewhere, join(root, 'link'));
    assert.deepStrictEqual(
      findServerConfigs([root]).map((p) => p.slice(root.length)),
      ['/a.sshd_config', '/b/sshd_config', '/etc/ssh/sshd_config.d/10-keepalive.conf'],
    );
  });

  test('nested workspace folders: each file once', () => {
    const root = tree({ sshd_config: '', 'sub/sshd_config': '' });
    assert.deepStrictEqual(
      findServerConfigs([join(root, 'sub'), root]).map((p) => p.slice(root.length)),
      ['/sshd_config', '/sub/sshd_config'],
    );
  });

  test('at most maxDepth levels below a folder, and maxDirectories directories in all', () => {
    const root = tree({ sshd_config: '', '1/sshd_config': '', '1/2/sshd_config': '', '1/2/3/sshd_config': '' });
    const found = (depth: number, dirs: number) => findServerConfigs([root], depth, dirs).map((p) => p.slice(root.length));
    assert.deepStrictEqual(found(6, 300), ['/1/2/3/sshd_config', '/1/2/sshd_config', '/1/sshd_config', '/sshd_config']);
    assert.deepStrictEqual(found(1, 300), ['/1/sshd_config', '/sshd_config']);
    assert.deepStrictEqual(found(6, 2), ['/1/sshd_config', '/sshd_config']);
    assert.deepStrictEqual(findServerConfigs([join(root, 'missing')]), []);
  });
});

describe('serverConfigs', () => {
  test('the search is kept until forget(); the text is read each time, an open document’s first', () => {
    const root = tree({ 'one/sshd_config': 'ClientAliveInterval 60\n' });
    const one = pathToUri(join(root, 'one/sshd_config'));
    const two = pathToUri(join(root, 'two.sshd_config'));
    let open: Record<string, string> = {};
    const env = createNodeEnvironment({ workspaceFolders: () => [pathToUri(root)], openText: (u) => open[u] });
    assert.deepStrictEqual(env.serverConfigs?.(), [{ uri: one, text: 'ClientAliveInterval 60\n' }]);
    // A new file on disk is not looked for (the server calls forget() on a watched-file change) ...
    writeFileSync(join(root, 'two.sshd_config'), 'ClientAliveInterval 5\n');
    // ... while a changed text, on disk or open in the editor, counts at once.
    writeFileSync(join(root, 'one/sshd_config'), 'ClientAliveInterval 30\n');
    assert.deepStrictEqual(env.serverConfigs?.(), [{ uri: one, text: 'ClientAliveInterval 30\n' }]);
    open = { [one]: 'ClientAliveInterval 15\n' };
    assert.deepStrictEqual(env.serverConfigs?.(), [{ uri: one, text: 'ClientAliveInterval 15\n' }]);
    env.forget();
    assert.deepStrictEqual(env.serverConfigs?.(), [
      { uri: one, text: 'ClientAliveInterval 15\n' },
      { uri: two, text: 'ClientAliveInterval 5\n' },
    ]);
    // A file gone since it was found is left out.
    rmSync(join(root, 'two.sshd_config'));
    assert.deepStrictEqual(env.serverConfigs?.(), [{ uri: one, text: 'ClientAliveInterval 15\n' }]);
  });

  test('the CLI’s files instead of a search; no folders, no files', () => {
    const root = tree({ 'x.sshd_config': 'Port 22\n', 'y/sshd_config': 'Port 2222\n' });
    const env = createNodeEnvironment({ serverConfigFiles: () => [join(root, 'x.sshd_config')], workspaceFolders: () => [pathToUri(root)] });
    assert.deepStrictEqual(env.serverConfigs?.(), [{ uri: pathToUri(join(root, 'x.sshd_config')), text: 'Port 22\n' }]);
    assert.deepStrictEqual(createNodeEnvironment().serverConfigs?.(), []);
  });
});
