/**
 * Blocks of an ssh_config: the global section, then each Host or Match line and the
 * lines up to the next one. Headers are pre-compiled so that matching a host is cheap.
 */
import { MATCH_CRITERIA, optionKey, sshClientKeyword } from '../../catalog/sshClient';
import type { KeywordSpec } from '../../catalog/types';
import { matchHostname, matchPattern, matchPatternList } from '../../model/patterns';
import { atLeast, type Version } from '../../model/version';
import type { Span, SshDocument, SshLine, SshToken } from '../../syntax/ssh';

export interface HostPattern {
  readonly negated: boolean;
  readonly pattern: string;
  readonly token: SshToken;
}

export interface MatchCriterion {
  readonly negated: boolean;
  /** Lower-cased attribute name (`host`, `user`, `all`, `exec`). */
  readonly name: string;
  readonly arg?: string;
  readonly token: SshToken;
  readonly argToken?: SshToken;
}

export type Header =
  | { readonly kind: 'host'; readonly line: SshLine; readonly patterns: readonly HostPattern[]; readonly error?: HeaderError }
  | { readonly kind: 'match'; readonly line: SshLine; readonly criteria: readonly MatchCriterion[]; readonly error?: HeaderError };

export interface HeaderError {
  readonly message: string;
  readonly span: Span;
}

export interface Directive {
  readonly line: SshLine;
  readonly keyword: SshToken;
  readonly spec?: KeywordSpec;
  /** The option the directive sets (aliases resolved), lower-case. */
  readonly key: string;
}

export interface Block {
  readonly index: number;
  readonly header?: Header;
  readonly directives: readonly Directive[];
  /** First line of the block (the header, or 0 for the global section). */
  readonly start: number;
  /** Last non-blank line that belongs to the block. */
  readonly end: number;
}

export interface Structure {
  readonly doc: SshDocument;
  readonly blocks: readonly Block[];
}

function parseHost(line: SshLine): Header {
  const patterns: HostPattern[] = [];
  let error: HeaderError | undefined;
  for (const token of line.args) {
    if (token.value === '' && !error) error = { message: 'keyword host empty argument', span: token.span };
    const negated = token.value.startsWith('!');
    patterns.push({ negated, pattern: negated ? token.value.slice(1) : token.value, token });
  }
  return { kind: 'host', line, patterns, error };
}

/** Before 10.0 ssh read Match criteria with strdelim, which also splits at `=`. */
function splitAtEquals(args: readonly SshToken[]): SshToken[] {
  const out: SshToken[] = [];
  for (const t of args) {
    if (!t.value.includes('=')) {
      out.push(t);
      continue;
    }
    for (const part of t.value.split('=')) if (part !== '') out.push({ raw: part, value: part, span: t.span });
  }
  return out;
}

function parseMatch(line: SshLine, version: Version): Header {
  const criteria: MatchCriterion[] = [];
  const supportsEquals = atLeast(version, '10.0');
  const args = supportsEquals ? line.args : splitAtEquals(line.args);
  let attributes = 0;
  const fail = (message: string, span: Span): Header => ({ kind: 'match', line, criteria, error: { message, span } });
  for (let i = 0; i < args.length; i++) {
    const token = args[i];
    const negated = token.value.startsWith('!');
    let name = (negated ? token.value.slice(1) : token.value).toLowerCase();
    let arg: string | undefined;
    let argToken: SshToken | undefined;
    if (name === 'all') {
      if (attributes > 1 || i + 1 < args.length) {
        return fail(`'${token.value}' cannot be combined with other Match attributes`, token.span);
      }
      criteria.push({ negated, name, token });
      return { kind: 'match', line, criteria };
    }
    attributes++;
    const eq = name.indexOf('=');
    if (supportsEquals && eq > 0 && MATCH_CRITERIA.some((c) => c.name === name.slice(0, eq) && c.takesArgument)) {
      const raw = negated ? token.value.slice(1) : token.value;
      arg = raw.slice(eq + 1);
      name = name.slice(0, eq);
      argToken = token;
    }
    const known = MATCH_CRITERIA.find((c) => c.name === name && (c.since === undefined || atLeast(version, c.since)));
    if (!known) {
      const later = MATCH_CRITERIA.find((c) => c.name === name);
      const why = later ? ` (added in OpenSSH ${later.since})` : '';
      return fail(`Unsupported Match attribute ${name}${why}`, token.span);
    }
    if (known.takesArgument && arg === undefined) {
      argToken = args[i + 1];
      if (!argToken || argToken.value === '') return fail(`Missing Match criteria for ${name}`, token.span);
      arg = argToken.value;
      i++;
    }
    criteria.push({ negated, name, arg, token, argToken });
  }
  if (attributes === 0) return fail('One or more attributes required for Match', line.keyword?.span ?? { line: line.line, start: 0, end: 0 });
  return { kind: 'match', line, criteria };
}

