/**
 * The MySQL/MariaDB options Keepalive Lens models deeply: the server's idle and network timeouts, MariaDB's
 * own TCP keepalive settings, max_allowed_packet, and the client timeouts people put in `[client]`.
 *
 * MariaDB values were measured on the release in mycnfOptions.ts (MYCNF_MARIADB_VERSION):
 * defaults and ranges from `mariadbd --no-defaults --help --verbose` and information_schema.SYSTEM_VARIABLES
 * (MARIADB_SERVER_VARIABLES), clamping from real starts with out-of-range values (`SELECT @@var`), client
 * ranges from the clients' own clamping (the `ranges` of MARIADB_PROGRAMS), which programs accept an option
 * from the generated tables; test/oracle/mycnf-programs.test.ts repeats those measurements.
 *
 * MySQL 8 values come from the MySQL 8.0 Reference Manual, named per entry: "Server System Variables"
 * (https://dev.mysql.com/doc/refman/8.0/en/server-system-variables.html) and the option tables of the client
 * pages (mysql.html, mysqladmin.html, mysqldump.html). They are documented, not measured.
 *
 * All prose is our own.
 */
import { MARIADB_PROGRAMS, type MariadbProgram } from './mycnfOptions';
import type { MycnfMysqlValue, MycnfOptionSpec, MycnfUnit, MycnfValue } from './types';

const MYSQL_SYSVARS = 'MySQL 8.0 Reference Manual, Server System Variables (https://dev.mysql.com/doc/refman/8.0/en/server-system-variables.html)';
const MYSQL_CLIENTS =
  'MySQL 8.0 Reference Manual, option tables of mysql, mysqladmin, mysqldump, mysqlcheck, mysqlimport, mysqlshow and mysqlslap (https://dev.mysql.com/doc/refman/8.0/en/mysql-command-options.html and the sibling pages)';

/** 365 days: the upper bound of every server timeout (LONG_TIMEOUT in both servers). */
const LONG_TIMEOUT = 31536000;

/** The MariaDB programs whose option table has this exact name (measured, from the generated tables). */
function accepting(name: string, kind: 'client' | 'server'): readonly MariadbProgram[] {
  return (Object.keys(MARIADB_PROGRAMS) as MariadbProgram[]).filter(
    (p) => MARIADB_PROGRAMS[p].kind === kind && MARIADB_PROGRAMS[p].options[name] !== undefined,
  );
}

const int = (min: number, max: number, blockSize?: number): MycnfValue => ({ type: 'int', min, max, ...(blockSize ? { blockSize } : {}) });
/** A signed option: a negative value is clamped to the minimum with a warning instead of being fatal (measured). */
const signedInt = (min: number, max: number): MycnfValue => ({ type: 'int', min, max, signed: true });

function syntaxOf(value: MycnfValue, unit: MycnfUnit): string {
  if (value.type !== 'int') return value.type === 'enum' ? value.values.join(' | ') : value.type;
  const word = unit === 'seconds' ? 'seconds, ' : unit === 'bytes' ? 'bytes, ' : '';
  return `${word}${value.min}..${value.max}${value.blockSize ? ` (multiple of ${value.blockSize})` : ''}`;
}

interface Entry {
  readonly name: string;
  readonly scope: 'server' | 'client';
  readonly summary: string;
  readonly details: string;
  readonly default?: string;
  readonly value: MycnfValue;
  readonly unit: MycnfUnit;
  readonly since?: string;
  readonly mysql?: MycnfMysqlValue;
}

function entry(e: Entry): MycnfOptionSpec {
  return {
    name: e.name,
    summary: e.summary,
    details: e.details,
    ...(e.default !== undefined ? { default: e.default } : {}),
    syntax: syntaxOf(e.value, e.unit),
    ...(e.since ? { since: e.since, product: 'MariaDB' } : {}),
    status: 'active',
    keepalive: true,
    value: e.value,
    unit: e.unit,
    scope: e.scope,
    programs: accepting(e.name, e.scope),
    ...(e.mysql ? { mysql: e.mysql } : {}),
  };
}

const CLAMP_NOTE =
  'A value outside the range is not an error: the server clamps it and logs "option \'NAME\': unsigned value V adjusted to W". ' +
  'A negative value is fatal ("Incorrect unsigned value"), and so is any suffix other than K, M, G, T, P, E ' +
  '(powers of 1024: `1e3` reads as 1 E, 2^60, and is clamped to the maximum).';

const KEEPALIVE_NOTE =
  'Both servers turn on SO_KEEPALIVE for every client connection, so a dead client that never answers is found by TCP ' +
  'keepalive after time + interval × probes of silence. MariaDB sets the per-socket TCP_KEEPIDLE / TCP_KEEPINTVL / ' +
  "TCP_KEEPCNT from tcp_keepalive_time / _interval / _probes when they are not 0; 0 leaves the kernel's " +
  "net.ipv4.tcp_keepalive_* values of the server's network namespace in force. The kernel refuses per-socket values above " +
  '32767 s (time, interval) and 127 (probes): the server accepts them, the setsockopt fails silently and the kernel value ' +
  'stays (measured for tcp_keepalive_time=40000).';

