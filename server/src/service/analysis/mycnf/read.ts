/**
 * Reading an option file the way the programs do (`search_default_file_with_ext`, mysys/my_default.c in MariaDB,
 * mysys/my_default.cc in MySQL): every option with the group it is in, in order, following `!include` and
 * `!includedir` to depth 10, stopping at the first fatal error. `my_print_defaults --defaults-file=F GROUP...` prints
 * the options of the named groups of this list; `explain --group` prints the same, and
 * test/oracle/mycnf-reader.test.ts (MariaDB) and test/oracle/mysql-reader.test.ts (MySQL) compare the two.
 *
 * Each file has its own current group: a group opened in an included file ends with that file, and an
 * included file must open a group before its first option. An error in an included file ends that file only.
 *
 * The two families read the same options from the same files, but for one thing: on a last line without a line
 * break, MariaDB's programs drop the last character of an `!include` path (they take it for the `\n`), MySQL's do
 * not. What they print differs more: their own words, and MySQL's programs also report an `!include` target they
 * cannot stat or open, and name the directive after every included file that failed ("Stopped processing").
 */
import { type MycnfFlavor, sameMycnfGroup as sameGroup } from '../../catalog/mycnf';
import { type MycnfDocument, type MycnfLine, type MycnfOptionToken, tokenizeMycnf, trimMycnfEnd } from '../../syntax/mycnf';
import type { Span } from '../../syntax/text';
import type { Environment, MycnfIncludeResult, MycnfOsError, MycnfSkippedFile } from '../types';

/** The programs stop following `!` directives at this depth (the main file is depth 0). */
export const MYCNF_MAX_INCLUDE_DEPTH = 10;
/** Our own bound on the files one read opens (an `!includedir` that includes itself would otherwise open 10^n). */
export const MYCNF_MAX_FILES = 1000;

export interface MycnfEntry {
  readonly uri: string;
  /** The line of the main file this comes from: its own line, or the `!include` that leads to it. */
  readonly via: number;
  readonly line: MycnfLine;
  readonly option: MycnfOptionToken;
  /** The group the option is in, as written (leading spaces kept). */
  readonly group: string;
  /** What the program receives: `--name=value` or `--name`. */
  readonly arg: string;
  readonly depth: number;
}

export interface MycnfReadProblem {
  readonly uri: string;
  /** The line of the main file: the problem's own, or the `!include` that leads to it. */
  readonly via: number;
  readonly span: Span;
  /** The programs' own words (`error: Found option without preceding group in config file: ...`). */
  readonly message: string;
}

export interface MycnfIncludeSite {
  readonly uri: string;
  readonly line: MycnfLine;
  /** The path the programs use (see mycnfIncludePath). */
  readonly path: string;
  readonly depth: number;
  /** What the environment read; absent when there is no environment to read with. */
  readonly result?: MycnfIncludeResult;
}

export interface MycnfRead {
  /** Whose programs this is the reading of. */
  readonly flavor: MycnfFlavor;
  /** Every option read before the first fatal error, in the order the programs get them. */
  readonly entries: readonly MycnfEntry[];
  /** The error that stops every program reading the file (nothing at all is then used): one in the main file. */
  readonly fatal?: MycnfReadProblem;
  /**
   * Errors that end an included file: the programs print them, stop reading that file and go on with the one
   * that included it (the nested read's failure is not passed up), keeping what was read before.
   */
  readonly errors: readonly MycnfReadProblem[];
  /** Lines the programs skip with a warning (directives past the depth limit). */
  readonly warnings: readonly MycnfReadProblem[];
  readonly includes: readonly MycnfIncludeSite[];
  /**
   * Every line the programs print on stderr while reading, in order (warnings, errors, the fatal one; after it, MySQL's
   * programs print the "Stopped processing" line of the directive that failed).
   */
  readonly messages: readonly MycnfReadProblem[];
  /** Every file read, tokenized once. */
  readonly docs: ReadonlyMap<string, MycnfDocument>;
  /** The file budget (MYCNF_MAX_FILES) ran out: the list is incomplete. */
  readonly truncated: boolean;
}

/** What one family's programs print while reading option files, in their own words (without the program's name). */
export interface MycnfWords {
  /** The file of `--defaults-file` cannot be opened (my_load_defaults; the programs stop). */
  missingDefaultsFile(file: string): string;
  optionWithoutGroup(file: string, line: number): string;
  wrongGroup(file: string, line: number): string;
  wrongDirective(kind: 'include' | 'includedir', file: string, line: number): string;
  depthLimit(directive: string, file: string, line: number): string;
  worldWritable(name: string): string;
  cantReadDir(path: string, error: MycnfOsError): string;
  /** An `!include` or `!includedir` target that cannot be stat'ed or opened; MariaDB's programs say nothing. */
  failedFile?(name: string, step: 'stat' | 'open', error: MycnfOsError): string;
  /** After an included file that was missing, unreadable or stopped by an error; MariaDB's programs say nothing. */
  stopped?(kind: 'include' | 'includedir', file: string, line: number): string;
}

