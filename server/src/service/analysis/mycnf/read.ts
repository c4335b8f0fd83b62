/**
 * Reading an option file the way the MariaDB programs do (`search_default_file_with_ext`): every option with
 * the group it is in, in order, following `!include` and `!includedir` to depth 10, stopping at the first fatal
 * error. `my_print_defaults --defaults-file=F GROUP...` prints the options of the named groups of this list;
 * `explain --group` prints the same, and test/oracle/mycnf-reader.test.ts compares the two.
 *
 * Each file has its own current group: a group opened in an included file ends with that file, and an
 * included file must open a group before its first option.
 */
import { type MycnfDocument, type MycnfLine, type MycnfOptionToken, tokenizeMycnf } from '../../syntax/mycnf';
import type { Span } from '../../syntax/text';
import type { Environment, MycnfIncludeResult } from '../types';

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
  readonly depth: number;
  /** What the environment read; absent when there is no environment to read with. */
  readonly result?: MycnfIncludeResult;
}

export interface MycnfRead {
  /** Every option read before the first fatal error, in the order the programs get them. */
  readonly entries: readonly MycnfEntry[];
  /** The error that stops every program reading the file (nothing at all is then used). */
  readonly fatal?: MycnfReadProblem;
  /** Lines the programs skip with a warning (directives past the depth limit). */
  readonly warnings: readonly MycnfReadProblem[];
  readonly includes: readonly MycnfIncludeSite[];
  /** Every file read, tokenized once. */
  readonly docs: ReadonlyMap<string, MycnfDocument>;
  /** The file budget (MYCNF_MAX_FILES) ran out: the list is incomplete. */
  readonly truncated: boolean;
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

/** How the programs compare a group with the ones they read: exactly, ignoring case. */
export const sameGroup = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export function mycnfArg(o: MycnfOptionToken): string {
  return o.value === undefined ? `--${o.name}` : `--${o.name}=${o.value}`;
}

export function readMycnf(uri: string, text: string, env: Environment = {}): MycnfRead {
  const entries: MycnfEntry[] = [];
  const warnings: MycnfReadProblem[] = [];
  const includes: MycnfIncludeSite[] = [];
  const docs = new Map<string, MycnfDocument>();
  let fatal: MycnfReadProblem | undefined;
  let opened = 0;
  let truncated = false;

  const tokenized = (u: string, t: string) => {
    let d = docs.get(u);
    if (!d) {
      d = tokenizeMycnf(t);
      docs.set(u, d);
    }
    return d;
  };

  // Returns false when a fatal error stops everything.
  const readFile = (u: string, t: string, depth: number, parentVia?: number): boolean => {
    if (++opened > MYCNF_MAX_FILES) {
      truncated = true;
      return true;
    }
    const doc = tokenized(u, t);
    const name = mycnfDisplayPath(u);
    let group: string | undefined;
    for (const l of doc.lines) {
      const at = l.line + 1;
      const via = parentVia ?? l.line;
      const whole: Span = { line: l.line, start: l.indent, end: Math.max(l.indent, l.text.trimEnd().length) };
      if (l.kind === 'blank' || l.kind === 'comment') continue;
      if (l.kind === 'include' || l.kind === 'includedir' || l.kind === 'ignored-directive') {
        if (depth >= MYCNF_MAX_INCLUDE_DEPTH) {
          warnings.push({
            uri: u,
            via,
            span: whole,
            message: `Warning: skipping '${l.text.slice(l.indent).trimEnd()}' directive as maximum includerecursion level was reached in file ${name} at line ${at}`,
          });
          continue;
        }
        if (l.kind === 'ignored-directive') continue;
        const inc = l.include!;
        if (inc.path === '') {
          fatal = { uri: u, via, span: whole, message: `error: Wrong '!${l.kind}' directive in config file: ${name} at line ${at}` };
          return false;
        }
        if (!env.mycnfInclude) {
          includes.push({ uri: u, line: l, depth });
          continue;
        }
        const result = env.mycnfInclude(l.kind, inc.path, u);
        includes.push({ uri: u, line: l, depth, result });
        if (result.fatal) {
          fatal = { uri: u, via, span: inc.pathSpan, message: result.problem ?? `Can't read '${inc.path}'` };
          return false;
        }
        for (const f of result.files) if (!readFile(f.uri, f.text, depth + 1, via)) return false;
        continue;
      }
      if (l.kind === 'bad-group') {
        fatal = { uri: u, via, span: whole, message: `error: Wrong group definition in config file: ${name} at line ${at}` };
        return false;
      }
      if (l.kind === 'group') {
        group = l.group!.name;
        continue;
      }
      // An option.
      if (group === undefined) {
        fatal = { uri: u, via, span: whole, message: `error: Found option without preceding group in config file: ${name} at line: ${at}` };
        return false;
      }
      const option = l.option!;
      entries.push({ uri: u, via, line: l, option, group, arg: mycnfArg(option), depth });
    }
    return true;
  };

  readFile(uri, text, 0);
  return { entries, ...(fatal ? { fatal } : {}), warnings, includes, docs, truncated };
}

/** The options of `groups` (in read order), as `my_print_defaults --defaults-file=F GROUP...` prints them. */
export function mycnfGroupArgs(read: MycnfRead, groups: readonly string[]): readonly MycnfEntry[] {
  if (read.fatal) return [];
  return read.entries.filter((e) => groups.some((g) => sameGroup(g, e.group)));
}
