/**
 * The MySQL/MariaDB option-file catalog: the generated tables' shape and the exact answers of the lookups.
 *
 *   node --import tsx --test test/service/mycnf-catalog.test.ts
 *
 * What the real programs do is checked by test/oracle/mycnf-programs.test.ts; this file pins the answers the
 * analysis will build on (which programs refuse which timeout option, the groups, name resolution).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  allMycnfNames,
  allMycnfOptions,
  MARIADB_CLIENT_PROGRAMS,
  MARIADB_PROGRAM_NAMES,
  MARIADB_SERIES,
  mycnfGroupReaders,
  mycnfGroupVerdicts,
  mycnfOption,
  mycnfProgramsAccepting,
  mycnfSuggestions,
  mycnfUnknownOptionMessage,
  normalizeMycnfName,
  programGroups,
  resolveMycnfOption,
  serverVariable,
} from '../../server/src/service/catalog/mycnf';
import {
  MARIADB_PROGRAMS,
  MARIADB_SERVER_VARIABLES,
  MYCNF_EXTRA_CANDIDATES,
  MYCNF_MEASURED_CLIENT_NAMES,
  MYCNF_MEASURED_NAMES,
} from '../../server/src/service/catalog/mycnfOptions';

function sentences(text: string): number {
  return text.split(/(?<=[.!?])\s+(?=[A-Z`"(])/).filter((s) => s.trim() !== '').length;
}

test('the generated tables are normalised and consistent', () => {
  assert.deepStrictEqual(MARIADB_PROGRAM_NAMES, [
    'mariadb',
    'mariadb-dump',
    'mariadb-admin',
    'mariadb-check',
    'mariadb-import',
    'mariadb-show',
    'mariadb-slap',
    'mariadbd',
  ]);
  assert.deepStrictEqual(MARIADB_CLIENT_PROGRAMS, MARIADB_PROGRAM_NAMES.slice(0, 7));
  assert.equal(MARIADB_SERIES, '10.11');
  const measured = new Set(MYCNF_MEASURED_NAMES);
  const measuredClient = new Set(MYCNF_MEASURED_CLIENT_NAMES);
  assert.deepStrictEqual([...MYCNF_MEASURED_NAMES], [...measured].sort());
  assert.deepStrictEqual([...MYCNF_MEASURED_CLIENT_NAMES], [...measuredClient].sort());
  for (const n of measuredClient) assert.ok(measured.has(n), n);
  for (const n of MYCNF_EXTRA_CANDIDATES) assert.ok(measuredClient.has(n), n);
  for (const p of MARIADB_PROGRAM_NAMES) {
    const t = MARIADB_PROGRAMS[p];
    assert.equal(t.program, p);
    for (const n of Object.keys(t.options)) {
      assert.match(n, /^[a-z0-9_]+$/, `${p} ${n}`);
      assert.ok((t.kind === 'client' ? measuredClient : measured).has(n), `${p} ${n} was measured`);
    }
    for (const [n, target] of Object.entries(t.resolvedAs)) {
      assert.ok(t.options[n] === undefined && t.options[target] !== undefined, `${p} ${n} -> ${target}`);
    }
    for (const n of t.listedButRejected) assert.equal(t.options[n], undefined, `${p} ${n}`);
    for (const n of Object.keys(t.effects)) assert.ok(t.options[n] !== undefined, `${p} ${n}`);
    for (const [n, r] of Object.entries(t.ranges)) {
      assert.equal(t.options[n], 'required', `${p} ${n}`);
      assert.ok(r.min <= r.default && r.default <= r.max, `${p} ${n}`);
    }
  }
  for (const [n, v] of Object.entries(MARIADB_SERVER_VARIABLES)) {
    assert.match(n, /^[a-z0-9_]+$/, n);
    if (v.min !== undefined && v.max !== undefined) assert.ok(v.min <= v.max, n);
  }
});

test('the groups each MariaDB program reads, as measured', () => {
  assert.deepStrictEqual(Object.fromEntries(MARIADB_PROGRAM_NAMES.map((p) => [p, programGroups(p)])), {
    mariadb: ['mysql', 'mariadb-client', 'client', 'client-server', 'client-mariadb'],
    'mariadb-dump': ['mysqldump', 'mariadb-dump', 'client', 'client-server', 'client-mariadb'],
    'mariadb-admin': ['mysqladmin', 'mariadb-admin', 'client', 'client-server', 'client-mariadb'],
    'mariadb-check': ['mysqlcheck', 'mariadb-check', 'client', 'client-server', 'client-mariadb'],
    'mariadb-import': ['mysqlimport', 'mariadb-import', 'client', 'client-server', 'client-mariadb'],
    'mariadb-show': ['mysqlshow', 'mariadb-show', 'client', 'client-server', 'client-mariadb'],
    'mariadb-slap': ['mysqlslap', 'mariadb-slap', 'client', 'client-server', 'client-mariadb'],
    mariadbd: ['mysqld', 'server', 'mysqld-10.11', 'mariadb', 'mariadb-10.11', 'mariadbd', 'mariadbd-10.11', 'client-server', 'galera'],
  });
  assert.deepStrictEqual(programGroups('mariadbd', '11.4'), [
    'mysqld',
    'server',
    'mysqld-11.4',
    'mariadb',
    'mariadb-11.4',
    'mariadbd',
    'mariadbd-11.4',
    'client-server',
    'galera',
  ]);
  // MySQL 9.7, measured: mysqld also reads [mysql_cluster]; the clients read neither [client-server] nor [client-mysql].
  assert.deepStrictEqual(programGroups('mysqld'), ['mysql_cluster', 'mysqld', 'server', 'mysqld-9.7']);
  assert.deepStrictEqual(programGroups('mysqld', '8.4'), ['mysql_cluster', 'mysqld', 'server', 'mysqld-8.4']);
  assert.deepStrictEqual(programGroups('mysqldump'), ['mysqldump', 'client']);
});

test('who reads a group: MariaDB and MySQL programs, case-insensitive, - and _ distinct, versioned groups per series', () => {
  const readers = (g: string): string[] => mycnfGroupReaders(g).map((r) => `${r.flavor}:${r.program}${r.series ? `@${r.series}` : ''}`);
  const clients = ['mariadb', 'mariadb-dump', 'mariadb-admin', 'mariadb-check', 'mariadb-import', 'mariadb-show', 'mariadb-slap'];
  const mysqlClients = ['mysql', 'mysqldump', 'mysqladmin', 'mysqlcheck', 'mysqlimport', 'mysqlshow', 'mysqlslap'];
  assert.deepStrictEqual(
    {
      client: readers('client'),
      CLIENT: readers('CLIENT'),
      ' client': readers(' client'),
      'client-server': readers('client-server'),
      client_server: readers('client_server'),
      'client-mariadb': readers('client-mariadb'),
      mysql: readers('mysql'),
      'mariadb-client': readers('mariadb-client'),
      mysqldump: readers('mysqldump'),
      'mariadb-dump': readers('mariadb-dump'),
      mysqld: readers('mysqld'),
      server: readers('server'),
      mariadb: readers('mariadb'),
      galera: readers('galera'),
      'mysqld-10.11': readers('mysqld-10.11'),
      'mariadbd-11.4': readers('mariadbd-11.4'),
      'mysqld-8.0': readers('mysqld-8.0'),
      'mysqld-5.5': readers('mysqld-5.5'),
      'client-mariadb-10.11': readers('client-mariadb-10.11'),
      mysqld_safe: readers('mysqld_safe'),
    },
    {
      client: [...clients.map((p) => `mariadb:${p}`), ...mysqlClients.map((p) => `mysql:${p}`)],
      CLIENT: [...clients.map((p) => `mariadb:${p}`), ...mysqlClients.map((p) => `mysql:${p}`)],
      ' client': [],
      'client-server': [...clients.map((p) => `mariadb:${p}`), 'mariadb:mariadbd'],
      client_server: [],
      'client-mariadb': clients.map((p) => `mariadb:${p}`),
      mysql: ['mariadb:mariadb', 'mysql:mysql'],
      'mariadb-client': ['mariadb:mariadb'],
      mysqldump: ['mariadb:mariadb-dump', 'mysql:mysqldump'],
      'mariadb-dump': ['mariadb:mariadb-dump'],
      mysqld: ['mariadb:mariadbd', 'mysql:mysqld'],
      server: ['mariadb:mariadbd', 'mysql:mysqld'],
      mariadb: ['mariadb:mariadbd'],
      galera: ['mariadb:mariadbd'],
      'mysqld-10.11': ['mariadb:mariadbd@10.11'],
      'mariadbd-11.4': ['mariadb:mariadbd@11.4'],
      'mysqld-8.0': ['mysql:mysqld@8.0'],
      'mysqld-5.5': ['mariadb:mariadbd@5.5', 'mysql:mysqld@5.5'],
      'client-mariadb-10.11': [],
      mysqld_safe: [],
    },
  );
});

test('the issue facts: which programs take the timeout options from an option file', () => {
  const names = ['connect_timeout', 'read_timeout', 'write_timeout', 'timeout', 'max_allowed_packet', 'net_read_timeout', 'wait_timeout', 'tcp_keepalive_time'];
  assert.deepStrictEqual(Object.fromEntries(names.map((n) => [n, mycnfProgramsAccepting(n)])), {
    connect_timeout: ['mariadb', 'mariadb-admin', 'mariadbd'],
    read_timeout: [],
    write_timeout: [],
    timeout: [],
    max_allowed_packet: ['mariadb', 'mariadb-dump', 'mariadbd'],
    net_read_timeout: ['mariadbd'],
    wait_timeout: ['mariadbd'],
    tcp_keepalive_time: ['mariadbd'],
  });
  const fatalIn = (group: string, name: string): string[] =>
    mycnfGroupVerdicts(group, name)
      .filter((v) => v.fatal)
      .map((v) => v.program);
  assert.deepStrictEqual(
    {
      'client connect_timeout': fatalIn('client', 'connect_timeout'),
      'client read_timeout': fatalIn('client', 'read_timeout'),
      'client max_allowed_packet': fatalIn('client', 'max_allowed_packet'),
      'client loose-read_timeout': fatalIn('client', 'loose-read_timeout'),
      'mysql connect_timeout': fatalIn('mysql', 'connect_timeout'),
      'client-server connect_timeout': fatalIn('client-server', 'connect_timeout'),
      'client-server wait_timeout': fatalIn('client-server', 'wait_timeout'),
      'mysqld read_timeout': fatalIn('mysqld', 'read_timeout'),
      'mysqld wait_timeout': fatalIn('mysqld', 'wait_timeout'),
      'client debug': fatalIn('client', 'debug'),
    },
    {
      'client connect_timeout': ['mariadb-dump', 'mariadb-check', 'mariadb-import', 'mariadb-show', 'mariadb-slap'],
      'client read_timeout': ['mariadb', 'mariadb-dump', 'mariadb-admin', 'mariadb-check', 'mariadb-import', 'mariadb-show', 'mariadb-slap'],
      'client max_allowed_packet': ['mariadb-admin', 'mariadb-check', 'mariadb-import', 'mariadb-show', 'mariadb-slap'],
      'client loose-read_timeout': [],
      'mysql connect_timeout': [],
      'client-server connect_timeout': ['mariadb-dump', 'mariadb-check', 'mariadb-import', 'mariadb-show', 'mariadb-slap'],
      'client-server wait_timeout': ['mariadb', 'mariadb-dump', 'mariadb-admin', 'mariadb-check', 'mariadb-import', 'mariadb-show', 'mariadb-slap'],
      'mysqld read_timeout': ['mariadbd'],
      'mysqld wait_timeout': [],
      // disabled in these builds; mariadb-admin has no debug option and reads it as the prefix of debug_check, debug_info
      'client debug': ['mariadb', 'mariadb-dump', 'mariadb-admin', 'mariadb-check', 'mariadb-slap'],
    },
  );
});

test('name resolution follows my_getopt: case, - and _, unique prefixes, special prefixes, loose', () => {
  assert.equal(normalizeMycnfName(' Connect-Timeout '), 'connect_timeout');
  const cases: Array<[Parameters<typeof resolveMycnfOption>[0], string]> = [
    ['mariadb', 'connect_timeout'],
    ['mariadb', 'CONNECT-TIMEOUT'],
    ['mariadb-dump', 'connect_timeout'],
    ['mariadb', 'loose-read_timeout'],
    ['mariadb', 'LOOSE_Connect-Timeout'],
    ['mariadb', 'skip-ssl'],
    ['mariadb', 'loose-skip-ssl'],
    ['mariadb', 'skip-connect-timeout'],
    ['mariadb', 'connect_time'],
    ['mariadb', 'connect'],
    ['mariadb', 'skip_database'],
    ['mariadb-dump', 'skip_database'],
    ['mariadb', 'debug'],
    ['mariadb', 'help'],
    ['mariadb', 'verbose'],
    ['mariadbd', 'wait'],
    ['mariadbd', 'innodb_cmp'],
    ['mariadbd', 'innodb_cmpmem'],
    ['mariadbd', 'host'],
    ['mariadbd', ''],
  ];
  assert.deepStrictEqual(
    cases.map(([p, n]) => [p, n, resolveMycnfOption(p, n)]),
    [
      ['mariadb', 'connect_timeout', { status: 'exact', option: 'connect_timeout', arg: 'required', modifiers: [], loose: false }],
      ['mariadb', 'CONNECT-TIMEOUT', { status: 'exact', option: 'connect_timeout', arg: 'required', modifiers: [], loose: false }],
      ['mariadb-dump', 'connect_timeout', { status: 'unknown', modifiers: [], loose: false }],
      ['mariadb', 'loose-read_timeout', { status: 'unknown', modifiers: ['loose'], loose: true }],
      ['mariadb', 'LOOSE_Connect-Timeout', { status: 'exact', option: 'connect_timeout', arg: 'required', modifiers: ['loose'], loose: true }],
      ['mariadb', 'skip-ssl', { status: 'exact', option: 'ssl', arg: 'bool', modifiers: ['skip'], loose: false }],
      ['mariadb', 'loose-skip-ssl', { status: 'exact', option: 'ssl', arg: 'bool', modifiers: ['loose', 'skip'], loose: true }],
      ['mariadb', 'skip-connect-timeout', { status: 'exact', option: 'connect_timeout', arg: 'required', modifiers: ['skip'], loose: false }],
      ['mariadb', 'connect_time', { status: 'prefix', option: 'connect_timeout', arg: 'required', modifiers: [], loose: false }],
      ['mariadb', 'connect', { status: 'ambiguous', candidates: ['connect_expired_password', 'connect_timeout'], modifiers: [], loose: false }],
      ['mariadb', 'skip_database', { status: 'exact', option: 'database', arg: 'required', modifiers: ['skip'], loose: false }],
      ['mariadb-dump', 'skip_database', { status: 'prefix', option: 'databases', arg: 'bool', modifiers: ['skip'], loose: false }],
      ['mariadb', 'debug', { status: 'exact', option: 'debug', arg: 'optional', effect: 'disabled', modifiers: [], loose: false }],
      ['mariadb', 'help', { status: 'exact', option: 'help', arg: 'none', effect: 'exits', modifiers: [], loose: false }],
      ['mariadb', 'verbose', { status: 'exact', option: 'verbose', arg: 'none', modifiers: [], loose: false }],
      ['mariadbd', 'wait', { status: 'prefix', option: 'wait_timeout', arg: 'required', modifiers: [], loose: false }],
      ['mariadbd', 'innodb_cmp', { status: 'prefix', option: 'innodb_cmp_per_index_enabled', arg: 'bool', modifiers: [], loose: false }],
      ['mariadbd', 'innodb_cmpmem', { status: 'exact', option: 'innodb_cmpmem', arg: 'optional', modifiers: [], loose: false }],
      ['mariadbd', 'host', { status: 'prefix', option: 'host_cache_size', arg: 'required', modifiers: [], loose: false }],
      ['mariadbd', '', { status: 'unknown', modifiers: [], loose: false }],
    ],
  );
});

test("refusal messages are the programs' own texts", () => {
  assert.deepStrictEqual(
    [
      mycnfUnknownOptionMessage('mariadb', 'read_timeout', '300'),
      mycnfUnknownOptionMessage('mariadb-dump', 'connect_timeout', '10'),
      mycnfUnknownOptionMessage('mariadb-show', 'timeout'),
      mycnfUnknownOptionMessage('mariadb', 'loose-read_timeout', '300'),
      mycnfUnknownOptionMessage('mariadb', 'loose-read_timeout'),
      mycnfUnknownOptionMessage('mariadbd', 'read_timeout', '5'),
      mycnfUnknownOptionMessage('mariadbd', 'loose-read_timeout', '5'),
    ],
    [
      "mariadb: unknown variable 'read_timeout=300'",
      "mariadb-dump: unknown variable 'connect_timeout=10'",
      "mariadb-show: unknown option '--timeout'",
      "Warning: mariadb: unknown variable 'loose-read_timeout=300'",
      "Warning: mariadb: unknown option '--loose-read_timeout'",
      "[ERROR] mariadbd: unknown variable 'read_timeout=5'",
      "[Warning] mariadbd: unknown variable 'loose-read_timeout=5'",
    ],
  );
});

test("did-you-mean over every known name, or over one program's options", () => {
  const cases: Array<[string, Parameters<typeof mycnfSuggestions>[1]]> = [
    ['wait_timout', undefined],
    ['net-read-timout', undefined],
    ['tcp_keepalive_tim', undefined],
    ['loose-wait_timout', undefined],
    ['connect-timout', 'mariadb'],
    ['wait_timout', 'mariadb'],
    ['max_allowed_packets', undefined],
    ['interactive_timeout', undefined],
    ['read_timeout', undefined],
    ['', undefined],
  ];
  assert.deepStrictEqual(
    cases.map(([n, p]) => [n, p ?? '*', mycnfSuggestions(n, p)]),
    [
      ['wait_timout', '*', ['wait_timeout']],
      ['net-read-timout', '*', ['net_read_timeout']],
      ['tcp_keepalive_tim', '*', ['tcp_keepalive_time']],
      ['loose-wait_timout', '*', ['wait_timeout']],
      ['connect-timout', 'mariadb', ['connect_timeout']],
      ['wait_timout', 'mariadb', []],
      ['max_allowed_packets', '*', ['max_allowed_packet']],
      ['interactive_timeout', '*', []],
      ['read_timeout', '*', []],
      ['', '*', []],
    ],
  );
  const all = allMycnfNames();
  assert.deepStrictEqual([...all], [...new Set(all)].sort());
  for (const o of allMycnfOptions()) assert.ok(all.includes(o.name), o.name);
});

test('the deep entries: one sentence each, defaults within range, programs measured', () => {
  const keys = allMycnfOptions().map((o) => `${o.scope}:${o.name}`);
  assert.deepStrictEqual(keys, [
    'server:wait_timeout',
    'server:interactive_timeout',
    'server:net_read_timeout',
    'server:net_write_timeout',
    'server:connect_timeout',
    'server:tcp_keepalive_time',
    'server:tcp_keepalive_interval',
    'server:tcp_keepalive_probes',
    'server:max_allowed_packet',
    'client:connect_timeout',
    'client:max_allowed_packet',
    'client:read_timeout',
    'client:write_timeout',
    'client:timeout',
  ]);
  for (const o of allMycnfOptions()) {
    assert.equal(sentences(o.summary), 1, `${o.name}: ${o.summary}`);
    assert.ok(o.summary.endsWith('.'), o.name);
    assert.ok(o.details && o.details.length > 150, o.name);
    assert.equal(o.status, 'active', o.name);
    assert.equal(o.keepalive, true, o.name);
    if (o.since !== undefined) assert.equal(o.product, 'MariaDB', o.name);
    if (o.default !== undefined && o.value.type === 'int') {
      const v = Number(o.default);
      assert.ok(v >= o.value.min && v <= o.value.max, `${o.name} default ${o.default}`);
    }
  }
  const pick = (name: string, scope: 'server' | 'client') => {
    const o = mycnfOption(name, scope)!;
    return {
      default: o.default,
      value: o.value,
      unit: o.unit,
      programs: o.programs,
      syntax: o.syntax,
      mysql: o.mysql && { default: o.mysql.default, value: o.mysql.value, programs: o.mysql.programs },
    };
  };
  assert.deepStrictEqual(pick('wait_timeout', 'server'), {
    default: '28800',
    value: { type: 'int', min: 1, max: 31536000 },
    unit: 'seconds',
    programs: ['mariadbd'],
    syntax: 'seconds, 1..31536000',
    mysql: { default: '28800', value: { type: 'int', min: 1, max: 31536000 }, programs: undefined },
  });
  assert.deepStrictEqual(pick('Connect-Timeout', 'server'), {
    default: '10',
    value: { type: 'int', min: 2, max: 31536000 },
    unit: 'seconds',
    programs: ['mariadbd'],
    syntax: 'seconds, 2..31536000',
    mysql: { default: '10', value: { type: 'int', min: 2, max: 31536000 }, programs: undefined },
  });
  assert.deepStrictEqual(pick('tcp_keepalive_probes', 'server'), {
    default: '0',
    value: { type: 'int', min: 0, max: 2147483, signed: true },
    unit: 'count',
    programs: ['mariadbd'],
    syntax: '0..2147483',
    mysql: undefined,
  });
  assert.deepStrictEqual(pick('max_allowed_packet', 'server'), {
    default: '16777216',
    value: { type: 'int', min: 1024, max: 1073741824, blockSize: 1024 },
    unit: 'bytes',
    programs: ['mariadbd'],
    syntax: 'bytes, 1024..1073741824 (multiple of 1024)',
    mysql: { default: '67108864', value: { type: 'int', min: 1024, max: 1073741824, blockSize: 1024 }, programs: undefined },
  });
  assert.deepStrictEqual(pick('connect_timeout', 'client'), {
    default: '0',
    value: { type: 'int', min: 0, max: 43200 },
    unit: 'seconds',
    programs: ['mariadb', 'mariadb-admin'],
    syntax: 'seconds, 0..43200',
    mysql: { default: '0', value: undefined, programs: ['mysql', 'mysqladmin'] },
  });
  assert.deepStrictEqual(pick('max_allowed_packet', 'client').programs, ['mariadb', 'mariadb-dump']);
  for (const n of ['read_timeout', 'write_timeout', 'timeout']) assert.deepStrictEqual(mycnfOption(n, 'client')!.programs, [], n);
  assert.equal(mycnfOption('wait_timeout', 'client'), undefined);
});

test("the deep server entries agree with the measured server variables, the client ones with the clients' clamping", () => {
  for (const o of allMycnfOptions()) {
    if (o.value.type !== 'int') continue;
    if (o.scope === 'server') {
      const v = serverVariable('mariadb', o.name)!;
      assert.deepStrictEqual(
        { default: o.default, min: BigInt(o.value.min), max: BigInt(o.value.max), blockSize: o.value.blockSize },
        { default: v.default, min: v.min, max: v.max, blockSize: v.blockSize },
        o.name,
      );
    } else {
      for (const p of o.programs) {
        const r = MARIADB_PROGRAMS[p as keyof typeof MARIADB_PROGRAMS].ranges[o.name]!;
        assert.deepStrictEqual([r.min, r.max], [BigInt(o.value.min), BigInt(o.value.max)], `${p} ${o.name}`);
      }
    }
  }
  assert.equal(serverVariable('mariadb', 'Wait-Timeout')?.scope, 'session');
  assert.equal(serverVariable('mariadb', 'read_timeout'), undefined);
});
