/**
 * sshd_config lines as sshd reads them (servconf.c: process_server_config_line_depth, match_cfg_line):
 * the same tokenizer as ssh_config, a global section and Match blocks, each line checked the way the
 * parser checks it. What is checked here does not depend on a connection.
 */
import {
  allSshServerKeywords,
  SSHD_MATCH_CRITERIA,
  SSHD_MATCH_KEY_VALUE_SINCE,
  type SshdKeywordSpec,
  sshdKeywordAt,
  sshdOptionKey,
  sshServerKeyword,
} from '../../catalog/sshServer';
import { addrMatchList } from '../../model/addrMatch';
import { parseSshInt, parseSshTime } from '../../model/duration';
import { closestKeywords } from '../../model/editDistance';
import { matchPatternList } from '../../model/patterns';
import { atLeast, formatVersion, type Version } from '../../model/version';
import { type Span, type SshDocument, type TokenLine, tokenize } from '../../syntax/ssh';
import type { Draft } from '../types';
import { type MoveOutOfMatch, moveOutOfMatch } from './edits';
import type { SshdCode } from './rules';
import { readMaxStartups, readPerSourceMaxStartups, readPerSourceNetBlockSize, sshdRefusesEmpty } from './values';

/** One criterion of a Match line. */
export interface SshdCriterion {
  /** Lower case (`user`, `address`, `invalid-user`). */
  readonly name: string;
  /** The pattern or value; empty for `invalid-user`, which takes none. */
  readonly arg: string;
  readonly span: Span;
  /**
   * `version` only: whether sshd's own release string (SSH_RELEASE) matches the pattern list. It does not depend
   * on the connection; undefined when the release number alone does not decide it (see releaseStrings).
   */
  readonly release?: boolean;
  /**
   * `invalid-user` in 9.9 only: 9.9p1 lets the criterion pass when there is no connection (the start reading),
   * so a line of only Invalid-User criteria is active at start; 9.9p2 fixed it. The release number cannot tell.
   */
  readonly startDependsOnPatch?: true;
}

export interface SshdMatchHeader {
  readonly line: TokenLine;
  /** `Match all`: applies to every connection, and in the main reading too. */
  readonly all: boolean;
  readonly criteria: readonly SshdCriterion[];
  /** sshd stops with "Bad Match condition". */
  readonly error?: string;
}

/** A line that sets an option. */
export interface SshdDirective {
  readonly line: TokenLine;
  readonly spec: SshdKeywordSpec;
  /** The option it sets (aliases resolved), lower case as `sshd -T` names it. */
  readonly key: string;
  /** The value as `sshd -T` prints it, when the line is valid. */
  readonly value?: string;
  /** The release allows the keyword in a Match block (so a Match value replaces the start value). */
  readonly matchable: boolean;
}

export type SshdItem =
  | { readonly kind: 'set'; readonly d: SshdDirective }
  | { readonly kind: 'include'; readonly line: TokenLine; readonly args: readonly string[] };

export interface SshdSection {
  /** Absent for the global section (the lines before the first Match). */
  readonly header?: SshdMatchHeader;
  readonly start: number;
  /** Last line (inclusive). */
  readonly end: number;
  readonly items: readonly SshdItem[];
}

export interface SshdFile {
  readonly uri: string;
  readonly doc: SshDocument;
  readonly sections: readonly SshdSection[];
  readonly drafts: readonly Draft<SshdCode>[];
}

const SERVICES: Readonly<Record<string, number>> = { ssh: 22 };

const MATCH_NAMES = new Map(SSHD_MATCH_CRITERIA.map((c) => [c.name.toLowerCase(), c]));

/** The keywords of a release's table closest to a misspelt one. */
function sshdDidYouMean(word: string, version: Version): string[] {
  const names = allSshServerKeywords()
    .filter((k) => sshdKeywordAt(k, version).known && k.status !== 'patch')
    .map((k) => k.name);
  return closestKeywords(word, names);
}

/** A line's keyword and arguments (its comment left out). */
export function lineSpan(l: TokenLine): Span {
  const kw = l.keyword?.span;
  const end = l.argCount > 0 ? l.argEnd(l.argCount - 1) : (kw?.end ?? l.text.length);
  return { line: l.line, start: kw?.start ?? 0, end };
}

/** Since this release the Match line is split with the argv tokeniser: words end at blanks only, `=` is no delimiter. */
const MATCH_ARGV_SINCE = '9.9';

/** The criteria written `name=value` since 10.0 (servconf.c keeps the list "in sync with below"). */
const KEY_VALUE = new Set(SSHD_MATCH_CRITERIA.filter((c) => c.takesArgument).map((c) => c.name.toLowerCase()));

