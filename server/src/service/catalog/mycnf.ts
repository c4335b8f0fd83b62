/**
 * Lookups over the MySQL/MariaDB option-file tables: which program reads which group, how a program
 * resolves an option name (my_getopt's rules), which programs accept an option, did-you-mean, and the
 * deep entries of the timeout family.
 *
 * MariaDB's rules, as measured on the release in mycnfOptions.ts (test/oracle/mycnf-programs.test.ts); MySQL's
 * programs (mysqlOptions.ts, test/oracle/mysql-programs.test.ts) differ where GETOPT_RULES says:
 * - Option names ignore case (MariaDB only: MySQL's are case-sensitive, `CONNECT-TIMEOUT` is unknown) and treat
 *   `-` and `_` as equal (`connect-timeout` is `connect_timeout`).
 * - A name that is not an option may still be the unique prefix of one (`connect_time`; MariaDB only): the program uses that
 *   option and prints "Using unique option prefix ...". A prefix of several options is fatal. mariadbd matches
 *   prefixes before its plugins' options exist, so a plugin option's name can resolve to a longer server option
 *   (`innodb_cmp` sets innodb_cmp_per_index_enabled): the measured `resolvedAs` table wins over the rule.
 * - Only when the whole name is neither, the prefixes `skip`, `disable`, `enable`, `maximum`, `loose` and
 *   `autoset` (MariaDB only) followed by `-` or `_` are stripped (repeatedly, in any order) and the rest is looked up again.
 *   `loose-` turns "unknown" into a warning; it does not excuse other errors.
 * - Group names ignore case but not `-`/`_` (`[client_server]` is not `[client-server]`) nor spaces (`[ mysqld]` is read by nobody).
 */

import { editDistance as distance } from '../model/editDistance';
import { MYCNF_OPTIONS } from './mycnfKeys';
import { MARIADB_PROGRAMS, MARIADB_SERVER_VARIABLES, type MariadbProgram, MYCNF_MARIADB_VERSION } from './mycnfOptions';
import { MYCNF_MYSQL_VERSION, MYSQL_PROGRAMS, MYSQL_SERVER_VARIABLES, type MysqlProgram } from './mysqlOptions';
import type { MariadbProgramTable, MariadbServerVariable, MycnfArg, MycnfEffect, MycnfOptionSpec } from './types';

export type { MariadbProgram, MysqlProgram };
export { MARIADB_PROGRAMS, MYSQL_PROGRAMS };

/** A program of either family whose option tables were measured. */
export type MycnfProgram = MariadbProgram | MysqlProgram;

export const MARIADB_PROGRAM_NAMES: readonly MariadbProgram[] = Object.keys(MARIADB_PROGRAMS) as MariadbProgram[];
export const MARIADB_CLIENT_PROGRAMS: readonly MariadbProgram[] = MARIADB_PROGRAM_NAMES.filter((p) => MARIADB_PROGRAMS[p].kind === 'client');
export const MYSQL_PROGRAM_NAMES: readonly MysqlProgram[] = Object.keys(MYSQL_PROGRAMS) as MysqlProgram[];
/** Every measured program: MariaDB's, then MySQL's, each in table order. */
export const MYCNF_PROGRAM_NAMES: readonly MycnfProgram[] = [...MARIADB_PROGRAM_NAMES, ...MYSQL_PROGRAM_NAMES];

const TABLES: Readonly<Record<MycnfProgram, MariadbProgramTable>> = { ...MARIADB_PROGRAMS, ...MYSQL_PROGRAMS };

/** The measured option table of a program of either family. */
export const programTable = (p: MycnfProgram): MariadbProgramTable => TABLES[p];

/** `10.11` for the measured release. */
export const MARIADB_SERIES: string = /^(\d+\.\d+)/.exec(MYCNF_MARIADB_VERSION)?.[1] ?? '';
/** `9.7` for the measured MySQL release. */
export const MYSQL_SERIES: string = /^(\d+\.\d+)/.exec(MYCNF_MYSQL_VERSION)?.[1] ?? '';

