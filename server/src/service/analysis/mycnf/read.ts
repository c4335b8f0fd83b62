/**
 * Reading an option file the way the MariaDB programs do (`search_default_file_with_ext`): every option with
 * the group it is in, in order, following `!include` and `!includedir` to depth 10, stopping at the first fatal
 * error. `my_print_defaults --defaults-file=F GROUP...` prints the options of the named groups of this list;
 * `explain --group` prints the same, and test/oracle/mycnf-reader.test.ts compares the two.
 *
 * Each file has its own current group: a group opened in an included file ends with that file, and an
 * included file must open a group before its first option. An error in an included file ends that file only.
 */
import { sameMycnfGroup as sameGroup } from '../../catalog/mycnf';
import { isMycnfSpace, type MycnfDocument, type MycnfLine, type MycnfOptionToken, tokenizeMycnf, trimMycnfEnd } from '../../syntax/mycnf';
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
  /** Every line the programs print on stderr while reading, in order (warnings, errors, the fatal one last). */
  readonly messages: readonly MycnfReadProblem[];
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

export function mycnfArg(o: MycnfOptionToken): string {
  return o.value === undefined ? `--${o.name}` : `--${o.name}=${o.value}`;
}

export function readMycnf(uri: string, text: string, env: Environment = {}): MycnfRead {
  const entries: MycnfEntry[] = [];
  const warnings: MycnfReadProblem[] = [];
  const errors: MycnfReadProblem[] = [];
  const messages: MycnfReadProblem[] = [];
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

  // An error ends the file it is in; only in the main file does it stop the programs.
  const readFile = (u: string, t: string, depth: number, parentVia?: number, shown?: string): void => {
    if (++opened > MYCNF_MAX_FILES) {
      truncated = true;
      return;
    }
    const stop = (problem: MycnfReadProblem) => {
      if (depth === 0) fatal = problem;
      else errors.push(problem);
      messages.push(problem);
    };
    const doc = tokenized(u, t);
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
          const warning = {
            uri: u,
            via,
            span: whole,
            message: `Warning: skipping '${directiveAsQuoted(l, doc.unterminated && l.line === last)}' directive as maximum includerecursion level was reached in file ${name} at line ${at}`,
          };
          warnings.push(warning);
          messages.push(warning);
          continue;
        }
        if (l.kind === 'ignored-directive') continue;
        const inc = l.include!;
        if (inc.path === '') {
          stop({ uri: u, via, span: whole, message: `error: Wrong '!${l.kind}' directive in config file: ${name} at line ${at}` });
          return;
        }
        if (!env.mycnfInclude) {
          includes.push({ uri: u, line: l, depth });
          continue;
        }
        const result = env.mycnfInclude(l.kind, inc.path, u);
        includes.push({ uri: u, line: l, depth, result });
        if (result.order) {
          // An !includedir: each file read, or warned about (world-writable), in turn.
          for (const x of result.order) {
            if ('warning' in x) messages.push({ uri: u, via, span: inc.pathSpan, message: x.warning });
            else readFile(x.uri, x.text, depth + 1, via, x.name);
          }
          continue;
        }
        // What the programs print about a file they skip (world-writable).
        for (const m of result.fatal ? [] : (result.problem?.split('\n') ?? [])) {
          if (m.startsWith('Warning: ')) messages.push({ uri: u, via, span: inc.pathSpan, message: m });
        }
        if (result.fatal) {
          stop({ uri: u, via, span: inc.pathSpan, message: result.problem ?? `Can't read '${inc.path}'` });
          return;
        }
        for (const f of result.files) readFile(f.uri, f.text, depth + 1, via, f.name);
        continue;
      }
      if (l.kind === 'bad-group') {
        stop({ uri: u, via, span: whole, message: `error: Wrong group definition in config file: ${name} at line ${at}` });
        return;
      }
      if (l.kind === 'group') {
        group = l.group!.name;
        continue;
      }
      // An option.
      if (group === undefined) {
        stop({ uri: u, via, span: whole, message: `error: Found option without preceding group in config file: ${name} at line: ${at}` });
        return;
      }
      const option = l.option!;
      entries.push({ uri: u, via, line: l, option, group, arg: mycnfArg(option), depth });
    }
  };

  readFile(uri, text, 0);
  return { entries, ...(fatal ? { fatal } : {}), errors, warnings, includes, messages, docs, truncated };
}

/**
 * A `!` line as the depth-limit warning quotes it: trailing whitespace cut back to the line break; on a last line
 * without one, the parser cuts the character it takes for the line break instead (`...my.cnfZ` -> `...my.cnf`).
 */
function directiveAsQuoted(l: MycnfLine, unterminated: boolean): string {
  const s = l.text.slice(l.indent);
  if (!unterminated) return trimMycnfEnd(s);
  let end = s.length - 1;
  while (end > 0 && isMycnfSpace(s[end - 1])) end--;
  return s.slice(0, Math.max(0, end));
}

/** The options of `groups` (in read order), as `my_print_defaults --defaults-file=F GROUP...` prints them. */
export function mycnfGroupArgs(read: MycnfRead, groups: readonly string[]): readonly MycnfEntry[] {
  if (read.fatal) return [];
  return read.entries.filter((e) => groups.some((g) => sameGroup(g, e.group)));
}
