/**
 * The bundled language server over stdio with sshd_config files (languageId `sshd_config`).
 *
 *   npm run build && node --import tsx --test test/protocol/sshd.test.ts
 *
 * Every document lives under a fresh temporary root. The client does not claim workspace.configuration;
 * initializationOptions pin what the results depend on: OpenSSH 9.2 (so the server never asks `ssh -V`, and
 * 9.2's two intervals per check hold), a 300 s path idle timeout and the kernel's keepalive defaults.
 * Each wait is for a notification, with a timeout.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CodeLensRequest,
  type CompletionList,
  CompletionRequest,
  type Diagnostic,
  DidChangeTextDocumentNotification,
  DocumentSymbolRequest,
  FoldingRangeRequest,
  InlayHintRequest,
  type MarkupContent,
} from 'vscode-languageserver-protocol/node';
import { applyAction, ensureBundle, LspSession, README, ROOT, range, SHOW_TIMELINE, span, tempTree, uriOf } from './lsp';

const INIT = {
  settings: { ssh: { version: '9.2' }, network: { idleTimeout: 300 }, kernel: { tcpKeepaliveTime: 7200, tcpKeepaliveIntvl: 75, tcpKeepaliveProbes: 9 } },
};
const EXAMPLE = fs.readFileSync(path.join(ROOT, 'examples/server.sshd_config'), 'utf8');

/** A bastion's sshd_config with one finding of each kind the keepalive analysis reports. */
const TEXT = [
  '# A bastion host', //                 0
  'Port 22', //                          1
  'LoginGraceTime 1m', //                2
  'ClientAliveInterval 10m', //          3  longer than the 300 s idle timeout
  'ClientAliveCountMax 3', //            4
  'ClientAliveCountMax 5', //            5  never takes effect: line 5 set it first
  '', //                                 6
  'Match User backup', //                7
  '    ClientAliveInterval 15', //       8
  '    ClientAliveCountMax 2', //        9
  '    TCPKeepAlive no', //              10 global only: sshd stops
  '', //                                 11
  'Match Address 10.0.0.0/8', //         12
  '    ClientAliveIntervall 30', //      13 misspelt: sshd stops
  '    X11Forwarding no', //             14
  '', //                                 15
].join('\n');

function diagnostic(
  code: string,
  r: ReturnType<typeof range>,
  severity: 1 | 2,
  message: string,
  fixes: unknown[],
  extra: Partial<Diagnostic> = {},
): Diagnostic {
  return {
    range: r,
    severity,
    code,
    codeDescription: { href: `${README}#${code.replace('/', '-')}` },
    source: 'keepalive-lens',
    message,
    data: { fixes },
    ...extra,
  };
}

const ABOVE_IDLE = diagnostic(
  'sshd/interval-above-idle-timeout',
  span(3, 20, 23),
  2,
  'ClientAliveInterval 10 min is longer than the path idle timeout (5 min): a NAT or firewall may drop the idle flow before the first probe.',
  [{ kind: 'replace', title: 'Set ClientAliveInterval to 60', span: { line: 3, start: 20, end: 23 }, text: '60', preferred: true }],
);
const OVERRIDDEN = diagnostic(
  'sshd/overridden',
  span(5, 0, 19),
  2,
  'ClientAliveCountMax never takes effect for connections no Match block applies to: line 5 already set it (sshd keeps the first value).',
  [{ kind: 'deleteLines', title: 'Remove the dead line', from: 5, to: 5, preferred: true }],
  { tags: [1] },
);
const NOT_IN_MATCH = diagnostic(
  'sshd/not-allowed-in-match',
  span(10, 4, 16),
  1,
  "Directive 'TCPKeepAlive' is not allowed within a Match block: sshd stops. TCPKeepAlive applies to the whole server; set it before the first Match line.",
  [
    {
      kind: 'edits',
      title: 'Move TCPKeepAlive before the first Match block',
      edits: [
        { from: { line: 5, character: 21 }, to: { line: 5, character: 21 }, text: '\nTCPKeepAlive no' },
        { from: { line: 10, character: 0 }, to: { line: 11, character: 0 }, text: '' },
      ],
      preferred: true,
    },
  ],
);
const UNKNOWN = diagnostic(
  'sshd/unknown-keyword',
  span(13, 4, 24),
  1,
  'Bad configuration option: ClientAliveIntervall (did you mean ClientAliveInterval?): sshd stops.',
  [{ kind: 'replace', title: 'Change to ClientAliveInterval', span: { line: 13, start: 4, end: 24 }, text: 'ClientAliveInterval', preferred: true }],
);