const utf8 = new TextEncoder();

/** The bytes of a name folded as latin1's to_upper folds them: a-z and 0xE0-0xFE (but 0xF7), byte by byte. */
function foldLatin1(s: string): string {
  let out = '';
  for (const b of utf8.encode(s)) out += String.fromCharCode((b >= 0x61 && b <= 0x7a) || (b >= 0xe0 && b <= 0xfe && b !== 0xf7) ? b - 0x20 : b);
  return out;
}

/**
 * How the programs compare a group with the ones they read: exactly, ignoring case as latin1 does, byte by byte
 * of the UTF-8 text (so `[cliént]` is not `[cliÉnt]`).
 */
export const sameMycnfGroup = (a: string, b: string) => a === b || foldLatin1(a) === foldLatin1(b);

/** `Connect-Timeout` -> `connect_timeout`: how the programs compare option names. */
export function normalizeMycnfName(name: string): string {
  return name.trim().toLowerCase().replaceAll('-', '_');
}

// ---------------------------------------------------------------------------------------------------------
// Groups

export type MycnfFlavor = 'mariadb' | 'mysql';

/** The family a measured program belongs to. */
export const programFlavor = (p: MycnfProgram): MycnfFlavor => (p in MARIADB_PROGRAMS ? 'mariadb' : 'mysql');

/** The measured release series of a family: `10.11`, `9.7`. */
export const flavorSeries = (f: MycnfFlavor): string => (f === 'mariadb' ? MARIADB_SERIES : MYSQL_SERIES);

/** `MariaDB 10.11`, `MySQL 9.7`: how messages name the release whose programs they speak for. */
export const flavorRelease = (f: MycnfFlavor): string => (f === 'mariadb' ? `MariaDB ${MARIADB_SERIES}` : `MySQL ${MYSQL_SERIES}`);

/**
 * How a family's my_getopt reads an option name (measured: test/oracle/mycnf-programs.test.ts and
 * mysql-programs.test.ts). MySQL compares names case-sensitively (`CONNECT-TIMEOUT=5` is an unknown variable),
 * takes no unique prefixes (`connect_time` is unknown) and has no `autoset-` modifier.
 */
export const GETOPT_RULES: Readonly<
  Record<MycnfFlavor, { readonly ignoreCase: boolean; readonly prefixes: boolean; readonly modifiers: readonly MycnfModifier[] }>
> = {
  mariadb: { ignoreCase: true, prefixes: true, modifiers: ['skip', 'disable', 'enable', 'maximum', 'loose', 'autoset'] },
  mysql: { ignoreCase: false, prefixes: false, modifiers: ['skip', 'disable', 'enable', 'maximum', 'loose'] },
};

export interface MycnfGroupReader {
  readonly flavor: MycnfFlavor;
  readonly program: MycnfProgram;
  readonly kind: 'client' | 'server';
  /** Only servers of this release series read the group (`[mysqld-10.11]`, `[mysqld-8.0]`). */
  readonly series?: string;
}

const VERSIONED = /^(mysqld|mariadb|mariadbd)-(\d+)\.(\d+)$/;
/** `[mysqld-X.Y]` belongs to MySQL for X < 10 except 5.5 (MariaDB 5.5 and MySQL 5.5 both read it), to MariaDB from 10 on. */
const seriesFlavors = (kind: string, major: number, minor: number): MycnfFlavor[] =>
  kind !== 'mysqld' ? ['mariadb'] : major >= 10 ? ['mariadb'] : major === 5 && minor === 5 ? ['mariadb', 'mysql'] : ['mysql'];

/**
 * The groups a program reads, in the order it names them, for its family's measured release; with `series`, the
 * versioned groups (`[mysqld-10.11]`, `[mariadbd-10.11]`) named for that series instead.
 */
export function programGroups(p: MycnfProgram, series?: string): readonly string[] {
  if (series === undefined) return TABLES[p].groups;
  const measured = flavorSeries(programFlavor(p));
  return TABLES[p].groups.map((g) => {
    const m = VERSIONED.exec(g);
    return m && `${m[2]}.${m[3]}` === measured ? `${m[1]}-${series}` : g;
  });
}

