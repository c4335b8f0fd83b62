/**
 * Generator of random sshd_config files for the `sshd -T` oracle test (test/oracle/sshd-t.test.ts).
 *
 * Everything here is deterministic given the PRNG. The generator does not predict the effective values:
 * the real `sshd -T -f FILE -C user=U,host=H,addr=A` is the judge. It only produces configs that exercise
 * what decides the keepalive/timeout values sshd prints (clientaliveinterval, clientalivecountmax, tcpkeepalive,
 * logingracetime, unusedconnectiontimeout, channeltimeout, maxstartups, persourcemaxstartups), and the
 * connections to ask for.
 *
 * Semantics exercised (OpenSSH 9.2p1 servconf.c, checked against Debian's sshd 1:9.2p1-2+deb12u10):
 * - sshd reads the file twice. The main pass (no connection) applies the global section, first value wins;
 *   every `Match` line except `Match all` is inactive there, and a global-only keyword (TCPKeepAlive,
 *   KeepAlive, LoginGraceTime, ...) on an inactive line is fatal ("Directive 'X' is not allowed within a Match
 *   block"). `Match all` is active even without a connection, so a global-only keyword inside it is accepted
 *   and applies (first value wins, after the global lines before it).
 * - The second pass (with the `-C` connection) starts inactive and only evaluates Match lines: the values set
 *   by the matching blocks (first value wins among them, counting `Match all` blocks) override the global ones
 *   for ClientAliveInterval, ClientAliveCountMax, UnusedConnectionTimeout and ChannelTimeout.
 * - `UnusedConnectionTimeout none` (any case) sets the value whenever the line is active, even after another
 *   value: a later `none` beats an earlier time. `0` is an ordinary time (first value wins), printed as `none`.
 * - `ChannelTimeout` keeps its first line's list; `none` is refused when more words follow it, but accepted
 *   after another word (`ChannelTimeout session=5 none` is valid: the 9.2 check never counts the words).
 *   sshd -T prints the list as written and prints no channeltimeout line when none was set.
 * - Match criteria user, group, host, address, localaddress, localport, rdomain, all; each takes a comma list
 *   with `!` negations (a list of negations alone never matches). User and group are case-sensitive, host is
 *   not; address and localaddress take CIDR (an address with host bits past the mask is fatal) or wildcards.
 *   `all` must stand alone. In `-C` test mode a missing user/host/addr/laddr/rdomain makes its criterion
 *   not match, but a missing lport is fatal once a `Match LocalPort` line is evaluated with the connection.
 * - `Include` (absolute paths here, files under the config's own sshd_config.d/, globbed, lexical order) at
 *   the top level or inside a Match block. An included file's Match lines do not leak out of it. A file
 *   included from an inactive block is read with every Match inside it never matching (so a global-only
 *   keyword anywhere in it is fatal).
 * - `Subsystem` (global-only in 9.2): valid configs define 1-2 distinct names (`sftp` and `SFTP` are distinct)
 *   where the main pass is active (the main file's global section or a `Match all` block). A deliberately
 *   invalid config may define one of them again, there or at the top of an included global file: 9.2 stops
 *   with "Subsystem 'sftp' already defined." (9.5 and later keep the first definition).
 * - Rarely 257 Port lines, one more than sshd has room for ("too many ports.").
 * - `MaxStartups` and `PerSourceMaxStartups` lines, 2-4 of them where the main pass is active: 9.2 keeps the last
 *   line of each (servconf.c assigns both without the first-value check), and a one-number MaxStartups keeps the
 *   rate of an earlier `start:rate:full` line; sshd -T prints `maxstartups start:rate:full`.
 * - A file of global-only lines (`sshd_config.d/scoped.inc`) included where the main pass is active, or from a
 *   Match block that does not apply at start, where sshd stops at its first line.
 * - Deliberately invalid: a keyword with only a comment after it (`Port #22`: "missing port number."), a Subsystem
 *   without a command ("Missing subsystem command."), MaxStartups and PerSourceMaxStartups values sshd refuses.
 */
import { chance, int, mulberry32, pick, type Rand } from '../prng';
import type { GeneratedFile } from './genSshConfig';
import {
  ADDRS,
  bodyLine,
  type Criteria,
  GLOBAL_KEEPALIVE,
  HOSTS,
  keepaliveLine,
  keepaliveValue,
  LADDRS,
  LPORTS,
  line,
  matchAllLine,
  matchLine,
  SCOPED_INCLUDES,
  SUBSYSTEM_NAMES,
  startLimitLine,
  subsystemLine,
  USERS,
} from './genSshdLines';
import { indent, separator, spell } from './sshLineStyle';

