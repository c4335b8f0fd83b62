/**
 * Lookup over the sshd_config keyword table: every keyword the OpenSSH server configuration parser accepts, as
 * of OpenSSH 10.5 (one file per family under catalog/sshServer/), plus the keywords of the distribution patches
 * Debian and Ubuntu apply (sshServer/patch.ts), plus the one keyword a recent release removed.
 *
 * Facts were checked against the OpenSSH sources (the keyword table with its SSHCFG_GLOBAL / SSHCFG_ALL flags,
 * the per-keyword argument handling of process_server_config_line_depth, dump_config, and the code that acts on
 * the keepalive/timeout options: serverloop.c, channels.c, sshd.c, sshd-session.c, srclimit.c) release by
 * release, and against `sshd -T` of a real Debian 12 server (OpenSSH 9.2p1). All prose here is our own.
 *
 * - `since`: first OpenSSH release whose keyword table lists the spelling; absent for spellings already in 5.0.
 * - `default`: what `sshd -T` of 10.5 prints when the keyword is not set (the value; up to 10.3 the name is
 *   printed in lower case, from 10.4 on in the mixed case of the manual). Long, version-dependent algorithm
 *   lists, per-machine values (HostKey, ListenAddress) and paths chosen when sshd is built (PidFile,
 *   ModuliFile, XAuthLocation, SshdSessionPath, SshdAuthPath) are left out.
 * - `value`: mirrors the arguments the parser consumes, so that "extra arguments at end of line" and
 *   "missing argument" can be reported exactly. sshd's yes/no options accept only `yes` and `no` (any case),
 *   not ssh's `true`/`false`, so they are `choice` values here, not `flag`.
 * - `status`: as the parser treats the spelling. Unlike ssh, sshd logs "Deprecated option X" and "Unsupported
 *   option X" at the INFO level, so `sshd -t` and `sshd -T` print them; `ignored` keywords (Protocol) are
 *   silent. Keywords of a build feature (`build`) answer "Unsupported option" when sshd was built without it.
 * - `match`: whether the keyword may appear inside a Match block (SSHCFG_ALL in the keyword table); a
 *   global-only keyword there stops sshd with "Directive 'X' is not allowed within a Match block".
 * - `changes`: how older releases differed. Status and Match changes are recorded over the whole history;
 *   value and default changes from 9.0 on (and the few older value changes listed). An alias that was once an
 *   option of its own (ChallengeResponseAuthentication before 8.7, the *KeyTypes spellings before 8.5) is not
 *   recorded as such.
 */

import { atLeast, type Version } from '../model/version';
import { keywordTable } from './keywordTable';
import { SSHD_AUTH_KEYWORDS } from './sshServer/auth';
import { SSHD_CRYPTO_KEYWORDS } from './sshServer/crypto';
import { SSHD_GENERAL_KEYWORDS } from './sshServer/general';
import { SSHD_KEEPALIVE_KEYWORDS } from './sshServer/keepalive';
import { SSHD_LEGACY_KEYWORDS } from './sshServer/legacy';
import { SSHD_PATCH_KEYWORDS } from './sshServer/patch';
import { SSHD_SESSION_KEYWORDS } from './sshServer/session';
import type { KeywordSpec, KeywordStatus, ValueSpec } from './types';

/** A compile-time feature of sshd; without it the keyword is answered with "Unsupported option". */
export type SshdBuildFeature =
  /** USE_PAM (every Linux distribution build). */
  | 'pam'
  /** KRB5 (Debian, Ubuntu, Fedora, RHEL). */
  | 'kerberos'
  /** USE_AFS (rare; Debian's build lacks it). */
  | 'afs'
  /** GSSAPI (Debian, Ubuntu, Fedora, RHEL). */
  | 'gssapi'
  /** Lastlog support (absent when built with --disable-lastlog). */
  | 'lastlog'
  /**
   * Routing domains (OpenBSD, or HAVE_SYS_SET_PROCESS_RDOMAIN); without it, setting the keyword is fatal:
   * "setting RDomain not supported on this platform." Debian's build lacks it.
   */
  | 'rdomain';

/** Which distribution patch adds a `patch` keyword. */
export type SshdPatch =
  /** The GSSAPI key-exchange patch (Debian, Ubuntu, Fedora, RHEL). */
  | 'gssapi-kex'
  /** Debian's own patches (Debian, Ubuntu). */
  | 'debian';

/**
 * How releases before `until` (and from `from`, when given) differed from the entry. Changes are listed with
 * `until` ascending; for each field, the first change that covers a release wins.
 */
export interface SshdKeywordChange {
  /** First release with the behaviour the entry itself describes. */
  readonly until: string;
  /** First release the change applies to; from the keyword's `since` when absent. */
  readonly from?: string;
  /** The spelling was not accepted ("Bad configuration option"). */
  readonly known?: false;
  readonly status?: KeywordStatus;
  readonly match?: boolean;
  /** What `sshd -T` printed; `null`: it printed no line for the keyword. */
  readonly default?: string | null;
  readonly value?: ValueSpec;
}

export interface SshdKeywordSpec extends KeywordSpec {
  /** Allowed inside a Match block (SSHCFG_ALL in the keyword table) in the newest release. */
  readonly match: boolean;
  readonly changes?: readonly SshdKeywordChange[];
  /** First release that no longer accepts the spelling. */
  readonly removedIn?: string;
  /** The compile-time feature the keyword needs (see SshdBuildFeature). */
  readonly build?: SshdBuildFeature;
  /** For `patch` keywords: which distribution patch adds it. */
  readonly patch?: SshdPatch;
}

