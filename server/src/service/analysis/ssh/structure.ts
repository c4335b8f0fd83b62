/**
 * Blocks of an ssh_config: the global section, then each Host or Match line and the
 * lines up to the next one. Headers are pre-compiled so that matching a host is cheap.
 */
import { MATCH_CRITERIA, optionKey, sshClientKeyword } from '../../catalog/sshClient';
import type { KeywordSpec } from '../../catalog/types';
import { matchHostname, matchPattern, matchPatternList, patternMatcher } from '../../model/patterns';
import { atLeast, type Version } from '../../model/version';
import type { Span, SshDocument, SshToken, TokenLine } from '../../syntax/ssh';

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
  | { readonly kind: 'host'; readonly line: TokenLine; readonly patterns: readonly HostPattern[]; readonly error?: HeaderError }
  | { readonly kind: 'match'; readonly line: TokenLine; readonly criteria: readonly MatchCriterion[]; readonly error?: HeaderError };

export interface HeaderError {
  readonly message: string;
  readonly span: Span;
  /**
   * A Match line whose criteria ssh accepts but that has words left over: ssh says "keyword
   * match extra arguments at end of line" (not "Bad Match condition") and rejects the line.
   */
  readonly extraArguments?: true;
}

export interface Directive {
  readonly line: TokenLine;
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

function parseHost(line: TokenLine): Header {
  const args = line.args;
  const patterns: HostPattern[] = new Array(args.length);
  let error: HeaderError | undefined;
  for (let i = 0; i < args.length; i++) {
    const token = args[i];
    if (token.value === '' && !error) error = { message: 'keyword host empty argument', span: token.span };
    const negated = token.value.startsWith('!');
    patterns[i] = { negated, pattern: negated ? token.value.slice(1) : token.value, token };
  }
  return { kind: 'host', line, patterns, error };
}

/** The words of a Match line, as one release of ssh reads them. */
interface MatchWords {
  /** The next word; undefined where ssh gets NULL (nothing left, or an unclosed quote). */
  next(): SshToken | undefined;
  /** A comment: the rest of the line counts as read. */
  skipRest(): void;
  /** What is left unread when the criteria end (ssh: "extra arguments at end of line"). */
  leftover(): Span | undefined;
}

/** From 9.9 ssh reads the criteria from argv_split's words: the line's arguments. */
function argvWords(line: TokenLine): MatchWords {
  const args = line.args;
  let i = 0;
  return {
    next: () => (i < args.length ? args[i++] : undefined),
    skipRest: () => {
      i = args.length;
    },
    leftover: () => (i < args.length ? { line: line.line, start: args[i].span.start, end: args[args.length - 1].span.end } : undefined),
  };
}

const MATCH_WHITESPACE = ' \t\r\n';

/**
 * Before 9.9 ssh reads the criteria with strdelim() from the rest of the line as written:
 * whitespace or one `=` ends a word (a second `=` starts an empty one), a `"` quotes up to
 * the next `"` (single quotes and backslashes are ordinary characters), and at the end of
 * the line strdelim gives one empty word, then NULL.
 */
function strdelimWords(line: TokenLine): MatchWords {
  const text = line.text;
  let end = text.length;
  while (end > 1 && ' \t\r\n\f'.includes(text[end - 1])) end--;
  let pos = line.separator ? line.separator.end : (line.keyword?.span.end ?? end);
  const skip = (from: number) => {
    let i = from;
    while (i < end && MATCH_WHITESPACE.includes(text[i])) i++;
    return i;
  };
  const word = (start: number, stop: number, value: string): SshToken => ({
    raw: text.slice(start, stop),
    value,
    span: { line: line.line, start, end: stop },
  });
  return {
    next() {
      if (pos < 0) return undefined;
      const from = pos;
      let i = from;
      while (i < end && !MATCH_WHITESPACE.includes(text[i]) && text[i] !== '"' && text[i] !== '=') i++;
      if (i >= end) {
        pos = -1;
        return word(from, end, text.slice(from, end));
      }
      if (text[i] === '"') {
        const close = text.indexOf('"', i + 1);
        if (close < 0 || close >= end) {
          pos = -1;
          return undefined;
        }
        pos = skip(close + 1);
        return word(from, close + 1, text.slice(from, i) + text.slice(i + 1, close));
      }
      // Only one `=` is skipped: right after the word, or after the whitespace that ends it.
      let next = skip(i + 1);
      if (text[i] !== '=' && next < end && text[next] === '=') next = skip(next + 1);
      pos = next;
      return word(from, i, text.slice(from, i));
    },
    skipRest: () => {
      pos = -1;
    },
    leftover: () => (pos >= 0 && pos < end ? { line: line.line, start: pos, end } : undefined),
  };
}

/** From 10.0 these criteria also take their argument as `name=argument` (strprefix, any case). */
const EQUALS_CRITERIA = ['host', 'originalhost', 'user', 'localuser', 'localnetwork', 'version', 'tagged', 'command', 'exec'];

/** ssh's match_cfg_line() as far as the line's syntax goes (readconf.c, per release). */
function parseMatch(line: TokenLine, version: Version): Header {
  const criteria: MatchCriterion[] = [];
  const argv = atLeast(version, '9.9');
  const equals = atLeast(version, '10.0');
  const words = argv ? argvWords(line) : strdelimWords(line);
  let attributes = 0;
  const fail = (message: string, span: Span): Header => ({ kind: 'match', line, criteria, error: { message, span } });
  // The criteria are fine; ssh still rejects the line when words are left over.
  const done = (): Header => {
    const rest = words.leftover();
    if (!rest) return { kind: 'match', line, criteria };
    return { kind: 'match', line, criteria, error: { message: 'keyword match extra arguments at end of line', span: rest, extraArguments: true } };
  };
  for (;;) {
    const token = words.next();
    // strdelim's empty word ends the criteria; argv_split's empty word is a word.
    if (!token || (!argv && token.value === '')) break;
    if (token.value.startsWith('#')) {
      words.skipRest();
      break;
    }
    const negated = token.value.startsWith('!');
    let attrib = negated ? token.value.slice(1) : token.value;
    if (attrib.toLowerCase() === 'all') {
      const next = words.next();
      if (attributes > 1 || (next && next.value !== '' && !next.value.startsWith('#'))) {
        return fail(`'${token.value}' cannot be combined with other Match attributes`, token.span);
      }
      if (next?.value.startsWith('#')) words.skipRest();
      criteria.push({ negated, name: 'all', token });
      return done();
    }
    attributes++;
    if (attrib.toLowerCase() === 'canonical' || attrib.toLowerCase() === 'final') {
      criteria.push({ negated, name: attrib.toLowerCase(), token });
      continue;
    }
    // Every other criterion needs an argument.
    let arg: string | undefined;
    let argToken: SshToken | undefined;
    const eq = attrib.indexOf('=');
    if (equals && eq > 0 && EQUALS_CRITERIA.includes(attrib.slice(0, eq).toLowerCase())) {
      arg = attrib.slice(eq + 1);
      attrib = attrib.slice(0, eq);
      argToken = token;
    } else {
      argToken = words.next();
      if (equals && !argToken) return fail(`missing argument for Match '${token.value}'`, token.span);
      arg = argToken?.value;
    }
    const name = attrib.toLowerCase();
    // From 10.0 `tagged` and `command` may match the empty string.
    const emptyOk = equals && (name === 'tagged' || name === 'command');
    if (arg === undefined || (arg === '' && !emptyOk) || arg.startsWith('#')) return fail(`Missing Match criteria for ${attrib}`, token.span);
    const known = MATCH_CRITERIA.find((c) => c.name === name && c.takesArgument && (c.since === undefined || atLeast(version, c.since)));
    if (!known) {
      const later = MATCH_CRITERIA.find((c) => c.name === name && c.takesArgument);
      const why = later ? ` (added in OpenSSH ${later.since})` : '';
      return fail(`Unsupported Match attribute ${attrib}${why}`, token.span);
    }
    criteria.push({ negated, name, arg, token, argToken });
  }
  if (attributes === 0) return fail('One or more attributes required for Match', line.keyword?.span ?? { line: line.line, start: 0, end: 0 });
  return done();
}

/**
 * The option key of each catalog entry, made once and internalized (a property name is),
 * so that every spelling of an option shares one key string and comparing a key with a
 * literal such as 'serveraliveinterval' is comparing references.
 */
const OPTION_KEYS = new Map<KeywordSpec, string>();

function keyOf(spec: KeywordSpec): string {
  let key = OPTION_KEYS.get(spec);
  if (key === undefined) {
    key = Object.keys({ [optionKey(spec)]: 0 })[0];
    OPTION_KEYS.set(spec, key);
  }
  return key;
}

/** A directive; its keyword token is the line's, made when first read. */
class LineDirective implements Directive {
  constructor(
    readonly line: TokenLine,
    readonly spec: KeywordSpec | undefined,
    readonly key: string,
  ) {}

