/**
 * sshd_config Match criteria that the installed sshd (9.2) does not have, checked against the source of the
 * releases that do (servconf.c match_cfg_line and parse_server_match_testspec, auth.c getpwnamallow):
 * `Match Invalid-User` (9.9) and `Match Version` (10.0), and the argv tokeniser of Match lines (9.9).
 *
 *   node --import tsx --test test/service/sshd-match.test.ts
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sshdReleaseMatches } from '../../server/src/service/analysis/sshd/read';
import type { SshdConnection } from '../../server/src/service/analysis/sshd/resolve';
import { lines, service, withVersion } from '../fixtures';
import { findings, sshd } from './sshd-helpers';

const KEYS = ['clientaliveinterval', 'clientalivecountmax', 'tcpkeepalive'] as const;
const V92 = withVersion(9, 2);
const V99 = withVersion(9, 9);
const V100 = withVersion(10, 0);

/** The keepalive values for a connection, and the criteria the resolution could not decide (`name arg`). */
function resolved(text: string, conn: SshdConnection, v: ReturnType<typeof withVersion>): { values: Record<string, string>; unevaluated: string[] } {
  const res = service(v).analyzeSshd(sshd(text)).resolve(conn);
  const values: Record<string, string> = {};
  for (const k of KEYS) {
    const s = res.values.get(k);
    if (s) values[k] = s.value;
  }
  return { values, unevaluated: res.unevaluated.map((c) => `${c.name} ${c.arg}`.trim()) };
}

const bad = (line: number, why: string): [string, number, string] => ['sshd/bad-match', line, `Bad Match condition: ${why}`];

describe('Match lines as each release reads them', () => {
  test('9.2: neither criterion exists; Invalid-User wants an argument like any unknown criterion', () => {
    assert.deepStrictEqual(findings(lines('Match Invalid-User', 'Match Invalid-User x', 'Match Version OpenSSH_9.*'), V92), [
      bad(0, 'Missing Match criteria for Invalid-User'),
      bad(1, 'Unsupported Match attribute Invalid-User'),
      bad(2, 'Unsupported Match attribute Version'),
    ]);
  });

  test('9.9: Invalid-User takes no argument; Version is still unknown', () => {
    assert.deepStrictEqual(
      findings(lines('Match Invalid-User', 'Match invalid-user Address 10.0.0.0/8', 'Match Address 10.0.0.0/8 Invalid-User', 'Match Version OpenSSH_9.*'), V99),
      [bad(3, 'Unsupported Match attribute Version')],
    );
  });

  test("Invalid-User with 'all', and written as invalid-user=... (10.0 splits only the criteria that take a value)", () => {
    assert.deepStrictEqual(
      findings(lines('Match Invalid-User All', 'Match All Invalid-User', 'Match invalid-user=yes', 'Match invalid-user=yes User bob'), V100),
      [
        bad(0, "'all' cannot be combined with other Match attributes"),
        bad(1, "'all' cannot be combined with other Match attributes"),
        bad(2, 'Missing Match criteria for invalid-user=yes'),
        bad(3, 'Unsupported Match attribute invalid-user=yes'),
      ],
    );
  });

  test('the argv tokeniser (9.9): `=` no longer separates; 10.0 reads criterion=value again', () => {
    const text = lines('Match User=root', 'Match User = root', 'Match User= root', 'Match User root');
    // 9.2's strdelim: all four are `User root`.
    assert.deepStrictEqual(findings(text, V92), []);
    assert.deepStrictEqual(findings(text, V99), [
      bad(0, 'Missing Match criteria for User=root'),
      // `=` is User's pattern, `root` a criterion without an argument.
      bad(1, 'Missing Match criteria for root'),
      bad(2, 'Unsupported Match attribute User='),
    ]);
    assert.deepStrictEqual(findings(text, V100), [bad(1, 'Missing Match criteria for root'), bad(2, 'Missing Match criteria for User')]);
    assert.deepStrictEqual(findings(lines('Match version=OpenSSH_10.* User=bob'), V100), []);
  });
});

