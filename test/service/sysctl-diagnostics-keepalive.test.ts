/**
 * sysctl diagnostics of the keepalive trio and the network path: an incomplete trio, a first probe later than the
 * path's idle timeout, connection tracking that forgets first, aggressive and negative values (helpers and
 * conventions: test/service/sysctlDiagnosticsHelpers.ts).
 *
 *   node --import tsx --test test/service/sysctl-diagnostics-keepalive.test.ts
 */
import { describe, test } from 'node:test';
import { lines } from '../fixtures';
import { rangeOf } from '../sysctlFixtures';
import { COMPLETE, check, diag, everyCodeHasATest, INTVL, PROBES, spanOf, TIME, USR, wholeLine } from './sysctlDiagnosticsHelpers';

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

everyCodeHasATest('sysctl-diagnostics-keepalive');
