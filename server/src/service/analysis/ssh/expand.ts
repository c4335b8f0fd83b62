/**
 * How ssh expands an Include argument before it globs it (readconf.c). From OpenSSH 9.9 the argument
 * takes the `%` tokens of `Match exec` and `${NAME}` environment variables (misc.c:
 * vdollar_percent_expand); before 9.9 it is used as written, so `${HOME}` is a literal file name.
 */
import { atLeast, type Version } from '../../model/version';
import type { LocalFacts } from '../types';

/** The first release whose Include expands `%` tokens and `${NAME}`. */
export const INCLUDE_EXPANSION_SINCE = '9.9';

export type Expansion =
  /** The path to anchor and glob. */
  | { readonly path: string }
  /**
   * No path: `fatal` when ssh stops (a malformed token: percent_dollar_expand fails), else ssh skips
   * this argument (an unset variable) or Keepalive Lens cannot tell what ssh would read (`unsupported`).
   */
  | { readonly problem: string; readonly fatal: boolean; readonly unsupported?: boolean };

/** What the tokens stand for at this point of the reading (options obtained so far). */
export interface TokenContext {
  /** The name as typed (`%n`). */
  readonly originalHost: string;
  /** HostName obtained so far, `%h` in it expanded; else the name as typed (`%h`). */
  readonly host: string;
  readonly port?: string;
  readonly user?: string;
  readonly hostKeyAlias?: string;
  readonly proxyJump?: string;
  readonly local?: LocalFacts;
  readonly getenv?: (name: string) => string | undefined;
}

/** Expands one Include argument as the given release does. */
export function expandIncludeArg(arg: string, version: Version, ctx: TokenContext): Expansion {
  if (!atLeast(version, INCLUDE_EXPANSION_SINCE)) return { path: arg };
  const local = ctx.local;
  const tokens: Record<string, string | undefined> = {
    L: local ? local.hostname.split('.')[0] : undefined,
    d: local?.home,
    h: ctx.host,
    k: ctx.hostKeyAlias ?? ctx.host,
    l: local?.hostname,
    n: ctx.originalHost,
    p: ctx.port ?? '22',
    r: ctx.user ?? local?.user,
    u: local?.user,
    i: local?.uid,
  };
  let out = '';
  let missing: string | undefined;
  let unknown: string | undefined;
  for (let i = 0; i < arg.length; i++) {
    const c = arg[i];
    if (c === '$' && arg[i + 1] === '{') {
      const end = arg.indexOf('}', i + 2);
      if (end < 0) return fatal(`environment variable '${arg.slice(i + 2)}' missing closing '}'`);
      const name = arg.slice(i + 2, end);
      if (name === '') return fatal('zero-length environment variable');
      const value = ctx.getenv ? ctx.getenv(name) : undefined;
      if (value === undefined) {
        if (!ctx.getenv) unknown ??= `\${${name}}`;
        else missing ??= name;
      } else out += value;
      i = end;
      continue;
    }
    if (c !== '%') {
      out += c;
      continue;
    }
    const key = arg[++i];
    if (key === undefined) return fatal('invalid format');
    if (key === '%') {
      out += '%';
      continue;
    }
    if (key === 'j' && (ctx.proxyJump === undefined || ctx.proxyJump === 'none')) continue;
    if (key === 'C' || key === 'j') {
      // %C is a hash of the connection and %j the ProxyJump host as ssh parsed it: not computed here.
      unknown ??= `%${key}`;
      continue;
    }
    if (!(key in tokens)) return fatal(`unknown key %${key}`);
    const value = tokens[key];
    if (value === undefined) unknown ??= `%${key}`;
    else out += value;
  }
  if (missing !== undefined)
    return { problem: `env var \${${missing}} has no value: ssh skips this Include path ("Unable to expand user config file '${arg}'")`, fatal: false };
  if (unknown !== undefined)
    return {
      problem: `Include path ${arg}: Keepalive Lens does not know what ${unknown} stands for here, so the files it names are not read`,
      fatal: false,
      unsupported: true,
    };
  return { path: out };

  function fatal(why: string): Expansion {
    return { problem: `Include ${arg}: ${why}: ssh stops ("percent_dollar_expand: failed")`, fatal: true };
  }
}
