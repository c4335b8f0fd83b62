/**
 * Every diagnostic code the option-file analysis can report, with its documentation (the README's reference
 * is generated from this table; a test keeps it in step with what is emitted). Errors are lines that make a
 * program refuse to start: `keepalive-lens check` exits 1 on them.
 */
import type { Rule } from '../types';

export const MYCNF_RULES = {
  'mycnf/rejected-option': {
    severity: 'error',
    doc: 'An option that some program reading this group does not have. That program refuses to start ("unknown variable \'read_timeout=300\'", exit 7) before it connects, even though others accept the option. The classic case is the keepalive advice `[client]` `read_timeout` / `write_timeout` (no client program has them) and `connect_timeout` (only `mariadb` and `mariadb-admin` have it; mariadb-dump, -check, -import, -show and -slap refuse it). Measured with the real programs, see "How we know it is right".',
    fix: "Move the option to the group of the program that has it (`[mysql]` for the command-line client), prefix it with `loose-` so the others only warn, or, for a read/write timeout, use the server's net_read_timeout / net_write_timeout in `[mysqld]`.",
  },
  'mycnf/unknown-option': {
    severity: 'error',
    doc: 'No program reading this group has an option of this name (nor one it is the unique prefix of): each of them refuses to start with "unknown variable".',
    fix: 'Use the option the name was probably meant to be, or prefix it with `loose-`.',
  },
  'mycnf/server-option-in-client-group': {
    severity: 'error',
    doc: 'A server variable (wait_timeout, net_read_timeout, ...) in a group only client programs read: they do not know it and refuse to start, and the server never sees it.',
    fix: 'Move the line to `[mysqld]`.',
  },
  'mycnf/ambiguous-option': {
    severity: 'error',
    doc: 'The name is a prefix of several options of a program reading this group: that program stops with "ambiguous option \'--co=5\' (column-names, connect_timeout)".',
    fix: 'Write the full option name.',
  },
  'mycnf/option-prefix': {
    severity: 'warning',
    doc: 'The name is only the unique prefix of an option. The program uses that option but prints "Using unique option prefix \'connect_time\' is error-prone and can break in the future" at every start, and a later release with a second matching option makes it fatal.',
    fix: 'Write the full option name.',
  },
  'mycnf/disabled-option': {
    severity: 'error',
    doc: 'An option this build of the program has but disables (`debug` in release builds): "Option \'debug\' used, but is disabled", and the program stops.',
  },
  'mycnf/exits-program': {
    severity: 'error',
    doc: 'An option such as `help` or `version` in a file: the program prints its help or version and exits instead of running.',
    fix: 'Delete the line.',
  },
  'mycnf/missing-value': {
    severity: 'error',
    doc: 'An option that needs a value written without `=value`: "option \'--wait_timeout\' requires an argument", and the program stops.',
  },
  'mycnf/unexpected-value': {
    severity: 'error',
    doc: 'A switch written with a value (`verbose=10`, `batch=1`): "option \'--verbose\' cannot take an argument", and the program stops.',
    fix: 'Remove the value.',
  },
  'mycnf/one-family-rejects': {
    severity: 'warning',
    doc: "Whose programs read the file is not known (no `keepaliveLens.mysql.flavor` setting, not under `mariadb.conf.d/` or `mysql.conf.d/`, neither client installed), and only one family's programs refuse the option: MySQL's `mysqld` refuses MariaDB's `tcp_keepalive_time` (\"[ERROR] unknown variable\"), MariaDB's clients refuse options only MySQL's have. A warning, since the file may be meant for the other family only.",
    fix: 'Prefix the option with `loose-` (both families then only warn), or set `keepaliveLens.mysql.flavor` to the family that reads the file.',
  },
  'mycnf/ignored-option': {
    severity: 'warning',
    doc: "No program reading this group has an option of this name, and they all go on without a word: MySQL's `mysql` ignores unknown names in option files (measured with MySQL 9.7; the same option on its command line is refused). The line has no effect, which is rarely what was meant.",
    fix: 'Use the option the name was probably meant to be, or delete the line.',
  },
  'mycnf/loose-unknown': {
    severity: 'warning',
    doc: 'A `loose-` option that no program reading this group knows: each prints "unknown variable" as a warning at every start and the line has no effect. Usually a typo the `loose-` prefix hides.',
    fix: 'Use the option the name was probably meant to be.',
  },
  'mycnf/invalid-number': {
    severity: 'error',
    doc: 'A value the program cannot read as a number: a suffix other than K, M, G, T, P, E (`28800s`, `0x10`, `1.5`), a negative value for an unsigned option, or more than 2^64-1. The program prints "Unknown suffix \'s\' used for variable \'wait_timeout\'" (or "Incorrect unsigned value") and stops.',
    fix: 'Write the number of seconds (or bytes) alone.',
  },
  'mycnf/loose-bad-value': {
    severity: 'warning',
    doc: 'A `loose-` option with a value the program cannot read as a number (`loose-wait_timeout=5s`): it prints the error lines but, because of `loose-`, runs anyway, with the option at 0 (measured: a server with wait_timeout 0 drops every connection).',
  },
  'mycnf/out-of-range': {
    severity: 'warning',
    doc: "A number outside the option's range: the program clamps it with a warning (\"option 'wait_timeout': unsigned value 0 adjusted to 1\") and runs with the clamped value, which is what the timeline uses.",
    fix: 'Write the value the program uses.',
  },
  'mycnf/keepalive-over-kernel-limit': {
    severity: 'warning',
    doc: "MariaDB accepts tcp_keepalive_time and tcp_keepalive_interval up to 2147483 and tcp_keepalive_probes up to 2147483, but the kernel refuses per-socket values above 32767 s and 127 probes: the setsockopt fails silently and the kernel's value stays in force (measured for tcp_keepalive_time=40000).",
    fix: 'Use the largest value the kernel takes.',
  },
  'mycnf/short-wait-timeout': {
    severity: 'warning',
    doc: 'wait_timeout (or interactive_timeout) shorter than the time a connection pool keeps idle connections (setting `keepaliveLens.mysql.poolIdleTime`, default 1800 s, HikariCP\'s default maxLifetime): the server closes pooled connections the pool still hands out, and the application sees "server has gone away" / "Communications link failure".',
  },
  'mycnf/overridden': {
    severity: 'hint',
    doc: 'A later line sets the same option for the same program: this one has no effect (the later one wins).',
    fix: 'Delete the line.',
  },
  'mycnf/glued-comment': {
    severity: 'warning',
    doc: 'A `#` in a value starts a comment even without a space before it: `password=abc#123` gives the program `abc`. Only quotes keep a `#`.',
    fix: 'Quote the value, or move the comment onto its own line.',
  },
  'mycnf/unbalanced-quote': {
    severity: 'warning',
    doc: 'A value that starts with a quote but does not end with the same one: the quotes are not removed and the program gets them as part of the value.',
    fix: 'Close the quote.',
  },
  'mycnf/option-before-group': {
    severity: 'error',
    doc: 'An option before the first `[group]` of its file (an included file needs its own group too): every program stops with "Found option without preceding group in config file".',
    fix: 'Insert a group header above it.',
  },
  'mycnf/bom': {
    severity: 'error',
    doc: 'The file starts with a byte order mark: the parser takes it as the start of an option before any group, and every program stops ("Found option without preceding group").',
    fix: 'Remove the byte order mark.',
  },
  'mycnf/unclosed-group': {
    severity: 'error',
    doc: 'A `[` without `]`: every program stops with "Wrong group definition in config file".',
    fix: 'Close the bracket.',
  },
  'mycnf/group-trailing-text': {
    severity: 'warning',
    doc: 'Text after the `]` of a group header is ignored without a word.',
    fix: 'Turn it into a comment.',
  },
  'mycnf/group-space': {
    severity: 'warning',
    doc: 'A space after `[` is part of the group name: `[ mysqld]` is the group " mysqld", which no program reads.',
    fix: 'Remove the space.',
  },
  'mycnf/unknown-group': {
    severity: 'warning',
    doc: 'A group no program reads whose name is close to one they do (`[mysqd]`, `[cleint]`): its options are silently unused.',
    fix: 'Use the group the name was probably meant to be.',
  },
  'mycnf/include-missing-path': {
    severity: 'error',
    doc: '`!include` or `!includedir` without a path: every program stops with "Wrong \'!include\' directive".',
  },
  'mycnf/include-last-line': {
    severity: 'error',
    doc: "`!include` or `!includedir` on the last line of a file without a line break: MariaDB's parser drops the path's last character (it takes it for the `\\n`), so `!include /etc/mysql/extra.cnf` reads `/etc/mysql/extra.cn`, and a one-letter path stops the programs; MySQL's reads the path whole (both measured). The finding says which family reads what, and where MariaDB's programs stop, the lens and timelines list them as not starting.",
    fix: 'End the file with a line break.',
  },
  'mycnf/include-not-read': {
    severity: 'warning',
    doc: "An `!include` target that is not read: missing or unreadable (MariaDB's programs skip it without a word; MySQL's print `Can't get stat of` or `File not found` and `Stopped processing the 'include' directive`, and go on), world-writable (ignored with a warning by both), a directory, or a relative path (it resolves against the working directory of the program, not this file).",
  },
  'mycnf/includedir-unreadable': {
    severity: 'error',
    doc: 'An `!includedir` directory that cannot be read: every program stops ("Can\'t read dir of \'/etc/mysql/conf.d\' (Errcode: 2 \\"No such file or directory\\")"). `!includedir` does not expand `~`.',
  },
  'mycnf/include-depth': {
    severity: 'warning',
    doc: 'A directive at include depth 10: the programs skip it ("maximum include recursion level was reached"). Usually a file that includes itself.',
  },
  'mycnf/ignored-directive': {
    severity: 'warning',
    doc: 'A `!` line that is not `!include PATH` or `!includedir PATH` (the keywords are lower case and need a space after them): the parser skips it without a word.',
    fix: 'Write the keyword in lower case.',
  },
  'mycnf/included-file-error': {
    severity: 'warning',
    doc: 'A file this one includes has an error (an option before any group, an unclosed group, an unreadable `!includedir`, ...). In an included file such an error is not fatal: the programs print it, ignore the rest of that file and go on (measured with my_print_defaults). Reported on the `!include` line that leads to it.',
  },
} as const satisfies Record<string, Rule>;

export type MycnfCode = keyof typeof MYCNF_RULES;
