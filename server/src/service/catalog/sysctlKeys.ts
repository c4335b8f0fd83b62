/**
 * The Linux network sysctls Keepalive Lens knows, with what the kernel really accepts.
 *
 * Every range (`value.min`/`value.max`) and every default of a per-namespace key was measured on the
 * reference kernel below, in a fresh network namespace (`unshare -n`), by writing the boundary values to
 * /proc/sys; test/oracle/sysctl-kernel.test.ts repeats the measurement. The behaviour described in
 * `details` was read in the kernel sources (net/ipv4/tcp_timer.c, include/net/tcp.h,
 * net/ipv4/sysctl_net_ipv4.c, net/netfilter/nf_conntrack_proto_{tcp,udp}.c, kernel/sysctl.c). All prose
 * is our own.
 *
 * - Names use the dotted form `sysctl -a` prints. Per-interface keys are written with `*` in the interface
 *   segment (`net.ipv4.conf.*.rp_filter` stands for conf.all, conf.default and conf.eth0).
 * - Time keys stored in jiffies (the `*_time`, `*_intvl`, `*_timeout` keys) accept -INT_MAX/HZ..INT_MAX/HZ
 *   seconds, so their range depends on the kernel's HZ: 8589934 at HZ=250 (the reference kernel),
 *   2147483 at HZ=1000, 21474836 at HZ=100.
 * - `default` is what a fresh network namespace shows. A few keys are copied from the initial namespace
 *   when a namespace is created instead of starting from the built-in value (SYSCTL_INHERITED_KEYS);
 *   their `default` is the built-in value. Vector values are written with single spaces (the kernel
 *   prints tabs).
 */
import type { SysctlKeySpec, SysctlUnit, SysctlValue } from './types';

/** The kernel the ranges and defaults were measured on. */
export const SYSCTL_REFERENCE_KERNEL = { release: '6.18.44', hz: 250 } as const;

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;
const UINT_MAX = 4294967295;
/** INT_MAX / HZ: the largest number of seconds a jiffies-backed key takes on the reference kernel. */
const JIFFY_SECONDS_MAX = Math.floor(INT_MAX / SYSCTL_REFERENCE_KERNEL.hz);

const anyInt: SysctlValue = { type: 'int', min: INT_MIN, max: INT_MAX };
const u8: SysctlValue = { type: 'int', min: 0, max: 255 };
const bool: SysctlValue = { type: 'int', min: 0, max: 1 };
const jiffySeconds: SysctlValue = { type: 'int', min: -JIFFY_SECONDS_MAX, max: JIFFY_SECONDS_MAX };
const int = (min: number, max: number): SysctlValue => ({ type: 'int', min, max });

/**
 * Keys that a new network namespace copies from the initial namespace instead of starting from the
 * built-in default: the IPv4 conf.all / conf.default tables (and net.ipv4.ip_forward, which is
 * conf.all.forwarding) while net.core.devconf_inherit_init_net is 0 or 1, the TCP buffer vectors, and the
 * default congestion control.
 */
export const SYSCTL_INHERITED_KEYS: readonly string[] = [
  'net.ipv4.conf.*',
  'net.ipv4.ip_forward',
  'net.ipv4.tcp_congestion_control',
  'net.ipv4.tcp_rmem',
  'net.ipv4.tcp_wmem',
];

function syntaxOf(value: SysctlValue, unit: SysctlUnit): string {
  const word: Partial<Record<SysctlUnit, string>> = { seconds: 'seconds', milliseconds: 'milliseconds', microseconds: 'microseconds', bytes: 'bytes' };
  const what = word[unit];
  switch (value.type) {
    case 'int':
      if (unit === 'flag' && value.min === 0 && value.max === 1) return '0 | 1';
      return `${what ? `${what}, ` : ''}${value.min}..${value.max}`;
    case 'ints':
      return `${value.count} integers${what ? ` (${what})` : ''}, each ${value.min}..${value.max}`;
    case 'text':
      return value.values ? value.values.join(' | ') : 'text';
  }
}