export { renderConfig } from './genSshConfig';
export { ADDRS, HOSTS, LADDRS, LPORTS, USERS } from './genSshdLines';
export type { GeneratedFile };
export { mulberry32 };

/** One connection to ask about: `sshd -T -C user=U,host=H,addr=A[,laddr=L][,lport=P]`. */
export interface SshdQuery {
  readonly user: string;
  readonly host: string;
  readonly addr: string;
  readonly laddr?: string;
  readonly lport?: string;
  readonly rdomain?: string;
}

export interface GeneratedSshdConfig {
  readonly index: number;
  /** The file passed to `sshd -T -f` and to `explain`. Always files[0], named `sshd_config`. */
  readonly mainPath: string;
  /** The main file first, then every file an Include line may reach (under sshd_config.d/). */
  readonly files: readonly GeneratedFile[];
  /** 2-3 connections to ask for; all of them carry the same laddr/lport/rdomain fields. */
  readonly queries: readonly SshdQuery[];
  /** Descriptions of the deliberately invalid lines (empty for configs meant to be valid). */
  readonly invalid: readonly string[];
  /**
   * `-C` fields deliberately left out although a Match criterion needs them: 'laddr' (sshd then treats
   * `Match LocalAddress` as not matching) or 'lport' (sshd -T is then fatal if a `Match LocalPort` line is
   * evaluated with the connection, so such a config may be rejected without an invalid line).
   */
  readonly omitted: readonly ('laddr' | 'lport')[];
}

export interface GenerateSshdOptions {
  /** Directory (absolute; the caller creates it) for this config's files. */
  readonly dir: string;
  /** Host key written as the first line of the main file (`HostKey PATH`): sshd -T refuses to run without one. */
  readonly hostKey: string;
  /** Probability that the config gets one deliberately invalid line. Default 0.1. */
  readonly invalidRate?: number;
}

// ---------------------------------------------------------------------------------------------------
// Invalid lines

type InvalidPlace = 'anywhere' | 'inMatch';

/** One deliberately invalid line: [text, description, where it must go]. sshd refuses each in its main pass. */
function invalidLine(r: Rand): [string, string, InvalidPlace] {
  switch (int(r, 0, 17)) {
    case 0:
      return [
        pick(r, ['ClientAliveInterval 5x', 'LoginGraceTime 1.5m', 'ClientAliveInterval -5', 'UnusedConnectionTimeout 1y', 'ClientAliveInterval 30#x']),
        'bad time value',
        'anywhere',
      ];
    case 1:
      return [
        pick(r, ['ChannelTimeout session=5x', 'ChannelTimeout session', 'ChannelTimeout =5m', 'ChannelTimeout none session=5m']),
        'bad ChannelTimeout',
        'anywhere',
      ];
    case 2:
      return [
        `${pick(r, ['ClientAliveIntervall', 'ServerAliveInterval', 'KeepAliveInterval', 'ClientAliveTimeout', 'ConnectTimeout'])} 30`,
        'unknown keyword',
        'anywhere',
      ];
    case 3:
    case 4: {
      const keyword = pick(r, GLOBAL_KEEPALIVE);
      return [line(r, keyword, keepaliveValue(r, keyword), true), 'global-only keyword in a Match block', 'inMatch'];
    }
    case 5:
      return [
        pick(r, ['Match User', 'Match Address', 'Match Host', 'Match Group', 'Match LocalPort', 'Match user root address']),
        'Match criterion without argument',
        'anywhere',
      ];
    case 6:
      return [pick(r, ['Match all user root', 'Match user root all', 'Match all all', 'Match all#x']), 'Match all combined', 'anywhere'];
    case 7:
      return [
        pick(r, ['ClientAliveInterval', 'ClientAliveCountMax', 'TCPKeepAlive', 'Match', 'ChannelTimeout', 'ClientAliveInterval ""', 'Include']),
        'no argument',
        'anywhere',
      ];
    case 8:
      return [pick(r, ['TCPKeepAlive maybe', 'TCPKeepAlive true', 'TCPKeepAlive on']), 'bad flag', 'anywhere'];
    case 9:
      return [
        pick(r, ['ClientAliveCountMax -1', 'ClientAliveCountMax 3x', 'ClientAliveCountMax 2147483648', 'ClientAliveCountMax 0x10']),
        'bad integer',
        'anywhere',
      ];
    case 10:
      return [
        pick(r, ['ClientAliveInterval 30 40', 'ClientAliveCountMax 3 4', 'UnusedConnectionTimeout none 5m', 'TCPKeepAlive yes no']),
        'extra argument',
        'anywhere',
      ];
    case 11:
      return [
        pick(r, ['Match Address 10.1.2.3/24', 'Match Address 10.0.0.0/33', 'Match LocalAddress 127.0.0.1/8', 'Match Address 10.1.2.0/24,!']),
        'bad address list',
        'anywhere',
      ];
    case 12:
      return [
        pick(r, ['Match Bogus x', 'Match LocalUser root', 'Match OriginalHost h1', 'Match Exec true', 'Match !user root']),
        'unsupported Match criterion',
        'anywhere',
      ];
    case 13:
      return [pick(r, ['Match LocalPort 22,2222', 'Match LocalPort 65536', 'Match LocalPort ssh2', 'Match LocalPort !22']), 'bad LocalPort', 'anywhere'];
    case 14:
      return [pick(r, ['ClientAliveInterval "60', 'ChannelTimeout "session=5m']), 'unbalanced quote', 'anywhere'];
    case 16:
      return [
        pick(r, [
          'MaxStartups 10:30',
          'MaxStartups 0',
          'MaxStartups 50:30:10',
          'MaxStartups 10:0:100',
          'MaxStartups x',
          'PerSourceMaxStartups NONE',
          'PerSourceMaxStartups -1',
        ]),
        'bad start limit',
        'anywhere',
      ];
    case 17:
      return [
        pick(r, ['ClientAliveInterval #30', 'TCPKeepAlive # yes', 'Subsystem sftp', 'Subsystem backup # internal-sftp', 'MaxStartups #10', 'Port #22']),
        'no value before a comment',
        'anywhere',
      ];
    default:
      return [pick(r, ['LoginGraceTime', 'UnusedConnectionTimeout', 'LoginGraceTime 1m 2m']), 'missing or extra argument', 'anywhere'];
  }
}

