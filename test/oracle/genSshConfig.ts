/**
 * Generator of random ssh_config files for the `ssh -G` oracle test.
 *
 * Everything here is deterministic given the PRNG. The generator does not
 * predict the effective values itself: the real `ssh -G` is the judge. It only
 * has to produce configs that exercise the parts of OpenSSH's client config
 * semantics that decide the five keepalive/timeout values, without ever making
 * ssh resolve names or run commands (no Match exec/localnetwork, no ProxyCommand,
 * no CanonicalizeHostname).
 *
 * Semantics exercised (OpenSSH 9.2p1, checked against ssh -G):
 * - first obtained value wins; `none` for a time value leaves it unset, so a
 *   later line can still set it;
 * - `Host` patterns are case-sensitive against the name as typed; a matching
 *   `!pattern` cancels the whole Host line;
 * - `Match host` is case-insensitive and is matched against HostName (with %h
 *   expanded) once a HostName was obtained; `Match originalhost` against the
 *   name as typed; `Match user` against a User obtained earlier, else the local
 *   user; `Match localuser` against the local user;
 * - `Include` inside a Host/Match block that does not apply reads the file but
 *   nothing inside it can apply (even its own `Host *`); after the Include the
 *   enclosing block's state is restored;
 * - `Match` words are strdelim words before 9.9 (`host=web` works, `host==web` and
 *   `Match = =all` do not);
 * - `IgnoreUnknown` is set only where its block applies, first value wins: an
 *   unknown keyword after it is skipped for some hosts and fatal for the others;
 * - a `Match final` line anywhere makes ssh read everything a second time, keeping
 *   the values it has, with `final` and `canonical` matching only then;
 * - `*` and `?` in the host name asked for are ordinary characters.
 */
import { chance, int, mulberry32, pick, type Rand } from '../prng';
import { indent, separator, spell, trailingComment } from './sshLineStyle';

export { mulberry32 };

export interface GeneratedFile {
  /** Absolute path the file must be written to. */
  readonly path: string;
  readonly text: string;
}

export interface GeneratedConfig {
  readonly index: number;
  /** The file passed to `ssh -G -F` and to `explain`. Always files[0]. */
  readonly mainPath: string;
  /** The main file first, then every file an Include line may reach. */
  readonly files: readonly GeneratedFile[];
  /** 1-3 host names to ask for. */
  readonly hosts: readonly string[];
  /**
   * Descriptions of the deliberately invalid lines (empty for configs meant to
   * be valid). Some kinds (`ConnectionAttempts 0`) are only rejected when the
   * value actually applies to the host asked, so ssh -G remains the judge.
   */
  readonly invalid: readonly string[];
}

export interface GenerateOptions {
  /** Directory (absolute, exists or will be created by the caller) for this config's files. */
  readonly dir: string;
  /** The local user name (os.userInfo().username), so `Match user`/`localuser` can match. */
  readonly localUser: string;
  /** Probability that the config gets one deliberately invalid line. Default 0.1. */
  readonly invalidRate?: number;
}

/** Host names a user may type. Mixed case on purpose. */
const NAMES = [
  'web1',
  'web2',
  'Web1',
  'db.example.com',
  'DB.example.com',
  'api.prod.example.com',
  'bastion',
  'BASTION',
  'git.internal',
  'foo',
  'FOO',
  'build-07',
  'localhost',
  'mail.example.org',
] as const;

/**
 * Names that no specific pattern is meant for (only `*` / broad globs), and names with `*` or `?`
 * in them, which ssh matches as ordinary characters (`Host *` applies to `**`).
 */
const STRANGERS = ['zz-top', 'nowhere.test', 'Quux', 'h', 'random-42', '**', 'w*b', 'web?', '*.example.com', '?'] as const;