/**
 * SSH_RELEASE (version.h) of the builds of a release: the portable `OpenSSH_10.0p1` or `p2`, to which Debian and
 * Ubuntu packages append their own version (`OpenSSH_9.2p1 Debian-2+deb12u10`, as `ssh -V` prints it).
 */
function releaseStrings(v: Version): string[] {
  const base = `OpenSSH_${v.major}.${v.minor}`;
  return ['p1', 'p2'].flatMap((p) => [`${base}${p}`, `${base}${p} Debian-1`, `${base}${p} Ubuntu-1ubuntu1`]);
}

/**
 * `Match Version`: match_pattern_list(SSH_RELEASE, arg, 0), case-sensitive. Decided when every release string a
 * build of the release can carry gives the same answer (`OpenSSH_10.*`); undefined when it depends on the build
 * (`OpenSSH_10.0p2`, or `OpenSSH_10.0p1`, which a Debian build's `OpenSSH_10.0p1 Debian-5` does not match).
 */
export function sshdReleaseMatches(version: Version, list: string): boolean | undefined {
  const answers = new Set(releaseStrings(version).map((r) => matchPatternList(r, list, false) === 1));
  return answers.size === 1 ? answers.has(true) : undefined;
}

/**
 * Whether the start reading (no connection: match_cfg_line with ci NULL) takes a Match line as active: `all`,
 * and a line of only Version criteria that match sshd's release; every other criterion fails there (and in
 * 9.9p1 only, Invalid-User passes). undefined: it depends on what the release number does not tell.
 */
export function activeAtStart(h: SshdMatchHeader): boolean | undefined {
  if (h.error) return false;
  if (h.all) return true;
  let unknown = false;
  for (const c of h.criteria) {
    if (c.name === 'version' && c.release !== undefined) {
      if (!c.release) return false;
    } else if (c.name === 'version' || (c.name === 'invalid-user' && c.startDependsOnPatch)) unknown = true;
    else return false;
  }
  return unknown ? undefined : true;
}

/** The words of a Match line: strdelim's before 9.9 (a word also ends at one `=`), whole blank-separated words since. */
function matchWords(l: TokenLine, version: Version): Array<{ value: string; span: Span }> {
  if (atLeast(version, MATCH_ARGV_SINCE)) return l.args.map((a) => ({ value: a.value, span: a.span }));
  // strdelim: words end at blanks or one `=` (`User= root`, `LocalPort = 22`).
  const words: Array<{ value: string; span: Span }> = [];
  for (const a of l.args) {
    if (a.value === '=') continue;
    const v = a.value.length > 1 && a.value.endsWith('=') && !a.value.slice(0, -1).includes('=') ? a.value.slice(0, -1) : a.value;
    words.push({ value: v.length > 1 && v.startsWith('=') ? v.slice(1) : v, span: a.span });
  }
  return words;
}

/** match_cfg_line's syntax (the connection is looked at by the resolution). */
function parseMatch(l: TokenLine, version: Version): SshdMatchHeader {
  const words = matchWords(l, version);
  const argv = atLeast(version, MATCH_ARGV_SINCE);
  const keyValue = atLeast(version, SSHD_MATCH_KEY_VALUE_SINCE);
  const criteria: SshdCriterion[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w.value.startsWith('#')) break;
    let name = w.value;
    let arg: string | undefined;
    const eq = name.indexOf('=');
    if (eq > 0) {
      const prefix = name.slice(0, eq).toLowerCase();
      // Before 9.9 strdelim splits every `name=value`; 9.9 splits none; 10.0 the criteria that take a value.
      if (argv ? keyValue && KEY_VALUE.has(prefix) : MATCH_NAMES.has(prefix)) {
        arg = name.slice(eq + 1);
        name = name.slice(0, eq);
      }
    }
    const lower = name.toLowerCase();
    if (lower === 'all') {
      const next = arg ?? words[i + 1]?.value;
      if (criteria.length > 0 || (next !== undefined && next !== '' && !next.startsWith('#'))) {
        return { line: l, all: false, criteria, error: "'all' cannot be combined with other Match attributes" };
      }
      return { line: l, all: true, criteria };
    }
    // Invalid-User takes no argument (since 9.9; before, it is an unknown criterion that wants one).
    if (lower === 'invalid-user' && arg === undefined && atLeast(version, MATCH_NAMES.get(lower)?.since ?? '9.9')) {
      criteria.push({ name: lower, arg: '', span: w.span, ...(version.major === 9 && version.minor === 9 ? { startDependsOnPatch: true as const } : {}) });
      continue;
    }
    if (arg === undefined) {
      const next = words[++i];
      arg = next?.value;
    }
    if (arg === undefined || arg === '' || arg.startsWith('#')) return { line: l, all: false, criteria, error: `Missing Match criteria for ${name}` };
    const known = MATCH_NAMES.get(lower);
    if (!known || (known.since !== undefined && !atLeast(version, known.since))) {
      return { line: l, all: false, criteria, error: `Unsupported Match attribute ${argv ? w.value : name}` };
    }
    if (lower === 'localport') {
      // a2port: a number up to 65535, or a service name (getservbyname; only the ssh service is known here).
      const port = SERVICES[arg] ?? (/^\d+$/.test(arg) && Number(arg) <= 65535 ? Number(arg) : -1);
      if (port < 0) return { line: l, all: false, criteria, error: `Invalid LocalPort '${arg}' on Match line` };
      criteria.push({ name: lower, arg: String(port), span: w.span });
      continue;
    }
    if ((lower === 'address' || lower === 'localaddress') && addrMatchList(undefined, arg) !== 0) {
      return { line: l, all: false, criteria, error: `Invalid Match ${lower} argument '${arg}'` };
    }
    if (lower === 'version') {
      const release = sshdReleaseMatches(version, arg);
      criteria.push({ name: lower, arg, span: w.span, ...(release === undefined ? {} : { release }) });
      continue;
    }
    criteria.push({ name: lower, arg, span: w.span });
  }
  if (criteria.length === 0) return { line: l, all: false, criteria, error: 'One or more attributes required for Match' };
  return { line: l, all: false, criteria };
}

