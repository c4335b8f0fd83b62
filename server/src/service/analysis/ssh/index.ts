/**
 * ssh_config analysis: structure, validation, one resolution per scope, and the findings,
 * hints and hover facts that follow from them.
 */
import { formatDuration, parseSshInt, parseSshTime, toSshTime } from '../../model/duration';
import type { Timeline } from '../../model/timeline';
import { tokenize } from '../../syntax/ssh';
import type { Analysis, Environment, Finding, FixData, Hint, IncludedFile, LineFacts, Scope, Settings } from '../types';
import { type ParsedFile, type Resolution, resolveHost } from './resolve';
import { SSH_RULES } from './rules';
import { type Block, buildStructure, representativeHost } from './structure';
import { effective, sshClientOutcome, sshClientTimeline } from './timeline';
import { type Draft, validate } from './validate';

export interface SshAnalysis extends Analysis {
  readonly file: ParsedFile;
  /** Resolves any host against this file, as `explain --host` does. */
  resolve(host: string): Resolution;
}

/** Whether a config is the system one (relative Include paths resolve against /etc/ssh). */
export function isUserConfig(uri: string): boolean {
  return !/(^|\/)etc\/ssh\/|(^|\/)ssh_config(\.d\/[^/]*)?$/.test(uri);
}

function scopeLabel(block: Block): string {
  const h = block.header;
  if (!h) return 'global section';
  const kw = h.kind === 'host' ? 'Host' : 'Match';
  return `${kw} ${h.line.args.map((a) => a.raw).join(' ')}`;
}

/** An interval under the idle timeout: the article's 60 s, or half the timeout when shorter. */
export function suggestedInterval(idleTimeout: number): number {
  return Math.max(1, Math.min(60, Math.floor(idleTimeout / 2)));
}

/** A count that keeps (count + 1) × interval within the detection target. */
export function suggestedCount(interval: number, target: number): number {
  return Math.max(1, Math.min(5, Math.floor(target / interval) - 1));
}

function indentUnit(file: ParsedFile): string {
  for (const b of file.structure.blocks) {
    if (!b.header) continue;
    for (const d of b.directives) if (d.line.indent) return d.line.indent;
  }
  return '    ';
}

