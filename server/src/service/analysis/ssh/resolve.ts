/**
 * Effective values for one host, exactly as ssh resolves them (readconf.c): lines are read
 * in order, Host and Match lines switch the following lines on or off, and for each option
 * the first value obtained wins. Include reads other files in place; inside a block that
 * does not apply, the included files are read but nothing in them applies.
 */
import type { KeywordSpec } from '../../catalog/types';
import { parseAddress } from '../../model/addrMatch';
import { parseSshInt, parseSshTime } from '../../model/duration';
import { asciiLower } from '../../model/patterns';
import type { Version } from '../../model/version';
import type { Span, TokenLine } from '../../syntax/ssh';
import type { Environment, IncludedFile, Severity } from '../types';
import { type Expansion, expandIncludeArg } from './expand';
import { type Block, type Directive, hostMatcher, hostMatches, type MatchCriterion, matchMatches, type Structure } from './structure';

/** OpenSSH refuses to nest Include deeper than this (READCONF_MAX_DEPTH). */
export const MAX_INCLUDE_DEPTH = 16;

/** Options that collect every value instead of keeping the first. */
const ACCUMULATING = new Set(['identityfile', 'certificatefile', 'localforward', 'remoteforward', 'dynamicforward', 'sendenv']);
const STRUCTURAL = new Set(['host', 'match', 'include', 'ignoreunknown']);

export interface Setting {
  readonly key: string;
  /** As `ssh -G` prints it: seconds for times, yes/no for flags. */
  readonly value: string;
  readonly directive: Directive;
  readonly uri: string;
}

export interface ParsedFile {
  readonly uri: string;
  readonly structure: Structure;
  /** Lines ssh rejects (an error-level finding): they set nothing. */
  readonly badLines?: ReadonlySet<number>;
}

export interface ResolveInput {
  readonly root: ParsedFile;
  readonly host: string;
  readonly localUser: string;
  readonly version: Version;
  readonly userConfig: boolean;
  readonly env: Environment;
  /** Parses included files (cached by the caller). */
  readonly parse: (file: IncludedFile) => ParsedFile;
  /** Treat this block's header as matching (a block's own CodeLens: "when this block applies"). */
  readonly force?: { readonly uri: string; readonly line: number };
}

export interface Resolution {
  readonly host: string;
  readonly values: ReadonlyMap<string, Setting>;
  /** Lines of the root file that applied but lost to an earlier value, by line number. */
  readonly shadowed: ReadonlyMap<number, Setting>;
  /** Match criteria met on the way that were not evaluated. */
  readonly unevaluated: readonly MatchCriterion[];
  /** Files Include read (at any depth), with the root file's Include argument that led there. */
  readonly includes: ReadonlyArray<{ readonly from: Span; readonly uri: string }>;
  readonly problems: readonly ResolveProblem[];
}

/** Something on the way that stops ssh (`error`) or that ssh only logs (`warning`). */
export interface ResolveProblem {
  readonly span: Span;
  readonly uri: string;
  readonly message: string;
  readonly severity: Severity;
}

/** The value as ssh stores it, or undefined when the line leaves the option unset or is invalid. */
export function normalizedValue(spec: KeywordSpec, args: readonly string[], version: Version): string | undefined {
  return normalized(spec, args[0], args, version);
}

/** normalizedValue on a line's arguments, without copying them. */
function normalizedLine(spec: KeywordSpec, line: TokenLine, version: Version): string | undefined {
  if (line.argCount === 0) return undefined;
  if (line.argCount === 1) return normalized(spec, line.argValue(0), undefined, version);
  return normalized(
    spec,
    line.argValue(0),
    line.args.map((a) => a.value),
    version,
  );
}

/** String(n), or the text itself when it already is that (no copy of every "60" in a file). */
function decimal(text: string, n: number): string {
  if (text.length === 0 || text.length > 9 || (text.length > 1 && text.charCodeAt(0) === 48)) return String(n);
  let value = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return String(n);
    value = value * 10 + (c - 48);
  }
  return value === n ? text : String(n);
}

