/**
 * Diagnostics: every finding of a document, compared whole (code, range, severity).
 *
 *   node --import tsx --test test/service/diagnostics.test.ts
 *
 * Each case lists ALL the diagnostics its config gets, so a missing or a spurious one
 * fails. Expected ranges are written as (line, the token's text):
 * `want('ssh/invalid-time', 'error', 1, '5x')` is the first `5x` on line 1 of the case.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Diagnostic, DiagnosticSeverity, DiagnosticTag, type Range } from 'vscode-languageserver-types';
import type { Environment, Settings } from '../../server/src/service';
import type { FixData } from '../../server/src/service/analysis/types';
import { doc, filesEnv, lines, rangeInside, service, withVersion } from '../fixtures';

type Sev = 'error' | 'warning' | 'info' | 'hint';
const SEV: Record<Sev, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

interface Want {
  code: string;
  severity: Sev;
  /** [line, needle, nth occurrence] or an explicit range. */
  at: [number, string, number?] | Range;
}

function want(code: string, severity: Sev, line: number, needle: string, nth = 0): Want {
  return { code, severity, at: [line, needle, nth] };
}

function rangeOf(text: string, at: Want['at']): Range {
  if (!Array.isArray(at)) return at;
  const [line, needle, nth = 0] = at;
  const l = text.split(/\r\n|\r|\n/)[line];
  assert.ok(l !== undefined, `line ${line} exists`);
  let from = -1;
  for (let i = 0; i <= nth; i++) {
    from = l.indexOf(needle, from + 1);
    assert.ok(from >= 0, `"${needle}" occurs ${nth + 1} times on line ${line}`);
  }
  return { start: { line, character: from }, end: { line, character: from + needle.length } };
}

/** A diagnostic's message as plain text. */
function messageOf(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}

type Got = { code: string; severity: DiagnosticSeverity | undefined; range: Range };

function sorted(list: Got[]): Got[] {
  return [...list].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.code.localeCompare(b.code));
}

/** The whole diagnostic list of a text, checked against the expected one; also returns it. */
function check(text: string, expected: Want[], settings: Partial<Settings> = {}, env: Environment = {}) {
  const d = doc(text);
  const diags = service(settings, env).diagnostics(d);
  for (const x of diags) assert.ok(rangeInside(d, x.range), `${x.code} range ${JSON.stringify(x.range)} lies inside the document`);
  const got = sorted(diags.map((x) => ({ code: String(x.code), severity: x.severity, range: x.range })));
  const exp = sorted(expected.map((w) => ({ code: w.code, severity: SEV[w.severity], range: rangeOf(text, w.at) })));
  assert.deepStrictEqual(got, exp);
  return diags;
}

/** A catch-all keepalive block, appended so that ssh/no-server-alive stays out of a case. */
const KEEPALIVE = ['Host *', '  ServerAliveInterval 60'];

