/**
 * Typed, read-only directive tables. Documentation lives here once, as data;
 * hover text, completion docs and the README are rendered from it.
 */

/** How a directive's arguments are read, mirroring the parse_* paths of the real parser. */
export type ValueSpec =
  /** A time value (`90`, `1m30s`, `1h`); `none` leaves the directive unset when allowNone. */
  | { readonly type: 'time'; readonly allowNone: boolean }
  /** A decimal integer in [min, max] (OpenSSH's atoi_err: 0..INT_MAX unless stated). */
  | { readonly type: 'int'; readonly min: number; readonly max: number }
  /** yes / no / true / false, case-insensitive. */
  | { readonly type: 'flag' }
  /** One word out of a fixed table (OpenSSH's multistate tables). */
  | { readonly type: 'choice'; readonly values: readonly string[]; readonly caseSensitive: boolean }
  /** ControlPersist: yes / no (case-sensitive) or a time value. */
  | { readonly type: 'controlPersist' }
  /** Exactly one argument whose content we do not validate. */
  | { readonly type: 'text' }
  /** One or more arguments (the directive consumes the rest of the line). */
  | { readonly type: 'words' }
  /** Any arguments, in a form the real program checks and we do not model. */
  | { readonly type: 'free' };

/** Whether the real program accepts the keyword, and how. */
export type KeywordStatus =
  /** Parsed and used. */
  | 'active'
  /** Accepted and silently ignored ("Deprecated option" at debug level). */
  | 'deprecated'
  /** Accepted with an error message, not used ("Unsupported option"). */
  | 'unsupported'
  /** Accepted and ignored without a message. */
  | 'ignored'
  /** Parsed and used only by builds with a distribution patch (upstream stops with "Bad configuration option"). */
  | 'patch';

/** The documentation every directive has, in any dialect; hover and completion render it. */
export interface DirectiveDoc {
  /** Canonical spelling, as the manual writes it (`ServerAliveInterval`, `net.ipv4.tcp_keepalive_time`). */
  readonly name: string;
  /** One sentence, in our own words. */
  readonly summary: string;
  /** Longer markdown: what it really does. Only for directives we model deeply. */
  readonly details?: string;
  /** The default as the real program reports it, if any. */
  readonly default?: string;
  /** Human syntax line, e.g. `time | none`, `seconds, 1..2147483`. */
  readonly syntax: string;
  /** Release that introduced it, of `product`; absent when older than what we support. */
  readonly since?: string;
  /** Whose release `since` names; `OpenSSH` when absent. */
  readonly product?: string;
  readonly status: KeywordStatus;
  /** For old spellings: the directive this one is another name for. */
  readonly aliasOf?: string;
  /** Part of the keepalive/timeout family this product computes with. */
  readonly keepalive?: boolean;
}

export interface KeywordSpec extends DirectiveDoc {
  /** The default as the real program reports it (`ssh -G` / `sshd -T` spelling), if any. */
  readonly default?: string;
  readonly value: ValueSpec;
  /** OpenSSH release that introduced it (`9.6`); absent when older than 5.0. */
  readonly since?: string;
}

/**
 * How the kernel reads a sysctl value written to /proc/sys (the proc_do*vec handlers):
 * leading whitespace is skipped, an integer is read with C's base-0 rules, and it must be
 * followed by whitespace or the end.
 */
export type SysctlValue =
  /** One integer in [min, max] (values outside make the write fail with EINVAL). */
  | { readonly type: 'int'; readonly min: number; readonly max: number }
  /** Several integers separated by whitespace (`tcp_rmem`: min default max). */
  | { readonly type: 'ints'; readonly count: number; readonly min: number; readonly max: number }
  /** A word or free text (`tcp_congestion_control`); `values` when the set is fixed. */
  | { readonly type: 'text'; readonly values?: readonly string[] };

export type SysctlUnit = 'seconds' | 'milliseconds' | 'microseconds' | 'count' | 'bytes' | 'pages' | 'flag' | 'mode';

export interface SysctlKeySpec extends DirectiveDoc {
  /** Dotted name as `sysctl -a` prints it (`net.ipv4.tcp_keepalive_time`). */
  readonly name: string;
  readonly value: SysctlValue;
  readonly unit: SysctlUnit;
  /** Each network namespace has its own value; a new namespace starts from `default`. */
  readonly perNamespace: boolean;
}

/**
 * How a MySQL/MariaDB program takes an option's argument from an option file (my_getopt):
 * `required` fails without `=value` ("requires an argument"), `none` fails with one ("cannot take an
 * argument"), `bool` takes an optional 1/0/on/off/true/false, `optional` takes an optional value.
 */
export type MycnfArg = 'required' | 'optional' | 'bool' | 'none';

/** What naming the option does besides setting it: `disabled` in this build (fatal), `exits` after printing. */
export type MycnfEffect = 'disabled' | 'exits';