describe('Match Invalid-User: the user the client asked for does not exist', () => {
  const text = lines(
    'ClientAliveInterval 60',
    'Match Invalid-User',
    '  ClientAliveInterval 5',
    'Match Invalid-User Address 10.0.0.0/8',
    '  ClientAliveCountMax 1',
  );

  test('matches only a connection marked invalid (getpwnam failed; sshd -T -C: the word invalid-user)', () => {
    assert.deepStrictEqual(resolved(text, { user: 'ghost', userInvalid: true }, V100), { values: { clientaliveinterval: '5' }, unevaluated: [] });
    assert.deepStrictEqual(resolved(text, { user: 'ghost', userInvalid: true, addr: '10.1.1.1' }, V100), {
      values: { clientaliveinterval: '5', clientalivecountmax: '1' },
      unevaluated: [],
    });
    // A user name alone says nothing about its existence (sshd -T -C user=ghost leaves user_invalid 0).
    assert.deepStrictEqual(resolved(text, { user: 'ghost', addr: '10.1.1.1' }, V100), { values: { clientaliveinterval: '60' }, unevaluated: [] });
    // Without user=: the test spec may still say invalid-user.
    assert.deepStrictEqual(resolved(text, { userInvalid: true }, V100), { values: { clientaliveinterval: '5' }, unevaluated: [] });
  });

  test('never active when sshd starts (10.0 and later), so a server-wide keyword there stops sshd', () => {
    assert.deepStrictEqual(resolved(lines('Match Invalid-User', '  ClientAliveInterval 5'), {}, V100), { values: {}, unevaluated: [] });
    assert.deepStrictEqual(findings(lines('Match Invalid-User', '  TCPKeepAlive no'), V100), [
      [
        'sshd/not-allowed-in-match',
        1,
        "Directive 'TCPKeepAlive' is not allowed within a Match block: sshd stops. TCPKeepAlive applies to the whole server; set it before the first Match line.",
      ],
    ]);
  });

  test('9.9: p1 took a line of only Invalid-User as active at start (fixed in p2); the release number cannot tell', () => {
    assert.deepStrictEqual(resolved(lines('Match Invalid-User', '  ClientAliveInterval 5'), {}, V99), { values: {}, unevaluated: ['invalid-user'] });
    // With another criterion the line fails at start in both.
    assert.deepStrictEqual(resolved(lines('Match Invalid-User User ghost', '  ClientAliveInterval 5'), {}, V99), { values: {}, unevaluated: [] });
    assert.deepStrictEqual(
      findings(lines('Match Invalid-User', '  TCPKeepAlive no'), V99).map(([code, line, message]) => [code, line, message.split(': ')[1]]),
      [
        [
          'sshd/not-allowed-in-match',
          1,
          "sshd stops unless the Match line holds when sshd starts, which depends on the build's release string (Debian and Ubuntu append their package version) or patch level. TCPKeepAlive applies to the whole server; set it before the first Match line.",
        ],
      ],
    );
  });
});

