/**
 * Effective sshd settings for a connection, as servconf.c computes them. sshd reads the files twice:
 * at start (no connection: the global section and `Match all` blocks apply, first value wins), and
 * for each connection (only the lines of the Match blocks that match it, first value wins); the
 * options a Match block may hold then replace the start values (parse_server_match_config,
 * copy_set_server_options). `sshd -T -C user=U,host=H,addr=A` prints the result.
 */

import { addrMatchList } from '../../model/addrMatch';
import { matchHostname, matchPatternList } from '../../model/patterns';
import { atLeast, type Version } from '../../model/version';
import type { Span } from '../../syntax/ssh';
import { fileName } from '../../syntax/text';
import type { Environment, IncludedFile } from '../types';
import { activeAtStart, readSshd, type SshdCriterion, type SshdDirective, type SshdFile, type SshdMatchHeader, subsystemCommand } from './read';
import { SSHD_RULES } from './rules';
import { MAX_STARTUPS_RATE, readMaxStartups } from './values';

/** What sshd -T -C is told about the connection; a criterion whose field is absent does not match. */
export interface SshdConnection {
  readonly user?: string;
  /** The groups of the user (primary and supplementary), when known. */
  readonly groups?: readonly string[];
  /**
   * The user does not exist (`Match Invalid-User`, 9.9 and later): the daemon sets it when getpwnam fails for
   * the name the client asked for (auth.c getpwnamallow); `sshd -T -C` only when the spec holds the word
   * `invalid-user`, whatever `user=` says.
   */
  readonly userInvalid?: boolean;
  readonly host?: string;
  readonly addr?: string;
  readonly laddr?: string;
  readonly lport?: number;
  readonly rdomain?: string;
}

export interface SshdSetting {
  readonly key: string;
  /** As `sshd -T` prints it. */
  readonly value: string;
  /** The line that set it last. */
  readonly directive: SshdDirective;
  readonly uri: string;
  /**
   * An earlier line that still gives part of the value: MaxStartups before 10.1, where a one-number line keeps the
   * rate of the last `start:rate:full` line (sshd -T 9.2: `MaxStartups 10:50:100` then `MaxStartups 20` is 20:50:20).
   */
  readonly rateFrom?: SshdSetting;
}

/** A root-file line that applied but never takes effect. */
export interface SshdLoss {
  /** The setting that wins over it. */
  readonly winner: SshdSetting;
  /** The winner comes later in the reading (an option whose last line wins; `UnusedConnectionTimeout none`). */
  readonly later: boolean;
}

/**
 * A line sshd refuses because of the lines the same reading took before it (servconf.c, sPort and sSubsystem of
 * process_server_config_line_depth): a Subsystem name defined twice (before 9.5), a table already full.
 */
export interface SshdRefusal {
  readonly code: 'sshd/duplicate-subsystem' | 'sshd/limit-exceeded' | 'sshd/missing-argument';
  /** The refused line (of the root file or of an included one). */
  readonly refused: SshdSetting;
  /** For a repeated Subsystem: the line that defined the name first. */
  readonly first?: SshdSetting;
  /** What sshd prints after `FILE line N: `. */
  readonly message: string;
  /** Where the root file shows it: the refused line, or the Include line that reads the file holding it. */
  readonly span: Span;
}

export interface SshdResolution {
  /** What applies to the connection: Match values over start values. */
  readonly values: ReadonlyMap<string, SshdSetting>;
  /** Lines of the root file that applied but lost to another line of the same reading, by line. */
  readonly lost: ReadonlyMap<number, SshdLoss>;
  /**
   * Match criteria that could not be decided: a Group without the user's groups, a Version pattern the release
   * number does not decide, a lone Invalid-User at start in 9.9 (p1 and p2 differ). Their lines did not apply.
   */
  readonly unevaluated: readonly SshdCriterion[];
  readonly problems: ReadonlyArray<{ readonly span: Span; readonly message: string }>;
  /** A Match LocalPort line was evaluated for the connection (sshd -T -C then needs lport). */
  readonly localPortAsked: boolean;
  /**
   * Lines sshd refuses at start because of earlier lines. The reading for a connection takes a subset of its Port
   * and Subsystem lines (those of `Match all` blocks; a global-only keyword elsewhere in a Match block already
   * stops sshd, and from 9.5 on a repeated Subsystem is no longer refused): only `connectionRefusals` adds to them.
   */
  readonly refusals: readonly SshdRefusal[];
  /**
   * Lines the reading for the connection refuses that the start reading did not read: from 9.5 to 10.2 a Subsystem
   * line without a command in a Match block that applies (sshd ends the connection; from 10.3 on it stops at start).
   */
  readonly connectionRefusals: readonly SshdRefusal[];
}

