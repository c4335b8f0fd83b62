/**
 * The timelines of an option file: for the server, what happens to an idle session and to a client that
 * died (wait_timeout, TCP keepalive with MariaDB's own or the kernel's values, net_read/net_write_timeout);
 * for client programs, whether they start and how long they try to connect.
 */
import { flavorRelease, type MycnfFlavor, programFlavor, programTable, sameMycnfGroup } from '../../catalog/mycnf';
import { synTimeout, tcpKeepaliveFormula, tcpKeepaliveSchedule } from '../../model/formulas';
import type { Input, Origin, Outcome, Step, Timeline } from '../../model/timeline';
import type { Settings } from '../types';
import { d, list } from './context';
import { type EffectiveInt, effectiveInt, type ProgramView, programStarts } from './programs';
import type { MycnfReadProblem } from './read';

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

/** A server's effective values (MySQL's mysqld has the same names, minus tcp_keepalive_*: it always uses the kernel's). */
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

/** What one server makes of its groups: how long until a dead client is found, and by what. */
function serverOutcome(view: ProgramView, settings: Settings) {
  const t = serverTimes(view, settings);
  const k = t.keepalive;
  const dead = tcpKeepaliveSchedule(k).deadAt;
  const byKeepalive = dead <= t.wait;
  return {
    t,
    dead,
    byKeepalive,
    detectAfter: Math.min(dead, t.wait),
    source: k.own ? `${programFlavor(view.program) === 'mariadb' ? 'MariaDB' : 'MySQL'} keepalive` : 'kernel keepalive',
  };
}

/** A reading's fatal error as a summary quotes it: without the programs' `error: ` or `[ERROR] `. */
export const stopReason = (p: MycnfReadProblem): string => p.message.replace(/^(error: |\[ERROR\] )/, '');

const culpritsOf = (vs: readonly ProgramView[]) => {
  const c = [...new Set(vs.flatMap((v) => v.failures.map((f) => f.entry.option.name)))];
  return `${c.slice(0, 3).join(', ')}${c.length > 3 ? ', ...' : ''}`;
};

/** Why a program does not start, for a summary: its family's reading stopped, or it refuses lines of its groups. */
const whyNot = (v: ProgramView) =>
  v.stopped ? `${v.program} does not start (${stopReason(v.stopped)})` : `${v.program} refuses to start (${culpritsOf([v])})`;

/**
 * `[mysqld]` and friends: idle sessions, dead clients, stalled statements, for the servers of the file's families
 * that read the group (the first that starts leads; another that starts and differs gets a note).
 */