describe('values', () => {
  test('ssh/invalid-time', () => {
    check(lines('ServerAliveInterval 5x', 'ConnectTimeout 1.5m'), [want('ssh/invalid-time', 'error', 0, '5x'), want('ssh/invalid-time', 'error', 1, '1.5m')]);
  });

  test('ssh/time-version-dependent: 1.5s on 10.5 is a warning, on 9.2 an error', () => {
    check(lines('ServerAliveInterval 1.5s'), [want('ssh/time-version-dependent', 'warning', 0, '1.5s')], withVersion(10, 5));
    check(lines('ServerAliveInterval 1.5s'), [want('ssh/invalid-time', 'error', 0, '1.5s')], withVersion(9, 2));
  });

  test('ssh/time-version-dependent: 30s10 on 9.2 is a warning, on 10.3 an error', () => {
    check(lines('ServerAliveInterval 30s10'), [want('ssh/time-version-dependent', 'warning', 0, '30s10')]);
    check(lines('ServerAliveInterval 30s10'), [want('ssh/invalid-time', 'error', 0, '30s10')], withVersion(10, 3));
  });

  test('values both generations read alike are clean', () => {
    check(lines('ServerAliveInterval 1m', 'ServerAliveCountMax 3', 'ConnectTimeout 1h30m', 'TCPKeepAlive yes'), []);
  });

  test('ssh/invalid-integer', () => {
    check(lines(...KEEPALIVE, '  ServerAliveCountMax -1'), [want('ssh/invalid-integer', 'error', 2, '-1')]);
    check(lines(...KEEPALIVE, '  ServerAliveCountMax 5x'), [want('ssh/invalid-integer', 'error', 2, '5x')]);
    check(lines(...KEEPALIVE, '  ConnectionAttempts 0'), [want('ssh/invalid-integer', 'error', 2, '0')]);
  });

  test('ssh/invalid-flag', () => {
    check(lines(...KEEPALIVE, '  TCPKeepAlive maybe'), [want('ssh/invalid-flag', 'error', 2, 'maybe')]);
  });

  test('ssh/missing-argument', () => {
    check(lines('Host a', '  ServerAliveInterval', '  ServerAliveCountMax 2'), [want('ssh/missing-argument', 'error', 1, 'ServerAliveInterval')]);
  });

  test('ssh/missing-argument: a comment where the value should be ("missing time value")', () => {
    check('ServerAliveInterval #30', [want('ssh/missing-argument', 'error', 0, 'ServerAliveInterval')]);
  });

  test('ssh/missing-argument: an empty quoted argument ("Missing argument.")', () => {
    for (const l of ['  HostName ""', '  User ""', "  IgnoreUnknown ''"]) {
      check(lines(...KEEPALIVE, l), [want('ssh/missing-argument', 'error', 2, l.trim().split(' ')[0])]);
    }
  });

  test('ssh/extra-arguments', () => {
    check(lines(...KEEPALIVE, '  ServerAliveCountMax 3 5 8'), [
      { code: 'ssh/extra-arguments', severity: 'error', at: { start: { line: 2, character: 24 }, end: { line: 2, character: 27 } } },
    ]);
  });

  test('ssh/invalid-quotes', () => {
    check(lines(...KEEPALIVE, '  HostName "a b'), [want('ssh/invalid-quotes', 'error', 2, '"a b')]);
  });

  test('30#x: one token, an invalid time', () => {
    const [d] = check(lines('Host a', '  ServerAliveInterval 30#x'), [want('ssh/invalid-time', 'error', 1, '30#x')]);
    assert.deepStrictEqual((d.data as { fixes: FixData[] }).fixes[0], {
      kind: 'replace',
      title: 'Put a space before "#" so that it starts a comment',
      span: { line: 1, start: 24, end: 24 },
      text: ' ',
      preferred: true,
    });
  });

  test('30 #x: a comment after the value is fine', () => {
    check(lines('Host a', '  ServerAliveInterval 30 #x'), []);
  });
});

