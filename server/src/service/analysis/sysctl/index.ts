/**
 * sysctl analysis for one document: the set it belongs to (handed in by the environment),
 * the findings on its lines, the scopes that carry the timeline, hints and hover facts.
 */
import { inSysctlNamespaces, isKnownSysctlName, sysctlKey, sysctlSuggestions } from '../../catalog/sysctl';
import type { SysctlKeySpec } from '../../catalog/types';
import { formatDuration } from '../../model/duration';
import { type KernelReading, readKernelValue } from '../../model/kernelValue';
import type { Outcome } from '../../model/timeline';
import { type SysctlDocument, type SysctlLine, tokenizeSysctl } from '../../syntax/sysctl';
import { fileName, type Span } from '../../syntax/text';
import type { Analysis, Environment, Finding, Draft as FindingDraft, FixData, Hint, LineFacts, Scope, Settings } from '../types';
import { SYSCTL_RULES, type SysctlCode } from './rules';
import { type Assignment, analyzeSysctlSet, type KeyValue, OUTCOME_KEYS, type SysctlFileInput, type SysctlSet, TRIO } from './set';

export interface SysctlAnalysis extends Analysis {
  readonly doc: SysctlDocument;
  readonly set: SysctlSet;
}

type Draft = FindingDraft<SysctlCode>;

const d = (n: number) => formatDuration(n);

/** The keepalive values the seed article recommends for long-lived connections. */
export const ARTICLE_KEEPALIVE = { time: 300, intvl: 30, probes: 5 } as const;

/** Keepalive values whose first probe leaves well before the path's idle timeout. */
export function keepaliveForIdleTimeout(idle: number): { time: number; intvl: number; probes: number } {
  const time = Math.max(10, Math.min(300, Math.floor(idle * 0.75)));
  const intvl = Math.max(5, Math.min(30, Math.floor(time / 6)));
  return { time, intvl, probes: 5 };
}

/** The value's first word (the number the kernel reads), so an edit keeps whatever follows it. */
function firstWord(l: SysctlLine): Span {
  const v = l.value!;
  const len = v.raw.search(/\s/);
  return len < 0 ? v.span : { line: v.span.line, start: v.span.start, end: v.span.start + len };
}

function lineSpan(l: SysctlLine): Span {
  const start = l.indent.length;
  return { line: l.line, start, end: Math.max(start, l.text.trimEnd().length) };
}

function where(a: Assignment, uri: string): string {
  return a.uri === uri ? `line ${a.line.line + 1}` : `${fileName(a.uri)} line ${a.line.line + 1}`;
}

/** A key as the user wrote keys: slashes when the line uses them. */
function spelled(name: string, like: string): string {
  const first = like.search(/[./]/);
  if (first >= 0 && like[first] === '/') return name.replace(/[./]/g, (c) => (c === '.' ? '/' : '.'));
  return name;
}

