/**
 * The systemd-sysctl load order: which files are read, in which order, and which are masked.
 *
 *   node --import tsx --test test/service/sysctl-load-order.test.ts
 *
 * sysctl.d(5): /etc/sysctl.d, /run/sysctl.d, /usr/local/lib/sysctl.d and /usr/lib/sysctl.d (and
 * /lib/sysctl.d where it exists) are merged; a file name in an earlier directory masks the same name
 * in a later one; the remaining files are read sorted by file name (strcmp), whatever their
 * directory. /etc/sysctl.conf is what distributions link as /etc/sysctl.d/99-sysctl.conf.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadOrder, placeFile } from '../../server/src/service/analysis/sysctl/loadOrder';

const ETC = 'file:///etc/sysctl.d/';
const RUN = 'file:///run/sysctl.d/';
const LOCAL = 'file:///usr/local/lib/sysctl.d/';
const USR = 'file:///usr/lib/sysctl.d/';
const LIB = 'file:///lib/sysctl.d/';

/** The uris read, in order. */
const readOrder = (uris: string[]) => loadOrder(uris).files.map((f) => f.uri);
/** [masked uri, masking uri] pairs. */
const maskedBy = (uris: string[]) => loadOrder(uris).masked.map((m) => [m.file.uri, m.by.uri]);

describe('placeFile', () => {
  test('the rank of each directory and the root it hangs from', () => {
    assert.deepStrictEqual(placeFile(`${ETC}60-keepalive.conf`), { uri: `${ETC}60-keepalive.conf`, name: '60-keepalive.conf', rank: 0, root: 'file:///' });
    assert.deepStrictEqual(placeFile(`${RUN}60-keepalive.conf`), { uri: `${RUN}60-keepalive.conf`, name: '60-keepalive.conf', rank: 1, root: 'file:///' });
    assert.deepStrictEqual(placeFile(`${LOCAL}60-keepalive.conf`), { uri: `${LOCAL}60-keepalive.conf`, name: '60-keepalive.conf', rank: 2, root: 'file:///' });
    assert.deepStrictEqual(placeFile(`${USR}50-default.conf`), { uri: `${USR}50-default.conf`, name: '50-default.conf', rank: 3, root: 'file:///' });
    assert.deepStrictEqual(placeFile(`${LIB}50-default.conf`), { uri: `${LIB}50-default.conf`, name: '50-default.conf', rank: 4, root: 'file:///' });
  });

  test('/etc/sysctl.conf takes the place of 99-sysctl.conf in /etc/sysctl.d', () => {
    assert.deepStrictEqual(placeFile('file:///etc/sysctl.conf'), { uri: 'file:///etc/sysctl.conf', name: '99-sysctl.conf', rank: 0, root: 'file:///' });
  });

  test('a test tree: the root is the directory above etc/, usr/, run/', () => {
    assert.deepStrictEqual(placeFile('file:///tmp/t/usr/lib/sysctl.d/10-a.conf'), {
      uri: 'file:///tmp/t/usr/lib/sysctl.d/10-a.conf',
      name: '10-a.conf',
      rank: 3,
      root: 'file:///tmp/t/',
    });
    assert.deepStrictEqual(placeFile('file:///tmp/t/etc/sysctl.conf'), {
      uri: 'file:///tmp/t/etc/sysctl.conf',
      name: '99-sysctl.conf',
      rank: 0,
      root: 'file:///tmp/t/',
    });
  });

  test('a file outside the known directories ranks like /etc/sysctl.d, its own directory is its root', () => {
    assert.deepStrictEqual(placeFile('file:///home/u/work/tuning.conf'), {
      uri: 'file:///home/u/work/tuning.conf',
      name: 'tuning.conf',
      rank: 0,
      root: 'file:///home/u/work',
    });
    // sysctl.conf outside an etc directory keeps its name.
    assert.deepStrictEqual(placeFile('file:///home/u/sysctl.conf').name, 'sysctl.conf');
  });
});