describe('keywords', () => {
  test('ssh/unknown-keyword with a did-you-mean fix', () => {
    const [d] = check(lines(...KEEPALIVE, '  ServerAliveIntervl 30'), [want('ssh/unknown-keyword', 'error', 2, 'ServerAliveIntervl')]);
    assert.deepStrictEqual((d.data as { fixes: FixData[] }).fixes, [
      { kind: 'replace', title: 'Change to ServerAliveInterval', span: { line: 2, start: 2, end: 20 }, text: 'ServerAliveInterval', preferred: true },
    ]);
    assert.equal(messageOf(d), 'Bad configuration option: serveraliveintervl. Did you mean ServerAliveInterval?');
  });

  test('ssh/unknown-keyword without a guess', () => {
    const [d] = check(lines(...KEEPALIVE, '  Frobnicate yes'), [want('ssh/unknown-keyword', 'error', 2, 'Frobnicate')]);
    assert.deepStrictEqual((d.data as { fixes: FixData[] }).fixes, []);
  });

  test('ssh/distribution-keyword: a GSSAPI key-exchange patch keyword warns, and its value is still checked', () => {
    const [d] = check(lines(...KEEPALIVE, '  GSSAPIKeyExchange yes'), [want('ssh/distribution-keyword', 'warning', 2, 'GSSAPIKeyExchange')]);
    assert.equal(
      messageOf(d),
      'GSSAPIKeyExchange exists only in distribution builds of OpenSSH (the GSSAPI key-exchange patch of Debian, Ubuntu, Fedora and RHEL); upstream ssh (macOS, Homebrew, the BSDs, Windows) stops with "Bad configuration option: gssapikeyexchange". List it in IgnoreUnknown (before this line) if such clients read this file.',
    );
    check(lines(...KEEPALIVE, '  GSSAPITrustDNS maybe'), [
      want('ssh/distribution-keyword', 'warning', 2, 'GSSAPITrustDNS'),
      want('ssh/invalid-flag', 'error', 2, 'maybe'),
    ]);
  });

  test('ssh/distribution-keyword: not reported when IgnoreUnknown covers the keyword', () => {
    check(lines('IgnoreUnknown GSSAPI*', ...KEEPALIVE, '  GSSAPIKeyExchange yes', '  GSSAPIClientIdentity me@EXAMPLE.ORG'), []);
  });

  test('ssh/keyword-too-new: ChannelTimeout with 9.2 known', () => {
    check(lines(...KEEPALIVE, '  ChannelTimeout session=5m'), [want('ssh/keyword-too-new', 'error', 2, 'ChannelTimeout')]);
  });

  test('ChannelTimeout is fine on 9.6, and when the version is only assumed', () => {
    check(lines(...KEEPALIVE, '  ChannelTimeout session=5m'), [], withVersion(9, 6));
    check(lines(...KEEPALIVE, '  ChannelTimeout session=5m'), [], withVersion(9, 2, false));
  });

  test('IgnoreUnknown before the line is respected, case-insensitively', () => {
    check(lines('IgnoreUnknown usekeychain,ChannelTimeout', ...KEEPALIVE, '  UseKeychain yes', '  ChannelTimeout session=5m'), [
      want('ssh/ignored-unknown', 'hint', 3, 'UseKeychain'),
      want('ssh/ignored-unknown', 'hint', 4, 'ChannelTimeout'),
    ]);
  });

  test('IgnoreUnknown after the line does not help', () => {
    check(lines('UseKeychain yes', 'IgnoreUnknown UseKeychain', ...KEEPALIVE), [want('ssh/unknown-keyword', 'error', 0, 'UseKeychain')]);
  });

  test('only the first IgnoreUnknown counts', () => {
    check(lines('IgnoreUnknown Foo', 'IgnoreUnknown UseKeychain', 'UseKeychain yes', ...KEEPALIVE), [want('ssh/unknown-keyword', 'error', 2, 'UseKeychain')]);
  });

  test('IgnoreUnknown inside a Host block applies only to the hosts it matches', () => {
    // ssh sets IgnoreUnknown only while its block applies: for any host but "special" the
    // UseKeychain line is a bad option and ssh refuses to run (ssh -G other: "Bad
    // configuration option: usekeychain"; ssh -G special is fine).
    const text = lines('Host special', '  IgnoreUnknown UseKeychain', 'Host *', '  UseKeychain yes', '  ServerAliveInterval 60');
    const [d] = check(text, [want('ssh/unknown-keyword', 'error', 3, 'UseKeychain')]);
    assert.equal(
      messageOf(d),
      'Bad configuration option: usekeychain, for some hosts: ssh takes the first IgnoreUnknown whose block applies to the host: line 2 (Host special) lists it; other hosts have none. Put IgnoreUnknown before the first Host or Match line to cover every host.',
    );
  });

  test('IgnoreUnknown: each host takes the first one whose block applies', () => {
    // ssh -G web: "Bad configuration option: usekeychain" (web takes Foo); ssh -G db is fine.
    const first = lines('Host web', '  IgnoreUnknown Foo', 'Host *', '  IgnoreUnknown UseKeychain', '  UseKeychain yes', '  ServerAliveInterval 60');
    const [d] = check(first, [want('ssh/unknown-keyword', 'error', 4, 'UseKeychain')]);
    assert.equal(
      messageOf(d),
      'Bad configuration option: usekeychain, for some hosts: ssh takes the first IgnoreUnknown whose block applies to the host: line 2 (Host web) does not list it; line 4 (Host *) lists it. Put IgnoreUnknown before the first Host or Match line to cover every host.',
    );
    // Every host gets a list that names it: ignored everywhere.
    const both = lines('Host web', '  IgnoreUnknown UseKeychain', 'Host *', '  IgnoreUnknown UseKeychain', '  UseKeychain yes', '  ServerAliveInterval 60');
    check(both, [want('ssh/ignored-unknown', 'hint', 4, 'UseKeychain')]);
    // Match all and Host * apply to every host; a Host line of negations to none.
    check(lines('Match all', '  IgnoreUnknown UseKeychain', 'Host *', '  UseKeychain yes', '  ServerAliveInterval 60'), [
      want('ssh/ignored-unknown', 'hint', 3, 'UseKeychain'),
    ]);
    check(lines('Host !web', '  IgnoreUnknown UseKeychain', 'Host *', '  UseKeychain yes', '  ServerAliveInterval 60'), [
      want('ssh/host-never-matches', 'warning', 0, '!web'),
      want('ssh/unknown-keyword', 'error', 3, 'UseKeychain'),
    ]);
  });

  test('IgnoreUnknown in a Host block and a keyword newer than the release', () => {
    const text = lines('Host special', '  IgnoreUnknown ChannelTimeout', 'Host *', '  ChannelTimeout session=5m', '  ServerAliveInterval 60');
    const [d] = check(text, [want('ssh/keyword-too-new', 'error', 3, 'ChannelTimeout')]);
    assert.equal(
      messageOf(d),
      'OpenSSH 9.2 does not know ChannelTimeout (added in 9.6) and stops with "Bad configuration option: channeltimeout" for some hosts: ssh takes the first IgnoreUnknown whose block applies to the host: line 2 (Host special) lists it; other hosts have none. Put IgnoreUnknown before the first Host or Match line to cover every host.',
    );
  });

  test('ignored-unknown lines are tagged unnecessary', () => {
    const [d] = check(lines('IgnoreUnknown UseKeychain', 'UseKeychain yes', ...KEEPALIVE), [want('ssh/ignored-unknown', 'hint', 1, 'UseKeychain')]);
    assert.deepStrictEqual(d.tags, [DiagnosticTag.Unnecessary]);
  });

  test('ssh/byte-order-mark', () => {
    check(lines('\uFEFFServerAliveInterval 30'), [
      { code: 'ssh/byte-order-mark', severity: 'error', at: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } },
    ]);
  });
});