interface Short {
  readonly summary: string;
  readonly value: SysctlValue;
  readonly unit: SysctlUnit;
  readonly default?: string;
  readonly perNamespace?: boolean;
  readonly since?: string;
  readonly details?: string;
  readonly syntax?: string;
}

/** An entry without the deep documentation; per-namespace unless stated. */
function key(name: string, s: Short): SysctlKeySpec {
  return {
    name,
    summary: s.summary,
    ...(s.details ? { details: s.details } : {}),
    ...(s.default !== undefined ? { default: s.default } : {}),
    syntax: s.syntax ?? syntaxOf(s.value, s.unit),
    ...(s.since ? { since: s.since, product: 'Linux' } : {}),
    status: 'active',
    value: s.value,
    unit: s.unit,
    perNamespace: s.perNamespace ?? true,
  };
}

const JIFFIES_NOTE =
  `The value is stored in jiffies, so the kernel accepts -INT_MAX/HZ..INT_MAX/HZ seconds: ` +
  `-${JIFFY_SECONDS_MAX}..${JIFFY_SECONDS_MAX} at HZ=250, -2147483..2147483 at HZ=1000. ` +
  'Zero and negative values are not rejected.';

const U8_NOTE = (what: string): string =>
  `Since Linux 5.13 (and the 5.10 stable series from April 2023) ${what} is a u8: 256 and negative values are rejected. ` +
  'Older kernels stored a plain int and accepted any 32-bit value.';

const CONNTRACK_NOTE =
  'Conntrack keeps one timer per flow; every packet conntrack accepts for the flow (TCP keepalive probes included) ' +
  'restarts it with the timeout of the state the flow is in. When it expires the entry is deleted, and a NAT or ' +
  'stateful firewall then drops the next packet of the flow instead of forwarding it. Per network namespace; the ' +
  'net.netfilter keys exist only while nf_conntrack is loaded, so a sysctl file applied at boot may fail to set ' +
  `them on kernels that build it as a module. ${JIFFIES_NOTE}`;

function conntrackTcp(state: string, def: string, summary: string, extra: string): SysctlKeySpec {
  return {
    name: `net.netfilter.nf_conntrack_tcp_timeout_${state}`,
    summary,
    details: `${extra}\n\n${CONNTRACK_NOTE}`,
    default: def,
    syntax: `seconds, ${-JIFFY_SECONDS_MAX}..${JIFFY_SECONDS_MAX}`,
    status: 'active',
    keepalive: true,
    value: jiffySeconds,
    unit: 'seconds',
    perNamespace: true,
  };
}