/**
 * Groups read by programs Keepalive Lens does not model (the safe_mysqld wrapper, backup tools, the upgrade and
 * binlog tools, Galera SST, MySQL's own tools): no finding for them, and they count for did-you-mean.
 */
export const MYCNF_OTHER_GROUPS: readonly string[] = [
  'mysqld_safe',
  'safe_mysqld',
  'mariadb-safe',
  'mariadbd-safe',
  'mysqld_multi',
  'mariadb-multi',
  'mysqlhotcopy',
  'myisamchk',
  'isamchk',
  'myisampack',
  'aria_chk',
  'mariabackup',
  'mariadb-backup',
  'xtrabackup',
  'sst',
  'mysql_upgrade',
  'mariadb-upgrade',
  'mysqlbinlog',
  'mariadb-binlog',
  'mysqltest',
  'mariadb-test',
  'embedded',
  'mysql_cluster',
  'mysqlrouter',
  'mysqlsh',
  'mysqlpump',
  'client-mariadb',
];

/**
 * Every program that reads `[group]`, of any release series: MariaDB programs first, then MySQL ones, each in
 * table order. A versioned group (`[mysqld-8.0]`) names the series of the servers that read it.
 */
export function mycnfGroupReaders(group: string): readonly MycnfGroupReader[] {
  const out: MycnfGroupReader[] = [];
  const versioned = VERSIONED.exec(group.toLowerCase());
  for (const program of MYCNF_PROGRAM_NAMES) {
    const t = TABLES[program];
    const flavor = programFlavor(program);
    if (versioned) {
      const flavors = seriesFlavors(versioned[1]!, Number(versioned[2]), Number(versioned[3]));
      if (t.kind === 'server' && flavors.includes(flavor)) out.push({ flavor, program, kind: t.kind, series: `${versioned[2]}.${versioned[3]}` });
    } else if (t.groups.some((x) => sameMycnfGroup(x, group))) {
      out.push({ flavor, program, kind: t.kind });
    }
  }
  return out;
}

/** The measured programs of the given families that read `[group]` (a versioned group: only the measured series'). */
export function mycnfReadersOf(group: string, flavors: readonly MycnfFlavor[]): readonly MycnfProgram[] {
  return mycnfGroupReaders(group)
    .filter((r) => flavors.includes(r.flavor) && (r.series === undefined || r.series === flavorSeries(r.flavor)))
    .map((r) => r.program);
}

// ---------------------------------------------------------------------------------------------------------
// Option names

export type MycnfModifier = 'skip' | 'disable' | 'enable' | 'maximum' | 'loose' | 'autoset';

/** my_getopt's special prefixes, in the order MariaDB's tries them (MySQL's lacks autoset). */
const MODIFIERS: readonly MycnfModifier[] = GETOPT_RULES.mariadb.modifiers;

export interface MycnfResolution {
  /**
   * `exact`: an option of the program; `prefix`: the unique prefix of one (accepted with an Info line);
   * `ambiguous`: the prefix of several (fatal); `unknown`: none (fatal unless `loose`).
   */
  readonly status: 'exact' | 'prefix' | 'ambiguous' | 'unknown';
  /** The option it sets (normalised), for `exact` and `prefix`. */
  readonly option?: string;
  readonly arg?: MycnfArg;
  readonly effect?: MycnfEffect;
  /** For `ambiguous`: the options the prefix matches, sorted. */
  readonly candidates?: readonly string[];
  /** The special prefixes that were stripped, in order (`loose-skip-ssl`: loose, skip). */
  readonly modifiers: readonly MycnfModifier[];
  /** A `loose` prefix was stripped: unknown only warns. */
  readonly loose: boolean;
}

const SORTED_NAMES = new Map<MycnfProgram, readonly string[]>(MYCNF_PROGRAM_NAMES.map((p) => [p, Object.keys(TABLES[p].options).sort()]));