describe('loadOrder', () => {
  test('sorted by file name across directories, not by directory', () => {
    const uris = [`${ETC}60-keepalive.conf`, `${USR}50-default.conf`, `${RUN}10-early.conf`, `${LOCAL}55-local.conf`, `${USR}99-last.conf`];
    assert.deepStrictEqual(readOrder(uris), [
      `${RUN}10-early.conf`,
      `${USR}50-default.conf`,
      `${LOCAL}55-local.conf`,
      `${ETC}60-keepalive.conf`,
      `${USR}99-last.conf`,
    ]);
    assert.deepStrictEqual(maskedBy(uris), []);
  });

  test('byte order, not numeric or locale order: 100- sorts before 20-, upper case before lower case', () => {
    const uris = [`${ETC}20-b.conf`, `${ETC}100-a.conf`, `${ETC}b.conf`, `${ETC}B.conf`];
    assert.deepStrictEqual(readOrder(uris), [`${ETC}100-a.conf`, `${ETC}20-b.conf`, `${ETC}B.conf`, `${ETC}b.conf`]);
  });

  test('masking: /etc over /run over /usr/local/lib over /usr/lib over /lib', () => {
    const same = (dir: string) => `${dir}50-x.conf`;
    const uris = [same(LIB), same(USR), same(LOCAL), same(RUN), same(ETC)];
    assert.deepStrictEqual(readOrder(uris), [same(ETC)]);
    assert.deepStrictEqual(maskedBy(uris), [
      [same(RUN), same(ETC)],
      [same(LOCAL), same(ETC)],
      [same(USR), same(ETC)],
      [same(LIB), same(ETC)],
    ]);
    // Without /etc, /run wins; without /run, /usr/local/lib; and so on.
    assert.deepStrictEqual(maskedBy([same(USR), same(RUN)]), [[same(USR), same(RUN)]]);
    assert.deepStrictEqual(maskedBy([same(USR), same(LOCAL)]), [[same(USR), same(LOCAL)]]);
    assert.deepStrictEqual(maskedBy([same(LIB), same(USR)]), [[same(LIB), same(USR)]]);
  });

  test('the masking file keeps its place by name among the others', () => {
    const uris = [`${USR}50-default.conf`, `${ETC}50-default.conf`, `${USR}10-a.conf`, `${USR}90-z.conf`];
    assert.deepStrictEqual(readOrder(uris), [`${USR}10-a.conf`, `${ETC}50-default.conf`, `${USR}90-z.conf`]);
    assert.deepStrictEqual(maskedBy(uris), [[`${USR}50-default.conf`, `${ETC}50-default.conf`]]);
  });

  test('/etc/sysctl.conf is read as 99-sysctl.conf: after 60-, before 999-; it masks a vendor 99-sysctl.conf', () => {
    const uris = ['file:///etc/sysctl.conf', `${ETC}60-keepalive.conf`, `${USR}999-last.conf`, `${USR}99-sysctl.conf`];
    assert.deepStrictEqual(readOrder(uris), [`${ETC}60-keepalive.conf`, 'file:///etc/sysctl.conf', `${USR}999-last.conf`]);
    assert.deepStrictEqual(maskedBy(uris), [[`${USR}99-sysctl.conf`, 'file:///etc/sysctl.conf']]);
  });

  test('different roots never mask each other', () => {
    const uris = ['file:///a/etc/sysctl.d/50-x.conf', 'file:///b/usr/lib/sysctl.d/50-x.conf'];
    assert.deepStrictEqual(readOrder(uris), ['file:///a/etc/sysctl.d/50-x.conf', 'file:///b/usr/lib/sysctl.d/50-x.conf']);
    assert.deepStrictEqual(maskedBy(uris), []);
  });

  test('files outside the known directories: sorted by name with the rest, masked only by a file of the same directory', () => {
    const uris = ['file:///home/u/b/50-x.conf', 'file:///home/u/a/50-x.conf', `${ETC}40-y.conf`];
    assert.deepStrictEqual(readOrder(uris), [`${ETC}40-y.conf`, 'file:///home/u/a/50-x.conf', 'file:///home/u/b/50-x.conf']);
    assert.deepStrictEqual(maskedBy(uris), []);
  });

  test('the same uri twice counts once; no files, no order', () => {
    assert.deepStrictEqual(readOrder([`${ETC}a.conf`, `${ETC}a.conf`]), [`${ETC}a.conf`]);
    assert.deepStrictEqual(loadOrder([]), { files: [], masked: [] });
  });
});
