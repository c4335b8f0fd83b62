/**
 * A set of sysctl files as systemd-sysctl loads it: the load order, the assignment of each
 * key that wins, what the kernel does with it, and the detection timeline that follows.
 * Pure: the files' text is handed in.
 */
import { kernelDefault, sysctlKey } from '../../catalog/sysctl';
import type { SysctlKeySpec } from '../../catalog/types';
import { formatDuration } from '../../model/duration';
import { retransmissionTimeout, synTimeout, tcpKeepaliveFormula, tcpKeepaliveSchedule } from '../../model/formulas';
import { type KernelReading, readKernelValue } from '../../model/kernelValue';
import type { Input, Origin, Outcome, Step, Timeline } from '../../model/timeline';
import type { SysctlDocument, SysctlLine } from '../../syntax/sysctl';
import { normalizeSysctlKey, tokenizeSysctl } from '../../syntax/sysctl';
import { fileName } from '../../syntax/text';
import type { Settings } from '../types';
import { type LoadOrder, loadOrder } from './loadOrder';

export interface SysctlFileInput {
  readonly uri: string;
  readonly text: string;
}

export interface Assignment {
  readonly uri: string;
  readonly line: SysctlLine;
  /** Position in the whole set's reading order. */
  readonly seq: number;
}

export interface KeyValue {
  /** Canonical dotted name. */
  readonly name: string;
  readonly spec?: SysctlKeySpec;
  /** The assignment that wins (absent: the kernel default applies). */
  readonly winner?: Assignment;
  /** Every assignment of the key, in reading order (the winner last). */
  readonly assignments: readonly Assignment[];
  /** Set by a glob line rather than an entry of its own. */
  readonly viaGlob: boolean;
  /** What the kernel does with the winner's value (absent for unknown keys). */
  readonly reading?: KernelReading;
  /** What /proc/sys shows after loading into a new network namespace, when known. */
  readonly kernel?: string;
  /** The winner's write succeeds (unknown when the key or its values are not modelled). */
  readonly accepted?: boolean;
  /** The last entry is a `-key` line: nothing is written, the key keeps its value. */
  readonly cancelled?: boolean;
}

/**
 * Checks the kernel makes against other keys (net/ipv4/sysctl_net_ipv4.c): the local port
 * range must not be inverted nor start below ip_unprivileged_port_start, which in turn must
 * not exceed the range's low end. Values of the other key come from the set, else defaults.
 */
function crossCheck(name: string, shown: string | undefined, rawOf: (name: string) => string | undefined): string | undefined {
  const num = (key: string, fallback: number, index = 0): number => {
    const raw = rawOf(key);
    const spec = sysctlKey(key);
    if (raw === undefined || !spec) return fallback;
    const r = readKernelValue(raw, spec.value);
    return r.ok && r.numbers && r.numbers.length > index ? r.numbers[index] : fallback;
  };
  if (name === 'net.ipv4.ip_local_port_range' && shown) {
    const [low, high] = shown.split('\t').map(Number);
    const unpriv = num('net.ipv4.ip_unprivileged_port_start', 1024);
    if (high < low) return `the range ${low}..${high} is inverted`;
    if (low < unpriv) return `the low end ${low} is below net.ipv4.ip_unprivileged_port_start (${unpriv})`;
  }
  if (name === 'net.ipv4.ip_unprivileged_port_start' && shown) {
    const low = num('net.ipv4.ip_local_port_range', 32768);
    if (Number(shown) > low) return `${shown} is above the low end of net.ipv4.ip_local_port_range (${low})`;
  }
  return undefined;
}

/** The keys the timelines are computed from. */
export const MODEL_KEYS = [
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
  'net.ipv4.tcp_retries2',
  'net.ipv4.tcp_syn_retries',
  'net.ipv4.tcp_syn_linear_timeouts',
  'net.ipv4.tcp_rto_max_ms',
  'net.netfilter.nf_conntrack_tcp_timeout_established',
] as const;
export type ModelKey = (typeof MODEL_KEYS)[number];

export const TRIO = ['net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes'] as const;

/** The keys each outcome of the set is computed from (below: the keepalive schedule, retransmissionTimeout, synTimeout). */
export const OUTCOME_KEYS: Readonly<Record<'keepalive' | 'retransmission' | 'connect', readonly ModelKey[]>> = {
  keepalive: TRIO,
  retransmission: ['net.ipv4.tcp_retries2', 'net.ipv4.tcp_rto_max_ms'],
  connect: ['net.ipv4.tcp_syn_retries', 'net.ipv4.tcp_syn_linear_timeouts', 'net.ipv4.tcp_rto_max_ms'],
};

export interface Effective {
  readonly value: number;
  readonly origin: Origin;
  /** The value comes from the file set (not the kernel default). */
  readonly set: boolean;
}

export interface Limit {
  readonly giveUpAfter: number;
  readonly formula: string;
  readonly summary: string;
}

