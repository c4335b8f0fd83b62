/**
 * Option-file diagnostics about values: suffixes, signs, clamping, the kernel's keepalive limits, wait_timeout against
 * the pool idle time, glued comments and unclosed quotes (helpers and conventions: test/service/mycnfAnalysisHelpers.ts).
 *
 *   node --import tsx --test test/service/mycnf-analysis-values.test.ts
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { lines, range } from '../fixtures';
import { MYCNF_URI } from '../mycnfFixtures';
import { check, everyCodeProduced, f, POOL, ROOT } from './mycnfAnalysisHelpers';

describe('values', () => {
  test('a suffix the programs do not know', () => {
    check(lines('[mysqld]', 'wait_timeout=28800s', ''), [
      f(
        'mycnf/invalid-number',
        range(1, 13, 19),
        "mariadbd refuses to start: `Unknown suffix 's' used for variable 'wait_timeout' (value '28800s'). Legal suffix characters are: K, M, G, T, P, E / mariadbd: Error while setting value '28800s' to 'wait_timeout'`.",
        ['* Write 28800'],
      ),
    ]);
  });

  test('a negative value for an unsigned variable', () => {
    check(lines('[mysqld]', 'wait_timeout=-5', ''), [
      f(
        'mycnf/invalid-number',
        range(1, 13, 15),
        "mariadbd refuses to start: `Incorrect unsigned value: '-5' for wait_timeout / mariadbd: Error while setting value '-5' to 'wait_timeout'`.",
      ),
    ]);
  });

  test('out of range: clamped with a warning, on the server and on the client', () => {
    check(lines('[mysqld]', 'wait_timeout=99999999', '[mysql]', 'connect_timeout=50000', ''), [
      f('mycnf/out-of-range', range(1, 13, 21), 'mariadbd clamps the value: "option \'wait_timeout\': unsigned value 99999999 adjusted to 31536000".', [
        '* Write 31536000',
      ]),
      f('mycnf/out-of-range', range(3, 16, 21), 'mariadb clamps the value: "option \'connect_timeout\': unsigned value 50000 adjusted to 43200".', [
        '* Write 43200',
      ]),
    ]);
  });

  test('wait_timeout 0 is clamped to 1 s, which is then shorter than the pool keeps connections', () => {
    check(lines('[mysqld]', 'wait_timeout=0', ''), [
      f('mycnf/out-of-range', range(1, 13, 14), 'mariadbd clamps the value: "option \'wait_timeout\': unsigned value 0 adjusted to 1".', ['* Write 1']),
      f('mycnf/short-wait-timeout', range(1, 13, 14), POOL('1 s')),
    ]);
  });

  test('keepalive values the kernel refuses per socket', () => {
    check(lines('[mysqld]', 'tcp_keepalive_time=40000', 'tcp_keepalive_interval=30', 'tcp_keepalive_probes=200', ''), [
      f(
        'mycnf/keepalive-over-kernel-limit',
        range(1, 19, 24),
        "The kernel refuses more than 32767 s per socket: the server's setsockopt fails silently and the kernel's value stays in force.",
        ['* Write 32767'],
      ),
      f(
        'mycnf/keepalive-over-kernel-limit',
        range(3, 21, 24),
        "The kernel refuses more than 127 probes per socket: the server's setsockopt fails silently and the kernel's value stays in force.",
        ['* Write 127'],
      ),
    ]);
  });

  test('wait_timeout and interactive_timeout shorter than the pool idle time; only the line that wins', () => {
    check(lines('[mysqld]', 'interactive_timeout=600', 'wait_timeout=600', 'wait_timeout=7200', ''), [
      f('mycnf/short-wait-timeout', range(1, 20, 23), POOL('10 min', 'interactive_timeout')),
      f('mycnf/overridden', range(2, 0, 16), 'Overridden: line 4 sets wait_timeout again, later, for mariadbd.', ['Delete the line'], {
        unnecessary: true,
        related: [[MYCNF_URI, range(3, 0, 12), 'the line that wins']],
      }),
    ]);
  });

  test('the pool idle time comes from the settings', () => {
    const text = lines('[mysqld]', 'wait_timeout = 600', '');
    check(text, [f('mycnf/short-wait-timeout', range(1, 15, 18), POOL('10 min'))]);
    check(text, [], { settings: { mysqlPoolIdleTime: 300 } });
  });

  test('a # glued to a value starts a comment', () => {
    check(lines('[client]', 'password=abc#123', ''), [
      f(
        'mycnf/glued-comment',
        range(1, 9, 16),
        '`#` starts a comment even without a space: the program gets `abc`, not `abc#123`. Quote the value to keep the `#`.',
        ['Quote the value: "abc#123"', 'Move the comment onto its own line above'],
      ),
    ]);
  });

  test('a quote that is not closed stays part of the value', () => {
    check(lines('[client]', 'password="abc', ''), [
      f('mycnf/unbalanced-quote', range(1, 9, 13), 'The value starts with " but does not end with it: the quotes stay, and the program gets `"abc`.', [
        '* Close the quote',
      ]),
    ]);
  });

  test('the example server file is clean', () => {
    check(fs.readFileSync(path.join(ROOT, 'examples/server.my.cnf'), 'utf8'), []);
  });
});

everyCodeProduced('mycnf-analysis-values');