  get keyword(): SshToken {
    return this.line.keyword as SshToken;
  }
}

/** What a keyword spelling stands for: looked up once per spelling and analysis. */
interface KeywordInfo {
  readonly lower: string;
  readonly header: boolean;
  readonly spec: KeywordSpec | undefined;
  readonly key: string;
}

export function buildStructure(doc: SshDocument, version: Version): Structure {
  const blocks: Block[] = [];
  // A file spells each keyword a handful of ways: lower-case and look up each spelling once.
  const keywords = new Map<string, KeywordInfo>();
  let header: Header | undefined;
  // A block's directives collect here; each block keeps an array of exactly its length.
  const pending: Directive[] = [];
  let count = 0;
  let start = 0;
  let end = -1;
  // The global section has no header property at all (as it always had).
  const close = () => {
    const directives = pending.slice(0, count);
    blocks.push(header ? { index: blocks.length, header, directives, start, end } : { index: blocks.length, directives, start, end });
  };
  const lines = doc.lines;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const word = line.keywordValue;
    if (word === undefined) {
      continue;
    }
    let info = keywords.get(word);
    if (!info) {
      const lower = word.toLowerCase();
      const spec = sshClientKeyword(word);
      info = { lower, header: lower === 'host' || lower === 'match', spec, key: spec ? keyOf(spec) : lower };
      keywords.set(word, info);
    }
    if (info.header && line.problem?.code !== 'no-argument') {
      close();
      header = info.lower === 'host' ? parseHost(line) : parseMatch(line, version);
      count = 0;
      start = line.line;
      end = line.line;
      continue;
    }
    pending[count++] = new LineDirective(line, info.spec, info.key);
    end = line.line;
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
  /**
   * The final pass: ssh reads the files a second time when a `Match final` line was read or
   * CanonicalizeHostname is on; `canonical` and `final` match only then.
   */
  readonly finalPass: boolean;
}

/** How findings name a block: `Host a b`, `Match host x`, or `global section`. */
export function blockLabel(block: Block): string {
  const h = block.header;
  if (!h) return 'global section';
  let label = h.kind === 'host' ? 'Host' : 'Match';
  for (const a of h.line.args) label += ` ${a.raw}`;
  return h.line.args.length ? label : `${label} `;
}

/** `(host) => hostMatches(header, host)`, prepared once for a header matched against many hosts. */
export function hostMatcher(header: Extract<Header, { kind: 'host' }>): (host: string) => boolean {
  const negated = header.patterns.map((p) => p.negated);
  const tests = header.patterns.map((p) => patternMatcher(p.pattern));
  return (host) => {
    let active = false;
    for (let i = 0; i < tests.length; i++) {
      if (tests[i](host)) {
        if (negated[i]) return false;
        active = true;
      }
    }
    return active;
  };
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
      case 'canonical':
      case 'final':
        r = s.finalPass;
        break;
      default:
        unevaluated.push(c);
        continue;
    }
    if (r === c.negated) result = false;
  }
  return { matches: result && unevaluated.length === 0, unevaluated };
}

const FILLS = ['example', 'x', ''];

/** A host name this Host header matches, or undefined when none can (no positive pattern). */
export function representativeHost(header: Header | undefined): string | undefined {
  if (!header) return 'example';
  if (header.kind === 'host') {
    for (const p of header.patterns) {
      if (p.negated) continue;
      const pattern = p.pattern;
      if (pattern.includes('*') || pattern.includes('?')) {
        for (const fill of FILLS) {
          const name = pattern.replace(/\*/g, fill).replace(/\?/g, 'x');
          if (name !== '' && hostMatches(header, name)) return name;
        }
      } else if (pattern !== '' && hostMatches(header, pattern)) {
        // A plain name is its own representative (every fill leaves it as it is).
        return pattern;
      }
    }
    return undefined;
  }
  const positives = header.criteria
    .filter((c) => (c.name === 'host' || c.name === 'originalhost') && !c.negated)
    .flatMap((c) => (c.arg ?? '').split(',').filter((x) => !x.startsWith('!')));
  if (positives.length === 0) return 'example';
  for (const p of positives) {
    for (const fill of FILLS) {
      const name = p.replace(/\*/g, fill).replace(/\?/g, 'x');
      if (name !== '') return name;
    }
  }
  return undefined;
}