export function analyzeSshConfig(uri: string, text: string, settings: Settings, env: Environment): SshAnalysis {
  // Included files are parsed and validated once per analysis: ssh checks every line of every
  // included file, even inside a block that does not apply, and stops at the first bad one.
  const parseCache = new Map<string, ParsedFile & { readonly errors: readonly Draft[] }>();
  const parse = (f: IncludedFile): ParsedFile => {
    let p = parseCache.get(f.uri);
    if (!p) {
      const st = buildStructure(tokenize(f.text), settings.sshVersion);
      const errors = validate(st, settings).filter((x) => SSH_RULES[x.code].severity === 'error');
      p = { uri: f.uri, structure: st, errors, badLines: new Set(errors.map((x) => x.span.line)) };
      parseCache.set(f.uri, p);
    }
    return p;
  };
  const rootStructure = buildStructure(tokenize(text), settings.sshVersion);
  const file: ParsedFile = { uri, structure: rootStructure };
  const { structure } = file;
  const userConfig = isUserConfig(uri);
  const resolve = (host: string, force?: { uri: string; line: number }) =>
    resolveHost({ root: file, host, localUser: settings.localUser, version: settings.sshVersion, userConfig, env, parse, force });

  const findings: Draft[] = validate(structure, settings);
  const scopes: Scope[] = [];
  const hints: Hint[] = [];
  const scopeByBlock = new Map<number, { scope: Scope; res: Resolution }>();
  const reported = new Set<string>();
  const indent = indentUnit(file);
  const lastLine = structure.doc.lines.length - 1;
  // The block each line belongs to, computed once (lookups below are per line, not per block).
  const blockAt: number[] = new Array(structure.doc.lines.length).fill(0);
  structure.blocks.forEach((b, i) => {
    const next = structure.blocks[i + 1]?.start ?? structure.doc.lines.length;
    for (let l = b.start; l < next; l++) blockAt[l] = b.index;
  });
  const fatal = findings.some((f) => SSH_RULES[f.code].severity === 'error');

  for (const block of structure.blocks) {
    if (!block.header && block.directives.length === 0 && structure.blocks.length > 1) continue;
    if (block.header?.error) continue;
    const host = representativeHost(block.header);
    if (host === undefined) continue;
    const res = resolve(host, block.header ? { uri, line: block.header.line.line } : undefined);
    const label = scopeLabel(block);
    const literal = block.header?.kind === 'host' && block.header.patterns.some((p) => p.pattern === host);
    const subject = !block.header ? 'every host' : isCatchAll(block) ? 'any host' : literal ? host : `hosts like ${host}`;
    const span = block.header ? block.header.line.keyword!.span : { line: 0, start: 0, end: 0 };
    const who = !block.header ? 'every host' : isCatchAll(block) ? 'any host' : literal ? `host ${host}` : `e.g. ${host}`;
    const out = sshClientOutcome(res, settings);
    // The full timeline (steps, inputs, notes) is built when a hover or the timeline view asks.
    let full: Timeline | undefined;
    const scope: Scope = {
      span,
      label,
      summary: `${out.summary} · ${who}`,
      outcome: out,
      get timeline() {
        full ??= { ...sshClientTimeline(res, settings, label, subject), summary: `${out.summary} · ${who}` };
        return full;
      },
    };
    scopes.push(scope);
    scopeByBlock.set(block.index, { scope, res });

    for (const p of res.problems) {
      const key = `${p.span.line}:${p.span.start}:${p.message}`;
      if (!reported.has(key)) {
        reported.add(key);
        findings.push({ code: 'ssh/include-problem', message: p.message, span: p.span, fixes: [] });
      }
    }
    for (const inc of res.includes) {
      const bad = parseCache.get(inc.uri)?.errors;
      const key = `${inc.from.line}:${inc.from.start}:${inc.uri}`;
      if (!bad?.length || reported.has(key)) continue;
      reported.add(key);
      const name = inc.uri.replace(/^.*\//, '');
      const first = bad[0];
      findings.push({
        code: 'ssh/include-problem',
        message: `ssh stops at ${name} line ${first.span.line + 1}: ${first.message}${bad.length > 1 ? ` (and ${bad.length - 1} more bad line${bad.length > 2 ? 's' : ''} there)` : ''}`,
        span: inc.from,
        fixes: [],
        related: bad.slice(0, 10).map((b) => ({ uri: inc.uri, span: b.span, message: b.message })),
      });
    }

    // Lines that never take effect: an earlier line already gave the option a value.
    const seenInBlock = new Map<string, number>();
    for (const d of block.directives) {
      const earlier = res.shadowed.get(d.line.line);
      const sameBlock = seenInBlock.get(d.key);
      if (d.spec && d.line.args.length > 0 && sameBlock === undefined) seenInBlock.set(d.key, d.line.line);
      if (!earlier) continue;
      const by = earlier.directive.line;
      if (earlier.uri === uri && sameBlock === by.line) {
        findings.push({
          code: 'ssh/duplicate-in-block',
          message: `${d.spec?.name ?? d.keyword.value} is already set on line ${by.line + 1} of this block; ssh keeps the first value, so this line never takes effect.`,
          span: d.line.keyword!.span,
          unnecessary: true,
          fixes: [{ kind: 'deleteLines', title: 'Remove the dead duplicate', from: d.line.line, to: d.line.line, preferred: true }],
          related: [{ uri, span: by.keyword!.span, message: 'the value ssh uses' }],
        });
        continue;
      }
      const byBlock = earlier.uri === uri ? structure.blocks[blockAt[by.line]] : undefined;
      const where =
        earlier.uri === uri
          ? `line ${by.line + 1}${byBlock?.header ? ` (${scopeLabel(byBlock)})` : ''}`
          : `${earlier.uri.replace(/^.*\//, '')} line ${by.line + 1}`;
      const fixes: FixData[] = [];
      const general = byBlock?.header && isCatchAll(byBlock);
      if (general && byBlock && byBlock.index < block.index) {
        const from = leadingComments(file, byBlock.start);
        fixes.push({
          kind: 'moveLines',
          title: `Move the general "${scopeLabel(byBlock)}" block to the end of the file`,
          from,
          to: blockEnd(file, byBlock),
          after: lastLine,
          preferred: true,
        });
      }
      // Faded only when the line is dead for every host of its block: the earlier value comes
      // from a block that matches every host, or this block names exactly one host.
      const singleHost =
        block.header?.kind === 'host' &&
        block.header.patterns.length === 1 &&
        !/[*?]/.test(block.header.patterns[0].pattern) &&
        !block.header.patterns[0].negated;
      const universal = earlier.uri === uri && (!byBlock?.header || isCatchAll(byBlock));
      findings.push({
        code: 'ssh/shadowed-by-earlier-host',
        unnecessary: singleHost || universal,
        message: `Never takes effect for ${subject}: ${where} already set ${d.spec?.name ?? d.keyword.value} ${earlier.value}, and ssh keeps the first value it reads.${general ? ' Put general blocks such as "Host *" last.' : ''}`,
        span: d.line.keyword!.span,
        fixes,
        related: earlier.uri === uri ? [{ uri, span: by.keyword!.span, message: 'the value ssh uses' }] : undefined,
      });
    }
  }

  // Budgets: the path idle timeout and the detection target, per scope.
  const noAlive: Array<{ block: Block; scope: Scope; res: Resolution }> = [];
  for (const block of structure.blocks) {
    const entry = scopeByBlock.get(block.index);
    if (!entry) continue;
    const { scope, res } = entry;
    const t = scope.outcome;
    const sai = effective(res, 'serveraliveinterval');
    const sacm = effective(res, 'serveralivecountmax');
    const own = (key: string) => block.directives.find((d) => d.key === key && res.values.get(key)?.directive === d);
    if (t.mechanism === 'tcp-keepalive' || t.mechanism === 'none') {
      if (sai.origin.kind === 'default') noAlive.push({ block, scope, res });
    } else if (t.mechanism === 'server-alive' && t.detectAfter !== undefined && t.detectAfter > settings.detectionTarget) {
      const line = own('serveraliveinterval');
      const N = Number(sacm.value);
      const I = Math.max(1, Math.floor(settings.detectionTarget / (N + 1)));
      if (line?.line.args[0]) {
        findings.push({
          code: 'ssh/detection-slower-than-target',
          message: `A dead server is detected only after ${formatDuration(t.detectAfter)} (${t.formula}), slower than keepaliveLens.detectionTarget (${formatDuration(settings.detectionTarget)}).`,
          span: line.line.args[0].span,
          fixes: [
            {
              kind: 'replace',
              title: `Set ServerAliveInterval to ${toSshTime(I)} (detection after ${formatDuration(I * (N + 1))})`,
              span: line.line.args[0].span,
              text: toSshTime(I),
              preferred: true,
            },
          ],
        });
      }
    }
  }
  // ServerAliveInterval longer than the idle timeout; ServerAliveCountMax 0 (host-independent).
  for (const block of structure.blocks) {
    for (const d of block.directives) {
      const arg = d.line.args[0];
      if (!arg || d.line.args.length > 1) continue;
      if (d.key === 'serveraliveinterval') {
        const t = parseSshTime(arg.value, settings.sshVersion);
        if (t.ok && t.seconds > settings.idleTimeout) {
          const I = suggestedInterval(settings.idleTimeout);
          findings.push({
            code: 'ssh/interval-above-idle-timeout',
            message: `The first keepalive leaves after ${formatDuration(t.seconds)}, but the network path forgets idle flows after ${formatDuration(settings.idleTimeout)} (keepaliveLens.network.idleTimeout): the session can die before the first probe.`,
            span: arg.span,
            fixes: [{ kind: 'replace', title: `Set ServerAliveInterval to ${I}`, span: arg.span, text: String(I), preferred: true }],
          });
        }
      } else if (d.key === 'serveralivecountmax' && isZero(arg.value)) {
        findings.push({
          code: 'ssh/count-max-zero',
          message:
            'ServerAliveCountMax 0 makes ssh exit at the first check, ServerAliveInterval seconds after the last server data, even when the server is healthy: idle sessions are cut. Use it only to cap idle time on purpose.',
          span: arg.span,
          fixes: [{ kind: 'replace', title: 'Set ServerAliveCountMax to 3 (the default)', span: arg.span, text: '3', preferred: true }],
        });
      }
    }
  }
  if (!fatal) reportNoAlive(noAlive, scopes.length, file, settings, indent, lastLine, findings);

  // Inlay hints: durations next to time values, and what the keepalive pair adds up to.
  for (const block of structure.blocks) {
    const entry = scopeByBlock.get(block.index);
    for (const d of block.directives) {
      const arg = d.line.args[0];
      if (!arg || !d.spec || d.line.args.length > 1) continue;
      const parts: string[] = [];
      if (d.spec.value.type === 'time' || (d.spec.value.type === 'controlPersist' && arg.value !== 'yes' && arg.value !== 'no')) {
        const t = parseSshTime(arg.value, settings.sshVersion);
        if (t.ok && formatDuration(t.seconds) !== `${arg.value} s`) parts.push(`= ${formatDuration(t.seconds)}`);
      }
      const t = entry?.scope.outcome;
      const effectiveHere = entry && entry.res.values.get(d.key)?.directive === d;
      if (
        t &&
        effectiveHere &&
        (d.key === 'serveralivecountmax' || (d.key === 'serveraliveinterval' && !block.directives.some((x) => x.key === 'serveralivecountmax')))
      ) {
        if (t.mechanism === 'server-alive' && t.detectAfter !== undefined) parts.push(`→ dead server detected after ${formatDuration(t.detectAfter)}`);
        if (t.mechanism === 'idle-cut') parts.push(`→ idle session cut after ${formatDuration(t.detectAfter ?? 0)}`);
      }
      if (parts.length)
        hints.push({
          line: d.line.line,
          character: arg.span.end,
          label: parts.join(' '),
          tooltip: parts.some((x) => x.startsWith('→')) ? t?.formula : undefined,
        });
    }
  }

  const blockOfLine = (line: number): Block | undefined => (line >= 0 && line < blockAt.length ? structure.blocks[blockAt[line]] : undefined);

  const factsAt = (line: number, character: number): LineFacts | undefined => {
    const l = structure.doc.lines[line];
    if (!l?.keyword) return undefined;
    const last = l.args.length ? l.args[l.args.length - 1].span.end : l.keyword.span.end;
    if (character < l.keyword.span.start || character > last) return undefined;
    const block = blockOfLine(line);
    const entry = block ? scopeByBlock.get(block.index) : undefined;
    const d = block?.directives.find((x) => x.line.line === line);
    const span = { line, start: l.keyword.span.start, end: last };
    if (!d) return { span, keyword: l.keyword.value, scope: entry?.scope };
    let eff: string | undefined;
    if (entry && d.spec?.keepalive) {
      const e = effective(entry.res, d.key);
      const mine = e.setting?.directive === d;
      const origin =
        e.origin.kind === 'line'
          ? e.origin.uri === uri
            ? `line ${e.origin.span.line + 1}${mine ? ' (this line)' : ''}`
            : `${e.origin.uri} line ${e.origin.span.line + 1}`
          : e.origin.text;
      eff = `Effective for ${entry.scope.timeline.subject}: **${e.value || '(unset)'}**, from ${origin}.${mine || e.origin.kind !== 'line' ? '' : ' This line never takes effect.'}`;
    }
    return { span, keyword: l.keyword.value, spec: d.spec, effective: eff, scope: entry?.scope };
  };

  findings.sort((a, b) => a.span.line - b.span.line || a.span.start - b.span.start);
  return {
    file,
    findings: findings.map((f): Finding => ({ ...f, severity: SSH_RULES[f.code].severity })),
    scopes,
    hints,
    factsAt,
    scopeAt: (line) => {
      const b = blockOfLine(line);
      return b ? scopeByBlock.get(b.index)?.scope : undefined;
    },
    resolve: (host) => resolve(host),
  };
}

function isZero(text: string): boolean {
  const n = parseSshInt(text);
  return n.ok && n.value === 0;
}

function isCatchAll(block: Block): boolean {
  const h = block.header;
  if (!h) return false;
  if (h.kind === 'host') return h.patterns.length > 0 && h.patterns.every((p) => p.pattern === '*' && !p.negated);
  return h.criteria.length === 1 && h.criteria[0].name === 'all' && !h.criteria[0].negated;
}

/** The first line of the comment lines directly above `line` (no blank line between). */
function leadingComments(file: ParsedFile, line: number): number {
  const lines = file.structure.doc.lines;
  let from = line;
  while (from > 0 && lines[from - 1].comment && !lines[from - 1].keyword) from--;
  return from;
}

/** The block's last line, including comments inside it but not the next block's preamble. */
function blockEnd(file: ParsedFile, block: Block): number {
  const next = file.structure.blocks[block.index + 1];
  const lines = file.structure.doc.lines;
  if (!next) {
    let end = lines.length - 1;
    while (end > block.start && lines[end].text.trim() === '') end--;
    return end;
  }
  let end = leadingComments(file, next.start) - 1;
  while (end > block.start && lines[end].text.trim() === '') end--;
  return end;
}

/** A `Host *` block with the given directives at the end of the file, one blank line before it. */
function appendCatchAll(file: ParsedFile, lastLine: number, indent: string, lines: readonly string[]): FixData {
  const docLines = file.structure.doc.lines;
  let lastText = lastLine;
  while (lastText > 0 && docLines[lastText].text.trim() === '') lastText--;
  const blankAfter = lastLine - lastText >= 2;
  const sep = blankAfter || docLines[lastText].text.trim() === '' ? [] : [''];
  const after = blankAfter ? lastText + 1 : lastLine;
  const [sai, sacm] = lines;
  const title = `Add "Host *" with ${sai}${sacm ? ` and ${sacm}` : ''} at the end`;
  return { kind: 'insertLines', title, afterLine: after, lines: [...sep, 'Host *', ...lines.map((l) => indent + l)], preferred: true };
}

function reportNoAlive(
  items: Array<{ block: Block; scope: Scope; res: Resolution }>,
  scopeCount: number,
  file: ParsedFile,
  settings: Settings,
  indent: string,
  lastLine: number,
  out: Draft[],
): void {
  if (items.length === 0) return;
  const I = suggestedInterval(settings.idleTimeout);
  const N = suggestedCount(I, settings.detectionTarget);
  const detail = (s: Scope) =>
    s.outcome.mechanism === 'none'
      ? 'with TCPKeepAlive no as well, a dead server is never noticed while the session is idle'
      : `only TCP keepalive can notice a dead server, after ${formatDuration(s.outcome.detectAfter ?? 0)} (${s.outcome.formula.replace('TCP keepalive: ', '')})`;
  const pair = (res: Resolution) => {
    const lines = [`ServerAliveInterval ${I}`];
    if (effective(res, 'serveralivecountmax').origin.kind === 'default') lines.push(`ServerAliveCountMax ${N}`);
    return lines;
  };
  if (items.length === scopeCount) {
    // Nothing sets it anywhere: one finding, fixed by a catch-all block at the end.
    const first = items[0];
    out.push({
      code: 'ssh/no-server-alive',
      message: `No ServerAliveInterval for any host: ${detail(first.scope)}. ServerAliveInterval ${I} with ServerAliveCountMax ${N} detects it after ${formatDuration(I * (N + 1))}.`,
      span: first.scope.span.end > 0 ? first.scope.span : { line: 0, start: 0, end: file.structure.doc.lines[0].text.length },
      fixes: [appendCatchAll(file, lastLine, indent, pair(first.res))],
    });
    return;
  }
  for (const { block, scope, res } of items) {
    if (!block.header) {
      // The global section reaches every host that no block gives a value: one finding on its
      // first line, fixed by a catch-all block at the end.
      const first = block.directives[0]?.line;
      if (!first) continue;
      out.push({
        code: 'ssh/no-server-alive',
        message: `No ServerAliveInterval for hosts that no block gives one: ${detail(scope)}.`,
        span: { line: first.line, start: 0, end: first.text.length },
        fixes: [appendCatchAll(file, lastLine, indent, pair(res))],
      });
      continue;
    }
    out.push({
      code: 'ssh/no-server-alive',
      message: `No ServerAliveInterval for ${scope.timeline.subject}: ${detail(scope)}.`,
      span: block.header.line.keyword!.span,
      fixes: [
        {
          kind: 'insertLines',
          title: `Add ServerAliveInterval ${I} to this block`,
          afterLine: block.header.line.line,
          lines: pair(res).map((l) => indent + l),
          preferred: true,
        },
      ],
    });
  }
}