export function buildStructure(doc: SshDocument, version: Version): Structure {
  const blocks: Block[] = [];
  let current: { header?: Header; directives: Directive[]; start: number; end: number } = { directives: [], start: 0, end: -1 };
  const close = () => blocks.push({ index: blocks.length, ...current });
  for (const line of doc.lines) {
    const kw = line.keyword;
    if (!kw) {
      continue;
    }
    const lower = kw.value.toLowerCase();
    if ((lower === 'host' || lower === 'match') && line.problem?.code !== 'no-argument') {
      close();
      const header = lower === 'host' ? parseHost(line) : parseMatch(line, version);
      current = { header, directives: [], start: line.line, end: line.line };
      continue;
    }
    const spec = sshClientKeyword(kw.value);
    current.directives.push({ line, keyword: kw, spec, key: spec ? optionKey(spec) : lower });
    current.end = line.line;
  }
  close();
  // Comment lines directly after a block's last directive belong to the next block's
  // preamble, not to it; `end` is therefore the last keyword line (or the header).
  return { doc, blocks };
}

/** The state Match criteria are evaluated against, as ssh has it at that line. */
export interface MatchState {
  /** The name typed on the command line. */
  readonly originalHost: string;
  /** HostName set so far (with %h expanded), if any. */
  readonly hostname?: string;
  /** User set so far, if any. */
  readonly user?: string;
  readonly localUser: string;
}

export function hostMatches(header: Extract<Header, { kind: 'host' }>, host: string): boolean {
  let active = false;
  for (const p of header.patterns) {
    if (matchPattern(host, p.pattern)) {
      if (p.negated) return false;
      active = true;
    }
  }
  return active;
}

export interface MatchOutcome {
  readonly matches: boolean;
  /** Criteria we do not evaluate (exec, localnetwork, ...): assumed not to match. */
  readonly unevaluated: readonly MatchCriterion[];
}

export function matchMatches(header: Extract<Header, { kind: 'match' }>, s: MatchState): MatchOutcome {
  if (header.error) return { matches: false, unevaluated: [] };
  let result = true;
  const unevaluated: MatchCriterion[] = [];
  const host = s.hostname ?? s.originalHost;
  for (const c of header.criteria) {
    let r: boolean;
    switch (c.name) {
      case 'all':
        return { matches: result && !c.negated, unevaluated };
      case 'host':
        r = matchHostname(host, c.arg ?? '') === 1;
        break;
      case 'originalhost':
        r = matchHostname(s.originalHost, c.arg ?? '') === 1;
        break;
      case 'user':
        r = matchPatternList(s.user ?? s.localUser, c.arg ?? '', false) === 1;
        break;
      case 'localuser':
        r = matchPatternList(s.localUser, c.arg ?? '', false) === 1;
        break;
      default:
        unevaluated.push(c);
        continue;
    }
    if (r === c.negated) result = false;
  }
  return { matches: result && unevaluated.length === 0, unevaluated };
}

/** A host name this Host header matches, or undefined when none can (no positive pattern). */
export function representativeHost(header: Header | undefined): string | undefined {
  if (!header) return 'example';
  const positives =
    header.kind === 'host'
      ? header.patterns.filter((p) => !p.negated).map((p) => p.pattern)
      : header.criteria
          .filter((c) => (c.name === 'host' || c.name === 'originalhost') && !c.negated)
          .flatMap((c) => (c.arg ?? '').split(',').filter((x) => !x.startsWith('!')));
  if (header.kind === 'match' && positives.length === 0) return 'example';
  for (const p of positives) {
    for (const fill of ['example', 'x', '']) {
      const name = p.replace(/\*/g, fill).replace(/\?/g, 'x');
      if (name === '') continue;
      if (header.kind === 'host' ? hostMatches(header, name) : true) return name;
    }
  }
  return undefined;
}
