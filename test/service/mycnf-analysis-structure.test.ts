/**
 * Option-file diagnostics about the file's structure: options before any group, the byte order mark, group headers,
 * directives, and !include / !includedir followed in a temporary directory with the node environment (helpers and
 * conventions: test/service/mycnfAnalysisHelpers.ts).
 *
 *   node --import tsx --test test/service/mycnf-analysis-structure.test.ts
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { after, describe, test } from 'node:test';
import { createNodeEnvironment } from '../../server/src/node/environment';
import { lines, range } from '../fixtures';
import { fileUri, fixAll, tempTree } from '../mycnfFixtures';
import { check, everyCodeProduced, f, findings, POOL } from './mycnfAnalysisHelpers';

describe('the file as a whole', () => {
  test('an option before the first group: a server variable suggests [mysqld]', () => {
    check(lines('wait_timeout=3600', '[mysqld]', ''), [
      f(
        'mycnf/option-before-group',
        range(0, 0, 17),
        'An option before the first [group] of the file: every program stops ("Found option without preceding group in config file ... at line: 1").',
        ['* Insert [mysqld] above', 'Insert [client] above'],
      ),
    ]);
  });

  test('an option before the first group: reported once, a client option suggests [client]', () => {
    check(lines('# connection', 'user=bob', 'port=3306', '[client]', ''), [
      f(
        'mycnf/option-before-group',
        range(1, 0, 8),
        'An option before the first [group] of the file: every program stops ("Found option without preceding group in config file ... at line: 2").',
        ['* Insert [client] above', 'Insert [mysqld] above'],
      ),
    ]);
  });

  test('a byte order mark before the first group', () => {
    assert.deepStrictEqual(findings(lines('\uFEFF[mysqld]', 'wait_timeout=3600', ''))[0], {
      code: 'mycnf/bom',
      severity: 'error',
      range: range(0, 0, 9),
      message:
        'The file starts with a byte order mark: the programs read it as an option before any group and stop ("Found option without preceding group in config file").',
      fixes: ['* Remove the byte order mark'],
    });
  });

  test('a byte order mark before the first group: one error, at line 1, as my_print_defaults says', () => {
    assert.deepStrictEqual(
      findings(lines('\uFEFF[mysqld]', 'wait_timeout=3600', '')).map((x) => x.code),
      ['mycnf/bom'],
    );
  });

  test('a [ without ]', () => {
    assert.deepStrictEqual(findings(lines('[mysqld', 'wait_timeout=3600', ''))[0], {
      code: 'mycnf/unclosed-group',
      severity: 'error',
      range: range(0, 0, 7),
      message: 'A `[` without `]`: every program stops ("Wrong group definition in config file ... at line 1").',
      fixes: ['* Close the bracket: [mysqld]'],
    });
  });

  test('a [ without ]: one error; the lines after it are not "before any group"', () => {
    assert.deepStrictEqual(
      findings(lines('[mysqld', 'wait_timeout=3600', '')).map((x) => x.code),
      ['mycnf/unclosed-group'],
    );
  });

  test('text after ]', () => {
    check(lines('[mysqld] extra # c', 'wait_timeout=3600', ''), [
      f('mycnf/group-trailing-text', range(0, 9, 14), '`extra` after the group header is ignored without a word.', ['* Turn it into a comment']),
    ]);
  });

  test('a space after [ is part of the name', () => {
    check(lines('[ mysqld]', 'wait_timeout=3600', ''), [
      f(
        'mycnf/group-space',
        range(0, 1, 8),
        'The space is part of the group name: no program reads `[ mysqld]`, so its options are unused. [mysqld] is read by mariadbd and mysqld.',
        ['* Change to [mysqld]'],
      ),
    ]);
  });

  test('a group no program reads, close to one they do', () => {
    check(lines('[mysqd]', 'wait_timeout=3600', '[cleint]', 'user=x', ''), [
      // Equally close to [mysql] and [mysqld]: the group whose programs take wait_timeout comes first.
      f('mycnf/unknown-group', range(0, 1, 6), 'No program reads [mysqd]: its options are silently unused. Did you mean [mysqld]?', [
        '* Change to [mysqld]',
        'Change to [mysql]',
      ]),
      f('mycnf/unknown-group', range(2, 1, 7), 'No program reads [cleint]: its options are silently unused. Did you mean [client]?', ['* Change to [client]']),
    ]);
  });

  test('[mysqd] holding a server variable: the preferred fix is [mysqld]', () => {
    const { text } = fixAll(lines('[mysqd]', 'wait_timeout=3600', ''));
    assert.equal(text, lines('[mysqld]', 'wait_timeout=3600', ''));
  });

  test('groups of programs Keepalive Lens does not model, and names far from any: nothing', () => {
    check(lines('[mysqld_safe]', 'log-error=/var/log/mysql/error.log', 'nice=0', '[myapp]', 'foo=1', '[mysqld_multi]', 'mysqld=/usr/bin/mysqld_safe', ''), []);
  });

  test('!include and !includedir without a path', () => {
    check(lines('[mysqld]', '!include', '!includedir  ', ''), [
      f('mycnf/include-missing-path', range(1, 0, 8), '`!include` without a path: every program stops ("Wrong \'!include\' directive in config file").'),
      f('mycnf/include-missing-path', range(2, 0, 11), '`!includedir` without a path: every program stops ("Wrong \'!includedir\' directive in config file").'),
    ]);
  });

  test('! lines that are not directives', () => {
    const skipped =
      'The programs skip this line without a word: only `!include PATH` and `!includedir PATH` (lower case, a space before the path) are directives.';
    check(lines('[mysqld]', '!Include /tmp/x.cnf', '!includex /tmp', '!INCLUDEDIR /etc', ''), [
      f('mycnf/ignored-directive', range(1, 0, 19), skipped, ['* Write !include']),
      f('mycnf/ignored-directive', range(2, 0, 14), skipped),
      f('mycnf/ignored-directive', range(3, 0, 16), skipped, ['* Write !includedir']),
    ]);
  });

  test('!include on the last line without a line break (no environment: nothing is read)', () => {
    check(lines('[mysqld]', '!include /etc/mysql/extra.cnf'), [
      f(
        'mycnf/include-last-line',
        range(1, 9, 29),
        "The file ends without a line break after this line, so the programs drop the path's last character and read `/etc/mysql/extra.cn`, not `/etc/mysql/extra.cnf`.",
        ['* End the file with a line break'],
      ),
    ]);
  });
});

describe('includes, read from a temporary directory with the node environment', () => {
  const roots: string[] = [];
  after(() => {
    for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
  });
  const tree = (files: Record<string, string>, modes: Record<string, number> = {}, dirs: string[] = []) => {
    const root = tempTree(files, modes, dirs);
    roots.push(root);
    return root;
  };
  const env = (cwd?: string) => createNodeEnvironment(cwd === undefined ? {} : { cwd });

  test('a missing file is skipped without a word', () => {
    const root = tree({});
    const text = lines('[mysqld]', `!include ${root}/missing.cnf`, '');
    check(
      text,
      [f('mycnf/include-not-read', range(1, 9, 9 + root.length + 12), `${root}/missing.cnf does not exist: the programs skip the line without a word.`)],
      {
        env: env(),
        uri: fileUri(`${root}/my.cnf`),
      },
    );
  });

  test('a world-writable file is ignored with a warning', () => {
    const root = tree({ 'ww.cnf': lines('[mysqld]', 'wait_timeout=3600', '') }, { 'ww.cnf': 0o666 });
    check(
      lines('[mysqld]', `!include ${root}/ww.cnf`, ''),
      [f('mycnf/include-not-read', range(1, 9, 9 + root.length + 7), `Warning: World-writable config file '${root}/ww.cnf' is ignored`)],
      { env: env(), uri: fileUri(`${root}/my.cnf`) },
    );
  });

  test('a directory given to !include', () => {
    const root = tree({}, {}, ['conf.d']);
    check(
      lines('[mysqld]', `!include ${root}/conf.d`, ''),
      [
        f(
          'mycnf/include-not-read',
          range(1, 9, 9 + root.length + 7),
          `${root}/conf.d is a directory: \`!include\` reads nothing from it (\`!includedir\` reads its *.cnf files).`,
        ),
      ],
      { env: env(), uri: fileUri(`${root}/my.cnf`) },
    );
  });

  test('a relative path: not followed without a working directory; with one, read and counted', () => {
    const root = tree({ 'extra.cnf': lines('[mysqld]', 'wait_timeout=3600', '') });
    const text = lines('[mysqld]', 'wait_timeout=7200', '!include extra.cnf', '');
    const uri = fileUri(`${root}/my.cnf`);
    check(
      text,
      [
        f(
          'mycnf/include-not-read',
          range(2, 9, 18),
          "extra.cnf is a relative path: the programs resolve it against their working directory, not this file's directory, so it is not followed here.",
        ),
      ],
      { env: env(), uri },
    );
    check(
      text,
      [
        f('mycnf/overridden', range(1, 0, 17), 'Overridden: extra.cnf line 2 sets wait_timeout again, later, for mariadbd.', ['Delete the line'], {
          unnecessary: true,
          related: [[fileUri(`${root}/extra.cnf`), range(1, 0, 12), 'the line that wins']],
        }),
      ],
      { env: env(root), uri },
    );
  });

  test('!includedir of a missing directory stops every program', () => {
    const root = tree({});
    check(
      lines('[mysqld]', 'wait_timeout=3600', `!includedir ${root}/nodir`, ''),
      [
        f(
          'mycnf/includedir-unreadable',
          range(2, 12, 12 + root.length + 6),
          `Every program stops: \`Can't read dir of '${root}/nodir' (Errcode: 2 "No such file or directory")\`.`,
        ),
      ],
      { env: env(), uri: fileUri(`${root}/my.cnf`) },
    );
  });

  test('a file that includes itself: the directive at depth 10 is skipped with a warning', () => {
    const root = tree({});
    const text = lines('[mysqld]', `!include ${root}/self.cnf`, '');
    fs.writeFileSync(`${root}/self.cnf`, text);
    const warning = `Warning: skipping '!include ${root}/self.cnf' directive as maximum includerecursion level was reached in file ${root}/self.cnf at line 2`;
    check(text, [f('mycnf/include-depth', range(1, 0, 18 + root.length), `\`${warning}\`: a file includes itself, or the includes nest deeper than 10.`)], {
      env: env(),
      uri: fileUri(`${root}/self.cnf`),
    });
  });

  test('an included file that includes itself: reported on the !include line of this file', () => {
    const root = tree({});
    fs.writeFileSync(`${root}/loop.cnf`, lines('[mysqld]', `!include ${root}/loop.cnf`, ''));
    const warning = `Warning: skipping '!include ${root}/loop.cnf' directive as maximum includerecursion level was reached in file ${root}/loop.cnf at line 2`;
    check(
      lines('[client]', `!include ${root}/loop.cnf`, ''),
      [f('mycnf/include-depth', range(1, 0, 18 + root.length), `loop.cnf: \`${warning}\`: a file includes itself, or the includes nest deeper than 10.`)],
      { env: env(), uri: fileUri(`${root}/my.cnf`) },
    );
  });

  test('an included file with an option before any group: the error is on the !include line, and the programs go on', () => {
    // my_print_defaults prints the error, skips the rest of nogroup.cnf and goes on with this file (exit 0).
    const root = tree({ 'nogroup.cnf': lines('wait_timeout=3600', '[mysqld]', 'port=1', '') });
    const error = `error: Found option without preceding group in config file: ${root}/nogroup.cnf at line: 1`;
    const text = lines('[mysqld]', `!include ${root}/nogroup.cnf`, 'wait_timeout=600', '');
    const uri = fileUri(`${root}/my.cnf`);
    check(
      text,
      [
        f(
          'mycnf/included-file-error',
          range(1, 0, 21 + root.length),
          `The programs print \`${error}\` and stop reading nogroup.cnf there: the rest of that file is ignored (they go on with this one).`,
          [],
          { related: [[fileUri(`${root}/nogroup.cnf`), range(0, 0, 17), error]] },
        ),
        // The line after the !include is still read: mariadbd runs with wait_timeout 600.
        f('mycnf/short-wait-timeout', range(2, 13, 16), POOL('10 min')),
      ],
      { env: env(), uri },
    );
  });

  test('!include x.cnf on the last line without a line break: x.cn is read (and missing)', () => {
    const root = tree({ 'x.cnf': lines('[mysqld]', 'wait_timeout=3600', '') });
    check(
      lines('[mysqld]', `!include ${root}/x.cnf`),
      [
        f(
          'mycnf/include-last-line',
          range(1, 9, 9 + root.length + 6),
          `The file ends without a line break after this line, so the programs drop the path's last character and read \`${root}/x.cn\`, not \`${root}/x.cnf\`.`,
          ['* End the file with a line break'],
        ),
        f('mycnf/include-not-read', range(1, 9, 9 + root.length + 6), `${root}/x.cn does not exist: the programs skip the line without a word.`),
      ],
      { env: env(), uri: fileUri(`${root}/my.cnf`) },
    );
  });
});

everyCodeProduced('mycnf-analysis-structure');
