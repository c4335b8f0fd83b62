/**
 * sshd_config analysis: the reading (read.ts), one resolution per section (the global section for
 * connections no Match block applies to, each Match block for the connections it matches), the
 * timeline of each, and the findings, hints and hover facts that follow.
 */
import { formatDuration, isPlainTime } from '../../model/duration';
import { suggestedInterval } from '../../model/formulas';
import type { Timeline } from '../../model/timeline';
import { formatVersion } from '../../model/version';
import type { Analysis, Environment, Finding, FixData, Hint, LineFacts, Scope, Settings } from '../types';
import type { SshdDirective, SshdFile, SshdSection } from './read';
import { readAtStart, resolveSshd, type SshdConnection, type SshdRefusal, type SshdResolution, sshdAccumulates, sshdInput } from './resolve';
import { SSHD_RULES } from './rules';
import { checkPeriod, sshdOutcome, sshdTimeline } from './timeline';

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
  const push = (f: Omit<Finding, 'severity'> & { code: keyof typeof SSHD_RULES }) => findings.push({ ...f, severity: SSHD_RULES[f.code].severity });
  // The start reading does not depend on the connection: once for every section.
  const start = readAtStart(input);
  for (const r of start.refusals) push(refusalFinding(r, uri, formatVersion(version)));
  const refused = new Set(start.refusals.map((r) => r.refused.directive));
  const fatal = findings.some((f) => f.severity === 'error');
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
    // Lines of this section that an earlier line of the same reading beat.
    for (const item of section.items) {
      if (item.kind !== 'set') continue;
      const d = item.d;
      const winner = res.lost.get(d.line.line);
      if (!winner || d.value === undefined) continue;
      const where = winner.uri === uri ? `line ${winner.directive.line.line + 1}` : `${winner.uri.replace(/^.*\//, '')} line ${winner.directive.line.line + 1}`;
      push({
        code: 'sshd/overridden',
        message:
          d.key === 'subsystem'
            ? `Subsystem '${d.line.argValue(0)}' never takes effect for ${subject}: ${where} already defines it (sshd keeps the first definition).`
            : `${d.spec.name} never takes effect for ${subject}: ${where} already set it (sshd keeps the first value).`,
        span: d.line.keywordSpan() ?? { line: d.line.line, start: 0, end: 0 },
        fixes: [{ kind: 'deleteLines', title: 'Remove the dead line', from: d.line.line, to: d.line.line, preferred: true }],
        unnecessary: true,
      });
    }
    addSectionFindings(section, res, subject);
  }

  function addSectionFindings(section: SshdSection, res: SshdResolution, subject: string): void {
    const interval = res.values.get('clientaliveinterval');
    const I = Number(interval?.value ?? 0);
    if (!section.header && I === 0 && !fatal) {
      const last = lastLineOf(section);
      const suggested = suggestedInterval(settings.idleTimeout);
      push({
        code: 'sshd/no-client-alive',
        message: `No ClientAliveInterval for ${subject}: a client that vanishes is dropped only by kernel TCP keepalive (${formatDuration(settings.kernel.time + settings.kernel.probes * settings.kernel.intvl)} with the kernel settings), or never with TCPKeepAlive no.`,
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
    const where = at[d.line.line];
    if (d.key === 'clientalivecountmax' && where?.scope.outcome.mechanism === 'server-alive' && !where.res.lost.has(d.line.line)) {
      const P = checkPeriod(Number(where.res.values.get('clientaliveinterval')?.value ?? 0), version);
      hints.push({ line: d.line.line, character: end, label: `→ dropped after ${formatDuration((seconds + 1) * P)}` });
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
      if (!set) effective = `${who}: the default.`;
      else if (set.directive === d) effective = `${who}: **${set.value}**, from this line.`;
      // A line refused because of earlier ones (a Subsystem name defined again before 9.5, a full table).
      else if (refused.has(d)) effective = `${who}: none, sshd refuses this line and stops.`;
      // A Subsystem name already defined (9.5 and later: skipped).
      else if (d.key === 'subsystem' && where.res.lost.has(line)) {
        const first = where.res.lost.get(line);
        const at = first && first.uri !== uri ? `${fileName(first.uri)} line` : 'line';
        effective = `${who}: ${at} ${(first?.directive.line.line ?? 0) + 1} already defines Subsystem '${d.line.argValue(0)}' (sshd keeps the first). This line never takes effect.`;
      }
      // HostKey, Port, AcceptEnv, ...: every line adds to the list.
      else if (sshdAccumulates(d.key)) effective = `${who}: every ${d.spec.name} line adds to the list; this one too.`;
      else effective = `${who}: **${set.value}**, from line ${set.directive.line.line + 1}. This line never takes effect.`;
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

const fileName = (uri: string): string => uri.replace(/^.*\//, '');

/** The finding for a line sshd refuses because of earlier lines (a repeated Subsystem name, a full table). */
function refusalFinding(r: SshdRefusal, uri: string, release: string): Omit<Finding, 'severity'> & { code: SshdRefusal['code'] } {
  const d = r.refused.directive;
  const here = r.refused.uri === uri;
  const where = here ? 'sshd stops' : `sshd stops at ${fileName(r.refused.uri)} line ${d.line.line + 1}`;
  const nameSpan = (s: { directive: SshdDirective }) => s.directive.line.args[0]?.span ?? s.directive.line.keywordSpan() ?? r.span;
  const elsewhere = here ? [] : [{ uri: r.refused.uri, span: nameSpan(r.refused), message: `sshd stops here: ${r.message}` }];
  const first = r.first;
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
