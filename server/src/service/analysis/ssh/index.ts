/**
 * ssh_config analysis: structure, validation, one resolution per scope, and the findings,
 * hints and hover facts that follow from them.
 */
import { formatDuration, parseSshInt, parseSshTime, type TimeResult, toSshTime } from '../../model/duration';
import { suggestedInterval, tcpKeepaliveFormula } from '../../model/formulas';
import type { Outcome, Timeline } from '../../model/timeline';
import { type Span, type TokenLine, tokenize } from '../../syntax/ssh';
import { fileName } from '../../syntax/text';
import { readOnce } from '../readOnce';
import type { Analysis, Environment, Finding, FixData, Hint, IncludedFile, LineFacts, Scope, Settings, Severity } from '../types';
import { bothEndsNote, bothEndsTail, type ServerEnd, serverEnd } from './bothEnds';
import { hasInclude, type ParsedFile, type Resolution, resolveHost, type Setting, SshResolution } from './resolve';
import { SSH_RULES } from './rules';
import { type Block, blockLabel, buildStructure, type Directive, representativeHost } from './structure';
import { defaultValue, effective, sshClientOutcome, sshClientTimeline } from './timeline';
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

type Force = { readonly uri: string; readonly line: number };

/** What the analysis keeps of one scope: enough for the findings, and how to explain it. */
class ScopeEntry {
  /** The scope the features see (set right after the entry is made). */
  scope!: Scope;

  constructor(
    readonly block: Block,
    /** Whom the scope's values are for ("web", "hosts like web-example", "any host"). */
    readonly subject: string,
    readonly host: string,
    /** The lines that set ServerAliveInterval and ServerAliveCountMax for the scope, if any. */
    readonly interval: Setting | undefined,
    readonly countMax: Setting | undefined,
    /** The whole resolution: kept when it may have read other files, else redone on first use. */
    private res: Resolution | undefined,
    /** Resolves the host with the block's own header taken as matching. */
    private readonly resolve: (host: string, block: Block) => Resolution,
  ) {}

  resolution(): Resolution {
    this.res ??= this.resolve(this.host, this.block);
    return this.res;
  }
}

/** A scope as the features see it; the full timeline is built when a hover or the timeline view asks. */
class SshScope implements Scope {
  readonly #entry: ScopeEntry;
  readonly #settings: Settings;
  readonly #server: ServerEnd | undefined;
  #timeline: Timeline | undefined;

  constructor(
    readonly span: Span,
    readonly label: string,
    readonly summary: string,
    readonly outcome: Outcome,
    entry: ScopeEntry,
    settings: Settings,
    /** The workspace's one server config: a note says which end gives up first. */
    server?: ServerEnd,
  ) {
    this.#entry = entry;
    this.#settings = settings;
    this.#server = server;
  }

