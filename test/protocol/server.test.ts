/**
 * The bundled language server over stdio, driven by a real JSON-RPC client.
 *
 *   node --import tsx --test test/protocol/server.test.ts
 *
 * Spawns `node dist/server.js --stdio` (rebuilding the bundle first when it is missing or
 * older than server/src) and checks whole results, ranges included. The client does not
 * claim workspace.configuration, so the server keeps its defaults; initializationOptions
 * pin ssh.version to 9.2 so nothing depends on the machine's ssh.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CodeActionRequest,
  CodeLensRequest,
  type CompletionItem,
  type CompletionList,
  CompletionRequest,
  type Diagnostic,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentSymbolRequest,
  ExecuteCommandRequest,
  FoldingRangeRequest,
  HoverRequest,
  InlayHintRequest,
  type MarkupContent,
} from 'vscode-languageserver-protocol/node';
import { mulberry32 as rng } from '../prng';
import { applyAction, ensureBundle, LspSession, README, range, SHOW_TIMELINE, span, tempTree, uriOf, withTimeout } from './lsp';

const INIT = { settings: { ssh: { version: '9.2' } } };
const URI = 'file:///home/test/.ssh/config';

/** The keepalive article's pattern: the general block first, so it wins for every host. */
const ARTICLE = [
  'Host *', //                         0
  '    ServerAliveInterval 60', //     1  keyword 4..23, value 24..26
  '    ServerAliveCountMax 5', //      2  keyword 4..23, value 24..25
  '', //                               3
  'Host satellite-server', //          4
  '    ServerAliveInterval 30', //     5  never takes effect: line 2 set it first
  '    ServerAliveCountMax 10', //     6  never takes effect: line 3 set it first
  '', //                               7  (the text ends with a newline)
].join('\n');

const MOVE_FIX = { kind: 'moveLines', title: 'Move the general "Host *" block to the end of the file', from: 0, to: 2, after: 7, preferred: true };

function shadowed(line: number, name: string, value: string, byLine: number): Diagnostic {
  return {
    range: span(line, 4, 23),
    severity: 2,
    code: 'ssh/shadowed-by-earlier-host',
    codeDescription: { href: `${README}#ssh-shadowed-by-earlier-host` },
    source: 'keepalive-lens',
    message: `Never takes effect for satellite-server: line ${byLine + 1} (Host *) already set ${name} ${value}, and ssh keeps the first value it reads. Put general blocks such as "Host *" last.`,
    tags: [1],
    data: { fixes: [MOVE_FIX] },
    relatedInformation: [{ location: { uri: URI, range: span(byLine, 4, 23) }, message: 'the value ssh uses' }],
  };
}

const summary = (i: number, n: number, who: string) => {
  const dead = (n + 1) * i;
  const when = dead % 60 === 0 ? `${dead / 60} min` : `${Math.floor(dead / 60)} min ${dead % 60} s`;
  return `dead server detected after ${when} (${i} s × (${n} + 1)) · probes every ${i} s, gives up after ${n} unanswered · ${who}`;
};

function lenses(i: number, n: number) {
  return [
    { range: span(0, 0, 4), command: { title: summary(i, n, 'any host'), command: SHOW_TIMELINE, arguments: [URI, 0] } },
    // satellite-server gets Host *'s values: they are read first.
    { range: span(4, 0, 4), command: { title: summary(i, n, 'host satellite-server'), command: SHOW_TIMELINE, arguments: [URI, 4] } },
  ];
}

