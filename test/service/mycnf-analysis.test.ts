/**
 * MySQL/MariaDB option-file diagnostics and quick fixes: the WHOLE list of each fixture (code, severity, range,
 * message, fix titles, related information), and each quick fix applied with the whole resulting text compared.
 *
 *   node --import tsx --test test/service/mycnf-analysis.test.ts
 *
 * Every code of MYCNF_RULES is produced by some input here (the last test checks that). The programs' own words in
 * the messages were taken from MariaDB 10.11 (`mariadb`, `mariadb-dump`, `mariadbd --verbose --help`,
 * `my_print_defaults`) on the same files. Numbers: wait_timeout 1..31536000, connect_timeout (mariadb) 0..43200,
 * pool idle time 1800 s (TEST_SETTINGS), kernel keepalive limits 32767 s and 127 probes.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import type { Diagnostic, Range } from 'vscode-languageserver-types';
import { createNodeEnvironment } from '../../server/src/node/environment';
import { DEFAULT_SETTINGS, type Environment, type Settings } from '../../server/src/service';
import { analyzeMycnf } from '../../server/src/service/analysis/mycnf/index';
import { effectiveInt, programView } from '../../server/src/service/analysis/mycnf/programs';
import { MYCNF_RULES, type MycnfCode } from '../../server/src/service/analysis/mycnf/rules';
import { lines, range, rangeInside } from '../fixtures';
import { applyAction, fileUri, fixAll, MYCNF_URI, mycnfDoc, mycnfService, README, tempTree } from '../mycnfFixtures';

const ROOT = path.resolve(__dirname, '..', '..');
const ARTICLE = fs.readFileSync(path.join(ROOT, 'test/fixtures/article-as-pasted.my.cnf'), 'utf8');
const ARTICLE_FIXED = fs.readFileSync(path.join(ROOT, 'examples/article-fixed.my.cnf'), 'utf8');

/** Every code some test input produced. */
const produced = new Set<string>();
const SEVERITY = ['', 'error', 'warning', 'info', 'hint'] as const;

interface Found {
  code: string;
  severity: string;
  range: Range;
  message: string;
  /** Fix titles in order, the preferred one marked `* `. */
  fixes: string[];
  related?: Array<[uri: string, range: Range, message: string]>;
  unnecessary?: true;
}

/** One expected finding. */
function f(code: MycnfCode, range: Range, message: string, fixes: string[] = [], extra: Pick<Found, 'related' | 'unnecessary'> = {}): Found {
  return { code, severity: MYCNF_RULES[code].severity, range, message, fixes, ...extra };
}

function project(d: Diagnostic): Found {
  const fixes = (d.data as { fixes: Array<{ title: string; preferred?: boolean }> }).fixes.map((x) => (x.preferred ? `* ${x.title}` : x.title));
  const out: Found = {
    code: String(d.code),
    severity: SEVERITY[d.severity ?? 0],
    range: d.range,
    message: typeof d.message === 'string' ? d.message : d.message.value,
    fixes,
  };
  if (d.relatedInformation) out.related = d.relatedInformation.map((r) => [r.location.uri, r.location.range, r.message]);
  if (d.tags?.includes(1)) out.unnecessary = true;
  return out;
}

interface Options {
  uri?: string;
  env?: Environment;
  settings?: Partial<Settings>;
}

/** The diagnostics of `text`, checked for ranges, source and link, and projected. */
function findings(text: string, o: Options = {}): Found[] {
  const doc = mycnfDoc(text, o.uri);
  const got = mycnfService(o.settings, o.env).diagnostics(doc);
  for (const d of got) {
    produced.add(String(d.code));
    assert.ok(rangeInside(doc, d.range), `${d.code} ${JSON.stringify(d.range)} lies inside the document`);
    assert.equal(d.source, 'keepalive-lens');
    assert.deepStrictEqual(d.codeDescription, { href: `${README}#${String(d.code).replace('/', '-')}` });
  }
  return got.map(project);
}

/** The diagnostics of `text` must be exactly `expected`. */
function check(text: string, expected: Found[], o: Options = {}): void {
  assert.deepStrictEqual(findings(text, o), expected);
}