/** findopt: the exact option, or every option the name is a prefix of (none where the family takes no prefixes). */
function findOption(program: MycnfProgram, name: string): { exact?: string; matches: readonly string[] } {
  const options = TABLES[program].options;
  if (name === '') return { matches: [] };
  if (options[name] !== undefined) return { exact: name, matches: [name] };
  if (!GETOPT_RULES[programFlavor(program)].prefixes) return { matches: [] };
  return { matches: SORTED_NAMES.get(program)!.filter((o) => o.startsWith(name)) };
}

/** A name as `program` compares it: `-` as `_`, and lower case where the family ignores case (MySQL does not). */
function foldName(program: MycnfProgram, name: string): string {
  const n = name.trim().replaceAll('-', '_');
  return GETOPT_RULES[programFlavor(program)].ignoreCase ? n.toLowerCase() : n;
}

/** How `program` reads the option name `name` (as written, without `=value`). */
export function resolveMycnfOption(program: MycnfProgram, name: string): MycnfResolution {
  const t = TABLES[program];
  const rules = GETOPT_RULES[programFlavor(program)];
  let rest = foldName(program, name);
  const modifiers: MycnfModifier[] = [];
  const found = (status: 'exact' | 'prefix', option: string): MycnfResolution => ({
    status,
    option,
    arg: t.options[option]!,
    ...(t.effects[option] ? { effect: t.effects[option] } : {}),
    modifiers,
    loose: modifiers.includes('loose'),
  });
  let hit = findOption(program, rest);
  // Special prefixes are only tried when the whole name matched nothing; after each strip all are tried again.
  while (hit.matches.length === 0) {
    const m = rules.modifiers.find((p) => rest.startsWith(`${p}_`));
    if (!m) break;
    modifiers.push(m);
    rest = rest.slice(m.length + 1);
    hit = findOption(program, rest);
  }
  if (hit.exact !== undefined) return found('exact', hit.exact);
  // mariadbd matches prefixes before its plugins' options exist, so a measured resolution beats the rule.
  const measured = t.resolvedAs[foldName(program, name)];
  if (measured !== undefined && (hit.matches.length !== 1 || hit.matches[0] !== measured)) return found('prefix', measured);
  if (hit.matches.length === 1) return found('prefix', hit.matches[0]!);
  if (hit.matches.length > 1) return { status: 'ambiguous', candidates: hit.matches, modifiers, loose: modifiers.includes('loose') };
  return { status: 'unknown', modifiers, loose: modifiers.includes('loose') };
}

/** The programs of the families that accept `name` from an option file (exactly or as a unique prefix; `loose-` ignored). */
export function mycnfProgramsAccepting(name: string, flavors: readonly MycnfFlavor[] = ['mariadb']): readonly MycnfProgram[] {
  return MYCNF_PROGRAM_NAMES.filter((p) => {
    if (!flavors.includes(programFlavor(p))) return false;
    const r = resolveMycnfOption(p, name);
    return r.status === 'exact' || r.status === 'prefix';
  });
}

export interface MycnfGroupVerdict {
  readonly program: MycnfProgram;
  readonly resolution: MycnfResolution;
  /** The program refuses to start because of this option name (unknown without loose, ambiguous, disabled). */
  readonly fatal: boolean;
}

/** How each program of the families that reads `[group]` takes the option name `name`. */
export function mycnfGroupVerdicts(group: string, name: string, flavors: readonly MycnfFlavor[] = ['mariadb']): readonly MycnfGroupVerdict[] {
  return mycnfReadersOf(group, flavors).map((program) => {
    const resolution = resolveMycnfOption(program, name);
    const fatal =
      resolution.status === 'ambiguous' || (resolution.status === 'unknown' && !resolution.loose) || (resolution.effect === 'disabled' && !resolution.loose);
    return { program, resolution, fatal };
  });
}

/**
 * MySQL's `mysql` skips the first unknown option of its option files without a word (measured: `foo=1` alone is
 * ignored, `foo=1` then `bar=2` stops it at bar); the same option on its command line is refused.
 */
