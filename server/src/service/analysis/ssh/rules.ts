/**
 * Every diagnostic code the ssh_config analysis can report, with its documentation. The
 * README's diagnostics reference is generated from this table (scripts/readme.ts), and a
 * test keeps it in step with the codes the analysis emits.
 */
import type { Severity } from '../types';

export interface Rule {
  readonly severity: Severity;
  /** What the user should know, in a sentence or two (markdown). */
  readonly doc: string;
  /** What the quick fix does, if there is one. */
  readonly fix?: string;
}

export const SSH_RULES = {
  'ssh/invalid-time': {
    severity: 'error',
    doc: 'A time value ssh cannot read ("invalid time value"). Time values are a number with an optional unit `s`, `m`, `h`, `d` or `w` (`60`, `1m30s`, `2h`). ssh refuses to start.',
    fix: 'Put a space before a `#` glued to the value (`30#x`), or write the value in seconds when another OpenSSH release reads it.',
  },
  'ssh/time-version-dependent': {
    severity: 'warning',
    doc: 'A time value that OpenSSH releases read differently: before 10.3 `30s10` is 40 s and `+5` is 5 s, from 10.3 both are errors and `1.5s` (an error before) is 1 s.',
    fix: 'Write the value in plain seconds.',
  },
  'ssh/invalid-integer': {
    severity: 'error',
    doc: 'Not a whole number in the allowed range ("integer value invalid / too small / too large"). ssh refuses to start.',
  },
  'ssh/invalid-flag': { severity: 'error', doc: 'A yes/no option with another value (`unsupported option "x"`). ssh refuses to start.' },
  'ssh/invalid-choice': { severity: 'error', doc: "A value outside the option's fixed list. ssh refuses to start." },
  'ssh/missing-argument': { severity: 'error', doc: 'A keyword with no value (`no argument after keyword`). ssh refuses to start.' },
  'ssh/extra-arguments': {
    severity: 'error',
    doc: 'More than one value for a one-value option (`extra arguments at end of line`). ssh refuses to start.',
    fix: 'Turn the extra words into a comment.',
  },
  'ssh/invalid-quotes': { severity: 'error', doc: 'A quote that is never closed (`invalid quotes`). ssh refuses to start.' },
  'ssh/line-skipped': { severity: 'warning', doc: 'A keyword with an unclosed `"`: ssh skips the whole line without a word.' },
  'ssh/unknown-keyword': {
    severity: 'error',
    doc: 'A keyword OpenSSH does not know (`Bad configuration option`), unless an earlier `IgnoreUnknown` lists it. ssh refuses to start. An `IgnoreUnknown` inside a Host or Match block counts only for the hosts that block applies to (ssh keeps the first one it reads for the host), so the same line can be skipped for some hosts and fatal for the others: the finding names them. Put `IgnoreUnknown` before the first Host or Match line to cover every host.',
    fix: 'Change it to the closest known keyword.',
  },
  'ssh/keyword-too-new': {
    severity: 'error',
    doc: 'A keyword newer than the OpenSSH release in use (`keepaliveLens.ssh.version`, detected from `ssh -V` by default): that ssh stops with `Bad configuration option`.',
  },
  'ssh/ignored-unknown': { severity: 'hint', doc: 'An unknown keyword that `IgnoreUnknown` tells ssh to skip.' },
  'ssh/deprecated-keyword': { severity: 'warning', doc: 'A deprecated keyword: ssh accepts it and ignores it.' },
  'ssh/unsupported-keyword': { severity: 'warning', doc: 'An unsupported keyword: ssh prints an error and ignores it.' },
  'ssh/ignored-keyword': { severity: 'hint', doc: 'A keyword ssh accepts and ignores.' },
  'ssh/distribution-keyword': {
    severity: 'warning',
    doc: 'A keyword only distribution builds know (`GSSAPIKeyExchange`, `GSSAPITrustDNS`, `GSSAPIClientIdentity`, `GSSAPIServerIdentity`, `GSSAPIRenewalForcesRekey`, `GSSAPIKexAlgorithms`: the GSSAPI key-exchange patch of Debian, Ubuntu, Fedora and RHEL). Those builds use it; upstream OpenSSH (macOS, Homebrew, the BSDs, Windows) stops with "Bad configuration option". Not reported when `IgnoreUnknown` covers it.',
  },
  'ssh/lone-carriage-return': {
    severity: 'error',
    doc: 'A line ending in a carriage return alone: editors show two lines, ssh reads one (it splits lines at `\\n` only) and most likely rejects it.',
  },
  'ssh/hostname-unknown-token': {
    severity: 'error',
    doc: '`HostName` expands only `%h` and `%%`; any other `%` token makes ssh stop with `percent_expand: unknown key` when the block applies.',
  },
  'ssh/byte-order-mark': {
    severity: 'error',
    doc: 'The file starts with a UTF-8 byte order mark; ssh reads it as part of the first keyword and stops with `Bad configuration option`.',
    fix: 'Remove the byte order mark.',
  },
  'ssh/bad-match': {
    severity: 'error',
    doc: 'A Match line ssh rejects (`Bad Match condition`): an unknown or too new criterion, a missing argument, or `all` combined with others.',
  },
  'ssh/empty-argument': { severity: 'error', doc: 'An empty Host pattern (`""`).' },
  'ssh/host-never-matches': { severity: 'warning', doc: 'A Host line with only negated patterns never matches anything.' },
  'ssh/match-not-evaluated': {
    severity: 'info',
    doc: "A Match criterion Keepalive Lens does not evaluate (`exec`, `localnetwork`, `tagged`, `command`, `version`, `sessiontype`): it never runs commands. The block's own CodeLens assumes the block applies; other hosts' values assume it does not.",
  },
  'ssh/include-problem': {
    severity: 'error',
    doc: 'An Include that makes ssh stop: a file writable by group or others (`Bad owner or permissions`), an unreadable file, `~` in a system file, includes nested deeper than 16 (a cycle), or (OpenSSH 9.9 and later, which expand `%` tokens and `${NAME}` in Include paths) a malformed token: `%` at the end, an unknown `%x`, `${` without `}`.',
  },
  'ssh/include-not-read': {
    severity: 'warning',
    doc: 'An Include path whose files are not read: from OpenSSH 9.9 an unset `${NAME}` makes ssh skip the path (it logs "Unable to expand user config file"); `%C` and `%j` (a hash of the connection, the ProxyJump host as ssh parsed it) are not computed by Keepalive Lens, so it cannot tell which files ssh reads. Before 9.9 ssh expands nothing in Include paths: `${HOME}` is part of the file name.',
  },
  'ssh/shadowed-by-earlier-host': {
    severity: 'warning',
    doc: 'A setting that never takes effect for the hosts of its block: an earlier block that also matches (typically `Host *` at the top) already set the option, and ssh keeps the first value it reads.',
    fix: 'Move the general `Host *` (or `Match all`) block to the end of the file, with the comments above it.',
  },
  'ssh/duplicate-in-block': { severity: 'warning', doc: 'The same option twice in one block: the second line is dead.', fix: 'Remove the dead duplicate.' },
  'ssh/count-max-zero': {
    severity: 'warning',
    doc: '`ServerAliveCountMax 0` makes ssh exit at the first check, `ServerAliveInterval` seconds after the last server data, even when the server is healthy.',
    fix: 'Set it to 3, the default.',
  },
  'ssh/interval-above-idle-timeout': {
    severity: 'warning',
    doc: "The first keepalive leaves later than the network path's idle timeout (`keepaliveLens.network.idleTimeout`): a NAT or firewall may already have dropped the flow.",
    fix: 'Set an interval under the idle timeout (60 s, or half the timeout when that is shorter).',
  },
  'ssh/detection-slower-than-target': {
    severity: 'info',
    doc: 'A dead server is detected later than `keepaliveLens.detectionTarget`.',
    fix: 'Shorten the interval so that (ServerAliveCountMax + 1) × interval meets the target.',
  },
  'ssh/no-server-alive': {
    severity: 'warning',
    doc: 'No `ServerAliveInterval`: only TCP keepalive can notice a dead server, after 2 h 11 min 15 s with Linux defaults, and never when `TCPKeepAlive no`.',
    fix: 'Add `ServerAliveInterval` and `ServerAliveCountMax` where they take effect: in the block, or as a `Host *` block at the end of the file.',
  },
} as const satisfies Record<string, Rule>;

export type SshCode = keyof typeof SSH_RULES;