/** The arguments of a line before its comment. */
function words(l: TokenLine): string[] {
  const out: string[] = [];
  for (let i = 0; i < l.argCount; i++) {
    const a = l.argValue(i);
    if (a.startsWith('#')) break;
    out.push(a);
  }
  return out;
}

export const SUBSYSTEM_SYNTAX = 'A Subsystem line names the subsystem, then the command that serves it.';

/** From this release sshd checks a Subsystem line's command before it looks at anything else (4e0f2dee5, 0b98be75d). */
const SUBSYSTEM_COMMAND_FIRST_SINCE = '10.3';

/**
 * The command of a Subsystem line ('' when it has none). Before 10.3 sshd looks for it only when the line applies
 * and names a subsystem not yet defined, and then stops with "Missing subsystem command." (resolve.ts).
 */
export function subsystemCommand(d: SshdDirective): string {
  return words(d.line)[1] ?? '';
}

/** The value `sshd -T` prints for a valid line, or the finding that stops sshd. */
function readValue(l: TokenLine, spec: SshdKeywordSpec, version: Version, out: Draft<SshdCode>[]): string | undefined {
  const view = sshdKeywordAt(spec, version);
  const key = sshdOptionKey(spec);
  const v = l.argValue(0);
  const argSpan = l.args[0].span;
  const single = (): boolean => {
    if (l.argCount > 1 && !l.argValue(1).startsWith('#')) {
      out.push({
        code: 'sshd/extra-arguments',
        message: `keyword ${l.keyword?.value} extra arguments at end of line: ${spec.name} takes one value.`,
        span: { line: l.line, start: l.args[1].span.start, end: l.argEnd(l.argCount - 1) },
        fixes: [],
      });
      return false;
    }
    return true;
  };
  // Subsystem NAME COMMAND [ARGUMENT ...]: the name, then the command line, as `sshd -T` prints them.
  if (key === 'subsystem') {
    const [name, command = ''] = words(l);
    if (name === '' || (command === '' && atLeast(version, SUBSYSTEM_COMMAND_FIRST_SINCE))) {
      out.push({
        code: 'sshd/missing-argument',
        message: `${name === '' ? 'Subsystem with an empty name' : `Subsystem '${name}' has no command`}: sshd stops ("${l.keyword?.value} missing argument."). ${SUBSYSTEM_SYNTAX}`,
        span: lineSpan(l),
        fixes: [],
      });
      return undefined;
    }
    return command === '' ? name : words(l).join(' ');
  }
  // sscanf's reading, and what sshd -T prints for it (one number N is N:30:N).
  if (key === 'maxstartups') {
    const r = readMaxStartups(v, version);
    if (!r) {
      out.push({
        code: 'sshd/invalid-value',
        message: `Invalid MaxStartups spec "${v}": sshd stops (start:rate:full with 0 < start <= full and a rate of 1 to 100, or one number above 0).`,
        span: argSpan,
        fixes: [],
      });
      return undefined;
    }
    return single() ? r.printed : undefined;
  }
  if (key === 'persourcemaxstartups') {
    const r = readPerSourceMaxStartups(v);
    if (!r.ok) {
      out.push({
        code: 'sshd/invalid-value',
        message: `${spec.name} integer value ${r.error}: "${v}" (a number from 0, or none in lower case)`,
        span: argSpan,
        fixes: [],
      });
      return undefined;
    }
    return single() ? r.printed : undefined;
  }
  if (key === 'persourcenetblocksize') {
    const r = readPerSourceNetBlockSize(v, version);
    if (r === undefined) {
      out.push({
        code: 'sshd/invalid-value',
        message: `Invalid PerSourceNetBlockSize spec "${v}": sshd stops (ipv4bits[:ipv6bits], 0 to 32 and 0 to 128).`,
        span: argSpan,
        fixes: [],
      });
      return undefined;
    }
    return single() ? r : undefined;
  }
  // `none` is kept apart from `0` (both print as none): only the word replaces an earlier value.
  if (key === 'unusedconnectiontimeout' && v.toLowerCase() === 'none') return single() ? 'none' : undefined;
  if (key === 'channeltimeout') {
    const args = words(l);
    // 9.2 refuses `none` with arguments after it (its position counter never moves, so a last `none` passes).
    if (args.slice(0, -1).some((a) => a.toLowerCase() === 'none')) {
      out.push({ code: 'sshd/invalid-value', message: `keyword ${l.keyword?.value} "none" argument must appear alone.`, span: lineSpan(l), fixes: [] });
      return undefined;
    }
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a.toLowerCase() === 'none') continue;
      const eq = a.indexOf('=');
      const t = eq > 0 ? parseSshTime(a.slice(eq + 1), version) : { ok: false as const };
      if (!t.ok) {
        out.push({ code: 'sshd/invalid-value', message: `invalid channel timeout ${a}`, span: l.args[i].span, fixes: [] });
        return undefined;
      }
    }
    return args.join(' ');
  }
  switch (view.value.type) {
    case 'time': {
      const t = parseSshTime(v, version);
      if (!t.ok) {
        out.push({ code: 'sshd/invalid-value', message: `invalid time value "${v}": sshd stops ("invalid time value.")`, span: argSpan, fixes: [] });
        return undefined;
      }
      return single() ? String(t.seconds) : undefined;
    }
    case 'int': {
      const n = parseSshInt(v, view.value.min, view.value.max);
      if (!n.ok) {
        out.push({ code: 'sshd/invalid-value', message: `${spec.name} integer value ${n.error}: "${v}"`, span: argSpan, fixes: [] });
        return undefined;
      }
      return single() ? String(n.value) : undefined;
    }
    case 'flag':
    case 'choice': {
      const values = view.value.type === 'flag' ? ['yes', 'no'] : view.value.values;
      const hit = values.find((x) => x.toLowerCase() === v.toLowerCase());
      if (!hit) {
        out.push({ code: 'sshd/invalid-value', message: `unsupported option "${v}" for ${spec.name} (${values.join(', ')})`, span: argSpan, fixes: [] });
        return undefined;
      }
      return single() ? hit.toLowerCase() : undefined;
    }
    case 'text':
      return single() ? v : undefined;
    default:
      return undefined;
  }
}

