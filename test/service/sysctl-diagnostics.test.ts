/**
 * sysctl diagnostics: the WHOLE list of each fixture, compared exactly (range, severity, code,
 * link, message, tags, related information and fix data).
 *
 *   node --import tsx --test test/service/sysctl-diagnostics.test.ts
 *
 * Every code of SYSCTL_RULES has a test here (the last test checks that). Numbers in messages are
 * derived from the facts (semantics.md sections 3, 4 and 6): keepalive death at
 * time + intvl × probes, kernel defaults 7200 / 75 / 9, the path idle timeout of the test
 * settings 300 s.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Diagnostic, DiagnosticTag, type Range } from 'vscode-languageserver-types';
import type { Settings } from '../../server/src/service';
import { SYSCTL_RULES, type SysctlCode } from '../../server/src/service/analysis/sysctl/rules';
import type { FixData } from '../../server/src/service/analysis/types';
import type { Span } from '../../server/src/service/syntax/text';
import { lines, rangeInside } from '../fixtures';
import { README, rangeOf, SYSCTL_URI, sysctlDoc, sysctlService } from '../sysctlFixtures';

const SEV = { error: 1, warning: 2, info: 3 } as const;
const covered = new Set<string>();

interface Extra {
  fixes?: FixData[];
  unnecessary?: boolean;
  related?: Array<[uri: string, range: Range, message: string]>;
}

/** One expected diagnostic, in the shape the service publishes. */
function diag(code: SysctlCode, severity: keyof typeof SEV, range: Range, message: string, extra: Extra = {}): Diagnostic {
  covered.add(code);
  const d: Diagnostic = {
    range,
    severity: SEV[severity],
    code,
    codeDescription: { href: `${README}#${code.replace('/', '-')}` },
    source: 'keepalive-lens',
    message,
    data: { fixes: extra.fixes ?? [] },
  };
  if (extra.unnecessary) d.tags = [DiagnosticTag.Unnecessary];
  if (extra.related) d.relatedInformation = extra.related.map(([uri, r, m]) => ({ location: { uri, range: r }, message: m }));
  return d;
}

/** The Span (fix data) of the nth `needle` on a line. */
function spanOf(text: string, line: number, needle: string, nth = 0): Span {
  const r = rangeOf(text, line, needle, nth);
  return { line, start: r.start.character, end: r.end.character };
}

const wholeLine = (text: string, line: number): Span => ({ line, start: 0, end: text.split(/\r\n|\n/)[line].length });

interface Options {
  uri?: string;
  /** The other files of the set. */
  files?: Record<string, string>;
  settings?: Partial<Settings>;
}

/** The diagnostics of `text` (at `uri`, with the other files of its set) must be exactly `expected`. */
function check(text: string, expected: Diagnostic[], o: Options = {}): void {
  const uri = o.uri ?? SYSCTL_URI;
  const doc = sysctlDoc(text, uri);
  const got = sysctlService({ ...(o.files ?? {}), [uri]: text }, o.settings).diagnostics(doc);
  for (const d of got) assert.ok(rangeInside(doc, d.range), `${d.code} ${JSON.stringify(d.range)} lies inside the document`);
  assert.deepStrictEqual(got, expected);
}

const TIME = 'net.ipv4.tcp_keepalive_time';
const INTVL = 'net.ipv4.tcp_keepalive_intvl';
const PROBES = 'net.ipv4.tcp_keepalive_probes';
/** The keepalive article's values for long-lived connections: dead after 300 + 5 × 30 = 450 s. */
const COMPLETE = [`${TIME} = 300`, `${INTVL} = 30`, `${PROBES} = 5`];

const ETC = 'file:///etc/sysctl.d/';
const USR = 'file:///usr/lib/sysctl.d/';