// ---------------------------------------------------------------------------------------------------
// Files

/**
 * Include files are generated first. A `global` file may hold global-only keywords (at its top level and in its
 * `Match all` blocks), so it is only included where sshd's main pass is active: the main file's global section,
 * a `Match all` block of the main file, or the top level of another global file. A `match` file holds only
 * Match-allowed keywords and may be included from anywhere.
 */
type IncKind = 'global' | 'match';

interface IncFile {
  name: string;
  kind: IncKind;
  lines: string[];
}

interface Ctx {
  readonly r: Rand;
  readonly dir: string;
  readonly incDir: string;
  readonly crit: Criteria;
  readonly incs: IncFile[];
}

/** Body lines of a block; `globalOk` allows the global-only keywords. */
function block(ctx: Ctx, header: string, globalOk: boolean, minBody: number, maxBody: number): string[] {
  const out = [header];
  const n = int(ctx.r, minBody, maxBody);
  for (let i = 0; i < n; i++) out.push(bodyLine(ctx.r, true, globalOk));
  return out;
}

/** An Include line at a site whose main-pass activity is `active`, reaching only files it may reach (from index `from` on). */
function includeLine(ctx: Ctx, active: boolean, inBlock: boolean, from = 0): string | undefined {
  const { r } = ctx;
  const reachable = ctx.incs.slice(from).filter((f) => active || f.kind === 'match');
  const x = r();
  let target: string;
  if (from === 0 && active && ctx.incs.length > 1 && x < 0.3) target = `${ctx.incDir}/*.conf`;
  else if (x < 0.4) target = `${ctx.incDir}/missing-*.conf`;
  else if (reachable.length === 0) return undefined;
  else if (x < 0.5 && reachable.length > 1)
    target = reachable
      .slice(0, 2)
      .map((f) => `${ctx.incDir}/${f.name}`)
      .join(' ');
  else target = `${ctx.incDir}/${pick(r, reachable).name}`;
  return `${indent(r, inBlock)}${spell(r, 'Include')}${separator(r)}${target}`;
}