/** Patterns for Host lines and Match host/originalhost. */
const PATTERNS = [
  'web1',
  'web2',
  'web?',
  'WEB1',
  'Web*',
  '*.example.com',
  'db.*',
  'DB.example.com',
  '*.prod.*',
  'bastion',
  'BASTION',
  'bast?on',
  'git.internal',
  '*.internal',
  'foo',
  'FOO',
  'f?o',
  'build-??',
  'build-*',
  'localhost',
  '*.org',
  'real.example.com',
  'real.*',
  '*',
] as const;

const HOSTNAMES = ['real.example.com', '%h.internal', '%h.example.com', '10.0.0.7', 'web1', 'jump.example.org'] as const;
/** Patterns that typically match the HostName values above. */
const HOSTNAME_PATTERNS = ['real.*', 'real.example.com', '*.internal', '*.example.com', '10.0.0.*', 'jump.*', '*.org'] as const;

const TIME_VALUES = ['60', '1m', '1m30s', '2h', '1w', '90S', '5M', '45s', 'none', '0', '30s10', '15', '10', '5'] as const;
const COUNT_VALUES = ['0', '1', '3', '5', '10'] as const;
const ATTEMPT_VALUES = ['1', '3', '5', '10'] as const;
/** Odd spellings that OpenSSH 9.2 still accepts (rarely used). */
const ODD_TIME_VALUES = ['1d', '2D', '1h30m', '007', '+5', '1m1m', '10s20', '"1m""30s"', '2147483647'] as const;
const ODD_INT_VALUES = ['007', '+5', '2147483647', '" 5"'] as const;
const FLAG_VALUES = ['yes', 'no', 'YES', 'True', 'false', 'No'] as const;

const KEEPALIVE_KEYWORDS = ['ServerAliveInterval', 'ServerAliveCountMax', 'TCPKeepAlive', 'KeepAlive', 'ConnectTimeout', 'ConnectionAttempts'] as const;
type KeepaliveKeyword = (typeof KEEPALIVE_KEYWORDS)[number];

/** Renders `Keyword<sep>value` with the formatting variations. */
function line(r: Rand, keyword: string, value: string, inBlock: boolean, quotable = true): string {
  const v = quotable && !value.includes('"') && chance(r, 0.12) ? `"${value}"` : value;
  const trailingSpace = chance(r, 0.04) ? pick(r, [' ', '\t', '  ']) : '';
  return `${indent(r, inBlock)}${spell(r, keyword)}${separator(r)}${v}${trailingComment(r)}${trailingSpace}`;
}

function keepaliveValue(r: Rand, keyword: KeepaliveKeyword): string {
  switch (keyword) {
    case 'ServerAliveInterval':
    case 'ConnectTimeout':
      return chance(r, 0.06) ? pick(r, ODD_TIME_VALUES) : pick(r, TIME_VALUES);
    case 'ServerAliveCountMax':
      return chance(r, 0.05) ? pick(r, ODD_INT_VALUES) : pick(r, COUNT_VALUES);
    case 'ConnectionAttempts':
      return chance(r, 0.05) ? pick(r, ODD_INT_VALUES) : pick(r, ATTEMPT_VALUES);
    case 'TCPKeepAlive':
    case 'KeepAlive':
      return pick(r, FLAG_VALUES);
  }
}

function keepaliveLine(r: Rand, inBlock: boolean): string {
  const keyword = pick(r, KEEPALIVE_KEYWORDS);
  return line(r, keyword, keepaliveValue(r, keyword), inBlock);
}

interface Ctx {
  readonly r: Rand;
  readonly localUser: string;
  /** Positive patterns used by Host / Match host / Match originalhost lines, to aim host names at. */
  readonly used: string[];
}

