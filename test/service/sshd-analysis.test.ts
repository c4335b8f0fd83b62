/**
 * sshd_config: the two readings (start, per connection), the timeline per section, findings, and the
 * features over them. test/oracle/sshd-t.test.ts checks the resolution against the real `sshd -T`.
 *
 *   node --import tsx --test test/service/sshd-analysis.test.ts
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { SshdConnection } from '../../server/src/service/analysis/sshd/resolve';
import type { Environment, Settings } from '../../server/src/service/analysis/types';
import { applyEdits, filesEnv, lines, service, withVersion } from '../fixtures';
import { sshd } from './sshd-helpers';

const KEYS = ['clientaliveinterval', 'clientalivecountmax', 'tcpkeepalive', 'unusedconnectiontimeout'] as const;

function values(text: string, conn: SshdConnection, v = withVersion(9, 2)): Record<string, string> {
  const res = service(v).analyzeSshd(sshd(text)).resolve(conn);
  const out: Record<string, string> = {};
  for (const k of KEYS) {
    const s = res.values.get(k);
    if (s) out[k] = s.value;
  }
  return out;
}

/** The text after the fix with this title of the first diagnostic with this code. */
function fixedText(text: string, code: string, title: string, v: Settings = withVersion(9, 2)): string {
  const s = service(v);
  const d = sshd(text);
  const diags = s.diagnostics(d).filter((x) => x.code === code);
  assert.ok(diags.length > 0, `the text has a ${code} diagnostic`);
  const action = s.codeActions(d, diags[0].range, diags).find((a) => a.title === title);
  assert.ok(action?.edit?.changes, `a fix "${title}"`);
  return applyEdits(d, action.edit.changes[d.uri]);
}

describe('resolution', () => {
  const text = lines(
    'ClientAliveInterval 1m',
    'ClientAliveInterval 5',
    'Match User bob,!root',
    '  ClientAliveInterval 30',
    '  ClientAliveCountMax 2',
    'Match Address 10.0.0.0/8,192.168.*',
    '  ClientAliveInterval 15',
    '  ClientAliveCountMax 9',
  );

  test('global values, first wins; no Match applies without a matching connection', () => {
    assert.deepStrictEqual(values(text, {}), { clientaliveinterval: '60' });
    assert.deepStrictEqual(values(text, { user: 'alice', addr: '172.16.0.1' }), { clientaliveinterval: '60' });
  });

  test('the first matching Match block wins over later ones and over the global values', () => {
    assert.deepStrictEqual(values(text, { user: 'bob', addr: '10.1.2.3' }), { clientaliveinterval: '30', clientalivecountmax: '2' });
    assert.deepStrictEqual(values(text, { user: 'alice', addr: '10.1.2.3' }), { clientaliveinterval: '15', clientalivecountmax: '9' });
    assert.deepStrictEqual(values(text, { user: 'alice', addr: '192.168.4.4' }), { clientaliveinterval: '15', clientalivecountmax: '9' });
  });

  test('Match all applies at start too; a global-only keyword there is accepted and applies', () => {
    const t = lines('Match all', '  TCPKeepAlive no', '  ClientAliveInterval 7');
    const a = service(withVersion(9, 2)).analyzeSshd(sshd(t));
    assert.deepStrictEqual(
      a.findings.map((f) => f.code),
      [],
    );
    assert.deepStrictEqual(values(t, {}), { clientaliveinterval: '7', tcpkeepalive: 'no' });
  });

  test('UnusedConnectionTimeout none replaces an earlier value (servconf.c sets it without looking); 0 does not', () => {
    assert.deepStrictEqual(values(lines('UnusedConnectionTimeout 1h', 'UnusedConnectionTimeout none', 'UnusedConnectionTimeout 2h'), {}), {
      unusedconnectiontimeout: 'none',
    });
    // `0` is an ordinary value: the first one wins.
    assert.deepStrictEqual(values(lines('UnusedConnectionTimeout 1h', 'UnusedConnectionTimeout 0'), {}), { unusedconnectiontimeout: '3600' });
  });
});

