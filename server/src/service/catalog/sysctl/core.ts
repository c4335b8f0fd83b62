/** net.core and the remaining namespaces. define.ts says how the ranges and defaults were measured. */
import type { SysctlKeySpec } from '../types';
import { anyInt, bool, INT_MAX, INT_UNBOUNDED, int, JIFFIES_NOTE, jiffySeconds, key } from './define';

export const CORE: readonly SysctlKeySpec[] = [
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

export const OTHER: readonly SysctlKeySpec[] = [
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