export interface SshdResolveInput {
  readonly root: SshdFile;
  /** The OpenSSH release the files are read as. */
  readonly version: Version;
  readonly env: Environment;
  readonly parse: (f: IncludedFile) => SshdFile;
  /** Treat this Match header (root file line) as matching: a block's own CodeLens. */
  readonly force?: number;
}

/**
 * The reading of an sshd_config as both readings need it: the file itself, the environment for Include, and each
 * included file parsed once per analysis (a file included from several places is read once).
 */
export function sshdInput(uri: string, text: string, version: Version, env: Environment): SshdResolveInput {
  const cache = new Map<string, SshdFile>();
  const parse = (f: IncludedFile): SshdFile => {
    let hit = cache.get(f.uri);
    if (!hit) {
      hit = readSshd(f.uri, f.text, version);
      cache.set(f.uri, hit);
    }
    return hit;
  };
  return { root: readSshd(uri, text, version), version, env, parse };
}

/**
 * Options every active line adds to instead of keeping the first value (servconf.c: servconf_add_hostkey,
 * servconf_add_hostcert, queue_listen_addr, the ports array, opt_array_append without a first-line check, the
 * subsystem table), 9.2 to 10.5: a later line is never lost to an earlier one. A Subsystem line adds one name: a
 * name already defined is refused before 9.5 and skipped from 9.5 on (Reading.addEntry).
 */
const ACCUMULATING = new Set([
  'port',
  'listenaddress',
  'hostkey',
  'hostcertificate',
  'allowusers',
  'denyusers',
  'allowgroups',
  'denygroups',
  'acceptenv',
  'subsystem',
]);

/** Whether every active line of the option adds to it (HostKey, Port, AllowUsers, ...): no line loses to another. */
export function sshdAccumulates(key: string): boolean {
  return ACCUMULATING.has(key);
}

/**
 * Options whose last active line wins, up to the release given (undefined: every release up to 10.5): their
 * servconf.c handlers assign without the first-value check (`if (*activep && *intptr == -1)`) every other
 * one-value option has. sMaxStartups assigns without any check (sscanf straight into the options) and
 * sPerSourceNetBlockSize, sPerSourceMaxStartups, sIPQoS, sStreamLocalBindMask and sFingerprintHash with
 * `if (*activep)` only; OpenSSH made the first four first-wins later (f98031773 in 9.5, 683d0abe5 in 10.1,
 * 2b0f4a72b in 10.3). IPQoS has no value read here yet. Two more do not keep one line's value and are not read
 * here either: RekeyLimit keeps its size and its interval apart, each from the first line that gives it, and
 * before 9.4 AuthorizedPrincipalsCommand is set by every line until an AuthorizedKeysCommand is (fcd78e31c).
 */
const LAST_WINS = new Map<string, string | undefined>([
  ['maxstartups', '10.1'],
  ['persourcenetblocksize', '10.1'],
  ['persourcemaxstartups', '9.5'],
  ['ipqos', '10.3'],
  ['streamlocalbindmask', undefined],
  ['fingerprinthash', undefined],
]);

/** Whether the release keeps the last active line of the option; undefined when it keeps the first (or adds up). */
export function sshdLastWins(key: string, version: Version): { readonly until?: string } | undefined {
  if (!LAST_WINS.has(key)) return undefined;
  const until = LAST_WINS.get(key);
  if (until !== undefined && atLeast(version, until)) return undefined;
  return until === undefined ? {} : { until };
}

/**
 * The value after a later line of a last-wins option: the line's own value, except that before 10.1 a one-number
 * MaxStartups sets only start and full (sscanf writes the rate only when it reads three numbers).
 */
function laterValue(had: SshdSetting, next: SshdSetting, version: Version): SshdSetting {
  if (next.key !== 'maxstartups') return next;
  const spec = readMaxStartups(next.directive.line.argValue(0), version)?.spec;
  if (!spec || spec.rate !== undefined) return next;
  const rateFrom = readMaxStartups(had.directive.line.argValue(0), version)?.spec.rate !== undefined ? had : had.rateFrom;
  if (!rateFrom) return next;
  const rate = readMaxStartups(rateFrom.directive.line.argValue(0), version)?.spec.rate ?? MAX_STARTUPS_RATE;
  return { ...next, value: `${spec.begin}:${rate}:${spec.full}`, rateFrom };
}