describe('findings', () => {
  test('each code at its place', () => {
    const a = service(withVersion(9, 2)).analyzeSshd(
      sshd(
        lines(
          'ClientAliveIntervall 30',
          'ClientAliveInterval 10m',
          'ClientAliveCountMax 0',
          'ClientAliveCountMax 3',
          'Match User bob',
          '  TCPKeepAlive no',
          '  ClientAliveInterval 5x',
          'Match Bogus x',
        ),
      ),
    );
    assert.deepStrictEqual(
      a.findings.map((f) => [f.code, f.severity, f.span.line]),
      [
        ['sshd/unknown-keyword', 'error', 0],
        ['sshd/interval-above-idle-timeout', 'warning', 1],
        ['sshd/count-max-zero', 'info', 2],
        ['sshd/overridden', 'warning', 3],
        ['sshd/not-allowed-in-match', 'error', 5],
        ['sshd/invalid-value', 'error', 6],
        ['sshd/bad-match', 'error', 7],
      ],
    );
    assert.equal(a.findings[0].message, 'Bad configuration option: ClientAliveIntervall (did you mean ClientAliveInterval?): sshd stops.');
    // After the global section's last line (line 3), unindented; the line leaves its block.
    assert.deepStrictEqual(a.findings[4].fixes, [
      {
        kind: 'edits',
        title: 'Move TCPKeepAlive before the first Match block',
        edits: [
          { from: { line: 3, character: 21 }, to: { line: 3, character: 21 }, text: '\nTCPKeepAlive no' },
          { from: { line: 5, character: 0 }, to: { line: 6, character: 0 }, text: '' },
        ],
        preferred: true,
      },
    ]);
  });

  test('options every line adds to (Port, HostKey, HostCertificate) are never overridden; sshd -T 9.2 prints both lines', () => {
    const a = service(withVersion(9, 2)).analyzeSshd(
      sshd(
        lines(
          'Port 22',
          'Port 2222',
          'HostKey /etc/ssh/ssh_host_ed25519_key',
          'HostKey /etc/ssh/ssh_host_rsa_key',
          'HostCertificate /etc/ssh/a-cert.pub',
          'HostCertificate /etc/ssh/b-cert.pub',
          'ClientAliveInterval 60',
          'ClientAliveInterval 30',
        ),
      ),
    );
    assert.deepStrictEqual(
      a.findings.map((f) => [f.code, f.span.line]),
      [['sshd/overridden', 7]],
    );
  });

  test('no ClientAliveInterval: a warning with the lines to add at the end of the global section', () => {
    const a = service(withVersion(9, 2)).analyzeSshd(sshd(lines('Port 22', 'Match User bob', '  ClientAliveInterval 30')));
    assert.deepStrictEqual(
      a.findings.map((f) => [f.code, f.fixes]),
      [
        [
          'sshd/no-client-alive',
          [
            {
              kind: 'insertLines',
              title: 'Add ClientAliveInterval 60 and ClientAliveCountMax 3',
              afterLine: 0,
              lines: ['ClientAliveInterval 60', 'ClientAliveCountMax 3'],
              preferred: true,
            },
          ],
        ],
      ],
    );
    // The kernel's time is tcpKeepaliveSchedule's, its arithmetic tcpKeepaliveFormula's: 600 s + 4 × 30 s.
    const kernel = { ...withVersion(9, 2).kernel, time: 600, intvl: 30, probes: 4 };
    assert.deepStrictEqual(
      service({ ...withVersion(9, 2), kernel })
        .analyzeSshd(sshd('Port 22'))
        .findings.map((f) => f.message),
      [
        'No ClientAliveInterval for connections no Match block applies to: a client that vanishes is dropped only by kernel TCP keepalive, after 12 min (600 s + 4 × 30 s with the kernel settings), or never with TCPKeepAlive no.',
      ],
    );
  });
});