/** The timeline of `Host *` (60 s, 5) as plain text, from the formulas: probes at I..N*I, dead at (N+1)*I. */
const TIMELINE_TEXT = [
  `Host *: ${summary(60, 5, 'any host')}`,
  '  computed for any host',
  '             1 min  probe 1 of 5 (keepalive@openssh.com) sent: no reply yet',
  '             2 min  probe 2 of 5 (keepalive@openssh.com) sent: no reply yet',
  '             3 min  probe 3 of 5 (keepalive@openssh.com) sent: no reply yet',
  '             4 min  probe 4 of 5 (keepalive@openssh.com) sent: no reply yet',
  '             5 min  probe 5 of 5 (keepalive@openssh.com) sent: no reply yet',
  '             6 min  check 6 finds 5 probes unanswered: ssh exits 255 ("Timeout, server HOST not responding.")',
  '  values:',
  '    ServerAliveInterval = 60  (line 2 (ServerAliveInterval 60))',
  '    ServerAliveCountMax = 5  (line 3 (ServerAliveCountMax 5))',
  '    TCPKeepAlive = yes  (default (yes))',
  '    net.ipv4.tcp_keepalive_time = 7200  (setting `keepaliveLens.kernel.tcpKeepaliveTime` (7200 s))',
  '    net.ipv4.tcp_keepalive_intvl = 75  (setting `keepaliveLens.kernel.tcpKeepaliveIntvl` (75 s))',
  '    net.ipv4.tcp_keepalive_probes = 9  (setting `keepaliveLens.kernel.tcpKeepaliveProbes` (9))',
  '    ConnectTimeout = none  (default (none))',
  '    ConnectionAttempts = 1  (default (1))',
  '  - The manual\'s "about ServerAliveInterval × ServerAliveCountMax" (5 min) is one interval short: ssh exits at the check after the last unanswered probe.',
  '  - TCP keepalive is on too, but the kernel gives up only after 2 h 11 min 15 s (7200 s + 9 × 75 s).',
  '  - Before the session is up (key exchange, authentication) ssh gives up after 5 min of silence (60 × 5).',
  "  - No ConnectTimeout: connecting to an unreachable address is bounded by the kernel's SYN retries, 2 min 11 s per address (tcp_syn_retries 6, tcp_syn_linear_timeouts 4: 131 s).",
].join('\n');

const TIMELINE_MARKDOWN_BODY = [
  `**${summary(60, 5, 'any host')}**`,
  '',
  'Computed for any host.',
  '',
  '| after the last data from the peer | what happens |',
  '|---|---|',
  '| 1 min | probe 1 of 5 (`keepalive@openssh.com`) sent: no reply yet |',
  '| 2 min | probe 2 of 5 (`keepalive@openssh.com`) sent: no reply yet |',
  '| 3 min | probe 3 of 5 (`keepalive@openssh.com`) sent: no reply yet |',
  '| 4 min | probe 4 of 5 (`keepalive@openssh.com`) sent: no reply yet |',
  '| 5 min | probe 5 of 5 (`keepalive@openssh.com`) sent: no reply yet |',
  '| 6 min | check 6 finds 5 probes unanswered: ssh exits 255 ("Timeout, server HOST not responding.") |',
  '',
  '| value | from |',
  '|---|---|',
  '| ServerAliveInterval = `60` | line 2 (ServerAliveInterval 60) |',
  '| ServerAliveCountMax = `5` | line 3 (ServerAliveCountMax 5) |',
  '| TCPKeepAlive = `yes` | default (yes) |',
  '| net.ipv4.tcp_keepalive_time = `7200` | setting `keepaliveLens.kernel.tcpKeepaliveTime` (7200 s) |',
  '| net.ipv4.tcp_keepalive_intvl = `75` | setting `keepaliveLens.kernel.tcpKeepaliveIntvl` (75 s) |',
  '| net.ipv4.tcp_keepalive_probes = `9` | setting `keepaliveLens.kernel.tcpKeepaliveProbes` (9) |',
  '| ConnectTimeout = `none` | default (none) |',
  '| ConnectionAttempts = `1` | default (1) |',
  '',
  '- The manual\'s "about ServerAliveInterval × ServerAliveCountMax" (5 min) is one interval short: ssh exits at the check after the last unanswered probe.',
  '- TCP keepalive is on too, but the kernel gives up only after 2 h 11 min 15 s (7200 s + 9 × 75 s).',
  '- Before the session is up (key exchange, authentication) ssh gives up after 5 min of silence (60 × 5).',
  "- No ConnectTimeout: connecting to an unreachable address is bounded by the kernel's SYN retries, 2 min 11 s per address (tcp_syn_retries 6, tcp_syn_linear_timeouts 4: 131 s).",
].join('\n');