const TCP_KEEPALIVE: readonly SysctlKeySpec[] = [
  {
    name: 'net.ipv4.tcp_keepalive_time',
    summary: 'How long a connection with SO_KEEPALIVE must be idle before the kernel sends the first keepalive probe.',
    details: [
      'Only sockets that turned on `SO_KEEPALIVE` are probed (OpenSSH with `TCPKeepAlive yes`, MySQL and MariaDB servers for',
      'client connections). Idle means nothing received from the peer for this long. No probe is sent while data is',
      'unacknowledged or waiting to be sent: then the retransmission timeout (`tcp_retries2`) decides.',
      '',
      'A peer that stays silent is declared dead after **tcp_keepalive_time + tcp_keepalive_intvl × tcp_keepalive_probes**',
      '(defaults: 7200 + 75 × 9 = 7875 s, 2 h 11 min 15 s), and the application gets ETIMEDOUT.',
      '',
      'Per-socket `TCP_KEEPIDLE` (1..32767 s) overrides it; a socket that never set it reads the sysctl each time its',
      'keepalive timer runs, so a change reaches existing connections at their next timer. `TCP_USER_TIMEOUT`, when set,',
      'replaces the probe count: the connection is dropped once it has been idle that long and at least one probe went out.',
      '',
      `${JIFFIES_NOTE} 0 makes the first probe leave as soon as the timer runs; a negative value compares as a huge`,
      'unsigned number, so no probe is ever sent in practice.',
    ].join('\n'),
    default: '7200',
    syntax: `seconds, ${-JIFFY_SECONDS_MAX}..${JIFFY_SECONDS_MAX}`,
    status: 'active',
    keepalive: true,
    value: jiffySeconds,
    unit: 'seconds',
    perNamespace: true,
  },
  {
    name: 'net.ipv4.tcp_keepalive_intvl',
    summary: 'Seconds between two keepalive probes that went unanswered.',
    details: [
      'After the first probe (sent after `tcp_keepalive_time` of silence) the kernel sends another one every',
      '`tcp_keepalive_intvl` seconds until the peer answers or `tcp_keepalive_probes` probes are out; one more interval',
      'later the connection is reset. So the interval counts `tcp_keepalive_probes` times in the detection time',
      '**tcp_keepalive_time + tcp_keepalive_intvl × tcp_keepalive_probes**.',
      '',
      'Per-socket `TCP_KEEPINTVL` (1..32767 s) overrides it. Any segment from the peer ends the probing.',
      '',
      JIFFIES_NOTE,
    ].join('\n'),
    default: '75',
    syntax: `seconds, ${-JIFFY_SECONDS_MAX}..${JIFFY_SECONDS_MAX}`,
    status: 'active',
    keepalive: true,
    value: jiffySeconds,
    unit: 'seconds',
    perNamespace: true,
  },
  {
    name: 'net.ipv4.tcp_keepalive_probes',
    summary: 'How many unanswered keepalive probes the kernel sends before it resets the connection.',
    details: [
      'The connection is declared dead **tcp_keepalive_time + tcp_keepalive_intvl × tcp_keepalive_probes** after the',
      'peer went silent. With 0 the connection is reset when the keepalive timer first fires, without any probe.',
      '',
      'Per-socket `TCP_KEEPCNT` (1..127) overrides it. When the socket has `TCP_USER_TIMEOUT`, that timeout decides',
      'instead of the count.',
      '',
      U8_NOTE('tcp_keepalive_probes'),
    ].join('\n'),
    default: '9',
    syntax: '0..255',
    status: 'active',
    keepalive: true,
    value: u8,
    unit: 'count',
    perNamespace: true,
  },
  {
    name: 'net.ipv4.tcp_retries1',
    summary: 'After how many retransmissions of unacknowledged data TCP asks the network layer to re-check the route.',
    details: [
      'Like `tcp_retries2`, the number is turned into a time: the time a series of that many retransmissions would take',
      'starting at a 200 ms RTO and doubling (3 → 3 s). Once that much time has passed without an acknowledgement, the',
      'kernel drops the cached route and neighbour entry, and starts path-MTU black-hole probing if `tcp_mtu_probing`',
      'allows it. The connection itself stays open; `tcp_retries2` decides when it is given up.',
      '',
      U8_NOTE('tcp_retries1'),
    ].join('\n'),
    default: '3',
    syntax: '0..255',
    status: 'active',
    keepalive: true,
    value: u8,
    unit: 'count',
    perNamespace: true,
  },
  {
    name: 'net.ipv4.tcp_retries2',
    summary: 'How long, counted in retransmissions, TCP keeps resending unacknowledged data before it gives the connection up.',
    details: [
      'This is what detects a dead peer while data is in flight (keepalive is not used then). The kernel does not count',
      'retransmissions: it computes how long N retransmissions would take with a 200 ms initial RTO that doubles up to',
      'the maximum RTO (120 s, `tcp_rto_max_ms`), and gives up at the first retransmission timeout after that:',
      '',
      '- N ≤ 9: (2^(N+1) − 1) × 0.2 s (N = 5: 12.6 s, N = 8: 102.2 s)',
      '- N > 9: 204.6 s + (N − 9) × 120 s (N = 15, the default: 924.6 s, about 15.5 minutes)',
      '',
      'The same limit applies to zero-window probes. Orphaned sockets (closed by the application) use',
      '`tcp_orphan_retries` instead. A socket with `TCP_USER_TIMEOUT` uses that time instead. Since Linux 6.15 the',
      "120 s term is the socket's maximum RTO (`tcp_rto_max_ms`, `TCP_RTO_MAX_MS`), so lowering that shortens this",
      'timeout too (tcp_rto_max_ms = 1000 makes N = 15 give up after 14.4 s).',
      '',
      U8_NOTE('tcp_retries2'),
    ].join('\n'),
    default: '15',
    syntax: '0..255',
    status: 'active',
    keepalive: true,
    value: u8,
    unit: 'count',
    perNamespace: true,
  },
  {
    name: 'net.ipv4.tcp_syn_retries',
    summary: 'How many times a connect() retransmits its SYN before it fails with ETIMEDOUT.',
    details: [
      'The first retransmission waits the initial RTO (1 s) and each later one doubles it, so 6 retries fail after',
      '1 + 2 + 4 + 8 + 16 + 32 + 64 = 127 s. Since Linux 6.5 the first `tcp_syn_linear_timeouts` retransmissions',
      '(default 4) come on top and keep the 1 s timeout, so the defaults fail after 131 s. Unlike `tcp_retries2` this is',
      'a real count of SYN retransmissions.',
      '',
      'Per-socket `TCP_SYNCNT` (1..127) overrides it; `ConnectTimeout` and similar application timers usually end the',
      'attempt earlier.',
      '',
      'The range 1..127 has been enforced for a long time; since Linux 5.13 the value is stored as a u8.',
    ].join('\n'),
    default: '6',
    syntax: '1..127',
    status: 'active',
    keepalive: true,
    value: int(1, 127),
    unit: 'count',
    perNamespace: true,
  },
  {
    name: 'net.ipv4.tcp_synack_retries',
    summary: 'How many times a listening socket retransmits its SYN-ACK to a client that does not complete the handshake.',
    details: [
      'With the 1 s initial RTO doubling each time, 5 retransmissions drop the half-open connection after about 63 s.',
      "It is not affected by `tcp_syn_linear_timeouts`. A listener's `TCP_SYNCNT` overrides it.",
      '',
      U8_NOTE('tcp_synack_retries'),
    ].join('\n'),
    default: '5',
    syntax: '0..255',
    status: 'active',
    keepalive: true,
    value: u8,
    unit: 'count',
    perNamespace: true,
  },
  {
    name: 'net.ipv4.tcp_fin_timeout',
    summary: "How long a connection the application already closed may wait in FIN_WAIT_2 for the peer's FIN.",
    details: [
      'Only orphaned connections (closed with close(), no process holds them) in FIN_WAIT_2 are concerned: when the',
      'peer never sends its FIN, the kernel drops the connection after this time. It does **not** change how long',
      'connections stay in TIME_WAIT, which is fixed at 60 s.',
      '',
      'Per-socket `TCP_LINGER2` overrides it. The effective time is never shorter than 3.5 × the current RTO, so 0 and',
      'negative values act as that minimum.',
      '',
      JIFFIES_NOTE,
    ].join('\n'),
    default: '60',
    syntax: `seconds, ${-JIFFY_SECONDS_MAX}..${JIFFY_SECONDS_MAX}`,
    status: 'active',
    keepalive: true,
    value: jiffySeconds,
    unit: 'seconds',
    perNamespace: true,
  },
  {
    name: 'net.ipv4.tcp_orphan_retries',
    summary: 'How long, counted in retransmissions, the kernel keeps resending data of a connection the application already closed.',
    details: [
      'It plays the role of `tcp_retries2` for orphaned sockets, with the same count-to-time model. The default 0 means',
      '8 (about 102 s) while the connection still looks alive; after an ICMP error on a connection whose RTO already',
      'reached the maximum, 0 means give up at once. Orphans can also be killed earlier when there are too many of them',
      '(`tcp_max_orphans`) or memory is short.',
      '',
      U8_NOTE('tcp_orphan_retries'),
    ].join('\n'),
    default: '0',
    syntax: '0..255',
    status: 'active',
    keepalive: true,
    value: u8,
    unit: 'count',
    perNamespace: true,
  },
  {
    name: 'net.ipv4.tcp_syn_linear_timeouts',
    summary: 'How many SYN retransmissions of a connect() keep the initial 1 s timeout before exponential backoff starts.',
    details: [
      'Only active opens (SYN_SENT) are concerned; SYN-ACKs of a listener are not. These retransmissions are added to',
      '`tcp_syn_retries`: with the defaults (6 and 4) a connect() to a silent host sends SYNs after 1, 2, 3, 4, 5, 7, 11,',
      '19, 35 and 67 s and fails after 131 s. 0 restores the pure exponential backoff (127 s).',
      '',
      'The kernel enforces 0..127 (a u8 bounded by MAX_TCP_SYNCNT).',
    ].join('\n'),
    default: '4',
    syntax: '0..127',
    since: '6.5',
    product: 'Linux',
    status: 'active',
    keepalive: true,
    value: int(0, 127),
    unit: 'count',
    perNamespace: true,
  },
  {
    name: 'net.ipv4.tcp_rto_min_us',
    summary: 'The smallest retransmission timeout new TCP sockets use, in microseconds.',
    details: [
      "Read when a socket is created; a route's `rto_min` metric and a BPF program (`TCP_BPF_RTO_MIN`) take precedence.",
      'Lowering it makes retransmissions after a loss start sooner. It does not change when `tcp_retries1`,',
      '`tcp_retries2` or `tcp_orphan_retries` give up: their count-to-time model always starts at 200 ms, so a smaller',
      'minimum RTO means more retransmissions within the same time.',
      '',
      'The kernel accepts 1..2147483647.',
    ].join('\n'),
    default: '200000',
    syntax: 'microseconds, 1..2147483647',
    since: '6.11',
    product: 'Linux',
    status: 'active',
    keepalive: true,
    value: int(1, INT_MAX),
    unit: 'microseconds',
    perNamespace: true,
  },
  {
    name: 'net.ipv4.tcp_rto_max_ms',
    summary: 'The largest retransmission timeout new TCP sockets back off to, in milliseconds.',
    details: [
      'Read when a socket is created; per-socket `TCP_RTO_MAX_MS` overrides it. Besides capping the exponential',
      'backoff, it is the step of the model that turns `tcp_retries2` and `tcp_orphan_retries` into a time, so',
      'lowering it makes dead peers with unacknowledged data detected sooner: with 1000 ms, `tcp_retries2` = 15 gives',
      'up after 7 × 0.2 s + 13 × 1 s = 14.4 s instead of 924.6 s. Before Linux 6.15 the maximum was fixed at 120 s.',
      '',
      'The kernel accepts 1000..120000.',
    ].join('\n'),
    default: '120000',
    syntax: 'milliseconds, 1000..120000',
    since: '6.15',
    product: 'Linux',
    status: 'active',
    keepalive: true,
    value: int(1000, 120000),
    unit: 'milliseconds',
    perNamespace: true,
  },
];

