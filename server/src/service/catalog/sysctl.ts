/**
 * Lookups over the sysctl catalog and the kernel's name lists.
 *
 * Every function takes a key in the canonical dotted form `sysctl -a` prints
 * (`net.ipv4.conf.eth0.rp_filter`); callers turn `/`-separated keys into it first.
 */

import { editDistance as distance } from '../model/editDistance';
import { SYSCTL_KEYS } from './sysctlKeys';
import { SYSCTL_GLOBAL_NAMES, SYSCTL_KEY_NAMES } from './sysctlNames';
import type { SysctlKeySpec } from './types';

const BY_NAME = new Map<string, SysctlKeySpec>(SYSCTL_KEYS.map((k) => [k.name, k]));

/** Catalog names and kernel names; patterns keep their `*`. */
const KNOWN = new Set<string>([...SYSCTL_KEYS.map((k) => k.name), ...SYSCTL_KEY_NAMES, ...SYSCTL_GLOBAL_NAMES]);

const NAMESPACES = ['net.ipv4.', 'net.ipv6.', 'net.core.', 'net.netfilter.', 'net.unix.', 'net.mptcp.'];

/** `net.ipv4.conf.eth0.rp_filter` -> `net.ipv4.conf.*.rp_filter`; undefined for keys without an interface segment. */
function interfacePattern(name: string): string | undefined {
  const m = /^(net\.ipv[46]\.(?:conf|neigh)\.)[^.]+(\..+)$/.exec(name);
  return m ? `${m[1]}*${m[2]}` : undefined;
}

/** The catalog entry for a key; per-interface keys find their `*` entry. */
export function sysctlKey(name: string): SysctlKeySpec | undefined {
  const exact = BY_NAME.get(name);
  if (exact) return exact;
  const pattern = interfacePattern(name);
  return pattern === undefined ? undefined : BY_NAME.get(pattern);
}

/**
 * A numeric key's kernel default, from the catalog: the one place these numbers live (the
 * settings' defaults and the timelines read it; a test keeps the manifest's defaults in step).
 */
export function kernelDefault(name: string): number {
  const n = Number(sysctlKey(name)?.default);
  if (!Number.isFinite(n)) throw new Error(`the sysctl catalog has no numeric default for ${name}`);
  return n;
}

/** True for catalog keys and for names the kernel lists, `*` matching any one segment. */
export function isKnownSysctlName(name: string): boolean {
  if (KNOWN.has(name)) return true;
  const segments = name.split('.');
  for (let i = 0; i < segments.length; i++) {
    if (segments[i] === '' || segments[i] === '*') continue;
    const candidate = [...segments.slice(0, i), '*', ...segments.slice(i + 1)].join('.');
    if (KNOWN.has(candidate)) return true;
  }
  return false;
}

/** True for keys under the namespaces Keepalive Lens checks (net.ipv4, net.ipv6, net.core, net.netfilter, net.unix, net.mptcp). */
export function inSysctlNamespaces(name: string): boolean {
  return NAMESPACES.some((p) => name.startsWith(p));
}

/** Case and `-`/`_` do not count: `TCP-Keepalive-Time` is one edit away from nothing. */
const fold = (s: string): string => s.toLowerCase().replaceAll('-', '_');

/** How many edits a name of this length may be away from a suggestion. */
const threshold = (length: number): number => Math.min(4, Math.max(1, Math.floor(length / 6)));

/**
 * Did-you-mean for an unknown key: up to three known names, closest first.
 *
 * The input is compared with each known name and, when it has fewer segments (`tcp_keepalive_intv`,
 * `ipv4.tcp_keepalive_intv`), with the same number of trailing segments of that name. Per-interface
 * patterns are filled in with the input's own interface segment. Names more than one edit worse than
 * the best are left out (all but the exact ones when some name differs only in case or `-`/`_`), a
 * cut-off name counts as the largest distance allowed, and known names get no suggestions.
 */
export function sysctlSuggestions(name: string): string[] {
  const input = name.trim();
  if (input === '' || isKnownSysctlName(input)) return [];
  const folded = fold(input);
  const inputSegments = input.split('.');
  const scored = new Map<string, number>();
  for (const known of KNOWN) {
    const segments = known.split('.');
    // Fill `*` from the input when the shapes line up (net.ipv4.conf.eth0.rp_filtr -> ...eth0.rp_filter).
    const concrete =
      segments.length === inputSegments.length
        ? segments.map((s, i) => (s === '*' ? (inputSegments[i] ?? s) : s))
        : segments.map((s) => (s === '*' ? 'all' : s));
    const full = concrete.join('.');
    const compared = inputSegments.length < concrete.length ? concrete.slice(concrete.length - inputSegments.length).join('.') : full;
    const limit = threshold(compared.length);
    const target = fold(compared);
    // A cut-off name (`net.ipv4.tcp_keepalive`) counts as being at the limit.
    const d = folded.length >= 8 && target.startsWith(folded) ? Math.min(limit, distance(folded, target, limit)) : distance(folded, target, limit);
    if (d > limit) continue;
    const best = scored.get(full);
    if (best === undefined || d < best) scored.set(full, d);
  }
  const ranked = [...scored].sort((a, b) => a[1] - b[1] || Number(!sysctlKey(a[0])) - Number(!sysctlKey(b[0])) || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const best = ranked[0]?.[1];
  return ranked
    .filter(([, d]) => best !== undefined && (best === 0 ? d === 0 : d <= best + 1))
    .slice(0, 3)
    .map(([n]) => n);
}

export function allSysctlKeys(): readonly SysctlKeySpec[] {
  return SYSCTL_KEYS;
}

const ALL_NAMES: readonly string[] = [...KNOWN].sort();

/** Every known name, sorted: the kernel's lists and the catalog; per-interface names keep their `*`. */
export function allSysctlNames(): readonly string[] {
  return ALL_NAMES;
}