/**
 * The messages of search_default_file_with_ext and get_argument (MariaDB 10.11: fprintf, `my_print_defaults: ` and a
 * bell only before my_error's; MySQL 9.7: my_message_local's `[ERROR] `/`[Warning] ` and a final `.`, and my_error's
 * `OS errno N - text`), as my_print_defaults prints them after its name; measured (test/mycnfFacts.ts, test/mysqlFacts.ts).
 */
export const MYCNF_WORDS: Readonly<Record<MycnfFlavor, MycnfWords>> = {
  mariadb: {
    missingDefaultsFile: (f) => `Could not open required defaults file: ${f}`,
    optionWithoutGroup: (f, n) => `error: Found option without preceding group in config file: ${f} at line: ${n}`,
    wrongGroup: (f, n) => `error: Wrong group definition in config file: ${f} at line ${n}`,
    wrongDirective: (k, f, n) => `error: Wrong '!${k}' directive in config file: ${f} at line ${n}`,
    depthLimit: (d, f, n) => `Warning: skipping '${d}' directive as maximum includerecursion level was reached in file ${f} at line ${n}`,
    worldWritable: (name) => `Warning: World-writable config file '${name}' is ignored`,
    cantReadDir: (p, e) => `Can't read dir of '${p}' (Errcode: ${e.errno} "${e.text}")`,
  },
  mysql: {
    missingDefaultsFile: (f) => `[ERROR] Failed to open required defaults file: ${f}`,
    optionWithoutGroup: (f, n) => `[ERROR] Found option without preceding group in config file ${f} at line ${n}.`,
    wrongGroup: (f, n) => `[ERROR] Wrong group definition in config file ${f} at line ${n}.`,
    wrongDirective: (k, f, n) => `[ERROR] Wrong '!${k}' directive in config file ${f} at line ${n}.`,
    depthLimit: (d, f, n) => `[Warning] Skipping '${d}' directive as maximum include recursion level was reached in file ${f} at line ${n}.`,
    worldWritable: (name) => `[Warning] World-writable config file '${name}' is ignored.`,
    cantReadDir: (p, e) => `Can't read dir of '${p}' (OS errno ${e.errno} - ${e.text})`,
    // check_file_permissions' my_stat (EE_STAT) and mysql_file_fopen (EE_FILENOTFOUND), both with MY_WME for an
    // included file (report_os_error_on_open), then EE_FAILED_PROCESSING_DIRECTIVE in the including file.
    failedFile: (name, step, e) =>
      `${step === 'stat' ? "Can't get stat of" : 'File'} '${name}'${step === 'open' ? ' not found' : ''} (OS errno ${e.errno} - ${e.text})`,
    stopped: (k, f, n) => `[ERROR] Stopped processing the '${k}' directive in file ${f} at line ${n}.`,
  },
};

/**
 * The path an `!include`/`!includedir` line names, as a family's programs take it. On a last line without a line
 * break MariaDB's get_argument cuts the character it takes for the `\n`, then the whitespace before it
 * (`!include a.cnf` reads `a.cn`); MySQL 9.7's takes the path as written, only trailing whitespace trimmed
 * (measured: it reads `a.cnf`, and `!include a.cnf \tX` names `a.cnf \tX`; the 8.0 get_argument still cut).
 */
export function mycnfIncludePath(l: MycnfLine, flavor: MycnfFlavor): string {
  const inc = l.include!;
  return flavor === 'mysql' ? l.text.slice(inc.pathSpan.start, inc.pathSpan.end) : inc.path;
}

/**
 * Whether the families' programs get the same options from this reading's files: no `!include`/`!includedir` line of
 * them names a path the families take differently (only one on a last line without a line break does, see
 * mycnfIncludePath). Up to the first such line both families read alike, so one family's reading tells: when it
 * holds, the other family's reading has the same entries, includes and fatal error, in other words only.
 */
export function mycnfReadsAlike(read: MycnfRead): boolean {
  return [...read.docs.values()].every((d) => d.lines.every((l) => !l.include || mycnfIncludePath(l, 'mariadb') === mycnfIncludePath(l, 'mysql')));
}

/** The path the programs print for a file (`file:///etc/my.cnf` -> `/etc/my.cnf`). */
export function mycnfDisplayPath(uri: string): string {
  if (!uri.startsWith('file://')) return uri;
  try {
    return decodeURIComponent(new URL(uri).pathname);
  } catch {
    return uri;
  }
}

export function mycnfArg(o: MycnfOptionToken): string {
  return o.value === undefined ? `--${o.name}` : `--${o.name}=${o.value}`;
}

/**
 * Reads `text` (at `uri`) with its includes as `flavor`'s programs do (MariaDB's unless told). `tokenized`: the
 * documents of another reading of the same files, to tokenize each file once.
 */
