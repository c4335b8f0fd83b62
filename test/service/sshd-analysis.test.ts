/**
 * sshd_config: the two readings (start, per connection), the timeline per section, findings, and the
 * features over them. test/oracle/sshd-t.test.ts checks the resolution against the real `sshd -T`.
 *
 *   node --import tsx --test test/service/sshd-analysis.test.ts
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { SshdConnection } from '../../server/src/service/analysis/sshd/resolve';
import { lines, service, withVersion } from '../fixtures';

let version = 0;
const sshd = (text: string) => TextDocument.create('file:///etc/ssh/sshd_config', 'sshd_config', ++version, text);
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
    assert.deepStrictEqual(a.findings[4].fixes, [
      { kind: 'moveLines', title: 'Move TCPKeepAlive before the first Match block', from: 5, to: 5, after: 3, preferred: true },
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