/** One program's measured option table (generated into mycnfOptions.ts). */
export interface MariadbProgramTable {
  readonly program: string;
  readonly kind: 'client' | 'server';
  /** First line of `PROGRAM --version`. */
  readonly version: string;
  /** The groups it reads, as its --help names them (checked with --print-defaults). */
  readonly groups: readonly string[];
  /** Exact messages with `%s` for what the file held (`name=value` / `name`); mariadbd adds a timestamp before them. */
  readonly messages: { readonly unknownVariable: string; readonly unknownOption: string; readonly looseWarning: string };
  /** Every option an option file may name, normalised (lower case, `_`), with how it takes its argument. */
  readonly options: Readonly<Record<string, MycnfArg>>;
  readonly effects: Readonly<Record<string, MycnfEffect>>;
  /** Measured names that are no option of their own but set the one given: a unique prefix of it, or skip-/loose-/... before it. */
  readonly resolvedAs: Readonly<Record<string, string>>;
  /** Names --help lists that an option file does not set under that name (rejected, or resolved as another option). */
  readonly listedButRejected: readonly string[];
  /** Integer options: the value with no option file, and what -2^63 (or 0) and 2^64-1 are clamped to; exact, as bigint. */
  readonly ranges: Readonly<Record<string, { readonly default: bigint; readonly min: bigint; readonly max: bigint }>>;
  /** Exit status after `messages.unknownVariable` / `messages.unknownOption` (measured for MySQL; MariaDB: 7 and 2, see mycnfOptions.ts). */
  readonly exitStatuses?: { readonly unknownVariable: number; readonly unknownOption: number };
  /**
   * MySQL's `mysql` skips the FIRST unknown option of its option files without a word (a `loose-` one too, then
   * without the warning), even with --verbose; the next unknown one is refused with `messages` as usual. Command-line
   * options are never skipped. Absent: every unknown option is refused.
   */
  readonly skipsFirstUnknownInFiles?: boolean;
  /** Names accepted whose value `1` the program refused, with its first message (MySQL tables). */
  readonly valueErrors?: Readonly<Record<string, string>>;
  /** Names accepted with a deprecation warning, with the warning as printed (MySQL tables). */
  readonly deprecated?: Readonly<Record<string, string>>;
}

/** A server system variable as information_schema.SYSTEM_VARIABLES describes it. */
export interface MariadbServerVariable {
  readonly type: 'int' | 'double' | 'bool' | 'enum' | 'set' | 'flagset' | 'text';
  /** Compiled-in default, as the server prints it. */
  readonly default?: string;
  /** Exact bounds of integer variables (they reach 2^64-1). */
  readonly min?: bigint;
  readonly max?: bigint;
  /** Values are rounded down to a multiple of this. */
  readonly blockSize?: number;
  readonly values?: readonly string[];
  readonly scope: 'global' | 'session';
  /** MySQL: a session variable with no global value (variables_metadata's SESSION_ONLY). */
  readonly sessionOnly?: boolean;
  readonly readOnly?: boolean;
}

/** The value of a MySQL/MariaDB option or server variable. */
export type MycnfValue =
  /** A decimal integer (my_getopt also takes a K/M/G/T/P/E suffix); out-of-range values are clamped with a warning, negative ones rejected when unsigned. */
  | { readonly type: 'int'; readonly min: number; readonly max: number; readonly blockSize?: number; readonly signed?: boolean }
  /** 1/0, on/off, true/false (case-insensitive); anything else is read as off with a warning. */
  | { readonly type: 'bool' }
  | { readonly type: 'text' }
  | { readonly type: 'enum'; readonly values: readonly string[] };

export type MycnfUnit = 'seconds' | 'bytes' | 'count' | 'flag';

/** A MySQL 8 value where it differs from MariaDB's, with the manual page it comes from. */
export interface MycnfMysqlValue {
  readonly default?: string;
  readonly value?: MycnfValue;
  /** Client programs of MySQL 8 that accept the option (client scope only). */
  readonly programs?: readonly string[];
  /** Reference manual page the values come from. */
  readonly source: string;
}

/** An option or server variable Keepalive Lens models deeply (the timeout family). */
export interface MycnfOptionSpec extends DirectiveDoc {
  /** Canonical spelling with `_` (`net_read_timeout`). The same name can exist once per scope (`connect_timeout`). */
  readonly name: string;
  readonly value: MycnfValue;
  readonly unit: MycnfUnit;
  /** `server`: a mariadbd/mysqld variable, read from server groups; `client`: an option of client programs. */
  readonly scope: 'server' | 'client';
  /** MariaDB programs that accept it from an option file (measured; see mycnfOptions.ts). */
  readonly programs: readonly string[];
  /** Where MySQL 8 differs or is documented separately; absent when MySQL 8 does not have it. */
  readonly mysql?: MycnfMysqlValue;
}