/** Reads a file: its sections and the findings that do not depend on a connection. */
export function readSshd(uri: string, text: string, version: Version): SshdFile {
  const doc = tokenize(text);
  const drafts: Draft<SshdCode>[] = [];
  const sections: SshdSection[] = [];
  let current: { header?: SshdMatchHeader; start: number; items: SshdItem[] } = { start: 0, items: [] };
  const close = (end: number) => sections.push({ header: current.header, start: current.start, end, items: current.items });
  /** The lines to move out of their Match block, by draft: their fix is laid out once every Match line is known. */
  const moves = new Map<number, Omit<MoveOutOfMatch, 'headers'>>();
  for (const l of doc.lines) {
    const kw = l.keyword;
    if (!kw) continue;
    const word = kw.value;
    if (l.problem) {
      const p = l.problem;
      if (p.code === 'no-argument')
        drafts.push({ code: 'sshd/missing-argument', message: `no argument after keyword "${word}": sshd stops.`, span: p.span, fixes: [] });
      else drafts.push({ code: 'sshd/invalid-quotes', message: 'invalid quotes: sshd stops.', span: p.span, fixes: [] });
      continue;
    }
    const lower = word.toLowerCase();
    if (lower === 'match') {
      close(l.line - 1);
      const header = parseMatch(l, version);
      if (header.error) drafts.push({ code: 'sshd/bad-match', message: `Bad Match condition: ${header.error}`, span: lineSpan(l), fixes: [] });
      current = { header, start: l.line, items: [] };
      continue;
    }
    const spec = sshServerKeyword(word);
    const view = spec ? sshdKeywordAt(spec, version) : undefined;
    if (!spec || !view?.known) {
      const later = spec?.since !== undefined && !atLeast(version, spec.since);
      const removed = spec?.removedIn !== undefined && atLeast(version, spec.removedIn);
      const near = sshdDidYouMean(word, version);
      drafts.push({
        code: 'sshd/unknown-keyword',
        message: later
          ? `OpenSSH ${formatVersion(version)} does not know ${spec?.name} (added in ${spec?.since}): sshd stops with "Bad configuration option: ${word}".`
          : removed
            ? `OpenSSH ${formatVersion(version)} no longer knows ${spec?.name} (removed in ${spec?.removedIn}): sshd stops with "Bad configuration option: ${word}".`
            : `Bad configuration option: ${word}${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}: sshd stops.`,
        span: kw.span,
        fixes: near.map((n, i) => ({ kind: 'replace', title: `Change to ${n}`, span: kw.span, text: n, preferred: i === 0 })),
      });
      continue;
    }
    // sshd refuses the keyword in a block the start reading does not take as active (only there does it apply).
    const atStart = current.header ? activeAtStart(current.header) : true;
    if (current.header && atStart !== true && !view.match) {
      const globalEnd = sections.length > 0 ? sections[0].end : l.line - 1;
      const stops =
        atStart === undefined
          ? "sshd stops unless the Match line holds when sshd starts, which depends on the build's release string (Debian and Ubuntu append their package version) or patch level."
          : 'sshd stops.';
      moves.set(drafts.length, {
        title: `Move ${spec.name} before the first Match block`,
        line: l.line,
        key: sshdOptionKey(spec),
        header: current.start,
        lastGlobal: lastDirectiveLine(doc, globalEnd),
      });
      drafts.push({
        code: 'sshd/not-allowed-in-match',
        message: `Directive '${word}' is not allowed within a Match block: ${stops} ${spec.name} applies to the whole server; set it before the first Match line.`,
        span: kw.span,
        fixes: [],
      });
      continue;
    }
    if (view.status === 'deprecated' || view.status === 'unsupported') {
      drafts.push({
        code: 'sshd/deprecated',
        message: `${view.status === 'deprecated' ? 'Deprecated' : 'Unsupported'} option ${word}: sshd ignores the line (and logs that it does).`,
        span: kw.span,
        fixes: [{ kind: 'deleteLines', title: 'Remove the line', from: l.line, to: l.line }],
        unnecessary: true,
      });
      continue;
    }
    const key = sshdOptionKey(spec);
    // Only a comment after the keyword (`Port #22`): the line has text after the keyword, so it passes sshd's "no
    // argument" check, but the handler finds no argument. An empty quoted word is no value either.
    if (l.argCount === 0 || (view.value.type === 'text' && l.argValue(0) === '')) {
      if (view.status !== 'ignored' && sshdRefusesEmpty(key, version)) {
        drafts.push({
          code: 'sshd/missing-argument',
          message:
            l.argCount === 0
              ? `no argument after keyword "${word}" (the rest of the line is a comment): sshd stops.`
              : `empty argument for keyword "${word}": sshd stops.`,
          span: l.argCount === 0 ? kw.span : lineSpan(l),
          fixes: [],
        });
      }
      if (lower !== 'include') current.items.push({ kind: 'set', d: { line: l, spec, key, value: undefined, matchable: view.match } });
      continue;
    }
    if (lower === 'include') {
      current.items.push({ kind: 'include', line: l, args: l.args.map((a) => a.value).filter((a) => !a.startsWith('#')) });
      continue;
    }
    const value = readValue(l, spec, version, drafts);
    current.items.push({ kind: 'set', d: { line: l, spec, key, value, matchable: view.match } });
  }
  close(doc.lines.length - 1);
  const headers = sections.flatMap((s) => (s.header ? [s.start] : []));
  for (const [i, m] of moves) drafts[i] = { ...drafts[i], fixes: [moveOutOfMatch(doc, { ...m, headers })] };
  return { uri, doc, sections, drafts };
}

/** The last line with a keyword at or before `line` (-1: none), so moved lines land after real content. */
function lastDirectiveLine(doc: SshDocument, line: number): number {
  for (let i = Math.min(line, doc.lines.length - 1); i >= 0; i--) if (doc.lines[i].keyword) return i;
  return -1;
}