/** SERVCONF_MAX_DEPTH. */
const MAX_DEPTH = 16;

/** MAX_PORTS (servconf.h, every release) and, before 9.5, MAX_SUBSYSTEMS: the 257th line is refused. */
const MAX_ENTRIES = 256;

/**
 * From this release a second Subsystem line for a name is skipped with a debug message ("Subsystem 'X' already
 * defined.") and the first definition kept, and the subsystem table grows as needed; before, both the repeated
 * name and a 257th subsystem were fatal (OpenSSH commits 52dfe3c7 and 6e52826e, in 9.5).
 */
const SUBSYSTEM_REPEAT_SINCE = '9.5';

/**
 * match_cfg_line with a connection (undefined: the start reading, where only `all` and the Version criteria
 * can hold). Every criterion is looked at, as sshd does; one that cannot be decided (a Group without the
 * user's groups, a Version pattern the release number does not decide) makes the line not match, and is
 * listed in `unevaluated` when nothing else on the line failed.
 */
export function matchHeader(h: SshdMatchHeader, conn: SshdConnection | undefined, unevaluated: SshdCriterion[]): boolean {
  if (h.error) return false;
  if (h.all) return true;
  if (!conn) {
    const start = activeAtStart(h);
    if (start === undefined) unevaluated.push(...h.criteria.filter((c) => (c.name === 'version' && c.release === undefined) || c.startDependsOnPatch));
    return start === true;
  }
  let result = true;
  const unknown: SshdCriterion[] = [];
  for (const c of h.criteria) {
    switch (c.name) {
      case 'user':
        if (conn.user === undefined || matchPatternList(conn.user, c.arg, false) !== 1) result = false;
        break;
      case 'group':
        if (conn.user === undefined) result = false;
        else if (!conn.groups) unknown.push(c);
        else if (!conn.groups.some((g) => matchPatternList(g, c.arg, false) === 1)) result = false;
        break;
      case 'invalid-user':
        if (!conn.userInvalid) result = false;
        break;
      case 'host':
        if (conn.host === undefined || matchHostname(conn.host, c.arg) !== 1) result = false;
        break;
      case 'address':
        if (conn.addr === undefined || addrMatchList(conn.addr, c.arg) !== 1) result = false;
        break;
      case 'localaddress':
        if (conn.laddr === undefined || addrMatchList(conn.laddr, c.arg) !== 1) result = false;
        break;
      case 'localport':
        if (conn.lport === undefined || conn.lport !== Number(c.arg)) result = false;
        break;
      case 'rdomain':
        if (conn.rdomain === undefined || matchPatternList(conn.rdomain, c.arg, false) !== 1) result = false;
        break;
      case 'version':
        // SSH_RELEASE, not the connection: decided when the file was read.
        if (c.release === undefined) unknown.push(c);
        else if (!c.release) result = false;
        break;
      default:
        unknown.push(c);
    }
  }
  if (result && unknown.length > 0) {
    unevaluated.push(...unknown);
    return false;
  }
  return result;
}

class Reading {
  readonly values = new Map<string, SshdSetting>();
  readonly lost = new Map<number, SshdLoss>();
  readonly unevaluated: SshdCriterion[] = [];
  readonly problems: Array<{ span: Span; message: string }> = [];
  readonly refusals: SshdRefusal[] = [];
  /** Filled by resolveSshd, from the reading for a connection. */
  readonly connectionRefusals: readonly SshdRefusal[] = [];
  /** Root-file lines that took effect in this reading (not lost, not refused), by line. */
  readonly applied = new Map<number, SshdDirective>();
  /** The Subsystem names defined so far (compared case-sensitively, as strcmp does), with their first line. */
  readonly subsystems = new Map<string, SshdSetting>();
  ports = 0;
  /** Subsystem lines refused because the table was full (before 9.5). */
  subsystemsFull = 0;
  localPortAsked = false;
  budget = 2000;

  constructor(
    readonly input: SshdResolveInput,
    /** undefined: the start reading (no connection, and no forced block). */
    readonly conn: SshdConnection | undefined,
  ) {}