/** OpenSSH 9.2 waits two intervals per check: probes at 2I, 4I, ..., the drop at 2 × (N + 1) × I. */
const lensTitle = (i: number, n: number, who: string) => {
  const fmt = (s: number) =>
    s >= 3600
      ? `${Math.floor(s / 3600)} h ${(s % 3600) / 60} min`
      : s % 60 === 0
        ? `${s / 60} min`
        : s > 60
          ? `${Math.floor(s / 60)} min ${s % 60} s`
          : `${s} s`;
  return `dead client dropped after ${fmt(2 * (n + 1) * i)} (2 × ${i} s × (${n} + 1)) · probes every ${fmt(2 * i)} (OpenSSH 9.2 checks every 2 × ${i} s), gives up after ${n} unanswered · for ${who}`;
};

/** Labels offered at a line start inside a Match block: only what OpenSSH 9.2 allows there (and Match, Include). */
const IN_MATCH = [
  'AcceptEnv',
  'AllowAgentForwarding',
  'AllowGroups',
  'AllowStreamLocalForwarding',
  'AllowTcpForwarding',
  'AllowUsers',
  'AuthenticationMethods',
  'AuthorizedKeysCommand',
  'AuthorizedKeysCommandUser',
  'AuthorizedKeysFile',
  'AuthorizedPrincipalsCommand',
  'AuthorizedPrincipalsCommandUser',
  'AuthorizedPrincipalsFile',
  'Banner',
  'CASignatureAlgorithms',
  'ChannelTimeout',
  'ChrootDirectory',
  'ClientAliveCountMax',
  'ClientAliveInterval',
  'DenyGroups',
  'DenyUsers',
  'DisableForwarding',
  'ExposeAuthInfo',
  'ForceCommand',
  'GatewayPorts',
  'GSSAPIAuthentication',
  'HostbasedAcceptedAlgorithms',
  'HostbasedAuthentication',
  'HostbasedUsesNameFromPacketOnly',
  'IgnoreRhosts',
  'Include',
  'IPQoS',
  'KbdInteractiveAuthentication',
  'KerberosAuthentication',
  'LogLevel',
  'LogVerbose',
  'Match',
  'MaxAuthTries',
  'MaxSessions',
  'PasswordAuthentication',
  'PermitEmptyPasswords',
  'PermitListen',
  'PermitOpen',
  'PermitRootLogin',
  'PermitTTY',
  'PermitTunnel',
  'PermitUserRC',
  'PubkeyAcceptedAlgorithms',
  'PubkeyAuthentication',
  'PubkeyAuthOptions',
  'RDomain',
  'RekeyLimit',
  'RequiredRSASize',
  'RevokedKeys',
  'SetEnv',
  'StreamLocalBindMask',
  'StreamLocalBindUnlink',
  'TrustedUserCAKeys',
  'UnusedConnectionTimeout',
  'X11DisplayOffset',
  'X11Forwarding',
  'X11UseLocalhost',
];

