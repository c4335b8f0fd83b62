/**
 * When sshd gives up on a silent client (semantics.md section 2; serverloop.c client_alive_check and the
 * wait loop around it), and the other limits on idle or half-open connections.
 */
import { sshdKeywordAt, sshServerKeyword } from '../../catalog/sshServer';
import { formatDuration } from '../../model/duration';
import { aliveSchedule, tcpKeepaliveFormula, tcpKeepaliveSchedule } from '../../model/formulas';
import type { Input, Origin, Outcome, Step, Timeline } from '../../model/timeline';
import { atLeast, type Version } from '../../model/version';
import type { Settings } from '../types';
import type { SshdResolution } from './resolve';

/** The options the timeline lists as its inputs, as `sshd -T` names them, in order. */
const TIMELINE_KEYS = ['clientaliveinterval', 'clientalivecountmax', 'tcpkeepalive', 'logingracetime', 'unusedconnectiontimeout', 'channeltimeout'] as const;

/**
 * The keepalive family, in the order `explain` prints them: the timeline's inputs, then the limits on connections
 * that have not logged in (LoginGraceTime bounds how long each holds its slot).
 */
export const SSHD_EXPLAIN_KEYS = [...TIMELINE_KEYS, 'maxstartups', 'persourcemaxstartups'] as const;

const s = (n: number) => formatDuration(n);

/**
 * An option's value for the connection and where it comes from; unset, the default the release's
 * `sshd -T` prints (from the catalog; a release that prints nothing for ChannelTimeout has none set).
 */
export function sshdEffective(res: SshdResolution, key: string, version: Version): { readonly value: string; readonly origin: Origin } {
  const set = res.values.get(key);
  if (set) {
    const l = set.directive.line;
    return { value: set.value, origin: { kind: 'line', uri: set.uri, span: l.keywordSpan() ?? { line: l.line, start: 0, end: 0 }, text: l.text.trim() } };
  }
  const spec = sshServerKeyword(key);
  const value = (spec && sshdKeywordAt(spec, version).default) ?? 'none';
  return { value, origin: { kind: 'default', text: `default (${value})` } };
}

/** As `sshd -T` prints the value (UnusedConnectionTimeout 0 is `none`). */
export function sshdPrinted(key: string, value: string): string {
  return key === 'unusedconnectiontimeout' && (value === '0' || value === 'none') ? 'none' : value;
}

/**
 * OpenSSH 9.2 to 9.4 compare whole seconds with `>` after a wait of exactly one interval, so a probe
 * goes out only after the second wait: every check takes two intervals (fixed in 9.5 with `>=`).
 */
export function checkPeriod(interval: number, version: Version): number {
  return atLeast(version, '9.2') && !atLeast(version, '9.5') ? 2 * interval : interval;
}

function numbers(res: SshdResolution, version: Version) {
  return {
    I: Number(sshdEffective(res, 'clientaliveinterval', version).value) || 0,
    N: Number(sshdEffective(res, 'clientalivecountmax', version).value),
    tcp: sshdEffective(res, 'tcpkeepalive', version).value !== 'no',
  };
}

export function sshdOutcome(res: SshdResolution, settings: Settings): Outcome {
  const v = settings.sshVersion;
  const { I, N, tcp } = numbers(res, v);
  const P = checkPeriod(I, v);
  const twice = P !== I ? ` (OpenSSH ${v.major}.${v.minor} checks every 2 × ${I} s)` : '';
  const alive = aliveSchedule(P, N);
  if (alive && (N > 0 || !atLeast(v, '8.2'))) {
    const { deadAt } = alive;
    const formula = P !== I ? `2 × ${I} s × (${N} + 1)` : `${I} s × (${N} + 1)`;
    if (N === 0) {
      return {
        mechanism: 'idle-cut',
        detectAfter: deadAt,
        formula,
        summary: `idle clients dropped after ${s(deadAt)} (ClientAliveCountMax 0 before OpenSSH 8.2)`,
      };
    }
    return {
      mechanism: 'server-alive',
      detectAfter: deadAt,
      formula,
      summary: `dead client dropped after ${s(deadAt)} (${formula}) · probes every ${s(P)}${twice}, gives up after ${N} unanswered`,
    };
  }
  const k = settings.kernel;
  const why = I > 0 ? 'ClientAliveCountMax 0 never drops a client' : 'no ClientAliveInterval';
  if (tcp) {
    const deadAt = tcpKeepaliveSchedule(k).deadAt;
    const formula = `TCP keepalive: ${tcpKeepaliveFormula(k)}`;
    return { mechanism: 'tcp-keepalive', detectAfter: deadAt, formula, summary: `dead client dropped after ${s(deadAt)} (${formula}) · ${why}` };
  }
  return {
    mechanism: 'none',
    detectAfter: undefined,
    formula: `${why}, TCPKeepAlive no`,
    summary: `a dead client is never dropped while its session is idle (${why}, TCPKeepAlive no)`,
  };
}

