/**
 * The ssh client's detection timeline for one resolution (semantics.md section 1.3).
 */
import { sshClientKeyword } from '../../catalog/sshClient';
import { formatDuration } from '../../model/duration';
import { aliveSchedule, connectWorstCase, preSessionTimeout, synTimeout, tcpKeepaliveFormula, tcpKeepaliveSchedule } from '../../model/formulas';
import type { Input, Origin, Outcome, Step, Timeline } from '../../model/timeline';
import type { Settings } from '../types';
import { type Resolution, type Setting, settingOf } from './resolve';

/** The keepalive family, in the order ssh -G prints them in our explain output. */
export const EXPLAIN_KEYS = ['serveraliveinterval', 'serveralivecountmax', 'tcpkeepalive', 'connecttimeout', 'connectionattempts'] as const;

export interface Effective {
  readonly value: string;
  readonly origin: Origin;
  readonly setting?: Setting;
}

/** The effective value of an option, its default when unset. */
export function effective(res: Resolution, key: string): Effective {
  const s = settingOf(res, key);
  if (s) {
    const d = s.directive;
    const text = d.line.text.trim();
    return { value: s.value, setting: s, origin: { kind: 'line', uri: s.uri, span: d.line.keyword?.span ?? { line: d.line.line, start: 0, end: 0 }, text } };
  }
  const value = defaultValue(key);
  return { value, origin: { kind: 'default', text: `default (${value})` } };
}

/** An option's value when no line sets it (what `effective` reports as the default). */
export function defaultValue(key: string): string {
  return sshClientKeyword(key)?.default ?? (key === 'connecttimeout' ? 'none' : '');
}

/** `effective(res, key).value` alone, without building the origin (for every scope of a file). */
export function effectiveValue(res: Resolution, key: string): string {
  const set = settingOf(res, key);
  return set ? set.value : defaultValue(key);
}

const s = (n: number) => formatDuration(n);

interface Numbers {
  readonly I: number;
  readonly N: number;
  readonly tcp: boolean;
}

/** I, N and TCPKeepAlive as ssh ends up with them: set values, else the catalog's defaults. */
function numbers(res: Resolution): Numbers {
  return {
    I: Number(effectiveValue(res, 'serveraliveinterval')) || 0,
    N: Number(effectiveValue(res, 'serveralivecountmax')),
    tcp: effectiveValue(res, 'tcpkeepalive') !== 'no',
  };
}

/** The outcome alone: which mechanism detects a dead server, when, and the one-line summary. */
export function sshClientOutcome(res: Resolution, settings: Settings): Outcome {
  const { I, N, tcp } = numbers(res);
  const k = settings.kernel;
  const alive = aliveSchedule(I, N);
  if (alive && N > 0) {
    const formula = `${I} s × (${N} + 1)`;
    return {
      mechanism: 'server-alive',
      detectAfter: alive.deadAt,
      formula,
      summary: `dead server detected after ${s(alive.deadAt)} (${formula}) · probes every ${I} s, gives up after ${N} unanswered`,
    };
  }
  if (alive) {
    return {
      mechanism: 'idle-cut',
      detectAfter: alive.deadAt,
      formula: `${I} s × (0 + 1)`,
      summary: `idle session cut after ${s(I)} without server data (ServerAliveCountMax 0), even when the server is fine`,
    };
  }
  if (tcp) {
    const deadAt = tcpKeepaliveSchedule(k).deadAt;
    const formula = `TCP keepalive: ${tcpKeepaliveFormula(k)}`;
    return {
      mechanism: 'tcp-keepalive',
      detectAfter: deadAt,
      formula,
      summary: `dead server detected after ${s(deadAt)} (${formula}) · no ServerAliveInterval`,
    };
  }
  return {
    mechanism: 'none',
    detectAfter: undefined,
    formula: 'no ServerAliveInterval, TCPKeepAlive no',
    summary: 'dead server never detected while the session is idle (no ServerAliveInterval, TCPKeepAlive no)',
  };
}

