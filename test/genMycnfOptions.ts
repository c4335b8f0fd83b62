/**
 * Generator of random MySQL/MariaDB option files for the analysis oracles (test/oracle/mycnf-analysis.test.ts for
 * MariaDB; test/oracle/mysql-analysis.test.ts with `generateOptionFile(r, 'mysql')`: MySQL's groups and programs,
 * odd letter case more often, and names no program knows, see MYSQL_UNKNOWN; MariaDB's files are byte-identical
 * for a seed to what the generator wrote before it had flavors).
 *
 * Deterministic given the PRNG. The generator does not predict what the programs do: the real MariaDB programs
 * are the judges. It writes the groups the client programs and the server read ([client], [mysql],
 * [mysqldump], [mysqladmin], [client-server], [mysqld], [mariadb]), some of them twice, with options drawn from:
 * - the timeout family (connect_timeout, read_timeout, write_timeout, timeout, wait_timeout, interactive_timeout,
 *   net_read_timeout, net_write_timeout, tcp_keepalive_time/_interval/_probes, max_allowed_packet);
 * - real options of a program that reads the group (for mariadbd mostly integer server variables);
 * - typos of the family (a letter dropped, doubled, swapped or replaced);
 * - prefixes of family and real names (`connect_time`, `co`, `net_read`), unique or ambiguous;
 * - `loose-` and skip-/enable-/disable-/maximum- before the name, `-` for `_`, odd letter case;
 * - values: plain numbers, K/M/G suffixes, `28800s`, `0x10`, `1.5`, `1e3`, `10kb`, negative numbers, empty
 *   values, numbers out of range and beyond 2^64, quoted numbers, and no value at all.
 *
 * Left out, because running the program with them would do something, wait, or depend on this machine's files
 * rather than on the option file (the oracle must never hang or write anywhere): options that prompt or retry
 * (password, wait, sleep, count), that write files or run commands (tee, pager, result_file, tab, csv, log_error,
 * pre_system, post_system), that skip the connection (only_print), that print and exit (help, version, and what the
 * catalog marks as `exits`), the defaults-file options, and mariadbd's file-system paths, user and plugin loading.
 * The real options come from the catalog and the filter asks resolveMycnfOption what a name sets, so a change to
 * the catalog changes what a seed generates.
 */
import { readIntFor } from '../server/src/service/analysis/mycnf/programs';
import {
  type MariadbProgram,
  type MycnfFlavor,
  type MycnfProgram,
  type MysqlProgram,
  normalizeMycnfName,
  programFlavor,
  programTable,
  resolveMycnfOption,
  serverVariable,
} from '../server/src/service/catalog/mycnf';
import { chance, int, pick, type Rand } from './prng';

function weighted<T>(r: Rand, xs: ReadonlyArray<readonly [number, () => T]>): T {
  const total = xs.reduce((s, [w]) => s + w, 0);
  let x = r() * total;
  for (const [w, v] of xs) {
    x -= w;
    if (x < 0) return v();
  }
  return (xs[xs.length - 1] as readonly [number, () => T])[1]();
}

export const CLIENTS = ['mariadb', 'mariadb-dump', 'mariadb-admin', 'mariadb-check', 'mariadb-import', 'mariadb-show', 'mariadb-slap'] as const;
export const PROGRAMS: readonly MariadbProgram[] = [...CLIENTS, 'mariadbd'];

/**
 * The groups generated and the programs that read them (as `--print-defaults` shows; the catalog oracle
 * test/oracle/mycnf-programs.test.ts checks the catalog's group table against the programs).
 */
export const GROUP_READERS: Readonly<Record<string, readonly MariadbProgram[]>> = {
  client: CLIENTS,
  mysql: ['mariadb'],
  mysqldump: ['mariadb-dump'],
  mysqladmin: ['mariadb-admin'],
  'client-server': PROGRAMS,
  mysqld: ['mariadbd'],
  mariadb: ['mariadbd'],
};