describe('headers', () => {
  test('ssh/host-never-matches', () => {
    check(lines('Host !a !b', '  ServerAliveInterval 60', ...KEEPALIVE), [want('ssh/host-never-matches', 'warning', 0, '!a !b')]);
  });

  test('ssh/match-not-evaluated', () => {
    check(lines('Match exec "test -f /x" host a', '  ServerAliveInterval 60', ...KEEPALIVE), [want('ssh/match-not-evaluated', 'info', 0, 'exec')]);
  });

  test('ssh/bad-match: unknown attribute, missing criteria, all combined', () => {
    check(lines('Match foo', ...KEEPALIVE), [want('ssh/bad-match', 'error', 0, 'foo')]);
    check(lines('Match host', ...KEEPALIVE), [want('ssh/bad-match', 'error', 0, 'host')]);
    check(lines('Match all host x', ...KEEPALIVE), [want('ssh/bad-match', 'error', 0, 'all')]);
  });

  test('ssh/bad-match: localnetwork is too new for 9.2', () => {
    check(lines('Match localnetwork 10.0.0.0/8', ...KEEPALIVE), [want('ssh/bad-match', 'error', 0, 'localnetwork')]);
  });

  test('Match host a all is accepted by ssh (all after one attribute)', () => {
    check(lines('Match host a all', '  ServerAliveInterval 60', ...KEEPALIVE), []);
  });

  test('ssh/invalid-quotes on a Host or Match line', () => {
    check(lines('Host "a b', ...KEEPALIVE), [want('ssh/invalid-quotes', 'error', 0, '"a b')]);
    check(lines('Match host "a', ...KEEPALIVE), [want('ssh/invalid-quotes', 'error', 0, '"a')]);
  });

  test('Host and Match without arguments', () => {
    check(lines('Host', ...KEEPALIVE), [want('ssh/missing-argument', 'error', 0, 'Host')]);
    check(lines('Match', ...KEEPALIVE), [want('ssh/missing-argument', 'error', 0, 'Match')]);
  });
});

