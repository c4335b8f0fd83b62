/**
 * Effective values for one host, exactly as ssh resolves them (readconf.c): lines are read
 * in order, Host and Match lines switch the following lines on or off, and for each option
 * the first value obtained wins. Include reads other files in place; inside a block that
 * does not apply, the included files are read but nothing in them applies.
 */
import type { KeywordSpec } from '../../catalog/types';
import { parseSshInt, parseSshTime } from '../../model/duration';
import type { Version } from '../../model/version';
import type { Span } from '../../syntax/ssh';
import type { Environment, IncludedFile } from '../types';
import { type Block, type Directive, hostMatches, type MatchCriterion, matchMatches, type Structure } from './structure';

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
  readonly problems: ReadonlyArray<{ readonly span: Span; readonly uri: string; readonly message: string }>;
}

/** The value as ssh stores it, or undefined when the line leaves the option unset or is invalid. */
export function normalizedValue(spec: KeywordSpec, args: readonly string[], version: Version): string | undefined {
  const v = args[0];
  if (v === undefined) return undefined;
  switch (spec.value.type) {
    case 'time': {
      if (v === 'none') return undefined;
      const t = parseSshTime(v, version);
      return t.ok ? String(t.seconds) : undefined;
    }
    case 'int': {
      const n = parseSshInt(v, spec.value.min, spec.value.max);
      return n.ok ? String(n.value) : undefined;
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
      return args.join(' ');
  }
}

/**
 * Per-file facts every resolution needs, computed once: which blocks a literal host name
 * can activate (Host lines made only of plain, positive patterns), which blocks must be
 * evaluated for every host (wildcards, negations, Match, the global section, blocks with
 * an Include), and each directive's value as ssh stores it.
 */
interface FileIndex {
  readonly literal: ReadonlyMap<string, readonly number[]>;
  readonly always: readonly number[];
  readonly values: ReadonlyMap<Directive, string | undefined>;
  /** Block index by the line of its header. */
  readonly byHeaderLine: ReadonlyMap<number, number>;
}

const INDEXES = new WeakMap<ParsedFile, FileIndex>();

function indexOf(file: ParsedFile, version: Version): FileIndex {
  let idx = INDEXES.get(file);
  if (idx) return idx;
  const literal = new Map<string, number[]>();
  const always: number[] = [];
  const values = new Map<Directive, string | undefined>();
  const byHeaderLine = new Map<number, number>();
  for (const block of file.structure.blocks) {
    const h = block.header;
    if (h) byHeaderLine.set(h.line.line, block.index);
    const plain = h?.kind === 'host' && !h.error && h.patterns.every((p) => !p.negated && !/[*?]/.test(p.pattern));
    const hasInclude = block.directives.some((d) => d.key === 'include');
    if (plain && !hasInclude) {
      for (const p of new Set(h.patterns.map((x) => x.pattern))) {
        const list = literal.get(p);
        if (list) list.push(block.index);
        else literal.set(p, [block.index]);
      }
    } else {
      always.push(block.index);
    }
    for (const d of block.directives) {
      if (d.spec && !STRUCTURAL.has(d.key) && !d.line.problem)
        values.set(
          d,
          normalizedValue(
            d.spec,
            d.line.args.map((a) => a.value),
            version,
          ),
        );
    }
  }
  idx = { literal, always, values, byHeaderLine };
  INDEXES.set(file, idx);
  return idx;
}

/** Ascending merge of two ascending lists, without duplicates. */
function mergeSorted(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = j >= b.length || (i < a.length && a[i] < b[j]) ? a[i++] : b[j++];
    if (out[out.length - 1] !== x) out.push(x);
  }
  return out;
}

function expandHostname(value: string, host: string): string {
  return value.replace(/%([%h])/g, (_m, c: string) => (c === '%' ? '%' : host));
}

export function resolveHost(input: ResolveInput): Resolution {
  const values = new Map<string, Setting>();
  const shadowed = new Map<number, Setting>();
  const unevaluated: MatchCriterion[] = [];
  const includes: Array<{ from: Span; uri: string }> = [];
  const problems: Array<{ span: Span; uri: string; message: string }> = [];
  // A cycle makes ssh recurse until the depth limit; with globs that can be a great many reads.
  let budget = 2000;

  const apply = (d: Directive, uri: string, idx: FileIndex) => {
    const value = idx.values.get(d);
    if (value === undefined || ACCUMULATING.has(d.key)) return;
    const earlier = values.get(d.key);
    if (earlier) {
      if (uri === input.root.uri) shadowed.set(d.line.line, earlier);
      return;
    }
    values.set(d.key, { key: d.key, value, directive: d, uri });
  };

  const headerActive = (block: Block, uri: string, neverMatch: boolean): boolean => {
    const h = block.header;
    if (!h) return true;
    if (input.force && input.force.uri === uri && input.force.line === h.line.line) return true;
    if (neverMatch || h.error) return false;
    if (h.kind === 'host') return hostMatches(h, input.host);
    const hostname = values.get('hostname');
    const user = values.get('user');
    const outcome = matchMatches(h, {
      originalHost: input.host,
      hostname: hostname ? expandHostname(hostname.value, input.host) : undefined,
      user: user?.value,
      localUser: input.localUser,
    });
    unevaluated.push(...outcome.unevaluated);
    return outcome.matches;
  };

  const walk = (file: ParsedFile, depth: number, inherited: boolean, neverMatch: boolean, rootSpan?: Span) => {
    const blocks = file.structure.blocks;
    // Blocks whose every pattern is a plain name can only apply when that name is the host:
    // visit those found in the index, and every other block, in file order.
    const idx = indexOf(file, input.version);
    let order = mergeSorted(idx.literal.get(input.host) ?? [], idx.always);
    if (input.force?.uri === file.uri) {
      const forced = idx.byHeaderLine.get(input.force.line);
      if (forced !== undefined) order = mergeSorted(order, [forced]);
    }
    for (const i of order) {
      const block = blocks[i];
      const active = block.header ? headerActive(block, file.uri, neverMatch) : inherited;
      for (const d of block.directives) {
        if (d.key === 'include') {
          include(d, file, depth, active, rootSpan);
        } else if (active) {
          apply(d, file.uri, idx);
        }
      }
    }
  };

  const include = (d: Directive, file: ParsedFile, depth: number, active: boolean, rootSpan: Span | undefined) => {
    const resolver = input.env.resolveInclude;
    if (!resolver || d.line.problem) return;
    for (const arg of d.line.args) {
      if (arg.value === '') continue;
      const result = resolver(arg.value, file.uri, input.userConfig);
      const from = rootSpan ?? arg.span;
      if (result.problem) problems.push({ span: from, uri: input.root.uri, message: result.problem });
      for (const f of result.files) {
        if (depth + 1 > MAX_INCLUDE_DEPTH) {
          problems.push({ span: from, uri: input.root.uri, message: 'Too many recursive configuration includes (an Include cycle?): ssh stops.' });
          return;
        }
        if (--budget < 0) return;
        includes.push({ from, uri: f.uri });
        walk(input.parse(f), depth + 1, active, !active, from);
      }
    }
  };

  walk(input.root, 0, true, false);
  return { host: input.host, values, shadowed, unevaluated, includes, problems };
}