  /**
   * `matchOnly`: the per-connection reading before the first Match line (SSHCFG_MATCH_ONLY): its lines do
   * not apply, but a file it includes is read with its Match blocks live (not as never-matching).
   */
  walk(file: SshdFile, depth: number, active: boolean, neverMatch: boolean, rootSpan?: Span, matchOnly = false, unsure = false): boolean {
    const isRoot = file === this.input.root;
    /** This file stops sshd because it is read inside a Match block (reported once). */
    let stopped = false;
    for (const section of file.sections) {
      if (section.header) {
        matchOnly = false;
        if (!neverMatch && this.conn && section.header.criteria.some((c) => c.name === 'localport')) this.localPortAsked = true;
        const forced = this.conn !== undefined && isRoot && this.input.force === section.header.line.line;
        active = neverMatch ? false : forced || matchHeader(section.header, this.conn, this.unevaluated);
        // Whether the start reading takes the block as active depends on what the release number does not tell.
        if (!neverMatch) unsure = !this.conn && activeAtStart(section.header) === undefined;
      }
      for (const item of section.items) {
        if (item.kind === 'include') {
          const resolver = this.input.env.resolveInclude;
          if (!resolver) continue;
          const from = rootSpan ?? item.line.keywordSpan() ?? { line: item.line.line, start: 0, end: 0 };
          for (const arg of item.args) {
            const r = resolver(arg, file.uri, false);
            if (r.problem) this.problems.push({ span: from, message: r.problem });
            for (const f of r.files) {
              if (depth + 1 > MAX_DEPTH || --this.budget < 0) {
                this.problems.push({ span: from, message: 'Too many recursive configuration includes: sshd stops.' });
                return active;
              }
              // The included file starts in the includer's state; the includer's state comes back after it.
              const inc = this.input.parse(f);
              const bad = inc.drafts.find((d) => SSHD_RULES[d.code].severity === 'error');
              if (bad) this.problems.push({ span: from, message: `sshd stops at ${fileName(f.uri)} line ${bad.span.line + 1}: ${bad.message}` });
              this.walk(inc, depth + 1, active, neverMatch || (!active && !matchOnly), from, matchOnly, unsure);
            }
          }
          continue;
        }
        const d = item.d;
        // A global-only keyword where the start reading is not active stops sshd ("Directive 'X' is not allowed
        // within a Match block"). readSshd reports the root file's own; an included file read inside a Match block
        // that does not apply at start (every Match in it then never matches) has its top level and `Match all`
        // blocks read as part of that block, which only the reading knows.
        if (!active && !this.conn && !d.matchable && !isRoot) {
          if (!stopped && rootSpan) this.problems.push({ span: rootSpan, message: notAllowedHere(file, d, unsure) });
          stopped = true;
          continue;
        }
        if (!active || d.value === undefined) continue;
        const setting: SshdSetting = { key: d.key, value: d.value, directive: d, uri: file.uri };
        if ((d.key === 'port' || d.key === 'subsystem') && !this.addEntry(setting, rootSpan ?? d.line.keywordSpan() ?? lineStart(d), isRoot)) continue;
        const had = this.values.get(d.key);
        // UnusedConnectionTimeout none sets 0 whatever came before (servconf.c does not check for a value), and a
        // last-wins option takes every line.
        const replaces = had && ((d.key === 'unusedconnectiontimeout' && d.value === 'none') || sshdLastWins(d.key, this.input.version));
        if (!had) this.values.set(d.key, setting);
        else if (replaces) {
          const next = laterValue(had, setting, this.input.version);
          this.values.set(d.key, next);
          // The lines it replaces: the one before, and the one that gave the rate unless it still does; the lines
          // that lost to the one before lose to this one now.
          for (const old of [had, had.rateFrom]) if (old && old !== next.rateFrom) this.lose(old, next);
          for (const [line, loss] of this.lost) if (loss.winner === had) this.lost.set(line, { winner: next, later: true });
        } else if (isRoot && !ACCUMULATING.has(d.key)) this.lost.set(d.line.line, { winner: had, later: false });
        if (isRoot && !this.lost.has(d.line.line)) this.applied.set(d.line.line, d);
      }
    }
    return active;
  }

  /** A root-file line a later line replaced. */
  private lose(old: SshdSetting, winner: SshdSetting): void {
    const line = old.directive.line;
    if (this.input.root.doc.lines[line.line] !== line) return;
    this.lost.set(line.line, { winner, later: true });
    this.applied.delete(line.line);
  }

