/**
 * Lookups over the MySQL/MariaDB option-file tables: which program reads which group, how a program
 * resolves an option name (my_getopt's rules), which programs accept an option, did-you-mean, and the
 * deep entries of the timeout family.
 *
 * The rules, as measured on the release in mycnfOptions.ts (test/oracle/mycnf-programs.test.ts):
 * - Option names ignore case and treat `-` and `_` as equal (`Connect-Timeout` is `connect_timeout`).
 * - A name that is not an option may still be the unique prefix of one (`connect_time`): the program uses that
 *   option and prints "Using unique option prefix ...". A prefix of several options is fatal. mariadbd matches
 *   prefixes before its plugins' options exist, so a plugin option's name can resolve to a longer server option
 *   (`innodb_cmp` sets innodb_cmp_per_index_enabled): the measured `resolvedAs` table wins over the rule.
 * - Only when the whole name is neither, the prefixes `skip`, `disable`, `enable`, `maximum`, `loose` and
 *   `autoset` followed by `-` or `_` are stripped (repeatedly, in any order) and the rest is looked up again.
 *   `loose-` turns "unknown" into a warning; it does not excuse other errors.
 * - Group names ignore case but not `-`/`_` (`[client_server]` is not `[client-server]`) nor spaces (`[ mysqld]` is read by nobody).
 */

import { editDistance as distance } from '../model/editDistance';
import { MYCNF_OPTIONS } from './mycnfKeys';
import { MARIADB_PROGRAMS, MARIADB_SERVER_VARIABLES, type MariadbProgram, MYCNF_MARIADB_VERSION } from './mycnfOptions';
import type { MariadbServerVariable, MycnfArg, MycnfEffect, MycnfOptionSpec } from './types';

export type { MariadbProgram };
export { MARIADB_PROGRAMS };

export const MARIADB_PROGRAM_NAMES: readonly MariadbProgram[] = Object.keys(MARIADB_PROGRAMS) as MariadbProgram[];
export const MARIADB_CLIENT_PROGRAMS: readonly MariadbProgram[] = MARIADB_PROGRAM_NAMES.filter((p) => MARIADB_PROGRAMS[p].kind === 'client');

/** `10.11` for the measured release. */
export const MARIADB_SERIES: string = /^(\d+\.\d+)/.exec(MYCNF_MARIADB_VERSION)?.[1] ?? '';

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

/** MySQL 8 programs whose groups we model (MySQL 8.0 Reference Manual, "Using Option Files" and each program's page). */
export type Mysql8Program = 'mysqld' | 'mysql' | 'mysqldump' | 'mysqladmin' | 'mysqlcheck' | 'mysqlimport' | 'mysqlshow' | 'mysqlslap';

export const MYSQL8_PROGRAMS: readonly Mysql8Program[] = ['mysqld', 'mysql', 'mysqldump', 'mysqladmin', 'mysqlcheck', 'mysqlimport', 'mysqlshow', 'mysqlslap'];

/** Where the MySQL 8 group model comes from. */
export const MYSQL8_GROUPS_SOURCE =
  'MySQL 8.0 Reference Manual: "Using Option Files" (https://dev.mysql.com/doc/refman/8.0/en/option-files.html) and ' +
  '"Server Command Options" (https://dev.mysql.com/doc/refman/8.0/en/server-command-options.html): mysqld reads [mysqld], ' +
  '[server] and [mysqld-8.0]; each client reads its own group and [client]';

export interface MycnfGroupReader {
  readonly flavor: MycnfFlavor;
  readonly program: MariadbProgram | Mysql8Program;
  readonly kind: 'client' | 'server';
  /** Only servers of this release series read the group (`[mysqld-10.11]`, `[mysqld-8.0]`). */
  readonly series?: string;
}

const VERSIONED = /^(mysqld|mariadb|mariadbd)-(\d+)\.(\d+)$/;
/** `[mysqld-X.Y]` belongs to MySQL for X < 10 except 5.5 (MariaDB 5.5 and MySQL 5.5 both read it), to MariaDB from 10 on. */
const seriesFlavors = (kind: string, major: number, minor: number): MycnfFlavor[] =>
  kind !== 'mysqld' ? ['mariadb'] : major >= 10 ? ['mariadb'] : major === 5 && minor === 5 ? ['mariadb', 'mysql'] : ['mysql'];

/** The groups a MariaDB program reads, in the order it names them; `X.Y` groups for `series` (default: the measured one). */
export function mariadbProgramGroups(program: MariadbProgram, series: string = MARIADB_SERIES): readonly string[] {
  return MARIADB_PROGRAMS[program].groups.map((g) => {
    const m = VERSIONED.exec(g);
    return m && `${m[2]}.${m[3]}` === MARIADB_SERIES ? `${m[1]}-${series}` : g;
  });
}