/** An entry as a given release sees it. */
export interface SshdKeywordView {
  /** The release's keyword table lists the spelling (for `patch` keywords: a patched build of it does). */
  readonly known: boolean;
  readonly status: KeywordStatus;
  readonly match: boolean;
  /** What that release's `sshd -T` prints, if we know it. */
  readonly default?: string;
  readonly value: ValueSpec;
}

/** Every keyword, in alphabetical order. */
const SSHD_KEYWORDS = keywordTable<SshdKeywordSpec>(
  SSHD_KEEPALIVE_KEYWORDS,
  SSHD_GENERAL_KEYWORDS,
  SSHD_AUTH_KEYWORDS,
  SSHD_CRYPTO_KEYWORDS,
  SSHD_SESSION_KEYWORDS,
  SSHD_LEGACY_KEYWORDS,
  SSHD_PATCH_KEYWORDS,
);

/** The spec for a keyword, case-insensitively (as sshd's parse_token does). */
export function sshServerKeyword(keyword: string): SshdKeywordSpec | undefined {
  return SSHD_KEYWORDS.get(keyword);
}

export function allSshServerKeywords(): readonly SshdKeywordSpec[] {
  return SSHD_KEYWORDS.all;
}

/** The option a keyword sets: aliases resolve to their target (`KeepAlive` -> `tcpkeepalive`). */
export function sshdOptionKey(spec: SshdKeywordSpec): string {
  return (spec.aliasOf ?? spec.name).toLowerCase();
}

function covers(change: SshdKeywordChange, version: Version): boolean {
  return !atLeast(version, change.until) && (change.from === undefined || atLeast(version, change.from));
}

function pick<K extends 'known' | 'status' | 'match' | 'default' | 'value'>(
  spec: SshdKeywordSpec,
  version: Version,
  field: K,
): { readonly found: boolean; readonly value?: SshdKeywordChange[K] } {
  for (const change of spec.changes ?? []) {
    if (change[field] !== undefined && covers(change, version)) return { found: true, value: change[field] };
  }
  return { found: false };
}

/** The entry as the given release sees it: whether it knows the spelling, its status, Match rule, default and value. */
export function sshdKeywordAt(spec: SshdKeywordSpec, version: Version): SshdKeywordView {
  const listed =
    (spec.since === undefined || atLeast(version, spec.since)) &&
    (spec.removedIn === undefined || !atLeast(version, spec.removedIn)) &&
    !pick(spec, version, 'known').found;
  const status = pick(spec, version, 'status');
  const match = pick(spec, version, 'match');
  const def = pick(spec, version, 'default');
  const value = pick(spec, version, 'value');
  const defaultAt = def.found ? (def.value ?? undefined) : spec.default;
  return {
    known: listed,
    status: status.found ? status.value! : spec.status,
    match: match.found ? match.value! : spec.match,
    ...(defaultAt === undefined ? {} : { default: defaultAt }),
    value: value.found ? value.value! : spec.value,
  };
}

/** A criterion of sshd_config's Match line. */
export interface SshdMatchCriterion {
  /** As the manual spells it; sshd compares case-insensitively. */
  readonly name: string;
  readonly since?: string;
  /** Takes a pattern or value (as the next word, or since 10.0 as `criterion=value`). */
  readonly takesArgument: boolean;
  /** The key of `sshd -T -C` that supplies what the criterion tests. */
  readonly testSpec?: string;
  readonly doc: string;
}

/** Since this release a criterion may also be written `criterion=value` (`User=alice`). */
export const SSHD_MATCH_KEY_VALUE_SINCE = '10.0';

/** Match criteria of sshd_config, with the release that introduced each (match_cfg_line in servconf.c). */
export const SSHD_MATCH_CRITERIA: readonly SshdMatchCriterion[] = [
  {
    name: 'User',
    takesArgument: true,
    testSpec: 'user',
    doc: 'Matches the name of the user logging in against a comma list of patterns.',
  },
  {
    name: 'Group',
    takesArgument: true,
    testSpec: 'user',
    doc: 'Matches when the user logging in belongs (as primary or supplementary group) to a group in the pattern list.',
  },
  {
    name: 'Host',
    takesArgument: true,
    testSpec: 'host',
    doc: "Matches the client's host name (its address unless UseDNS is on) against a pattern list.",
  },
  {
    name: 'LocalAddress',
    since: '6.1',
    takesArgument: true,
    testSpec: 'laddr',
    doc: 'Matches the local address the client connected to, against a list of addresses or CIDR networks.',
  },
  {
    name: 'LocalPort',
    since: '6.1',
    takesArgument: true,
    testSpec: 'lport',
    doc: 'Matches the local port the client connected to; a single port number, not a list.',
  },
  {
    name: 'RDomain',
    since: '7.7',
    takesArgument: true,
    testSpec: 'rdomain',
    doc: 'Matches the routing domain the connection arrived on, on platforms that have them.',
  },
  {
    name: 'Address',
    takesArgument: true,
    testSpec: 'addr',
    doc: "Matches the client's address against a list of addresses or CIDR networks.",
  },
  {
    name: 'All',
    since: '6.5',
    takesArgument: false,
    doc: 'Always matches; it must be the only criterion on the line.',
  },
  {
    name: 'Invalid-User',
    since: '9.9',
    takesArgument: false,
    testSpec: 'invalid-user',
    doc: 'Matches when the user name the client asked for does not exist on the server.',
  },
  {
    name: 'Version',
    since: '10.0',
    takesArgument: true,
    doc: "Matches sshd's own release string (such as `OpenSSH_10.0p2`) against a pattern list.",
  },
];