/** A host name that the pattern matches (`?` and `*` filled in), sometimes with its case changed. */
function instantiate(r: Rand, pattern: string): string {
  let h = pattern.replace(/\?/g, () => pick(r, ['0', '7', 'a', 'e', 'b'])).replace(/\*/g, () => pick(r, ['', 'x', 'app1', 'eu.west', 'node-3']));
  if (h === '' || h.startsWith('.')) h = `h${h}`;
  if (h.endsWith('.')) h = `${h}lan`;
  if (chance(r, 0.15)) h = chance(r, 0.5) ? h.toUpperCase() : h[0]?.toUpperCase() + h.slice(1);
  return h;
}

function noiseLine(ctx: Ctx, inBlock: boolean): string {
  const { r } = ctx;
  switch (int(r, 0, 5)) {
    case 0:
    case 1:
      return line(r, 'HostName', pick(r, HOSTNAMES), inBlock);
    case 2:
      return line(r, 'User', pick(r, ['bob', 'root', 'deploy', ctx.localUser]), inBlock);
    case 3:
      return line(r, 'Port', pick(r, ['22', '2222', '443']), inBlock);
    case 4:
      return line(r, 'IdentityFile', pick(r, ['~/.ssh/id_ed25519', '/etc/ssh/keys/%r@%h', '~/.ssh/id_rsa']), inBlock, false);
    default:
      return line(r, 'ForwardAgent', pick(r, ['yes', 'no']), inBlock);
  }
}

function bodyLine(ctx: Ctx, inBlock: boolean): string {
  const { r } = ctx;
  const x = r();
  if (x < 0.62) return keepaliveLine(r, inBlock);
  if (x < 0.9) return noiseLine(ctx, inBlock);
  if (x < 0.95) return `${indent(r, inBlock)}# ${pick(r, ['keepalive', 'ServerAliveInterval 1', 'note'])}`;
  return '';
}

function hostLine(ctx: Ctx): string {
  const { r } = ctx;
  const n = int(r, 1, 3);
  const pats: string[] = [];
  for (let i = 0; i < n; i++) {
    let p: string = pick(r, PATTERNS);
    if (p !== '*' && chance(r, 0.15)) p = `!${p}`;
    else if (p !== '*') ctx.used.push(p);
    pats.push(p);
  }
  // A negation alone never matches; often pair it with a positive glob.
  if (pats.every((p) => p.startsWith('!')) && chance(r, 0.7)) pats.push('*');
  // Rarely: a quoted pattern, or commas (a Host line has no pattern lists: `a,b` is one literal pattern).
  if (chance(r, 0.05)) pats[0] = `"${pats[0]}"`;
  const join = chance(r, 0.04) ? ',' : pick(r, [' ', ' ', '  ', '\t']);
  return `${spell(r, 'Host')}${separator(r)}${pats.join(join)}${trailingComment(r)}`;
}

function patternList(ctx: Ctx, pool: readonly string[]): string {
  const { r } = ctx;
  const n = int(r, 1, 3);
  const pats: string[] = [];
  for (let i = 0; i < n; i++) {
    let p: string = pick(r, pool);
    if (p !== '*' && chance(r, 0.15)) p = `!${p}`;
    else if (p !== '*' && pool === PATTERNS) ctx.used.push(p);
    pats.push(p);
  }
  if (pats.every((p) => p.startsWith('!'))) pats.push('*');
  const list = pats.join(',');
  return list.startsWith('!') || chance(r, 0.2) ? `"${list}"` : list;
}

function userList(ctx: Ctx): string {
  const { r } = ctx;
  const users = ['root', 'bob', 'deploy', ctx.localUser];
  const n = int(r, 1, 2);
  const xs: string[] = [];
  for (let i = 0; i < n; i++) xs.push(chance(r, 0.2) ? `!${pick(r, users)}` : pick(r, users));
  if (xs.every((u) => u.startsWith('!'))) xs.push('*');
  const list = xs.join(',');
  return list.startsWith('!') ? `"${list}"` : list;
}