function makeIncludeFile(ctx: Ctx, i: number): IncFile {
  const { r } = ctx;
  const kind: IncKind = chance(r, 0.5) ? 'global' : 'match';
  const globalOk = kind === 'global';
  const lines: string[] = [];
  if (chance(r, 0.3)) lines.push(`# ${kind} include file`);
  const top = int(r, 0, 3);
  for (let j = 0; j < top; j++) lines.push(bodyLine(r, false, globalOk));
  const blocks = int(r, 0, 2);
  for (let b = 0; b < blocks; b++) {
    if (chance(r, 0.25)) lines.push(...block(ctx, matchAllLine(r), globalOk, 1, 3));
    else lines.push(...block(ctx, matchLine(r, ctx.crit), false, 1, 3));
  }
  if (lines.every((l) => l.trim() === '' || l.trim().startsWith('#'))) lines.push(keepaliveLine(r, false, globalOk));
  const name = `${String((i + 1) * 10).padStart(2, '0')}-${pick(r, ['keepalive', 'timeouts', 'local', 'match', 'extra'])}.conf`;
  return { name, kind, lines };
}

/**
 * Where a line may go in the main file so that sshd's main pass reads it as active: an index to insert at, in the
 * global section (after the HostKey line) or right after a `Match all` line.
 */
function activeSites(lines: readonly string[]): number[] {
  const firstMatch = lines.findIndex((l) => /^\s*match\s/i.test(l));
  const top = firstMatch < 0 ? lines.length : firstMatch;
  const sites = Array.from({ length: top }, (_, k) => k + 1);
  lines.forEach((l, k) => {
    if (/^\s*match\s+all\b/i.test(l)) sites.push(k + 1);
  });
  return sites;
}

/** Indexes of the include files some Include line (from the main file, transitively) reads. */
function reached(mainLines: readonly string[], ctx: Ctx): number[] {
  const seen = new Set<number>();
  const scan = (ls: readonly string[]): void => {
    for (const l of ls) {
      const m = /^\s*include\s*=?\s*(.*)$/i.exec(l);
      if (!m) continue;
      for (const word of (m[1] ?? '').split(/\s+/)) {
        ctx.incs.forEach((f, k) => {
          if (seen.has(k) || !(word === `${ctx.incDir}/*.conf` || word === `${ctx.incDir}/${f.name}`)) return;
          seen.add(k);
          scan(f.lines);
        });
      }
    }
  };
  scan(mainLines);
  return [...seen].sort((a, b) => a - b);
}

