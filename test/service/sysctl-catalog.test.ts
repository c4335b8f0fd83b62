/**
 * The sysctl catalog, the kernel name lists and their lookups.
 *
 *   node --import tsx --test test/service/sysctl-catalog.test.ts
 *
 * What the kernel really accepts is checked by test/oracle/sysctl-kernel.test.ts; this file checks the
 * tables' shape and the exact answers of the lookups.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allSysctlKeys, allSysctlNames, inSysctlNamespaces, isKnownSysctlName, sysctlKey, sysctlSuggestions } from '../../server/src/service/catalog/sysctl';
import { SYSCTL_KEYS } from '../../server/src/service/catalog/sysctlKeys';
import { SYSCTL_GLOBAL_NAMES, SYSCTL_KEY_NAMES } from '../../server/src/service/catalog/sysctlNames';

/** The keys the timeline computes with; each needs real documentation. */
const DEEP = [
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
  'net.ipv4.tcp_retries1',
  'net.ipv4.tcp_retries2',
  'net.ipv4.tcp_syn_retries',
  'net.ipv4.tcp_synack_retries',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_orphan_retries',
  'net.ipv4.tcp_syn_linear_timeouts',
  'net.ipv4.tcp_rto_min_us',
  'net.ipv4.tcp_rto_max_ms',
  'net.netfilter.nf_conntrack_tcp_timeout_established',
  'net.netfilter.nf_conntrack_tcp_timeout_close_wait',
  'net.netfilter.nf_conntrack_tcp_timeout_time_wait',
  'net.netfilter.nf_conntrack_tcp_timeout_fin_wait',
  'net.netfilter.nf_conntrack_tcp_timeout_syn_sent',
  'net.netfilter.nf_conntrack_tcp_timeout_syn_recv',
  'net.netfilter.nf_conntrack_tcp_timeout_last_ack',
  'net.netfilter.nf_conntrack_tcp_timeout_close',
  'net.netfilter.nf_conntrack_tcp_timeout_unacknowledged',
  'net.netfilter.nf_conntrack_tcp_timeout_max_retrans',
  'net.netfilter.nf_conntrack_tcp_max_retrans',
  'net.netfilter.nf_conntrack_generic_timeout',
  'net.netfilter.nf_conntrack_udp_timeout',
  'net.netfilter.nf_conntrack_udp_timeout_stream',
];