describe("Match Version: sshd's own release string (SSH_RELEASE), not the client's", () => {
  test('decided when every build of the release agrees; a Debian build appends its package version', () => {
    const at = (v: ReturnType<typeof withVersion>, list: string) => sshdReleaseMatches(v.sshVersion, list);
    assert.deepStrictEqual(
      [
        'OpenSSH_10.*',
        'OpenSSH_10.0*',
        'OpenSSH_1*',
        '*',
        'OpenSSH_9.*',
        'openssh_10.*',
        'OpenSSH_10.0',
        'OpenSSH_10.0p1',
        'OpenSSH_10.0p2*',
        '*Debian*',
        'OpenSSH_9.*,OpenSSH_10.*',
        'OpenSSH_*,!OpenSSH_10.*',
      ].map((p) => [p, at(V100, p)]),
      [
        ['OpenSSH_10.*', true],
        ['OpenSSH_10.0*', true],
        ['OpenSSH_1*', true],
        ['*', true],
        ['OpenSSH_9.*', false],
        // match_pattern_list(SSH_RELEASE, arg, 0): case matters.
        ['openssh_10.*', false],
        // The manual's example: a portable build is OpenSSH_10.0p1 or p2, never OpenSSH_10.0.
        ['OpenSSH_10.0', false],
        ['OpenSSH_10.0p1', undefined],
        ['OpenSSH_10.0p2*', undefined],
        ['*Debian*', undefined],
        ['OpenSSH_9.*,OpenSSH_10.*', true],
        ['OpenSSH_*,!OpenSSH_10.*', false],
      ],
    );
    assert.equal(at(withVersion(10, 5), 'OpenSSH_10.0*'), false);
  });

  const text = lines(
    'ClientAliveInterval 60',
    'Match Version OpenSSH_10.*',
    '  TCPKeepAlive no',
    '  ClientAliveCountMax 2',
    'Match Version OpenSSH_9.*',
    '  ClientAliveInterval 1',
    'Match Version OpenSSH_10.0p2 User bob',
    '  ClientAliveInterval 2',
    'Match User bob',
    '  ClientAliveInterval 30',
    '  ClientAliveCountMax 9',
  );

  test('a matching Version line holds at start and for every connection, like Match all; server-wide keywords are allowed there', () => {
    // The Version block holds for bob too, and comes first.
    assert.deepStrictEqual(findings(text, V100), [
      ['sshd/overridden', 10, 'ClientAliveCountMax never takes effect for connections matching user bob: line 4 already set it (sshd keeps the first value).'],
    ]);
    assert.deepStrictEqual(resolved(text, {}, V100), { values: { clientaliveinterval: '60', clientalivecountmax: '2', tcpkeepalive: 'no' }, unevaluated: [] });
    // bob: the first value wins; line 7 depends on the build.
    assert.deepStrictEqual(resolved(text, { user: 'bob' }, V100), {
      values: { clientaliveinterval: '30', clientalivecountmax: '2', tcpkeepalive: 'no' },
      unevaluated: ['version OpenSSH_10.0p2'],
    });
    // 10.5: OpenSSH_10.* still holds; OpenSSH_10.0p2 is decided (no 10.5 build carries it).
    assert.deepStrictEqual(resolved(text, { user: 'bob' }, withVersion(10, 5)), {
      values: { clientaliveinterval: '30', clientalivecountmax: '2', tcpkeepalive: 'no' },
      unevaluated: [],
    });
  });

  test('a server-wide keyword in a Version block that does not hold, or may not, stops sshd', () => {
    assert.deepStrictEqual(
      findings(lines('Match Version OpenSSH_9.*', '  TCPKeepAlive no', 'Match Version OpenSSH_10.0p1', '  LoginGraceTime 10'), V100).map(
        ([code, line, message]) => [code, line, message.split(': ')[1].split('.')[0]],
      ),
      [
        ['sshd/not-allowed-in-match', 1, 'sshd stops'],
        [
          'sshd/not-allowed-in-match',
          3,
          "sshd stops unless the Match line holds when sshd starts, which depends on the build's release string (Debian and Ubuntu append their package version) or patch level",
        ],
      ],
    );
  });

  test('the CodeLens of a Version block and of the global section', () => {
    const titles = service(V100)
      .codeLens(sshd(lines('ClientAliveInterval 60', 'ClientAliveCountMax 3', 'Match Version OpenSSH_10.*', '  ClientAliveCountMax 1')))
      .map((l) => l.command?.title);
    assert.deepStrictEqual(titles, [
      'dead client dropped after 2 min (60 s × (1 + 1)) · probes every 1 min, gives up after 1 unanswered · for connections no Match block applies to',
      'dead client dropped after 2 min (60 s × (1 + 1)) · probes every 1 min, gives up after 1 unanswered · for connections matching version OpenSSH_10.*',
    ]);
  });
});
