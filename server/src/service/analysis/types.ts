/**
 * What an analysis hands to the features. Dialect-neutral: a new dialect produces these
 * and hover, diagnostics, code actions, CodeLens and inlay hints follow.
 */

import type { DirectiveDoc } from '../catalog/types';
import type { KernelKeepalive } from '../model/formulas';
import type { Outcome, Timeline } from '../model/timeline';
import type { Version } from '../model/version';
import type { Span } from '../syntax/text';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** One row of a dialect's diagnostics table (the README reference is generated from it). */
export interface Rule {
  readonly severity: Severity;
  /** What the user should know, in a sentence or two (markdown). */
  readonly doc: string;
  /** What the quick fix does, if there is one. */
  readonly fix?: string;
}

/** Typed repair data; features/codeActions.ts turns each into edits. */
export type FixData =
  /** Replace a token (or any span) with new text. */
  | { readonly kind: 'replace'; readonly title: string; readonly span: Span; readonly text: string; readonly preferred?: boolean }
  /** Insert lines after a line (or at the top with line -1), indented like the block. */
  | { readonly kind: 'insertLines'; readonly title: string; readonly afterLine: number; readonly lines: readonly string[]; readonly preferred?: boolean }
  /** Delete whole lines [from, to]. */
  | { readonly kind: 'deleteLines'; readonly title: string; readonly from: number; readonly to: number; readonly preferred?: boolean }
  /** Move whole lines [from, to] so that they follow line `after` (-1: the top; the last line: the end). */
  | { readonly kind: 'moveLines'; readonly title: string; readonly from: number; readonly to: number; readonly after: number; readonly preferred?: boolean }
  /** Remove the byte order mark. */
  | { readonly kind: 'removeBom'; readonly title: string; readonly preferred?: boolean }
  /** Several edits made together (moving a line to another group): ranges of the text as it is, not overlapping. */
  | { readonly kind: 'edits'; readonly title: string; readonly edits: readonly TextChange[]; readonly preferred?: boolean };

/** One edit of an `edits` fix; `from`/`to` are positions in UTF-16 code units, as LSP counts them. */
export interface TextChange {
  readonly from: { readonly line: number; readonly character: number };
  readonly to: { readonly line: number; readonly character: number };
  readonly text: string;
}

export interface Finding {
  /** Stable string code, `dialect/what` (`ssh/shadowed-by-earlier-host`). */
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly span: Span;
  readonly fixes: readonly FixData[];
  /** The line never takes effect (rendered faded). */
  readonly unnecessary?: boolean;
  /** Other places that explain the finding. */
  readonly related?: ReadonlyArray<{ readonly uri: string; readonly span: Span; readonly message: string }>;
}

/** A finding as an analysis builds it, before the severity its code has in the dialect's rules table. */
export type Draft<Code extends string = string> = Omit<Finding, 'severity' | 'code'> & { readonly code: Code };

/** One CodeLens-bearing scope (a Host or Match block, or the global section). */
export interface Scope {
  readonly span: Span;
  readonly label: string;
  /** The one-line CodeLens title (the outcome's summary and whom it is for). */
  readonly summary: string;
  /** The detection outcome, computed with the scope. */
  readonly outcome: Outcome;
  /** The whole timeline, built from the same values on first use. */
  readonly timeline: Timeline;
}

/** Inline text after a value. */
export interface Hint {
  readonly line: number;
  readonly character: number;
  readonly label: string;
  readonly tooltip?: string;
}

/** What hover shows for a line: its directive docs and, when modelled, the effective value. */
export interface LineFacts {
  readonly span: Span;
  readonly spec?: DirectiveDoc;
  readonly keyword: string;
  /** The effective value for the scope's subject, and where it comes from (markdown). */
  readonly effective?: string;
  readonly scope?: Scope;
}

export interface Analysis {
  readonly findings: readonly Finding[];
  readonly scopes: readonly Scope[];
  readonly hints: readonly Hint[];
  /** Hover facts by line number. */
  factsAt(line: number, character: number): LineFacts | undefined;
  /** The scope whose lines include this line. */
  scopeAt(line: number): Scope | undefined;
}

export interface IncludedFile {
  readonly uri: string;
  readonly text: string;
  /** The path as the program names the file in its messages (`./extra.cnf` when reached by a relative path). */
  readonly name?: string;
}

export interface IncludeResult {
  /** The files the argument names, in the order the real program reads them. */
  readonly files: readonly IncludedFile[];
  /** What the real program would say about them (`Bad owner or permissions on ...`). */
  readonly problem?: string;
}

/** An error of the operating system as the programs report it: its number and strerror's text. */
export interface MycnfOsError {
  readonly errno: number;
  /** `No such file or directory`. */
  readonly text: string;
}

/**
 * A file an `!include` or `!includedir` names that is not read: the facts each family words its own way (MariaDB's
 * programs say nothing about a missing or unreadable file, MySQL's report it; both warn about a world-writable one).
 * `name`: the path as the programs name the file in their messages (`./x.cnf`, `~/` expanded, `//` as `/`). Either
 * `worldWritable` (ignored, with a warning) or `failed`: the file could not be examined (`stat`) or opened.
 */
