/** The other net.ipv4 keys, the per-interface conf keys and net.ipv6. define.ts says how the ranges and defaults were measured. */
import type { SysctlKeySpec, SysctlUnit, SysctlValue } from '../types';
import { anyInt, bool, INT_MAX, INT_UNBOUNDED, int, key, U8_UNBOUNDED, UINT_MAX, u8 } from './define';

export const IPV4: readonly SysctlKeySpec[] = [
  key('net.ipv4.tcp_rmem', {
    summary: 'Receive buffer sizes of TCP sockets: minimum, initial and the maximum autotuning may grow to.',
    details:
      'The maximum depends on memory (32 MB once the machine has about 4 GB; the cap was 6 MB before Linux 6.16) and is ' +
      "ignored by sockets that set SO_RCVBUF. A new network namespace copies the initial namespace's value. Each " +
      'number must be 1..2147483647; writing fewer than three numbers changes only the first ones.',
    value: { type: 'ints', count: 3, min: 1, max: INT_MAX },
    unit: 'bytes',
    default: '4096 131072 33554432',
  }),
  key('net.ipv4.tcp_wmem', {
    summary: 'Send buffer sizes of TCP sockets: minimum, initial and the maximum autotuning may grow to.',
    details:
      'The maximum depends on memory (4 MB once the machine has about 512 MB). A new network namespace copies the initial ' +
      "namespace's value. Each number must be 1..2147483647; writing fewer than three numbers changes only the first ones.",
    value: { type: 'ints', count: 3, min: 1, max: INT_MAX },
    unit: 'bytes',
    default: '4096 16384 4194304',
  }),
  key('net.ipv4.tcp_congestion_control', {
    summary: 'The congestion control algorithm new TCP sockets use.',
    details:
      'The built-in default is chosen when the kernel is built (CONFIG_DEFAULT_TCP_CONG: cubic unless changed; the ' +
      'reference kernel uses bbr). The name is case-sensitive and must be in net.ipv4.tcp_available_congestion_control; ' +
      'outside the initial namespace it must also be in net.ipv4.tcp_allowed_congestion_control (else EPERM). A new ' +
      "network namespace starts with the initial namespace's choice.",
    value: { type: 'text' },
    unit: 'mode',
    default: 'cubic',
    syntax: 'algorithm name (cubic, reno, bbr, ...)',
  }),
  key('net.ipv4.ip_forward', {
    summary: 'Whether the host routes IPv4 packets between its interfaces.',
    details: `Writing it sets net.ipv4.conf.all.forwarding and every interface's forwarding. A new network namespace copies the initial namespace's value (see net.core.devconf_inherit_init_net). ${INT_UNBOUNDED}`,
    value: anyInt,
    unit: 'flag',
    default: '0',
  }),
  key('net.ipv4.ip_local_port_range', {
    summary: 'The range of local ports the kernel picks from for outgoing connections and unbound sockets.',
    details:
      'Two numbers, low and high, each 1..65535. The kernel also rejects a range whose high end is below its low end ' +
      'and one whose low end is below net.ipv4.ip_unprivileged_port_start (1024 by default). Prefer a low and a high ' +
      'end of different parity.',
    value: { type: 'ints', count: 2, min: 1, max: 65535 },
    unit: 'count',
    default: '32768 60999',
    syntax: 'low high, each 1..65535',
  }),
  key('net.ipv4.ip_local_reserved_ports', {
    summary: 'Ports (a comma-separated list of ports and ranges) the kernel never picks automatically.',
    value: { type: 'text' },
    unit: 'count',
    default: '',
    syntax: 'port[-port][,...]',
  }),
  key('net.ipv4.ip_unprivileged_port_start', {
    summary: 'The first port that processes without CAP_NET_BIND_SERVICE may bind.',
    details: 'The kernel accepts 0..65535 but rejects values above the low end of net.ipv4.ip_local_port_range.',
    value: int(0, 65535),
    unit: 'count',
    default: '1024',
    since: '4.11',
  }),
  key('net.ipv4.ip_default_ttl', { summary: 'The TTL of IPv4 packets the host sends.', value: int(1, 255), unit: 'count', default: '64' }),
  key('net.ipv4.ip_nonlocal_bind', {
    summary: 'Whether processes may bind to IPv4 addresses the host does not have.',
    details: U8_UNBOUNDED,
    value: u8,
    unit: 'flag',
    default: '0',
  }),
  key('net.ipv4.ip_no_pmtu_disc', {
    summary: 'Turns off IPv4 path MTU discovery (1) or selects a stricter mode (2, 3).',
    details: U8_UNBOUNDED,
    value: u8,
    unit: 'mode',
    default: '0',
  }),
  key('net.ipv4.tcp_syncookies', {
    summary: 'Whether TCP answers with SYN cookies when the SYN queue overflows (1) or always (2).',
    details: U8_UNBOUNDED,
    value: u8,
    unit: 'mode',
    default: '1',
  }),
  key('net.ipv4.tcp_tw_reuse', {
    summary: 'Whether new outgoing connections may reuse TIME_WAIT ports: 0 never, 1 always, 2 for loopback only.',
    value: int(0, 2),
    unit: 'mode',
    default: '2',
  }),
  key('net.ipv4.tcp_fastopen', {
    summary: 'Bit mask that enables TCP Fast Open for clients (1) and servers (2).',
    details: INT_UNBOUNDED,
    value: anyInt,
    unit: 'mode',
    default: '1',
  }),
  key('net.ipv4.tcp_max_syn_backlog', {
    summary: 'The maximum number of half-open connections a listener remembers.',
    details: `The default scales with the TCP hash table, hence with memory. ${INT_UNBOUNDED}`,
    value: anyInt,
    unit: 'count',
    default: '2048',
  }),
  key('net.ipv4.tcp_max_tw_buckets', {
    summary: 'The maximum number of connections in TIME_WAIT; beyond it they are destroyed at once.',
    details: `The default scales with the TCP hash table, hence with memory. ${INT_UNBOUNDED}`,
    value: anyInt,
    unit: 'count',
    default: '131072',
  }),
  key('net.ipv4.tcp_mtu_probing', {
    summary: 'Packetization-layer path MTU discovery: 0 off, 1 after a black hole is suspected, 2 always.',
    details: `It starts when \`tcp_retries1\` is reached without an acknowledgement. ${U8_UNBOUNDED}`,
    value: u8,
    unit: 'mode',
    default: '0',
  }),
  key('net.ipv4.tcp_base_mss', {
    summary: 'The MSS packetization-layer MTU discovery starts from.',
    details: INT_UNBOUNDED,
    value: anyInt,
    unit: 'bytes',
    default: '1024',
  }),
  key('net.ipv4.tcp_probe_interval', {
    summary: 'How often packetization-layer MTU discovery probes for a larger MTU again.',
    value: int(0, 17179869),
    unit: 'seconds',
    default: '600',
  }),
  key('net.ipv4.tcp_slow_start_after_idle', {
    summary: 'Whether a connection that was idle restarts from a small congestion window.',
    details: U8_UNBOUNDED,
    value: u8,
    unit: 'flag',
    default: '1',
  }),
  key('net.ipv4.tcp_timestamps', {
    summary: 'Whether TCP uses RFC 1323 timestamps (2: without random offsets).',
    details: U8_UNBOUNDED,
    value: u8,
    unit: 'mode',
    default: '1',
  }),
  key('net.ipv4.tcp_sack', { summary: 'Whether TCP uses selective acknowledgements.', details: U8_UNBOUNDED, value: u8, unit: 'flag', default: '1' }),
  key('net.ipv4.tcp_dsack', {
    summary: 'Whether TCP sends duplicate selective acknowledgements.',
    details: U8_UNBOUNDED,
    value: u8,
    unit: 'flag',
    default: '1',
  }),
  key('net.ipv4.tcp_window_scaling', {
    summary: 'Whether TCP uses window scaling, needed for windows above 64 KB.',
    details: U8_UNBOUNDED,
    value: u8,
    unit: 'flag',
    default: '1',
  }),
  key('net.ipv4.tcp_ecn', {
    summary: 'Explicit Congestion Notification: 0 off, 1 also request it, 2 only accept it when asked.',
    value: int(0, 2),
    unit: 'mode',
    default: '2',
  }),
  key('net.ipv4.tcp_ecn_fallback', {
    summary: 'Whether TCP falls back to non-ECN when ECN seems broken on the path.',
    value: bool,
    unit: 'flag',
    default: '1',
  }),
  key('net.ipv4.tcp_notsent_lowat', {
    summary: 'How much unsent data a socket may hold before it stops reporting itself writable.',
    value: int(0, UINT_MAX),
    unit: 'bytes',
    default: '4294967295',
  }),
  key('net.ipv4.tcp_no_metrics_save', {
    summary: 'Whether TCP forgets per-destination metrics (RTT, ssthresh) when a connection closes.',
    details: U8_UNBOUNDED,
    value: u8,
    unit: 'flag',
    default: '0',
  }),
  key('net.ipv4.tcp_moderate_rcvbuf', {
    summary: 'Whether TCP autotunes receive buffers within tcp_rmem.',
    details: U8_UNBOUNDED,
    value: u8,
    unit: 'flag',
    default: '1',
  }),
  key('net.ipv4.tcp_adv_win_scale', {
    summary: 'How much of the receive buffer counts as window rather than overhead.',
    value: int(-31, 31),
    unit: 'count',
    default: '1',
  }),
  key('net.ipv4.tcp_app_win', {
    summary: 'How much of the window is reserved for application buffering (window / 2^n).',
    value: int(0, 31),
    unit: 'count',
    default: '31',
  }),
  key('net.ipv4.tcp_frto', {
    summary: 'Forward RTO-recovery (F-RTO), which detects spurious retransmission timeouts.',
    details: U8_UNBOUNDED,
    value: u8,
    unit: 'mode',
    default: '2',
  }),
  key('net.ipv4.tcp_early_retrans', {
    summary: 'Tail loss probe and early retransmit: 3 enables tail loss probes.',
    value: int(0, 4),
    unit: 'mode',
    default: '3',
  }),
  key('net.ipv4.tcp_abort_on_overflow', {
    summary: 'Whether a listener with a full accept queue resets new connections instead of ignoring them.',
    details: U8_UNBOUNDED,
    value: u8,
    unit: 'flag',
    default: '0',
  }),
  key('net.ipv4.tcp_rfc1337', {
    summary: 'Whether TIME_WAIT sockets ignore RST segments (RFC 1337).',
    details: U8_UNBOUNDED,
    value: u8,
    unit: 'flag',
    default: '0',
  }),
  key('net.ipv4.tcp_thin_linear_timeouts', {
    summary: 'Whether thin streams (few packets in flight) retransmit with a constant timeout for the first 6 retransmissions.',
    details: `It makes retransmissions of thin streams faster but does not change when \`tcp_retries2\` gives up. ${U8_UNBOUNDED}`,
    value: u8,
    unit: 'flag',
    default: '0',
  }),
  key('net.ipv4.tcp_limit_output_bytes', {
    summary: 'How many bytes one TCP socket may have queued in the device layers (TCP small queues).',
    details: INT_UNBOUNDED,
    value: anyInt,
    unit: 'bytes',
    default: '4194304',
  }),
  key('net.ipv4.tcp_autocorking', {
    summary: 'Whether TCP coalesces small writes while earlier packets are still queued.',
    value: bool,
    unit: 'flag',
    default: '1',
  }),
  key('net.ipv4.udp_rmem_min', {
    summary: 'The receive buffer every UDP socket may use even under memory pressure.',
    value: int(1, INT_MAX),
    unit: 'bytes',
    default: '4096',
  }),
  key('net.ipv4.udp_wmem_min', {
    summary: 'The send buffer every UDP socket may use even under memory pressure.',
    value: int(1, INT_MAX),
    unit: 'bytes',
    default: '4096',
  }),
  key('net.ipv4.icmp_echo_ignore_all', { summary: 'Whether the host ignores all IPv4 echo requests (ping).', value: bool, unit: 'flag', default: '0' }),
  key('net.ipv4.icmp_echo_ignore_broadcasts', {
    summary: 'Whether the host ignores IPv4 echo requests sent to broadcast or multicast addresses.',
    value: bool,
    unit: 'flag',
    default: '1',
  }),
  key('net.ipv4.icmp_ignore_bogus_error_responses', {
    summary: 'Whether the kernel stays silent about ICMP errors sent in reply to broadcasts.',
    value: bool,
    unit: 'flag',
    default: '1',
  }),
  key('net.ipv4.igmp_max_memberships', {
    summary: 'The maximum number of IPv4 multicast groups one socket may join.',
    details: INT_UNBOUNDED,
    value: anyInt,
    unit: 'count',
    default: '20',
  }),
];