describe('no findings', () => {
  test('a complete 300 / 30 / 5 file', () => check(lines(...COMPLETE, ''), []));

  test('the article appended to /etc/sysctl.conf (no spaces around =)', () => {
    check(lines('# keepalive', `${TIME}=300`, `${INTVL}=30`, `${PROBES}=5`, ''), [], { uri: 'file:///etc/sysctl.conf' });
  });

  test('keys outside the checked namespaces get nothing, whatever their value', () => {
    check(lines('vm.swappiness = 10', 'kernel.pid_max = abc', 'fs.file-max = 1e6', 'kernel.no_such_key = 1'), []);
  });

  test('sysctl/inline-comment: a `#` after the value of any key is written to the kernel too', () => {
    const text = lines('vm.overcommit_memory=1 # always');
    check(text, [
      diag(
        'sysctl/inline-comment',
        'warning',
        rangeOf(text, 0, '# always'),
        '`# always` is not a comment: the loader writes all of `1 # always` to the kernel. A numeric key takes the number and ignores the rest; a text key gets the comment too or rejects the write. Put comments on their own line.',
        {
          fixes: [
            {
              kind: 'replace',
              title: 'Move the comment onto its own line',
              span: wholeLine(text, 0),
              text: '# always\nvm.overcommit_memory=1',
              preferred: true,
            },
          ],
        },
      ),
    ]);
  });

  test('per-interface keys, dotted or slashed, and globs over them', () => {
    check(
      lines('net.ipv4.conf.eth0/100.rp_filter = 1', 'net/ipv6/conf/eth0.200/disable_ipv6 = 1', 'net.ipv4.conf.*.rp_filter = 2', '-net.ipv4.conf.lo.rp_filter'),
      [],
    );
  });

  test('comments and blank lines only; an empty file', () => {
    check(lines('# nothing here', '; nor here', '', '   '), []);
    check('', []);
  });

  test('the retries and syn keys with valid values', () => {
    check(
      lines(...COMPLETE, 'net.ipv4.tcp_retries2 = 8', 'net.ipv4.tcp_syn_retries = 3', 'net.ipv4.tcp_syn_linear_timeouts = 0', 'net.ipv4.tcp_rto_max_ms = 1000'),
      [],
    );
  });
});