export type MycnfSkippedFile =
  | { readonly name: string; readonly worldWritable: true; readonly failed?: undefined }
  | { readonly name: string; readonly worldWritable?: undefined; readonly failed: { readonly step: 'stat' | 'open'; readonly error: MycnfOsError } };

/**
 * What an option file's `!include` / `!includedir` reads: facts only (the analysis words them for each family, see
 * MYCNF_WORDS in analysis/mycnf/read.ts).
 */
export interface MycnfIncludeResult {
  /** The file, or the directory's `*.cnf` files sorted by name, with their text. */
  readonly files: readonly IncludedFile[];
  /** Not followed: a relative path, and no working directory of the programs to resolve it against (only the CLI knows it). */
  readonly relative?: boolean;
  /** `!include` of a directory: the programs read nothing from it. */
  readonly directory?: boolean;
  /** `!includedir`: why the directory cannot be read; the programs stop on it. */
  readonly dirError?: MycnfOsError;
  /** `!include`: the target, when it is not read (missing, unreadable, world-writable; not for a directory). */
  readonly skipped?: MycnfSkippedFile;
  /** For `!includedir`: the files read and the ones skipped (a warning, a failure), in the order the programs go through the names. */
  readonly order?: ReadonlyArray<IncludedFile | MycnfSkippedFile>;
}

/** What ssh's `%` tokens take from the machine it runs on (`%u`, `%d`, `%i`, `%l`, `%L`). */
export interface LocalFacts {
  readonly user: string;
  readonly home: string;
  readonly uid: string;
  readonly hostname: string;
}

/**
 * Everything outside the text: the file system (for Include) and the user's settings.
 * The server implements it; the service never touches a disk, a clock or a process.
 */
export interface Environment {
  /**
   * Anchors one Include argument (unquoted, its `%` tokens and `${NAME}` already expanded where the
   * release does that) as the real program would, globs it, and reads the files.
   */
  resolveInclude?(arg: string, fromUri: string, userConfig: boolean): IncludeResult;
  /** The local user, home, uid and host name, for `%` tokens in Include paths (OpenSSH 9.9 and later). */
  local?(): LocalFacts;
  /** An environment variable, for `${NAME}` in Include paths (OpenSSH 9.9 and later). */
  getenv?(name: string): string | undefined;
  /**
   * The sysctl files loaded together with this one (the sysctl.d directories under the same
   * root, and sysctl.conf), with their text; the service works out the order.
   */
  sysctlSet?(uri: string): readonly IncludedFile[];
  /**
   * An option file's `!include PATH` or `!includedir DIR` as the programs of both families read it (a relative path
   * resolves against the program's working directory, which only the CLI knows).
   */
  mycnfInclude?(kind: 'include' | 'includedir', path: string, fromUri: string): MycnfIncludeResult;
  /**
   * Whose MySQL-family client is installed here (`mariadb --version`, `mysql --version`), asked only when an
   * option file is analysed with keepaliveLens.mysql.flavor `auto` and its place does not say.
   */
  installedMysqlFlavor?(): 'mariadb' | 'mysql' | undefined;
  /**
   * The server configs (sshd_config files, drop-ins included) of the workspace, with their text (an open
   * document's text over the disk's). With exactly one main file, an ssh_config's CodeLens says which end of
   * a session gives up first when the path dies.
   */
  serverConfigs?(): readonly IncludedFile[];
}

/** The programs that read option files: MariaDB's, MySQL's, or both families when it is not known. */
export type MycnfFlavorChoice = 'mariadb' | 'mysql' | 'both';

export interface Settings {
  /** Shortest idle timeout on the network path, in seconds. */
  readonly idleTimeout: number;
  /** Detection slower than this (seconds) is reported. */
  readonly detectionTarget: number;
  readonly kernel: KernelKeepalive & { readonly synRetries: number; readonly synLinear: number };
  /** The OpenSSH release whose parser to mirror. */
  readonly sshVersion: Version;
  /** True when sshVersion is known (configured or detected), not just assumed. */
  readonly sshVersionKnown: boolean;
  /** How long a client's connection pool keeps a connection idle (seconds): wait_timeout must be longer. */
  readonly mysqlPoolIdleTime: number;
  /**
   * Whose programs read option files: MariaDB's, MySQL's, or both (not known). With `mysqlFlavorSource`
   * `setting` it is the user's choice; otherwise a file under `mariadb.conf.d/` or `mysql.conf.d/` says whose it is.
   */
  readonly mysqlFlavor: MycnfFlavorChoice;
  /**
   * `setting`: the user chose mysqlFlavor. `default` (auto): the file's place decides, else the programs installed
   * (Environment.installedMysqlFlavor), else both families, not known which.
   */
  readonly mysqlFlavorSource: 'setting' | 'default';
  /** Local user name, for Match user / localuser. */
  readonly localUser: string;
}