/** MySQL's programs (test/oracle/mysql-analysis.test.ts runs them) and the groups they read (MYSQL_PROGRAMS[p].groups). */
export const MYSQL_CLIENTS = ['mysql', 'mysqldump', 'mysqladmin', 'mysqlcheck', 'mysqlimport', 'mysqlshow', 'mysqlslap'] as const;
export const MYSQL_RUN_PROGRAMS: readonly MysqlProgram[] = [...MYSQL_CLIENTS, 'mysqld'];
export const MYSQL_GROUP_READERS: Readonly<Record<string, readonly MysqlProgram[]>> = {
  client: MYSQL_CLIENTS,
  mysql: ['mysql'],
  mysqldump: ['mysqldump'],
  mysqladmin: ['mysqladmin'],
  mysqld: ['mysqld'],
  server: ['mysqld'],
};

/** The groups each family's generated files use, with the programs that read them. */
export const FLAVOR_GROUP_READERS: Readonly<Record<MycnfFlavor, Readonly<Record<string, readonly MycnfProgram[]>>>> = {
  mariadb: GROUP_READERS,
  mysql: MYSQL_GROUP_READERS,
};
const readersOf = (group: string, flavor: MycnfFlavor): readonly MycnfProgram[] => FLAVOR_GROUP_READERS[flavor][group]!;

const TIMEOUT_FAMILY = [
  'connect_timeout',
  'read_timeout',
  'write_timeout',
  'timeout',
  'wait_timeout',
  'interactive_timeout',
  'net_read_timeout',
  'net_write_timeout',
  'tcp_keepalive_time',
  'tcp_keepalive_interval',
  'tcp_keepalive_probes',
  'max_allowed_packet',
] as const;

/** Options a generated file never sets for a client (the program would prompt, retry, write or run something). */
const CLIENT_DENY = new Set([
  'password',
  'wait',
  'sleep',
  'count',
  'tee',
  'pager',
  'result_file',
  'tab',
  'csv',
  'log_error',
  'only_print',
  'pre_system',
  'post_system',
  'print_defaults',
  'no_defaults',
  'defaults_file',
  'defaults_extra_file',
  'defaults_group_suffix',
  'help',
  'version',
]);

/**
 * MySQL client options also left out: they load plugins or read files (telemetry_client, plugin_dir, the OCI and
 * WebAuthn options, ssl_session_data), look names up in DNS (dns_srv_name), switch network namespaces, log to
 * syslog, or prompt for more passwords.
 */
const MYSQL_CLIENT_DENY = new Set([
  'password1',
  'password2',
  'password3',
  'telemetry_client',
  'plugin_dir',
  'dns_srv_name',
  'network_namespace',
  'syslog',
  'ssl_session_data',
  'oci_config_file',
  'authentication_oci_client_config_profile',
  'authentication_openid_connect_client_id_token_file',
  'plugin_authentication_webauthn_device',
  'plugin_authentication_webauthn_client_preserve_privacy',
  'register_factor',
  'debug',
  'debug_check',
  'debug_info',
]);

/** mysqld options also left out: the oracle's own run (--validate-config, the log verbosity), initialising, daemonizing, debug traces. */
const MYSQL_SERVER_DENY = new Set([
  'validate_config',
  'log_error_verbosity',
  'initialize',
  'initialize_insecure',
  'daemonize',
  'debug',
  'gdb',
  'core_file',
  'early_plugin_load',
  'upgrade',
  'keyring_migration_source',
  'keyring_migration_destination',
]);

/** mariadbd options left out: the run's own flags, user and plugin loading, and paths (they depend on this machine's files). */
const SERVER_DENY = new Set([
  'help',
  'verbose',
  'version',
  'print_defaults',
  'no_defaults',
  'defaults_file',
  'defaults_extra_file',
  'defaults_group_suffix',
  'user',
  'chroot',
  'memlock',
  'bootstrap',
  'plugin_load',
  'plugin_load_add',
  'log_error',
  'basedir',
  'datadir',
  'tmpdir',
  'language',
  'lc_messages',
  'lc_messages_dir',
  'secure_file_priv',
  'socket',
  'log_bin',
  'log_bin_index',
  'relay_log',
  'relay_log_index',
  'init_file',
]);
const SERVER_PATHY = /(_dir|_path|_file|_directory|_index|_basename)$/;

/**
 * Client options that change how the oracle's own command line reads (it passes a database, a command, and relies
 * on the "Can't connect" line to see a client start): --all-databases with a database argument is a usage error,
 * mariadb-admin --silent does not print the connection error.
 */
