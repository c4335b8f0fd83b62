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
  | 'ignored';

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