function matchLine(ctx: Ctx): string {
  const { r } = ctx;
  const kw = spell(r, 'Match');
  const sep = pick(r, [' ', ' ', '\t']);
  if (chance(r, 0.15)) return `${kw}${sep}all${trailingComment(r)}`;
  // `final` / `canonical` match only in the final pass, which a `Match final` line anywhere requests.
  if (chance(r, 0.08)) {
    const pass = `${chance(r, 0.15) ? '!' : ''}${pick(r, ['final', 'canonical', 'FINAL'])}`;
    return `${kw}${sep}${pass}${pick(r, ['', ' all', ` host ${patternList(ctx, PATTERNS)}`])}${trailingComment(r)}`;
  }
  const n = chance(r, 0.75) ? 1 : 2;
  const criteria: string[] = [];
  const used = new Set<string>();
  for (let i = 0; i < n; i++) {
    const c = pick(r, ['host', 'host', 'host', 'originalhost', 'user', 'localuser']);
    if (used.has(c)) continue;
    used.add(c);
    const neg = chance(r, 0.12) ? '!' : '';
    const word = pick(r, [c, c, c.toUpperCase()]);
    let arg: string;
    if (c === 'host') arg = patternList(ctx, chance(r, 0.4) ? HOSTNAME_PATTERNS : PATTERNS);
    else if (c === 'originalhost') arg = patternList(ctx, PATTERNS);
    else arg = userList(ctx);
    // Before 9.9 and from 10.0 ssh also takes `attribute=argument` (9.9 rejects it).
    const sep = chance(r, 0.15) ? pick(r, ['=', ' = ', '= ']) : ' ';
    criteria.push(`${neg}${word}${sep}${arg}`);
  }
  return `${kw}${sep}${criteria.join(' ')}${trailingComment(r)}`;
}

/** One deliberately invalid line: [line text, description]. */
function invalidLine(r: Rand): [string, string] {
  const k = int(r, 0, 16);
  switch (k) {
    case 0:
      return [`ServerAliveInterval 5x`, 'bad time 5x'];
    case 1:
      return [`ConnectTimeout 1.5s`, 'bad time 1.5s'];
    case 2:
      return [`ServerAliveCountMax -1`, 'negative count'];
    case 3:
      return [`${pick(r, ['ServerAliveInterval', 'ConnectTimeout', 'ServerAliveCountMax', 'TCPKeepAlive'])}`, 'missing argument'];
    case 4:
      return [`ServerAliveCountMax 3 4`, 'extra argument'];
    case 5:
      return [`ConnectTimeout 10 20`, 'extra argument'];
    case 6:
      return [`ServerAliveInterval "60`, 'unbalanced quote'];
    case 7:
      return [`${pick(r, ['ServerAliveIntervall', 'KeepAliveInterval', 'ServerAliveTimeout'])} 30`, 'unknown keyword'];
    case 8:
      return [`ServerAliveInterval 30#x`, 'time with glued #'];
    case 9:
      return [`TCPKeepAlive maybe`, 'bad flag'];
    case 10:
      return [`ConnectionAttempts 3x`, 'bad integer'];
    case 11:
      return [`ServerAliveInterval -5`, 'negative time'];
    case 12:
      return [pick(r, ['ServerAliveInterval ""', 'ServerAliveInterval = = 60', 'TCPKeepAlive on', 'ConnectTimeout NONE']), 'bad value form'];
    case 13:
      return [pick(r, ['ServerAliveInterval 3551w', 'ConnectTimeout 99999999999', 'ServerAliveCountMax 2147483648']), 'out of range'];
    case 14:
      return [pick(r, ['ServerAliveCountMax 0x10', 'ConnectionAttempts 1e3']), 'bad integer form'];
    case 15:
      return [
        pick(r, ['Match all host foo', 'Match host', 'Host', 'Match', 'Include', 'Match bogus x', 'Match host==foo', 'Match = =all', 'Match host=foo==x']),
        'bad Host/Match/Include line',
      ];
    default:
      // Rejected by ssh only when it is the value that applies (checked after parsing).
      return [`ConnectionAttempts 0`, 'ConnectionAttempts 0 (rejected only when it applies)'];
  }
}