describe('timeline', () => {
  const text = lines('ClientAliveInterval 30', 'ClientAliveCountMax 2', 'Match User bob', '  ClientAliveCountMax 0');
  test('OpenSSH 9.2 to 9.4 check every two intervals; 9.5 and later every interval', () => {
    const lens = (v: ReturnType<typeof withVersion>) =>
      service(v)
        .codeLens(sshd(text))
        .map((l) => l.command?.title);
    assert.deepStrictEqual(lens(withVersion(9, 2)), [
      'dead client dropped after 3 min (2 × 30 s × (2 + 1)) · probes every 1 min (OpenSSH 9.2 checks every 2 × 30 s), gives up after 2 unanswered · for connections no Match block applies to',
      'dead client dropped after 2 h 11 min 15 s (TCP keepalive: 7200 s + 9 × 75 s) · ClientAliveCountMax 0 never drops a client · for connections matching user bob',
    ]);
    assert.deepStrictEqual(lens(withVersion(9, 5)).slice(0, 1), [
      'dead client dropped after 1 min 30 s (30 s × (2 + 1)) · probes every 30 s, gives up after 2 unanswered · for connections no Match block applies to',
    ]);
  });

  test('the drop time follows the ClientAliveCountMax line that gives the section its value, and is the timeline’s', () => {
    // sshd -T -C 9.2: clientalivecountmax 1 for bob, 5 for anyone else (the Match all line replaces line 2).
    const text = lines('ClientAliveInterval 60', 'ClientAliveCountMax 3', 'Match User bob', '  ClientAliveCountMax 1', 'Match all', '  ClientAliveCountMax 5');
    const a = service(withVersion(9, 2)).analyzeSshd(sshd(text));
    assert.deepStrictEqual(a.hints, [
      { line: 0, character: 22, label: '= 1 min' },
      { line: 3, character: 23, label: '→ dropped after 4 min' },
      { line: 5, character: 23, label: '→ dropped after 12 min' },
    ]);
    assert.deepStrictEqual(
      a.scopes.map((s) => s.outcome.detectAfter),
      [720, 240, 720],
    );
  });

  test('before 8.2 ClientAliveCountMax 0 drops every idle client after one interval', () => {
    const a = service(withVersion(8, 1)).analyzeSshd(sshd(lines('ClientAliveInterval 30', 'ClientAliveCountMax 0')));
    assert.deepStrictEqual([a.scopes[0].outcome.mechanism, a.scopes[0].outcome.detectAfter], ['idle-cut', 30]);
  });
});

describe('features', () => {
  test('completion inside a Match block offers only what sshd allows there', () => {
    const doc = sshd(lines('Port 22', 'Match User bob', '  TCP'));
    const inMatch = service(withVersion(9, 2))
      .completion(doc, { line: 2, character: 5 })
      .items.map((i) => i.label);
    assert.ok(inMatch.includes('ClientAliveInterval'));
    assert.ok(!inMatch.includes('TCPKeepAlive'));
    const global = service(withVersion(9, 2))
      .completion(sshd(lines('TCP')), { line: 0, character: 3 })
      .items.map((i) => i.label);
    assert.ok(global.includes('TCPKeepAlive'));
  });

  test('hover: the keyword docs and the effective value for the section', () => {
    const h = service(withVersion(9, 2)).hover(sshd(lines('ClientAliveInterval 30', 'Match User bob', '  ClientAliveInterval 5')), { line: 2, character: 4 });
    const text = JSON.stringify(h?.contents);
    assert.match(text, /\*\*ClientAliveInterval\*\*/);
    assert.match(text, /Effective for connections matching user bob: \*\*5\*\*, from this line/);
  });

  test('symbols and folding: one symbol per Match block', () => {
    const doc = sshd(lines('Port 22', 'Match User bob', '  ClientAliveInterval 30', '  ClientAliveCountMax 2'));
    const s = service().documentSymbols(doc);
    assert.deepStrictEqual(
      s.map((x) => [x.name, x.children?.length ?? 0]),
      [
        ['Port', 0],
        ['Match User bob', 2],
      ],
    );
    assert.deepStrictEqual(service().foldingRanges(doc), [{ startLine: 1, endLine: 3, kind: 'region' }]);
  });
});