  get timeline(): Timeline {
    if (!this.#timeline) {
      const t = sshClientTimeline(this.#entry.resolution(), this.#settings, this.label, this.#entry.subject);
      const notes = this.#server ? [...t.notes, bothEndsNote(this.outcome, this.#server)] : t.notes;
      this.#timeline = { ...t, summary: this.summary, notes };
    }
    return this.#timeline;
  }
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
  // Include targets are read (globbed, then each file) once per analysis too, not once per host resolved: every scope
  // resolves its host through the Include lines, and a final pass (Match final, CanonicalizeHostname) reads them again.
  const resolveInclude = env.resolveInclude?.bind(env);
  const readingEnv: Environment = resolveInclude
    ? { ...env, resolveInclude: readOnce(resolveInclude, (arg, fromUri, userConfig) => `${arg}\0${fromUri}\0${userConfig}`) }
    : env;
  const rootStructure = buildStructure(tokenize(text), settings.sshVersion);
  const file: ParsedFile = { uri, structure: rootStructure };
  const { structure } = file;
  const { blocks } = structure;
  const userConfig = isUserConfig(uri);
  const resolve = (host: string, force?: { uri: string; line: number }, lostFrom?: number, lostTo?: number, into?: SshResolution) =>
    resolveHost(
      { root: file, host, localUser: settings.localUser, version: settings.sshVersion, userConfig, env: readingEnv, parse, force },
      lostFrom,
      lostTo,
      into,
    );

  const findings: Draft[] = validate(structure, settings);
  const scopes: Scope[] = [];
  const hints: Hint[] = [];
  const entries: Array<ScopeEntry | undefined> = new Array(blocks.length);
  const reported = new Set<string>();
  const indent = indentUnit(file);
  const lineCount = structure.doc.lines.length;
  const lastLine = lineCount - 1;
  // The block each line belongs to, computed once (lookups below are per line, not per block).
  const blockAt = new Int32Array(lineCount);
  for (let i = 0; i < blocks.length; i++) {
    const next = i + 1 < blocks.length ? blocks[i + 1].start : lineCount;
    for (let l = blocks[i].start; l < next; l++) blockAt[l] = i;
  }
  const fatal = findings.some((f) => SSH_RULES[f.code].severity === 'error');
  // Without an Include a resolution reads nothing but this text, so a scope's resolution can
  // be dropped once its findings are out, and redone (with the same result) for a hover.
  const readsOtherFiles = hasInclude(file, settings.sshVersion);
  // Each block's label, made when first needed (a block's own scope, or findings naming it).
  const labels: Array<string | undefined> = new Array(blocks.length);
  const labelOf = (block: Block): string => {
    labels[block.index] ??= blockLabel(block);
    return labels[block.index]!;
  };
  // Findings about lines that lose to the same line share its "the value ssh uses" entry.
  const usedAt = new Map<number, Finding['related']>();
  const valueUsed = (by: TokenLine): Finding['related'] => {
    let related = usedAt.get(by.line);
    if (!related) {
      related = [{ uri, span: by.keywordSpan()!, message: 'the value ssh uses' }];
      usedAt.set(by.line, related);
    }
    return related;
  };
  // A block's own scope: its host, with the block's header taken as matching.
  const resolveScope = (host: string, block: Block) => resolve(host, block.header ? { uri, line: block.header.line.line } : undefined);
  // Scopes whose resolution is not kept are resolved one after the other into this one.
  const scratch = new SshResolution('');
  // Scopes with the same keepalive values have the same outcome: computed once per analysis.
  const outcomes = new Map<string, Outcome>();
  // The workspace's one server config, if it has exactly one: each scope says which end gives up first.
  const server = serverEnd(env, settings);

  for (let b = 0; b < blocks.length; b++) {
    const block = blocks[b];
    if (!block.header && block.directives.length === 0 && blocks.length > 1) continue;
    if (block.header?.error) continue;
    const host = representativeHost(block.header);
    if (host === undefined) continue;
    const force: Force | undefined = block.header ? { uri, line: block.header.line.line } : undefined;
    // The block's findings need the lost lines of the block only; a resolution kept for
    // hovers (it may have read other files) keeps them all.
    const res = readsOtherFiles ? resolve(host, force) : resolve(host, force, block.start, block.end, scratch);
    const label = labelOf(block);
    let literal = false;
    if (block.header?.kind === 'host') for (const p of block.header.patterns) if (p.pattern === host) literal = true;
    const catchAll = isCatchAll(block);
    const subject = !block.header ? 'every host' : catchAll ? 'any host' : literal ? host : `hosts like ${host}`;
    const span = block.header ? block.header.line.keywordSpan()! : { line: 0, start: 0, end: 0 };
    const who = !block.header ? 'every host' : catchAll ? 'any host' : literal ? `host ${host}` : `e.g. ${host}`;
    const interval = res.setting('serveraliveinterval');
    const countMax = res.setting('serveralivecountmax');
    const outcomeKey = `${interval?.value}|${countMax?.value}|${res.value('tcpkeepalive')}`;
    let out = outcomes.get(outcomeKey);
    if (!out) {
      out = sshClientOutcome(res, settings);
      outcomes.set(outcomeKey, out);
    }
    const entry = new ScopeEntry(block, subject, host, interval, countMax, readsOtherFiles ? res : undefined, resolveScope);
    const summary = server ? flat(out.summary, ' · ', who, ' · ', bothEndsTail(out, server)) : flat(out.summary, ' · ', who);
    const scope = new SshScope(span, label, summary, out, entry, settings, server);
    entry.scope = scope;
    scopes.push(scope);
    entries[block.index] = entry;

    for (const p of res.problems) {
      const key = `${p.span.line}:${p.span.start}:${p.message}`;
      if (!reported.has(key)) {
        reported.add(key);
        findings.push({ code: p.severity === 'error' ? 'ssh/include-problem' : 'ssh/include-not-read', message: p.message, span: p.span, fixes: [] });
      }
    }
    for (const inc of res.includes) {
      const bad = parseCache.get(inc.uri)?.errors;
      const key = `${inc.from.line}:${inc.from.start}:${inc.uri}`;
      if (!bad?.length || reported.has(key)) continue;
      reported.add(key);
      const name = fileName(inc.uri);
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
    if (res.anyLost) reportShadowed(block, res, subject);
  }

  /** The block's lines that lose, in its own resolution, to an earlier line: in the block or before it. */
  function reportShadowed(block: Block, res: SshResolution, subject: string): void {
    const directives = block.directives;
    // Faded only when the line is dead for every host of its block: the earlier value comes
    // from a block that matches every host, or this block names exactly one host.
    const singleHost =
      block.header?.kind === 'host' &&
      block.header.patterns.length === 1 &&
      !/[*?]/.test(block.header.patterns[0].pattern) &&
      !block.header.patterns[0].negated;
    for (let k = 0; k < directives.length; k++) {
      const d = directives[k];
      const earlier = res.shadowedAt(d.line.line);
      if (!earlier) continue;
      const by = earlier.directive.line;
      if (earlier.uri === uri && sameBlockFirst(directives, k) === by.line) {
        findings.push({
          code: 'ssh/duplicate-in-block',
          message: `${d.spec?.name ?? d.keyword.value} is already set on line ${by.line + 1} of this block; ssh keeps the first value, so this line never takes effect.`,
          span: d.line.keywordSpan()!,
          unnecessary: true,
          fixes: [{ kind: 'deleteLines', title: 'Remove the dead duplicate', from: d.line.line, to: d.line.line, preferred: true }],
          related: valueUsed(by),
        });
        continue;
      }
      const here = earlier.uri === uri;
      const byBlock = here ? blocks[blockAt[by.line]] : undefined;
      const general = byBlock?.header && isCatchAll(byBlock);
      const fixes: readonly FixData[] =
        general && byBlock && byBlock.index < block.index
          ? [
              {
                kind: 'moveLines',
                title: `Move the general "${labelOf(byBlock)}" block to the end of the file`,
                from: leadingComments(file, byBlock.start),
                to: blockEnd(file, byBlock),
                after: lastLine,
                preferred: true,
              },
            ]
          : NO_FIXES;
      const universal = here && (!byBlock?.header || isCatchAll(byBlock));
      findings.push({
        code: 'ssh/shadowed-by-earlier-host',
        unnecessary: singleHost || universal,
        message: flat(
          'Never takes effect for ',
          subject,
          ': ',
          here ? '' : fileName(earlier.uri),
          here ? 'line ' : ' line ',
          by.line + 1,
          byBlock?.header ? ' (' : '',
          byBlock?.header ? labelOf(byBlock) : '',
          byBlock?.header ? ')' : '',
          ' already set ',
          d.spec?.name ?? (d.line.keywordValue as string),
          ' ',
          earlier.value,
          ', and ssh keeps the first value it reads.',
          general ? ' Put general blocks such as "Host *" last.' : '',
        ),
        span: d.line.keywordSpan()!,
        fixes,
        related: here ? valueUsed(by) : undefined,
      });
    }
  }

  // Budgets: the path idle timeout and the detection target, per scope.
  const noAlive: ScopeEntry[] = [];
  for (let b = 0; b < entries.length; b++) {
    const entry = entries[b];
    if (!entry) continue;
    const { scope } = entry;
    const t = scope.outcome;
    if (t.mechanism === 'tcp-keepalive' || t.mechanism === 'none') {
      if (!entry.interval) noAlive.push(entry);
    } else if (t.mechanism === 'server-alive' && t.detectAfter !== undefined && t.detectAfter > settings.detectionTarget) {
      const setBy = entry.interval?.directive;
      const line = entry.block.directives.find((d) => d.key === 'serveraliveinterval' && setBy === d);
      const N = Number(entry.countMax?.value ?? defaultValue('serveralivecountmax'));
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
  // One pass over the lines for what does not depend on the host (ServerAliveInterval longer
  // than the idle timeout, ServerAliveCountMax 0) and for the inlay hints: durations next to
  // time values, and what the keepalive pair adds up to.
  for (let b = 0; b < blocks.length; b++) {
    const block = blocks[b];
    const entry = entries[block.index];
    const t = entry?.scope.outcome;
    const directives = block.directives;
    // Whether the block sets ServerAliveCountMax (then the pair's sum goes after that line).
    let countMaxHere = false;
    if (t !== undefined) for (let k = 0; k < directives.length; k++) if (directives[k].key === 'serveralivecountmax') countMaxHere = true;
    for (let k = 0; k < directives.length; k++) {
      const d = directives[k];
      const line = d.line;
      if (line.argCount !== 1) continue;
      // The value as written; its token (for a finding's range) is made only when needed.
      const value = line.argValue(0);
      let time: TimeResult | undefined;
      if (d.key === 'serveraliveinterval') {
        time = parseSshTime(value, settings.sshVersion);
        if (time.ok && time.seconds > settings.idleTimeout) {
          const I = suggestedInterval(settings.idleTimeout);
          findings.push({
            code: 'ssh/interval-above-idle-timeout',
            message: `The first keepalive leaves after ${formatDuration(time.seconds)}, but the network path forgets idle flows after ${formatDuration(settings.idleTimeout)} (keepaliveLens.network.idleTimeout): the session can die before the first probe.`,
            span: line.args[0].span,
            fixes: [{ kind: 'replace', title: `Set ServerAliveInterval to ${I}`, span: line.args[0].span, text: String(I), preferred: true }],
          });
        }
      } else if (d.key === 'serveralivecountmax' && isZero(value)) {
        findings.push({
          code: 'ssh/count-max-zero',
          message:
            'ServerAliveCountMax 0 makes ssh exit at the first check, ServerAliveInterval seconds after the last server data, even when the server is healthy: idle sessions are cut. Use it only to cap idle time on purpose.',
          span: line.args[0].span,
          fixes: [{ kind: 'replace', title: 'Set ServerAliveCountMax to 3 (the default)', span: line.args[0].span, text: '3', preferred: true }],
        });
      }

      if (!d.spec) continue;
      let label = '';
      if (d.spec.value.type === 'time' || (d.spec.value.type === 'controlPersist' && value !== 'yes' && value !== 'no')) {
        time ??= parseSshTime(value, settings.sshVersion);
        if (time.ok && !isPlainSeconds(value, time.seconds)) label = flat('= ', formatDuration(time.seconds));
      }
      // The detection time goes after the line that sets the pair's last value in this block.
      const sum =
        t !== undefined &&
        ((d.key === 'serveralivecountmax' && entry?.countMax?.directive === d) ||
          (d.key === 'serveraliveinterval' && entry?.interval?.directive === d && !countMaxHere));
      let tooltip: string | undefined;
      if (sum && t.mechanism === 'server-alive' && t.detectAfter !== undefined) {
        label = flat(label, label && ' ', '→ dead server detected after ', formatDuration(t.detectAfter));
        tooltip = t.formula;
      }
      if (sum && t.mechanism === 'idle-cut') {
        label = flat(label, label && ' ', '→ idle session cut after ', formatDuration(t.detectAfter ?? 0));
        tooltip = t.formula;
      }
      if (label) hints.push({ line: line.line, character: line.argEnd(0), label, tooltip });
    }
  }
  if (!fatal) reportNoAlive(noAlive, scopes.length, file, settings, indent, lastLine, findings);

  const blockOfLine = (line: number): Block | undefined => (line >= 0 && line < blockAt.length ? blocks[blockAt[line]] : undefined);

  const factsAt = (line: number, character: number): LineFacts | undefined => {
    const l = structure.doc.lines[line];
    if (!l?.keyword) return undefined;
    const last = l.args.length ? l.args[l.args.length - 1].span.end : l.keyword.span.end;
    if (character < l.keyword.span.start || character > last) return undefined;
    const block = blockOfLine(line);
    const entry = block ? entries[block.index] : undefined;
    const scope = entry?.scope;
    const d = block?.directives.find((x) => x.line.line === line);
    const span = { line, start: l.keyword.span.start, end: last };
    if (!d) return { span, keyword: l.keyword.value, scope };
    let eff: string | undefined;
    if (entry && d.spec?.keepalive) {
      const e = effective(entry.resolution(), d.key);
      const mine = e.setting?.directive === d;
      const origin =
        e.origin.kind === 'line'
          ? e.origin.uri === uri
            ? `line ${e.origin.span.line + 1}${mine ? ' (this line)' : ''}`
            : `${e.origin.uri} line ${e.origin.span.line + 1}`
          : e.origin.text;
      eff = `Effective for ${entry.subject}: **${e.value || '(unset)'}**, from ${origin}.${mine || e.origin.kind !== 'line' ? '' : ' This line never takes effect.'}`;
    }
    return { span, keyword: l.keyword.value, spec: d.spec, effective: eff, scope };
  };

  findings.sort((a, b) => a.span.line - b.span.line || a.span.start - b.span.start);
  // The drafts are this analysis's own objects: each gets its severity in place (the last
  // property, where a copy would put it) instead of being copied.
  for (let i = 0; i < findings.length; i++) (findings[i] as { severity?: Severity }).severity = SSH_RULES[findings[i].code].severity;
  return {
    file,
    findings: findings as readonly Draft[] as readonly Finding[],
    scopes,
    hints,
    factsAt,
    scopeAt: (line) => {
      const b = blockOfLine(line);
      return b ? entries[b.index]?.scope : undefined;
    },
    resolve: (host) => resolve(host),
  };
}

const NO_FIXES: readonly FixData[] = Object.freeze([]);

/**
 * The parts as one flat string. A template literal builds a chain of partial strings; a
 * message that lives as long as its document (one per shadowed line of a large file) is
 * smaller, and cheaper to keep, flat.
 */
function flat(...parts: Array<string | number>): string {
  return parts.join('');
}

/**
 * Whether formatDuration(seconds) is `${text} s` (a hint would only repeat the value): a
 * plain number of seconds under a minute, written without leading zeros.
 */
function isPlainSeconds(text: string, seconds: number): boolean {
  return seconds < 60 && Number.isInteger(seconds) && text === String(seconds);
}

/** The line of the first directive before directives[k] in its block that sets the same option, if any. */
function sameBlockFirst(directives: readonly Directive[], k: number): number | undefined {
  const key = directives[k].key;
  for (let i = 0; i < k; i++) {
    const x = directives[i];
    if (x.key === key && x.spec && x.line.argCount > 0) return x.line.line;
  }
  return undefined;
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
  items: readonly ScopeEntry[],
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
      : `only TCP keepalive can notice a dead server, after ${formatDuration(s.outcome.detectAfter ?? 0)} (${tcpKeepaliveFormula(settings.kernel)})`;
  const pair = (entry: ScopeEntry) => {
    const lines = [`ServerAliveInterval ${I}`];
    if (!entry.countMax) lines.push(`ServerAliveCountMax ${N}`);
    return lines;
  };
  if (items.length === scopeCount) {
    // Nothing sets it anywhere: one finding, fixed by a catch-all block at the end.
    const first = items[0];
    out.push({
      code: 'ssh/no-server-alive',
      message: `No ServerAliveInterval for any host: ${detail(first.scope)}. ServerAliveInterval ${I} with ServerAliveCountMax ${N} detects it after ${formatDuration(I * (N + 1))}.`,
      span: first.scope.span.end > 0 ? first.scope.span : { line: 0, start: 0, end: file.structure.doc.lines[0].text.length },
      fixes: [appendCatchAll(file, lastLine, indent, pair(first))],
    });
    return;
  }
  for (const entry of items) {
    const { block, scope } = entry;
    if (!block.header) {
      // The global section reaches every host that no block gives a value: one finding on its
      // first line, fixed by a catch-all block at the end.
      const first = block.directives[0]?.line;
      if (!first) continue;
      out.push({
        code: 'ssh/no-server-alive',
        message: `No ServerAliveInterval for hosts that no block gives one: ${detail(scope)}.`,
        span: { line: first.line, start: 0, end: first.text.length },
        fixes: [appendCatchAll(file, lastLine, indent, pair(entry))],
      });
      continue;
    }
    out.push({
      code: 'ssh/no-server-alive',
      message: `No ServerAliveInterval for ${entry.subject}: ${detail(scope)}.`,
      span: block.header.line.keywordSpan()!,
      fixes: [
        {
          kind: 'insertLines',
          title: `Add ServerAliveInterval ${I} to this block`,
          afterLine: block.header.line.line,
          lines: pair(entry).map((l) => indent + l),
          preferred: true,
        },
      ],
    });
  }
}