const SAI_TITLE = '**ServerAliveInterval** `time | none`';
const SAI_DOC_HEAD =
  '**ServerAliveInterval** `time | none`\n\nIdle time without data from the server after which ssh sends an encrypted keepalive request.\n\n';

function junkText(seed: number, length: number): string {
  const r = rng(seed);
  let s = '';
  for (let i = 0; i < length; i++) {
    const x = r();
    // Mostly bytes (NUL, CR, LF, controls, Latin-1), some arbitrary UTF-16 code units (lone surrogates too).
    s += String.fromCharCode(x < 0.8 ? Math.floor(r() * 256) : Math.floor(r() * 65536));
  }
  return s;
}

function randomConfig(seed: number, lines: number): string {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const keywords = [
    'Host',
    'Match',
    'ServerAliveInterval',
    'serveralivecountmax',
    'TCPKeepAlive',
    'KeepAlive',
    'ConnectTimeout',
    'ConnectionAttempts',
    'ControlPersist',
    'IgnoreUnknown',
    'User',
    'HostName',
    'ProxyJump',
    'ServerAliveIntervl',
    '"ServerAliveInterval"',
    'Include',
    '',
    '#',
  ];
  const values = [
    '0',
    '1',
    '60',
    '+5',
    '-1',
    '30s10',
    '1m30s',
    '1.5s',
    '2147483648',
    'none',
    'yes',
    'no',
    'all',
    '*',
    '!*',
    'a*,!b',
    'exec "true"',
    'host x user y',
    '""',
    '"unclosed',
    "'q'",
    '#c',
    '60#c',
    '=',
    '= 5',
    'é',
    '\t',
    'nonexistent-dir/*',
    '%h',
    '${HOME}',
  ];
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const indent = pick(['', '', '    ', '\t', ' = ']);
    const n = Math.floor(r() * 4);
    const words = [pick(keywords)];
    for (let k = 0; k < n; k++) words.push(pick(values));
    out.push(indent + words.join(pick([' ', '=', ' = ', '\t'])));
  }
  return out.join(pick(['\n', '\r\n']));
}

