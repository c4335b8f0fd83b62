/**
 * Lookup over the ssh_config keyword table: every keyword the OpenSSH client configuration parser accepts,
 * as of OpenSSH 10.5, with how its arguments are read (one file per family under catalog/sshClient/), plus
 * the keywords of the GSSAPI key-exchange patch distributions apply (sshClient/patch.ts).
 *
 * Facts were checked against the OpenSSH sources (the keyword table and the
 * per-keyword argument handling of the client parser, plus the code that acts
 * on the keepalive/timeout options) and against `ssh -G` of a real client.
 * All prose here is our own.
 *
 * - `since`: first OpenSSH release whose keyword table lists the spelling;
 *   absent for spellings already present in 5.0.
 * - `default`: what `ssh -G` prints when the keyword is not set, for upstream
 *   defaults. Long, version-dependent algorithm lists and per-user values are
 *   left out.
 * - `value`: mirrors the argument count the parser consumes, so that
 *   "extra arguments at end of line" can be reported exactly.
 */

import { atLeast, type Version } from '../model/version';
import { keywordTable } from './keywordTable';
import { SSH_AUTH_KEYWORDS } from './sshClient/auth';
import { SSH_GENERAL_KEYWORDS } from './sshClient/general';
import { SSH_HOST_KEY_KEYWORDS } from './sshClient/hostKeys';
import { SSH_CLIENT_KEEPALIVE_KEYWORDS } from './sshClient/keepalive';
import { SSH_CLIENT_PATCH_KEYWORDS } from './sshClient/patch';
import { SSH_SESSION_KEYWORDS } from './sshClient/session';
import type { KeywordSpec } from './types';

/** Every keyword, in alphabetical order: upstream's (the keepalive family and the rest) and distribution patches'. */
const SSH_CLIENT_KEYWORDS = keywordTable<KeywordSpec>(
  SSH_CLIENT_KEEPALIVE_KEYWORDS,
  SSH_GENERAL_KEYWORDS,
  SSH_AUTH_KEYWORDS,
  SSH_HOST_KEY_KEYWORDS,
  SSH_SESSION_KEYWORDS,
  SSH_CLIENT_PATCH_KEYWORDS,
);

/** The spec for a keyword, case-insensitively (as ssh's parse_token does). */
export function sshClientKeyword(keyword: string): KeywordSpec | undefined {
  return SSH_CLIENT_KEYWORDS.get(keyword);
}

/** The option a keyword sets: aliases resolve to their target (`KeepAlive` -> `TCPKeepAlive`). */
export function optionKey(spec: KeywordSpec): string {
  return (spec.aliasOf ?? spec.name).toLowerCase();
}

/** Keywords the given release knows. */
export function knownIn(spec: KeywordSpec, version: Version): boolean {
  return spec.since === undefined || atLeast(version, spec.since);
}

export function allSshClientKeywords(): readonly KeywordSpec[] {
  return SSH_CLIENT_KEYWORDS.all;
}

/** Match criteria of ssh_config, with the release that introduced each. */
export const MATCH_CRITERIA: ReadonlyArray<{
  readonly name: string;
  readonly since?: string;
  readonly takesArgument: boolean;
  readonly evaluated: boolean;
  readonly doc: string;
}> = [
  { name: 'all', takesArgument: false, evaluated: true, doc: 'Always matches; must appear alone (or right after `canonical`/`final`).' },
  {
    name: 'canonical',
    takesArgument: false,
    evaluated: true,
    doc: 'Matches only in the final pass: ssh reads the configuration a second time when CanonicalizeHostname is on or a `Match final` line was read.',
  },
  {
    name: 'final',
    takesArgument: false,
    evaluated: true,
    doc: 'Requests a final pass (ssh reads the configuration a second time, keeping the values it already has) and matches only during it.',
  },
  { name: 'exec', takesArgument: true, evaluated: false, doc: 'Runs a shell command and matches when it exits 0. Keepalive Lens never runs it.' },
  { name: 'localnetwork', since: '9.4', takesArgument: true, evaluated: false, doc: 'Matches when a local interface has an address in one of the CIDR lists.' },
  { name: 'host', takesArgument: true, evaluated: true, doc: 'Matches the target host name (after HostName substitution) against a comma list of patterns.' },
  { name: 'originalhost', takesArgument: true, evaluated: true, doc: 'Matches the host name as typed on the command line.' },
  { name: 'tagged', since: '9.4', takesArgument: true, evaluated: false, doc: 'Matches the tag set by a `Tag` directive or `-P`.' },
  { name: 'command', since: '10.0', takesArgument: true, evaluated: false, doc: 'Matches the remote command requested.' },
  { name: 'user', takesArgument: true, evaluated: true, doc: 'Matches the remote user name (a User set earlier, else the local user).' },
  { name: 'localuser', takesArgument: true, evaluated: true, doc: 'Matches the local user running ssh.' },
  { name: 'version', since: '10.0', takesArgument: true, evaluated: false, doc: 'Matches the OpenSSH release string.' },
  { name: 'sessiontype', since: '10.0', takesArgument: true, evaluated: false, doc: 'Matches the session type: shell, exec, subsystem or none.' },
];