const CONNTRACK: readonly SysctlKeySpec[] = [
  conntrackTcp(
    'established',
    '432000',
    'How long conntrack remembers an established TCP flow that carries no packets (5 days by default).',
    [
      'This is the idle budget of a Linux router, NAT gateway or Kubernetes node for an idle TCP connection:',
      'TCP keepalive probes (or application keepalives) must pass more often than this, or the flow is forgotten and',
      'its next packet dropped. kube-proxy lowers it to 86400 s. When the flow has unacknowledged data or a zero',
      'window, or a segment was retransmitted `nf_conntrack_tcp_max_retrans` times, the shorter',
      '`nf_conntrack_tcp_timeout_unacknowledged` / `_max_retrans` timeouts apply instead.',
    ].join('\n'),
  ),
  conntrackTcp(
    'syn_sent',
    '120',
    'How long conntrack keeps a TCP flow whose SYN has not been answered.',
    'Applies from the first SYN until the SYN-ACK is seen.',
  ),
  conntrackTcp(
    'syn_recv',
    '60',
    'How long conntrack keeps a TCP flow that saw the SYN-ACK but not the final ACK of the handshake.',
    'Applies between the SYN-ACK and the ACK that completes the handshake.',
  ),
  conntrackTcp(
    'fin_wait',
    '120',
    'How long conntrack keeps a TCP flow after the first FIN.',
    'Applies after one side sent a FIN, until the other side answers it.',
  ),
  conntrackTcp(
    'close_wait',
    '60',
    'How long conntrack keeps a TCP flow whose first FIN was acknowledged but not answered by a FIN.',
    'Applies while one side has closed and the other still may send.',
  ),
  conntrackTcp(
    'last_ack',
    '30',
    'How long conntrack keeps a TCP flow after the second FIN, waiting for its acknowledgement.',
    'Applies after both sides sent a FIN and the last ACK is outstanding.',
  ),
  conntrackTcp('time_wait', '120', 'How long conntrack keeps a TCP flow that closed normally.', 'Applies after both FINs were acknowledged.'),
  conntrackTcp('close', '10', 'How long conntrack keeps a TCP flow after a reset.', 'Applies after an RST was seen.'),
  conntrackTcp(
    'unacknowledged',
    '300',
    'The shorter timeout of a TCP flow that has data one side sent and the other has not acknowledged.',
    [
      "While data is in flight without acknowledgement, the flow's timeout is capped at this value (5 minutes), so an",
      'established flow toward a dead peer is forgotten after 300 s rather than 5 days. It only shortens timeouts;',
      'a state with a shorter timeout keeps it.',
    ].join('\n'),
  ),
  conntrackTcp(
    'max_retrans',
    '300',
    'The shorter timeout of a TCP flow in which a segment was retransmitted `nf_conntrack_tcp_max_retrans` times, or whose window is zero.',
    "Caps the flow's timeout (5 minutes) once retransmissions suggest the peer is gone; like `_unacknowledged` it only shortens timeouts.",
  ),
  {
    name: 'net.netfilter.nf_conntrack_tcp_max_retrans',
    summary: 'How many retransmissions of the same TCP segment conntrack tolerates before it switches the flow to the `max_retrans` timeout.',
    details: [
      "Once a segment has been retransmitted this many times, the flow's timeout is capped at",
      '`nf_conntrack_tcp_timeout_max_retrans` (300 s).',
      '',
      'The kernel stores it as a u8 and accepts 0..255. Per network namespace; exists only while nf_conntrack is loaded.',
    ].join('\n'),
    default: '3',
    syntax: '0..255',
    status: 'active',
    keepalive: true,
    value: u8,
    unit: 'count',
    perNamespace: true,
  },
  {
    name: 'net.netfilter.nf_conntrack_generic_timeout',
    summary: 'How long conntrack remembers an idle flow of a protocol it has no tracker for.',
    details: `Covers protocols other than TCP, UDP, ICMP, SCTP, GRE and the like (ESP, for example): 600 s by default.\n\n${CONNTRACK_NOTE}`,
    default: '600',
    syntax: `seconds, ${-JIFFY_SECONDS_MAX}..${JIFFY_SECONDS_MAX}`,
    status: 'active',
    keepalive: true,
    value: jiffySeconds,
    unit: 'seconds',
    perNamespace: true,
  },
  {
    name: 'net.netfilter.nf_conntrack_udp_timeout',
    summary: 'How long conntrack remembers a UDP flow that has seen packets in one direction only, or is younger than 2 s.',
    details: [
      'A UDP flow starts with this timeout (30 s) and keeps it until replies have been seen and the flow is more than',
      '2 seconds old; then `nf_conntrack_udp_timeout_stream` applies. A DNS query and its answer are therefore',
      'forgotten after 30 s.',
      '',
      CONNTRACK_NOTE,
    ].join('\n'),
    default: '30',
    syntax: `seconds, ${-JIFFY_SECONDS_MAX}..${JIFFY_SECONDS_MAX}`,
    status: 'active',
    keepalive: true,
    value: jiffySeconds,
    unit: 'seconds',
    perNamespace: true,
  },
  {
    name: 'net.netfilter.nf_conntrack_udp_timeout_stream',
    summary: 'How long conntrack remembers an idle UDP flow that has seen traffic both ways for more than 2 seconds.',
    details: [
      'This is the idle budget of UDP "connections" (VPN tunnels, QUIC, WireGuard) through a Linux NAT: their',
      'keepalives must pass more often than this (120 s on current kernels; older kernels, 4.x included, used 180 s).',
      '',
      CONNTRACK_NOTE,
    ].join('\n'),
    default: '120',
    syntax: `seconds, ${-JIFFY_SECONDS_MAX}..${JIFFY_SECONDS_MAX}`,
    status: 'active',
    keepalive: true,
    value: jiffySeconds,
    unit: 'seconds',
    perNamespace: true,
  },
];