export interface SysctlSet {
  readonly order: LoadOrder;
  readonly docs: ReadonlyMap<string, SysctlDocument>;
  /** Every key the set assigns (explicitly or by glob over a modelled key), by name. */
  readonly values: ReadonlyMap<string, KeyValue>;
  effective(key: ModelKey): Effective;
  readonly keepalive: Outcome;
  readonly retransmission: Limit;
  readonly connect: Limit;
  readonly timeline: Timeline;
}

const d = (n: number) => formatDuration(n);

function originOf(a: Assignment): Origin {
  return { kind: 'line', uri: a.uri, span: a.line.key?.span ?? { line: a.line.line, start: 0, end: 0 }, text: a.line.text.trim() };
}

export function analyzeSysctlSet(files: readonly SysctlFileInput[], settings: Settings): SysctlSet {
  const byUri = new Map(files.map((f) => [f.uri, f.text]));
  const order = loadOrder(files.map((f) => f.uri));
  const docs = new Map<string, SysctlDocument>();
  for (const f of files) docs.set(f.uri, tokenizeSysctl(f.text));

  // Read every assignment in load order. A `-key` line is an entry too: it replaces an earlier
  // assignment with "set nothing" and keeps globs off the key (systemd-sysctl's parse_file).
  const explicit = new Map<string, Assignment[]>();
  const globs: Assignment[] = [];
  let seq = 0;
  for (const file of order.files) {
    const doc = docs.get(file.uri);
    if (!doc || !byUri.has(file.uri)) continue;
    for (const line of doc.lines) {
      if (!line.key || line.key.name === '' || (line.kind !== 'assignment' && line.kind !== 'exclusion')) continue;
      const a: Assignment = { uri: file.uri, line, seq: seq++ };
      if (line.kind === 'assignment' && line.key.glob) globs.push(a);
      else {
        const list = explicit.get(line.key.name);
        if (list) list.push(a);
        else explicit.set(line.key.name, [a]);
      }
    }
  }

  const values = new Map<string, KeyValue>();
  const rawOf = (name: string): string | undefined => explicit.get(name)?.at(-1)?.line.value?.raw;
  const judge = (name: string, assignments: Assignment[], viaGlob: boolean): KeyValue => {
    const spec = sysctlKey(name);
    const winner = assignments[assignments.length - 1];
    const shownDefault = spec?.default?.trim().split(/\s+/).join('\t');
    if (winner.line.kind === 'exclusion') return { name, spec, winner, assignments, viaGlob, cancelled: true, kernel: shownDefault };
    if (!spec || !winner.line.value) return { name, spec, winner, assignments, viaGlob };
    let reading = readKernelValue(winner.line.value.raw, spec.value);
    if (reading.ok && reading.numbers && spec.value.type === 'ints' && reading.numbers.length < spec.value.count) {
      // A partial write changes only the first numbers; the rest keep their value (in a new namespace, the default).
      const rest = (shownDefault ?? '').split('\t').slice(reading.numbers.length);
      reading = { ...reading, shown: rest.length === spec.value.count - reading.numbers.length ? [...reading.numbers, ...rest].join('\t') : undefined };
    }
    const cross = reading.ok ? crossCheck(name, reading.shown, rawOf) : undefined;
    if (cross) reading = { ok: false, error: 'EINVAL', reason: cross };
    const kernel = reading.ok ? reading.shown : shownDefault;
    return { name, spec, winner, assignments, viaGlob, reading, kernel, accepted: reading.ok, cancelled: false };
  };
  for (const [name, list] of explicit) values.set(name, judge(name, list, false));
  // A glob sets the modelled keys it matches that have no entry of their own (an exclusion is one).
  for (const key of MODEL_KEYS) {
    if (values.has(key)) continue;
    const matching = globs.filter((g) => g.line.key && globMatches(g.line.key.name, key));
    if (matching.length) values.set(key, judge(key, matching, true));
  }

  const effective = (key: ModelKey): Effective => {
    const v = values.get(key);
    if (v?.winner && v.accepted && v.reading?.ok && v.reading.numbers?.length) return { value: v.reading.numbers[0], origin: originOf(v.winner), set: true };
    const dflt = kernelDefault(key);
    const why = v?.cancelled
      ? ` (\`-${v.name}\` cancels the assignments before it)`
      : v?.winner && v.accepted === false
        ? ' (the assignment in the files is rejected)'
        : '';
    return { value: dflt, origin: { kind: 'default', text: `kernel default (${dflt})${why}` }, set: false };
  };

  const time = effective('net.ipv4.tcp_keepalive_time');
  const intvl = effective('net.ipv4.tcp_keepalive_intvl');
  const probes = effective('net.ipv4.tcp_keepalive_probes');
  const retries2 = effective('net.ipv4.tcp_retries2');
  const synRetries = effective('net.ipv4.tcp_syn_retries');
  const linear = effective('net.ipv4.tcp_syn_linear_timeouts');
  const rtoMax = effective('net.ipv4.tcp_rto_max_ms');
  const conntrack = effective('net.netfilter.nf_conntrack_tcp_timeout_established');

  const kernel = { time: time.value, intvl: intvl.value, probes: probes.value };
  const sched = tcpKeepaliveSchedule(kernel);
  const allDefault = !time.set && !intvl.set && !probes.set;
  const formula = tcpKeepaliveFormula(kernel);
  // The kernel stores these times as jiffies and compares them unsigned: a negative value waits
  // about 2^32 jiffies (198 days at HZ=250), so in practice no probe is ever sent.
  const wraps = time.value < 0 ? 'tcp_keepalive_time' : intvl.value < 0 ? 'tcp_keepalive_intvl' : undefined;
  const keepalive: Outcome = wraps
    ? {
        mechanism: 'none',
        detectAfter: undefined,
        formula,
        summary: `idle peer never declared dead in practice (${wraps} is negative: the kernel waits about 2^32 jiffies, months)`,
      }
    : {
        mechanism: 'tcp-keepalive',
        detectAfter: sched.deadAt,
        formula,
        summary: `idle peer declared dead after ${d(sched.deadAt)} (${formula}${allDefault ? ', kernel defaults' : ''})`,
      };

  const rtoMaxS = rtoMax.value / 1000;
  const giveUp = retransmissionTimeout(retries2.value, rtoMaxS);
  const retransmission: Limit = {
    giveUpAfter: giveUp,
    formula: `tcp_retries2 = ${retries2.value}, RTO from 200 ms doubling up to ${d(rtoMaxS)}`,
    summary: `stalled send gives up after ${d(giveUp)} (tcp_retries2 = ${retries2.value})`,
  };
  const syn = synTimeout(synRetries.value, linear.value, rtoMaxS);
  const connect: Limit = {
    giveUpAfter: syn,
    formula: `tcp_syn_retries = ${synRetries.value}${linear.value ? `, tcp_syn_linear_timeouts = ${linear.value}` : ''}`,
    summary: `connect gives up after ${d(syn)} (tcp_syn_retries = ${synRetries.value}${linear.value ? ` + ${linear.value} linear` : ''})`,
  };

  const steps: Step[] = [];
  const idle = settings.idleTimeout;
  const events: Step[] = [];
  if (!wraps)
    sched.probes.forEach((at, k) => {
      const nth = k === sched.probes.length - 1 && sched.probeCount > sched.probes.length ? sched.probeCount : k + 1;
      events.push({ at, what: `keepalive probe ${nth} of ${sched.probeCount} (unanswered)` });
    });
  if (!wraps) events.push({ at: sched.deadAt, what: 'no answer to the last probe: the connection is reset, the application sees ETIMEDOUT' });
  if (idle < time.value || (wraps && idle > 0))
    events.push({ at: idle, what: `the path forgets an idle flow (setting \`keepaliveLens.network.idleTimeout\`, ${d(idle)})` });
  if (conntrack.value < sched.deadAt || wraps)
    events.push({ at: conntrack.value, what: "this host's connection tracking forgets the idle flow (nf_conntrack_tcp_timeout_established)" });
  events.sort((a, b) => a.at - b.at);
  steps.push(...events);

  const inputs: Input[] = [
    ['tcp_keepalive_time', time],
    ['tcp_keepalive_intvl', intvl],
    ['tcp_keepalive_probes', probes],
    ['tcp_retries2', retries2],
    ['tcp_syn_retries', synRetries],
    ['tcp_syn_linear_timeouts', linear],
    ['tcp_rto_max_ms', rtoMax],
    ['nf_conntrack_tcp_timeout_established', conntrack],
  ].map(([name, e]) => ({ name: name as string, value: String((e as Effective).value), origin: (e as Effective).origin }));

  const notes = [
    retransmission.summary.replace(/^stalled send/, 'Unacknowledged data (a stalled send)') +
      `: ${retransmission.formula}; keepalive does not run while data is unacknowledged.`,
    `${connect.summary.replace(/^connect/, 'connect()')}.`,
    'Keepalive runs only on sockets that enable SO_KEEPALIVE; per-socket TCP_KEEPIDLE, TCP_KEEPINTVL and TCP_KEEPCNT override these values, and TCP_USER_TIMEOUT replaces the probe count and tcp_retries2.',
    'These values are per network namespace: a container starts from the kernel defaults, not from the host.',
  ];
  const timeline: Timeline = {
    ...keepalive,
    scope: 'sysctl settings',
    subject: `the files in load order: ${order.files.map((f) => fileName(f.uri)).join(', ') || '(none)'}`,
    steps,
    inputs,
    notes,
  };

  return { order, docs, values, effective, keepalive, retransmission, connect, timeline };
}

/**
 * systemd-sysctl expands a glob key with glob(3) under /proc/sys, so a wildcard matches
 * within one path segment (`net.ipv4.tcp_keepalive_*` matches the three keepalive keys,
 * `net.ipv4.*` matches no key below `net.ipv4.conf.`).
 */
export function globMatches(pattern: string, name: string): boolean {
  const p = normalizeSysctlKey(pattern).path;
  const n = normalizeSysctlKey(name).path;
  let re = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = p.indexOf(']', i + 2);
      if (close < 0) re += '\\[';
      else {
        const body = p
          .slice(i + 1, close)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\');
        re += `[${body}]`;
        i = close;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  try {
    return new RegExp(`^${re}$`).test(n);
  } catch {
    return false;
  }
}

export type { KernelReading };
