/**
 * The lines of the generated sshd_config files (genSshdConfig.ts): the connections' values, the keepalive
 * family's values (and spellings 9.2's parser still accepts), directive lines with formatting variations, and
 * Match lines with the criteria and pattern lists they exercise. Deterministic given the PRNG: the generator
 * draws from it in a fixed order.
 */

import { chance, int, pick, type Rand } from '../prng';
import { indent, separator, spell, trailingComment } from './sshLineStyle';

// ---------------------------------------------------------------------------------------------------
// Connections

/** root (group root), nobody (group nogroup), daemon (group daemon) exist on Debian; the last one does not. */
export const USERS = ['root', 'nobody', 'daemon', 'nosuchuser'] as const;
/** Host names as a reverse lookup would give them (sshd lower-cases the name before Match Host). */
export const HOSTS = ['client.example.com', 'h1', 'H1', 'Client.Example.COM', 'web.example.org'] as const;
export const ADDRS = ['127.0.0.1', '10.1.2.3', '192.168.7.9', '::1'] as const;
export const LADDRS = ['127.0.0.1', '10.0.0.1'] as const;
export const LPORTS = ['22', '2222'] as const;

// ---------------------------------------------------------------------------------------------------
// Values

const INTERVALS = ['0', '15', '30', '60', '1m', '1m30s', '2h', '90S', '5M', '1H', '45s', '300', '10', '3'] as const;
/** Spellings 9.2's convtime still accepts (used rarely). */
const ODD_TIMES = ['1d', '1w', '007', '+5', '1m1m', '10s20', '2147483647', '1h30m', '0s'] as const;
const GRACE_TIMES = ['0', '30', '2m', '1m30s', '120', '10S', '600', '1M'] as const;
const UNUSED_TIMES = ['none', 'NONE', 'None', '0', '5m', '1h', '300', '90s', '1M30S'] as const;
const COUNTS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10'] as const;
const ODD_COUNTS = ['007', '+5', '2147483647'] as const;
const FLAGS = ['yes', 'no', 'YES', 'No', 'no'] as const;
const CHANNEL_TIMEOUTS = [
  'none',
  'NONE',
  'session=5m',
  'global=1h',
  'session=5m global=1h',
  'direct-tcpip=10m forwarded-tcpip=10m',
  'session:shell=30s',
  '*=1h',
  'session=300 x11-connection=1m',
  'agent-connection=2H',
  'session:subsystem:sftp=1m30s global=15',
] as const;
/** Accepted by 9.2 although odd: a `none` after another word passes the "must appear alone" check. */
const ODD_CHANNEL_TIMEOUTS = ['session=5 none', 'session=0', 'global=1w'] as const;

// ---------------------------------------------------------------------------------------------------
// Keywords

/** Keywords of the keepalive family allowed inside Match blocks. */
const MATCH_KEEPALIVE = ['ClientAliveInterval', 'ClientAliveCountMax', 'UnusedConnectionTimeout', 'ChannelTimeout'] as const;
/** Keywords of the family allowed only in the global section (and, as sshd reads it, in `Match all`). */
export const GLOBAL_KEEPALIVE = ['TCPKeepAlive', 'KeepAlive', 'LoginGraceTime'] as const;
type KeepaliveKeyword = (typeof MATCH_KEEPALIVE)[number] | (typeof GLOBAL_KEEPALIVE)[number];

/** Unrelated directives allowed in Match blocks, with values sshd -T accepts. */
const MATCH_NOISE: readonly (readonly [string, readonly string[]])[] = [
  ['PasswordAuthentication', ['no', 'yes']],
  ['X11Forwarding', ['no', 'yes']],
  ['AllowTcpForwarding', ['no', 'yes', 'local']],
  ['PermitTTY', ['yes', 'no']],
  ['MaxAuthTries', ['3', '6']],
  ['Banner', ['none']],
  ['PermitRootLogin', ['prohibit-password', 'no', 'yes']],
  ['AcceptEnv', ['LANG LC_*', 'EDITOR']],
  ['MaxSessions', ['10', '2']],
  ['ForceCommand', ['internal-sftp', 'none']],
];
/** Unrelated global-only directives. */
const GLOBAL_NOISE: readonly (readonly [string, readonly string[]])[] = [
  ['UsePAM', ['yes', 'no']],
  ['PrintMotd', ['no', 'yes']],
  ['UseDNS', ['no']],
  ['MaxStartups', ['10:30:100', '20']],
  ['SyslogFacility', ['AUTH', 'AUTHPRIV']],
  // Deprecated or ignored: sshd says so on stderr and goes on.
  ['Protocol', ['2']],
  ['KeyRegenerationInterval', ['3600']],
];

