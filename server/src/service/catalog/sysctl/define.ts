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
import type { SysctlKeySpec, SysctlUnit, SysctlValue } from '../types';

/** The kernel the ranges and defaults were measured on. */
export const SYSCTL_REFERENCE_KERNEL = { release: '6.18.44', hz: 250 } as const;

export const INT_MIN = -2147483648;
export const INT_MAX = 2147483647;
export const UINT_MAX = 4294967295;
/** INT_MAX / HZ: the largest number of seconds a jiffies-backed key takes on the reference kernel. */
export const JIFFY_SECONDS_MAX = Math.floor(INT_MAX / SYSCTL_REFERENCE_KERNEL.hz);

export const anyInt: SysctlValue = { type: 'int', min: INT_MIN, max: INT_MAX };
export const u8: SysctlValue = { type: 'int', min: 0, max: 255 };
export const bool: SysctlValue = { type: 'int', min: 0, max: 1 };
export const jiffySeconds: SysctlValue = { type: 'int', min: -JIFFY_SECONDS_MAX, max: JIFFY_SECONDS_MAX };
export const int = (min: number, max: number): SysctlValue => ({ type: 'int', min, max });

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

export function syntaxOf(value: SysctlValue, unit: SysctlUnit): string {
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
export function key(name: string, s: Short): SysctlKeySpec {
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

export const JIFFIES_NOTE =
  `The value is stored in jiffies, so the kernel accepts -INT_MAX/HZ..INT_MAX/HZ seconds: ` +
  `-${JIFFY_SECONDS_MAX}..${JIFFY_SECONDS_MAX} at HZ=250, -2147483..2147483 at HZ=1000. ` +
  'Zero and negative values are not rejected.';

export const U8_NOTE = (what: string): string =>
  `Since Linux 5.13 (and the 5.10 stable series from April 2023) ${what} is a u8: 256 and negative values are rejected. ` +
  'Older kernels stored a plain int and accepted any 32-bit value.';

export const CONNTRACK_NOTE =
  'Conntrack keeps one timer per flow; every packet conntrack accepts for the flow (TCP keepalive probes included) ' +
  'restarts it with the timeout of the state the flow is in. When it expires the entry is deleted, and a NAT or ' +
  'stateful firewall then drops the next packet of the flow instead of forwarding it. Per network namespace; the ' +
  'net.netfilter keys exist only while nf_conntrack is loaded, so a sysctl file applied at boot may fail to set ' +
  `them on kernels that build it as a module. ${JIFFIES_NOTE}`;

export function conntrackTcp(state: string, def: string, summary: string, extra: string): SysctlKeySpec {
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

export const U8_UNBOUNDED = 'The kernel stores it as a u8 and accepts 0..255, although only the documented values mean something.';
export const INT_UNBOUNDED = 'The kernel accepts any 32-bit integer here; values outside the documented ones are not rejected.';
