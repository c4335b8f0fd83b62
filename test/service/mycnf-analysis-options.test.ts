/**
 * Option-file diagnostics for lines MariaDB's programs refuse or warn about: the seed article's [client] timeouts,
 * server variables in client groups, typos, prefixes, disabled options, switches and missing values (helpers and
 * conventions: test/service/mycnfAnalysisHelpers.ts).
 *
 *   node --import tsx --test test/service/mycnf-analysis-options.test.ts
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { lines, range } from '../fixtures';
import { MYCNF_URI, mycnfDoc, mycnfService, README } from '../mycnfFixtures';
import { ARTICLE, CLIENTS, check, everyCodeProduced, f, findings, fixed, LOOSE, MOVE_CONNECT, NET_READ, NET_WRITE } from './mycnfAnalysisHelpers';

describe('the seed article: [client] connect_timeout, read_timeout, write_timeout', () => {
  test('connect_timeout is rejected by five programs; read_timeout and write_timeout by all seven', () => {
    check(ARTICLE, [
      f(
        'mycnf/rejected-option',
        range(2, 0, 15),
        "mariadb-dump, mariadb-check, mariadb-import, mariadb-show and mariadb-slap have no option connect_timeout and refuse to start (`mariadb-dump: unknown variable 'connect_timeout=10'`, exit 7); only mariadb and mariadb-admin take it from [client].",
        [`* ${MOVE_CONNECT}`, LOOSE],
      ),
      f(
        'mycnf/unknown-option',
        range(3, 0, 12),
        `No program reading [client] has an option read_timeout: ${CLIENTS} refuse to start (\`mariadb: unknown variable 'read_timeout=300'\`). No client program has a read timeout; the server's net_read_timeout in [mysqld] is the setting that exists.`,
        [`* ${NET_READ}`],
      ),
      f(
        'mycnf/unknown-option',
        range(4, 0, 13),
        `No program reading [client] has an option write_timeout: ${CLIENTS} refuse to start (\`mariadb: unknown variable 'write_timeout=300'\`). No client program has a write timeout; the server's net_write_timeout in [mysqld] is the setting that exists.`,
        [`* ${NET_WRITE}`],
      ),
    ]);
  });

  test('the diagnostics in full, as published: link, source and the typed fix data', () => {
    const s = mycnfService();
    const got = s.diagnostics(mycnfDoc(ARTICLE));
    assert.deepStrictEqual(got[0], {
      range: range(2, 0, 15),
      severity: 1,
      code: 'mycnf/rejected-option',
      codeDescription: { href: `${README}#mycnf-rejected-option` },
      source: 'keepalive-lens',
      message: got[0].message,
      data: {
        fixes: [
          {
            kind: 'edits',
            title: MOVE_CONNECT,
            edits: [
              { from: { line: 2, character: 0 }, to: { line: 3, character: 0 }, text: '' },
              { from: { line: 5, character: 0 }, to: { line: 5, character: 0 }, text: '\n[mysql]\nconnect_timeout=10\n\n[mysqladmin]\nconnect_timeout=10\n' },
            ],
            preferred: true,
          },
          { kind: 'replace', title: LOOSE, span: { line: 2, start: 0, end: 0 }, text: 'loose-', preferred: false },
        ],
      },
    });
  });

  test('fixed the way the quick fixes say, nothing is left; loose- silences it too', () => {
    check(lines('[client]', 'loose-connect_timeout=10', ''), []);
    check(lines('[mysql]', 'connect_timeout=10', '[mysqladmin]', 'connect_timeout=10', '[mysqld]', 'net_read_timeout=300', 'net_write_timeout=300', ''), []);
  });
});

describe('a line some program refuses', () => {
  test('a server variable in [client]', () => {
    check(lines('[client]', 'user = app', 'wait_timeout = 600 # ten minutes', ''), [
      f(
        'mycnf/server-option-in-client-group',
        range(2, 0, 12),
        `wait_timeout is a server variable, and no client program has it: ${CLIENTS} refuse to start (\`mariadb: unknown variable 'wait_timeout=600'\`). The server reads it from [mysqld].`,
        ['* Move to [mysqld]'],
      ),
    ]);
  });

  test('a typo: did you mean, and loose-', () => {
    check(lines('[mysql]', 'conect_timeout=5', ''), [
      f(
        'mycnf/unknown-option',
        range(1, 0, 14),
        "No program reading [mysql] has an option conect_timeout: mariadb refuses to start (`mariadb: unknown variable 'conect_timeout=5'`). Did you mean connect_timeout?",
        ['* Change to connect_timeout', LOOSE],
      ),
    ]);
  });

  test('a typo of a server variable: mariadbd prints [ERROR] before its words', () => {
    check(lines('[mysqld]', 'wait_timout=600', ''), [
      f(
        'mycnf/unknown-option',
        range(1, 0, 11),
        "No program reading [mysqld] has an option wait_timout: mariadbd refuses to start (`[ERROR] mariadbd: unknown variable 'wait_timout=600'`). Did you mean wait_timeout?",
        ['* Change to wait_timeout', LOOSE],
      ),
    ]);
  });

  test('`timeout` in [client]: the connect timeout of the command-line client is offered', () => {
    check(lines('[client]', 'timeout=10', ''), [
      f(
        'mycnf/unknown-option',
        range(1, 0, 7),
        `No program reading [client] has an option timeout: ${CLIENTS} refuse to start (\`mariadb: unknown variable 'timeout=10'\`).`,
        ['* Replace with connect_timeout in [mysql] (the command-line client)', LOOSE],
      ),
    ]);
  });

  test('an ambiguous prefix: the error, and a fix per candidate', () => {
    const got = findings(lines('[mysql]', 'co=5', ''));
    assert.deepStrictEqual(
      got.map(({ message: _m, ...rest }) => rest),
      [
        {
          code: 'mycnf/ambiguous-option',
          severity: 'error',
          range: range(1, 0, 2),
          // The timeout family first: `co=5` was most likely meant for connect_timeout.
          fixes: [
            '* Change to connect_timeout',
            'Change to column_names',
            'Change to column_type_info',
            'Change to comments',
            'Change to compress',
            'Change to connect_expired_password',
          ],
        },
      ],
    );
  });

  test('an ambiguous prefix: the message quotes what mariadb prints, as far as the tables know it', () => {
    // mariadb then adds its first and last match in its own order and spelling, `(column-names, connect_timeout)`,
    // which the measured tables do not keep: the message lists the candidates in its own words instead.
    const [got] = findings(lines('[mysql]', 'co=5', ''));
    assert.equal(
      got.message,
      "co is the beginning of several options of mariadb (column_names, column_type_info, comments, compress, connect_expired_password, connect_timeout): it stops with `mariadb: ambiguous option '--co=5'`.",
    );
  });

  test('an ambiguous prefix: the option a number was meant for first (a deep entry), then the others alphabetically, six at most', () => {
    const [got] = findings(lines('[mysql]', 'co=5', ''));
    assert.deepStrictEqual(got.fixes, [
      '* Change to connect_timeout',
      'Change to column_names',
      'Change to column_type_info',
      'Change to comments',
      'Change to compress',
      'Change to connect_expired_password',
    ]);
  });

  test('a unique prefix: accepted, with an Info line at every start', () => {
    check(lines('[mysql]', 'connect_time=5', ''), [
      f(
        'mycnf/option-prefix',
        range(1, 0, 12),
        'connect_time is only a prefix of connect_timeout: mariadb uses it but prints "Using unique option prefix \'connect_time\' is error-prone and can break in the future" at every start.',
        ['* Write connect_timeout'],
      ),
    ]);
  });

  test('an option the release build disables: the message quotes mariadb', () => {
    check(lines('[mysql]', 'debug', ''), [
      f('mycnf/disabled-option', range(1, 0, 5), "mariadb refuses to start: `mariadb: ERROR: Option 'debug' used, but is disabled`."),
    ]);
  });

  test('help in a file: the program prints its help and exits', () => {
    check(lines('[mysql]', 'help', ''), [
      f('mycnf/exits-program', range(1, 0, 4), 'mariadb prints its help and exits instead of running.', ['* Delete the line']),
    ]);
  });

  test('a switch with a value: the program stops ("cannot take an argument", measured for verbose=10)', () => {
    check(lines('[mysql]', 'verbose=10', ''), [
      f('mycnf/unexpected-value', range(1, 8, 10), "mariadb refuses to start: `mariadb: option '--verbose' cannot take an argument`.", [
        '* Remove the value (verbose is a switch)',
      ]),
    ]);
    assert.equal(
      fixed(lines('[mysql]', 'verbose=10', ''), 'mycnf/unexpected-value', 'Remove the value (verbose is a switch)'),
      lines('[mysql]', 'verbose', ''),
    );
  });

  test('skip- and disable- supply the value of an option that needs one (disable_connect_timeout is accepted)', () => {
    check(lines('[mysqladmin]', 'disable_connect_timeout', 'skip-connect_timeout', ''), [
      f('mycnf/overridden', range(1, 0, 23), 'Overridden: line 3 sets connect_timeout again, later, for mariadb-admin.', ['Delete the line'], {
        unnecessary: true,
        related: [[MYCNF_URI, range(2, 0, 20), 'the line that wins']],
      }),
    ]);
  });

  test('skip- on an integer option sets 0, which is then clamped (measured: interactive_timeout runs with 1)', () => {
    check(lines('[mysqld]', 'skip-interactive_timeout', ''), [
      f('mycnf/out-of-range', range(1, 0, 24), `mariadbd clamps the value: "option 'interactive_timeout': unsigned value 0 adjusted to 1".`),
      f(
        'mycnf/short-wait-timeout',
        range(1, 0, 24),
        'interactive_timeout 1 s is shorter than the 30 min a connection pool may keep a connection idle (setting keepaliveLens.mysql.poolIdleTime): the server closes pooled connections and the application gets "server has gone away". Keep the pool\'s idle limit (HikariCP maxLifetime, Go SetConnMaxIdleTime) below 1 s.',
      ),
    ]);
  });

  test('loose- with a bad number: printed, but the program runs with the option at 0 (a warning, not a refusal)', () => {
    check(lines('[mysqld]', 'loose-wait_timeout=5s', ''), [
      f(
        'mycnf/loose-bad-value',
        range(1, 19, 21),
        "mariadbd cannot read the value: `Unknown suffix 's' used for variable 'wait_timeout' (value '5s'). Legal suffix characters are: K, M, G, T, P, E / mariadbd: Error while setting value '5s' to 'wait_timeout'`. Because of loose- it runs anyway, with wait_timeout = 0.",
      ),
    ]);
  });

  test('a disabled option with a value: the message quotes it as written (debug=5)', () => {
    const [got] = findings(lines('[mysql]', 'debug=5', ''));
    assert.equal(got.message, "mariadb refuses to start: `mariadb: ERROR: Option 'debug=5' used, but is disabled`.");
  });

  test('a server variable without a value', () => {
    check(lines('[mysqld]', 'wait_timeout', ''), [
      f('mycnf/missing-value', range(1, 0, 12), "mariadbd refuses to start: `mariadbd: option '--wait_timeout' requires an argument`."),
    ]);
  });

  test('loose- with a typo: a warning at every start, and no effect', () => {
    check(lines('[mysql]', 'loose-conect_timeout=5', ''), [
      f(
        'mycnf/loose-unknown',
        range(1, 0, 20),
        'No program reading [mysql] has conect_timeout: each prints "unknown variable" as a warning and the line has no effect. Did you mean connect_timeout?',
        ['* Change to loose-connect_timeout'],
      ),
    ]);
  });
});

everyCodeProduced('mycnf-analysis-options');