function sentences(text: string): number {
  return text.split(/(?<=[.!?])\s+(?=[A-Z`"(])/).filter((s) => s.trim() !== '').length;
}

test('catalog names are unique, canonical and known to the kernel lists', () => {
  const names = SYSCTL_KEYS.map((k) => k.name);
  assert.equal(new Set(names).size, names.length);
  const kernel = new Set([...SYSCTL_KEY_NAMES, ...SYSCTL_GLOBAL_NAMES]);
  assert.deepStrictEqual(
    names.filter((n) => !kernel.has(n)),
    [],
  );
  for (const n of names) assert.match(n, /^net\.(ipv4|ipv6|core|netfilter|unix|mptcp)\.[a-z0-9_.*]+$/, n);
});

test('every entry is documented in one sentence, active, with a consistent value and default', () => {
  for (const k of SYSCTL_KEYS) {
    assert.equal(sentences(k.summary), 1, `${k.name}: ${k.summary}`);
    assert.ok(k.summary.endsWith('.'), k.name);
    assert.equal(k.status, 'active', k.name);
    assert.ok(k.syntax.length > 0, k.name);
    if (k.since !== undefined) assert.equal(k.product, 'Linux', k.name);
    if (k.default === undefined) continue;
    if (k.value.type === 'int') {
      const v = Number(k.default);
      assert.ok(Number.isInteger(v) && v >= k.value.min && v <= k.value.max, `${k.name} default ${k.default}`);
    } else if (k.value.type === 'ints') {
      const vs = k.default.split(' ').map(Number);
      assert.equal(vs.length, k.value.count, k.name);
      for (const v of vs) assert.ok(v >= k.value.min && v <= k.value.max, `${k.name} default ${k.default}`);
    }
  }
});

test('the keepalive family is documented in depth and marked', () => {
  const deep = SYSCTL_KEYS.filter((k) => k.keepalive).map((k) => k.name);
  assert.deepStrictEqual([...deep].sort(), [...DEEP].sort());
  for (const name of DEEP) {
    const k = sysctlKey(name)!;
    assert.ok(k.details && k.details.length > 150, name);
    assert.equal(k.perNamespace, true, name);
  }
});

test('the measured facts the analysis relies on', () => {
  const pick = (name: string) => {
    const k = sysctlKey(name)!;
    return { default: k.default, value: k.value, unit: k.unit, since: k.since };
  };
  assert.deepStrictEqual(pick('net.ipv4.tcp_keepalive_time'), {
    default: '7200',
    value: { type: 'int', min: -8589934, max: 8589934 },
    unit: 'seconds',
    since: undefined,
  });
  assert.deepStrictEqual(pick('net.ipv4.tcp_keepalive_intvl'), {
    default: '75',
    value: { type: 'int', min: -8589934, max: 8589934 },
    unit: 'seconds',
    since: undefined,
  });
  assert.deepStrictEqual(pick('net.ipv4.tcp_keepalive_probes'), { default: '9', value: { type: 'int', min: 0, max: 255 }, unit: 'count', since: undefined });
  assert.deepStrictEqual(pick('net.ipv4.tcp_retries2'), { default: '15', value: { type: 'int', min: 0, max: 255 }, unit: 'count', since: undefined });
  assert.deepStrictEqual(pick('net.ipv4.tcp_syn_retries'), { default: '6', value: { type: 'int', min: 1, max: 127 }, unit: 'count', since: undefined });
  assert.deepStrictEqual(pick('net.ipv4.tcp_syn_linear_timeouts'), { default: '4', value: { type: 'int', min: 0, max: 127 }, unit: 'count', since: '6.5' });
  assert.deepStrictEqual(pick('net.ipv4.tcp_rto_min_us'), {
    default: '200000',
    value: { type: 'int', min: 1, max: 2147483647 },
    unit: 'microseconds',
    since: '6.11',
  });
  assert.deepStrictEqual(pick('net.ipv4.tcp_rto_max_ms'), {
    default: '120000',
    value: { type: 'int', min: 1000, max: 120000 },
    unit: 'milliseconds',
    since: '6.15',
  });
  assert.deepStrictEqual(pick('net.netfilter.nf_conntrack_tcp_timeout_established'), {
    default: '432000',
    value: { type: 'int', min: -8589934, max: 8589934 },
    unit: 'seconds',
    since: undefined,
  });
  assert.deepStrictEqual(pick('net.ipv4.tcp_rmem'), {
    default: '4096 131072 33554432',
    value: { type: 'ints', count: 3, min: 1, max: 2147483647 },
    unit: 'bytes',
    since: undefined,
  });
  assert.deepStrictEqual(pick('net.ipv4.ip_local_port_range'), {
    default: '32768 60999',
    value: { type: 'ints', count: 2, min: 1, max: 65535 },
    unit: 'count',
    since: undefined,
  });
});

test('sysctlKey: exact names, per-interface names through their `*` entry, nothing else', () => {
  assert.equal(sysctlKey('net.ipv4.tcp_keepalive_time')?.name, 'net.ipv4.tcp_keepalive_time');
  assert.equal(sysctlKey('net.ipv4.conf.all.rp_filter')?.name, 'net.ipv4.conf.*.rp_filter');
  assert.equal(sysctlKey('net.ipv4.conf.default.rp_filter')?.name, 'net.ipv4.conf.*.rp_filter');
  assert.equal(sysctlKey('net.ipv4.conf.eth0/100.rp_filter')?.name, 'net.ipv4.conf.*.rp_filter');
  assert.equal(sysctlKey('net.ipv6.conf.lo.disable_ipv6')?.name, 'net.ipv6.conf.*.disable_ipv6');
  assert.equal(sysctlKey('net.ipv4.conf.*.rp_filter')?.name, 'net.ipv4.conf.*.rp_filter');
  assert.equal(sysctlKey('net.ipv4.tcp_keepalive_time '), undefined);
  assert.equal(sysctlKey('net/ipv4/tcp_keepalive_time'), undefined);
  assert.equal(sysctlKey('NET.IPV4.TCP_KEEPALIVE_TIME'), undefined);
  assert.equal(sysctlKey('net.ipv4.conf.eth0.rp_filter.x'), undefined);
  assert.equal(sysctlKey('net.ipv4.tcp_sack.eth0'), undefined);
  assert.equal(sysctlKey('kernel.pid_max'), undefined);
  assert.equal(sysctlKey(''), undefined);
});

test('isKnownSysctlName: catalog, kernel lists, `*` as exactly one segment', () => {
  const cases: Array<[string, boolean]> = [
    ['net.ipv4.tcp_keepalive_time', true],
    ['net.ipv4.tcp_mem', true],
    ['net.core.netdev_max_backlog', true],
    ['net.ipv4.conf.eth0.rp_filter', true],
    ['net.ipv4.conf.all.accept_local', true],
    ['net.ipv4.conf.eth0/100.arp_notify', true],
    ['net.ipv6.neigh.wlan0.retrans_time_ms', true],
    ['net.ipv4.neigh.default.gc_thresh3', true],
    ['net.ipv4.neigh.eth0.gc_thresh3', false],
    ['net.ipv4.conf.rp_filter', false],
    ['net.ipv4.conf.eth0.eth1.rp_filter', false],
    ['net.netfilter.nf_log.2', true],
    ['net.ipv4.tcp_keepalive_tim', false],
    ['net.ipv4.tcp_keepalive_time.', false],
    ['kernel.pid_max', false],
    ['', false],
  ];
  assert.deepStrictEqual(
    cases.map(([n]) => [n, isKnownSysctlName(n)]),
    cases,
  );
});

test('inSysctlNamespaces', () => {
  const cases: Array<[string, boolean]> = [
    ['net.ipv4.tcp_keepalive_time', true],
    ['net.ipv6.conf.all.disable_ipv6', true],
    ['net.core.somaxconn', true],
    ['net.netfilter.nf_conntrack_max', true],
    ['net.unix.max_dgram_qlen', true],
    ['net.mptcp.enabled', true],
    ['net.bridge.bridge-nf-call-iptables', false],
    ['net.nf_conntrack_max', false],
    ['net.ipv4', false],
    ['net.ipv4x.foo', false],
    ['kernel.pid_max', false],
    ['vm.swappiness', false],
  ];
  assert.deepStrictEqual(
    cases.map(([n]) => [n, inSysctlNamespaces(n)]),
    cases,
  );
});

test('sysctlSuggestions: did-you-mean, closest first', () => {
  const cases: Array<[string, string[]]> = [
    ['tcp_keepalive_intv', ['net.ipv4.tcp_keepalive_intvl']],
    ['net.ipv4.tcp_keepalive_probe', ['net.ipv4.tcp_keepalive_probes']],
    ['net.ipv4.tcp_keepalived_time', ['net.ipv4.tcp_keepalive_time']],
    ['net.ipv4.tcp_keepalive_itnvl', ['net.ipv4.tcp_keepalive_intvl']],
    ['NET.IPV4.TCP_KEEPALIVE_TIME', ['net.ipv4.tcp_keepalive_time']],
    ['net.ipv4.tcp-keepalive-time', ['net.ipv4.tcp_keepalive_time']],
    ['ipv4.tcp_keepalive_tim', ['net.ipv4.tcp_keepalive_time']],
    ['net.ipv4.tcp_keepalive', ['net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes', 'net.ipv4.tcp_keepalive_time']],
    ['net.ipv4.tcp_retries', ['net.ipv4.tcp_retries1', 'net.ipv4.tcp_retries2']],
    ['net.ipv4.tcp_syn_retry', ['net.ipv4.tcp_syn_retries']],
    ['net.ipv4.tcp_fin_timout', ['net.ipv4.tcp_fin_timeout']],
    ['net.netfilter.nf_conntrack_tcp_timeout_establised', ['net.netfilter.nf_conntrack_tcp_timeout_established']],
    ['net.core.somaxcon', ['net.core.somaxconn']],
    ['net.core.netdev_max_backlo', ['net.core.netdev_max_backlog']],
    ['net.ipv4.ip_forwad', ['net.ipv4.ip_forward']],
    ['tcp_rmem', ['net.ipv4.tcp_rmem']],
    ['net.ipv4.conf.eth0.rp_filtr', ['net.ipv4.conf.eth0.rp_filter', 'net.ipv4.conf.eth0.arp_filter']],
    ['rp_filtr', ['net.ipv4.conf.all.rp_filter']],
    ['net.ipv4.neigh.default.gc_thresh4', ['net.ipv4.neigh.default.gc_thresh1', 'net.ipv4.neigh.default.gc_thresh2', 'net.ipv4.neigh.default.gc_thresh3']],
    ['net.ipv4.tcp_keepalive_time', []],
    ['net.ipv4.conf.eth0.rp_filter', []],
    ['net.ipv4.foo', []],
    ['kernel.pid_max', []],
    ['', []],
  ];
  assert.deepStrictEqual(
    cases.map(([n]) => [n, sysctlSuggestions(n)]),
    cases,
  );
});

test('allSysctlNames and allSysctlKeys', () => {
  const names = allSysctlNames();
  assert.deepStrictEqual([...names], [...new Set(names)].sort());
  for (const n of [...SYSCTL_KEY_NAMES, ...SYSCTL_GLOBAL_NAMES, ...SYSCTL_KEYS.map((k) => k.name)]) assert.ok(names.includes(n), n);
  assert.equal(allSysctlKeys(), SYSCTL_KEYS);
  // The generated lists are sorted, free of duplicates and disjoint.
  for (const list of [SYSCTL_KEY_NAMES, SYSCTL_GLOBAL_NAMES]) assert.deepStrictEqual([...list], [...new Set(list)].sort());
  const perNs = new Set(SYSCTL_KEY_NAMES);
  assert.deepStrictEqual(
    SYSCTL_GLOBAL_NAMES.filter((n) => perNs.has(n)),
    [],
  );
});