export function analyzeSysctl(uri: string, text: string, settings: Settings, env: Environment): SysctlAnalysis {
  const others = env.sysctlSet?.(uri) ?? [];
  const files: SysctlFileInput[] = [{ uri, text }, ...others.filter((f) => f.uri !== uri)];
  const set = analyzeSysctlSet(files, settings);
  const doc = set.docs.get(uri) ?? tokenizeSysctl(text);
  const findings: Draft[] = [];
  const hints: Hint[] = [];
  const eol = doc.eol;
  const lines = doc.lines;

  const masked = set.order.masked.find((m) => m.file.uri === uri);
  if (masked) {
    findings.push({
      code: 'sysctl/masked-file',
      message: `${fileName(masked.by.uri)} in a directory read first has the same name: this file is not read at all.`,
      span: { line: 0, start: 0, end: lines[0].text.length },
      fixes: [],
      related: [{ uri: masked.by.uri, span: { line: 0, start: 0, end: 0 }, message: 'the file read instead' }],
    });
  }
  if (doc.bom) {
    findings.push({
      code: 'sysctl/bom',
      message: 'The file starts with a byte order mark: the loaders take it as part of the first key, which then does not exist.',
      span: { line: 0, start: 0, end: 1 },
      fixes: [{ kind: 'removeBom', title: 'Remove the byte order mark', preferred: true }],
    });
  }

  let conntrackNoted = false;
  for (const l of lines) {
    if (l.kind === 'invalid') {
      findings.push({
        code: 'sysctl/not-an-assignment',
        message: `Not an assignment (\`key = value\`) and not a comment: systemd-sysctl skips the line ("Line is not an assignment"), \`sysctl -p\` reports an error.`,
        span: lineSpan(l),
        fixes: [
          // `net.ipv4.tcp_keepalive_time 300`: the `=` was forgotten.
          ...(/^[-\w.*?/[\]]+[./][-\w.*?/[\]]+\s+\S/.test(l.text.trim())
            ? [
                {
                  kind: 'replace' as const,
                  title: 'Insert "=" after the key',
                  span: lineSpan(l),
                  text: l.text.trim().replace(/\s+/, ' = '),
                  preferred: true,
                },
              ]
            : []),
          { kind: 'replace', title: 'Turn the line into a comment', span: lineSpan(l), text: `# ${l.text.trim()}` },
        ],
      });
      continue;
    }
    if (l.kind !== 'assignment' && l.kind !== 'exclusion') continue;
    const key = l.key!;
    if (key.name === '') {
      const message = l.kind === 'assignment' ? 'No key before `=`: the line sets nothing.' : 'A `-` with no key after it: systemd-sysctl rejects the line.';
      findings.push({ code: 'sysctl/missing-key', message, span: lineSpan(l), fixes: [] });
      continue;
    }
    const bomKey = l.line === 0 && doc.bom;
    if (!key.glob && !bomKey && inSysctlNamespaces(key.name) && !isKnownSysctlName(key.name)) {
      const sugg = sysctlSuggestions(key.name);
      findings.push({
        code: 'sysctl/unknown-key',
        message: `The kernel has no key \`${key.name}\`${sugg.length ? `; did you mean \`${sugg[0]}\`?` : '.'} The loader reports "No such file or directory" and nothing is set.`,
        span: key.span,
        fixes: sugg.map((s, i) => ({
          kind: 'replace',
          title: `Change to ${spelled(s, key.raw)}`,
          span: key.span,
          text: spelled(s, key.raw),
          preferred: i === 0,
        })),
      });
    }
    if (!conntrackNoted && key.name.startsWith('net.netfilter.nf_conntrack_')) {
      conntrackNoted = true;
      findings.push({
        code: 'sysctl/module-key',
        message:
          'nf_conntrack keys exist only once the nf_conntrack module is loaded; at boot this line may run before it and be skipped. Load the module early (modules-load.d).',
        span: key.span,
        fixes: [],
      });
    }
    if (l.kind !== 'assignment') continue;
    const spec = sysctlKey(key.name);
    const kv = set.values.get(key.name);
    if (spec && l.value) checkValue(l, spec, eol, findings, hints, set);
    else if (l.value && /\s[#;]/.test(l.value.raw)) {
      // A key we have no table for: whatever it is, the comment is written to the kernel with the value.
      const at = l.value.raw.search(/\s[#;]/);
      findings.push({
        code: 'sysctl/inline-comment',
        message: `\`${l.value.raw.slice(at).trim()}\` is not a comment: the loader writes all of \`${l.value.raw}\` to the kernel. A numeric key takes the number and ignores the rest; a text key gets the comment too or rejects the write. Put comments on their own line.`,
        span: { line: l.line, start: l.value.span.start + at + 1, end: l.value.span.end },
        fixes: [splitComment(l, l.value.raw.slice(0, at).length, eol, l.indent)],
      });
    }
    if (kv && !key.glob) checkOverride(l, kv, uri, findings);
  }

  checkKeepalive(uri, set, settings, findings, lines);

  // Scopes: one lens per outcome, above the first line of this file that sets a key the outcome is computed from
  // (OUTCOME_KEYS). The keepalive and stalled-send outcomes hold for every file of the set: with no such line their
  // lenses sit at the top; the connect outcome gets one only from a line. One per outcome, not one per line: three
  // adjacent keepalive lines would otherwise carry three identical lenses.
  const top: Span = { line: 0, start: 0, end: 0 };
  const scopeWith = (span: Span, label: string, outcome: Outcome): Scope => ({ span, label, summary: outcome.summary, outcome, timeline: set.timeline });
  const limitOutcome = (mechanism: 'retransmission' | 'connect'): Outcome => {
    const lim = mechanism === 'retransmission' ? set.retransmission : set.connect;
    return { mechanism, detectAfter: lim.giveUpAfter, formula: lim.formula, summary: lim.summary };
  };
  const lens = (keys: readonly string[], outcome: Outcome, atTopWithoutLine: boolean): Scope[] => {
    const l = masked ? undefined : lines.find((x) => x.kind === 'assignment' && x.key && !x.key.glob && keys.includes(x.key.name));
    if (l?.key) return [scopeWith(l.key.span, l.key.name, outcome)];
    return atTopWithoutLine ? [scopeWith(top, 'sysctl settings', outcome)] : [];
  };
  const scopes = [
    ...lens(OUTCOME_KEYS.keepalive, set.keepalive, true),
    ...lens(OUTCOME_KEYS.retransmission, limitOutcome('retransmission'), true),
    ...lens(OUTCOME_KEYS.connect, limitOutcome('connect'), false),
  ].sort((a, b) => a.span.line - b.span.line);
  // Hover and the timeline command speak for the whole set (every scope shares its timeline).
  const setScope = scopeWith(top, 'sysctl settings', set.keepalive);

  const factsAt = (line: number, character: number): LineFacts | undefined => {
    const l = lines[line];
    if (!l?.key || (l.kind !== 'assignment' && l.kind !== 'exclusion')) return undefined;
    const inKey = character >= l.key.span.start && character <= l.key.span.end;
    const inValue = l.value && character >= l.value.span.start && character <= l.value.span.end;
    if (!inKey && !inValue) return undefined;
    const spec = l.key.glob ? undefined : sysctlKey(l.key.name);
    return { span: inKey ? l.key.span : l.value!.span, keyword: l.key.name, spec, effective: effectiveText(l, uri, set, doc.bom), scope: setScope };
  };

  findings.sort((a, b) => a.span.line - b.span.line || a.span.start - b.span.start);
  return {
    doc,
    set,
    findings: findings.map((f): Finding => ({ ...f, severity: SYSCTL_RULES[f.code].severity })),
    scopes,
    hints: hints.sort((a, b) => a.line - b.line),
    factsAt,
    scopeAt: () => setScope,
  };
}

