/**
 * The timelines of an option file: for the server, what happens to an idle session and to a client that
 * died (wait_timeout, TCP keepalive with MariaDB's own or the kernel's values, net_read/net_write_timeout);
 * for client programs, whether they start and how long they try to connect.
 */
import { MARIADB_PROGRAMS, type MariadbProgram } from '../../catalog/mycnf';
import { formatDuration } from '../../model/duration';
import { synTimeout } from '../../model/formulas';
import type { Input, Origin, Outcome, Step, Timeline } from '../../model/timeline';
import type { Settings } from '../types';
import { type EffectiveInt, effectiveInt, type ProgramView } from './programs';

const d = (n: number) => formatDuration(n);

/** The kernel refuses per-socket keepalive values above these (setsockopt TCP_KEEPIDLE/TCP_KEEPINTVL/TCP_KEEPCNT). */
export const KERNEL_KEEPALIVE_MAX = { time: 32767, intvl: 32767, probes: 127 } as const;

function origin(e: EffectiveInt | undefined, def: string): Origin {
  const s = e?.setting;
  if (!s) return { kind: 'default', text: def };
  return { kind: 'line', uri: s.entry.uri, span: s.entry.option.nameSpan, text: s.entry.line.text.trim() };
}

export interface ServerTimes {
  readonly wait: number;
  readonly interactive: number;
  readonly netRead: number;
  readonly netWrite: number;
  /** Keepalive as the kernel applies it to client sockets. */
  readonly keepalive: { readonly time: number; readonly intvl: number; readonly probes: number; readonly own: boolean };
}

/** The server's effective values; `view` is mariadbd's (MySQL 8 takes the same names, minus tcp_keepalive_*). */
export function serverTimes(view: ProgramView, settings: Settings): ServerTimes & { readonly inputs: readonly Input[] } {
  const get = (n: string) => effectiveInt(view, n);
  const wait = get('wait_timeout');
  const interactive = get('interactive_timeout');
  const netRead = get('net_read_timeout');
  const netWrite = get('net_write_timeout');
  const kt = get('tcp_keepalive_time');
  const ki = get('tcp_keepalive_interval');
  const kp = get('tcp_keepalive_probes');
  const inputs: Input[] = [];
  const add = (name: string, e: EffectiveInt | undefined, def: string) => {
    if (e) inputs.push({ name, value: String(e.value), origin: origin(e, def) });
  };
  add('wait_timeout', wait, 'server default');
  add('interactive_timeout', interactive, 'server default');
  add('net_read_timeout', netRead, 'server default');
  add('net_write_timeout', netWrite, 'server default');
  // 0 (or a value the kernel refuses) leaves the kernel's value in force.
  const own = (e: EffectiveInt | undefined, max: number) => (e && e.value > 0 && e.value <= max ? e.value : undefined);
  const time = own(kt, KERNEL_KEEPALIVE_MAX.time);
  const intvl = own(ki, KERNEL_KEEPALIVE_MAX.intvl);
  const probes = own(kp, KERNEL_KEEPALIVE_MAX.probes);
  const kernel = (name: string, setting: string, mine: number | undefined, e: EffectiveInt | undefined, k: number) => {
    if (mine !== undefined) add(name, e, 'server default');
    else {
      if (e?.setting) add(name, e, 'server default');
      inputs.push({
        name: `net.ipv4.${setting}`,
        value: String(k),
        origin: { kind: 'setting', name: `keepaliveLens.kernel.${camel(setting)}`, text: 'the kernel value, used while the server variable is 0' },
      });
    }
  };
  kernel('tcp_keepalive_time', 'tcp_keepalive_time', time, kt, settings.kernel.time);
  kernel('tcp_keepalive_interval', 'tcp_keepalive_intvl', intvl, ki, settings.kernel.intvl);
  kernel('tcp_keepalive_probes', 'tcp_keepalive_probes', probes, kp, settings.kernel.probes);
  return {
    wait: wait?.value ?? 28800,
    interactive: interactive?.value ?? 28800,
    netRead: netRead?.value ?? 30,
    netWrite: netWrite?.value ?? 60,
    keepalive: {
      time: time ?? settings.kernel.time,
      intvl: intvl ?? settings.kernel.intvl,
      probes: probes ?? settings.kernel.probes,
      own: time !== undefined || intvl !== undefined || probes !== undefined,
    },
    inputs,
  };
}

function camel(s: string): string {
  return s.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
}