export function readMycnf(
  uri: string,
  text: string,
  env: Environment = {},
  flavor: MycnfFlavor = 'mariadb',
  tokenized?: ReadonlyMap<string, MycnfDocument>,
): MycnfRead {
  const words = MYCNF_WORDS[flavor];
  const entries: MycnfEntry[] = [];
  const warnings: MycnfReadProblem[] = [];
  const errors: MycnfReadProblem[] = [];
  const messages: MycnfReadProblem[] = [];
  const includes: MycnfIncludeSite[] = [];
  const docs = new Map<string, MycnfDocument>(tokenized);
  let fatal: MycnfReadProblem | undefined;
  let opened = 0;
  let truncated = false;

  const tokenize = (u: string, t: string) => {
    let d = docs.get(u);
    if (!d) {
      d = tokenizeMycnf(t);
      docs.set(u, d);
    }
    return d;
  };

  // An error ends the file it is in; only in the main file does it stop the programs. Returns whether an error
  // ended the file (MySQL's programs then name the directive that included it).
  const readFile = (u: string, t: string, depth: number, parentVia?: number, shown?: string): boolean => {
    if (++opened > MYCNF_MAX_FILES) {
      truncated = true;
      return false;
    }
    const stop = (problem: MycnfReadProblem) => {
      if (depth === 0) fatal = problem;
      else errors.push(problem);
      messages.push(problem);
    };
    const doc = tokenize(u, t);
    const name = shown ?? mycnfDisplayPath(u);
    const last = doc.lines.length - 1;
    let group: string | undefined;
    for (const l of doc.lines) {
      const at = l.line + 1;
      const via = parentVia ?? l.line;
      const whole: Span = { line: l.line, start: l.indent, end: Math.max(l.indent, trimMycnfEnd(l.text).length) };
      if (l.kind === 'blank' || l.kind === 'comment') continue;
      if (l.kind === 'include' || l.kind === 'includedir' || l.kind === 'ignored-directive') {
        if (depth >= MYCNF_MAX_INCLUDE_DEPTH) {
          const quoted = directiveAsQuoted(l, doc.unterminated && l.line === last);
          const warning = { uri: u, via, span: whole, message: words.depthLimit(quoted, name, at) };
          warnings.push(warning);
          messages.push(warning);
          continue;
        }
        if (l.kind === 'ignored-directive') continue;
        const kind = l.kind;
        const inc = l.include!;
        const path = mycnfIncludePath(l, flavor);
        const note = (message: string) => messages.push({ uri: u, via, span: inc.pathSpan, message });
        /** MySQL's line after an included file that failed. */
        const stopped = () => {
          if (words.stopped) note(words.stopped(kind, name, at));
        };
        if (path === '') {
          stop({ uri: u, via, span: whole, message: words.wrongDirective(kind, name, at) });
          return true;
        }
        if (!env.mycnfInclude) {
          includes.push({ uri: u, line: l, path, depth });
          continue;
        }
        const result = env.mycnfInclude(kind, path, u);
        includes.push({ uri: u, line: l, path, depth, result });
        /** What the programs print about a file they do not read; whether it counts as a failure. */
        const skipped = (x: MycnfSkippedFile): boolean => {
          if (x.worldWritable) note(words.worldWritable(x.name));
          if (!x.failed || !words.failedFile) return false;
          note(words.failedFile(x.name, x.failed.step, x.failed.error));
          return true;
        };
        if (result.order) {
          // An !includedir: each file read, or skipped, in turn.
          for (const x of result.order) {
            const failed = 'uri' in x ? readFile(x.uri, x.text, depth + 1, via, x.name) : skipped(x);
            if (failed) stopped();
          }
          continue;
        }
        if (result.dirError) {
          stop({ uri: u, via, span: inc.pathSpan, message: words.cantReadDir(path, result.dirError) });
          stopped();
          return true;
        }
        if (result.skipped && skipped(result.skipped)) stopped();
        for (const f of result.files) if (readFile(f.uri, f.text, depth + 1, via, f.name)) stopped();
        continue;
      }
      if (l.kind === 'bad-group') {
        stop({ uri: u, via, span: whole, message: words.wrongGroup(name, at) });
        return true;
      }
      if (l.kind === 'group') {
        group = l.group!.name;
        continue;
      }
      // An option.
      if (group === undefined) {
        stop({ uri: u, via, span: whole, message: words.optionWithoutGroup(name, at) });
        return true;
      }
      const option = l.option!;
      entries.push({ uri: u, via, line: l, option, group, arg: mycnfArg(option), depth });
    }
    return false;
  };

  readFile(uri, text, 0);
  return { flavor, entries, ...(fatal ? { fatal } : {}), errors, warnings, includes, messages, docs, truncated };
}

/**
 * A `!` line as the depth-limit warning quotes it: trailing whitespace cut back to the line break; on a last line
 * without one, the parser cuts the character it takes for the line break instead (`...my.cnfZ` -> `...my.cnf`).
 */
function directiveAsQuoted(l: MycnfLine, unterminated: boolean): string {
  const s = l.text.slice(l.indent);
  return trimMycnfEnd(unterminated ? s.slice(0, -1) : s);
}

/** The options of `groups` (in read order), as `my_print_defaults --defaults-file=F GROUP...` prints them. */
export function mycnfGroupArgs(read: MycnfRead, groups: readonly string[]): readonly MycnfEntry[] {
  if (read.fatal) return [];
  return read.entries.filter((e) => groups.some((g) => sameGroup(g, e.group)));
}