/**
 * Values of the two limits on connections that have not logged in, for repeated lines: 9.2 keeps the last line of
 * each (servconf.c assigns them without the first-value check), and a one-number MaxStartups keeps the rate of an
 * earlier `start:rate:full` line. sscanf reads `20x` as 20 and `20:abc` as 20.
 */
const MAX_STARTUPS = ['10:30:100', '20', '10:50:100', '5:20:60', '30', '+5', '007', '10:30:100x', '20:abc', '1', '100:90:200'] as const;
const PER_SOURCE_MAX_STARTUPS = ['none', '5', '7', '0', '+3', '2147483647', '12'] as const;

/** A MaxStartups or PerSourceMaxStartups line (global-only). */
export function startLimitLine(r: Rand, inBlock: boolean): string {
  return chance(r, 0.55) ? line(r, 'MaxStartups', pick(r, MAX_STARTUPS), inBlock) : line(r, 'PerSourceMaxStartups', pick(r, PER_SOURCE_MAX_STARTUPS), inBlock);
}

/**
 * The texts of a file of global-only lines, included either where the main pass is active (valid) or from a Match
 * block that does not apply at start (sshd stops at its first line: "Directive 'X' is not allowed within a Match
 * block"; the file's `Match all` is never-matching there, so the same holds inside it).
 */
export const SCOPED_INCLUDES = [
  'TCPKeepAlive no',
  'LoginGraceTime 45',
  'MaxStartups 12:40:50',
  'PerSourceMaxStartups 3',
  'Subsystem inc-sftp internal-sftp',
  'Match all\n  LoginGraceTime 75',
  '# scoped limits\nMaxStartups 25\nPerSourceMaxStartups 4',
] as const;

/**
 * Subsystem names (sshd compares them case-sensitively: `sftp` and `SFTP` are two) and commands. Subsystem is
 * global-only in 9.2, and a name defined twice where the main pass is active stops it ("already defined").
 */
export const SUBSYSTEM_NAMES = ['sftp', 'SFTP', 'backup', 'sftp-ro'] as const;
const SUBSYSTEM_COMMANDS = [
  'internal-sftp',
  '/usr/lib/openssh/sftp-server',
  '/usr/lib/openssh/sftp-server -l INFO',
  'internal-sftp -d /upload',
  '"/usr/lib/openssh/sftp-server" -f AUTH',
] as const;

/** A `Subsystem NAME COMMAND` line with formatting variations. */
export function subsystemLine(r: Rand, name: string, inBlock: boolean): string {
  return line(r, 'Subsystem', `${name} ${pick(r, SUBSYSTEM_COMMANDS)}`, inBlock);
}

/** `Keyword<sep>value` with formatting variations (quotes, comments, trailing blanks). */
export function line(r: Rand, keyword: string, value: string, inBlock: boolean): string {
  const quotable = !value.includes(' ') && !value.includes('"');
  const v = quotable && chance(r, 0.08) ? `"${value}"` : value;
  const trailingSpace = chance(r, 0.04) ? pick(r, [' ', '\t', '  ']) : '';
  return `${indent(r, inBlock)}${spell(r, keyword)}${separator(r)}${v}${trailingComment(r)}${trailingSpace}`;
}