const COMMAND_LINE_DENY: Partial<Record<MariadbProgram, ReadonlySet<string>>> = {
  'mariadb-dump': new Set(['all_databases']),
  'mariadb-check': new Set(['all_databases']),
  'mariadb-admin': new Set(['silent']),
};

const MYSQL_COMMAND_LINE_DENY: Partial<Record<MysqlProgram, ReadonlySet<string>>> = {
  mysqldump: new Set(['all_databases']),
  mysqlcheck: new Set(['all_databases']),
  mysqladmin: new Set(['silent']),
};

function denied(program: MycnfProgram, option: string): boolean {
  if (programFlavor(program) === 'mysql') {
    if (program === 'mysqld') return SERVER_DENY.has(option) || SERVER_PATHY.test(option) || MYSQL_SERVER_DENY.has(option);
    return CLIENT_DENY.has(option) || MYSQL_CLIENT_DENY.has(option) || MYSQL_COMMAND_LINE_DENY[program as MysqlProgram]?.has(option) === true;
  }
  if (program === 'mariadbd') return SERVER_DENY.has(option) || SERVER_PATHY.test(option);
  return CLIENT_DENY.has(option) || COMMAND_LINE_DENY[program as MariadbProgram]?.has(option) === true;
}

/** True when every program reading `group` may safely be run with the option name `name`. */
function safeFor(group: string, name: string, flavor: MycnfFlavor): boolean {
  return readersOf(group, flavor).every((p) => {
    const r = resolveMycnfOption(p, name);
    if (r.effect === 'exits') return false;
    return r.option === undefined || !denied(p, r.option);
  });
}

const REAL_OPTIONS = new Map<MycnfProgram, { ints: readonly string[]; others: readonly string[] }>(
  [...PROGRAMS, ...MYSQL_RUN_PROGRAMS].map((p) => {
    const t = programTable(p);
    const names = Object.keys(t.options).filter((n) => !denied(p, n) && t.effects[n] !== 'exits');
    const isInt = (n: string) => (t.kind === 'server' ? serverVariable(programFlavor(p), n)?.type === 'int' : t.ranges[n] !== undefined);
    return [p, { ints: names.filter(isInt), others: names.filter((n) => !isInt(n)) }];
  }),
);

/** A real option of a program that reads `group`: mostly integers, whose values the programs check. */
function realOption(r: Rand, group: string, flavor: MycnfFlavor): string {
  const p = pick(r, readersOf(group, flavor));
  const o = REAL_OPTIONS.get(p)!;
  return chance(r, 0.65) && o.ints.length ? pick(r, o.ints) : pick(r, o.others);
}

function typo(r: Rand, name: string): string {
  const i = int(r, 1, name.length - 2);
  const letters = [...'abcdefghijklmnopqrstuvwxyz'];
  return weighted(r, [
    [1, () => name.slice(0, i) + name.slice(i + 1)],
    [1, () => name.slice(0, i) + name[i] + name.slice(i)],
    [1, () => name.slice(0, i) + name[i + 1] + name[i] + name.slice(i + 2)],
    [1, () => name.slice(0, i) + pick(r, letters) + name.slice(i + 1)],
  ]);
}

/** Prefixes people write: unique ones (connect_time) and ambiguous ones (co). */
const PREFIXES = [
  'co',
  'con',
  'connect',
  'connect_time',
  'net',
  'net_read',
  'net_write_time',
  'max_allowed',
  'max',
  'tcp_keepalive',
  'tcp_keepalive_t',
  'wait',
  'interactive',
  'inter',
  'time',
  'read',
  'write',
  'keep',
];

/**
 * Names no MySQL program knows, for MySQL's files only: `mysql` skips the first unknown option of its files and
 * refuses the second, so files need unknown lines (often two) in [mysql] and [client].
 */
const MYSQL_UNKNOWN = ['foo_bar', 'zork', 'no_such_option', 'skip_zork', 'loose_foo_bar', 'ssl_verify'];