export function sshdTimeline(res: SshdResolution, settings: Settings, scope: string, subject: string): Timeline {
  const out = sshdOutcome(res, settings);
  const v = settings.sshVersion;
  const { I, N, tcp } = numbers(res, v);
  const P = checkPeriod(I, v);
  const k = settings.kernel;
  const inputs: Input[] = TIMELINE_KEYS.map((key) => {
    const e = sshdEffective(res, key, v);
    return { name: sshServerKeyword(key)?.name ?? key, value: sshdPrinted(key, e.value), origin: e.origin };
  });
  const steps: Step[] = [];
  const notes: string[] = [];
  if (out.mechanism === 'server-alive') {
    // The same listing as every timeline: the first probes and the last (a count can be 2^31 - 1).
    const sched = aliveSchedule(P, N)!;
    sched.probes.forEach((at, i) => {
      const n = i === sched.probes.length - 1 ? sched.probeCount : i + 1;
      steps.push({ at, what: `probe ${n} of ${N} (keepalive@openssh.com) sent: no reply yet` });
    });
    steps.push({
      at: sched.deadAt,
      what: `check ${N + 1} finds ${N} probes unanswered: sshd logs "Timeout, client not responding from user U ADDR port P" and ends the session`,
    });
    notes.push(
      `The manual's "ClientAliveInterval × ClientAliveCountMax" (${s(I * N)}) is one interval short: sshd drops the client at the check after the last unanswered probe.`,
    );
    if (P !== I) {
      notes.push(
        `OpenSSH ${v.major}.${v.minor} waits two intervals per check (serverloop.c compares whole seconds with \`>\` after a wait of exactly ${I} s; fixed in 9.5): measured with Debian 12's sshd.`,
      );
    }
  } else if (out.mechanism === 'idle-cut') {
    steps.push({ at: P, what: 'first check: ClientAliveCountMax is 0, so sshd drops the client at once' });
  } else if (out.mechanism === 'tcp-keepalive') {
    const sched = tcpKeepaliveSchedule(k);
    sched.probes.forEach((at, i) => {
      steps.push({ at, what: `kernel TCP keepalive probe ${i === sched.probes.length - 1 ? sched.probeCount : i + 1} of ${k.probes}` });
    });
    steps.push({ at: sched.deadAt, what: 'kernel resets the connection (ETIMEDOUT); sshd ends the session' });
    if (I > 0)
      notes.push(
        `ClientAliveCountMax 0: sshd sends a probe every ${s(P)} (keeping NAT state alive) but never drops the client for not answering (OpenSSH 8.2 and later).`,
      );
  }
  if (tcp && out.mechanism !== 'tcp-keepalive') {
    const sched = tcpKeepaliveSchedule(k);
    notes.push(`TCPKeepAlive yes: the kernel would also give up after ${s(sched.deadAt)} (${tcpKeepaliveFormula(k)}).`);
  }
  const grace = Number(sshdEffective(res, 'logingracetime', v).value);
  notes.push(
    grace > 0
      ? `Connections that have not logged in are closed after ${s(grace)} (LoginGraceTime).`
      : 'LoginGraceTime 0: a connection that never logs in is never closed for it.',
  );
  const unused = Number(sshdEffective(res, 'unusedconnectiontimeout', v).value) || 0;
  if (unused > 0) notes.push(`A connection with no open channel is closed after ${s(unused)} (UnusedConnectionTimeout).`);
  const ct = sshdEffective(res, 'channeltimeout', v).value;
  if (ct !== 'none') notes.push(`ChannelTimeout ${ct}: channels that carry no data are closed after their interval; client-alive probes do not count as data.`);
  if (I > settings.idleTimeout) {
    notes.push(
      `The first probe leaves after ${s(P)}, later than the path idle timeout (${s(settings.idleTimeout)}): a NAT or firewall may have dropped the flow by then.`,
    );
  }
  return { ...out, scope, subject, steps, inputs, notes };
}