/** The whole timeline: the outcome, each step in time, every input with its origin, and notes. */
export function sshClientTimeline(res: Resolution, settings: Settings, scope: string, subject: string): Timeline {
  const out = sshClientOutcome(res, settings);
  const sai = effective(res, 'serveraliveinterval');
  const sacm = effective(res, 'serveralivecountmax');
  const tka = effective(res, 'tcpkeepalive');
  const ct = effective(res, 'connecttimeout');
  const ca = effective(res, 'connectionattempts');
  const { I, N, tcp } = numbers(res);
  const k = settings.kernel;
  const inputs: Input[] = [
    { name: 'ServerAliveInterval', value: sai.value, origin: sai.origin },
    { name: 'ServerAliveCountMax', value: sacm.value, origin: sacm.origin },
    { name: 'TCPKeepAlive', value: tka.value, origin: tka.origin },
  ];
  const kernelInputs: Input[] = [
    {
      name: 'net.ipv4.tcp_keepalive_time',
      value: String(k.time),
      origin: { kind: 'setting', name: 'keepaliveLens.kernel.tcpKeepaliveTime', text: `${k.time} s` },
    },
    {
      name: 'net.ipv4.tcp_keepalive_intvl',
      value: String(k.intvl),
      origin: { kind: 'setting', name: 'keepaliveLens.kernel.tcpKeepaliveIntvl', text: `${k.intvl} s` },
    },
    {
      name: 'net.ipv4.tcp_keepalive_probes',
      value: String(k.probes),
      origin: { kind: 'setting', name: 'keepaliveLens.kernel.tcpKeepaliveProbes', text: String(k.probes) },
    },
  ];
  const steps: Step[] = [];
  const notes: string[] = [];
  const tcpSched = tcpKeepaliveSchedule(k);
  const tcpFormula = tcpKeepaliveFormula(k);
  const server = subject === res.host ? res.host : 'HOST';

  if (out.mechanism === 'server-alive') {
    const alive = aliveSchedule(I, N)!;
    alive.probes.forEach((at, i) => {
      const n = i === alive.probes.length - 1 ? alive.probeCount : i + 1;
      steps.push({ at, what: `probe ${n} of ${N} (keepalive@openssh.com) sent: no reply yet` });
    });
    steps.push({ at: alive.deadAt, what: `check ${N + 1} finds ${N} probes unanswered: ssh exits 255 ("Timeout, server ${server} not responding.")` });
    notes.push(
      `The manual's "about ServerAliveInterval × ServerAliveCountMax" (${s(I * N)}) is one interval short: ssh exits at the check after the last unanswered probe.`,
    );
  } else if (out.mechanism === 'idle-cut') {
    steps.push({ at: I, what: 'first check: ServerAliveCountMax is 0, so ssh exits 255 at once, even if the server is healthy' });
  } else if (out.mechanism === 'tcp-keepalive') {
    inputs.push(...kernelInputs);
    tcpSched.probes.forEach((at, i) => {
      const n = i === tcpSched.probes.length - 1 ? tcpSched.probeCount : i + 1;
      steps.push({ at, what: `kernel TCP keepalive probe ${n} of ${k.probes}` });
    });
    steps.push({ at: tcpSched.deadAt, what: 'kernel resets the connection (ETIMEDOUT); ssh exits' });
    notes.push(
      'TCP keepalive only runs while no data is in flight; with unacknowledged data the retransmission limit (net.ipv4.tcp_retries2, about 15 min) decides instead.',
    );
  }

  if (out.mechanism === 'server-alive' || out.mechanism === 'idle-cut') {
    if (tcp) {
      inputs.push(...kernelInputs);
      if (tcpSched.deadAt < (out.detectAfter ?? Number.POSITIVE_INFINITY)) {
        notes.push(`Kernel TCP keepalive (${tcpFormula} = ${s(tcpSched.deadAt)}) is shorter and may end an idle connection first.`);
      } else {
        notes.push(`TCP keepalive is on too, but the kernel gives up only after ${s(tcpSched.deadAt)} (${tcpFormula}).`);
      }
    }
    const pre = preSessionTimeout(I, N);
    if (pre !== undefined) notes.push(`Before the session is up (key exchange, authentication) ssh gives up after ${s(pre)} of silence (${I} × ${N}).`);
  }
  if (I > settings.idleTimeout) {
    notes.push(
      `The first probe leaves after ${s(I)}, later than the path idle timeout (${s(settings.idleTimeout)}): a NAT or firewall may have dropped the flow by then.`,
    );
  }

  const attempts = Number(ca.value) || 1;
  inputs.push({ name: 'ConnectTimeout', value: ct.value, origin: ct.origin }, { name: 'ConnectionAttempts', value: ca.value, origin: ca.origin });
  if (ct.value !== 'none' && Number(ct.value) > 0) {
    const worst = connectWorstCase(Number(ct.value), attempts);
    notes.push(
      `Connecting gives up after at most ${s(worst)} per address (${attempts} × ${s(Number(ct.value))}${attempts > 1 ? ` + ${attempts - 1} × 1 s between attempts` : ''}).`,
    );
  } else {
    const syn = synTimeout(k.synRetries, k.synLinear);
    const worst = connectWorstCase(syn, attempts);
    notes.push(
      `No ConnectTimeout: connecting to an unreachable address is bounded by the kernel's SYN retries, ${s(worst)} per address (tcp_syn_retries ${k.synRetries}, tcp_syn_linear_timeouts ${k.synLinear}: ${syn} s${attempts > 1 ? ` × ${attempts} attempts + ${attempts - 1} s` : ''}).`,
    );
  }

  return { ...out, scope, subject, steps, inputs, notes };
}