/** IPv4 per-interface keys: conf.all, conf.default and conf.<interface>. */
function ipv4Conf(leaf: string, summary: string, def: string, unit: SysctlUnit, note = ''): SysctlKeySpec {
  return key(`net.ipv4.conf.*.${leaf}`, {
    summary,
    details:
      `${note ? `${note} ` : ''}Exists as conf.all, conf.default (copied to interfaces created later) and one per interface. ` +
      `A new network namespace copies conf.all and conf.default from the initial namespace. ${INT_UNBOUNDED}`,
    value: anyInt,
    unit,
    default: def,
  });
}

export const IPV4_CONF: readonly SysctlKeySpec[] = [
  ipv4Conf(
    'rp_filter',
    'Reverse-path filtering of incoming IPv4 packets: 0 off, 1 strict, 2 loose.',
    '0',
    'mode',
    'The interface uses the larger of conf.all and its own value.',
  ),
  ipv4Conf('forwarding', 'Whether IPv4 packets are forwarded to and from this interface.', '0', 'flag'),
  ipv4Conf('accept_redirects', 'Whether ICMP redirects are accepted.', '1', 'flag'),
  ipv4Conf('secure_redirects', 'Whether ICMP redirects are accepted only from gateways in the routing table.', '1', 'flag'),
  ipv4Conf('send_redirects', 'Whether the host sends ICMP redirects when it routes.', '1', 'flag'),
  ipv4Conf('log_martians', 'Whether packets with impossible addresses are logged.', '0', 'flag'),
  ipv4Conf('arp_ignore', 'Which ARP requests the interface answers (0 any local address, 1 only its own, ...).', '0', 'mode'),
  ipv4Conf('arp_announce', 'Which source address ARP requests use (0 any, 1 try the subnet, 2 best).', '0', 'mode'),
  ipv4Conf('arp_filter', 'Whether ARP replies come only from the interface the kernel would route through.', '0', 'flag'),
  ipv4Conf('proxy_arp', 'Whether the interface answers ARP for addresses it routes to.', '0', 'flag'),
  ipv4Conf('route_localnet', 'Whether 127.0.0.0/8 addresses may be routed on this interface (used by DNAT to localhost).', '0', 'flag'),
  ipv4Conf('promote_secondaries', 'Whether a secondary address is promoted when the primary address is removed.', '0', 'flag'),
];