/** `all` is every argument when there are several (undefined: `v` is the only one). */
function normalized(spec: KeywordSpec, v: string | undefined, all: readonly string[] | undefined, version: Version): string | undefined {
  if (v === undefined) return undefined;
  switch (spec.value.type) {
    case 'time': {
      if (v === 'none') return undefined;
      const t = parseSshTime(v, version);
      return t.ok ? decimal(v, t.seconds) : undefined;
    }
    case 'int': {
      const n = parseSshInt(v, spec.value.min, spec.value.max);
      return n.ok ? decimal(v, n.value) : undefined;
    }
    case 'flag': {
      const l = v.toLowerCase();
      return l === 'yes' || l === 'true' ? 'yes' : l === 'no' || l === 'false' ? 'no' : undefined;
    }
    case 'choice': {
      const hit = spec.value.values.find((c) => (spec.value.type === 'choice' && spec.value.caseSensitive ? c === v : c.toLowerCase() === v.toLowerCase()));
      return hit;
    }
    default:
      return all ? all.join(' ') : v;
  }
}

/**
 * Per-file facts every resolution needs, computed once per analysis: which blocks a
 * literal host name can activate (Host lines made only of plain, positive patterns),
 * which blocks must be evaluated for every host (wildcards, negations, Match, the global
 * section, blocks with an Include), and what each line sets, as ssh stores it.
 */
interface FileIndex {
  readonly literal: ReadonlyMap<string, readonly number[]>;
  readonly always: readonly number[];
  /** The value each line sets, as ssh stores it, by line (undefined: the line sets nothing). */
  readonly values: ReadonlyArray<string | undefined>;
  /** Whether each block (by index) has an Include line, which is read even when the block does not apply. */
  readonly includes: readonly boolean[];
  /** The Host blocks evaluated for every host, each header prepared for matching, by block index. */
  readonly matchers: ReadonlyArray<((host: string) => boolean) | undefined>;
}

const INDEXES = new WeakMap<ParsedFile, FileIndex>();
const NONE: readonly number[] = [];

function indexOf(file: ParsedFile, version: Version): FileIndex {
  let idx = INDEXES.get(file);
  if (idx) return idx;
  const literal = new Map<string, number[]>();
  const always: number[] = [];
  const values: Array<string | undefined> = new Array(file.structure.doc.lines.length);
  const blocks = file.structure.blocks;
  const includes: boolean[] = new Array(blocks.length).fill(false);
  const matchers: Array<((host: string) => boolean) | undefined> = new Array(blocks.length);
  for (let b = 0; b < blocks.length; b++) {
    const block = blocks[b];
    const h = block.header;
    let plain = h?.kind === 'host' && !h.error;
    if (plain && h?.kind === 'host') {
      for (const p of h.patterns) if (p.negated || p.pattern.includes('*') || p.pattern.includes('?')) plain = false;
    }
    let hasInclude = false;
    const directives = block.directives;
    for (let k = 0; k < directives.length; k++) {
      const d = directives[k];
      if (d.key === 'include') hasInclude = true;
      // Lines that set nothing (and options that collect values) have no value.
      if (!d.spec || STRUCTURAL.has(d.key) || ACCUMULATING.has(d.key) || d.line.problem) continue;
      values[d.line.line] = normalizedLine(d.spec, d.line, version);
    }
    includes[b] = hasInclude;
    if (plain && !hasInclude && h?.kind === 'host') {
      for (const p of h.patterns) {
        const list = literal.get(p.pattern);
        if (!list) literal.set(p.pattern, [block.index]);
        else if (list[list.length - 1] !== block.index) list.push(block.index);
      }
    } else {
      always.push(block.index);
      if (h?.kind === 'host' && !h.error) matchers[block.index] = hostMatcher(h);
    }
  }
  idx = { literal, always, values, includes, matchers };
  INDEXES.set(file, idx);
  return idx;
}

