/**
 * sysctl diagnostics of single lines: files with no findings, lines the loaders reject (no =, no key, the byte order
 * mark, unknown keys), values the kernel rejects or reads otherwise than written, and CRLF line endings (helpers and
 * conventions: test/service/sysctlDiagnosticsHelpers.ts).
 *
 *   node --import tsx --test test/service/sysctl-diagnostics-lines.test.ts
 */
import { describe, test } from 'node:test';
import type { Range } from 'vscode-languageserver-types';
import { lines } from '../fixtures';
import { rangeOf, SYSCTL_URI } from '../sysctlFixtures';
import { COMPLETE, check, diag, everyCodeHasATest, INTVL, PROBES, spanOf, TIME, wholeLine } from './sysctlDiagnosticsHelpers';

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

everyCodeHasATest('sysctl-diagnostics-lines');