describe('resolution', () => {
  test('ssh/shadowed-by-earlier-host', () => {
    const [d] = check(lines('Host *', '  ServerAliveInterval 30', 'Host web', '  ServerAliveInterval 60'), [
      want('ssh/shadowed-by-earlier-host', 'warning', 3, 'ServerAliveInterval'),
    ]);
    assert.deepStrictEqual(d.tags, [DiagnosticTag.Unnecessary]);
    assert.deepStrictEqual(
      d.relatedInformation?.map((r) => r.location.range),
      [{ start: { line: 1, character: 2 }, end: { line: 1, character: 21 } }],
    );
  });

  test('a line shadowed by a specific earlier block', () => {
    check(lines('Host web*', '  ServerAliveInterval 30', 'Host web1', '  ServerAliveInterval 60', ...KEEPALIVE), [
      want('ssh/shadowed-by-earlier-host', 'warning', 3, 'ServerAliveInterval'),
    ]);
  });

  test('a line that still takes effect for another pattern of its Host line is not faded', () => {
    // For `ssh db` line 4 is the value ssh uses; only `ssh web` takes line 2's.
    const d = doc(lines('Host web', '  ServerAliveInterval 30', 'Host web db', '  ServerAliveInterval 60', ...KEEPALIVE));
    const faded = service()
      .diagnostics(d)
      .filter((x) => x.tags?.includes(DiagnosticTag.Unnecessary))
      .map((x) => x.range.start.line);
    assert.deepStrictEqual(faded, []);
  });

  test('ssh/duplicate-in-block', () => {
    check(lines('Host a', '  ServerAliveInterval 30', '  ServerAliveInterval 60', ...KEEPALIVE), [
      want('ssh/duplicate-in-block', 'warning', 2, 'ServerAliveInterval'),
    ]);
  });

  test('ssh/duplicate-in-block through an alias', () => {
    check(lines('Host a', '  TCPKeepAlive yes', '  KeepAlive no', '  ServerAliveInterval 60'), [want('ssh/duplicate-in-block', 'warning', 2, 'KeepAlive')]);
  });

  test('ServerAliveInterval none does not shadow a later line', () => {
    check(lines('Host a', '  ServerAliveInterval none', '  ServerAliveInterval 60'), []);
  });
});