/** The deep entries, server variables first; `connect_timeout` and `max_allowed_packet` exist once per scope. */
export const MYCNF_OPTIONS: readonly MycnfOptionSpec[] = [
  entry({
    name: 'wait_timeout',
    scope: 'server',
    summary: 'Seconds the server lets a non-interactive connection sit idle between statements before it closes it.',
    details: [
      'While a session waits for the next statement, the server reads with this timeout instead of net_read_timeout.',
      'When it expires the server closes the connection; the client only notices at its next statement ("server has',
      'gone away" / "Lost connection"). Sessions of interactive clients start from interactive_timeout instead.',
      '',
      'A connection pool that keeps connections idle longer than this hands out dead connections: its idle limit',
      '(HikariCP `maxLifetime`/`idleTimeout`, Go `SetConnMaxIdleTime`, ...) must be shorter.',
      '',
      CLAMP_NOTE,
    ].join('\n'),
    default: '28800',
    value: int(1, LONG_TIMEOUT),
    unit: 'seconds',
    mysql: { default: '28800', value: int(1, LONG_TIMEOUT), source: MYSQL_SYSVARS },
  }),
  entry({
    name: 'interactive_timeout',
    scope: 'server',
    summary: 'Idle limit that replaces wait_timeout for clients that connect as interactive.',
    details: [
      'A client that sets CLIENT_INTERACTIVE when it connects (the mariadb / mysql command-line client in an',
      'interactive session) gets this value as its session wait_timeout. Everything else uses wait_timeout.',
      '',
      CLAMP_NOTE,
    ].join('\n'),
    default: '28800',
    value: int(1, LONG_TIMEOUT),
    unit: 'seconds',
    mysql: { default: '28800', value: int(1, LONG_TIMEOUT), source: MYSQL_SYSVARS },
  }),
  entry({
    name: 'net_read_timeout',
    scope: 'server',
    summary: 'Seconds the server waits for more data from a client in the middle of a statement before it aborts the read.',
    details: [
      'Applies while a packet is being received (a long statement, LOAD DATA LOCAL streaming), not between statements',
      '(that wait is wait_timeout). When it expires the statement fails and the connection is closed.',
      '',
      'Client programs have no read timeout option: `read_timeout` in `[client]` makes every MariaDB client refuse to',
      'start. This server variable (in `[mysqld]`) is the setting that exists.',
      '',
      CLAMP_NOTE,
    ].join('\n'),
    default: '30',
    value: int(1, LONG_TIMEOUT),
    unit: 'seconds',
    mysql: { default: '30', value: int(1, LONG_TIMEOUT), source: MYSQL_SYSVARS },
  }),
  entry({
    name: 'net_write_timeout',
    scope: 'server',
    summary: 'Seconds the server waits for a write to a client to make progress before it aborts it.',
    details: [
      "A client that stops reading a large result (or dies while one is being sent) blocks the server's writes; after",
      'this long the statement is aborted and the connection closed. With the defaults it fires long before TCP gives',
      'up retransmitting (net.ipv4.tcp_retries2, about 15 min).',
      '',
      'Client programs have no write timeout option: `write_timeout` in `[client]` makes every MariaDB client refuse to',
      'start. This server variable (in `[mysqld]`) is the setting that exists.',
      '',
      CLAMP_NOTE,
    ].join('\n'),
    default: '60',
    value: int(1, LONG_TIMEOUT),
    unit: 'seconds',
    mysql: { default: '60', value: int(1, LONG_TIMEOUT), source: MYSQL_SYSVARS },
  }),
  entry({
    name: 'connect_timeout',
    scope: 'server',
    summary: 'Seconds the server waits for a new connection to complete its handshake before dropping it.',
    details: [
      'Covers the exchange after TCP accepts the connection (greeting, authentication packets). A client that stalls',
      'longer is dropped ("Bad handshake" / aborted connection). Not related to idle connections.',
      '',
      "Not the client programs' `connect_timeout` option, which limits how long a client tries to connect.",
      '',
      CLAMP_NOTE,
    ].join('\n'),
    default: '10',
    value: int(2, LONG_TIMEOUT),
    unit: 'seconds',
    mysql: { default: '10', value: int(2, LONG_TIMEOUT), source: MYSQL_SYSVARS },
  }),
  entry({
    name: 'tcp_keepalive_time',
    scope: 'server',
    summary: 'Idle seconds before the first TCP keepalive probe on client connections; 0 uses the kernel value.',
    details: [KEEPALIVE_NOTE, '', 'MariaDB only; MySQL 8 has no such variable and always uses the kernel values.'].join('\n'),
    default: '0',
    value: signedInt(0, 2147483),
    unit: 'seconds',
    since: '10.3.3',
  }),
  entry({
    name: 'tcp_keepalive_interval',
    scope: 'server',
    summary: 'Seconds between unanswered TCP keepalive probes on client connections; 0 uses the kernel value.',
    details: [KEEPALIVE_NOTE, '', 'MariaDB only; MySQL 8 has no such variable and always uses the kernel values.'].join('\n'),
    default: '0',
    value: signedInt(0, 2147483),
    unit: 'seconds',
    since: '10.3.3',
  }),
  entry({
    name: 'tcp_keepalive_probes',
    scope: 'server',
    summary: 'Unanswered TCP keepalive probes before a client connection is dropped; 0 uses the kernel value.',
    details: [KEEPALIVE_NOTE, '', 'MariaDB only; MySQL 8 has no such variable and always uses the kernel values.'].join('\n'),
    default: '0',
    value: signedInt(0, 2147483),
    unit: 'count',
    since: '10.3.3',
  }),
  entry({
    name: 'max_allowed_packet',
    scope: 'server',
    summary: 'Largest packet (statement, row, or replication event) the server accepts or sends, in bytes.',
    details: [
      'A bigger packet fails with ER_NET_PACKET_TOO_LARGE and the connection is closed, which clients often report as a',
      'lost connection. Values are rounded down to a multiple of 1024. The client programs have their own',
      '`max_allowed_packet` option, and the smaller of the two limits a transfer.',
      '',
      CLAMP_NOTE,
    ].join('\n'),
    default: '16777216',
    value: int(1024, 1073741824, 1024),
    unit: 'bytes',
    mysql: { default: '67108864', value: int(1024, 1073741824, 1024), source: MYSQL_SYSVARS },
  }),
  entry({
    name: 'connect_timeout',
    scope: 'client',
    summary: 'Seconds a client program tries to connect before it gives up.',
    details: [
      "Only `mariadb` (default 0: the program leaves the client library's own default in place) and `mariadb-admin`",
      '(default 43200) have this option. mariadb-dump, mariadb-check, mariadb-import, mariadb-show and mariadb-slap',
      'refuse to start when `[client]` holds it ("unknown variable \'connect_timeout=10\'", exit 7). Put it in `[mysql]`',
      'and `[mysqladmin]`, or write `loose-connect_timeout` so the others only warn.',
      '',
      'Values above 43200 are clamped to 43200 with a warning; negative values are fatal.',
    ].join('\n'),
    default: '0',
    value: int(0, 43200),
    unit: 'seconds',
    mysql: { default: '0', programs: ['mysql', 'mysqladmin'], source: MYSQL_CLIENTS },
  }),
  entry({
    name: 'max_allowed_packet',
    scope: 'client',
    summary: 'Largest packet a client program sends or accepts, in bytes.',
    details: [
      'Only `mariadb` (default 16 MiB) and `mariadb-dump` (default 24 MiB) have this option. mariadb-admin,',
      'mariadb-check, mariadb-import, mariadb-show and mariadb-slap refuse to start when `[client]` holds it. Put it in',
      '`[mysql]` and `[mysqldump]`, or write `loose-max_allowed_packet`.',
      '',
      "The clients clamp it to 4096..2147483648 with a warning. The server's own max_allowed_packet still limits what",
      'it accepts.',
    ].join('\n'),
    default: '16777216',
    value: int(4096, 2147483648),
    unit: 'bytes',
    mysql: { default: '16777216', programs: ['mysql', 'mysqldump'], source: MYSQL_CLIENTS },
  }),
  entry({
    name: 'read_timeout',
    scope: 'client',
    summary: 'Not an option of any client program: a client-library setting applications make in code.',
    details: [
      'The C client library has a read timeout (MYSQL_OPT_READ_TIMEOUT) that applications set with mysql_options().',
      'No MariaDB client program has an option of that name, so `read_timeout` in `[client]` makes mariadb,',
      'mariadb-dump, mariadb-admin, mariadb-check, mariadb-import, mariadb-show and mariadb-slap all exit with',
      '"unknown variable \'read_timeout=...\'" (exit 7) before connecting. The server-side setting is net_read_timeout',
      'in `[mysqld]`.',
    ].join('\n'),
    value: int(0, LONG_TIMEOUT),
    unit: 'seconds',
  }),
  entry({
    name: 'write_timeout',
    scope: 'client',
    summary: 'Not an option of any client program: a client-library setting applications make in code.',
    details: [
      'The C client library has a write timeout (MYSQL_OPT_WRITE_TIMEOUT) that applications set with mysql_options().',
      'No MariaDB client program has an option of that name, so `write_timeout` in `[client]` makes every MariaDB client',
      'program exit with "unknown variable \'write_timeout=...\'" (exit 7). The server-side setting is net_write_timeout',
      'in `[mysqld]`.',
    ].join('\n'),
    value: int(0, LONG_TIMEOUT),
    unit: 'seconds',
  }),
  entry({
    name: 'timeout',
    scope: 'client',
    summary: 'Not an option of any client program; Connector/C reads it as connect-timeout only for applications.',
    details: [
      'When an application asks MariaDB Connector/C to read option files, the library takes `timeout` as another name',
      'for its connect timeout. The client programs parse options themselves and have no `timeout`: each of them exits',
      'with "unknown variable \'timeout=...\'" when `[client]` holds it. Use `connect_timeout` in `[mysql]` /',
      '`[mysqladmin]`.',
    ].join('\n'),
    value: int(0, LONG_TIMEOUT),
    unit: 'seconds',
  }),
];
