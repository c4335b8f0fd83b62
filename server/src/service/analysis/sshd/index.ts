/**
 * sshd_config analysis: the reading (read.ts), one resolution per section (the global section for
 * connections no Match block applies to, each Match block for the connections it matches), the
 * timeline of each, and the findings, hints and hover facts that follow.
 */
import { formatDuration, isPlainTime } from '../../model/duration';
import { suggestedInterval, tcpKeepaliveFormula, tcpKeepaliveSchedule } from '../../model/formulas';
import type { Timeline } from '../../model/timeline';
import { formatVersion } from '../../model/version';
import { fileName } from '../../syntax/text';
import type { Analysis, Draft, Environment, Finding, FixData, Hint, LineFacts, Scope, Settings } from '../types';
import { lineSpan, type SshdDirective, type SshdFile, type SshdSection, SUBSYSTEM_SYNTAX } from './read';
import {
  readAtStart,
  resolveSshd,
  type SshdConnection,
  type SshdLoss,
  type SshdRefusal,
  type SshdResolution,
  type SshdSetting,
  sshdAccumulates,
  sshdInput,
  sshdLastWins,
} from './resolve';
import { SSHD_RULES, type SshdCode } from './rules';
import { sshdOutcome, sshdTimeline } from './timeline';

export interface SshdAnalysis extends Analysis {
  readonly sshd: SshdFile;
  /** Resolves a connection against this file, as `sshd -T -C` does. */
  resolve(conn: SshdConnection): SshdResolution;
}

