/**
 * Every diagnostic code the sshd_config analysis can report, with its documentation (the README's
 * diagnostics reference is generated from this table).
 */
import type { Rule } from '../types';

export const SSHD_RULES = {
  'sshd/unknown-keyword': {
    severity: 'error',
    doc: 'A keyword this OpenSSH release does not know (`Bad configuration option`), or one added in a later release. sshd refuses to start.',
    fix: 'Change it to the closest known keyword.',
  },
  'sshd/missing-argument': {
    severity: 'error',
    doc: 'A keyword with no value (`no argument after keyword`), with nothing but a comment after it (`Port #22`: `missing port number.`; the list options such as AllowUsers take that up to OpenSSH 9.6), with an empty quoted value, or a `Subsystem` line without its command (`Missing subsystem command.`). sshd refuses to start; from 9.5 to 10.2 a Subsystem line in a Match block is read only for a connection the block applies to, which sshd then ends.',
  },
  'sshd/invalid-quotes': { severity: 'error', doc: 'A quote that is never closed (`invalid quotes`). sshd refuses to start.' },
  'sshd/invalid-value': {
    severity: 'error',
    doc: 'A value sshd cannot read: a bad time value (`invalid time value`), a number out of range, a yes/no option with another word, a ChannelTimeout that is not `type=interval`, a MaxStartups that is not `start:rate:full` or one number (`Invalid MaxStartups spec.`), a PerSourceMaxStartups or PerSourceNetBlockSize out of range. sshd refuses to start.',
  },
  'sshd/extra-arguments': { severity: 'error', doc: 'More than one value for a one-value option (`extra arguments at end of line`). sshd refuses to start.' },
  'sshd/bad-match': {
    severity: 'error',
    doc: 'A Match line sshd cannot read (`Bad Match condition`): a criterion without its argument, an unknown criterion, `all` combined with others, a malformed address list or LocalPort.',
  },
  'sshd/not-allowed-in-match': {
    severity: 'error',
    doc: "A keyword that applies to the whole server (TCPKeepAlive, LoginGraceTime, MaxStartups, ...) inside a Match block: sshd stops with `Directive 'X' is not allowed within a Match block`. Only `Match all` blocks may hold them.",
    fix: 'Move the line, with the comment lines directly above it, to the end of the global section (before the first Match block).',
  },
  'sshd/deprecated': {
    severity: 'warning',
    doc: 'A keyword sshd still accepts but ignores (`Deprecated option` / `Unsupported option` in its log): the line does nothing.',
    fix: 'Remove the line.',
  },
  'sshd/overridden': {
    severity: 'warning',
    doc: 'A setting that never takes effect: another line of the same section sets the option too, and sshd keeps the first value (for a Match block: the first matching block that sets it), or for the options whose last line wins, the last: MaxStartups and PerSourceNetBlockSize up to OpenSSH 10.0, PerSourceMaxStartups up to 9.4, StreamLocalBindMask and FingerprintHash in every release (and `UnusedConnectionTimeout none`, which replaces any earlier value). From 9.5 on this includes a `Subsystem` line for a name an earlier line already defined.',
    fix: 'Remove the dead line.',
  },
  'sshd/duplicate-subsystem': {
    severity: 'error',
    doc: "A second `Subsystem` line for a name already defined (the names compare case-sensitively), in the global section, a `Match all` block or an included file: up to OpenSSH 9.4 sshd stops with `Subsystem 'sftp' already defined`. From 9.5 on sshd keeps the first definition and this is reported as `sshd/overridden`.",
    fix: 'Remove the repeated line, when it says the same as the first one (otherwise choose which command to keep).',
  },
  'sshd/limit-exceeded': {
    severity: 'error',
    doc: 'More lines than sshd has room for: a 257th `Port` (`too many ports.`, every release), or up to OpenSSH 9.4 a 257th `Subsystem` (`too many subsystems defined.`). sshd refuses to start.',
  },
  'sshd/include-problem': {
    severity: 'error',
    doc: "An Include that stops sshd: an unreadable file, includes nested deeper than 16 (a cycle), or an included file with a line sshd refuses, among them a global-only keyword (Port, ListenAddress, Subsystem before 9.5, ...) in a file included from a Match block that does not apply when sshd starts: its lines are read as part of that block (`Directive 'Subsystem' is not allowed within a Match block`).",
  },
  'sshd/no-client-alive': {
    severity: 'warning',
    doc: 'No ClientAliveInterval for the connections of this section: sshd never checks on an idle client, so one that vanished (a laptop closed, a NAT that forgot the flow) is found only by kernel TCP keepalive, after 2 h 11 min 15 s with Linux defaults, and its session, locks and forwarded ports stay until then.',
    fix: 'Add `ClientAliveInterval` (under the path idle timeout) and `ClientAliveCountMax 3`.',
  },
  'sshd/count-max-zero': {
    severity: 'info',
    doc: 'ClientAliveCountMax 0: since OpenSSH 8.2 sshd still sends the probes (which keeps NAT state alive) but never drops an unresponsive client; before 8.2 it dropped every idle client after one interval.',
  },
  'sshd/interval-above-idle-timeout': {
    severity: 'warning',
    doc: 'A ClientAliveInterval longer than the idle timeout of the network path (`keepaliveLens.network.idleTimeout`): a NAT or firewall may drop the idle flow before the first probe, and the client sees a dead connection.',
    fix: 'Set an interval under the idle timeout.',
  },
} as const satisfies Record<string, Rule>;

export type SshdCode = keyof typeof SSHD_RULES;