export function keepaliveValue(r: Rand, keyword: KeepaliveKeyword): string {
  switch (keyword) {
    case 'ClientAliveInterval':
      return chance(r, 0.06) ? pick(r, ODD_TIMES) : pick(r, INTERVALS);
    case 'ClientAliveCountMax':
      return chance(r, 0.05) ? pick(r, ODD_COUNTS) : pick(r, COUNTS);
    case 'UnusedConnectionTimeout':
      return chance(r, 0.05) ? pick(r, ODD_TIMES) : pick(r, UNUSED_TIMES);
    case 'ChannelTimeout':
      return chance(r, 0.06) ? pick(r, ODD_CHANNEL_TIMEOUTS) : pick(r, CHANNEL_TIMEOUTS);
    case 'TCPKeepAlive':
    case 'KeepAlive':
      return pick(r, FLAGS);
    case 'LoginGraceTime':
      return chance(r, 0.05) ? pick(r, ODD_TIMES) : pick(r, GRACE_TIMES);
  }
}

/** A keepalive-family line; global-only keywords only when `globalOk` (global section, `Match all`). */
export function keepaliveLine(r: Rand, inBlock: boolean, globalOk: boolean): string {
  const pool: readonly KeepaliveKeyword[] = globalOk
    ? [...MATCH_KEEPALIVE, ...MATCH_KEEPALIVE, 'TCPKeepAlive', 'TCPKeepAlive', 'KeepAlive', 'LoginGraceTime', 'LoginGraceTime']
    : MATCH_KEEPALIVE;
  const keyword = pick(r, pool);
  return line(r, keyword, keepaliveValue(r, keyword), inBlock);
}

function noiseLine(r: Rand, inBlock: boolean, globalOk: boolean): string {
  const [keyword, values] = globalOk && chance(r, 0.4) ? pick(r, GLOBAL_NOISE) : pick(r, MATCH_NOISE);
  return `${indent(r, inBlock)}${spell(r, keyword)}${separator(r)}${pick(r, values)}${trailingComment(r)}`;
}

export function bodyLine(r: Rand, inBlock: boolean, globalOk: boolean): string {
  const x = r();
  if (x < 0.66) return keepaliveLine(r, inBlock, globalOk);
  if (x < 0.88) return noiseLine(r, inBlock, globalOk);
  if (x < 0.95) return `${indent(r, inBlock)}#${pick(r, [' keepalive', ' ClientAliveInterval 1', 'TCPKeepAlive no', ' note', ''])}`;
  return '';
}

// ---------------------------------------------------------------------------------------------------
// Match lines

const USER_PATTERNS = ['root', 'nobody', 'daemon', 'ro*', 'no?ody', '*', 'ROOT', 'nosuchuser', 'd*', 'r?ot'] as const;
const GROUP_PATTERNS = ['root', 'nogroup', 'daemon', 'no*', '*', 'sudo', 'NOGROUP', 'd?emon'] as const;
const HOST_PATTERNS = ['client.example.com', '*.example.com', 'h1', 'h?', 'H1', 'CLIENT.EXAMPLE.COM', '*.example.org', '*', 'web.*', 'h2'] as const;
const ADDR_PATTERNS = [
  '127.0.0.1',
  '127.0.0.0/8',
  '10.0.0.0/8',
  '10.1.2.0/24',
  '10.1.2.3',
  '10.1.2.3/32',
  '192.168.7.0/24',
  '192.168.*',
  '10.1.2.*',
  '::1',
  '::1/128',
  'fe80::/10',
  '0.0.0.0/0',
  '172.16.0.0/12',
] as const;
const LADDR_PATTERNS = ['127.0.0.1', '127.0.0.0/8', '10.0.0.1', '10.0.0.0/8', '::1', '*'] as const;
const LPORTS_PATTERNS = ['22', '2222'] as const;