describe('lines sshd refuses because of the lines before them', () => {
  const V92 = withVersion(9, 2);
  const found = (text: string, v = V92, env: Environment = {}) =>
    service(v, env)
      .analyzeSshd(sshd(text))
      .findings.filter((f) => f.code !== 'sshd/no-client-alive');
  const FIRST = { uri: 'file:///etc/ssh/sshd_config', span: { line: 0, start: 10, end: 14 }, message: "Subsystem 'sftp' is first defined here" };
  const RULE = 'OpenSSH 9.2 takes one Subsystem line per name; 9.5 and later keep the first';

  test('up to 9.4 a second Subsystem line for a name stops sshd (sshd -t 9.2: "line 3: Subsystem \'sftp\' already defined."); names are case-sensitive', () => {
    const text = lines(
      'Subsystem sftp /usr/lib/openssh/sftp-server',
      'Subsystem SFTP internal-sftp',
      'Subsystem sftp internal-sftp -l INFO',
      'Subsystem "sftp" /usr/lib/openssh/sftp-server',
    );
    assert.deepStrictEqual(found(text), [
      {
        code: 'sshd/duplicate-subsystem',
        severity: 'error',
        message: `Subsystem 'sftp' already defined: sshd_config:1 defines it first, and sshd stops (${RULE}).`,
        span: { line: 2, start: 10, end: 14 },
        fixes: [],
        related: [FIRST],
      },
      {
        code: 'sshd/duplicate-subsystem',
        severity: 'error',
        message: `Subsystem 'sftp' already defined: sshd_config:1 defines it first, and sshd stops (${RULE}).`,
        span: { line: 3, start: 10, end: 16 },
        // The same command as the first line: removing it loses nothing.
        fixes: [{ kind: 'deleteLines', title: 'Remove the repeated line', from: 3, to: 3, preferred: true }],
        related: [{ ...FIRST }],
      },
    ]);
    assert.match(
      JSON.stringify(service(V92).hover(sshd(text), { line: 2, character: 2 })?.contents),
      /Effective for [^:]*: none, sshd refuses this line and stops\./,
    );
    assert.match(JSON.stringify(service(V92).hover(sshd(text), { line: 1, character: 2 })?.contents), /every Subsystem line adds to the list; this one too\./);
    assert.equal(
      fixedText(text, 'sshd/duplicate-subsystem', 'Remove the repeated line', V92),
      lines('Subsystem sftp /usr/lib/openssh/sftp-server', 'Subsystem SFTP internal-sftp', 'Subsystem sftp internal-sftp -l INFO'),
    );
  });

  test('a repeated line with its own comment has no fix (the comment would be lost)', () => {
    const f = found(lines('Subsystem sftp internal-sftp', 'Subsystem sftp internal-sftp # chrooted users'));
    assert.deepStrictEqual(
      f.map((x) => [x.code, x.span.line, x.fixes.length]),
      [['sshd/duplicate-subsystem', 1, 0]],
    );
  });

  test('Match all blocks are read at start too; other Match blocks cannot hold Subsystem before 9.5', () => {
    assert.deepStrictEqual(
      found(lines('Subsystem sftp internal-sftp', 'Match all', '  Subsystem sftp /usr/lib/openssh/sftp-server', 'Match User bob', '  Subsystem sftp x')).map(
        (x) => [x.code, x.span.line],
      ),
      [
        ['sshd/duplicate-subsystem', 2],
        ['sshd/not-allowed-in-match', 4],
      ],
    );
  });

  test('across Include: the line in the included file stops sshd, shown at the Include line; a first definition there is named', () => {
    const env = filesEnv({ 'sftp.conf': lines('# sftp', 'Subsystem sftp internal-sftp', '') });
    assert.deepStrictEqual(found(lines('Subsystem sftp /usr/lib/openssh/sftp-server', 'Include /etc/ssh/sshd_config.d/sftp.conf'), V92, env), [
      {
        code: 'sshd/duplicate-subsystem',
        severity: 'error',
        message: `sshd stops at sftp.conf line 2: Subsystem 'sftp' already defined (sshd_config:1 defines it first; ${RULE}).`,
        span: { line: 1, start: 0, end: 7 },
        fixes: [],
        related: [
          FIRST,
          { uri: 'file:///home/alice/.ssh/sftp.conf', span: { line: 1, start: 10, end: 14 }, message: "sshd stops here: Subsystem 'sftp' already defined." },
        ],
      },
    ]);
    assert.deepStrictEqual(
      found(lines('Include /etc/ssh/sshd_config.d/sftp.conf', 'Subsystem sftp internal-sftp'), V92, env).map((x) => [
        x.message,
        x.span.line,
        x.fixes,
        x.related,
      ]),
      [
        [
          `Subsystem 'sftp' already defined: sftp.conf:2 defines it first, and sshd stops (${RULE}).`,
          1,
          // Same text, but the first line is in another file: removing this one loses nothing either.
          [{ kind: 'deleteLines', title: 'Remove the repeated line', from: 1, to: 1, preferred: true }],
          [{ uri: 'file:///home/alice/.ssh/sftp.conf', span: { line: 1, start: 10, end: 14 }, message: "Subsystem 'sftp' is first defined here" }],
        ],
      ],
    );
  });

  test('from 9.5 on sshd keeps the first definition: the repeated line is dead; a Match block (even Match all) replaces the global one', () => {
    const text = lines(
      'Subsystem sftp /usr/lib/openssh/sftp-server',
      'Subsystem sftp internal-sftp',
      'Match User bob',
      '  Subsystem sftp internal-sftp -d /upload',
      '  Subsystem sftp internal-sftp',
      'Match all',
      // Read again for each connection: replaces line 1 for everyone but bob (whose block came first).
      '  Subsystem sftp internal-sftp -l INFO',
    );
    assert.deepStrictEqual(
      found(text, withVersion(9, 5)).map((x) => [x.code, x.severity, x.span.line, x.message]),
      [
        [
          'sshd/overridden',
          'warning',
          1,
          "Subsystem 'sftp' never takes effect for connections no Match block applies to: line 1 already defines it (sshd keeps the first definition).",
        ],
        [
          'sshd/overridden',
          'warning',
          4,
          "Subsystem 'sftp' never takes effect for connections matching user bob: line 4 already defines it (sshd keeps the first definition).",
        ],
      ],
    );
    const hover = service(withVersion(10, 0)).hover(sshd(text), { line: 1, character: 2 });
    assert.match(JSON.stringify(hover?.contents), /line 1 already defines Subsystem 'sftp' \(sshd keeps the first\)\. This line never takes effect\./);
  });

  test('a Match all line read again for each connection takes effect there (sshd -T 9.2 prints 20 for this file)', () => {
    const text = lines('ClientAliveInterval 10', 'Match all', '  ClientAliveInterval 20');
    assert.deepStrictEqual(found(text), []);
    assert.deepStrictEqual(values(text, {}), { clientaliveinterval: '20' });
  });

  test('a 257th Port line stops sshd (every release), a 257th Subsystem up to 9.4 (sshd -t 9.2: "too many ports." / "too many subsystems defined.")', () => {
    const ports = (n: number) => Array.from({ length: n }, (_, i) => `Port ${2001 + i}`);
    const subsystems = (n: number) => Array.from({ length: n }, (_, i) => `Subsystem s${i + 1} internal-sftp`);
    assert.deepStrictEqual(found(lines(...ports(256))), []);
    for (const v of [V92, withVersion(10, 5)]) {
      assert.deepStrictEqual(
        found(lines(...ports(258)), v).map((x) => [x.code, x.span, x.message]),
        [['sshd/limit-exceeded', { line: 256, start: 0, end: 4 }, 'sshd stops: "too many ports." (at most 256 Port lines).']],
      );
    }
    assert.deepStrictEqual(found(lines(...subsystems(256))), []);
    // The table is checked first: a 257th line for a name already defined is "too many" too.
    assert.deepStrictEqual(
      found(lines(...subsystems(256), 'Subsystem s1 internal-sftp', 'Subsystem t internal-sftp')).map((x) => [x.code, x.span.line, x.message]),
      [['sshd/limit-exceeded', 256, 'sshd stops: "too many subsystems defined." (OpenSSH 9.2 holds at most 256 subsystems; 9.5 and later have no limit).']],
    );
    assert.deepStrictEqual(found(lines(...subsystems(300)), withVersion(9, 5)), []);
  });

  test('the Port lines of an included file count too; the refusal shows at the Include line', () => {
    const env = filesEnv({ 'ports.conf': lines(...Array.from({ length: 255 }, (_, i) => `Port ${3001 + i}`)) });
    assert.deepStrictEqual(
      found(lines('Port 22', 'Port 2222', 'Include /etc/ssh/sshd_config.d/ports.conf'), V92, env).map((x) => [x.code, x.span, x.message, x.related?.[0].span]),
      [
        [
          'sshd/limit-exceeded',
          { line: 2, start: 0, end: 7 },
          'sshd stops at ports.conf line 255: "too many ports." (at most 256 Port lines).',
          { line: 254, start: 5, end: 9 },
        ],
      ],
    );
  });
});