/** IPv6 per-interface keys: these start from the built-in defaults in a new namespace. */
function ipv6Conf(leaf: string, summary: string, def: string, unit: SysctlUnit, value: SysctlValue = anyInt): SysctlKeySpec {
  return key(`net.ipv6.conf.*.${leaf}`, {
    summary,
    details: `Exists as conf.all, conf.default (copied to interfaces created later) and one per interface.${value === anyInt ? ` ${INT_UNBOUNDED}` : ''}`,
    value,
    unit,
    default: def,
  });
}

export const IPV6: readonly SysctlKeySpec[] = [
  ipv6Conf('disable_ipv6', 'Turns IPv6 off on the interface (conf.all: everywhere).', '0', 'flag'),
  ipv6Conf('forwarding', 'Whether the host routes IPv6 (and then ignores router advertisements unless accept_ra is 2).', '0', 'flag'),
  ipv6Conf('accept_ra', 'Whether router advertisements are accepted: 0 no, 1 unless forwarding, 2 even when forwarding.', '1', 'mode'),
  ipv6Conf('accept_redirects', 'Whether ICMPv6 redirects are accepted.', '1', 'flag'),
  ipv6Conf('autoconf', 'Whether addresses are configured from router advertisements (SLAAC).', '1', 'flag'),
  ipv6Conf('use_tempaddr', 'Privacy extensions: 0 off, 1 create temporary addresses, 2 also prefer them.', '0', 'mode'),
  ipv6Conf('hop_limit', 'The hop limit of IPv6 packets the host sends.', '64', 'count', int(1, 255)),
  key('net.ipv6.bindv6only', {
    summary: 'Whether IPv6 sockets refuse IPv4-mapped connections unless they ask for them.',
    details: U8_UNBOUNDED,
    value: u8,
    unit: 'flag',
    default: '0',
  }),
];