describe('keepalive-language-server over stdio', () => {
  let s: LspSession;

  before(async () => {
    await ensureBundle();
    s = await LspSession.start({ initializationOptions: INIT });
  });

  after(() => {
    s?.kill();
  });

  it('initialize: announces its capabilities', () => {
    assert.deepStrictEqual(s.initializeResult, {
      capabilities: {
        textDocumentSync: 2,
        hoverProvider: true,
        codeLensProvider: { resolveProvider: false },
        inlayHintProvider: { resolveProvider: false },
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        completionProvider: { triggerCharacters: [' ', '=', '['] },
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        executeCommandProvider: { commands: [SHOW_TIMELINE] },
      },
      serverInfo: { name: 'keepalive-language-server', version: '0.1.0' },
    });
  });

  it('didOpen: publishes exactly the two shadowed-by-earlier-host warnings', async () => {
    const published = await s.open(URI, ARTICLE);
    assert.deepStrictEqual(published, {
      uri: URI,
      version: 1,
      diagnostics: [shadowed(5, 'ServerAliveInterval', '60', 1), shadowed(6, 'ServerAliveCountMax', '5', 2)],
    });
  });

  it('hover on ServerAliveInterval of Host *: documentation, effective value, timeline', async () => {
    const { range: r, sections: parts } = await s.hoverSections(URI, { line: 1, character: 10 });
    // The range is the whole directive: keyword and value.
    assert.deepStrictEqual(r, span(1, 4, 26));
    assert.equal(parts.length, 3, 'keyword and effective value, documentation, timeline');
    // The effective value right under the keyword line: an editor's hover is a few lines high.
    assert.equal(parts[0], '**ServerAliveInterval** `time | none`\n\nEffective for any host: **60**, from line 2 (this line).');
    assert.ok(`${SAI_TITLE}\n\n${parts[1]}`.startsWith(SAI_DOC_HEAD), parts[1]);
    assert.ok(parts[1].includes('ssh gives up at (N + 1) × I after the last server data'), parts[1]);
    assert.ok(parts[1].endsWith('\n\nDefault: `0`'), parts[1]);
    assert.equal(parts[2], `### Host *\n\n${TIMELINE_MARKDOWN_BODY}`);
  });

  it('hover on the shadowed ServerAliveInterval of satellite-server says it never takes effect', async () => {
    const { range: r, sections: parts } = await s.hoverSections(URI, { line: 5, character: 4 });
    assert.deepStrictEqual(r, span(5, 4, 26));
    assert.equal(parts[0], `${SAI_TITLE}\n\nEffective for satellite-server: **60**, from line 2. This line never takes effect.`);
    assert.ok(`${SAI_TITLE}\n\n${parts[1]}`.startsWith(SAI_DOC_HEAD));
    assert.ok(parts[2].startsWith(`### Host satellite-server\n\n**${summary(60, 5, 'host satellite-server')}**\n\nComputed for satellite-server.`), parts[2]);
  });

  it('hover off the directive (blank line, past the value) is null', async () => {
    for (const position of [
      { line: 3, character: 0 },
      { line: 1, character: 27 },
      { line: 1, character: 2 },
    ]) {
      assert.equal(await s.conn.sendRequest(HoverRequest.type, { textDocument: { uri: URI }, position }), null, JSON.stringify(position));
    }
  });

  it('codeLens: one per Host block, detection after (N + 1) × I', async () => {
    const got = await s.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri: URI } });
    assert.deepStrictEqual(got, lenses(60, 5));
    assert.ok(got?.[0].command?.title.startsWith('dead server detected after 6 min (60 s × (5 + 1))'));
  });

  it('codeAction: the preferred fix moves Host * to the end, losing nothing', async () => {
    const diag = shadowed(5, 'ServerAliveInterval', '60', 1);
    const actions = await s.codeActions(URI, diag);
    assert.deepStrictEqual(actions, [
      {
        title: 'Move the general "Host *" block to the end of the file',
        kind: 'quickfix',
        diagnostics: [diag],
        isPreferred: true,
        edit: {
          changes: {
            [URI]: [
              { range: range(0, 0, 4, 0), newText: '' },
              { range: span(7, 0, 0), newText: '\nHost *\n    ServerAliveInterval 60\n    ServerAliveCountMax 5\n' },
            ],
          },
        },
      },
    ]);
    const result = applyAction(ARTICLE, URI, actions[0]);
    assert.equal(
      result,
      [
        'Host satellite-server',
        '    ServerAliveInterval 30',
        '    ServerAliveCountMax 10',
        '',
        'Host *',
        '    ServerAliveInterval 60',
        '    ServerAliveCountMax 5',
        '',
      ].join('\n'),
    );
    // Same lines, only reordered.
    assert.deepStrictEqual(result.split('\n').sort(), ARTICLE.split('\n').sort());
  });

  it('codeAction: nothing for diagnostics of another source', async () => {
    const foreign = { ...shadowed(5, 'ServerAliveInterval', '60', 1), source: 'someone-else' };
    const actions = await s.conn.sendRequest(CodeActionRequest.type, { textDocument: { uri: URI }, range: foreign.range, context: { diagnostics: [foreign] } });
    assert.deepStrictEqual(actions, []);
  });

  it('inlayHint over the whole document', async () => {
    const hints = await s.conn.sendRequest(InlayHintRequest.type, { textDocument: { uri: URI }, range: range(0, 0, 7, 0) });
    assert.deepStrictEqual(hints, [
      // 60 is shown as a duration; 30 s is already readable and gets none.
      { position: { line: 1, character: 26 }, label: '= 1 min', paddingLeft: true },
      // The pair's outcome goes after the count; the dead lines of satellite-server get none.
      { position: { line: 2, character: 25 }, label: '→ dead server detected after 6 min', paddingLeft: true, tooltip: '60 s × (5 + 1)' },
    ]);
  });

  it('inlayHint for a range that covers only satellite-server is empty', async () => {
    assert.deepStrictEqual(await s.conn.sendRequest(InlayHintRequest.type, { textDocument: { uri: URI }, range: range(4, 0, 7, 0) }), []);
  });

  it('executeCommand keepaliveLens.showTimeline returns markdown and text, and shows the text (window/showMessage)', async () => {
    const before = s.showMessages.length;
    const got = await s.conn.sendRequest(ExecuteCommandRequest.type, { command: SHOW_TIMELINE, arguments: [URI, 0] });
    assert.deepStrictEqual(got, { markdown: `### Host *\n\n${TIMELINE_MARKDOWN_BODY}`, text: TIMELINE_TEXT });
    // No timelineView in initializationOptions: the server shows the text itself. It uses
    // connection.window.showInformationMessage, which is a window/showMessageRequest (no actions),
    // not a window/showMessage notification.
    await s.waitForMessage(() => s.showMessages.length > before, 'window/showMessage after showTimeline');
    // A notification: the server needs no answer, so clients without window/showMessageRequest are fine.
    assert.deepStrictEqual(s.showMessages.slice(before), [{ type: 3, message: TIMELINE_TEXT }]);
  });

  it('executeCommand: unknown command, bad arguments and lines outside any scope give null', async () => {
    const before = s.showMessages.length;
    for (const [command, args] of [
      ['keepaliveLens.nope', [URI, 0]],
      [SHOW_TIMELINE, []],
      [SHOW_TIMELINE, [URI]],
      [SHOW_TIMELINE, [URI, '0']],
      [SHOW_TIMELINE, ['file:///not/open', 0]],
      [SHOW_TIMELINE, [URI, -1]],
    ] as const) {
      assert.equal(await s.conn.sendRequest(ExecuteCommandRequest.type, { command, arguments: [...args] }), null, `${command} ${JSON.stringify(args)}`);
    }
    assert.equal(s.showMessages.length, before, 'no message for a null result');
  });

  it('didChange (incremental, 60 -> 20): diagnostics re-published for version 2, codeLens updated', async () => {
    const republished = s.nextDiagnostics(URI, (p) => p.version === 2);
    await s.conn.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: URI, version: 2 },
      contentChanges: [{ range: span(1, 24, 26), text: '20' }],
    });
    assert.deepStrictEqual(await republished, {
      uri: URI,
      version: 2,
      diagnostics: [shadowed(5, 'ServerAliveInterval', '20', 1), shadowed(6, 'ServerAliveCountMax', '5', 2)],
    });
    const got = await s.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri: URI } });
    assert.deepStrictEqual(got, lenses(20, 5));
    assert.ok(got?.[0].command?.title.startsWith('dead server detected after 2 min (20 s × (5 + 1))'));
    // 20 s reads fine as it is: the only hint left is the outcome.
    assert.deepStrictEqual(await s.conn.sendRequest(InlayHintRequest.type, { textDocument: { uri: URI }, range: range(0, 0, 7, 0) }), [
      { position: { line: 2, character: 25 }, label: '→ dead server detected after 2 min', paddingLeft: true, tooltip: '20 s × (5 + 1)' },
    ]);
  });

  it('completion: keywords at the start of an empty line, counts after ServerAliveCountMax', async () => {
    const uri = 'file:///home/test/.ssh/config.d/completion';
    await s.open(uri, 'Host a\n\n    ServerAliveCountMax \n');
    const keywords = (await s.conn.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 1, character: 0 } })) as CompletionList;
    assert.equal(keywords.isIncomplete, false);
    const sai = keywords.items.find((i) => i.label === 'ServerAliveInterval');
    assert.ok(sai, 'ServerAliveInterval is offered');
    const doc = (sai.documentation as MarkupContent).value;
    assert.deepStrictEqual(sai, {
      label: 'ServerAliveInterval',
      kind: 14,
      detail: 'time | none',
      documentation: { kind: 'markdown', value: doc },
      insertText: 'ServerAliveInterval ',
      sortText: '0serveraliveinterval',
    });
    assert.ok(doc.startsWith(SAI_DOC_HEAD), doc);
    assert.ok(doc.endsWith('\n\nDefault: `0`'), doc);
    // Hover and completion render the same documentation (the hover with the effective value under the keyword line).
    const [head, body] = (await s.hoverSections(URI, { line: 1, character: 4 })).sections;
    assert.equal(`${head.split('\n\n')[0]}\n\n${body}`, doc);
    const labels = keywords.items.map((i: CompletionItem) => i.label);
    assert.equal(new Set(labels).size, labels.length, 'no duplicate keyword');
    assert.ok(labels.includes('Host') && labels.includes('Match') && labels.includes('ServerAliveCountMax'));

    const counts = await s.conn.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 2, character: 24 } });
    assert.deepStrictEqual(counts, {
      isIncomplete: false,
      items: [
        { label: '1', kind: 12 },
        { label: '2', kind: 12 },
        { label: '3', kind: 12, detail: 'the default' },
        { label: '5', kind: 12 },
        { label: '0', kind: 12, detail: 'exit at the first check, even when the server is fine' },
      ],
    });
  });

  it('documentSymbol and foldingRange for a small file', async () => {
    const uri = 'file:///home/test/.ssh/config.d/symbols';
    const text = [
      '# Keepalive settings', //          0
      '# for all hosts', //               1
      'User alice', //                    2
      '', //                              3
      'Host web-* !web-test', //          4
      '    ServerAliveInterval 30', //    5
      '    # a lone comment', //          6
      '    ServerAliveCountMax 2', //     7
      '', //                              8
      'Match host db', //                 9
      '    TCPKeepAlive no', //           10
      '', //                              11
    ].join('\n');
    await s.open(uri, text);
    assert.deepStrictEqual(await s.conn.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } }), [
      { name: 'User', detail: 'alice', kind: 7, range: span(2, 0, 10), selectionRange: span(2, 0, 4) },
      {
        name: 'Host web-* !web-test',
        kind: 3,
        range: range(4, 0, 7, 25),
        selectionRange: span(4, 0, 4),
        children: [
          { name: 'ServerAliveInterval', detail: '30', kind: 7, range: span(5, 0, 26), selectionRange: span(5, 4, 23) },
          { name: 'ServerAliveCountMax', detail: '2', kind: 7, range: span(7, 0, 25), selectionRange: span(7, 4, 23) },
        ],
      },
      {
        name: 'Match host db',
        kind: 5,
        range: range(9, 0, 10, 19),
        selectionRange: span(9, 0, 5),
        children: [{ name: 'TCPKeepAlive', detail: 'no', kind: 7, range: span(10, 0, 19), selectionRange: span(10, 4, 16) }],
      },
    ]);
    assert.deepStrictEqual(await s.conn.sendRequest(FoldingRangeRequest.type, { textDocument: { uri } }), [
      { startLine: 4, endLine: 7, kind: 'region' },
      { startLine: 9, endLine: 10, kind: 'region' },
      { startLine: 0, endLine: 1, kind: 'comment' },
    ]);
  });

  it('a document in another language (plaintext) gets no diagnostics and no features', async () => {
    const uri = 'file:///home/test/notes.txt';
    const sentinel = 'file:///home/test/.ssh/config.d/sentinel';
    await s.open(sentinel, 'Host s\n    ServerAliveInterval 30\n');
    const before = s.diagnostics.length;
    await s.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'plaintext', version: 1, text: ARTICLE } });
    // Anything the server publishes for the plaintext document (at once or debounced) comes
    // before the debounced publication for this later change of the sentinel.
    const later = s.nextDiagnostics(sentinel, (p) => p.version === 2);
    await s.conn.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: sentinel, version: 2 },
      contentChanges: [{ range: span(1, 24, 26), text: '20' }],
    });
    await later;
    assert.deepStrictEqual(
      s.diagnostics.slice(before).filter((p) => p.uri === uri),
      [],
      'no publishDiagnostics for the plaintext document',
    );
    const doc = { textDocument: { uri } };
    assert.deepStrictEqual(await s.conn.sendRequest(CodeLensRequest.type, doc), []);
    assert.equal(await s.conn.sendRequest(HoverRequest.type, { ...doc, position: { line: 1, character: 6 } }), null);
    assert.deepStrictEqual(await s.conn.sendRequest(InlayHintRequest.type, { ...doc, range: range(0, 0, 7, 0) }), []);
    assert.deepStrictEqual(await s.conn.sendRequest(DocumentSymbolRequest.type, doc), []);
    assert.deepStrictEqual(await s.conn.sendRequest(FoldingRangeRequest.type, doc), []);
    assert.equal(await s.conn.sendRequest(CompletionRequest.type, { ...doc, position: { line: 3, character: 0 } }), null);
    assert.equal(await s.conn.sendRequest(ExecuteCommandRequest.type, { command: SHOW_TIMELINE, arguments: [uri, 0] }), null);
  });

  it('robustness: binary junk, 5,000 random lines and positions outside the document', async () => {
    const junkUri = 'file:///home/test/.ssh/config.d/junk';
    const bigUri = 'file:///home/test/.ssh/config.d/random';
    const junk = junkText(1, 64 * 1024);
    const big = randomConfig(2, 5000);
    assert.equal(big.split(/\r?\n/).length, 5000);
    const junkDiags = await s.open(junkUri, junk);
    assert.ok(Array.isArray(junkDiags.diagnostics));
    const bigDiags = await s.open(bigUri, big);
    assert.ok(bigDiags.diagnostics.length > 0, 'the random lines have findings');

    const outside = [
      { line: 5000, character: 0 },
      { line: 10_000_000, character: 3 },
      { line: 0, character: 10_000_000 },
      { line: 4999, character: 2 ** 31 - 1 },
    ];
    for (const uri of [junkUri, bigUri, URI]) {
      for (const position of outside) {
        const h = await s.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
        assert.equal(h, null, `hover at ${JSON.stringify(position)} in ${uri}`);
      }
      // Every other feature answers on the junk too.
      assert.ok(Array.isArray(await s.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri } })));
      assert.ok(Array.isArray(await s.conn.sendRequest(InlayHintRequest.type, { textDocument: { uri }, range: range(0, 0, 10_000_000, 0) })));
      assert.ok(Array.isArray(await s.conn.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })));
      assert.ok(Array.isArray(await s.conn.sendRequest(FoldingRangeRequest.type, { textDocument: { uri } })));
      assert.ok(await s.conn.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 10_000_000, character: 10_000_000 } }));
    }
    // Hover on every line of the random file, at a few columns.
    const lines = big.split(/\r?\n/);
    for (let line = 0; line < lines.length; line += 7) {
      for (const character of [0, 4, lines[line].length]) {
        await s.conn.sendRequest(HoverRequest.type, { textDocument: { uri: bigUri }, position: { line, character } });
      }
    }
    assert.ok(s.alive, `the server is still running (stderr: ${s.stderr})`);
    // And still answers correctly.
    const h = await s.conn.sendRequest(HoverRequest.type, { textDocument: { uri: URI }, position: { line: 1, character: 4 } });
    assert.deepStrictEqual(h?.range, span(1, 4, 26));
  });

  it('no request failed inside the server (nothing logged as an error)', () => {
    assert.deepStrictEqual(s.errorLogs(), []);
    assert.equal(s.stderr, '');
  });

  it('shutdown + exit: the process exits with code 0', async () => {
    assert.deepStrictEqual(await s.shutdown(), { code: 0, signal: null });
  });
});