const U8_UNBOUNDED = 'The kernel stores it as a u8 and accepts 0..255, although only the documented values mean something.';
const INT_UNBOUNDED = 'The kernel accepts any 32-bit integer here; values outside the documented ones are not rejected.';

const IPV4: readonly SysctlKeySpec[] = [
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

const IPV4_CONF: readonly SysctlKeySpec[] = [
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

const IPV6: readonly SysctlKeySpec[] = [
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

const CORE: readonly SysctlKeySpec[] = [
  key('net.core.somaxconn', {
    summary: 'The largest accept queue a listen() may ask for; larger backlogs are silently cut.',
    value: int(0, INT_MAX),
    unit: 'count',
    default: '4096',
  }),
  key('net.core.optmem_max', {
    summary: 'The maximum ancillary buffer (socket options, control messages) per socket.',
    value: int(0, INT_MAX),
    unit: 'bytes',
    default: '131072',
  }),
  key('net.core.rmem_max', {
    summary: 'The largest receive buffer a process may request with SO_RCVBUF.',
    details:
      'System-wide: a network namespace shows it read-only. The default became 4 MB in Linux 6.18 (212992 before). ' +
      "The minimum is the kernel's smallest socket buffer, 2048 + sizeof(struct sk_buff) aligned: 2304 on the reference kernel.",
    value: int(2304, INT_MAX),
    unit: 'bytes',
    default: '4194304',
    perNamespace: false,
  }),
  key('net.core.wmem_max', {
    summary: 'The largest send buffer a process may request with SO_SNDBUF.',
    details:
      'System-wide: a network namespace shows it read-only. The default became 4 MB in Linux 6.18 (212992 before). ' +
      'The minimum is twice the smallest socket buffer: 4608 on the reference kernel.',
    value: int(4608, INT_MAX),
    unit: 'bytes',
    default: '4194304',
    perNamespace: false,
  }),
  key('net.core.rmem_default', {
    summary: 'The receive buffer sockets get when they do not set SO_RCVBUF (TCP uses tcp_rmem instead).',
    details: 'System-wide: a network namespace shows it read-only. The minimum is 2304 on the reference kernel.',
    value: int(2304, INT_MAX),
    unit: 'bytes',
    default: '212992',
    perNamespace: false,
  }),
  key('net.core.wmem_default', {
    summary: 'The send buffer sockets get when they do not set SO_SNDBUF (TCP uses tcp_wmem instead).',
    details: 'System-wide: a network namespace shows it read-only. The minimum is 4608 on the reference kernel.',
    value: int(4608, INT_MAX),
    unit: 'bytes',
    default: '212992',
    perNamespace: false,
  }),
  key('net.core.netdev_max_backlog', {
    summary: 'How many received packets one CPU may queue before the kernel drops them.',
    details: `System-wide; it exists only in the initial network namespace. ${INT_UNBOUNDED}`,
    value: anyInt,
    unit: 'count',
    default: '1000',
    perNamespace: false,
  }),
  key('net.core.netdev_budget', {
    summary: 'How many packets one softirq run may process across all interfaces.',
    details: `System-wide; it exists only in the initial network namespace. ${INT_UNBOUNDED}`,
    value: anyInt,
    unit: 'count',
    default: '300',
    perNamespace: false,
  }),
  key('net.core.netdev_budget_usecs', {
    summary: 'How long one softirq run may process packets, in microseconds.',
    details: 'System-wide. Its default and minimum are two jiffies: 8000 at HZ=250, 2000 at HZ=1000.',
    value: int(8000, INT_MAX),
    unit: 'microseconds',
    default: '8000',
    perNamespace: false,
  }),
  key('net.core.default_qdisc', {
    summary: 'The queueing discipline new network interfaces get.',
    details: 'System-wide. The name must be a qdisc the kernel has (pfifo_fast, fq, fq_codel, ...).',
    value: { type: 'text' },
    unit: 'mode',
    default: 'pfifo_fast',
    perNamespace: false,
    syntax: 'qdisc name (pfifo_fast, fq, fq_codel, ...)',
  }),
  key('net.core.busy_poll', {
    summary: 'How long poll() and select() busy-wait for packets on supporting devices, in microseconds (0 off).',
    details: 'System-wide.',
    value: int(0, INT_MAX),
    unit: 'microseconds',
    default: '0',
    perNamespace: false,
  }),
  key('net.core.busy_read', {
    summary: 'How long a blocking read busy-waits for packets on supporting devices, in microseconds (0 off).',
    details: 'System-wide.',
    value: int(0, INT_MAX),
    unit: 'microseconds',
    default: '0',
    perNamespace: false,
  }),
];

const OTHER: readonly SysctlKeySpec[] = [
  key('net.netfilter.nf_conntrack_max', {
    summary: 'The maximum number of flows conntrack tracks; beyond it new flows are dropped.',
    details:
      'System-wide: a network namespace shows it read-only. The default scales with memory. The kernel accepts ' +
      '0..2147483647. Exists only while nf_conntrack is loaded.',
    value: int(0, INT_MAX),
    unit: 'count',
    perNamespace: false,
  }),
  key('net.netfilter.nf_conntrack_tcp_loose', {
    summary: 'Whether conntrack picks up TCP flows it did not see start (after a restart or failover).',
    value: bool,
    unit: 'flag',
    default: '1',
  }),
  key('net.netfilter.nf_conntrack_tcp_be_liberal', {
    summary: 'Whether conntrack accepts out-of-window TCP segments instead of marking them invalid.',
    value: bool,
    unit: 'flag',
    default: '0',
  }),
  key('net.netfilter.nf_conntrack_icmp_timeout', {
    summary: 'How long conntrack remembers an ICMP exchange (ping).',
    details: JIFFIES_NOTE,
    value: jiffySeconds,
    unit: 'seconds',
    default: '30',
  }),
  key('net.unix.max_dgram_qlen', {
    summary: 'How many datagrams a Unix datagram socket may queue.',
    details: INT_UNBOUNDED,
    value: anyInt,
    unit: 'count',
    default: '10',
  }),
  key('net.mptcp.enabled', { summary: 'Whether applications may create Multipath TCP sockets.', value: bool, unit: 'flag', default: '1' }),
];

export const SYSCTL_KEYS: readonly SysctlKeySpec[] = [...TCP_KEEPALIVE, ...CONNTRACK, ...IPV4, ...IPV4_CONF, ...IPV6, ...CORE, ...OTHER];
