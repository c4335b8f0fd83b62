/**
 * The Linux network sysctls Keepalive Lens knows, one file per family under catalog/sysctl/
 * (define.ts says how every range and default was measured).
 */
import { CONNTRACK } from './sysctl/conntrack';
import { CORE, OTHER } from './sysctl/core';
import { IPV4, IPV4_CONF, IPV6 } from './sysctl/ip';
import { TCP_KEEPALIVE } from './sysctl/tcp';
import type { SysctlKeySpec } from './types';

export { SYSCTL_INHERITED_KEYS, SYSCTL_REFERENCE_KERNEL } from './sysctl/define';

export const SYSCTL_KEYS: readonly SysctlKeySpec[] = [...TCP_KEEPALIVE, ...CONNTRACK, ...IPV4, ...IPV4_CONF, ...IPV6, ...CORE, ...OTHER];