describe('clients without window/showMessageRequest', () => {
  it('showTimeline with a client that does not implement window/showMessageRequest does not kill the server', async () => {
    await ensureBundle();
    const s = await LspSession.start({ initializationOptions: INIT, answerShowMessageRequest: false });
    try {
      await s.open(URI, ARTICLE);
      await s.conn.sendRequest(ExecuteCommandRequest.type, { command: SHOW_TIMELINE, arguments: [URI, 0] });
      // A request sent after the command is answered only if the server survived the reply to its showMessageRequest.
      const died = s.exited.then((st) => {
        throw new Error(`the server exited (code ${st.code}) after answering showTimeline:\n${s.stderr}`);
      });
      died.catch(() => undefined);
      const hover = s.conn.sendRequest(HoverRequest.type, { textDocument: { uri: URI }, position: { line: 1, character: 4 } });
      const h = await withTimeout(Promise.race([hover, died]), 'hover after showTimeline');
      assert.deepStrictEqual(h?.range, span(1, 4, 26));
      assert.ok(s.alive, `server died: ${s.stderr}`);
      assert.deepStrictEqual(await s.shutdown(), { code: 0, signal: null });
    } finally {
      s.kill();
    }
  });
});

describe('edits refresh the open documents that read the edited one', () => {
  let s: LspSession;
  let dir: string;

  before(async () => {
    await ensureBundle();
    dir = tempTree({});
    fs.mkdirSync(path.join(dir, 'sshd_config.d'));
    s = await LspSession.start({ initializationOptions: INIT });
  });

  after(() => {
    s?.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const file = (rel: string, text: string) => {
    fs.writeFileSync(path.join(dir, rel), text, { mode: 0o644 });
    return uriOf(dir, rel);
  };
  const lensTitles = async (uri: string) => ((await s.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) ?? []).map((l) => l.command?.title);
  /** Edits `uri` (whole text) and waits until `reader` is published again. */
  const editAndWait = async (uri: string, version: number, text: string, reader: string) => {
    const republished = s.nextDiagnostics(reader);
    await s.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
    await republished;
  };

  it('sshd_config: an edit of an open drop-in (unsaved) changes the lens of the open file that includes it', async () => {
    const dropIn = file('sshd_config.d/keepalive.conf', 'ClientAliveInterval 60\n');
    const main = file('sshd_config', `Include ${dir}/sshd_config.d/*.conf\n`);
    await s.open(main, fs.readFileSync(path.join(dir, 'sshd_config'), 'utf8'), 'sshd_config');
    await s.open(dropIn, 'ClientAliveInterval 60\n', 'sshd_config');
    // OpenSSH 9.2 checks every two intervals: 2 × I × (3 + 1).
    const title = (after: string, i: number) =>
      `dead client dropped after ${after} (2 × ${i} s × (3 + 1)) · probes every ${2 * i === 120 ? '2 min' : `${2 * i} s`} (OpenSSH 9.2 checks every 2 × ${i} s), gives up after 3 unanswered · for connections no Match block applies to`;
    assert.deepStrictEqual(await lensTitles(main), [title('8 min', 60)]);
    await editAndWait(dropIn, 2, 'ClientAliveInterval 10\n', main);
    assert.deepStrictEqual(await lensTitles(main), [title('1 min 20 s', 10)]);
  });

  it('ssh_config: an edit of an open included file changes the lens of the file that includes it', async () => {
    const included = file('extra.conf', 'ServerAliveInterval 60\n');
    const main = file('main.ssh_config', `Include ${dir}/extra.conf\n`);
    await s.open(main, `Include ${dir}/extra.conf\n`);
    await s.open(included, 'ServerAliveInterval 60\n');
    assert.deepStrictEqual(await lensTitles(main), [summary(60, 3, 'every host')]);
    await editAndWait(included, 2, 'ServerAliveInterval 20\n', main);
    assert.deepStrictEqual(await lensTitles(main), [summary(20, 3, 'every host')]);
  });

  it('no request failed inside the server', () => {
    assert.deepStrictEqual(s.errorLogs(), []);
  });
});