function baseName(r: Rand, group: string, flavor: MycnfFlavor): string {
  const mysqlOnly: ReadonlyArray<readonly [number, () => string]> = flavor === 'mysql' ? [[8, () => pick(r, MYSQL_UNKNOWN)]] : [];
  return weighted(r, [
    [40, () => pick(r, TIMEOUT_FAMILY)],
    [22, () => realOption(r, group, flavor)],
    [10, () => typo(r, pick(r, TIMEOUT_FAMILY))],
    [8, () => pick(r, PREFIXES)],
    [
      8,
      () => {
        const n = chance(r, 0.6) ? pick(r, TIMEOUT_FAMILY) : realOption(r, group, flavor);
        return n.slice(0, int(r, 2, Math.max(2, n.length - 1)));
      },
    ],
    ...mysqlOnly,
  ]);
}

/** A number as people write it, or as the programs must refuse or clamp it. */
function value(r: Rand): string {
  const n = () => String(pick(r, [0, 1, 2, 5, 10, 30, 60, 75, 120, 127, 128, 300, 600, 3600, 7200, 28800, 32767, 40000, 86400, 2147483, 31536000]));
  return weighted(r, [
    [30, n],
    [8, () => `${pick(r, [1, 2, 4, 16, 64, 512])}${pick(r, ['K', 'M', 'G', 'k', 'm', 'g'])}`],
    [4, () => pick(r, ['28800s', '30s', '5m', '1h', '0x10', '1.5', '1e3', '10kb', '2T', '5x', 'abc', 'on'])],
    [5, () => pick(r, ['-5', '-1', '-0', '-28800'])],
    [4, () => ''],
    [4, () => pick(r, ['99999999', '99999999999', '4294967296', '18446744073709551615', '18446744073709551616', '99999999999999999999'])],
    [4, () => (chance(r, 0.5) ? `"${n()}"` : `'${pick(r, [n(), '-1', '28800s', '64M'])}'`)],
  ]);
}