/** A comma list of 1-3 patterns, sometimes with `!` negations (alone they never match; often paired with `*`). */
function patternList(r: Rand, pool: readonly string[], negatable = true): string {
  const n = int(r, 1, 3);
  const pats: string[] = [];
  for (let i = 0; i < n; i++) {
    let p = pick(r, pool);
    if (negatable && p !== '*' && chance(r, 0.18)) p = `!${p}`;
    if (!pats.includes(p)) pats.push(p);
  }
  if (pats.every((p) => p.startsWith('!')) && chance(r, 0.75)) pats.push(pick(r, ['*', pick(r, pool)]));
  const list = pats.join(',');
  return chance(r, 0.08) ? `"${list}"` : list;
}

export interface Criteria {
  usesLaddr: boolean;
  usesLport: boolean;
  usesRdomain: boolean;
  /** Connection values some positive pattern names literally, to aim the connections at. */
  readonly aim: { user: string[]; host: string[]; addr: string[] };
}

const GROUP_OF: Readonly<Record<string, string>> = { root: 'root', nogroup: 'nobody', daemon: 'daemon' };

/** Remembers the connection values a pattern list names literally (positive patterns only). */
function aimAt(crit: Criteria, criterion: string, list: string): void {
  for (const p of list.replace(/"/g, '').split(',')) {
    if (p.startsWith('!')) continue;
    if (criterion === 'user' && (USERS as readonly string[]).includes(p)) crit.aim.user.push(p);
    else if (criterion === 'group' && GROUP_OF[p]) crit.aim.user.push(GROUP_OF[p] as string);
    else if (criterion === 'host') {
      const h = HOSTS.find((x) => x.toLowerCase() === p.toLowerCase());
      if (h) crit.aim.host.push(h);
    } else if (criterion === 'address' && (ADDRS as readonly string[]).includes(p)) crit.aim.addr.push(p);
  }
}

/** A `Match` line (never `Match all`, never invalid). */
export function matchLine(r: Rand, crit: Criteria): string {
  const kw = spell(r, 'Match');
  const sep = pick(r, [' ', ' ', ' ', '\t', '  ']);
  const n = chance(r, 0.7) ? 1 : chance(r, 0.8) ? 2 : 3;
  const used = new Set<string>();
  const words: string[] = [];
  for (let i = 0; i < n; i++) {
    const c = pick(r, ['user', 'user', 'group', 'host', 'host', 'address', 'address', 'localaddress', 'localport', 'user', 'rdomain']);
    if (used.has(c) || (c === 'rdomain' && !chance(r, 0.3))) continue;
    used.add(c);
    let arg: string;
    switch (c) {
      case 'user':
        arg = patternList(r, USER_PATTERNS);
        break;
      case 'group':
        arg = patternList(r, GROUP_PATTERNS);
        break;
      case 'host':
        arg = patternList(r, HOST_PATTERNS);
        break;
      case 'address':
        arg = patternList(r, ADDR_PATTERNS);
        break;
      case 'localaddress':
        crit.usesLaddr = true;
        arg = patternList(r, LADDR_PATTERNS);
        break;
      case 'localport':
        // 9.2 takes one port, no list and no negation.
        crit.usesLport = true;
        arg = pick(r, LPORTS_PATTERNS);
        break;
      default:
        crit.usesRdomain = true;
        arg = patternList(r, ['vrf1', 'vrf*', 'rdomain0']);
    }
    aimAt(crit, c, arg);
    const name = pick(r, [c, c, cap(c), c.toUpperCase(), c === 'localaddress' ? 'LocalAddress' : c === 'localport' ? 'LocalPort' : cap(c)]);
    const eq = chance(r, 0.1) ? pick(r, ['=', ' = ', '= ']) : ' ';
    words.push(`${name}${eq}${arg}`);
  }
  if (words.length === 0) words.push(`User ${patternList(r, USER_PATTERNS)}`);
  return `${kw}${sep}${words.join(pick(r, [' ', ' ', '  ', '\t']))}${trailingComment(r)}`;
}

const cap = (s: string): string => s[0]?.toUpperCase() + s.slice(1);

export function matchAllLine(r: Rand): string {
  return `${spell(r, 'Match')}${pick(r, [' ', '\t'])}${pick(r, ['all', 'all', 'All', 'ALL'])}${chance(r, 0.1) ? ' # everyone' : ''}`;
}
