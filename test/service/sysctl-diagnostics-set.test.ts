/**
 * sysctl diagnostics across the set of files the loaders read: duplicate keys in one file, later files that override,
 * masked files, rejected last assignments (boot and reload disagree) and `-key` lines that cancel an assignment
 * (helpers and conventions: test/service/sysctlDiagnosticsHelpers.ts).
 *
 *   node --import tsx --test test/service/sysctl-diagnostics-set.test.ts
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { lines } from '../fixtures';
import { rangeOf, SYSCTL_URI, sysctlDoc, sysctlService } from '../sysctlFixtures';
import { COMPLETE, check, diag, ETC, everyCodeHasATest, INTVL, PROBES, spanOf, TIME, USR, wholeLine } from './sysctlDiagnosticsHelpers';

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

  test('sysctl/overridden: a file name the uri percent-encodes is named as written', () => {
    const a = `${ETC}10-a.conf`;
    const b = `${ETC}20-my%20tuning.conf`;
    const textA = lines(`${TIME} = 600`);
    const textB = lines(...COMPLETE);
    check(
      textA,
      [
        diag('sysctl/overridden', 'info', rangeOf(textA, 0, TIME), `20-my tuning.conf (read later) sets ${TIME} = 300 on line 1; this line has no effect.`, {
          unnecessary: true,
          related: [[b, rangeOf(textB, 0, TIME), 'the assignment that counts']],
        }),
      ],
      { uri: a, files: { [b]: textB } },
    );
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

  // The whole result: a rejected last assignment is not also reported as "not set" (keepalive-incomplete) with a
  // fix that would add a second line.
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

everyCodeHasATest('sysctl-diagnostics-set');