function block(ctx: Ctx, header: string, minBody: number, maxBody: number): string[] {
  const out = [header];
  const n = int(ctx.r, minBody, maxBody);
  for (let i = 0; i < n; i++) out.push(bodyLine(ctx, true));
  return out;
}

/** Generates one config (main file plus 0-3 include files) and the hosts to ask for. */
export function generateConfig(r: Rand, index: number, opts: GenerateOptions): GeneratedConfig {
  const ctx: Ctx = { r, localUser: opts.localUser, used: [] };
  const dir = opts.dir.replace(/\/+$/, '');
  const mainPath = `${dir}/config`;
  const files: GeneratedFile[] = [];
  const lines: string[] = [];

  // Global directives before any Host line.
  const nGlobal = chance(r, 0.45) ? int(r, 1, 3) : 0;
  for (let i = 0; i < nGlobal; i++) lines.push(chance(r, 0.75) ? keepaliveLine(r, false) : noiseLine(ctx, false));

  // HostName early sometimes, to make `Match host` see it.
  if (chance(r, 0.15)) lines.push(line(r, 'HostName', pick(r, HOSTNAMES), false));

  const globalEnd = lines.length;
  if (chance(r, 0.3)) lines.push(...block(ctx, `${spell(r, 'Host')} *`, 1, 3));

  // Include files (absolute paths in the same directory).
  const includeNames: string[] = [];
  const nIncludes = chance(r, 0.3) ? int(r, 1, 3) : 0;
  for (let i = 0; i < nIncludes; i++) {
    const name = `inc-${i + 1}.conf`;
    includeNames.push(name);
    const inc: string[] = [];
    // An included file may have its own top-level lines and its own blocks.
    const top = int(r, 0, 2);
    for (let j = 0; j < top; j++) inc.push(keepaliveLine(r, false));
    const blocks = int(r, 0, 2);
    for (let j = 0; j < blocks; j++) {
      const header = chance(r, 0.3) ? `Host *` : chance(r, 0.75) ? hostLine(ctx) : matchLine(ctx);
      inc.push(...block(ctx, header, 1, 3));
    }
    if (inc.length === 0) inc.push(keepaliveLine(r, false));
    files.push({ path: `${dir}/${name}`, text: `${inc.join('\n')}\n` });
  }
  const includeLine = (): string => {
    const x = r();
    let target: string;
    if (x < 0.35 && includeNames.length > 1) target = `${dir}/inc-*.conf`;
    else if (x < 0.45)
      target = `${dir}/missing-*.conf`; // a glob matching nothing is fine
    else if (x < 0.55 && includeNames.length > 1) target = includeNames.map((n) => `${dir}/${n}`).join(' ');
    else target = `${dir}/${pick(r, includeNames)}`;
    return `${indent(r, true)}${spell(r, 'Include')}${separator(r)}${target}`;
  };

  // An Include among the global directives (before any Host line).
  if (includeNames.length > 0 && chance(r, 0.25)) lines.splice(globalEnd, 0, includeLine().trimStart());

  const nBlocks = int(r, 1, 6);
  for (let b = 0; b < nBlocks; b++) {
    const x = r();
    let header: string;
    if (x < 0.5) header = hostLine(ctx);
    else if (x < 0.8) header = matchLine(ctx);
    else if (x < 0.9) {
      // A HostName then a Match host that looks at it.
      lines.push(...block(ctx, hostLine(ctx), 0, 1));
      lines.push(line(r, 'HostName', pick(r, HOSTNAMES), true));
      header = `Match host ${pick(r, HOSTNAME_PATTERNS)}`;
    } else header = `${spell(r, 'Host')} *`;
    const body = block(ctx, header, 0, 4);
    if (includeNames.length > 0 && chance(r, 0.35)) body.splice(int(r, 1, body.length), 0, includeLine());
    lines.push(...body);
    if (chance(r, 0.1)) lines.push('');
  }

  // Make sure at least one Include line reaches a real file.
  if (includeNames.length > 0 && !lines.some((l) => /include/i.test(l) && /inc-/.test(l))) {
    lines.push(`${spell(r, 'Include')}${separator(r)}${dir}/${pick(r, includeNames)}`);
  }

  if (chance(r, 0.35)) lines.push(...block(ctx, `${spell(r, 'Host')}${separator(r)}*`, 1, 4));

  // Deliberately invalid line, anywhere (main file or an included file).
  const invalid: string[] = [];
  if (chance(r, opts.invalidRate ?? 0.1)) {
    const [bad, what] = invalidLine(r);
    const inIncludeIdx = files.length > 0 && chance(r, 0.25) ? int(r, 0, files.length - 1) : -1;
    if (inIncludeIdx >= 0) {
      const f = files[inIncludeIdx] as GeneratedFile;
      const incLines = f.text.replace(/\n$/, '').split('\n');
      incLines.splice(int(r, 0, incLines.length), 0, bad);
      files[inIncludeIdx] = { path: f.path, text: `${incLines.join('\n')}\n` };
      invalid.push(`${what} (in ${f.path.slice(dir.length + 1)})`);
    } else {
      lines.splice(int(r, 0, lines.length), 0, `${indent(r, true)}${bad}`);
      invalid.push(what);
    }
  }

  // Hosts to ask for: mostly names our patterns target, some strangers.
  const nHosts = int(r, 1, 3);
  const hosts: string[] = [];
  for (let i = 0; i < nHosts; i++) {
    const x = r();
    const h = x < 0.45 && ctx.used.length > 0 ? instantiate(r, pick(r, ctx.used)) : x < 0.85 ? pick(r, NAMES) : pick(r, STRANGERS);
    if (!hosts.includes(h)) hosts.push(h);
  }

  // Sometimes: an unknown keyword, and before it an IgnoreUnknown that lists it, in the
  // global section or in a block (ssh then skips the keyword only for the hosts whose
  // block applies). Only in the main file: an included IgnoreUnknown would count too.
  if (chance(r, 0.08)) {
    const [keyword, value] = pick(r, [
      ['UseKeychain', 'yes'],
      ['ChannelTimeout', 'session=5m'],
    ] as const);
    const at = int(r, 0, lines.length);
    const list = pick(r, [keyword, keyword.toLowerCase(), `Foo,${keyword}`, 'Use*', 'Foo']);
    lines.splice(at, 0, `${indent(r, true)}${spell(r, 'IgnoreUnknown')}${separator(r)}${list}`);
    lines.splice(int(r, at + 1, lines.length), 0, `${indent(r, true)}${keyword}${separator(r)}${value}`);
    // Valid for every host only when the list names the keyword and sits before any Host or Match line.
    const firstHeader = lines.findIndex((l) => /^\s*(host|match)\b/i.test(l));
    const listed = list !== 'Foo' && !(list === 'Use*' && keyword !== 'UseKeychain');
    if (!listed || (firstHeader >= 0 && firstHeader < at)) invalid.push(`${keyword} after IgnoreUnknown ${list} (skipped only where its block applies)`);
  }

  // Rarely: CRLF line endings for the main file (ssh strips the \r as trailing whitespace).
  const eol = chance(r, 0.04) ? '\r\n' : '\n';
  return {
    index,
    mainPath,
    files: [{ path: mainPath, text: `${lines.join(eol)}${eol}` }, ...files],
    hosts,
    invalid,
  };
}

/** The whole config as one readable text (main file, then each included file). */
export function renderConfig(cfg: { readonly files: readonly GeneratedFile[] }): string {
  return cfg.files.map((f) => `===== ${f.path}\n${f.text.replace(/\n$/, '')}`).join('\n');
}
