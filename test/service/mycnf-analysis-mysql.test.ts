/**
 * Option-file diagnostics when MySQL's programs (9.7, measured) read the file, or either family may: MySQL's own
 * words, its case-sensitive names without abbreviations, its stricter values and defaults, and options only one
 * family refuses (helpers and conventions: test/service/mycnfAnalysisHelpers.ts).
 *
 *   node --import tsx --test test/service/mycnf-analysis-mysql.test.ts
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createNodeEnvironment } from '../../server/src/node/environment';
import { DEFAULT_SETTINGS, type Settings } from '../../server/src/service';
import { analyzeMycnf } from '../../server/src/service/analysis/mycnf/index';
import { effectiveInt, programView } from '../../server/src/service/analysis/mycnf/programs';
import { lines, range } from '../fixtures';
import { MYCNF_URI } from '../mycnfFixtures';
import { ARTICLE, check, everyCodeProduced, f, LOOSE, MOVE_CONNECT, NET_READ, NET_WRITE } from './mycnfAnalysisHelpers';

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

  test("each server's own measured defaults: max_allowed_packet is 64M for mysqld, 16M for mariadbd, when no line sets it", () => {
    const read = analyzeMycnf(MYCNF_URI, lines('[mysqld]', 'wait_timeout=60'), { ...DEFAULT_SETTINGS, ...MYSQL.settings }, createNodeEnvironment()).read;
    const value = (p: 'mysqld' | 'mariadbd', option: string) => effectiveInt(programView(read, p), option)?.value;
    assert.deepStrictEqual(
      [value('mysqld', 'max_allowed_packet'), value('mariadbd', 'max_allowed_packet'), value('mysqld', 'wait_timeout'), value('mysqld', 'net_read_timeout')],
      [67108864, 16777216, 60, 30],
    );
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

everyCodeProduced('mycnf-analysis-mysql');