const CLIENTS = 'mariadb, mariadb-dump, mariadb-admin, mariadb-check, mariadb-import, mariadb-show and mariadb-slap';
const POOL = (v: string, what = 'wait_timeout') =>
  `${what} ${v} is shorter than the 30 min a connection pool may keep a connection idle (setting keepaliveLens.mysql.poolIdleTime): the server closes pooled connections and the application gets "server has gone away". Keep the pool's idle limit (HikariCP maxLifetime, Go SetConnMaxIdleTime) below ${v}.`;
const LOOSE = 'Prefix with loose- (programs without the option only warn)';
const MOVE_CONNECT = 'Move to [mysql] and [mysqladmin] (the programs that have it)';
const NET_READ = 'Replace with net_read_timeout in [mysqld] (the server-side timeout)';
const NET_WRITE = 'Replace with net_write_timeout in [mysqld] (the server-side timeout)';

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

  test('an ambiguous prefix: the fixes include the option a number was meant for', () => {
    const [got] = findings(lines('[mysql]', 'co=5', ''));
    assert.ok(
      got.fixes.some((x) => x.endsWith('Change to connect_timeout')),
      got.fixes.join(' | '),
    );
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

  test('an option the release build disables', () => {
    const got = findings(lines('[mysql]', 'debug', ''));
    assert.deepStrictEqual(
      got.map(({ message: _m, ...rest }) => rest),
      [{ code: 'mycnf/disabled-option', severity: 'error', range: range(1, 0, 5), fixes: [] }],
    );
    assert.ok(got[0].message.startsWith('mariadb refuses to start: '), got[0].message);
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

// ---------------------------------------------------------------------------------------------------------------
// Quick fixes

/** The text after the fix with this title (or the preferred one) of the first diagnostic with this code. */
function fixed(text: string, code: MycnfCode, title?: string, o: Options = {}): string {
  const s = mycnfService(o.settings, o.env);
  const doc = mycnfDoc(text, o.uri);
  const diags = s.diagnostics(doc).filter((d) => d.code === code);
  assert.ok(diags.length > 0, `the text has a ${code} diagnostic`);
  const actions = s.codeActions(doc, diags[0].range, [diags[0]]);
  const action = title === undefined ? actions.find((a) => a.isPreferred) : actions.find((a) => a.title === title);
  assert.ok(action, `a fix ${title ?? '(preferred)'} among: ${actions.map((a) => a.title).join(' | ')}`);
  return applyAction(doc, action);
}

/** The non-blank lines of a text, trimmed, as a sorted multiset. */
function lineSet(text: string): string[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .sort();
}

const crlf = (...ls: string[]) => ls.join('\r\n');

describe('quick fixes: moving a line to the groups of the programs that have it', () => {
  test('the article: connect_timeout into new [mysql] and [mysqladmin] groups at the end', () => {
    assert.equal(
      fixed(ARTICLE, 'mycnf/rejected-option'),
      lines(
        "# The keepalive article's my.cnf advice",
        '[client]',
        'read_timeout=300',
        'write_timeout=300',
        '',
        '[mysql]',
        'connect_timeout=10',
        '',
        '[mysqladmin]',
        'connect_timeout=10',
        '',
      ),
    );
  });

  test('the article: read_timeout becomes net_read_timeout in a new [mysqld]', () => {
    assert.equal(
      fixed(ARTICLE, 'mycnf/unknown-option'),
      lines("# The keepalive article's my.cnf advice", '[client]', 'connect_timeout=10', 'write_timeout=300', '', '[mysqld]', 'net_read_timeout=300', ''),
    );
  });

  test('into existing groups, after their last line; the inline comment goes along', () => {
    const before = lines('[client]', 'user=bob', 'connect_timeout=10 # ten seconds', '', '[mysql]', 'auto-rehash', '', '[mysqladmin]', 'force', '');
    const after = fixed(before, 'mycnf/rejected-option');
    assert.equal(
      after,
      lines(
        '[client]',
        'user=bob',
        '',
        '[mysql]',
        'auto-rehash',
        'connect_timeout=10 # ten seconds',
        '',
        '[mysqladmin]',
        'force',
        'connect_timeout=10 # ten seconds',
        '',
      ),
    );
    assert.deepStrictEqual(findings(after), []);
  });

  test('into an existing group and a new one; group names compare without case', () => {
    assert.equal(
      fixed(lines('[CLIENT]', 'connect_timeout=10', '[MySQL]', 'user=x', ''), 'mycnf/rejected-option'),
      lines('[CLIENT]', '[MySQL]', 'user=x', 'connect_timeout=10', '', '[mysqladmin]', 'connect_timeout=10', ''),
    );
  });

  test('into the last group of a file without a final line break, and a new group after it', () => {
    assert.equal(
      fixed(lines('[client]', 'connect_timeout=10', '[mysql]', 'user=x'), 'mycnf/rejected-option'),
      lines('[client]', '[mysql]', 'user=x', 'connect_timeout=10', '', '[mysqladmin]', 'connect_timeout=10'),
    );
  });

  test('the moved line is the last line, without a final line break', () => {
    assert.equal(
      fixed(lines('[client]', 'user=bob', 'read_timeout=300'), 'mycnf/unknown-option'),
      lines('[client]', 'user=bob', '', '[mysqld]', 'net_read_timeout=300'),
    );
    assert.equal(fixed(lines('[client]', 'read_timeout=300'), 'mycnf/unknown-option'), lines('[client]', '', '[mysqld]', 'net_read_timeout=300'));
  });

  test('CRLF stays CRLF: into a new group, and into an existing one with the comment kept', () => {
    assert.equal(
      fixed(crlf('[client]', 'read_timeout=300', 'user=bob'), 'mycnf/unknown-option'),
      crlf('[client]', 'user=bob', '', '[mysqld]', 'net_read_timeout=300'),
    );
    assert.equal(
      fixed(crlf('[mysqld]', 'wait_timeout=3600', '', '[client]', 'write_timeout = 300 # article', ''), 'mycnf/unknown-option'),
      crlf('[mysqld]', 'wait_timeout=3600', 'net_write_timeout = 300 # article', '', '[client]', ''),
    );
  });

  test('a server variable to [mysqld]: the indentation goes, the value and comment stay', () => {
    const before = lines('[client]', 'user = app', '  wait_timeout = 600 # ten minutes', '');
    const after = fixed(before, 'mycnf/server-option-in-client-group');
    assert.equal(after, lines('[client]', 'user = app', '', '[mysqld]', 'wait_timeout = 600 # ten minutes', ''));
    assert.deepStrictEqual(lineSet(after), [...lineSet(before), '[mysqld]'].sort());
  });

  test('timeout in [client]: connect_timeout in [mysql]', () => {
    assert.equal(fixed(lines('[client]', 'timeout=10', ''), 'mycnf/unknown-option'), lines('[client]', '', '[mysql]', 'connect_timeout=10', ''));
  });

  test('timeout in [mysql] itself: renamed where it is', () => {
    assert.equal(fixed(lines('[mysql]', 'timeout=10', ''), 'mycnf/unknown-option'), lines('[mysql]', 'connect_timeout=10', ''));
  });

  test('loose- instead: the line stays where it is, with its indentation', () => {
    assert.equal(
      fixed(lines('[client]', '  connect_timeout = 10   # x', ''), 'mycnf/rejected-option', LOOSE),
      lines('[client]', '  loose-connect_timeout = 10   # x', ''),
    );
  });
});

describe('quick fixes: replacing', () => {
  const cases: Array<[string, MycnfCode, string | undefined, string, string]> = [
    ['a typo', 'mycnf/unknown-option', undefined, lines('[mysql]', 'conect_timeout=5 # x', ''), lines('[mysql]', 'connect_timeout=5 # x', '')],
    ['a typo, dashes kept', 'mycnf/unknown-option', undefined, lines('[mysqld]', 'wait-timout = 600', ''), lines('[mysqld]', 'wait-timeout = 600', '')],
    ['a typo behind loose-', 'mycnf/loose-unknown', undefined, lines('[mysql]', 'loose-conect_timeout=5', ''), lines('[mysql]', 'loose-connect_timeout=5', '')],
    ['a unique prefix', 'mycnf/option-prefix', undefined, lines('[mysql]', 'connect_time=5', ''), lines('[mysql]', 'connect_timeout=5', '')],
    ['an ambiguous prefix', 'mycnf/ambiguous-option', 'Change to compress', lines('[mysql]', 'co=5', ''), lines('[mysql]', 'compress=5', '')],
    ['a suffix', 'mycnf/invalid-number', undefined, lines('[mysqld]', 'wait_timeout = 28800s # 8 h', ''), lines('[mysqld]', 'wait_timeout = 28800 # 8 h', '')],
    ['a clamped value', 'mycnf/out-of-range', undefined, lines('[mysqld]', 'wait_timeout=99999999', ''), lines('[mysqld]', 'wait_timeout=31536000', '')],
    [
      'a kernel limit',
      'mycnf/keepalive-over-kernel-limit',
      undefined,
      lines('[mysqld]', 'tcp_keepalive_time=40000', ''),
      lines('[mysqld]', 'tcp_keepalive_time=32767', ''),
    ],
    ['an unclosed quote', 'mycnf/unbalanced-quote', undefined, lines('[client]', 'password="abc', ''), lines('[client]', 'password="abc"', '')],
    [
      'a glued comment, quoted',
      'mycnf/glued-comment',
      'Quote the value: "abc#123"',
      lines('[client]', 'password=abc#123', ''),
      lines('[client]', 'password="abc#123"', ''),
    ],
    [
      'a glued comment, moved onto its own line with the indentation',
      'mycnf/glued-comment',
      'Move the comment onto its own line above',
      lines('[client]', '  password=abc#123', ''),
      lines('[client]', '  #123', '  password=abc', ''),
    ],
    ['text after ]', 'mycnf/group-trailing-text', undefined, lines('[mysqld] extra # c', 'port=1', ''), lines('[mysqld] # extra # c', 'port=1', '')],
    ['a space in the group name', 'mycnf/group-space', undefined, lines('[ mysqld]', 'port=1', ''), lines('[mysqld]', 'port=1', '')],
    ['a group typo', 'mycnf/unknown-group', undefined, lines('[cleint]', 'user=x', ''), lines('[client]', 'user=x', '')],
    ['an unclosed group', 'mycnf/unclosed-group', undefined, lines('[mysqld', 'port=1', ''), lines('[mysqld]', 'port=1', '')],
    [
      'an upper-case directive',
      'mycnf/ignored-directive',
      undefined,
      lines('[mysqld]', '!Include /etc/x.cnf', ''),
      lines('[mysqld]', '!include /etc/x.cnf', ''),
    ],
  ];
  for (const [title, code, fixTitle, before, after] of cases) {
    test(title, () => {
      assert.equal(fixed(before, code, fixTitle), after);
      assert.equal(fixed(before.replaceAll('\n', '\r\n'), code, fixTitle), after.replaceAll('\n', '\r\n'), 'the same with CRLF');
    });
  }

  test('a glued comment followed by a no-break space (pasted from a web page): the quotes go around the whole value', () => {
    const after = fixed(lines('[client]', 'password=abc#123\u00A0', ''), 'mycnf/glued-comment', 'Quote the value: "abc#123\u00A0"');
    assert.deepStrictEqual(
      findings(after).map((x) => x.code),
      [],
      JSON.stringify(after),
    );
  });

  test('an unclosed group with a comment: the comment is kept', () => {
    assert.equal(fixed(lines('[mysqld # main server', 'port=1', ''), 'mycnf/unclosed-group'), lines('[mysqld] # main server', 'port=1', ''));
  });
});

describe('quick fixes: inserting and deleting', () => {
  test('a group header above the first option', () => {
    assert.equal(fixed(lines('# server', 'wait_timeout=3600', ''), 'mycnf/option-before-group'), lines('# server', '[mysqld]', 'wait_timeout=3600', ''));
    assert.equal(fixed(lines('user=bob', 'port=3306'), 'mycnf/option-before-group'), lines('[client]', 'user=bob', 'port=3306'));
    assert.equal(fixed(crlf('user=bob', ''), 'mycnf/option-before-group', 'Insert [mysqld] above'), crlf('[mysqld]', 'user=bob', ''));
  });

  test('the byte order mark', () => {
    assert.equal(fixed(lines('\uFEFF[mysqld]', 'port=1', ''), 'mycnf/bom'), lines('[mysqld]', 'port=1', ''));
    assert.equal(fixed('\uFEFF[mysqld]\r\nport=1', 'mycnf/bom'), '[mysqld]\r\nport=1');
  });

  test('a line break at the end of the file', () => {
    assert.equal(fixed(lines('[mysqld]', '!include /etc/mysql/extra.cnf'), 'mycnf/include-last-line'), lines('[mysqld]', '!include /etc/mysql/extra.cnf', ''));
    assert.equal(fixed(crlf('[mysqld]', '!include /etc/mysql/extra.cnf'), 'mycnf/include-last-line'), crlf('[mysqld]', '!include /etc/mysql/extra.cnf', ''));
  });

  test('help: the line goes, in the middle and at the end (with and without a final line break)', () => {
    assert.equal(fixed(lines('[mysql]', 'help', 'user=x', ''), 'mycnf/exits-program'), lines('[mysql]', 'user=x', ''));
    assert.equal(fixed(lines('[mysql]', 'help', ''), 'mycnf/exits-program'), lines('[mysql]', ''));
    assert.equal(fixed(lines('[mysql]', 'user=x', 'help'), 'mycnf/exits-program'), lines('[mysql]', 'user=x'));
    assert.equal(fixed(crlf('[mysql]', 'help', 'user=x'), 'mycnf/exits-program'), crlf('[mysql]', 'user=x'));
  });

  test('an overridden line (not preferred: deleting is a choice)', () => {
    assert.equal(
      fixed(lines('[mysqld]', 'wait_timeout=3600 # old', 'wait_timeout=7200', ''), 'mycnf/overridden', 'Delete the line'),
      lines('[mysqld]', 'wait_timeout=7200', ''),
    );
  });
});

describe('quick fixes: the article, fixed one preferred fix at a time', () => {
  const HEADER = "# The keepalive article's advice after Keepalive Lens's quick fixes (test/fixtures/article-as-pasted.my.cnf)\n";

  test('the three moves, in order, give examples/article-fixed.my.cnf (after its one-line header)', () => {
    const { text, applied } = fixAll(ARTICLE);
    assert.deepStrictEqual(applied, [MOVE_CONNECT, NET_READ, NET_WRITE]);
    assert.ok(ARTICLE_FIXED.startsWith(HEADER), 'examples/article-fixed.my.cnf starts with its header line');
    assert.equal(text, ARTICLE_FIXED.slice(HEADER.length));
    assert.equal(
      text,
      lines(
        "# The keepalive article's my.cnf advice",
        '[client]',
        '',
        '[mysql]',
        'connect_timeout=10',
        '',
        '[mysqladmin]',
        'connect_timeout=10',
        '',
        '[mysqld]',
        'net_read_timeout=300',
        'net_write_timeout=300',
        '',
      ),
    );
  });

  test('examples/article-fixed.my.cnf has no findings at all', () => {
    check(ARTICLE_FIXED, []);
  });
});

describe("whose programs read the file: MySQL's (9.7, measured) or both families", () => {
  const MYSQL = { settings: { mysqlFlavor: 'mysql', mysqlFlavorSource: 'setting' } } as const;
  const UNKNOWN = { settings: { mysqlFlavor: 'both', mysqlFlavorSource: 'default' } } as const;
  const MYSQL_CLIENTS = 'mysqldump, mysqladmin, mysqlcheck, mysqlimport, mysqlshow and mysqlslap';

  test("the article's [client] for MySQL: mysql skips the first unknown line, its other clients refuse; the second unknown line stops mysql too", () => {
    check(
      ARTICLE,
      [
        f(
          'mycnf/rejected-option',
          range(2, 0, 15),
          "mysqldump, mysqlcheck, mysqlimport, mysqlshow and mysqlslap have no option connect_timeout and refuse to start (`mysqldump: [ERROR] unknown variable 'connect_timeout=10'.`, exit 7); only mysql and mysqladmin take it from [client].",
          [`* ${MOVE_CONNECT}`, LOOSE],
        ),
        f(
          'mycnf/unknown-option',
          range(3, 0, 12),
          `No program reading [client] has an option read_timeout: ${MYSQL_CLIENTS} refuse to start (\`mysqldump: [ERROR] unknown variable 'read_timeout=300'.\`). No client program has a read timeout; the server's net_read_timeout in [mysqld] is the setting that exists. mysql skips it without a word, as the first unknown option of its option files (a second one would stop it).`,
          [`* ${NET_READ}`],
        ),
        f(
          'mycnf/unknown-option',
          range(4, 0, 13),
          `No program reading [client] has an option write_timeout: mysql, ${MYSQL_CLIENTS} refuse to start (\`mysql: [ERROR] unknown variable 'write_timeout=300'.\`). No client program has a write timeout; the server's net_write_timeout in [mysqld] is the setting that exists.`,
          [`* ${NET_WRITE}`],
        ),
      ],
      MYSQL,
    );
  });

  test('an unknown option only mysql reads: skipped without a word, so the line does nothing', () => {
    check(
      lines('[mysql]', 'foo_bar=1'),
      [
        f(
          'mycnf/ignored-option',
          range(1, 0, 7),
          'No program reading [mysql] has foo_bar: mysql skips the first unknown option of its option files without a word (a second one would stop it, and on the command line it refuses even the first), so the line has no effect.',
        ),
      ],
      MYSQL,
    );
  });

  test('MySQL compares option names case-sensitively and takes no abbreviations', () => {
    check(
      lines('[mysqldump]', 'MAX_ALLOWED_PACKET=1M', 'max_allowed=1M'),
      [
        f(
          'mycnf/unknown-option',
          range(1, 0, 18),
          "MySQL's programs compare option names case-sensitively: mysqldump has max_allowed_packet, not MAX_ALLOWED_PACKET, and refuses to start (`mysqldump: [ERROR] unknown variable 'MAX_ALLOWED_PACKET=1M'.`).",
          ['* Write max_allowed_packet'],
        ),
        f(
          'mycnf/unknown-option',
          range(2, 0, 11),
          "No program reading [mysqldump] has an option max_allowed: mysqldump refuses to start (`mysqldump: [ERROR] unknown variable 'max_allowed=1M'.`). MySQL's programs take no abbreviations (MariaDB's read a unique prefix): write max_allowed_packet.",
          ['* Write max_allowed_packet', LOOSE],
        ),
      ],
      MYSQL,
    );
  });

  test("MySQL's words for values: a bad suffix stops mysqladmin, the server clamps with its own log line", () => {
    check(
      lines('[mysqladmin]', 'connect_timeout=5x', '[mysqld]', 'wait_timeout=99999999999'),
      [
        f(
          'mycnf/invalid-number',
          range(1, 16, 18),
          "mysqladmin refuses to start: `mysqladmin: [ERROR] Unknown suffix 'x' used for variable 'connect_timeout' (value '5x'). / mysqladmin: [ERROR] mysqladmin: Error while setting value '5x' to 'connect_timeout'.`.",
          ['* Write 5'],
        ),
        f(
          'mycnf/out-of-range',
          range(3, 13, 24),
          'mysqld clamps the value: "[Warning] [MY-000081] [Server] option \'wait_timeout\': unsigned value 99999999999 adjusted to 31536000.".',
          ['* Write 31536000'],
        ),
      ],
      MYSQL,
    );
  });

  // Found by test/oracle/mysql-analysis.test.ts against the real programs.
  test('MySQL refuses an empty integer value, and loose- does not excuse a bad value (MariaDB reads 0 / runs on)', () => {
    check(
      lines('[mysqladmin]', 'connect_timeout=', 'loose-shutdown_timeout=5x'),
      [
        f(
          'mycnf/invalid-number',
          range(1, 16, 16),
          "mysqladmin refuses to start: `mysqladmin: [ERROR] mysqladmin: Empty value for 'connect_timeout' specified.`.",
        ),
        f(
          'mycnf/invalid-number',
          range(2, 23, 25),
          "mysqladmin refuses to start: `mysqladmin: [ERROR] Unknown suffix 'x' used for variable 'shutdown_timeout' (value '5x'). / mysqladmin: [ERROR] mysqladmin: Error while setting value '5x' to 'shutdown_timeout'.`.",
          ['* Write 5'],
        ),
      ],
      MYSQL,
    );
  });

  test('mysql and mysqld stop at the first bad value before an earlier unknown name; the other clients at the first bad line', () => {
    const settings: Settings = { ...DEFAULT_SETTINGS, ...MYSQL.settings };
    const printed = (text: string, program: 'mysql' | 'mysqld' | 'mysqladmin' | 'mysqlimport') =>
      programView(analyzeMycnf(MYCNF_URI, text, settings, createNodeEnvironment()).read, program).printed.map((p) => p.message);
    assert.deepStrictEqual(printed(lines('[mysql]', 'foo=1', 'bar=1', 'connect_timeout=abc'), 'mysql'), [
      "mysql: [ERROR] Unknown suffix 'a' used for variable 'connect_timeout' (value 'abc').\nmysql: [ERROR] mysql: Error while setting value 'abc' to 'connect_timeout'.",
    ]);
    assert.deepStrictEqual(printed(lines('[mysqld]', 'foo=1', 'wait_timeout='), 'mysqld'), [
      "[ERROR] [MY-000074] [Server] /usr/sbin/mysqld: Empty value for 'wait_timeout' specified.",
    ]);
    assert.deepStrictEqual(printed(lines('[mysqladmin]', 'b=1', 'connect_timeout=abc'), 'mysqladmin'), ["mysqladmin: [ERROR] unknown variable 'b=1'."]);
    // Signed options: past 2^63-1 is "Incorrect integer value" (mysqlimport's ignore_lines, mysqld's optimizer_trace_offset).
    assert.deepStrictEqual(printed(lines('[mysqlimport]', 'ignore_lines=9223372036854775808'), 'mysqlimport'), [
      "mysqlimport: [ERROR] Incorrect integer value: '9223372036854775808'.\nmysqlimport: [ERROR] mysqlimport: Error while setting value '9223372036854775808' to 'ignore_lines'.",
    ]);
    assert.deepStrictEqual(printed(lines('[mysqld]', 'optimizer_trace_offset=99999999999999999999'), 'mysqld'), [
      "[ERROR] [MY-000078] [Server] Incorrect integer value: '99999999999999999999'.\n[ERROR] [MY-000077] [Server] /usr/sbin/mysqld: Error while setting value '99999999999999999999' to 'optimizer_trace_offset'.",
    ]);
  });

  test("mysqld's own defaults, not MariaDB's: max_allowed_packet is 64M when no line sets it", () => {
    const read = analyzeMycnf(MYCNF_URI, lines('[mysqld]', 'wait_timeout=60'), { ...DEFAULT_SETTINGS, ...MYSQL.settings }, createNodeEnvironment()).read;
    assert.equal(effectiveInt(programView(read, 'mysqld'), 'max_allowed_packet')?.value, 67108864);
  });

  test("not known whose: an option only MySQL's mysqld refuses is a warning with the portable fix; known to be both, an error", () => {
    const text = lines('[mysqld]', 'tcp_keepalive_time=60');
    check(
      text,
      [
        f(
          'mycnf/one-family-rejects',
          range(1, 0, 18),
          "MySQL 9.7's mysqld has no option tcp_keepalive_time and refuses to start (`[ERROR] [MY-000067] [Server] unknown variable 'tcp_keepalive_time=60'.`); MariaDB 10.11's mariadbd takes it. Prefix loose- to keep the file for both, or set keepaliveLens.mysql.flavor to mariadb if only MariaDB reads it.",
          [`* ${LOOSE}`],
        ),
      ],
      UNKNOWN,
    );
    check(
      text,
      [
        f(
          'mycnf/rejected-option',
          range(1, 0, 18),
          "mysqld has no option tcp_keepalive_time and refuses to start (`[ERROR] [MY-000067] [Server] unknown variable 'tcp_keepalive_time=60'.`, exit 1); only mariadbd takes it from [mysqld].",
          [`* ${LOOSE}`],
        ),
      ],
      { settings: { mysqlFlavor: 'both', mysqlFlavorSource: 'setting' } },
    );
    // The file's place says whose it is: Debian's MariaDB and Ubuntu's MySQL layouts.
    check(text, [], { ...UNKNOWN, uri: 'file:///etc/mysql/mariadb.conf.d/50-server.cnf' });
    check(
      text,
      [
        f(
          'mycnf/unknown-option',
          range(1, 0, 18),
          "No program reading [mysqld] has an option tcp_keepalive_time: mysqld refuses to start (`[ERROR] [MY-000067] [Server] unknown variable 'tcp_keepalive_time=60'.`).",
          [LOOSE],
        ),
      ],
      { ...UNKNOWN, uri: 'file:///etc/mysql/mysql.conf.d/mysqld.cnf' },
    );
  });
});

test('every code of MYCNF_RULES is produced by some input above', () => {
  assert.deepStrictEqual([...produced].sort(), Object.keys(MYCNF_RULES).sort());
});