describe('lines the loaders reject', () => {
  test('sysctl/not-an-assignment: a key and value without =', () => {
    const text = lines(`  ${TIME} 300 `);
    check(text, [
      diag(
        'sysctl/not-an-assignment',
        'error',
        rangeOf(text, 0, `${TIME} 300`),
        'Not an assignment (`key = value`) and not a comment: systemd-sysctl skips the line ("Line is not an assignment"), `sysctl -p` reports an error.',
        {
          fixes: [
            { kind: 'replace', title: 'Insert "=" after the key', span: spanOf(text, 0, `${TIME} 300`), text: `${TIME} = 300`, preferred: true },
            { kind: 'replace', title: 'Turn the line into a comment', span: spanOf(text, 0, `${TIME} 300`), text: `# ${TIME} 300` },
          ],
        },
      ),
    ]);
  });

  test('sysctl/missing-key: = with nothing before it', () => {
    const text = lines('# x', ' = 300');
    check(text, [diag('sysctl/missing-key', 'error', rangeOf(text, 1, '= 300'), 'No key before `=`: the line sets nothing.')]);
  });

  test('sysctl/bom: the first key carries the byte order mark, so the kernel does not have it', () => {
    const text = lines(`\uFEFF${TIME} = 300`, `${INTVL} = 30`, `${PROBES} = 5`);
    check(text, [
      diag(
        'sysctl/bom',
        'warning',
        { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
        'The file starts with a byte order mark: the loaders take it as part of the first key, which then does not exist.',
        { fixes: [{ kind: 'removeBom', title: 'Remove the byte order mark', preferred: true }] },
      ),
      // The BOM line sets nothing, so tcp_keepalive_time stays at 7200: 7200 + 5 × 30 = 7350 s.
      diag(
        'sysctl/keepalive-incomplete',
        'info',
        rangeOf(text, 2, PROBES),
        'tcp_keepalive_time is not set and stays at the kernel default (7200 s): idle peer declared dead after 2 h 2 min 30 s (7200 s + 5 × 30 s).',
        {
          fixes: [
            {
              kind: 'insertLines',
              title: 'Add tcp_keepalive_time (300 / 30 / 5, for long-lived connections)',
              afterLine: 2,
              lines: [`${TIME} = 300`],
              preferred: true,
            },
            // For a 300 s idle timeout: 0.75 × 300 = 225 s.
            { kind: 'insertLines', title: 'Add tcp_keepalive_time for a 5 min idle timeout (225 / 30 / 5)', afterLine: 2, lines: [`${TIME} = 225`] },
          ],
        },
      ),
    ]);
  });

  test('sysctl/unknown-key: a typo, with the key it was meant to be', () => {
    const text = lines(`${TIME.replace('time', 'tme')} = 300`);
    check(text, [
      diag(
        'sysctl/unknown-key',
        'warning',
        rangeOf(text, 0, 'net.ipv4.tcp_keepalive_tme'),
        'The kernel has no key `net.ipv4.tcp_keepalive_tme`; did you mean `net.ipv4.tcp_keepalive_time`? The loader reports "No such file or directory" and nothing is set.',
        { fixes: [{ kind: 'replace', title: `Change to ${TIME}`, span: spanOf(text, 0, 'net.ipv4.tcp_keepalive_tme'), text: TIME, preferred: true }] },
      ),
    ]);
  });

  test('sysctl/unknown-key: the suggestion is spelled with slashes when the key is', () => {
    const text = lines('net/ipv4/tcp_keepalive_intvll = 30');
    check(text, [
      diag(
        'sysctl/unknown-key',
        'warning',
        rangeOf(text, 0, 'net/ipv4/tcp_keepalive_intvll'),
        'The kernel has no key `net.ipv4.tcp_keepalive_intvll`; did you mean `net.ipv4.tcp_keepalive_intvl`? The loader reports "No such file or directory" and nothing is set.',
        {
          fixes: [
            {
              kind: 'replace',
              title: 'Change to net/ipv4/tcp_keepalive_intvl',
              span: spanOf(text, 0, 'net/ipv4/tcp_keepalive_intvll'),
              text: 'net/ipv4/tcp_keepalive_intvl',
              preferred: true,
            },
          ],
        },
      ),
    ]);
  });

  test('sysctl/unknown-key: nothing close, no fix; a `-` line is still checked', () => {
    const text = lines('-net.core.frobnicate = 1');
    check(text, [
      diag(
        'sysctl/unknown-key',
        'warning',
        rangeOf(text, 0, 'net.core.frobnicate'),
        'The kernel has no key `net.core.frobnicate`. The loader reports "No such file or directory" and nothing is set.',
      ),
    ]);
  });
});

describe('values', () => {
  const rejected = (reason: string, dflt = '7200') =>
    `The kernel rejects this value (Invalid argument): ${reason}. The key keeps its previous value (in a new network namespace the default, ${dflt}).`;

  test('sysctl/invalid-value: a unit after the number (the fix keeps the number)', () => {
    const text = lines(`${TIME} = 300s`, `${INTVL} = 30`, `${PROBES} = 5`);
    check(text, [
      diag('sysctl/invalid-value', 'error', rangeOf(text, 0, '300s'), rejected('`300s` is not a number (a number must be followed by a space or the end)'), {
        fixes: [{ kind: 'replace', title: 'Write 300 (seconds)', span: spanOf(text, 0, '300s'), text: '300', preferred: true }],
      }),
    ]);
  });

  test('sysctl/invalid-value: a comment glued to the number (the fix moves it onto its own line)', () => {
    const text = lines(`  ${TIME}=10#x`, `  ${INTVL}=30`, `  ${PROBES}=5`);
    check(text, [
      diag('sysctl/invalid-value', 'error', rangeOf(text, 0, '10#x'), rejected('`10#x` is not a number (a number must be followed by a space or the end)'), {
        fixes: [{ kind: 'replace', title: 'Move the comment onto its own line', span: wholeLine(text, 0), text: `  #x\n  ${TIME}=10`, preferred: true }],
      }),
    ]);
  });

  test('sysctl/invalid-value: +5, a word, out of range (u8), an empty value (the range is then the line)', () => {
    const text = lines(`${PROBES} = +5`, `${INTVL} = thirty`, `${PROBES} = 256`, `${TIME} =`);
    check(text, [
      // Line 0 is overridden by line 2 in the same file, so it is dead as well.
      diag(
        'sysctl/duplicate-key',
        'warning',
        rangeOf(text, 0, PROBES),
        `${PROBES} is assigned again on line 3; only the last assignment counts, so this line has no effect.`,
        {
          unnecessary: true,
          fixes: [{ kind: 'deleteLines', title: 'Delete this dead assignment', from: 0, to: 0, preferred: true }],
          related: [[SYSCTL_URI, rangeOf(text, 2, PROBES), 'the assignment that counts']],
        },
      ),
      diag('sysctl/invalid-value', 'error', rangeOf(text, 0, '+5'), rejected('`+5` is not a number', '9')),
      diag('sysctl/invalid-value', 'error', rangeOf(text, 1, 'thirty'), rejected('`thirty` is not a number', '75')),
      diag('sysctl/invalid-value', 'error', rangeOf(text, 2, '256'), rejected('256 is outside 0..255', '9')),
      diag('sysctl/invalid-value', 'error', rangeOf(text, 3, `${TIME} =`), rejected('the value is empty')),
    ]);
  });

  test('sysctl/inline-comment: the keepalive article pasted into a sysctl file (the kernel reads 60, 10 and 6)', () => {
    const text = lines('# The "behind a carrier-grade NAT" values', `${TIME}=60 # 1 minute`, `${INTVL}=10 # 10 seconds`, `${PROBES}=6 # 1 minute total`, '');
    const inline = (line: number, value: string, number: string, comment: string) =>
      diag(
        'sysctl/inline-comment',
        'warning',
        rangeOf(text, line, comment),
        `\`${comment}\` is not a comment: the loader writes \`${value}\` to the kernel, which reads ${number} and ignores the rest. Put comments on their own line.`,
        {
          fixes: [
            {
              kind: 'replace',
              title: 'Move the comment onto its own line',
              span: wholeLine(text, line),
              text: `${comment}\n${text.split('\n')[line].replace(/ #.*$/, '')}`,
              preferred: true,
            },
          ],
        },
      );
    // 60 + 6 × 10 = 120 s: nothing aggressive (time >= 30, intvl >= 5), under the 300 s idle timeout.
    check(text, [
      inline(1, '60 # 1 minute', '60', '# 1 minute'),
      inline(2, '10 # 10 seconds', '10', '# 10 seconds'),
      inline(3, '6 # 1 minute total', '6', '# 1 minute total'),
    ]);
  });

  test('sysctl/inline-comment: a text key, whose write would fail with the comment in it', () => {
    const text = lines('net.ipv4.tcp_congestion_control = bbr ; fast');
    check(text, [
      diag(
        'sysctl/inline-comment',
        'warning',
        rangeOf(text, 0, '; fast'),
        '`; fast` is not a comment: the loader writes all of `bbr ; fast` to the kernel, which will most likely reject it. Put comments on their own line.',
        {
          fixes: [
            {
              kind: 'replace',
              title: 'Move the comment onto its own line',
              span: wholeLine(text, 0),
              text: '; fast\nnet.ipv4.tcp_congestion_control = bbr',
              preferred: true,
            },
          ],
        },
      ),
    ]);
  });

  test('sysctl/extra-value: one number too many (and one for a vector of three)', () => {
    const text = lines(`${TIME} = 300 600`, `${INTVL} = 30`, `${PROBES} = 5`, 'net.ipv4.tcp_rmem = 4096 131072 6291456 1');
    check(text, [
      diag('sysctl/extra-value', 'warning', rangeOf(text, 0, '600'), `${TIME} takes one number: the kernel reads 300 and ignores \`600\`.`, {
        fixes: [{ kind: 'replace', title: 'Keep 300', span: spanOf(text, 0, '300 600'), text: '300' }],
      }),
      diag('sysctl/extra-value', 'warning', tail(text, 3, '1'), `net.ipv4.tcp_rmem takes 3 numbers: the kernel reads 4096 131072 6291456 and ignores \`1\`.`, {
        fixes: [{ kind: 'replace', title: 'Keep 4096 131072 6291456', span: spanOf(text, 3, '4096 131072 6291456 1'), text: '4096 131072 6291456' }],
      }),
    ]);
  });

  test('sysctl/octal-value: 010 is octal 8 and 0x12c is 300', () => {
    const text = lines(`${TIME} = 0x12c`, `net/ipv4/tcp_keepalive_intvl = 010`, `${PROBES} = 5`);
    check(text, [
      diag('sysctl/octal-value', 'warning', rangeOf(text, 0, '0x12c'), 'The kernel reads `0x12c` with C rules (0x means hexadecimal): it sets 300.', {
        fixes: [{ kind: 'replace', title: 'Write 300 in decimal (what the kernel reads now)', span: spanOf(text, 0, '0x12c'), text: '300' }],
      }),
      diag('sysctl/octal-value', 'warning', rangeOf(text, 1, '010'), 'The kernel reads `010` with C rules (a leading 0 means octal): it sets 8.', {
        fixes: [
          { kind: 'replace', title: 'Write 8 in decimal (what the kernel reads now)', span: spanOf(text, 1, '010'), text: '8' },
          { kind: 'replace', title: 'Drop the leading zeros (if 010 meant decimal)', span: spanOf(text, 1, '010'), text: '10' },
        ],
      }),
    ]);
  });
});

/** The range of the last `needle` on a line (for a tail after equal-looking numbers). */
function tail(text: string, line: number, needle: string): Range {
  const l = text.split('\n')[line];
  const at = l.lastIndexOf(needle);
  return { start: { line, character: at }, end: { line, character: at + needle.length } };
}

describe('the set: duplicates, later files, masking', () => {
  test('sysctl/duplicate-key: the first of two assignments in one file is dead', () => {
    const text = lines(`${TIME} = 600`, `${TIME} = 300`, `${INTVL} = 30`, `${PROBES} = 5`);
    check(text, [
      diag(
        'sysctl/duplicate-key',
        'warning',
        rangeOf(text, 0, TIME),
        `${TIME} is assigned again on line 2; only the last assignment counts, so this line has no effect.`,
        {
          unnecessary: true,
          fixes: [{ kind: 'deleteLines', title: 'Delete this dead assignment', from: 0, to: 0, preferred: true }],
          related: [[SYSCTL_URI, rangeOf(text, 1, TIME), 'the assignment that counts']],
        },
      ),
    ]);
  });

  test('sysctl/duplicate-key: the same key written with dots and with slashes', () => {
    const text = lines('net.ipv4.conf.eth0/100.rp_filter = 1', 'net/ipv4/conf/eth0.100/rp_filter = 2');
    check(text, [
      diag(
        'sysctl/duplicate-key',
        'warning',
        rangeOf(text, 0, 'net.ipv4.conf.eth0/100.rp_filter'),
        'net.ipv4.conf.eth0/100.rp_filter is assigned again on line 2; only the last assignment counts, so this line has no effect.',
        {
          unnecessary: true,
          fixes: [{ kind: 'deleteLines', title: 'Delete this dead assignment', from: 0, to: 0, preferred: true }],
          related: [[SYSCTL_URI, rangeOf(text, 1, 'net/ipv4/conf/eth0.100/rp_filter'), 'the assignment that counts']],
        },
      ),
    ]);
  });

  test('sysctl/overridden: a file read later sets the key again', () => {
    const a = `${ETC}10-a.conf`;
    const b = `${ETC}20-b.conf`;
    const textA = lines(`${TIME} = 600`);
    const textB = lines(...COMPLETE);
    check(
      textA,
      [
        diag('sysctl/overridden', 'info', rangeOf(textA, 0, TIME), `20-b.conf (read later) sets ${TIME} = 300 on line 1; this line has no effect.`, {
          unnecessary: true,
          related: [[b, rangeOf(textB, 0, TIME), 'the assignment that counts']],
        }),
      ],
      { uri: a, files: { [b]: textB } },
    );
    // The file that wins has nothing to say.
    check(textB, [], { uri: b, files: { [a]: textA } });
  });

  test('sysctl/overridden: files sort by name across directories (/usr/lib 50- before /etc 60-)', () => {
    const vendor = `${USR}50-vendor-tcp.conf`;
    const mine = `${ETC}60-keepalive.conf`;
    const textVendor = lines('# vendor', `${TIME} = 1800`, 'net.ipv4.tcp_fin_timeout = 30');
    const textMine = lines(...COMPLETE);
    check(
      textVendor,
      [
        diag(
          'sysctl/overridden',
          'info',
          rangeOf(textVendor, 1, TIME),
          `60-keepalive.conf (read later) sets ${TIME} = 300 on line 1; this line has no effect.`,
          {
            unnecessary: true,
            related: [[mine, rangeOf(textMine, 0, TIME), 'the assignment that counts']],
          },
        ),
      ],
      { uri: vendor, files: { [mine]: textMine } },
    );
  });

  test('sysctl/masked-file: the same name in /etc/sysctl.d hides the /usr/lib/sysctl.d file', () => {
    const vendor = `${USR}60-keepalive.conf`;
    const mine = `${ETC}60-keepalive.conf`;
    const textVendor = lines('# An older keepalive file', `${TIME} = 3600`, `${INTVL} = 60`);
    check(
      textVendor,
      [
        diag(
          'sysctl/masked-file',
          'warning',
          rangeOf(textVendor, 0, '# An older keepalive file'),
          '60-keepalive.conf in a directory read first has the same name: this file is not read at all.',
          {
            related: [[mine, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, 'the file read instead']],
          },
        ),
      ],
      { uri: vendor, files: { [mine]: lines(...COMPLETE) } },
    );
  });

  test('sysctl/last-assignment-rejected: one file (systemd-sysctl keeps the default, sysctl -p keeps 100)', () => {
    const text = lines(`${TIME} = 100`, `${TIME} = 10#x`, `${INTVL} = 30`, `${PROBES} = 5`);
    check(text, [
      diag(
        'sysctl/duplicate-key',
        'warning',
        rangeOf(text, 0, TIME),
        `${TIME} is assigned again on line 2; only the last assignment counts, so this line has no effect.`,
        {
          unnecessary: true,
          fixes: [{ kind: 'deleteLines', title: 'Delete this dead assignment', from: 0, to: 0, preferred: true }],
          related: [[SYSCTL_URI, rangeOf(text, 1, TIME), 'the assignment that counts']],
        },
      ),
      diag(
        'sysctl/last-assignment-rejected',
        'warning',
        rangeOf(text, 1, TIME),
        `This last assignment is rejected, so at boot systemd-sysctl leaves ${TIME} at its previous value; \`sysctl -p\`/\`--system\` would keep 100 from line 1. Boot and reload disagree.`,
        { related: [[SYSCTL_URI, rangeOf(text, 0, TIME), 'the earlier valid assignment']] },
      ),
      diag(
        'sysctl/invalid-value',
        'error',
        rangeOf(text, 1, '10#x'),
        'The kernel rejects this value (Invalid argument): `10#x` is not a number (a number must be followed by a space or the end). The key keeps its previous value (in a new network namespace the default, 7200).',
        { fixes: [{ kind: 'replace', title: 'Move the comment onto its own line', span: wholeLine(text, 1), text: `#x\n${TIME} = 10`, preferred: true }] },
      ),
    ]);
  });

  test('sysctl/last-assignment-rejected: across files, naming the file of the earlier valid value', () => {
    const a = `${ETC}10-a.conf`;
    const b = `${ETC}20-b.conf`;
    const textA = lines(...COMPLETE);
    const textB = lines(`${TIME} = 300s`);
    check(
      textB,
      [
        diag(
          'sysctl/last-assignment-rejected',
          'warning',
          rangeOf(textB, 0, TIME),
          `This last assignment is rejected, so at boot systemd-sysctl leaves ${TIME} at its previous value; \`sysctl -p\`/\`--system\` would keep 300 from 10-a.conf line 1. Boot and reload disagree.`,
          { related: [[a, rangeOf(textA, 0, TIME), 'the earlier valid assignment']] },
        ),
        diag(
          'sysctl/invalid-value',
          'error',
          rangeOf(textB, 0, '300s'),
          'The kernel rejects this value (Invalid argument): `300s` is not a number (a number must be followed by a space or the end). The key keeps its previous value (in a new network namespace the default, 7200).',
          { fixes: [{ kind: 'replace', title: 'Write 300 (seconds)', span: spanOf(textB, 0, '300s'), text: '300', preferred: true }] },
        ),
      ],
      { uri: b, files: { [a]: textA } },
    );
    // 10-a's line is overridden (by a line that fails, but systemd-sysctl writes only that one).
    check(
      textA,
      [
        diag('sysctl/overridden', 'info', rangeOf(textA, 0, TIME), `20-b.conf (read later) sets ${TIME} = 300s on line 1; this line has no effect.`, {
          unnecessary: true,
          related: [[b, rangeOf(textB, 0, TIME), 'the assignment that counts']],
        }),
      ],
      { uri: a, files: { [b]: textB } },
    );
  });

  test('a rejected last assignment is not also reported as "not set" (keepalive-incomplete) with a fix that adds a second line', () => {
    const a = `${ETC}10-a.conf`;
    const b = `${ETC}20-b.conf`;
    const textA = lines(...COMPLETE);
    const textB = lines(`${TIME} = 300s`);
    check(
      textB,
      [
        diag(
          'sysctl/last-assignment-rejected',
          'warning',
          rangeOf(textB, 0, TIME),
          `This last assignment is rejected, so at boot systemd-sysctl leaves ${TIME} at its previous value; \`sysctl -p\`/\`--system\` would keep 300 from 10-a.conf line 1. Boot and reload disagree.`,
          { related: [[a, rangeOf(textA, 0, TIME), 'the earlier valid assignment']] },
        ),
        diag(
          'sysctl/invalid-value',
          'error',
          rangeOf(textB, 0, '300s'),
          'The kernel rejects this value (Invalid argument): `300s` is not a number (a number must be followed by a space or the end). The key keeps its previous value (in a new network namespace the default, 7200).',
          { fixes: [{ kind: 'replace', title: 'Write 300 (seconds)', span: spanOf(textB, 0, '300s'), text: '300', preferred: true }] },
        ),
      ],
      { uri: b, files: { [a]: textA } },
    );
  });

  test('a `-key` line after an assignment cancels it: systemd-sysctl writes nothing for the key (measured with systemd 252)', () => {
    const text = lines(`${TIME} = 100`, `-${TIME}`);
    check(text, [
      diag(
        'sysctl/duplicate-key',
        'warning',
        rangeOf(text, 0, TIME),
        `\`-${TIME}\` on line 2 cancels it (the key is left as it is), so this line has no effect.`,
        {
          unnecessary: true,
          fixes: [{ kind: 'deleteLines', title: 'Delete this dead assignment', from: 0, to: 0, preferred: true }],
          related: [[SYSCTL_URI, rangeOf(text, 1, TIME), 'the line that cancels it']],
        },
      ),
    ]);
    // The kernel defaults stay: 7200 + 9 × 75 = 7875 s.
    assert.equal(
      sysctlService({ [SYSCTL_URI]: text }).codeLens(sysctlDoc(text))[0]?.command?.title,
      'idle peer declared dead after 2 h 11 min 15 s (7200 s + 9 × 75 s, kernel defaults)',
    );
  });

  test('a `-key` line in a later file cancels the assignment of an earlier one', () => {
    const a = `${ETC}10-a.conf`;
    const b = `${ETC}20-b.conf`;
    const textA = lines(`${TIME} = 100`);
    const textB = lines('# no keepalive tuning here', `-${TIME}`);
    check(
      textA,
      [
        diag(
          'sysctl/overridden',
          'info',
          rangeOf(textA, 0, TIME),
          `20-b.conf (read later) cancels ${TIME} with \`-${TIME}\` on line 2; this line has no effect.`,
          {
            unnecessary: true,
            related: [[b, rangeOf(textB, 1, TIME), 'the line that cancels it']],
          },
        ),
      ],
      { uri: a, files: { [b]: textB } },
    );
  });

  test('a cancelling `-key` line that wins, with conntrack shorter than the default time set elsewhere: no crash, nothing on the `-` line', () => {
    // tcp_keepalive_time stays 7200; conntrack's 120 s is reported in the file that sets it.
    check(lines(`-${TIME}`), [], { files: { 'file:///etc/sysctl.conf': 'net.netfilter.nf_conntrack_tcp_timeout_established = 120\n' } });
  });
});

describe('the keepalive trio and the path', () => {
  test('sysctl/keepalive-incomplete: only the time is set (intvl and probes stay 75 s and 9)', () => {
    const text = lines('# keepalive', `${TIME} = 300`);
    check(text, [
      // 300 + 9 × 75 = 975 s.
      diag(
        'sysctl/keepalive-incomplete',
        'info',
        rangeOf(text, 1, TIME),
        'tcp_keepalive_intvl and tcp_keepalive_probes are not set and stay at the kernel default (75 s, 9): idle peer declared dead after 16 min 15 s (300 s + 9 × 75 s).',
        {
          // For a 300 s idle timeout the derived values (225 / 30 / 5) agree with 30 and 5: one fix.
          fixes: [
            {
              kind: 'insertLines',
              title: 'Add tcp_keepalive_intvl and tcp_keepalive_probes (300 / 30 / 5, for long-lived connections)',
              afterLine: 1,
              lines: [`${INTVL} = 30`, `${PROBES} = 5`],
              preferred: true,
            },
          ],
        },
      ),
    ]);
  });

  test('sysctl/keepalive-incomplete: the time set in another file of the set counts', () => {
    const a = `${USR}50-vendor.conf`;
    check(lines(`${INTVL} = 30`, `${PROBES} = 5`), [], { files: { [a]: lines(`${TIME} = 300`) } });
  });

  test('sysctl/keepalive-incomplete: with a 120 s idle timeout the derived values differ (90 / 15 / 5) and come second; the time is above it', () => {
    const text = lines(`\t${TIME}=300`);
    check(
      text,
      [
        diag(
          'sysctl/keepalive-incomplete',
          'info',
          rangeOf(text, 0, TIME),
          'tcp_keepalive_intvl and tcp_keepalive_probes are not set and stay at the kernel default (75 s, 9): idle peer declared dead after 16 min 15 s (300 s + 9 × 75 s).',
          {
            fixes: [
              {
                kind: 'insertLines',
                title: 'Add tcp_keepalive_intvl and tcp_keepalive_probes (300 / 30 / 5, for long-lived connections)',
                afterLine: 0,
                lines: [`\t${INTVL}=30`, `\t${PROBES}=5`],
                preferred: true,
              },
              // 0.75 × 120 = 90 s, 90 / 6 = 15 s.
              {
                kind: 'insertLines',
                title: 'Add tcp_keepalive_intvl and tcp_keepalive_probes for a 2 min idle timeout (90 / 15 / 5)',
                afterLine: 0,
                lines: [`\t${INTVL}=15`, `\t${PROBES}=5`],
              },
            ],
          },
        ),
        diag(
          'sysctl/keepalive-time-above-idle-timeout',
          'warning',
          rangeOf(text, 0, '300'),
          "The first keepalive probe leaves after 5 min, later than the path's idle timeout (2 min, setting keepaliveLens.network.idleTimeout): by then a NAT or firewall has dropped the idle connection.",
          { fixes: [{ kind: 'replace', title: 'Set tcp_keepalive_time to 90', span: spanOf(text, 0, '300'), text: '90', preferred: true }] },
        ),
      ],
      { settings: { idleTimeout: 120 } },
    );
  });

  test('sysctl/keepalive-time-above-idle-timeout: 600 s against the 300 s idle timeout', () => {
    const text = lines(`${TIME} = 600`, `${INTVL} = 30`, `${PROBES} = 5`);
    check(text, [
      diag(
        'sysctl/keepalive-time-above-idle-timeout',
        'warning',
        rangeOf(text, 0, '600'),
        "The first keepalive probe leaves after 10 min, later than the path's idle timeout (5 min, setting keepaliveLens.network.idleTimeout): by then a NAT or firewall has dropped the idle connection.",
        // 0.75 × 300 = 225 s.
        { fixes: [{ kind: 'replace', title: 'Set tcp_keepalive_time to 225', span: spanOf(text, 0, '600'), text: '225', preferred: true }] },
      ),
    ]);
  });

  test('sysctl/keepalive-time-above-idle-timeout: exactly the idle timeout is not above it', () => {
    check(lines(...COMPLETE), [], { settings: { idleTimeout: 300 } });
  });

  test('sysctl/conntrack-shorter-than-keepalive and sysctl/module-key: conntrack forgets after 120 s, the first probe leaves at 300 s', () => {
    const ct = 'net.netfilter.nf_conntrack_tcp_timeout_established';
    const text = lines(...COMPLETE, `${ct} = 120`, 'net.netfilter.nf_conntrack_max = 262144');
    check(text, [
      // Once per file, on the first conntrack key.
      diag(
        'sysctl/module-key',
        'info',
        rangeOf(text, 3, ct),
        'nf_conntrack keys exist only once the nf_conntrack module is loaded; at boot this line may run before it and be skipped. Load the module early (modules-load.d).',
      ),
      diag(
        'sysctl/conntrack-shorter-than-keepalive',
        'warning',
        rangeOf(text, 3, '120'),
        'Connection tracking forgets an idle connection after 2 min, before the first keepalive probe at 5 min.',
      ),
    ]);
  });

  test('sysctl/conntrack-shorter-than-keepalive: on the keepalive line when conntrack comes from another file', () => {
    const other = 'file:///etc/sysctl.conf';
    const text = lines(`${TIME} = 300`, `${INTVL} = 30`, `${PROBES} = 5`);
    check(
      text,
      [
        diag(
          'sysctl/conntrack-shorter-than-keepalive',
          'warning',
          rangeOf(text, 0, '300'),
          'Connection tracking forgets an idle connection after 4 min, before the first keepalive probe at 5 min.',
        ),
      ],
      {
        files: { [other]: 'net.netfilter.nf_conntrack_tcp_timeout_established = 240\n' },
      },
    );
  });

  test('sysctl/aggressive-keepalive: a 20 s keepalive time (dead after 20 + 5 × 30 = 170 s)', () => {
    const text = lines(`${TIME} = 20`, `${INTVL} = 30`, `${PROBES} = 5`);
    check(text, [
      diag(
        'sysctl/aggressive-keepalive',
        'info',
        rangeOf(text, 0, '20'),
        'Every idle connection on this host sends a probe after 20 s of silence; a few lost packets then declare a live peer dead (idle peer declared dead after 2 min 50 s (20 s + 5 × 30 s)). Per-socket options suit one application better.',
      ),
    ]);
  });

  test('sysctl/negative-time: -5 is accepted but waits about 2^32 jiffies, so no probe is sent; not also "aggressive"', () => {
    const text = lines(`${TIME} = -5 # soon`, `${INTVL} = 30`, `${PROBES} = 5`);
    check(text, [
      diag(
        'sysctl/negative-time',
        'warning',
        rangeOf(text, 0, '-5 # soon'),
        'The kernel accepts a negative tcp_keepalive_time but compares it as an unsigned number of jiffies: it waits about 2^32 jiffies (198 days at HZ=250), so in practice no keepalive probe is ever sent.',
        // The fix replaces the number only: the comment stays.
        { fixes: [{ kind: 'replace', title: 'Set tcp_keepalive_time to 5', span: spanOf(text, 0, '-5'), text: '5', preferred: true }] },
      ),
      diag(
        'sysctl/inline-comment',
        'warning',
        rangeOf(text, 0, '# soon'),
        '`# soon` is not a comment: the loader writes `-5 # soon` to the kernel, which reads -5 and ignores the rest. Put comments on their own line.',
        { fixes: [{ kind: 'replace', title: 'Move the comment onto its own line', span: wholeLine(text, 0), text: `# soon\n${TIME} = -5`, preferred: true }] },
      ),
    ]);
  });

  test('sysctl/missing-key: a lone `-`', () => {
    const text = lines(...COMPLETE, '  -  ');
    check(text, [diag('sysctl/missing-key', 'error', rangeOf(text, 3, '-'), 'A `-` with no key after it: systemd-sysctl rejects the line.')]);
  });

  test('sysctl/aggressive-keepalive: a 3 s interval (dead after 300 + 5 × 3 = 315 s)', () => {
    const text = lines(`${TIME} = 300`, `${INTVL} = 3`, `${PROBES} = 5`);
    check(text, [
      diag(
        'sysctl/aggressive-keepalive',
        'info',
        rangeOf(text, 1, '3'),
        'Every idle connection on this host sends a probe every 3 s; a few lost packets then declare a live peer dead (idle peer declared dead after 5 min 15 s (300 s + 5 × 3 s)). Per-socket options suit one application better.',
      ),
    ]);
  });
});

describe('line endings and indentation', () => {
  test('CRLF: the same findings and ranges; the comment fix joins with CRLF', () => {
    const text = [`  ${TIME}=60 # 1 minute`, `  ${INTVL}=10`, `  ${PROBES}=6`, ''].join('\r\n');
    check(text, [
      diag(
        'sysctl/inline-comment',
        'warning',
        rangeOf(text, 0, '# 1 minute'),
        '`# 1 minute` is not a comment: the loader writes `60 # 1 minute` to the kernel, which reads 60 and ignores the rest. Put comments on their own line.',
        {
          fixes: [
            { kind: 'replace', title: 'Move the comment onto its own line', span: wholeLine(text, 0), text: `  # 1 minute\r\n  ${TIME}=60`, preferred: true },
          ],
        },
      ),
    ]);
  });
});

test('every code of SYSCTL_RULES has a test above', () => {
  assert.deepStrictEqual([...covered].sort(), Object.keys(SYSCTL_RULES).sort());
});