describe('keepalive-language-server over stdio: sshd_config', () => {
  let s: LspSession;
  let root: string;

  before(async () => {
    await ensureBundle();
    root = tempTree({});
    s = await LspSession.start({ initializationOptions: INIT });
  });

  after(() => {
    s?.kill();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  describe('a bastion with findings', () => {
    let uri: string;
    const td = () => ({ textDocument: { uri } });

    before(() => {
      uri = uriOf(root, 'etc/ssh/sshd_config');
    });

    it('didOpen: the four findings, with severities, ranges and fixes', async () => {
      assert.deepStrictEqual(await s.open(uri, TEXT, 'sshd_config'), { uri, version: 1, diagnostics: [ABOVE_IDLE, OVERRIDDEN, NOT_IN_MATCH, UNKNOWN] });
    });

    it('codeLens: the global section and each Match block, each with the values that apply to it', async () => {
      assert.deepStrictEqual(await s.conn.sendRequest(CodeLensRequest.type, td()), [
        // 10 min × 2 × 4 = 1 h 20 min; line 6's ClientAliveCountMax 5 never applies.
        { range: span(0, 0, 0), command: { title: lensTitle(600, 3, 'connections no Match block applies to'), command: SHOW_TIMELINE, arguments: [uri, 0] } },
        { range: span(7, 0, 17), command: { title: lensTitle(15, 2, 'connections matching user backup'), command: SHOW_TIMELINE, arguments: [uri, 7] } },
        // The misspelt line sets nothing: the block keeps the global values.
        {
          range: span(12, 0, 24),
          command: { title: lensTitle(600, 3, 'connections matching address 10.0.0.0/8'), command: SHOW_TIMELINE, arguments: [uri, 12] },
        },
      ]);
    });

    it('hover on ClientAliveInterval in Match User backup: the docs, the effective value, the block timeline', async () => {
      const { range: r, sections: parts } = await s.hoverSections(uri, { line: 8, character: 6 });
      assert.deepStrictEqual(r, span(8, 4, 23));
      assert.equal(parts.length, 3, 'keyword and effective value, documentation, timeline');
      assert.equal(parts[0], '**ClientAliveInterval** `time`\n\nEffective for connections matching user backup: **15**, from this line.');
      assert.ok(parts[1].startsWith('Idle time after which sshd sends the client an encrypted request that it must answer.'), parts[1]);
      assert.ok(parts[1].endsWith('\n\nDefault: `0`'), parts[1]);
      assert.equal(
        parts[2],
        [
          '### Match User backup',
          '',
          `**${lensTitle(15, 2, 'connections matching user backup').replace(' · for connections matching user backup', '')}**`,
          '',
          'Computed for connections matching user backup.',
          '',
          '| after the last data from the peer | what happens |',
          '|---|---|',
          '| 30 s | probe 1 of 2 (`keepalive@openssh.com`) sent: no reply yet |',
          '| 1 min | probe 2 of 2 (`keepalive@openssh.com`) sent: no reply yet |',
          '| 1 min 30 s | check 3 finds 2 probes unanswered: sshd logs "Timeout, client not responding from user U ADDR port P" and ends the session |',
          '',
          '| value | from |',
          '|---|---|',
          '| ClientAliveInterval = `15` | line 9 (ClientAliveInterval 15) |',
          '| ClientAliveCountMax = `2` | line 10 (ClientAliveCountMax 2) |',
          // The TCPKeepAlive line of the block is refused: the default stands.
          '| TCPKeepAlive = `yes` | default (yes) |',
          '| LoginGraceTime = `60` | line 3 (LoginGraceTime 1m) |',
          '| UnusedConnectionTimeout = `none` | default (none) |',
          '| ChannelTimeout = `none` | default (none) |',
          '',
          '- The manual\'s "ClientAliveInterval × ClientAliveCountMax" (30 s) is one interval short: sshd drops the client at the check after the last unanswered probe.',
          "- OpenSSH 9.2 waits two intervals per check (serverloop.c compares whole seconds with `>` after a wait of exactly 15 s; fixed in 9.5): measured with Debian 12's sshd.",
          '- TCPKeepAlive yes: the kernel would also give up after 2 h 11 min 15 s (7200 s + 9 × 75 s).',
          '- Connections that have not logged in are closed after 1 min (LoginGraceTime).',
        ].join('\n'),
      );
    });

    it('hover on the dead ClientAliveCountMax: which line wins', async () => {
      const { sections } = await s.hoverSections(uri, { line: 5, character: 0 });
      assert.equal(
        sections[0],
        '**ClientAliveCountMax** `integer`\n\nEffective for connections no Match block applies to: **3**, from line 5. This line never takes effect.',
      );
    });

    it('inlayHint: durations after time values, the drop after each live ClientAliveCountMax', async () => {
      const hint = (line: number, character: number, label: string) => ({ position: { line, character }, label, paddingLeft: true });
      assert.deepStrictEqual(await s.conn.sendRequest(InlayHintRequest.type, { ...td(), range: range(0, 0, 16, 0) }), [
        hint(2, 17, '= 1 min'),
        hint(3, 23, '= 10 min'),
        hint(4, 21, '→ dropped after 1 h 20 min'),
        // Line 6 never takes effect, 15 s reads fine as it is.
        hint(9, 25, '→ dropped after 1 min 30 s'),
      ]);
    });

    it('documentSymbol and foldingRange: the global lines, then one symbol and one fold per Match block', async () => {
      const line = (name: string, detail: string, l: number, indent: number, end: number) => ({
        name,
        detail,
        kind: 7,
        range: span(l, 0, end),
        selectionRange: span(l, indent, indent + name.length),
      });
      assert.deepStrictEqual(await s.conn.sendRequest(DocumentSymbolRequest.type, td()), [
        line('Port', '22', 1, 0, 7),
        line('LoginGraceTime', '1m', 2, 0, 17),
        line('ClientAliveInterval', '10m', 3, 0, 23),
        line('ClientAliveCountMax', '3', 4, 0, 21),
        line('ClientAliveCountMax', '5', 5, 0, 21),
        {
          name: 'Match User backup',
          kind: 5,
          range: range(7, 0, 11, 0),
          selectionRange: span(7, 0, 5),
          // The refused TCPKeepAlive line sets nothing and is no symbol.
          children: [line('ClientAliveInterval', '15', 8, 4, 26), line('ClientAliveCountMax', '2', 9, 4, 25)],
        },
        {
          name: 'Match Address 10.0.0.0/8',
          kind: 5,
          range: range(12, 0, 15, 0),
          selectionRange: span(12, 0, 5),
          children: [line('X11Forwarding', 'no', 14, 4, 20)],
        },
      ]);
      assert.deepStrictEqual(await s.conn.sendRequest(FoldingRangeRequest.type, td()), [
        { startLine: 7, endLine: 11, kind: 'region' },
        { startLine: 12, endLine: 15, kind: 'region' },
      ]);
    });

    it('completion at a line start in a Match block: only the keywords sshd allows there', async () => {
      const list = (await s.conn.sendRequest(CompletionRequest.type, { ...td(), position: { line: 15, character: 0 } })) as CompletionList;
      assert.equal(list.isIncomplete, false);
      assert.deepStrictEqual(
        list.items.map((i) => i.label),
        IN_MATCH,
      );
      const cai = list.items.find((i) => i.label === 'ClientAliveInterval');
      assert.deepStrictEqual(
        { ...cai, documentation: undefined },
        {
          label: 'ClientAliveInterval',
          kind: 14,
          detail: 'time',
          documentation: undefined,
          insertText: 'ClientAliveInterval ',
          sortText: '0clientaliveinterval',
        },
      );
      assert.ok((cai?.documentation as MarkupContent).value.startsWith('**ClientAliveInterval** `time`'));
      // In the global section the server-wide keywords come too.
      const global = (await s.conn.sendRequest(CompletionRequest.type, { ...td(), position: { line: 6, character: 0 } })) as CompletionList;
      const labels = global.items.map((i) => i.label);
      assert.deepStrictEqual(
        ['TCPKeepAlive', 'LoginGraceTime', 'MaxStartups', 'Port'].filter((k) => !labels.includes(k)),
        [],
      );
      assert.deepStrictEqual(
        IN_MATCH.filter((k) => !labels.includes(k)),
        [],
      );
    });

    it('codeAction: the preferred fix for the long interval, applied to the text', async () => {
      const actions = await s.codeActions(uri, ABOVE_IDLE);
      assert.deepStrictEqual(actions, [
        {
          title: 'Set ClientAliveInterval to 60',
          kind: 'quickfix',
          diagnostics: [ABOVE_IDLE],
          isPreferred: true,
          edit: { changes: { [uri]: [{ range: span(3, 20, 23), newText: '60' }] } },
        },
      ]);
      assert.equal(applyAction(TEXT, uri, actions[0]), TEXT.replace('ClientAliveInterval 10m', 'ClientAliveInterval 60'));
    });

    it('codeAction: TCPKeepAlive moved out of its Match block to the end of the global section, applied to the text', async () => {
      const actions = await s.codeActions(uri, NOT_IN_MATCH);
      assert.deepStrictEqual(
        actions.map((a) => [a.title, a.isPreferred]),
        [['Move TCPKeepAlive before the first Match block', true]],
      );
      const expected = TEXT.split('\n');
      expected.splice(10, 1);
      expected.splice(6, 0, 'TCPKeepAlive no');
      assert.equal(applyAction(TEXT, uri, actions[0]), expected.join('\n'));
    });

    it('didChange applying the fix: the warning goes, the lenses and hints follow', async () => {
      const republished = s.nextDiagnostics(uri, (p) => p.version === 2);
      await s.conn.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version: 2 },
        contentChanges: [{ range: span(3, 20, 23), text: '60' }],
      });
      assert.deepStrictEqual(await republished, { uri, version: 2, diagnostics: [OVERRIDDEN, NOT_IN_MATCH, UNKNOWN] });
      assert.deepStrictEqual(
        (await s.conn.sendRequest(CodeLensRequest.type, td()))?.map((l) => l.command?.title),
        [
          lensTitle(60, 3, 'connections no Match block applies to'),
          lensTitle(15, 2, 'connections matching user backup'),
          lensTitle(60, 3, 'connections matching address 10.0.0.0/8'),
        ],
      );
      assert.equal(
        lensTitle(60, 3, 'x'),
        'dead client dropped after 8 min (2 × 60 s × (3 + 1)) · probes every 2 min (OpenSSH 9.2 checks every 2 × 60 s), gives up after 3 unanswered · for x',
      );
      assert.deepStrictEqual(
        ((await s.conn.sendRequest(InlayHintRequest.type, { ...td(), range: range(3, 0, 5, 0) })) ?? []).map((h) => [h.position.line, h.label]),
        [
          [3, '= 1 min'],
          [4, '→ dropped after 8 min'],
        ],
      );
    });
  });

  describe('examples/server.sshd_config', () => {
    let uri: string;

    before(() => {
      uri = uriOf(root, 'etc/ssh/sshd_config.d/server.conf');
    });

    it('didOpen: clean', async () => {
      assert.deepStrictEqual(await s.open(uri, EXAMPLE, 'sshd_config'), { uri, version: 1, diagnostics: [] });
    });

    it('codeLens: the global section, the backup account, the office network', async () => {
      const lens = (line: number, end: number, title: string) => ({
        range: span(line, 0, end),
        command: { title, command: SHOW_TIMELINE, arguments: [uri, line] },
      });
      assert.deepStrictEqual(await s.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri } }), [
        lens(0, 0, lensTitle(60, 3, 'connections no Match block applies to')),
        lens(38, 36, lensTitle(15, 2, 'connections matching user backup, address 192.0.2.10')),
        // ClientAliveCountMax 3 comes from the global section.
        lens(47, 39, lensTitle(30, 3, 'connections matching address 10.0.0.0/8,192.168.0.0/16')),
      ]);
    });
  });

  it('no request failed on the server', () => {
    assert.deepStrictEqual(s.errorLogs(), []);
    assert.ok(s.alive);
  });
});