/** `-` for `_` and odd letter case (more often for MySQL, whose names are case-sensitive). */
function spelling(r: Rand, name: string, flavor: MycnfFlavor): string {
  let out = name;
  if (chance(r, 0.3)) out = [...out].map((c) => (c === '_' && chance(r, 0.5) ? '-' : c)).join('');
  if (chance(r, flavor === 'mysql' ? 0.15 : 0.05)) out = [...out].map((c) => (chance(r, 0.3) ? c.toUpperCase() : c)).join('');
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Known limits: lines the generator does not write, because the model knowingly says less than the programs do
// there. Each is a documented limit of the analysis (README, Known limits), not a disagreement the oracle hides:
// everything else the generator writes is compared strictly.

/** Options whose values the programs check against other options (a cross-option check the model does not make). */
export const CROSS_OPTION_CHECKS: readonly RegExp[] = [/^ignore_database$/, /^ignore_table$/, /^fields_/, /^lines_terminated_by$/];

/** mariadbd plugin options: a bad value makes mariadbd disable the plugin ("Parsing options for plugin ... failed"). */
export const PLUGIN_OPTION_PREFIXES: readonly string[] = ['innodb', 'aria_', 'performance_schema', 'myisam'];

/** mysqld's plugin options (measured: `mysqlx_write_timeout=30s` -> "Parsing options for plugin 'mysqlx' failed"). */
export const MYSQL_PLUGIN_OPTION_PREFIXES: readonly string[] = ['innodb', 'performance_schema', 'myisam', 'mysqlx', 'group_replication', 'validate_password'];

/**
 * mariadbd options whose every prefix mariadbd resolves to them (measured: `m`, `ma`, `max`, `max_`, `max_c` all set
 * max_connections), where the catalog's tables find those prefixes ambiguous.
 */
export const UNRECORDED_SERVER_PREFIXES: readonly string[] = ['max_connections'];

/** One generated line as every program reading its group resolves it. */
export interface LineContext {
  readonly group: string;
  /** The name as written (with loose-/skip-/... prefixes). */
  readonly name: string;
  /** The value as written, undefined for a bare name. */
  readonly value: string | undefined;
}

export interface KnownLimit {
  readonly id: string;
  readonly reason: string;
  /** True when the line falls under the limit for `program`. */
  readonly applies: (c: LineContext, program: MycnfProgram) => boolean;
}

const resolved = (c: LineContext, p: MycnfProgram) => resolveMycnfOption(p, c.name);
/** The value as the reader hands it on (the generator quotes a whole value or nothing). */
const unquoted = (v: string): string => v.trim().replace(/^(['"])(.*)\1$/, '$2');
const onlyLoose = (c: LineContext, p: MycnfProgram) => resolved(c, p).modifiers.every((m) => m === 'loose');

/** The limits, in the order the README lists them. */
export const KNOWN_LIMITS: readonly KnownLimit[] = [
  {
    id: 'unjudged-value',
    reason:
      'The model judges only integer values: the values of boolean, enum, set, format and string options (protocol, tls_version, optimizer_switch, time_format, default_character_set, thread_pool_priority, ...) are not checked, nor what skip-/enable-/disable- set such a mariadbd option to (`enable-time` -> time_format: "Wrong date/time format specifier").',
    applies: (c, p) => {
      const r = resolved(c, p);
      if (r.option === undefined || r.arg === 'none') return false;
      if (c.value !== undefined && onlyLoose(c, p) && readIntFor(p, r.option, unquoted(c.value)) === undefined && !unquoted(c.value).startsWith('-'))
        return true;
      return !onlyLoose(c, p) && r.arg !== 'bool' && readIntFor(p, r.option, '1') === undefined;
    },
  },
  {
    id: 'cross-option-check',
    reason: `Options the programs check against other options (${CROSS_OPTION_CHECKS.map(String).join(', ')}): the model checks each line on its own.`,
    applies: (c, p) => {
      const o = resolved(c, p).option;
      return o !== undefined && CROSS_OPTION_CHECKS.some((re) => re.test(o));
    },
  },
  {
    id: 'mysql-negative-unsigned',
    reason:
      "MySQL: a negative value for an unsigned integer option. MySQL's programs warn (`option 'connect_timeout': value -5 adjusted to 0`) and run with the option's minimum; the model makes no claim about such a value (readIntFor returns nothing).",
    applies: (c, p) => {
      if (programFlavor(p) !== 'mysql') return false;
      const r = resolved(c, p);
      return (
        r.option !== undefined &&
        c.value !== undefined &&
        onlyLoose(c, p) &&
        unquoted(c.value).startsWith('-') &&
        readIntFor(p, r.option, unquoted(c.value)) === undefined
      );
    },
  },
  {
    id: 'negative-without-signedness',
    reason:
      'A negative value for an integer option without a catalog deep entry (port, net_buffer_length, ...): the tables do not record whether the option is signed, so the model does not judge it.',
    applies: (c, p) => {
      const r = resolved(c, p);
      return (
        r.option !== undefined &&
        c.value !== undefined &&
        onlyLoose(c, p) &&
        unquoted(c.value).startsWith('-') &&
        readIntFor(p, r.option, unquoted(c.value)) === undefined
      );
    },
  },
  {
    id: 'plugin-option-value',
    reason: `A bad or missing value for a server plugin option, or an ambiguous prefix of plugin options (mariadbd: ${PLUGIN_OPTION_PREFIXES.map((x) => `${x}*`).join(', ')}; mysqld: ${MYSQL_PLUGIN_OPTION_PREFIXES.map((x) => `${x}*`).join(', ')}): the server reads them after its own options, reports "Parsing options for plugin ... failed" (or "Buffered error: ..."; mysqld may also call the line an unknown variable, and runs on after a loose- one) and disables the plugin, which the model does not follow.`,
    applies: (c, p) => {
      if (p !== 'mariadbd' && p !== 'mysqld') return false;
      const r = resolved(c, p);
      const prefixes = p === 'mysqld' ? MYSQL_PLUGIN_OPTION_PREFIXES : PLUGIN_OPTION_PREFIXES;
      const plugin = (o: string) => prefixes.some((x) => o.startsWith(x));
      if (r.status === 'ambiguous') return (r.candidates ?? []).some(plugin);
      if (r.option === undefined || !plugin(r.option)) return false;
      if (c.value === undefined) return true;
      const reading = readIntFor(p, r.option, unquoted(c.value));
      return !reading?.ok;
    },
  },
  {
    id: 'maximum-prefix',
    reason: 'The `maximum-` prefix: the model does not follow how the programs resolve it.',
    applies: (c, p) => resolved(c, p).modifiers.includes('maximum'),
  },
  {
    id: 'unrecorded-server-prefix',
    reason: `Prefixes of mariadbd options that the tables do not record (every prefix of ${UNRECORDED_SERVER_PREFIXES.join(', ')}): mariadbd resolves them (m, ma, max, max_c -> max_connections) where the model finds them ambiguous.`,
    applies: (c, p) => {
      if (p !== 'mariadbd') return false;
      const base = normalizeMycnfName(c.name).replace(/^(?:(?:loose|skip|enable|disable|maximum)_)+/, '');
      return UNRECORDED_SERVER_PREFIXES.some((o) => o !== base && o.startsWith(base));
    },
  },
  {
    id: 'declared-spelling-in-missing-value',
    reason:
      "A value option written without a value in a spelling other than its declared name up to `-`/`_` (a prefix, other letter case, a loose- prefix): the program prints the declared name in \"option '--NAME' requires an argument\", the model prints the file's spelling.",
    applies: (c, p) => {
      const r = resolved(c, p);
      if (r.option === undefined || c.value !== undefined || r.arg !== 'required' || (r.modifiers.length > 0 && !onlyLoose(c, p))) return false;
      return normalizeMycnfName(c.name) !== r.option || c.name !== c.name.toLowerCase() || r.modifiers.length > 0;
    },
  },
  {
    id: 'modifier-with-ambiguous-name',
    reason:
      'loose-/skip-/enable-/disable- before an ambiguous name: the programs print two lines (the ambiguous prefix with its modifier, then "variable prefix ... is not unique" or the name without it) and exit 6; the model prints one.',
    applies: (c, p) => {
      const r = resolved(c, p);
      return r.status === 'ambiguous' && r.modifiers.length > 0;
    },
  },
];

/** The first known limit the line falls under for some program reading its group. */
export function knownLimit(c: LineContext, flavor: MycnfFlavor = 'mariadb'): KnownLimit | undefined {
  return KNOWN_LIMITS.find((k) => readersOf(c.group, flavor).some((p) => k.applies(c, p)));
}

/** One option line (without the line break), for `group`. */
function optionLine(r: Rand, group: string, flavor: MycnfFlavor): string {
  for (;;) {
    let name = baseName(r, group, flavor);
    const modifier = chance(r, 0.1) ? pick(r, ['skip', 'enable', 'disable', 'maximum']) : undefined;
    if (modifier) name = `${modifier}_${name}`;
    if (chance(r, 0.12)) name = `${pick(r, ['loose', 'loose', 'LOOSE'])}_${name}`;
    name = spelling(r, name, flavor);
    if (!safeFor(group, name, flavor)) continue;
    const bare = modifier === 'skip' || modifier === 'enable' || modifier === 'disable' ? chance(r, 0.6) : chance(r, 0.08);
    const v = bare ? undefined : value(r);
    if (knownLimit({ group, name, value: v }, flavor)) continue;
    if (v === undefined) return name;
    const eq = chance(r, 0.1) ? ' = ' : '=';
    return `${name}${eq}${v}`;
  }
}

export interface GeneratedSection {
  readonly group: string;
  /** Option lines as written. */
  readonly options: readonly string[];
}

export interface GeneratedOptionFile {
  readonly sections: readonly GeneratedSection[];
  readonly text: string;
  /** Each option line: its 0-based line number, group and text. */
  readonly lines: ReadonlyArray<{ readonly line: number; readonly group: string; readonly text: string }>;
}

/** A random option file for the programs of `flavor` (MariaDB's files are the same for a seed as before flavors). */
export function generateOptionFile(r: Rand, flavor: MycnfFlavor = 'mariadb'): GeneratedOptionFile {
  const sections: GeneratedSection[] = [];
  const count = int(r, 2, 5);
  const groups = Object.keys(FLAVOR_GROUP_READERS[flavor]);
  for (let i = 0; i < count; i++) {
    const group = pick(r, groups);
    sections.push({ group, options: Array.from({ length: int(r, 1, 4) }, () => optionLine(r, group, flavor)) });
  }
  const out: string[] = [];
  const lines: Array<{ line: number; group: string; text: string }> = [];
  for (const s of sections) {
    if (out.length && chance(r, 0.5)) out.push('');
    out.push(`[${s.group}]`);
    if (chance(r, 0.15)) out.push('# generated');
    for (const o of s.options) {
      lines.push({ line: out.length, group: s.group, text: o });
      out.push(o);
    }
  }
  return { sections, text: `${out.join('\n')}\n`, lines };
}
