/**
 * Every diagnostic code the sysctl analysis can report, with its documentation (the README's
 * reference is generated from this table; a test keeps it in step with what is emitted).
 * Errors are lines the loader or the kernel rejects: `keepalive-lens check` exits 1 on them.
 */
import type { Rule } from '../types';

export const SYSCTL_RULES = {
  'sysctl/not-an-assignment': {
    severity: 'error',
    doc: 'A line that is neither a comment nor `key = value`. systemd-sysctl warns "Line is not an assignment, ignoring" and `sysctl -p` fails on it.',
    fix: 'Turn the line into a comment.',
  },
  'sysctl/missing-key': { severity: 'error', doc: 'An `=` with nothing before it: no key to set.' },
  'sysctl/invalid-value': {
    severity: 'error',
    doc: 'A value the kernel rejects with "Invalid argument": not a number where one is needed (`300s`, `+5`, `1e3`, `10#x`), a number outside the range the kernel enforces, or an empty value. The key keeps its previous value (in a new network namespace, the kernel default).',
    fix: 'Write the number alone, or split a glued `#` comment onto its own line.',
  },
  'sysctl/inline-comment': {
    severity: 'warning',
    doc: 'A `#` or `;` after the value is not a comment: the loaders write the whole text to the kernel. For a numeric key the kernel reads the number and ignores the rest (measured on Linux 6.18), so the line works by accident; for a text key the write fails. Tools that parse the file (configuration management, our own hover) see the comment as part of the value.',
    fix: 'Move the comment onto its own line above.',
  },
  'sysctl/extra-value': {
    severity: 'warning',
    doc: 'More numbers than the key takes (`tcp_keepalive_time = 300 600`): the kernel reads the first and silently ignores the rest.',
    fix: 'Keep only the numbers the key takes.',
  },
  'sysctl/octal-value': {
    severity: 'warning',
    doc: 'A number with a leading `0` (or `0x`): the kernel reads it with C rules, so `0300` is octal 192 and `0x12c` is 300.',
    fix: 'Write the number in decimal.',
  },
  'sysctl/unknown-key': {
    severity: 'warning',
    doc: 'A key under `net.ipv4`, `net.ipv6`, `net.core`, `net.netfilter`, `net.unix` or `net.mptcp` that the kernel does not have; the loader reports "No such file or directory" and nothing is set. Keys of other namespaces are not checked.',
    fix: 'Use the key the name was probably meant to be.',
  },
  'sysctl/module-key': {
    severity: 'info',
    doc: 'A `net.netfilter.nf_conntrack_*` key exists only once the nf_conntrack module is loaded. At boot systemd-sysctl may run before the module loads, and the line is then skipped; load the module early (`/etc/modules-load.d`) or set the key from a udev rule.',
  },
  'sysctl/bom': {
    severity: 'warning',
    doc: 'The file starts with a byte order mark: the loaders read it as part of the first key, which then does not exist.',
    fix: 'Remove the byte order mark.',
  },
  'sysctl/duplicate-key': {
    severity: 'warning',
    doc: 'The key is assigned again later in the same file; only the last assignment counts (systemd-sysctl: "Overwriting earlier assignment").',
    fix: 'Delete the dead assignment.',
  },
  'sysctl/overridden': {
    severity: 'info',
    doc: 'A file later in the load order (files sort by name across /etc, /run, /usr/local/lib and /usr/lib sysctl.d) assigns the key again, so this line has no effect.',
  },
  'sysctl/masked-file': {
    severity: 'warning',
    doc: 'A file of the same name in a directory that comes first (/etc before /run before /usr/local/lib before /usr/lib) masks this file: none of its lines is read.',
  },
  'sysctl/last-assignment-rejected': {
    severity: 'warning',
    doc: 'The last assignment of a key is rejected by the kernel while an earlier one is valid. systemd-sysctl writes only the last assignment, so the key keeps its previous value; `sysctl -p` and `sysctl --system` write every line in order and leave the earlier value. Boot and manual reloads then disagree.',
  },
  'sysctl/keepalive-incomplete': {
    severity: 'info',
    doc: 'Only some of `tcp_keepalive_time`, `tcp_keepalive_intvl` and `tcp_keepalive_probes` are set; the others stay at the kernel defaults (7200 s, 75 s, 9), which usually defeats the change.',
    fix: 'Add the missing keys with the values for long-lived connections (300 / 30 / 5), or values derived from `keepaliveLens.network.idleTimeout`.',
  },
  'sysctl/keepalive-time-above-idle-timeout': {
    severity: 'warning',
    doc: 'The first keepalive probe leaves after `tcp_keepalive_time`; when that is longer than the shortest idle timeout on the path (`keepaliveLens.network.idleTimeout`), a NAT or firewall has already forgotten the connection and the probe finds no path.',
    fix: 'Set `tcp_keepalive_time` under the idle timeout.',
  },
  'sysctl/conntrack-shorter-than-keepalive': {
    severity: 'warning',
    doc: "`nf_conntrack_tcp_timeout_established` is shorter than `tcp_keepalive_time`: this host's own connection tracking forgets idle connections before the first probe keeps them alive, and with a stateful firewall their next packet is dropped.",
  },
  'sysctl/negative-time': {
    severity: 'warning',
    doc: 'A negative `tcp_keepalive_time` or `tcp_keepalive_intvl`: the kernel accepts it (the value is stored in jiffies), but compares it as an unsigned number, so the timer waits about 2^32 jiffies (198 days at HZ=250) and no probe is sent in practice.',
    fix: 'Use the positive number.',
  },
  'sysctl/aggressive-keepalive': {
    severity: 'info',
    doc: 'A keepalive time under 30 s or an interval under 5 s: every idle connection on the host sends probes this often, and a few lost packets on a slow path already declare a live peer dead. Per-socket options (TCP_KEEPIDLE and friends) suit one application better.',
  },
} as const satisfies Record<string, Rule>;

export type SysctlCode = keyof typeof SYSCTL_RULES;