/** `[mysqld]` and friends: idle sessions, dead clients, stalled statements. */
export function serverTimeline(label: string, view: ProgramView, settings: Settings, failing: readonly string[]): Timeline {
  const t = serverTimes(view, settings);
  const k = t.keepalive;
  const dead = k.time + k.intvl * k.probes;
  const source = k.own ? 'MariaDB keepalive' : 'kernel keepalive';
  const byKeepalive = dead <= t.wait;
  const detectAfter = Math.min(dead, t.wait);
  const steps: Step[] = [
    { at: k.time, what: `first TCP keepalive probe to a silent client (${k.own ? 'tcp_keepalive_time' : 'kernel tcp_keepalive_time'})` },
    { at: dead, what: `a client that answered none of ${k.probes} probes ${k.intvl} s apart is declared dead: the server closes its connection` },
    { at: t.wait, what: 'an idle session is closed (wait_timeout), alive or not' },
  ];
  if (t.interactive !== t.wait)
    steps.push({ at: t.interactive, what: 'an idle interactive session (the command-line client) is closed (interactive_timeout)' });
  steps.sort((a, b) => a.at - b.at);
  const formula = byKeepalive ? `${k.time} s + ${k.intvl} s × ${k.probes}` : `wait_timeout ${t.wait} s`;
  const culprits = [...new Set(view.failures.map((f) => f.entry.option.name))];
  const summary = failing.length
    ? `mariadbd refuses to start (${culprits.slice(0, 3).join(', ')}${culprits.length > 3 ? ', ...' : ''})`
    : `idle sessions closed after ${d(t.wait)} · dead clients found after ${d(detectAfter)} (${byKeepalive ? source : 'wait_timeout'})`;
  const notes: string[] = [];
  if (failing.length) notes.push(`The server does not start with this file: ${failing.join('; ')}.`);
  notes.push(
    `A client that stops sending in the middle of a statement is cut off after net_read_timeout (${d(t.netRead)}); one that stops reading a result, after net_write_timeout (${d(t.netWrite)}).`,
    'Both servers turn on SO_KEEPALIVE for every client connection, so the keepalive values above apply to every idle client socket.',
  );
  if (k.own) notes.push('MySQL 8 has no tcp_keepalive_* variables: a MySQL server reading this group uses the kernel values.');
  return {
    scope: label,
    subject: 'mariadbd (and a MySQL 8 mysqld) reading this file',
    mechanism: byKeepalive ? 'tcp-keepalive' : 'idle-cut',
    detectAfter,
    formula,
    summary,
    steps,
    inputs: t.inputs,
    notes,
  };
}

/** How long a client program's connect attempt lasts before it gives up (its connect_timeout, else the kernel's SYN retries). */
export function clientConnect(view: ProgramView, settings: Settings): { readonly seconds: number; readonly input?: Input; readonly byKernel: boolean } {
  const syn = synTimeout(settings.kernel.synRetries, settings.kernel.synLinear);
  const has = MARIADB_PROGRAMS[view.program].options.connect_timeout !== undefined;
  const e = has ? effectiveInt(view, 'connect_timeout') : undefined;
  const input: Input | undefined = e
    ? { name: `${view.program} connect_timeout`, value: String(e.value), origin: origin(e, `${view.program} default`) }
    : undefined;
  if (e && e.value > 0 && e.value < syn) return { seconds: e.value, byKernel: false, ...(input ? { input } : {}) };
  return { seconds: syn, byKernel: true, ...(input ? { input } : {}) };
}

/** A client group: which programs refuse to start, and how long the group's main program tries to connect. */
export function clientTimeline(label: string, main: ProgramView, views: readonly ProgramView[], settings: Settings): Timeline {
  const refusing = views.filter((v) => v.failures.length > 0);
  const c = clientConnect(main, settings);
  const inputs: Input[] = [];
  if (c.input) inputs.push(c.input);
  inputs.push(
    {
      name: 'net.ipv4.tcp_syn_retries',
      value: String(settings.kernel.synRetries),
      origin: { kind: 'setting', name: 'keepaliveLens.kernel.tcpSynRetries', text: 'SYN retries before connect() fails' },
    },
    {
      name: 'net.ipv4.tcp_syn_linear_timeouts',
      value: String(settings.kernel.synLinear),
      origin: { kind: 'setting', name: 'keepaliveLens.kernel.tcpSynLinearTimeouts', text: 'SYN retries at a fixed 1 s before the backoff' },
    },
  );
  const steps: Step[] = [
    {
      at: c.seconds,
      what: c.byKernel
        ? `${main.program} gives up connecting to an unreachable server: the kernel's SYN retries run out`
        : `${main.program} gives up connecting to an unreachable server (connect_timeout)`,
    },
  ];
  const connectText = `${main.program}: connect gives up after ${d(c.seconds)}${c.byKernel ? ' (kernel SYN retries)' : ''}`;
  const culprits = [...new Set(refusing.flatMap((v) => v.failures.map((f) => f.entry.option.name)))];
  const refuseText = refusing.length
    ? `${refusing.length === 1 ? refusing[0]!.program : `${refusing[0]!.program} and ${refusing.length - 1} more`} refuse${refusing.length === 1 ? 's' : ''} to start (${culprits.slice(0, 3).join(', ')}${culprits.length > 3 ? ', ...' : ''})`
    : '';
  const summary = refusing.some((v) => v.program === main.program) ? refuseText : [refuseText, connectText].filter(Boolean).join(' · ');
  const notes: string[] = [];
  for (const v of refusing) notes.push(`${v.program} refuses to start: ${v.failures.map((f) => `\`${f.message}\``).join(', ')}.`);
  notes.push(
    'The client programs have no read or write timeout of their own: a server that dies in the middle of a query is found by the kernel (retransmission timeout while data is unacknowledged).',
  );
  return {
    scope: label,
    subject: views.map((v) => v.program).join(', '),
    mechanism: 'connect',
    detectAfter: c.seconds,
    formula: c.byKernel ? `SYN retries ${settings.kernel.synRetries} (linear ${settings.kernel.synLinear})` : `connect_timeout ${c.seconds} s`,
    summary,
    steps,
    inputs,
    notes,
  };
}

export function noReaderTimeline(label: string): Timeline {
  const summary = 'not read by the MariaDB or MySQL programs Keepalive Lens models';
  return { scope: label, subject: 'no modelled program', mechanism: 'none', detectAfter: undefined, formula: '', summary, steps: [], inputs: [], notes: [] };
}

export const outcomeOf = (t: Timeline): Outcome => ({ mechanism: t.mechanism, detectAfter: t.detectAfter, formula: t.formula, summary: t.summary });
export type { MariadbProgram };