function checkValue(l: SysctlLine, spec: SysctlKeySpec, eol: string, out: Draft[], hints: Hint[], set: SysctlSet): void {
  const value = l.value!;
  const kv = set.values.get(spec.name);
  const reading = kv?.winner?.line === l ? kv.reading : undefined;
  const r = reading ?? readFor(value.raw, spec);
  const indent = l.indent;
  if (!r.ok) {
    const glued = /^(-?\d+)([#;].*)$/.exec(value.raw);
    // A number glued to something that is neither a digit nor a blank (`300s`); not an out-of-range `256`.
    const lead = /^(-?\d+)[^\d\s]/.exec(value.raw);
    const fixes: FixData[] = [];
    if (glued) fixes.push(splitComment(l, glued[1].length, eol, indent));
    else if (lead && spec.value.type === 'int') {
      // `300s` or `5m` on a key counted in seconds: the number of seconds keeps the meaning.
      const unit = /^(\d+)\s*(s|sec|m|min|h|d)$/i.exec(value.raw);
      const factor: Record<string, number> = { s: 1, sec: 1, m: 60, min: 60, h: 3600, d: 86400 };
      if (unit && spec.unit === 'seconds') {
        const secs = Number(unit[1]) * factor[unit[2].toLowerCase()];
        if (secs >= spec.value.min && secs <= spec.value.max)
          fixes.push({ kind: 'replace', title: `Write ${secs} (seconds)`, span: value.span, text: String(secs), preferred: true });
      }
    }
    const keeps =
      spec.perNamespace && spec.default !== undefined
        ? ` The key keeps its previous value (in a new network namespace the default, ${spec.default}).`
        : ' The key keeps its previous value.';
    out.push({
      code: 'sysctl/invalid-value',
      message: `The kernel rejects this value (Invalid argument): ${r.reason}.${keeps}`,
      span: value.span.end > value.span.start ? value.span : lineSpan(l),
      fixes,
    });
    return;
  }
  if (r.ignoredTail !== undefined) {
    const tailAt = value.raw.lastIndexOf(r.ignoredTail);
    const head = value.raw.slice(0, tailAt).trimEnd();
    const span = { line: l.line, start: value.span.start + tailAt, end: value.span.end };
    if (/^[#;]/.test(r.ignoredTail)) {
      out.push({
        code: 'sysctl/inline-comment',
        message: `\`${r.ignoredTail}\` is not a comment: the loader writes \`${value.raw}\` to the kernel, which reads ${head} and ignores the rest. Put comments on their own line.`,
        span,
        fixes: [splitComment(l, head.length, eol, indent)],
      });
    } else {
      out.push({
        code: 'sysctl/extra-value',
        message: `${spec.name} takes ${spec.value.type === 'ints' ? `${spec.value.count} numbers` : 'one number'}: the kernel reads ${head} and ignores \`${r.ignoredTail}\`.`,
        span,
        fixes: [{ kind: 'replace', title: `Keep ${head}`, span: value.span, text: head }],
      });
    }
  } else if (spec.value.type === 'text' && /\s[#;]/.test(value.raw)) {
    const at = value.raw.search(/\s[#;]/);
    out.push({
      code: 'sysctl/inline-comment',
      message: `\`${value.raw.slice(at).trim()}\` is not a comment: the loader writes all of \`${value.raw}\` to the kernel, which will most likely reject it. Put comments on their own line.`,
      span: { line: l.line, start: value.span.start + at + 1, end: value.span.end },
      fixes: [splitComment(l, value.raw.slice(0, at).length, eol, indent)],
    });
  }
  if (r.radix && r.numbers) {
    const decimal = r.numbers.join(' ');
    out.push({
      code: 'sysctl/octal-value',
      message: `The kernel reads \`${value.raw.split(/\s/)[0]}\` with C rules (${r.radix === 8 ? 'a leading 0 means octal' : '0x means hexadecimal'}): it sets ${decimal}.`,
      span: value.span,
      fixes: [
        {
          kind: 'replace',
          title: `Write ${decimal} in decimal (what the kernel reads now)`,
          span: value.span,
          text: r.ignoredTail ? `${decimal} ${r.ignoredTail}` : decimal,
        },
        ...(r.radix === 8
          ? [
              {
                kind: 'replace' as const,
                title: `Drop the leading zeros (if ${value.raw.split(/\s/)[0]} meant decimal)`,
                span: value.span,
                text: value.raw.replace(/(^|\s)-?0+(?=\d)/g, (m) => m.replace(/0+$/, '')),
              },
            ]
          : []),
      ],
    });
  }
  const n = r.numbers?.[0];
  if (n === undefined || spec.value.type !== 'int') return;
  const hint = hintFor(spec, n, set);
  // Right after the number the kernel reads, not after text it ignores (`300 600`, `60 # 1 minute`).
  if (hint) hints.push({ line: l.line, character: firstWord(l).end, label: hint });
}

function readFor(raw: string, spec: SysctlKeySpec): KernelReading {
  return readKernelValue(raw, spec.value);
}

/** Move a trailing comment onto its own line above, keeping the value's number. */
function splitComment(l: SysctlLine, keepChars: number, eol: string, indent: string): FixData {
  const value = l.value!;
  const kept = l.text.slice(0, value.span.start + keepChars).trimEnd();
  const comment = value.raw.slice(keepChars).trim();
  const asComment = /^[#;]/.test(comment) ? comment : `# ${comment}`;
  return {
    kind: 'replace',
    title: 'Move the comment onto its own line',
    span: { line: l.line, start: 0, end: l.text.length },
    text: `${indent}${asComment}${eol}${kept}`,
    preferred: true,
  };
}

function hintFor(spec: SysctlKeySpec, n: number, set: SysctlSet): string | undefined {
  switch (spec.name) {
    case 'net.ipv4.tcp_keepalive_probes': {
      const intvl = set.effective('net.ipv4.tcp_keepalive_intvl').value;
      return `× ${d(intvl)} = ${d(n * intvl)}`;
    }
    case 'net.ipv4.tcp_retries2':
      return `gives up after ${d(set.retransmission.giveUpAfter)}`;
    case 'net.ipv4.tcp_syn_retries':
      return `connect gives up after ${d(set.connect.giveUpAfter)}`;
  }
  if (spec.unit === 'seconds' && n >= 60) return `= ${d(n)}`;
  if (spec.unit === 'milliseconds' && n >= 1000) return `= ${d(n / 1000)}`;
  return undefined;
}

function checkOverride(l: SysctlLine, kv: KeyValue, uri: string, out: Draft[]): void {
  const list = kv.assignments;
  const idx = list.findIndex((a) => a.line === l && a.uri === uri);
  if (idx < 0) return;
  const later = list.slice(idx + 1);
  const sameFile = later.find((a) => a.uri === uri);
  if (sameFile) {
    const again =
      sameFile.line.kind === 'exclusion'
        ? `\`-${sameFile.line.key!.raw}\` on line ${sameFile.line.line + 1} cancels it (the key is left as it is)`
        : `${kv.name} is assigned again on line ${sameFile.line.line + 1}; only the last assignment counts`;
    out.push({
      code: 'sysctl/duplicate-key',
      message: `${again}, so this line has no effect.`,
      span: l.key!.span,
      unnecessary: true,
      fixes: [{ kind: 'deleteLines', title: 'Delete this dead assignment', from: l.line, to: l.line, preferred: true }],
      related: [
        { uri, span: sameFile.line.key!.span, message: sameFile.line.kind === 'exclusion' ? 'the line that cancels it' : 'the assignment that counts' },
      ],
    });
    return;
  }
  const winner = kv.winner;
  if (winner && winner !== list[idx]) {
    out.push({
      code: 'sysctl/overridden',
      message:
        winner.line.kind === 'exclusion'
          ? `${fileName(winner.uri)} (read later) cancels ${kv.name} with \`-${winner.line.key!.raw}\` on line ${winner.line.line + 1}; this line has no effect.`
          : `${fileName(winner.uri)} (read later) sets ${kv.name} = ${winner.line.value?.raw ?? ''} on line ${winner.line.line + 1}; this line has no effect.`,
      span: l.key!.span,
      unnecessary: true,
      fixes: [],
      related: [
        { uri: winner.uri, span: winner.line.key!.span, message: winner.line.kind === 'exclusion' ? 'the line that cancels it' : 'the assignment that counts' },
      ],
    });
    return;
  }
  if (winner === list[idx] && kv.accepted === false && kv.spec) {
    const earlier = [...list.slice(0, idx)].reverse().find((a) => a.line.value && readFor(a.line.value.raw, kv.spec!).ok);
    if (earlier) {
      out.push({
        code: 'sysctl/last-assignment-rejected',
        message: `This last assignment is rejected, so at boot systemd-sysctl leaves ${kv.name} at its previous value; \`sysctl -p\`/\`--system\` would keep ${earlier.line.value!.raw} from ${where(earlier, uri)}. Boot and reload disagree.`,
        span: l.key!.span,
        fixes: [],
        related: [{ uri: earlier.uri, span: earlier.line.key!.span, message: 'the earlier valid assignment' }],
      });
    }
  }
}

function checkKeepalive(uri: string, set: SysctlSet, settings: Settings, out: Draft[], lines: readonly SysctlLine[]): void {
  const inDoc = (key: string) => {
    const v = set.values.get(key);
    // A `-key` line that cancels the key has no value to point at (and sets nothing).
    return v?.winner && v.winner.uri === uri && !v.viaGlob && v.winner.line.kind === 'assignment' ? v.winner : undefined;
  };
  const time = set.effective('net.ipv4.tcp_keepalive_time');
  const intvl = set.effective('net.ipv4.tcp_keepalive_intvl');
  // A key the set assigns counts as set even when the kernel rejects the value (invalid-value says so).
  const assigned = TRIO.map((k) => {
    const v = set.values.get(k);
    return !!v?.winner && v.winner.line.kind === 'assignment';
  });
  const setCount = assigned.filter(Boolean).length;
  const trioLines = lines.filter((l) => l.kind === 'assignment' && l.key && (TRIO as readonly string[]).includes(l.key.name));

  if (setCount > 0 && setCount < 3 && trioLines.length > 0) {
    const missing = TRIO.filter((_, i) => !assigned[i]);
    const names = missing.map((m) => m.replace('net.ipv4.', ''));
    const defaults = missing.map((m) => `${set.effective(m).value}${m.endsWith('probes') ? '' : ' s'}`);
    const anchor = trioLines[trioLines.length - 1];
    const spell = (k: string) => spelled(k, anchor.key!.raw);
    const style = (k: string, v: number) => {
      // Keep the file's spacing around `=`.
      const eq = anchor.equals!;
      const sep = `${anchor.text.slice(anchor.key!.span.end, eq.start)}=${anchor.text.slice(eq.end, anchor.value!.span.start)}`;
      return `${anchor.indent}${spell(k)}${sep}${v}`;
    };
    const pick = (vals: { time: number; intvl: number; probes: number }) =>
      missing.map((m) => style(m, m.endsWith('time') ? vals.time : m.endsWith('intvl') ? vals.intvl : vals.probes));
    const fixes: FixData[] = [
      {
        kind: 'insertLines',
        title: `Add ${names.join(' and ')} (300 / 30 / 5, for long-lived connections)`,
        afterLine: anchor.line,
        lines: pick(ARTICLE_KEEPALIVE),
        preferred: true,
      },
    ];
    const derived = keepaliveForIdleTimeout(settings.idleTimeout);
    if (pick(derived).join('\n') !== pick(ARTICLE_KEEPALIVE).join('\n'))
      fixes.push({
        kind: 'insertLines',
        title: `Add ${names.join(' and ')} for a ${d(settings.idleTimeout)} idle timeout (${derived.time} / ${derived.intvl} / ${derived.probes})`,
        afterLine: anchor.line,
        lines: pick(derived),
      });
    out.push({
      code: 'sysctl/keepalive-incomplete',
      message: `${names.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set and stay${missing.length > 1 ? '' : 's'} at the kernel default (${defaults.join(', ')}): ${set.keepalive.summary}.`,
      span: anchor.key!.span,
      fixes,
    });
  }

  const timeLine = inDoc('net.ipv4.tcp_keepalive_time');
  if (timeLine && time.set && time.value > settings.idleTimeout) {
    const sugg = keepaliveForIdleTimeout(settings.idleTimeout).time;
    out.push({
      code: 'sysctl/keepalive-time-above-idle-timeout',
      message: `The first keepalive probe leaves after ${d(time.value)}, later than the path's idle timeout (${d(settings.idleTimeout)}, setting keepaliveLens.network.idleTimeout): by then a NAT or firewall has dropped the idle connection.`,
      span: timeLine.line.value!.span,
      fixes: [{ kind: 'replace', title: `Set tcp_keepalive_time to ${sugg}`, span: firstWord(timeLine.line), text: String(sugg), preferred: true }],
    });
  }
  const ctLine = inDoc('net.netfilter.nf_conntrack_tcp_timeout_established');
  const conntrack = set.effective('net.netfilter.nf_conntrack_tcp_timeout_established');
  if ((ctLine || timeLine) && conntrack.value < time.value) {
    const at = ctLine ?? timeLine!;
    out.push({
      code: 'sysctl/conntrack-shorter-than-keepalive',
      message: `Connection tracking forgets an idle connection after ${d(conntrack.value)}, before the first keepalive probe at ${d(time.value)}.`,
      span: at.line.value!.span,
      fixes: [],
    });
  }
  const intvlLine = inDoc('net.ipv4.tcp_keepalive_intvl');
  for (const [line, e, name] of [
    [timeLine, time, 'tcp_keepalive_time'],
    [intvlLine, intvl, 'tcp_keepalive_intvl'],
  ] as const) {
    if (!line || e.value >= 0) continue;
    out.push({
      code: 'sysctl/negative-time',
      message: `The kernel accepts a negative ${name} but compares it as an unsigned number of jiffies: it waits about 2^32 jiffies (198 days at HZ=250), so in practice no keepalive probe is ever sent.`,
      span: line.line.value!.span,
      fixes: [{ kind: 'replace', title: `Set ${name} to ${Math.abs(e.value)}`, span: firstWord(line.line), text: String(Math.abs(e.value)), preferred: true }],
    });
  }
  const shortTime = time.value >= 0 && time.value < 30;
  const shortIntvl = intvl.value >= 0 && intvl.value < 5;
  if ((timeLine && shortTime) || (intvlLine && shortIntvl)) {
    const at = timeLine && shortTime ? timeLine : intvlLine!;
    out.push({
      code: 'sysctl/aggressive-keepalive',
      message: `Every idle connection on this host sends a probe ${shortTime ? `after ${d(time.value)} of silence` : `every ${d(intvl.value)}`}; a few lost packets then declare a live peer dead (${set.keepalive.summary}). Per-socket options suit one application better.`,
      span: at.line.value!.span,
      fixes: [],
    });
  }
}

function effectiveText(l: SysctlLine, uri: string, set: SysctlSet, bom: boolean): string | undefined {
  const key = l.key!;
  if (l.kind === 'exclusion') return `Cancels earlier assignments of \`${key.name}\` and keeps glob assignments off it: the key is left as it is.`;
  if (bom && l.line === 0) return 'Nothing is set: the byte order mark before the key is part of the name the loader looks up.';
  if (!key.glob && inSysctlNamespaces(key.name) && !isKnownSysctlName(key.name)) return 'Nothing is set: the kernel has no such key.';
  const kv = set.values.get(key.name);
  const order = set.order.files.map((f) => `\`${fileName(f.uri)}\``).join(', ');
  const tail = set.order.files.length > 1 ? `\n\nLoad order (systemd-sysctl): ${order}.` : '';
  if (key.glob) return `A glob: sets every existing key it matches that has no entry of its own.${tail}`;
  if (!kv?.winner) return undefined;
  const w = kv.winner;
  const mine = w.uri === uri && w.line === l;
  const shown = kv.kernel !== undefined ? `**${kv.kernel.replace(/\t/g, ' ')}**` : `\`${w.line.value?.raw ?? ''}\``;
  if (!mine)
    return w.line.kind === 'exclusion'
      ? `Cancelled: \`-${w.line.key!.raw}\` on ${where(w, uri)}, read later, leaves the key as it is.${tail}`
      : `Overridden: ${where(w, uri)} sets \`${w.line.value?.raw ?? ''}\`, read later.${tail}`;
  if (kv.accepted === false)
    return `Rejected by the kernel; the key keeps its previous value (in a new network namespace: **${kv.spec?.default ?? '?'}**).${tail}`;
  if (!kv.spec) return `Written as ${shown}, from this line (keys outside the net.* namespaces are not checked).${tail}`;
  return `Effective: ${shown}, from this line.${tail}`;
}