/** The index of the block whose header is on that line (blocks are in line order), or -1. */
function blockWithHeaderAt(blocks: readonly Block[], line: number): number {
  let lo = 0;
  let hi = blocks.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const start = blocks[mid].start;
    // The global section starts at line 0 too, before a header on line 0.
    if (start === line) return blocks[mid].header ? mid : blocks[mid + 1]?.start === line && blocks[mid + 1].header ? mid + 1 : -1;
    if (start < line) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

function expandHostname(value: string, host: string): string {
  return value.replace(/%([%h])/g, (_m, c: string) => (c === '%' ? '%' : host));
}

/**
 * A resolution as the analysis builds it, once per scope: the settings in plain arrays,
 * read with `setting` and `shadowedAt`; the maps of the Resolution interface are built
 * from them on first use.
 */
export class SshResolution implements Resolution {
  unevaluated: readonly MatchCriterion[] = NO_CRITERIA;
  includes: ReadonlyArray<{ readonly from: Span; readonly uri: string }> = NO_INCLUDES;
  problems: readonly ResolveProblem[] = NO_PROBLEMS;
  #host: string;
  /** What ssh keeps for each option (its first value), in the order obtained: directive, value, uri. */
  readonly #got: Array<Directive | string> = [];
  #gotLength = 0;
  /** Lines of the root file that applied but lost, each with the number (in #got order) of the value it lost to. */
  readonly #lost: number[] = [];
  #lostLength = 0;
  /** The Setting of each obtained value, made when first asked for. */
  #settings: Array<Setting | undefined> | undefined;
  #values?: Map<string, Setting>;
  #shadowed?: Map<number, Setting>;

  constructor(host: string) {
    this.#host = host;
  }

  get host(): string {
    return this.#host;
  }

  /**
   * Empties the resolution for another host (the analysis resolves its scopes one after the
   * other into one object, and keeps only the Settings it asked for).
   */
  reset(host: string): this {
    this.#host = host;
    this.#gotLength = 0;
    this.#lostLength = 0;
    this.#settings = undefined;
    this.#values = undefined;
    this.#shadowed = undefined;
    this.unevaluated = NO_CRITERIA;
    this.includes = NO_INCLUDES;
    this.problems = NO_PROBLEMS;
    return this;
  }

  get values(): ReadonlyMap<string, Setting> {
    if (!this.#values) {
      this.#values = new Map();
      for (let n = 0; n * 3 < this.#gotLength; n++) {
        const s = this.#settingAt(n);
        this.#values.set(s.key, s);
      }
    }
    return this.#values;
  }

  get shadowed(): ReadonlyMap<number, Setting> {
    if (!this.#shadowed) {
      this.#shadowed = new Map();
      const lost = this.#lost;
      for (let i = 0; i < this.#lostLength; i += 2) this.#shadowed.set(lost[i], this.#settingAt(lost[i + 1]));
    }
    return this.#shadowed;
  }

  /** Whether any line was lost (in the range asked for). */
  get anyLost(): boolean {
    return this.#lostLength > 0;
  }

  /** values.get(key)?.value, without the map or the Setting. */
  value(key: string): string | undefined {
    const n = this.#find(key);
    return n < 0 ? undefined : (this.#got[n * 3 + 1] as string);
  }

  /** values.get(key), without the map. */
  setting(key: string): Setting | undefined {
    const n = this.#find(key);
    return n < 0 ? undefined : this.#settingAt(n);
  }

  /** shadowed.get(line), without the map. */
  shadowedAt(line: number): Setting | undefined {
    const lost = this.#lost;
    for (let i = 0; i < this.#lostLength; i += 2) if (lost[i] === line) return this.#settingAt(lost[i + 1]);
    return undefined;
  }

  /** The number of the value obtained for a key, or -1. */
  #find(key: string): number {
    const got = this.#got;
    for (let i = 0; i < this.#gotLength; i += 3) if ((got[i] as Directive).key === key) return i / 3;
    return -1;
  }

  #settingAt(n: number): Setting {
    this.#settings ??= [];
    let s = this.#settings[n];
    if (!s) {
      const d = this.#got[n * 3] as Directive;
      s = { key: d.key, value: this.#got[n * 3 + 1] as string, directive: d, uri: this.#got[n * 3 + 2] as string };
      this.#settings[n] = s;
    }
    return s;
  }

  /** A line read while its block applies: the option's first value, or a line that lost to it. */
  read(d: Directive, value: string, uri: string, recordLost: boolean, dedupe: boolean): void {
    const n = this.#find(d.key);
    // The final pass reads the lines of the first again: the value they set is their own.
    if (n >= 0 && this.#got[n * 3] === d) return;
    if (n < 0) {
      const got = this.#got;
      got[this.#gotLength++] = d;
      got[this.#gotLength++] = value;
      got[this.#gotLength++] = uri;
    } else if (recordLost && (!dedupe || this.shadowedAt(d.line.line) === undefined)) {
      this.#lost[this.#lostLength++] = d.line.line;
      this.#lost[this.#lostLength++] = n;
    }
  }

  addUnevaluated(criteria: readonly MatchCriterion[]): void {
    if (criteria.length === 0) return;
    if (this.unevaluated === NO_CRITERIA) this.unevaluated = [];
    const list = this.unevaluated as MatchCriterion[];
    for (const c of criteria) if (!list.includes(c)) list.push(c);
  }

  addInclude(from: Span, uri: string): void {
    if (this.includes === NO_INCLUDES) this.includes = [];
    else if (this.includes.some((i) => i.from === from && i.uri === uri)) return;
    (this.includes as Array<{ from: Span; uri: string }>).push({ from, uri });
  }

  addProblem(span: Span, uri: string, message: string, severity: Severity = 'error'): void {
    if (this.problems === NO_PROBLEMS) this.problems = [];
    else if (this.problems.some((p) => p.span === span && p.uri === uri && p.message === message)) return;
    (this.problems as ResolveProblem[]).push({ span, uri, message, severity });
  }
}

const NO_CRITERIA: readonly MatchCriterion[] = Object.freeze([]);
const NO_INCLUDES: ReadonlyArray<{ readonly from: Span; readonly uri: string }> = Object.freeze([]);
const NO_PROBLEMS: readonly ResolveProblem[] = Object.freeze([]);

/** Whether a file has an Include line anywhere (its resolutions may read other files). */
export function hasInclude(file: ParsedFile, version: Version): boolean {
  return indexOf(file, version).includes.includes(true);
}

/** res.values.get(key), without building the map when the resolution is the analysis's own. */
export function settingOf(res: Resolution, key: string): Setting | undefined {
  return res instanceof SshResolution ? res.setting(key) : res.values.get(key);
}

/** One resolution in progress: ssh's reading of the files for one host. */
class Resolver {
  readonly res: SshResolution;
  // A cycle makes ssh recurse until the depth limit; with globs that can be a great many reads.
  budget = 2000;
  /** How often the root file was read: more than once only through an Include cycle. */
  rootWalks = 0;
  /** A `Match final` line was read (match_cfg_line sets want_final_pass even where nothing applies). */
  wantFinal = false;
  /** The second reading, with `canonical` and `final` matching. */
  finalPass = false;
  /**
   * The name Host lines are matched against: the name as typed, then in the final pass what ssh.c made
   * of HostName (%h expanded, lower-cased unless an address), which Match host sees too.
   */
  hostArg: string;

  constructor(
    readonly input: ResolveInput,
    /** Record lost lines of the root file only from..to (-1: all of them). */
    readonly lostFrom: number,
    readonly lostUntil: number,
    res: SshResolution,
  ) {
    this.res = res;
    this.hostArg = input.host;
  }

  /** `named`: the block was found under the host's name (a Host line of plain names that has it). */
  private headerActive(block: Block, idx: FileIndex, uri: string, neverMatch: boolean, named: boolean): boolean {
    const h = block.header;
    if (!h) return true;
    if (h.kind === 'match' && !this.wantFinal && !h.error && h.criteria.some((c) => c.name === 'final')) this.wantFinal = true;
    const { input } = this;
    if (input.force && input.force.uri === uri && input.force.line === h.line.line) return true;
    if (neverMatch || h.error) return false;
    if (named) return true;
    if (h.kind === 'host') {
      const matches = idx.matchers[block.index];
      return matches ? matches(this.hostArg) : hostMatches(h, this.hostArg);
    }
    const outcome = matchMatches(h, {
      originalHost: input.host,
      hostname: this.hostname(),
      user: this.res.value('user'),
      localUser: input.localUser,
      finalPass: this.finalPass,
    });
    this.res.addUnevaluated(outcome.unevaluated);
    return outcome.matches;
  }

  /** Reads one block: its Include lines always, its settings when it applies. */
  private visit(
    block: Block,
    file: ParsedFile,
    idx: FileIndex,
    depth: number,
    inherited: boolean,
    neverMatch: boolean,
    rootSpan: Span | undefined,
    named: boolean,
  ): void {
    const active = block.header ? this.headerActive(block, idx, file.uri, neverMatch, named) : inherited;
    if (!active && !idx.includes[block.index]) return;
    const { res } = this;
    const isRoot = file.uri === this.input.root.uri;
    const directives = block.directives;
    for (let k = 0; k < directives.length; k++) {
      const d = directives[k];
      if (d.key === 'include') {
        this.include(d, file, depth, active, rootSpan);
        continue;
      }
      if (!active) continue;
      const value = idx.values[d.line.line];
      if (value === undefined) continue;
      const line = d.line.line;
      // A line read twice (an Include cycle back to the root file) keeps its first place.
      res.read(d, value, file.uri, isRoot && (this.lostFrom < 0 || (line >= this.lostFrom && line <= this.lostUntil)), this.rootWalks > 1 || this.finalPass);
    }
  }

  walk(file: ParsedFile, depth: number, inherited: boolean, neverMatch: boolean, rootSpan?: Span): void {
    const { input } = this;
    const blocks = file.structure.blocks;
    if (file.uri === input.root.uri) this.rootWalks++;
    // Blocks whose every pattern is a plain name can only apply when that name is the host:
    // visit those found in the index, every other block, and the forced one, in file order.
    const idx = indexOf(file, input.version);
    const literal = idx.literal.get(this.hostArg) ?? NONE;
    const always = idx.always;
    const forced = input.force?.uri === file.uri ? blockWithHeaderAt(blocks, input.force.line) : -1;
    let i = 0;
    let j = 0;
    let forcedDone = forced < 0;
    let last = -1;
    while (i < literal.length || j < always.length || !forcedDone) {
      let next = Number.POSITIVE_INFINITY;
      if (i < literal.length) next = literal[i];
      if (j < always.length && always[j] < next) next = always[j];
      if (!forcedDone && forced < next) next = forced;
      // A block listed under the host's name matches it (its patterns are plain names).
      const named = i < literal.length && literal[i] === next;
      if (named) i++;
      if (j < always.length && always[j] === next) j++;
      if (!forcedDone && forced === next) forcedDone = true;
      if (next === last) continue;
      last = next;
      this.visit(blocks[next], file, idx, depth, inherited, neverMatch, rootSpan, named);
    }
  }

  /**
   * ssh's options->hostname at this point of the reading: HostName obtained so far with %h expanded, and in the
   * final pass the name ssh.c made of it; undefined while no HostName was read in the first pass.
   */
  hostname(): string | undefined {
    if (this.finalPass) return this.hostArg;
    const hostname = this.res.value('hostname');
    return hostname !== undefined ? expandHostname(hostname, this.input.host) : undefined;
  }

  /** The Include argument as ssh expands it at this point of the reading (readconf.c, 9.9 and later). */
  private expand(arg: string): Expansion {
    const { input, res } = this;
    if (!arg.includes('%') && !arg.includes('${')) return { path: arg };
    return expandIncludeArg(arg, input.version, {
      originalHost: input.host,
      host: this.hostname() ?? input.host,
      port: res.value('port'),
      user: res.value('user'),
      hostKeyAlias: res.value('hostkeyalias'),
      proxyJump: res.value('proxyjump'),
      local: input.env.local?.(),
      getenv: input.env.getenv,
    });
  }

  private include(d: Directive, file: ParsedFile, depth: number, active: boolean, rootSpan: Span | undefined): void {
    const { input } = this;
    const resolver = input.env.resolveInclude;
    if (!resolver || d.line.problem) return;
    for (const arg of d.line.args) {
      if (arg.value === '') continue;
      const from = rootSpan ?? arg.span;
      const expanded = this.expand(arg.value);
      if ('problem' in expanded) {
        this.res.addProblem(from, input.root.uri, expanded.problem, expanded.fatal ? 'error' : 'warning');
        if (expanded.fatal) return;
        continue;
      }
      const result = resolver(expanded.path, file.uri, input.userConfig);
      if (result.problem) this.res.addProblem(from, input.root.uri, result.problem);
      for (const f of result.files) {
        if (depth + 1 > MAX_INCLUDE_DEPTH) {
          this.res.addProblem(from, input.root.uri, 'Too many recursive configuration includes (an Include cycle?): ssh stops.');
          return;
        }
        if (--this.budget < 0) return;
        this.res.addInclude(from, f.uri);
        this.walk(input.parse(f), depth + 1, active, !active, from);
      }
    }
  }
}

/**
 * Resolves the host. `lostFrom` and `lostTo` limit `shadowed` to the root file's lines in
 * that range, when no other lost line will be asked for (the analysis of a block needs only
 * the block's own). `into` is a resolution to reuse (emptied first).
 */
export function resolveHost(input: ResolveInput, lostFrom = -1, lostTo = -1, into?: SshResolution): SshResolution {
  const r = new Resolver(input, lostFrom, lostTo, into ? into.reset(input.host) : new SshResolution(input.host));
  r.walk(input.root, 0, true, false);
  // ssh.c: a `Match final` line, or CanonicalizeHostname on, makes ssh read everything again into the
  // same options (values already obtained stay), with `canonical` and `final` now matching.
  const canonicalize = r.res.value('canonicalizehostname');
  if (r.wantFinal || (canonicalize !== undefined && canonicalize !== 'false' && canonicalize !== 'no')) {
    const host = r.hostname() ?? input.host;
    // ssh.c lower-cases the name unless it is a numeric address (is_addr).
    r.hostArg = parseAddress(host) ? host : asciiLower(host);
    r.finalPass = true;
    r.rootWalks = 0;
    r.walk(input.root, 0, true, false);
  }
  return r.res;
}
