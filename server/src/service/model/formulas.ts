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

/** A keepalive interval under the path idle timeout: the common 60 s, or half the timeout when shorter. */
export function suggestedInterval(idleTimeout: number): number {
  return Math.max(1, Math.min(60, Math.floor(idleTimeout / 2)));
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

/** Kernel TCP keepalive on an idle socket with SO_KEEPALIVE: dead at time + intvl * probes. */
export function tcpKeepaliveSchedule(k: KernelKeepalive): Schedule {
  return { probes: probeTimes(k.time, k.intvl, k.probes), probeCount: k.probes, deadAt: k.time + k.intvl * k.probes };
}

/** The arithmetic of tcpKeepaliveSchedule's deadAt as every timeline shows it: `7200 s + 9 × 75 s`. */
export function tcpKeepaliveFormula(k: KernelKeepalive): string {
  return `${k.time} s + ${k.probes} × ${k.intvl} s`;
}

/**
 * connect() gives up after the SYN retries (net/ipv4/tcp_timer.c: tcp_write_timeout,
 * retransmits_timed_out and tcp_retransmit_timer). The first SYN waits TCP_TIMEOUT_INIT (1 s);
 * kernels with `tcp_syn_linear_timeouts` (L, default 4 since Linux 6.5) keep that 1 s for the
 * first L retransmissions, then the wait doubles (at most rtoMax). Each timer gives up when
 * either limit is reached: n + L retransmissions sent, or (2^(n+1) - 1) s (the exponential
 * model with a 1 s base) passed since the first SYN. So L adds L seconds only from n = 3 on:
 * n = 2 -> 7 s either way; n = 3 -> 19 s (15 s with L = 0); n = 6 -> 131 s (127 s).
 * Measured in two network namespaces (test/reality).
 */
export function synTimeout(retries: number, linear = 0, rtoMax = TCP_RTO_MAX): number {
  const budget = modelTimeout(retries, 1, rtoMax);
  let at = 0;
  let rto = 1;
  for (let sent = 0; ; sent++) {
    at += Math.min(rto, rtoMax);
    // The timer that fires after `sent` retransmissions.
    if (sent >= retries + linear || (sent > 0 && at >= budget)) return at;
    if (sent >= linear) rto = Math.min(rto * 2, rtoMax);
  }
}

/** tcp_model_timeout: the time `boundary` retransmissions take from `base`, doubling up to rtoMax. */
function modelTimeout(boundary: number, base: number, rtoMax: number): number {
  const thresh = Math.floor(Math.log2(rtoMax / base));
  const doubling = (n: number) => ((2 << n) - 1) * base;
  return boundary <= thresh ? doubling(boundary) : doubling(thresh) + (boundary - thresh) * rtoMax;
}

/** TCP_RTO_MIN and TCP_RTO_MAX (include/net/tcp.h), in seconds; rto_max is tunable since Linux 6.15. */
export const TCP_RTO_MIN = 0.2;
export const TCP_RTO_MAX = 120;

/**
 * How long unacknowledged data is retransmitted before the connection is given up
 * (tcp_model_timeout, used by tcp_write_timeout with tcp_retries2): the RTO starts at
 * TCP_RTO_MIN and doubles up to rto_max, so the budget is (2^(N+1) - 1) * 0.2 s while the
 * doubling lasts (N <= 9 with rto_max 120 s) and then rto_max per further retry:
 * 15 -> 924.6 s, 8 -> 102.2 s, 5 -> 12.6 s. The connection dies at the first retransmission
 * timer that fires after the budget is spent, counted from the first transmission.
 */
export function retransmissionTimeout(retries: number, rtoMax = TCP_RTO_MAX): number {
  return Math.round(modelTimeout(retries, TCP_RTO_MIN, rtoMax) * 1000) / 1000;
}

/** ConnectTimeout's worst case: every attempt times out on every address, 1 s apart. */
export function connectWorstCase(timeout: number, attempts: number, addresses = 1): number {
  return attempts * addresses * timeout + (attempts - 1);
}