/** Generates one config (main file `sshd_config` plus 0-3 files under sshd_config.d/) and 2-3 connections to ask for. */
export function generateSshdConfig(r: Rand, index: number, opts: GenerateSshdOptions): GeneratedSshdConfig {
  const dir = opts.dir.replace(/\/+$/, '');
  const incDir = `${dir}/sshd_config.d`;
  const ctx: Ctx = { r, dir, incDir, crit: { usesLaddr: false, usesLport: false, usesRdomain: false, aim: { user: [], host: [], addr: [] } }, incs: [] };
  const mainPath = `${dir}/sshd_config`;

  const nIncludes = chance(r, 0.35) ? int(r, 1, 3) : 0;
  for (let i = 0; i < nIncludes; i++) ctx.incs.push(makeIncludeFile(ctx, i));
  // Rarely an include file includes a later one (never itself: no cycles).
  for (let i = 0; i + 1 < ctx.incs.length; i++) {
    const f = ctx.incs[i] as IncFile;
    if (!chance(r, 0.2)) continue;
    // Before the first Match line of a global file the site is active; anywhere in a match file it may not be.
    const firstMatch = f.lines.findIndex((l) => /^\s*match\s/i.test(l));
    const top = firstMatch < 0 ? f.lines.length : firstMatch;
    const active = f.kind === 'global' && chance(r, 0.6);
    const inc = includeLine(ctx, active, false, i + 1);
    if (inc && !inc.includes('missing-')) f.lines.splice(active ? int(r, 0, top) : int(r, 0, f.lines.length), 0, inc);
  }

  const lines: string[] = [`HostKey ${opts.hostKey}`];
  if (chance(r, 0.3)) lines.push(pick(r, ['# sshd_config generated by the keepalive-lens oracle', '', '#Port 22']));

  // Global section.
  const nGlobal = chance(r, 0.8) ? int(r, 1, 6) : 0;
  for (let i = 0; i < nGlobal; i++) lines.push(bodyLine(r, false, true));
  if (nIncludes > 0 && chance(r, 0.55)) {
    const inc = includeLine(ctx, true, false);
    if (inc) lines.splice(int(r, 2, lines.length), 0, inc.trimStart());
    // Global lines after an included file's Match blocks are global again.
    if (chance(r, 0.5)) lines.push(bodyLine(r, false, true));
  }

  // Match blocks.
  const nBlocks = chance(r, 0.92) ? int(r, 1, 6) : 0;
  for (let b = 0; b < nBlocks; b++) {
    const all = chance(r, 0.22);
    const body = all ? block(ctx, matchAllLine(r), true, 0, 4) : block(ctx, matchLine(r, ctx.crit), false, chance(r, 0.9) ? 1 : 0, 4);
    if (nIncludes > 0 && chance(r, 0.3)) {
      const inc = includeLine(ctx, all, true);
      if (inc) body.splice(int(r, 1, body.length), 0, inc);
    }
    lines.push(...body);
    if (chance(r, 0.15)) lines.push('');
  }

  // Make sure some Include line reaches a real file.
  if (nIncludes > 0 && !lines.some((l) => /include/i.test(l) && !l.includes('missing-'))) {
    const inc = includeLine(ctx, true, false);
    if (inc && !inc.includes('missing-')) lines.splice(int(r, 1, 1 + nGlobal), 0, inc.trimStart());
    else lines.splice(1, 0, `Include ${incDir}/*.conf`);
  }
  if (chance(r, 0.15)) lines.push(...block(ctx, matchAllLine(r), true, 1, 3));

  // Subsystem lines with distinct names where the main pass is active.
  const subsystems: string[] = [];
  if (chance(r, 0.3)) {
    const n = int(r, 1, 2);
    for (let i = 0; i < n; i++) {
      const name = pick(r, SUBSYSTEM_NAMES);
      if (subsystems.includes(name)) continue;
      subsystems.push(name);
      const at = pick(r, activeSites(lines));
      lines.splice(at, 0, subsystemLine(r, name, at > 0 && /^\s*match\s/i.test(lines[at - 1] ?? '')));
    }
  }

  // Repeated start limits where the main pass is active (9.2 keeps the last line of each).
  if (chance(r, 0.35)) {
    const n = int(r, 2, 4);
    for (let i = 0; i < n; i++) {
      const at = pick(r, activeSites(lines));
      lines.splice(at, 0, startLimitLine(r, at > 0 && /^\s*match\s/i.test(lines[at - 1] ?? '')));
    }
  }

  const files: GeneratedFile[] = [];
  const incTexts = ctx.incs.map((f) => f.lines);

  // Deliberately invalid line.
  const invalid: string[] = [];
  // A name defined again where the main pass is active: in the main file, or at the top of a global file an Include reads.
  if (subsystems.length > 0 && chance(r, 0.25)) {
    const again = subsystemLine(r, pick(r, subsystems), false);
    const globals = reached(lines, ctx).filter((k) => ctx.incs[k]?.kind === 'global');
    if (globals.length > 0 && chance(r, 0.35)) {
      const k = pick(r, globals);
      const t = incTexts[k] as string[];
      const firstMatch = t.findIndex((l) => /^\s*match\s/i.test(l));
      t.splice(int(r, 0, firstMatch < 0 ? t.length : firstMatch), 0, again);
      invalid.push(`duplicate Subsystem: ${again} (in ${ctx.incs[k]?.name})`);
    } else {
      lines.splice(pick(r, activeSites(lines)), 0, again);
      invalid.push(`duplicate Subsystem: ${again.trim()}`);
    }
  }
  // Rarely one Port line more than sshd has room for (MAX_PORTS, 256): "too many ports."
  if (chance(r, 0.012)) {
    const base = int(r, 2000, 3000);
    lines.splice(pick(r, activeSites(lines)), 0, ...Array.from({ length: 257 }, (_, k) => `Port ${base + k}`));
    invalid.push(`too many Port lines: Port ${base} to Port ${base + 256}`);
  }
  if (chance(r, opts.invalidRate ?? 0.1)) {
    const [bad, what, place] = invalidLine(r);
    if (place === 'inMatch') {
      // Inside a Match block that is not `Match all` (a global-only keyword in `Match all` is accepted).
      const starts = lines.map((l, k) => (/^\s*match\s/i.test(l) && !/^\s*match\s+all\b/i.test(l) ? k : -1)).filter((k) => k >= 0);
      if (starts.length > 0) {
        const s = pick(r, starts);
        lines.splice(s + 1, 0, bad);
      } else lines.push(matchLine(r, ctx.crit), bad);
      invalid.push(`${what}: ${bad.trim()}`);
    } else if (reached(lines, ctx).length > 0 && chance(r, 0.25)) {
      const k = pick(r, reached(lines, ctx));
      const t = incTexts[k] as string[];
      t.splice(int(r, 0, t.length), 0, bad);
      invalid.push(`${what}: ${bad} (in ${ctx.incs[k]?.name})`);
    } else {
      lines.splice(int(r, 1, lines.length), 0, `${indent(r, chance(r, 0.5))}${bad}`);
      invalid.push(`${what}: ${bad}`);
    }
  }

  // A file of global-only lines (not matched by the *.conf globs), included where the main pass is active, or from a
  // Match block that does not apply at start: then sshd stops at its first line.
  let scoped: GeneratedFile | undefined;
  if (chance(r, 0.1)) {
    const body = pick(r, SCOPED_INCLUDES);
    const path = `${incDir}/scoped.inc`;
    const starts = lines.map((l, k) => (/^\s*match\s/i.test(l) && !/^\s*match\s+all\b/i.test(l) ? k : -1)).filter((k) => k >= 0);
    if (starts.length > 0 && chance(r, 0.35)) {
      lines.splice(pick(r, starts) + 1, 0, `  Include ${path}`);
      invalid.push(`global-only line in a file included from a Match block: ${body.replace(/\n/g, ' / ')}`);
    } else lines.splice(pick(r, activeSites(lines)), 0, `Include ${path}`);
    scoped = { path, text: `${body}\n` };
  }

  // Connections: laddr/lport given when a criterion needs them (usually), sometimes when none does.
  const omitted: ('laddr' | 'lport')[] = [];
  let laddr: string | undefined;
  let lport: string | undefined;
  if (ctx.crit.usesLaddr ? chance(r, 0.85) : chance(r, 0.1)) laddr = pick(r, LADDRS);
  else if (ctx.crit.usesLaddr) omitted.push('laddr');
  if (ctx.crit.usesLport ? chance(r, 0.88) : chance(r, 0.1)) lport = pick(r, LPORTS);
  else if (ctx.crit.usesLport) omitted.push('lport');
  // A missing rdomain only makes `Match RDomain` not match.
  const rdomain = ctx.crit.usesRdomain && chance(r, 0.6) ? pick(r, ['vrf1', 'rdomain0']) : undefined;
  const nQueries = int(r, 2, 3);
  const queries: SshdQuery[] = [];
  for (let tries = 0; queries.length < nQueries && tries < 20; tries++) {
    const { aim } = ctx.crit;
    const q: SshdQuery = {
      user: aim.user.length > 0 && chance(r, 0.5) ? pick(r, aim.user) : pick(r, USERS),
      host: aim.host.length > 0 && chance(r, 0.4) ? pick(r, aim.host) : pick(r, HOSTS),
      addr: aim.addr.length > 0 && chance(r, 0.4) ? pick(r, aim.addr) : pick(r, ADDRS),
      ...(laddr ? { laddr } : {}),
      ...(lport ? { lport } : {}),
      ...(rdomain ? { rdomain } : {}),
    };
    if (!queries.some((o) => o.user === q.user && o.host === q.host && o.addr === q.addr)) queries.push(q);
  }

  // Rarely CRLF line ends in the main file (sshd strips the \r as whitespace).
  const eol = chance(r, 0.04) ? '\r\n' : '\n';
  files.push({ path: mainPath, text: `${lines.join(eol)}${eol}` });
  ctx.incs.forEach((f, k) => {
    files.push({ path: `${incDir}/${f.name}`, text: `${(incTexts[k] as string[]).join('\n')}\n` });
  });
  if (scoped) files.push(scoped);
  return { index, mainPath, files, queries, invalid, omitted };
}

/** The `-C` argument of `sshd -T` for a connection. */
export function testSpec(q: SshdQuery): string {
  return [
    `user=${q.user}`,
    `host=${q.host}`,
    `addr=${q.addr}`,
    ...(q.laddr ? [`laddr=${q.laddr}`] : []),
    ...(q.lport ? [`lport=${q.lport}`] : []),
    ...(q.rdomain ? [`rdomain=${q.rdomain}`] : []),
  ].join(',');
}

/** The same connection as `keepalive-lens explain` arguments (before the file). */
export function explainArgs(q: SshdQuery): string[] {
  return [
    '--user',
    q.user,
    '--host',
    q.host,
    '--addr',
    q.addr,
    ...(q.laddr ? ['--laddr', q.laddr] : []),
    ...(q.lport ? ['--lport', q.lport] : []),
    ...(q.rdomain ? ['--rdomain', q.rdomain] : []),
  ];
}