describe('moving a server-wide line out of its Match block: the whole text after the fix', () => {
  const MOVE = 'Move TCPKeepAlive before the first Match block';
  const moved = (text: string) => fixedText(text, 'sshd/not-allowed-in-match', MOVE);

  test('from a Match block at the end of the file: after the last global line, unindented; no blank line doubled or left at the end', () => {
    assert.equal(
      moved(lines('Port 22', '', 'Match User bob', '  ClientAliveInterval 30', '  TCPKeepAlive no', '')),
      lines('Port 22', 'TCPKeepAlive no', '', 'Match User bob', '  ClientAliveInterval 30', ''),
    );
    // A blank line before the moved line at the end goes with it; without a final line break there is none after.
    assert.equal(
      moved(lines('Port 22', '', 'Match User bob', '  ClientAliveInterval 30', '', '  TCPKeepAlive no', '')),
      lines('Port 22', 'TCPKeepAlive no', '', 'Match User bob', '  ClientAliveInterval 30', ''),
    );
    assert.equal(
      moved(lines('Port 22', '', 'Match User bob', '  ClientAliveInterval 30', '', '  TCPKeepAlive no')),
      lines('Port 22', 'TCPKeepAlive no', '', 'Match User bob', '  ClientAliveInterval 30'),
    );
  });

  test('from a Match block followed by another: the blank line between the blocks stays, once', () => {
    assert.equal(
      moved(lines('Port 22', '', 'Match User bob', '  TCPKeepAlive no', '', 'Match User carol', '  ClientAliveInterval 30', '')),
      lines('Port 22', 'TCPKeepAlive no', '', 'Match User bob', '', 'Match User carol', '  ClientAliveInterval 30', ''),
    );
    // A file without blank lines gets none.
    assert.equal(
      moved(lines('Port 22', 'Match User bob', '  TCPKeepAlive no', 'Match User carol', '  ClientAliveInterval 30', '')),
      lines('Port 22', 'TCPKeepAlive no', 'Match User bob', 'Match User carol', '  ClientAliveInterval 30', ''),
    );
  });

  test('blank lines around the line become one; the blank lines the file already had stay as they were', () => {
    assert.equal(
      moved(lines('# global', 'Port 22', '', '', 'Match User bob', '', '  TCPKeepAlive no', '', '  ClientAliveInterval 30', '')),
      lines('# global', 'Port 22', 'TCPKeepAlive no', '', '', 'Match User bob', '', '  ClientAliveInterval 30', ''),
    );
  });

  test('the comment lines directly above go along, a disabled line of another option stays', () => {
    assert.equal(
      moved(lines('Port 22', 'ClientAliveInterval 30', '', 'Match User bob', '  # keep TCP quiet for bob', '  TCPKeepAlive no', '  ClientAliveCountMax 2', '')),
      lines('Port 22', 'ClientAliveInterval 30', '# keep TCP quiet for bob', 'TCPKeepAlive no', '', 'Match User bob', '  ClientAliveCountMax 2', ''),
    );
    assert.equal(
      moved(lines('Port 22', '', 'Match User bob', '  X11Forwarding no', '  #AllowTcpForwarding no', '  #TCPKeepAlive yes', '  TCPKeepAlive no', '')),
      lines('Port 22', '#TCPKeepAlive yes', 'TCPKeepAlive no', '', 'Match User bob', '  X11Forwarding no', '  #AllowTcpForwarding no', ''),
    );
  });

  test('the indentation of the global lines', () => {
    assert.equal(moved(lines('\tPort 22', '', 'Match User bob', '\tTCPKeepAlive no', '')), lines('\tPort 22', '\tTCPKeepAlive no', '', 'Match User bob', ''));
  });

  test('no global line: before the first Match block and the comments above it, set apart as the file sets blocks apart', () => {
    assert.equal(moved(lines('Match User bob', '  TCPKeepAlive no', '')), lines('TCPKeepAlive no', '', 'Match User bob', ''));
    assert.equal(
      moved(lines('# sshd config', '', '# for bob', 'Match User bob', '  TCPKeepAlive no', '')),
      lines('# sshd config', '', 'TCPKeepAlive no', '', '# for bob', 'Match User bob', ''),
    );
    assert.equal(
      moved(lines('Match User bob', '  TCPKeepAlive no', 'Match User carol', '  X11Forwarding no', '')),
      lines('TCPKeepAlive no', 'Match User bob', 'Match User carol', '  X11Forwarding no', ''),
    );
    // The byte order mark stays first.
    assert.equal(moved('\uFEFFMatch User bob\n  TCPKeepAlive no\n'), '\uFEFFTCPKeepAlive no\n\nMatch User bob\n');
  });

  test('CRLF line breaks stay CRLF', () => {
    const crlf = (...ls: string[]) => ls.join('\r\n');
    assert.equal(
      moved(crlf('Port 22', '', 'Match User bob', '  TCPKeepAlive no', '', 'Match all', '  X11Forwarding no', '')),
      crlf('Port 22', 'TCPKeepAlive no', '', 'Match User bob', '', 'Match all', '  X11Forwarding no', ''),
    );
  });

  test('the result is a file sshd takes: the finding is gone', () => {
    const after = moved(lines('Port 22', '', 'Match User bob', '  # quiet', '  TCPKeepAlive no', '', 'Match all', '  X11Forwarding no', ''));
    assert.deepStrictEqual(
      service(withVersion(9, 2))
        .analyzeSshd(sshd(after))
        .findings.map((f) => f.code),
      ['sshd/no-client-alive'],
    );
  });
});