describe('keepalive', () => {
  test('ssh/count-max-zero', () => {
    check(lines('Host a', '  ServerAliveInterval 60', '  ServerAliveCountMax 0'), [want('ssh/count-max-zero', 'warning', 2, '0')]);
  });

  test('ssh/count-max-zero: other spellings of zero', () => {
    for (const zero of ['+0', '00']) {
      check(lines('Host a', '  ServerAliveInterval 60', `  ServerAliveCountMax ${zero}`), [want('ssh/count-max-zero', 'warning', 2, zero)]);
    }
  });

  test('ssh/count-max-zero: -0 is zero too (ssh -G prints serveralivecountmax 0)', () => {
    check(lines('Host a', '  ServerAliveInterval 60', '  ServerAliveCountMax -0'), [want('ssh/count-max-zero', 'warning', 2, '-0')]);
  });

  test('ssh/interval-above-idle-timeout (idleTimeout 300: 400)', () => {
    check(lines('Host a', '  ServerAliveInterval 400', '  ServerAliveCountMax 1'), [want('ssh/interval-above-idle-timeout', 'warning', 1, '400')], {
      idleTimeout: 300,
      detectionTarget: 1000,
    });
    check(lines('Host a', '  ServerAliveInterval 300', '  ServerAliveCountMax 1'), [], { idleTimeout: 300 });
  });

  test('ssh/detection-slower-than-target', () => {
    const [d] = check(lines('Host a', '  ServerAliveInterval 200'), [want('ssh/detection-slower-than-target', 'info', 1, '200')]);
    assert.deepStrictEqual((d.data as { fixes: FixData[] }).fixes, [
      {
        kind: 'replace',
        title: 'Set ServerAliveInterval to 150 (detection after 10 min)',
        span: { line: 1, start: 22, end: 25 },
        text: '150',
        preferred: true,
      },
    ]);
  });

  test('400 s with three probes: above the idle timeout and slower than the target', () => {
    check(lines('Host a', '  ServerAliveInterval 400'), [
      want('ssh/interval-above-idle-timeout', 'warning', 1, '400'),
      want('ssh/detection-slower-than-target', 'info', 1, '400'),
    ]);
  });

  test('ssh/no-server-alive: one finding at the top when no host has it', () => {
    const [d] = check(lines('Host a', '  User bob', 'Host b', '  User carol'), [want('ssh/no-server-alive', 'warning', 0, 'Host')]);
    assert.match(messageOf(d), /after 2 h 11 min 15 s \(7200 s \+ 9 × 75 s\)/);
  });

  test('ssh/no-server-alive: a global section alone', () => {
    check('User bob', [{ code: 'ssh/no-server-alive', severity: 'warning', at: { start: { line: 0, character: 0 }, end: { line: 0, character: 8 } } }]);
  });

  test('ssh/no-server-alive: per block when some hosts have it', () => {
    check(lines('Host a', '  ServerAliveInterval 60', 'Host b', '  User carol', 'Host c', '  TCPKeepAlive no'), [
      want('ssh/no-server-alive', 'warning', 2, 'Host'),
      want('ssh/no-server-alive', 'warning', 4, 'Host'),
    ]);
  });

  test('ssh/no-server-alive: a global section without it, when only some blocks have it', () => {
    check(lines('User bob', 'Host a', '  ServerAliveInterval 60'), [
      { code: 'ssh/no-server-alive', severity: 'warning', at: { start: { line: 0, character: 0 }, end: { line: 0, character: 8 } } },
    ]);
  });

  test('TCPKeepAlive no everywhere: the message says never', () => {
    const [d] = check(lines('Host a', '  TCPKeepAlive no'), [want('ssh/no-server-alive', 'warning', 0, 'Host')]);
    assert.match(messageOf(d), /never noticed/);
  });

  test('a healthy config is clean', () => {
    check(
      lines(
        '# keepalive',
        'Host web',
        '  HostName web.example.com',
        '  User deploy',
        '',
        'Host *',
        '  ServerAliveInterval 60',
        '  ServerAliveCountMax 3',
        '  ConnectTimeout 10',
      ),
      [],
    );
  });
});

describe('Include', () => {
  const INCLUDE_ARG = { start: { line: 0, character: 8 }, end: { line: 0, character: 14 } };

  test('a problem with an included file is reported once, at the Include argument', () => {
    const env = filesEnv({ 'a.conf': 'User x' }, 'Bad owner or permissions on /home/alice/.ssh/a.conf');
    check(lines('Include a.conf', 'Host web', '  Port 2222', ...KEEPALIVE), [{ code: 'ssh/include-problem', severity: 'error', at: INCLUDE_ARG }], {}, env);
  });

  test('a single scope reports the include problem', () => {
    const env = filesEnv({ 'a.conf': 'User x' }, 'Bad owner or permissions on /home/alice/.ssh/a.conf');
    check(lines('Include a.conf', 'ServerAliveInterval 60'), [{ code: 'ssh/include-problem', severity: 'error', at: INCLUDE_ARG }], {}, env);
  });

  test('an include cycle inside an included file is reported at the root Include line', () => {
    const env = filesEnv({ 'loop.conf': 'Include loop.conf' });
    check(
      lines('Include loop.conf', 'ServerAliveInterval 60'),
      [{ code: 'ssh/include-problem', severity: 'error', at: { start: { line: 0, character: 8 }, end: { line: 0, character: 17 } } }],
      {},
      env,
    );
  });
});

describe('documents', () => {
  test('CRLF documents get the same ranges', () => {
    check(['Host a', '  ServerAliveInterval 5x', ''].join('\r\n'), [want('ssh/invalid-time', 'error', 1, '5x')]);
  });

  test('tabs', () => {
    check(lines('Host a', '\tServerAliveInterval\t5x'), [want('ssh/invalid-time', 'error', 1, '5x')]);
  });

  test('every diagnostic carries source and a code link', () => {
    const [d] = check('ServerAliveInterval 5x', [want('ssh/invalid-time', 'error', 0, '5x')]);
    assert.equal(d.source, 'keepalive-lens');
    assert.ok(d.codeDescription?.href.endsWith('#ssh-invalid-time'), d.codeDescription?.href);
  });
});