/** The groups a MySQL 8 program reads; the server's versioned group for `series` (default 8.0). */
export function mysql8ProgramGroups(program: Mysql8Program, series = '8.0'): readonly string[] {
  return program === 'mysqld' ? ['mysqld', 'server', `mysqld-${series}`] : [program, 'client'];
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

/** Every program that reads `[group]`: MariaDB programs first, then MySQL 8 ones, each in table order. */
export function mycnfGroupReaders(group: string): readonly MycnfGroupReader[] {
  const out: MycnfGroupReader[] = [];
  const versioned = VERSIONED.exec(group.toLowerCase());
  for (const program of MARIADB_PROGRAM_NAMES) {
    const t = MARIADB_PROGRAMS[program];
    if (versioned) {
      const flavors = seriesFlavors(versioned[1]!, Number(versioned[2]), Number(versioned[3]));
      if (t.kind === 'server' && flavors.includes('mariadb')) out.push({ flavor: 'mariadb', program, kind: t.kind, series: `${versioned[2]}.${versioned[3]}` });
    } else if (t.groups.some((x) => sameMycnfGroup(x, group))) {
      out.push({ flavor: 'mariadb', program, kind: t.kind });
    }
  }
  for (const program of MYSQL8_PROGRAMS) {
    const kind = program === 'mysqld' ? 'server' : 'client';
    if (versioned) {
      const flavors = seriesFlavors(versioned[1]!, Number(versioned[2]), Number(versioned[3]));
      if (kind === 'server' && flavors.includes('mysql')) out.push({ flavor: 'mysql', program, kind, series: `${versioned[2]}.${versioned[3]}` });
    } else if (mysql8ProgramGroups(program).some((x) => sameMycnfGroup(x, group))) out.push({ flavor: 'mysql', program, kind });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Option names

export type MycnfModifier = 'skip' | 'disable' | 'enable' | 'maximum' | 'loose' | 'autoset';

/** my_getopt's special prefixes, in the order it tries them. */
const MODIFIERS: readonly MycnfModifier[] = ['skip', 'disable', 'enable', 'maximum', 'loose', 'autoset'];

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

const SORTED_NAMES = new Map<MariadbProgram, readonly string[]>(MARIADB_PROGRAM_NAMES.map((p) => [p, Object.keys(MARIADB_PROGRAMS[p].options).sort()]));

/** findopt: the exact option, or every option the name is a prefix of. */
function findOption(program: MariadbProgram, name: string): { exact?: string; matches: readonly string[] } {
  const options = MARIADB_PROGRAMS[program].options;
  if (name === '') return { matches: [] };
  if (options[name] !== undefined) return { exact: name, matches: [name] };
  return { matches: SORTED_NAMES.get(program)!.filter((o) => o.startsWith(name)) };
}

/** How `program` reads the option name `name` (as written, without `=value`). */
export function resolveMycnfOption(program: MariadbProgram, name: string): MycnfResolution {
  const t = MARIADB_PROGRAMS[program];
  let rest = normalizeMycnfName(name);
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
    const m = MODIFIERS.find((p) => rest.startsWith(`${p}_`));
    if (!m) break;
    modifiers.push(m);
    rest = rest.slice(m.length + 1);
    hit = findOption(program, rest);
  }
  if (hit.exact !== undefined) return found('exact', hit.exact);
  // mariadbd matches prefixes before its plugins' options exist, so a measured resolution beats the rule.
  const measured = t.resolvedAs[normalizeMycnfName(name)];
  if (measured !== undefined && (hit.matches.length !== 1 || hit.matches[0] !== measured)) return found('prefix', measured);
  if (hit.matches.length === 1) return found('prefix', hit.matches[0]!);
  if (hit.matches.length > 1) return { status: 'ambiguous', candidates: hit.matches, modifiers, loose: modifiers.includes('loose') };
  return { status: 'unknown', modifiers, loose: modifiers.includes('loose') };
}

/** The MariaDB programs that accept `name` from an option file (exactly or as a unique prefix; `loose-` ignored). */
export function mariadbProgramsAccepting(name: string): readonly MariadbProgram[] {
  return MARIADB_PROGRAM_NAMES.filter((p) => {
    const r = resolveMycnfOption(p, name);
    return r.status === 'exact' || r.status === 'prefix';
  });
}

export interface MycnfGroupVerdict {
  readonly program: MariadbProgram;
  readonly resolution: MycnfResolution;
  /** The program refuses to start because of this option name (unknown without loose, ambiguous, disabled). */
  readonly fatal: boolean;
}

/** How each MariaDB program that reads `[group]` takes the option name `name`. */
export function mariadbGroupVerdicts(group: string, name: string): readonly MycnfGroupVerdict[] {
  return mycnfGroupReaders(group)
    .filter((r): r is MycnfGroupReader & { program: MariadbProgram } => r.flavor === 'mariadb' && (r.series === undefined || r.series === MARIADB_SERIES))
    .map(({ program }) => {
      const resolution = resolveMycnfOption(program, name);
      const fatal =
        resolution.status === 'ambiguous' || (resolution.status === 'unknown' && !resolution.loose) || (resolution.effect === 'disabled' && !resolution.loose);
      return { program, resolution, fatal };
    });
}

/**
 * The exact line `program` prints for an unknown option written as `name` (and `=value`, when given), as the
 * option file spells them: mariadb's `unknown variable 'read_timeout=300'`. mariadbd adds a timestamp before it.
 */
export function mariadbUnknownOptionMessage(program: MariadbProgram, name: string, value?: string): string {
  const m = MARIADB_PROGRAMS[program].messages;
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
    ...MARIADB_PROGRAM_NAMES.flatMap((p) => Object.keys(MARIADB_PROGRAMS[p].options)),
    ...Object.keys(MARIADB_SERVER_VARIABLES),
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
export function mycnfSuggestions(name: string, program?: MariadbProgram): readonly string[] {
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

/** A MariaDB server system variable settable at startup (any spelling). */
export function mariadbServerVariable(name: string): MariadbServerVariable | undefined {
  return MARIADB_SERVER_VARIABLES[normalizeMycnfName(name)];
}