export function skipsFirstUnknown(program: MycnfProgram): boolean {
  return TABLES[program].skipsFirstUnknownInFiles === true;
}

/**
 * The exact line `program` prints for an unknown option written as `name` (and `=value`, when given), as the
 * option file spells them: mariadb's `unknown variable 'read_timeout=300'`. mariadbd adds a timestamp before it.
 */
export function mycnfUnknownOptionMessage(program: MycnfProgram, name: string, value?: string): string {
  const m = TABLES[program].messages;
  const loose = resolveMycnfOption(program, name).loose;
  const text = value === undefined ? name : `${name}=${value}`;
  if (loose && value === undefined) return m.looseWarning.replace("unknown variable '%s'", `unknown option '--${name}'`);
  if (loose) return m.looseWarning.replace('%s', text);
  return value === undefined ? m.unknownOption.replace('%s', name) : m.unknownVariable.replace('%s', text);
}

// ---------------------------------------------------------------------------------------------------------
// Did-you-mean

const ALL_NAMES: readonly string[] = [
  ...new Set([
    ...MYCNF_PROGRAM_NAMES.flatMap((p) => Object.keys(TABLES[p].options)),
    ...Object.keys(MARIADB_SERVER_VARIABLES),
    ...Object.keys(MYSQL_SERVER_VARIABLES),
    ...MYCNF_OPTIONS.map((o) => o.name),
  ]),
].sort();

/** Every option and server variable name the tables know, normalised and sorted. */
export function allMycnfNames(): readonly string[] {
  return ALL_NAMES;
}

/**
 * Did-you-mean: up to three known names, closest first (then alphabetical), for a name no program knows; with
 * `program`, only that program's options. A `loose-`/`skip-`-style prefix is kept off the comparison. Names more
 * than one edit worse than the best are left out; names within 1 edit per 6 characters (at most 4) qualify.
 */
export function mycnfSuggestions(name: string, program?: MycnfProgram): readonly string[] {
  let folded = normalizeMycnfName(name);
  for (;;) {
    const m = MODIFIERS.find((p) => folded.startsWith(`${p}_`));
    if (!m || ALL_NAMES.includes(folded)) break;
    folded = folded.slice(m.length + 1);
  }
  const pool = program ? SORTED_NAMES.get(program)! : ALL_NAMES;
  if (folded === '' || pool.includes(folded)) return [];
  const limit = Math.min(4, Math.max(1, Math.floor(folded.length / 6)));
  const scored: Array<[string, number]> = [];
  for (const known of pool) {
    const d = distance(folded, known, limit);
    if (d <= limit) scored.push([known, d]);
  }
  scored.sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const best = scored[0]?.[1];
  return scored
    .filter(([, d]) => best !== undefined && d <= best + 1)
    .slice(0, 3)
    .map(([n]) => n);
}

// ---------------------------------------------------------------------------------------------------------
// Deep entries and server variables

/** The deep entry for `name` (any spelling) in `scope`; `connect_timeout` and `max_allowed_packet` exist in both. */
export function mycnfOption(name: string, scope: 'server' | 'client'): MycnfOptionSpec | undefined {
  const n = normalizeMycnfName(name);
  return MYCNF_OPTIONS.find((o) => o.name === n && o.scope === scope);
}

export function allMycnfOptions(): readonly MycnfOptionSpec[] {
  return MYCNF_OPTIONS;
}

/** A server system variable of the family's measured release, settable at startup (any spelling). */
export function serverVariable(flavor: MycnfFlavor, name: string): MariadbServerVariable | undefined {
  return (flavor === 'mariadb' ? MARIADB_SERVER_VARIABLES : MYSQL_SERVER_VARIABLES)[normalizeMycnfName(name)];
}

/** A server variable of any of the families (the first that has it). */
export function anyServerVariable(name: string, flavors: readonly MycnfFlavor[]): MariadbServerVariable | undefined {
  for (const f of flavors) {
    const v = serverVariable(f, name);
    if (v) return v;
  }
  return undefined;
}
