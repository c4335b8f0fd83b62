/**
 * The detection formulas, each written once. Every number a feature shows comes from here.
 * Facts and sources: ../shared/reference/semantics.md sections 1.3, 2 and 3.
 */

/** A schedule measured from the last data received from the peer. */
export interface Schedule {
  /** When each probe leaves, in seconds after the last data. */
  readonly probes: readonly number[];
  /** How many probes leave in all (probes lists at most a few of them). */
  readonly probeCount: number;
  /** When the connection is given up. */
  readonly deadAt: number;
}

const LISTED = 6;

function probeTimes(first: number, every: number, count: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < Math.min(count, LISTED); k++) out.push(first + k * every);
  if (count > LISTED) out.push(first + (count - 1) * every);
  return out;
}

/**
 * OpenSSH's ServerAlive (client) and ClientAlive (server) check (clientloop.c
 * server_alive_check, serverloop.c client_alive_check): a check runs `interval` seconds
 * after the last data and every `interval` seconds after that; each check that finds the
 * counter above `countMax` ends the connection, otherwise sends a probe. So probes leave
 * at I, 2I, ..., N*I and the connection ends at (N+1)*I. With N = 0 the first check ends it.
 */
export function aliveSchedule(interval: number, countMax: number): Schedule | undefined {
  if (interval <= 0) return undefined;
  const n = Math.max(0, countMax);
  return { probes: probeTimes(interval, interval, n), probeCount: n, deadAt: (n + 1) * interval };
}

/** Before the session starts, ssh's blocking reads give up after I*N seconds (both > 0). */
export function preSessionTimeout(interval: number, countMax: number): number | undefined {
  return interval > 0 && countMax > 0 ? interval * countMax : undefined;
}

export interface KernelKeepalive {
  readonly time: number;
  readonly intvl: number;
  readonly probes: number;
}

export const LINUX_KEEPALIVE_DEFAULTS: KernelKeepalive = { time: 7200, intvl: 75, probes: 9 };
export const LINUX_SYN_RETRIES_DEFAULT = 6;

/** Kernel TCP keepalive on an idle socket with SO_KEEPALIVE: dead at time + intvl * probes. */
export function tcpKeepaliveSchedule(k: KernelKeepalive): Schedule {
  return { probes: probeTimes(k.time, k.intvl, k.probes), probeCount: k.probes, deadAt: k.time + k.intvl * k.probes };
}

/** connect() gives up after the SYN retries: 1 s initial RTO doubling, 2^(n+1) - 1 s. */
export function synTimeout(retries: number): number {
  return 2 ** (retries + 1) - 1;
}

/** ConnectTimeout's worst case: every attempt times out on every address, 1 s apart. */
export function connectWorstCase(timeout: number, attempts: number, addresses = 1): number {
  return attempts * addresses * timeout + (attempts - 1);
}