test('property: the move keeps every line (re-indented), keeps the line breaks, and takes exactly its line out of Match', () => {
  const LINES = [
    'Port 22',
    '  ClientAliveInterval 30',
    'Match User bob',
    'Match Address 10.0.0.0/8',
    'Match all',
    '  TCPKeepAlive no',
    '\tLoginGraceTime 30',
    '  # a comment',
    '# for bob',
    '  #X11Forwarding no',
    '  X11Forwarding no',
    '',
    '  ',
  ];
  const file = fc
    .tuple(fc.array(fc.constantFrom(...LINES), { maxLength: 16 }), fc.constantFrom('\n', '\r\n'), fc.boolean(), fc.boolean())
    .map(([ls, eol, finalEol, bom]) => (bom ? '\uFEFF' : '') + ls.join(eol) + (finalEol && ls.length ? eol : ''));
  const s = service(withVersion(9, 2));
  const count = (t: string) => s.diagnostics(sshd(t)).filter((x) => x.code === 'sshd/not-allowed-in-match').length;
  const kept = (t: string) =>
    t
      .replace(/^\uFEFF/, '')
      .split(/\r\n|\n/)
      .map((l) => l.trim())
      .filter(Boolean)
      .sort();
  fc.assert(
    fc.property(file, (text) => {
      const d = sshd(text);
      const diags = s.diagnostics(d).filter((x) => x.code === 'sshd/not-allowed-in-match');
      for (const diag of diags) {
        const action = s.codeActions(d, diag.range, [diag]).find((a) => a.title.startsWith('Move'));
        assert.ok(action?.edit?.changes);
        const after = applyEdits(d, action.edit.changes[d.uri]);
        assert.deepStrictEqual(kept(after), kept(text));
        if (text.includes('\r\n')) assert.ok(!/(^|[^\r])\n/.test(after), JSON.stringify(after));
        assert.equal(after.startsWith('\uFEFF'), text.startsWith('\uFEFF'));
        assert.equal(count(after), diags.length - 1, JSON.stringify([text, after]));
      }
    }),
    { numRuns: 300 },
  );
});
