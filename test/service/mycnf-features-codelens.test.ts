/**
 * Option-file CodeLenses (one per group, its timeline summary) and the timeline command they run, each result
 * compared whole (fixtures: test/service/mycnfFeaturesHelpers.ts).
 *
 *   node --import tsx --test test/service/mycnf-features-codelens.test.ts
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CodeLens } from 'vscode-languageserver-types';
import { SHOW_TIMELINE } from '../../server/src/service';
import { lines, range } from '../fixtures';
import { MYCNF_URI, mycnfDoc, mycnfService } from '../mycnfFixtures';
import { FILE, NOT_MODELLED, SERVER_450, SERVER_EXAMPLE } from './mycnfFeaturesHelpers';

function lens(line: number, end: number, title: string, uri = MYCNF_URI): CodeLens {
  return { range: range(line, 0, end), command: { title, command: SHOW_TIMELINE, arguments: [uri, line] } };
}

describe('CodeLens: one per group, its timeline summary', () => {
  test('examples/server.my.cnf', () => {
    assert.deepStrictEqual(mycnfService().codeLens(mycnfDoc(SERVER_EXAMPLE)), [
      // 300 + 30 × 5 = 450 s, before wait_timeout 3600 s.
      lens(1, 8, `[mysqld] ${SERVER_450}`),
      lens(12, 7, '[mysql] mariadb: connect gives up after 10 s'),
      // mariadb-dump has no connect_timeout: the kernel's SYN retries, 131 s.
      lens(15, 11, '[mysqldump] mariadb-dump: connect gives up after 2 min 11 s (kernel SYN retries)'),
    ]);
  });

  test('a [client] block that breaks programs, a [mysql] block, groups nobody we model reads', () => {
    assert.deepStrictEqual(mycnfService().codeLens(mycnfDoc(FILE)), [
      lens(1, 8, `[mysqld] ${SERVER_450}`),
      lens(7, 8, '[client] mariadb and 6 more refuse to start (read_timeout, connect_timeout)'),
      // mariadb reads [client] too: read_timeout there stops it.
      lens(11, 7, '[mysql] mariadb refuses to start (read_timeout)'),
      lens(14, 13, `[mysqld_safe] ${NOT_MODELLED}`),
      lens(17, 7, `[mysqd] ${NOT_MODELLED}`),
    ]);
  });

  test('[client] that only some programs refuse: who refuses, and the connect bound of the others', () => {
    assert.deepStrictEqual(mycnfService().codeLens(mycnfDoc(lines('[client]', 'connect_timeout=10', ''))), [
      lens(0, 8, '[client] mariadb-dump and 4 more refuse to start (connect_timeout) · mariadb: connect gives up after 10 s'),
    ]);
  });

  test('server defaults: wait_timeout 8 h, kernel keepalive 7200 + 75 × 9 = 7875 s; a short wait_timeout finds dead clients first', () => {
    const s = mycnfService();
    assert.deepStrictEqual(s.codeLens(mycnfDoc(lines('[mysqld]', 'port = 3306', ''))), [
      lens(0, 8, '[mysqld] idle sessions closed after 8 h · dead clients found after 2 h 11 min 15 s (kernel keepalive)'),
    ]);
    assert.deepStrictEqual(s.codeLens(mycnfDoc(lines('[mariadb]', 'wait_timeout = 600', ''))), [
      lens(0, 9, '[mariadb] idle sessions closed after 10 min · dead clients found after 10 min (wait_timeout)'),
    ]);
  });

  test('a value the kernel refuses leaves the kernel value in force', () => {
    // tcp_keepalive_time 40000 is refused: 7200 + 30 × 5 = 7350 s.
    assert.deepStrictEqual(
      mycnfService().codeLens(mycnfDoc(lines('[mysqld]', 'tcp_keepalive_time = 40000', 'tcp_keepalive_interval = 30', 'tcp_keepalive_probes = 5', ''))),
      [lens(0, 8, '[mysqld] idle sessions closed after 8 h · dead clients found after 2 h 2 min 30 s (MariaDB keepalive)')],
    );
  });

  test('a file no program can read: every lens says so', () => {
    assert.deepStrictEqual(mycnfService().codeLens(mycnfDoc(lines('[mysqld]', '!include', '[client]', ''))), [
      lens(0, 8, "[mysqld] no program starts: Wrong '!include' directive in config file: /etc/mysql/my.cnf at line 2"),
      lens(2, 8, "[client] no program starts: Wrong '!include' directive in config file: /etc/mysql/my.cnf at line 2"),
    ]);
  });

  test("both families, an !include on a last line that leaves MariaDB's programs no path: they do not start, MySQL's run", () => {
    // MariaDB's programs cut the path's last character (`x` -> ``) and stop; MySQL's read `x` (not followed: no environment).
    const text = lines('[mysqld]', 'wait_timeout=3600', '[client]', 'connect_timeout=5', '[mariadb]', 'port=1', '!include x');
    const stop = "Wrong '!include' directive in config file: /etc/mysql/my.cnf at line 7";
    assert.deepStrictEqual(mycnfService({ mysqlFlavor: 'both' }).codeLens(mycnfDoc(text)), [
      lens(0, 8, `[mysqld] mariadbd does not start (${stop}) · mysqld: idle sessions closed after 1 h · dead clients found after 1 h (wait_timeout)`),
      lens(
        2,
        8,
        `[client] mariadb and 6 more do not start (${stop}) · mysqldump and 4 more refuse to start (connect_timeout) · mysql: connect gives up after 5 s`,
      ),
      lens(4, 9, `[mariadb] mariadbd does not start (${stop})`),
    ]);
    // One family: MariaDB's alone stop every program; MySQL's alone all read the file.
    assert.deepStrictEqual(
      mycnfService({ mysqlFlavor: 'mariadb' })
        .codeLens(mycnfDoc(text))
        .map((l) => l.command?.title),
      [`[mysqld] no program starts: ${stop}`, `[client] no program starts: ${stop}`, `[mariadb] no program starts: ${stop}`],
    );
    assert.deepStrictEqual(
      mycnfService({ mysqlFlavor: 'mysql' })
        .codeLens(mycnfDoc(text))
        .map((l) => l.command?.title),
      [
        '[mysqld] idle sessions closed after 1 h · dead clients found after 1 h (wait_timeout)',
        '[client] mysqldump and 4 more refuse to start (connect_timeout) · mysql: connect gives up after 5 s',
        '[mariadb] not read by the programs of MySQL 9.7',
      ],
    );
  });

  test('a [mysqld] line the server refuses: the lens says the server does not start', () => {
    const title = mycnfService().codeLens(mycnfDoc(lines('[mysqld]', 'wait_timout = 600', '')))[0].command?.title ?? '';
    assert.match(title, /refuses to start|does not start/);
  });
});

describe('the timeline command', () => {
  test('the text of the group a line is in; nothing before the first group', () => {
    const s = mycnfService();
    const d = mycnfDoc(SERVER_EXAMPLE);
    assert.equal(s.timeline(d, 0, 'text'), undefined);
    assert.equal(s.timeline(d, 5, 'text'), s.timeline(d, 1, 'text'));
    assert.deepStrictEqual(s.timeline(d, 16, 'text')?.split('\n'), [
      '[mysqldump]: mariadb-dump: connect gives up after 2 min 11 s (kernel SYN retries)',
      '  computed for mariadb-dump',
      "        2 min 11 s  mariadb-dump gives up connecting to an unreachable server: the kernel's SYN retries run out",
      '  values:',
      '    net.ipv4.tcp_syn_retries = 6  (setting `keepaliveLens.kernel.tcpSynRetries` (SYN retries before connect() fails))',
      '    net.ipv4.tcp_syn_linear_timeouts = 4  (setting `keepaliveLens.kernel.tcpSynLinearTimeouts` (SYN retries at a fixed 1 s before the backoff))',
      "  - connect_timeout also bounds each read and write of the handshake (MariaDB's client library, measured): with 0, mariadb's default, a server that accepts the connection but never sends its greeting holds the client indefinitely.",
      "  - For a host name with several addresses only the first attempt is bounded by connect_timeout; each further address waits for the kernel's SYN retries (MariaDB's client library, measured).",
      '  - The client programs have no read or write timeout of their own: a server that dies in the middle of a query is found by the kernel (the retransmission timeout while a request is unacknowledged; TCP keepalive, which the client library turns on, while the client waits for an answer).',
    ]);
  });
  test("both families, MariaDB's programs stopped by a last-line !include: no steps for them, a note naming them", () => {
    const s = mycnfService({ mysqlFlavor: 'both' });
    const d = mycnfDoc(lines('[mysqld]', 'wait_timeout=3600', '[client]', 'connect_timeout=5', '[mariadb]', 'port=1', '!include x'));
    const stop = "Wrong '!include' directive in config file: /etc/mysql/my.cnf at line 7";
    assert.deepStrictEqual(s.timeline(d, 5, 'text')?.split('\n'), [
      `[mariadb]: mariadbd does not start (${stop})`,
      '  computed for mariadbd (MariaDB 10.11) reading this file',
      `  - mariadbd (MariaDB 10.11) does not start with this file: error: ${stop}.`,
    ]);
    const refuses = (p: string) => `  - ${p} refuses to start: \`${p}: [ERROR] unknown variable 'connect_timeout=5'.\`.`;
    assert.deepStrictEqual(s.timeline(d, 3, 'text')?.split('\n'), [
      `[client]: mariadb and 6 more do not start (${stop}) · mysqldump and 4 more refuse to start (connect_timeout) · mysql: connect gives up after 5 s`,
      '  computed for mariadb, mariadb-dump, mariadb-admin, mariadb-check, mariadb-import, mariadb-show, mariadb-slap, mysql, mysqldump, mysqladmin, mysqlcheck, mysqlimport, mysqlshow, mysqlslap',
      '               5 s  mysql gives up connecting to an unreachable server (connect_timeout)',
      '  values:',
      '    mysql connect_timeout = 5  (line 4 (connect_timeout=5))',
      '    net.ipv4.tcp_syn_retries = 6  (setting `keepaliveLens.kernel.tcpSynRetries` (SYN retries before connect() fails))',
      '    net.ipv4.tcp_syn_linear_timeouts = 4  (setting `keepaliveLens.kernel.tcpSynLinearTimeouts` (SYN retries at a fixed 1 s before the backoff))',
      `  - mariadb, mariadb-dump, mariadb-admin, mariadb-check, mariadb-import, mariadb-show and mariadb-slap do not start: \`error: ${stop}\`.`,
      ...['mysqldump', 'mysqlcheck', 'mysqlimport', 'mysqlshow', 'mysqlslap'].map(refuses),
      "  - connect_timeout also bounds each read and write of the handshake (MariaDB's client library, measured): with 0, mariadb's default, a server that accepts the connection but never sends its greeting holds the client indefinitely.",
      "  - For a host name with several addresses only the first attempt is bounded by connect_timeout; each further address waits for the kernel's SYN retries (MariaDB's client library, measured).",
      '  - The client programs have no read or write timeout of their own: a server that dies in the middle of a query is found by the kernel (the retransmission timeout while a request is unacknowledged; TCP keepalive, which the client library turns on, while the client waits for an answer).',
    ]);
  });
});