function sectionLabel(section: SshdSection): string {
  return section.header ? section.header.line.text.trim().replace(/\s+#.*$/, '') : 'global section';
}

/** Whom a section's values are for. */
function subjectOf(section: SshdSection): string {
  if (!section.header) return 'connections no Match block applies to';
  if (section.header.all) return 'every connection';
  return `connections matching ${section.header.criteria.map((c) => (c.arg ? `${c.name} ${c.arg}` : c.name)).join(', ')}`;
}

export function analyzeSshd(uri: string, text: string, settings: Settings, env: Environment): SshdAnalysis {
  const version = settings.sshVersion;
  const input = sshdInput(uri, text, version, env);
  const { root } = input;
  const findings: Finding[] = root.drafts.map((d) => ({ ...d, severity: SSHD_RULES[d.code].severity }));
  const push = (f: Draft<SshdCode>) => findings.push({ ...f, severity: SSHD_RULES[f.code].severity });
  // The start reading does not depend on the connection: once for every section.
  const start = readAtStart(input);
  for (const r of start.refusals) push(refusalFinding(r, uri, formatVersion(version)));
  const refused = new Set(start.refusals.map((r) => r.refused.directive));
  /** Lines of the file that stop sshd by themselves. */
  const badLines = new Set(root.drafts.filter((d) => SSHD_RULES[d.code].severity === 'error').map((d) => d.span.line));
  // An included file can stop sshd too (start.problems: those are include-problem errors).
  const fatal = findings.some((f) => f.severity === 'error') || start.problems.length > 0;
  const doc = root.doc;
  const scopes: Scope[] = [];
  /** Each line's section, with its scope and resolution (lines of a skipped empty global section have none). */
  const at: Array<{ readonly section: SshdSection; readonly scope: Scope; readonly res: SshdResolution } | undefined> = new Array(doc.lines.length);
  const directiveAt = new Map<number, SshdDirective>();
  const hints: Hint[] = [];
  const reported = new Set<string>();

  for (const section of root.sections) {
    const global = !section.header;
    if (global && section.items.length === 0 && root.sections.length > 1 && !hasContent(root, section)) continue;
    // An empty connection: only `Match all` blocks (and the forced block) apply besides the global values.
    const res = resolveSshd({ ...input, force: section.header?.line.line }, {}, start);
    const label = sectionLabel(section);
    const subject = subjectOf(section);
    const outcome = sshdOutcome(res, settings);
    let timeline: Timeline | undefined;
    const span = section.header ? { line: section.start, start: 0, end: section.header.line.text.length } : { line: 0, start: 0, end: 0 };
    const scope: Scope = {
      span,
      label,
      summary: `${outcome.summary} · for ${subject}`,
      outcome,
      get timeline() {
        timeline ??= sshdTimeline(res, settings, label, subject);
        return timeline;
      },
    };
    scopes.push(scope);
    for (let l = section.start; l <= section.end; l++) at[l] = { section, scope, res };
    for (const item of section.items) if (item.kind === 'set') directiveAt.set(item.d.line.line, item.d);

    for (const p of res.problems) {
      const key = `${p.span.line}:${p.message}`;
      if (reported.has(key)) continue;
      reported.add(key);
      push({ code: 'sshd/include-problem', message: p.message, span: p.span, fixes: [] });
    }
    // Lines of this section that another line of the same reading beat.
    for (const item of section.items) {
      if (item.kind !== 'set') continue;
      const d = item.d;
      const loss = res.lost.get(d.line.line);
      // A line the reading for a connection refuses is reported as that (below).
      if (!loss || d.value === undefined || res.connectionRefusals.some((r) => r.refused.directive === d)) continue;
      push({
        code: 'sshd/overridden',
        message: `${d.key === 'subsystem' ? `Subsystem '${d.line.argValue(0)}'` : d.spec.name} never takes effect for ${subject}: ${whyLost(d.key, d.spec.name, loss)}.`,
        span: d.line.keywordSpan() ?? { line: d.line.line, start: 0, end: 0 },
        fixes: [{ kind: 'deleteLines', title: 'Remove the dead line', from: d.line.line, to: d.line.line, preferred: true }],
        unnecessary: true,
      });
    }
    // Lines sshd refuses only when it reads them for a connection (a Subsystem without a command in a Match block).
    for (const r of res.connectionRefusals) {
      const d = r.refused.directive;
      const key = `${r.refused.uri}:${d.line.line}:${r.message}`;
      if (!section.header || reported.has(key)) continue;
      reported.add(key);
      const at = r.refused.uri === uri ? '' : ` (${fileName(r.refused.uri)} line ${d.line.line + 1})`;
      push({
        code: r.code,
        message: `Subsystem '${d.line.argValue(0)}' has no command${at}: sshd starts, but ends every connection this Match block applies to when it reads the line ("${r.message}"; OpenSSH ${formatVersion(version)} looks for the command only then, 10.3 and later refuse the file at start). ${SUBSYSTEM_SYNTAX}`,
        span: r.refused.uri === uri ? lineSpan(d.line) : r.span,
        fixes: [],
      });
    }
    addSectionFindings(section, res, subject);
  }

  /** Why a line never takes effect: the line that wins, and the rule by which it wins. */
  function whyLost(key: string, name: string, loss: SshdLoss): string {
    const where = lineRef(loss.winner, uri);
    if (key === 'subsystem') return `${where} already defines it (sshd keeps the first definition)`;
    if (!loss.later) return `${where} already set it (sshd keeps the first value)`;
    return key === 'unusedconnectiontimeout'
      ? `${where} sets it to none, which sshd takes whatever came before`
      : `${where} sets it again, and ${lastRule(key, name)}`;
  }

  /** Which releases keep the last line of a last-wins option. */
  function lastRule(key: string, name: string): string {
    const until = sshdLastWins(key, version)?.until;
    return until ? `OpenSSH ${formatVersion(version)} keeps the last ${name} line; ${until} and later keep the first` : `sshd keeps the last ${name} line`;
  }

  function addSectionFindings(section: SshdSection, res: SshdResolution, subject: string): void {
    const interval = res.values.get('clientaliveinterval');
    const I = Number(interval?.value ?? 0);
    if (!section.header && I === 0 && !fatal) {
      const last = lastLineOf(section);
      const suggested = suggestedInterval(settings.idleTimeout);
      push({
        code: 'sshd/no-client-alive',
        message: `No ClientAliveInterval for ${subject}: a client that vanishes is dropped only by kernel TCP keepalive, after ${formatDuration(tcpKeepaliveSchedule(settings.kernel).deadAt)} (${tcpKeepaliveFormula(settings.kernel)} with the kernel settings), or never with TCPKeepAlive no.`,
        span: section.items.length ? { line: 0, start: 0, end: doc.lines[0]?.text.length ?? 0 } : { line: 0, start: 0, end: 0 },
        fixes: [
          {
            kind: 'insertLines',
            title: `Add ClientAliveInterval ${suggested} and ClientAliveCountMax 3`,
            afterLine: last,
            lines: [`ClientAliveInterval ${suggested}`, 'ClientAliveCountMax 3'],
            preferred: true,
          },
        ],
      });
    }
    for (const item of section.items) {
      if (item.kind !== 'set' || item.d.value === undefined || res.lost.has(item.d.line.line)) continue;
      const d = item.d;
      const valueSpan = d.line.args[0].span;
      if (d.key === 'clientalivecountmax' && d.value === '0') {
        push({
          code: 'sshd/count-max-zero',
          message: 'ClientAliveCountMax 0: sshd sends the probes but never drops a client that does not answer (OpenSSH 8.2 and later).',
          span: valueSpan,
          fixes: [],
        });
      }
      if (d.key === 'clientaliveinterval' && Number(d.value) > settings.idleTimeout) {
        const suggested = suggestedInterval(settings.idleTimeout);
        const fix: FixData = { kind: 'replace', title: `Set ClientAliveInterval to ${suggested}`, span: valueSpan, text: String(suggested), preferred: true };
        push({
          code: 'sshd/interval-above-idle-timeout',
          message: `ClientAliveInterval ${formatDuration(Number(d.value))} is longer than the path idle timeout (${formatDuration(settings.idleTimeout)}): a NAT or firewall may drop the idle flow before the first probe.`,
          span: valueSpan,
          fixes: [fix],
        });
      }
    }
  }

  // Inlay hints: durations after time values of the keepalive family; what ClientAliveCountMax adds up to.
  for (const d of directiveAt.values()) {
    if (d.value === undefined) continue;
    const end = d.line.argEnd(0);
    const seconds = Number(d.value);
    // A time written with units, or one long enough that seconds are hard to read.
    if (d.spec.value.type === 'time' && d.spec.keepalive && seconds > 0 && (seconds >= 60 || !isPlainTime(d.line.argValue(0)))) {
      hints.push({ line: d.line.line, character: end, label: `= ${formatDuration(seconds)}` });
    }
    // The section's drop time, after the ClientAliveCountMax line that gives it.
    const where = at[d.line.line];
    const outcome = where?.scope.outcome;
    if (
      d.key === 'clientalivecountmax' &&
      outcome?.mechanism === 'server-alive' &&
      outcome.detectAfter !== undefined &&
      where?.res.values.get(d.key)?.directive === d
    ) {
      hints.push({ line: d.line.line, character: end, label: `→ dropped after ${formatDuration(outcome.detectAfter)}` });
    }
  }
  hints.sort((a, b) => a.line - b.line || a.character - b.character);

  findings.sort((a, b) => a.span.line - b.span.line || a.span.start - b.span.start);

  const factsAt = (line: number): LineFacts | undefined => {
    const l = doc.lines[line];
    const kw = l?.keyword;
    if (!kw) return undefined;
    const where = at[line];
    const d = directiveAt.get(line);
    if (!d) return { span: kw.span, keyword: kw.value, scope: where?.scope };
    let effective: string | undefined;
    if (where) {
      const who = `Effective for ${subjectOf(where.section)}`;
      const set = where.res.values.get(d.key);
      const loss = where.res.lost.get(line);
      // A line refused because of earlier ones (a Subsystem name defined again before 9.5, a full table, a Subsystem
      // without a command).
      if (refused.has(d)) effective = `${who}: none, sshd refuses this line and stops.`;
      else if (where.res.connectionRefusals.some((r) => r.refused.directive === d))
        effective = `${who}: none, sshd ends the connection when it reads this line.`;
      else if (badLines.has(line)) effective = `${who}: none, sshd refuses this line and stops.`;
      // A line whose value is not read here (AllowUsers, IPQoS, ...): nothing to say about it but that it adds up.
      else if (d.value === undefined)
        effective = sshdAccumulates(d.key) && d.line.argCount > 0 ? `${who}: every ${d.spec.name} line adds to the list; this one too.` : undefined;
      else if (!set) effective = `${who}: the default.`;
      else if (set.directive === d)
        effective = `${who}: **${set.value}**, from this line${set.rateFrom ? ` (its rate from ${lineRef(set.rateFrom, uri)})` : ''}.`;
      // MaxStartups before 10.1: a later one-number line took start and full, this line's rate stays.
      else if (set.rateFrom?.directive === d) effective = `${who}: **${set.value}**: start and full from ${lineRef(set, uri)}, the rate from this line.`;
      // A Subsystem name already defined (9.5 and later: skipped).
      else if (d.key === 'subsystem' && loss) {
        effective = `${who}: ${lineRef(loss.winner, uri)} already defines Subsystem '${d.line.argValue(0)}' (sshd keeps the first). This line never takes effect.`;
      }
      // HostKey, Port, AcceptEnv, ...: every line adds to the list.
      else if (sshdAccumulates(d.key)) effective = `${who}: every ${d.spec.name} line adds to the list; this one too.`;
      else if (loss?.later) {
        const rule = d.key === 'unusedconnectiontimeout' ? 'sshd takes none whatever came before' : lastRule(d.key, d.spec.name);
        effective = `${who}: **${set.value}**, from ${lineRef(set, uri)} (${rule}). This line never takes effect.`;
      } else effective = `${who}: **${set.value}**, from ${lineRef(set, uri)}. This line never takes effect.`;
    }
    return { span: kw.span, keyword: kw.value, spec: d.spec, effective, scope: where?.scope };
  };

  return {
    sshd: root,
    findings,
    scopes,
    hints,
    factsAt,
    scopeAt: (line) => at[line]?.scope,
    resolve: (conn) => resolveSshd(input, conn, start),
  };
}

/** `line 4`, or `x.conf line 4` for a line of another file. */
function lineRef(s: SshdSetting, uri: string): string {
  return `${s.uri === uri ? 'line' : `${fileName(s.uri)} line`} ${s.directive.line.line + 1}`;
}

/** The finding for a line sshd refuses because of earlier lines (a repeated Subsystem name, a full table). */
function refusalFinding(r: SshdRefusal, uri: string, release: string): Draft<SshdRefusal['code']> {
  const d = r.refused.directive;
  const here = r.refused.uri === uri;
  const where = here ? 'sshd stops' : `sshd stops at ${fileName(r.refused.uri)} line ${d.line.line + 1}`;
  const nameSpan = (s: { directive: SshdDirective }) => s.directive.line.args[0]?.span ?? s.directive.line.keywordSpan() ?? r.span;
  const elsewhere = here ? [] : [{ uri: r.refused.uri, span: nameSpan(r.refused), message: `sshd stops here: ${r.message}` }];
  const first = r.first;
  if (r.code === 'sshd/missing-argument') {
    const what = `Subsystem '${d.line.argValue(0)}' has no command`;
    return {
      code: r.code,
      message: here ? `${what}: sshd stops ("${r.message}"). ${SUBSYSTEM_SYNTAX}` : `${where}: ${what} ("${r.message}").`,
      span: here ? lineSpan(d.line) : r.span,
      fixes: [],
      ...(elsewhere.length ? { related: elsewhere } : {}),
    };
  }
  if (r.code === 'sshd/limit-exceeded' || !first) {
    const limit = d.key === 'port' ? 'at most 256 Port lines' : `OpenSSH ${release} holds at most 256 subsystems; 9.5 and later have no limit`;
    return { code: r.code, message: `${where}: "${r.message}" (${limit}).`, span: r.span, fixes: [], ...(elsewhere.length ? { related: elsewhere } : {}) };
  }
  const name = d.line.argValue(0);
  const firstAt = `${fileName(first.uri)}:${first.directive.line.line + 1}`;
  const rule = `OpenSSH ${release} takes one Subsystem line per name; 9.5 and later keep the first`;
  // The repeated line can go when it says exactly what the first one says (and holds no comment of its own).
  const same = here && first.value === r.refused.value && !d.line.comment;
  return {
    code: r.code,
    message: here
      ? `Subsystem '${name}' already defined: ${firstAt} defines it first, and ${where} (${rule}).`
      : `${where}: Subsystem '${name}' already defined (${firstAt} defines it first; ${rule}).`,
    span: here ? nameSpan(r.refused) : r.span,
    fixes: same ? [{ kind: 'deleteLines', title: 'Remove the repeated line', from: d.line.line, to: d.line.line, preferred: true }] : [],
    related: [{ uri: first.uri, span: nameSpan(first), message: `Subsystem '${name}' is first defined here` }, ...elsewhere],
  };
}

function hasContent(file: SshdFile, section: SshdSection): boolean {
  for (let l = section.start; l <= section.end; l++) if (file.doc.lines[l]?.keyword) return true;
  return false;
}

/** The last line of a section that holds a keyword (-1: none), where new lines go. */
function lastLineOf(section: SshdSection): number {
  let last = -1;
  for (const item of section.items) last = Math.max(last, item.kind === 'set' ? item.d.line.line : item.line.line);
  return last;
}