  /**
   * A Port or Subsystem line into sshd's tables (servconf.c sPort, sSubsystem): false when sshd refuses it or,
   * for a Subsystem name already defined (9.5 and later), skips it.
   */
  private addEntry(s: SshdSetting, span: Span, isRoot: boolean): boolean {
    const d = s.directive;
    // sshd stops at the first line over the limit: only that one is reported.
    const full = (message: string, first: boolean): false => {
      if (first) this.refusals.push({ code: 'sshd/limit-exceeded', refused: s, message, span });
      return false;
    };
    if (d.key === 'port') return ++this.ports > MAX_ENTRIES ? full('too many ports.', this.ports === MAX_ENTRIES + 1) : true;
    const repeatable = atLeast(this.input.version, SUBSYSTEM_REPEAT_SINCE);
    // The table is checked before the name (a repeated 257th name is "too many" too).
    if (!repeatable && this.subsystems.size >= MAX_ENTRIES) return full('too many subsystems defined.', !this.subsystemsFull++);
    const name = d.line.argValue(0);
    const first = this.subsystems.get(name);
    if (!first) {
      // The command is looked for only now, for a name not defined before (from 10.3 readSshd refuses the line).
      if (subsystemCommand(d) === '') {
        this.refusals.push({ code: 'sshd/missing-argument', refused: s, message: 'Missing subsystem command.', span });
        return false;
      }
      this.subsystems.set(name, s);
      return true;
    }
    if (!repeatable) this.refusals.push({ code: 'sshd/duplicate-subsystem', refused: s, first, message: `Subsystem '${name}' already defined.`, span });
    else if (isRoot) this.lost.set(d.line.line, { winner: first, later: false });
    return false;
  }
}

/** What the root file shows on the Include line that reads `file` inside a Match block that does not apply at start. */
function notAllowedHere(file: SshdFile, d: SshdDirective, unsure: boolean): string {
  const name = fileName(file.uri);
  const stops = unsure
    ? `sshd stops at ${name} line ${d.line.line + 1} unless the Match line holds when sshd starts (which depends on the build's release string or patch level)`
    : `sshd stops at ${name} line ${d.line.line + 1}`;
  return `${stops}: Directive '${d.line.keyword?.value}' is not allowed within a Match block (${name} is included from a Match block that ${unsure ? 'may not apply' : 'does not apply'} when sshd starts, so every line of it is read as part of that block; ${d.spec.name} applies to the whole server).`;
}

function lineStart(d: SshdDirective): Span {
  return { line: d.line.line, start: 0, end: 0 };
}

/** What sshd has at start, before any connection: the global section and `Match all` blocks. */
export function readAtStart(input: SshdResolveInput): SshdResolution {
  const start = new Reading(input, undefined);
  start.walk(input.root, 0, true, false);
  return start;
}

/**
 * The effective settings for a connection: the start values (which do not depend on the connection, so
 * an analysis reads them once and passes them in), then the per-connection reading over them.
 */
export function resolveSshd(input: SshdResolveInput, conn: SshdConnection, start = readAtStart(input)): SshdResolution {
  const match = new Reading(input, conn);
  match.walk(input.root, 0, false, false, undefined, true);
  const values = new Map(start.values);
  // copy_set_server_options: only what a Match block may hold replaces a start value.
  for (const [k, s] of match.values) if (s.directive.matchable) values.set(k, s);
  const lost = new Map<number, SshdLoss>();
  // A `Match all` line that lost at start to an earlier global line is read again for the connection, where it
  // takes effect and (when a Match block may hold it) replaces the start value.
  for (const [line, s] of start.lost) if (!match.applied.get(line)?.matchable) lost.set(line, s);
  // What the reading for the connection sets of a global-only option is never used: the start reading decides.
  for (const [line, s] of match.lost) if (s.winner.directive.matchable) lost.set(line, s);
  const refusedAtStart = new Set(start.refusals.map((r) => r.refused.directive));
  return {
    values,
    lost,
    unevaluated: [...start.unevaluated, ...match.unevaluated],
    problems: [...start.problems, ...match.problems],
    localPortAsked: match.localPortAsked,
    refusals: start.refusals,
    connectionRefusals: match.refusals.filter((r) => !refusedAtStart.has(r.refused.directive)),
  };
}