export function serverTimeline(label: string, views: readonly ProgramView[], settings: Settings): Timeline {
  const subject = `${views.map((v) => `${v.program} (${flavorRelease(programFlavor(v.program))})`).join(' and ')} reading this file`;
  const notStarting = views.filter((v) => !programStarts(v));
  const notes = notStarting.map(
    (v) =>
      `${v.program} (${flavorRelease(programFlavor(v.program))}) does not start with this file: ${v.stopped ? v.stopped.message : v.failures.map((f) => f.message.split('\n')[0]!).join('; ')}.`,
  );
  if (views.every((v) => v.stopped)) return stoppedTimeline(label, subject, notStarting.map(whyNot).join(' · '), notes);
  // The first that starts, else the first whose family reads the file through (it refuses a line: judged as if mended).
  const view = views.find(programStarts) ?? views.find((v) => !v.stopped)!;
  const { t, dead, byKeepalive, detectAfter, source } = serverOutcome(view, settings);
  const k = t.keepalive;
  const steps: Step[] = [
    { at: k.time, what: `first TCP keepalive probe to a silent client (${k.own ? 'tcp_keepalive_time' : 'kernel tcp_keepalive_time'})` },
    { at: dead, what: `a client that answered none of ${k.probes} probes ${k.intvl} s apart is declared dead: the server closes its connection` },
    { at: t.wait, what: 'an idle session is closed (wait_timeout), alive or not' },
  ];
  if (t.interactive !== t.wait)
    steps.push({
      at: t.interactive,
      what: 'an idle interactive session (mariadb or mysql on a terminal; not with -e or piped input) is closed (interactive_timeout)',
    });
  steps.sort((a, b) => a.at - b.at);
  const formula = byKeepalive ? tcpKeepaliveFormula(k) : `wait_timeout ${t.wait} s`;
  const running = `idle sessions closed after ${d(t.wait)} · dead clients found after ${d(detectAfter)} (${byKeepalive ? source : 'wait_timeout'})`;
  const why = notStarting.map(whyNot).join(' · ');
  const summary = !programStarts(view) ? why : notStarting.length ? `${why} · ${view.program}: ${running}` : running;
  for (const v of views) {
    if (v === view || !programStarts(v)) continue;
    const o = serverOutcome(v, settings);
    if (o.detectAfter !== detectAfter || o.t.wait !== t.wait)
      notes.push(
        `${v.program} (${flavorRelease(programFlavor(v.program))}) reading this group: idle sessions closed after ${d(o.t.wait)}, dead clients found after ${d(o.detectAfter)} (${o.byKeepalive ? o.source : 'wait_timeout'}).`,
      );
  }
  if (t.interactive !== t.wait) {
    const interactiveDead = Math.min(dead, t.interactive);
    notes.push(
      `An interactive client (the command-line client on a terminal) idles under interactive_timeout, not wait_timeout: a dead one is found after ${d(interactiveDead)} (${dead <= t.interactive ? source : 'interactive_timeout'}).`,
    );
  }
  notes.push(
    `A client that stops sending in the middle of a statement is cut off after net_read_timeout (${d(t.netRead)}); one that stops reading a result, after net_write_timeout (${d(t.netWrite)}).`,
    'Both servers turn on SO_KEEPALIVE for every client connection, so the keepalive values above apply to every idle client socket.',
  );
  if (k.own && !views.some((v) => programFlavor(v.program) === 'mysql'))
    notes.push('MySQL has no tcp_keepalive_* variables (its mysqld refuses them): a MySQL server reading this group would use the kernel values.');
  return {
    scope: label,
    subject,
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
  const has = programTable(view.program).options.connect_timeout !== undefined;
  const e = has ? effectiveInt(view, 'connect_timeout') : undefined;
  const input: Input | undefined = e
    ? { name: `${view.program} connect_timeout`, value: String(e.value), origin: origin(e, `${view.program} default`) }
    : undefined;
  if (e && e.value > 0 && e.value < syn) return { seconds: e.value, byKernel: false, ...(input ? { input } : {}) };
  return { seconds: syn, byKernel: true, ...(input ? { input } : {}) };
}

/**
 * A client group: which programs do not start (their family's reading stops, or they refuse a line), and how long the
 * group's main program tries to connect: the group's own program (`[mysqldump]`), else the first of `views` (the
 * command-line client of the first family), among those whose family reads the file through when there are any.
 */
export function clientTimeline(label: string, group: string, views: readonly ProgramView[], settings: Settings): Timeline {
  const reading = views.filter((v) => !v.stopped);
  const pool = reading.length > 0 ? reading : views;
  const main =
    pool.find((v) =>
      programTable(v.program)
        .groups.slice(0, 2)
        .some((x) => sameMycnfGroup(x, group)),
    ) ?? pool[0]!;
  const stopped = views.filter((v) => v.stopped);
  const refusing = reading.filter((v) => v.failures.length > 0);
  const who = (vs: readonly ProgramView[]) => (vs.length === 1 ? vs[0]!.program : `${vs[0]!.program} and ${vs.length - 1} more`);
  const reasons = [...new Set(stopped.map((v) => stopReason(v.stopped!)))];
  const stopText = stopped.length ? `${who(stopped)} ${stopped.length === 1 ? 'does' : 'do'} not start (${reasons.join('; ')})` : '';
  const notes: string[] = [];
  for (const reason of new Set(stopped.map((v) => v.stopped!.message))) {
    const these = stopped.filter((v) => v.stopped!.message === reason).map((v) => v.program);
    notes.push(`${list(these)} ${these.length === 1 ? 'does' : 'do'} not start: \`${reason}\`.`);
  }
  if (reading.length === 0) return stoppedTimeline(label, views.map((v) => v.program).join(', '), stopText, notes);
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
  const refuseText = refusing.length ? `${who(refusing)} refuse${refusing.length === 1 ? 's' : ''} to start (${culpritsOf(refusing)})` : '';
  const summary = [stopText, refuseText, programStarts(main) ? connectText : ''].filter(Boolean).join(' · ');
  for (const v of refusing) notes.push(`${v.program} refuses to start: ${v.failures.map((f) => `\`${f.message}\``).join(', ')}.`);
  notes.push(
    "connect_timeout also bounds each read and write of the handshake (MariaDB's client library, measured): with 0, mariadb's default, a server that accepts the connection but never sends its greeting holds the client indefinitely.",
    "For a host name with several addresses only the first attempt is bounded by connect_timeout; each further address waits for the kernel's SYN retries (MariaDB's client library, measured).",
    'The client programs have no read or write timeout of their own: a server that dies in the middle of a query is found by the kernel (the retransmission timeout while a request is unacknowledged; TCP keepalive, which the client library turns on, while the client waits for an answer).',
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

/**
 * The timeline of programs that do not start because their reading of the option files stops (every program's when
 * the file stops them all): nothing to time.
 */
export function stoppedTimeline(label: string, subject: string, summary: string, notes: readonly string[] = []): Timeline {
  return { scope: label, subject, mechanism: 'none', detectAfter: undefined, formula: '', summary, steps: [], inputs: [], notes: [...notes] };
}

/** A group no modelled program reads (with `flavors`: read only by programs of other families or releases). */
export function noReaderTimeline(label: string, flavors?: readonly MycnfFlavor[]): Timeline {
  const summary = flavors
    ? `not read by the programs of ${flavors.map(flavorRelease).join(' or ')}`
    : 'not read by the MariaDB or MySQL programs Keepalive Lens models';
  return { scope: label, subject: 'no modelled program', mechanism: 'none', detectAfter: undefined, formula: '', summary, steps: [], inputs: [], notes: [] };
}

export const outcomeOf = (t: Timeline): Outcome => ({ mechanism: t.mechanism, detectAfter: t.detectAfter, formula: t.formula, summary: t.summary });
