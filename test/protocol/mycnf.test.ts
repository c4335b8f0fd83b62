/**
 * The bundled language server over stdio with MySQL/MariaDB option files (languageId `mycnf`).
 *
 *   npm run build && node --import tsx --test test/protocol/mycnf.test.ts
 *
 * Every document lives under a fresh temporary root, so `!include` reads that tree and never this machine's
 * /etc/mysql. The client does not claim workspace.configuration: the server keeps its defaults (connection pool
 * idle time 1800 s, the kernel's keepalive and SYN defaults). Each wait is for a notification, with a timeout.
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

/** test/fixtures/article-as-pasted.my.cnf: the keepalive article's [client] advice. */
const ARTICLE = fs.readFileSync(path.join(ROOT, 'test/fixtures/article-as-pasted.my.cnf'), 'utf8');
const SERVER = fs.readFileSync(path.join(ROOT, 'examples/server.my.cnf'), 'utf8');
const CLIENTS = 'mariadb, mariadb-dump, mariadb-admin, mariadb-check, mariadb-import, mariadb-show and mariadb-slap';
const MOVE_CONNECT = 'Move to [mysql] and [mysqladmin] (the programs that have it)';
const LOOSE = 'Prefix with loose- (programs without the option only warn)';

function diagnostic(code: string, r: ReturnType<typeof range>, message: string, fixes: unknown[], severity = 1): Diagnostic {
  return {
    range: r,
    severity: severity as Diagnostic['severity'],
    code,
    codeDescription: { href: `${README}#${code.replace('/', '-')}` },
    source: 'keepalive-lens',
    message,
    data: { fixes },
  };
}

const move = (title: string, from: number, at: number, text: string) => ({
  kind: 'edits',
  title,
  edits: [
    { from: { line: from, character: 0 }, to: { line: from + 1, character: 0 }, text: '' },
    { from: { line: at, character: 0 }, to: { line: at, character: 0 }, text },
  ],
  preferred: true,
});

const REJECTED = diagnostic(
  'mycnf/rejected-option',
  span(2, 0, 15),
  "mariadb-dump, mariadb-check, mariadb-import, mariadb-show and mariadb-slap have no option connect_timeout and refuse to start (`mariadb-dump: unknown variable 'connect_timeout=10'`, exit 7); only mariadb and mariadb-admin take it from [client].",
  [
    move(MOVE_CONNECT, 2, 5, '\n[mysql]\nconnect_timeout=10\n\n[mysqladmin]\nconnect_timeout=10\n'),
    { kind: 'replace', title: LOOSE, span: { line: 2, start: 0, end: 0 }, text: 'loose-', preferred: false },
  ],
);
const READ = diagnostic(
  'mycnf/unknown-option',
  span(3, 0, 12),
  `No program reading [client] has an option read_timeout: ${CLIENTS} refuse to start (\`mariadb: unknown variable 'read_timeout=300'\`). No client program has a read timeout; the server's net_read_timeout in [mysqld] is the setting that exists.`,
  [move('Replace with net_read_timeout in [mysqld] (the server-side timeout)', 3, 5, '\n[mysqld]\nnet_read_timeout=300\n')],
);
const WRITE = diagnostic(
  'mycnf/unknown-option',
  span(4, 0, 13),
  `No program reading [client] has an option write_timeout: ${CLIENTS} refuse to start (\`mariadb: unknown variable 'write_timeout=300'\`). No client program has a write timeout; the server's net_write_timeout in [mysqld] is the setting that exists.`,
  [move('Replace with net_write_timeout in [mysqld] (the server-side timeout)', 4, 5, '\n[mysqld]\nnet_write_timeout=300\n')],
);

describe('keepalive-language-server over stdio: option files', () => {
  let s: LspSession;
  const roots: string[] = [];

  before(async () => {
    await ensureBundle();
    s = await LspSession.start();
  });

  after(() => {
    s?.kill();
    for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
  });

  describe('the article pasted into /etc/mysql/conf.d', () => {
    let uri: string;

    before(() => {
      const root = tempTree({});
      roots.push(root);
      uri = uriOf(root, 'etc/mysql/conf.d/keepalive.cnf');
    });

    it('didOpen: exactly the three errors, with the programs’ own words and the move fixes', async () => {
      assert.deepStrictEqual(await s.open(uri, ARTICLE, 'mycnf'), { uri, version: 1, diagnostics: [REJECTED, READ, WRITE] });
    });

    it('codeLens: the [client] group and who refuses to start', async () => {
      assert.deepStrictEqual(await s.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri } }), [
        {
          range: span(1, 0, 8),
          command: {
            title: '[client] mariadb and 6 more refuse to start (read_timeout, write_timeout, connect_timeout)',
            command: SHOW_TIMELINE,
            arguments: [uri, 1],
          },
        },
      ]);
    });

    it('hover on connect_timeout: the docs and which program takes it or refuses it', async () => {
      const { range: r, sections: parts } = await s.hoverSections(uri, { line: 2, character: 4 });
      assert.deepStrictEqual(r, span(2, 0, 15));
      assert.equal(parts.length, 3);
      // The keyword line and what each program makes of it first, the documentation below.
      assert.ok(parts[1].startsWith('Seconds a client program tries to connect before it gives up.'), parts[1]);
      assert.equal(
        parts[0],
        [
          '**connect_timeout** `seconds, 0..43200`',
          '',
          '| MariaDB 10.11 program reading [client] | takes it as |',
          '|---|---|',
          '| mariadb | connect_timeout = 10 |',
          "| mariadb-dump | refuses to start: `mariadb-dump: unknown variable 'connect_timeout=10'` |",
          '| mariadb-admin | connect_timeout = 10 |',
          "| mariadb-check | refuses to start: `mariadb-check: unknown variable 'connect_timeout=10'` |",
          "| mariadb-import | refuses to start: `mariadb-import: unknown variable 'connect_timeout=10'` |",
          "| mariadb-show | refuses to start: `mariadb-show: unknown variable 'connect_timeout=10'` |",
          "| mariadb-slap | refuses to start: `mariadb-slap: unknown variable 'connect_timeout=10'` |",
        ].join('\n'),
      );
      assert.ok(parts[2].startsWith('### [client]\n\n**mariadb and 6 more refuse to start (read_timeout, write_timeout, connect_timeout)**'), parts[2]);
    });

    it('inlayHint: none (no program takes a seconds value from this file)', async () => {
      assert.deepStrictEqual(await s.conn.sendRequest(InlayHintRequest.type, { textDocument: { uri }, range: range(0, 0, 5, 0) }), []);
    });

    it('codeAction: the move into [mysql] and [mysqladmin] (preferred) and loose-; the move applied keeps everything', async () => {
      const actions = await s.codeActions(uri, REJECTED);
      assert.deepStrictEqual(actions, [
        {
          title: MOVE_CONNECT,
          kind: 'quickfix',
          diagnostics: [REJECTED],
          isPreferred: true,
          edit: {
            changes: {
              [uri]: [
                { range: range(2, 0, 3, 0), newText: '' },
                { range: span(5, 0, 0), newText: '\n[mysql]\nconnect_timeout=10\n\n[mysqladmin]\nconnect_timeout=10\n' },
              ],
            },
          },
        },
        {
          title: LOOSE,
          kind: 'quickfix',
          diagnostics: [REJECTED],
          isPreferred: false,
          edit: { changes: { [uri]: [{ range: span(2, 0, 0), newText: 'loose-' }] } },
        },
      ]);
      assert.equal(
        applyAction(ARTICLE, uri, actions[0]),
        [
          "# The keepalive article's my.cnf advice",
          '[client]',
          'read_timeout=300',
          'write_timeout=300',
          '',
          '[mysql]',
          'connect_timeout=10',
          '',
          '[mysqladmin]',
          'connect_timeout=10',
          '',
        ].join('\n'),
      );
    });

    it('applying the move (didChange): connect_timeout is no longer reported, the lens follows', async () => {
      const republished = s.nextDiagnostics(uri, (p) => p.version === 2);
      await s.conn.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version: 2 },
        contentChanges: [
          { range: span(5, 0, 0), text: '\n[mysql]\nconnect_timeout=10\n\n[mysqladmin]\nconnect_timeout=10\n' },
          { range: range(2, 0, 3, 0), text: '' },
        ],
      });
      const p = await republished;
      assert.deepStrictEqual(
        p.diagnostics.map((d) => [d.code, d.range.start.line]),
        [
          ['mycnf/unknown-option', 2],
          ['mycnf/unknown-option', 3],
        ],
      );
      const lenses = await s.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
      assert.deepStrictEqual(
        lenses?.map((l) => l.command?.title),
        [
          '[client] mariadb and 6 more refuse to start (read_timeout, write_timeout)',
          '[mysql] mariadb refuses to start (read_timeout, write_timeout)',
          '[mysqladmin] mariadb-admin refuses to start (read_timeout, write_timeout)',
        ],
      );
    });
  });

  describe('a server file: lenses, hints, completion, symbols', () => {
    let uri: string;

    before(() => {
      const root = tempTree({});
      roots.push(root);
      uri = uriOf(root, 'etc/mysql/my.cnf');
    });

    it('didOpen: examples/server.my.cnf is clean', async () => {
      assert.deepStrictEqual(await s.open(uri, SERVER, 'mycnf'), { uri, version: 1, diagnostics: [] });
    });

    it('codeLens: one per group', async () => {
      const lens = (line: number, end: number, title: string) => ({
        range: span(line, 0, end),
        command: { title, command: SHOW_TIMELINE, arguments: [uri, line] },
      });
      assert.deepStrictEqual(await s.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri } }), [
        lens(1, 8, '[mysqld] idle sessions closed after 1 h · dead clients found after 7 min 30 s (MariaDB keepalive)'),
        lens(12, 7, '[mysql] mariadb: connect gives up after 10 s'),
        lens(15, 11, '[mysqldump] mariadb-dump: connect gives up after 2 min 11 s (kernel SYN retries)'),
      ]);
    });

    it('inlayHint: durations after the seconds values', async () => {
      const hint = (line: number, character: number, label: string) => ({ position: { line, character }, label, paddingLeft: true });
      assert.deepStrictEqual(await s.conn.sendRequest(InlayHintRequest.type, { textDocument: { uri }, range: range(0, 0, 17, 0) }), [
        hint(2, 19, '1 h'),
        hint(3, 27, '8 h'),
        hint(4, 21, '1 min'),
        hint(5, 23, '2 min'),
        hint(7, 24, '5 min'),
        hint(8, 27, '30 s'),
        hint(13, 20, '10 s'),
      ]);
    });

    it('hover on the [mysqld] header: who reads it and the timeline', async () => {
      const { sections: parts } = await s.hoverSections(uri, { line: 1, character: 2 });
      assert.equal(parts[0], '**[mysqld]** is read by\n\n- MariaDB 10.11: mariadbd\n- MySQL 9.7: mysqld');
      assert.ok(parts[1].startsWith('**idle sessions closed after 1 h · dead clients found after 7 min 30 s (MariaDB keepalive)**'), parts[1]);
    });

    it('documentSymbol and foldingRange: the groups with their options', async () => {
      const symbols = (await s.conn.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as Array<{
        name: string;
        range: unknown;
        children?: Array<{ name: string }>;
      }>;
      assert.deepStrictEqual(
        symbols.map((x) => [x.name, x.range, x.children?.map((c) => c.name)]),
        [
          [
            '[mysqld]',
            range(1, 0, 10, 24),
            [
              'wait_timeout',
              'interactive_timeout',
              'net_read_timeout',
              'net_write_timeout',
              'tcp_keepalive_time',
              'tcp_keepalive_interval',
              'tcp_keepalive_probes',
              'max_allowed_packet',
            ],
          ],
          ['[mysql]', range(12, 0, 13, 20), ['connect_timeout']],
          ['[mysqldump]', range(15, 0, 16, 23), ['max_allowed_packet']],
        ],
      );
      assert.deepStrictEqual(await s.conn.sendRequest(FoldingRangeRequest.type, { textDocument: { uri } }), [
        { startLine: 1, endLine: 10, kind: 'region' },
        { startLine: 12, endLine: 13, kind: 'region' },
        { startLine: 15, endLine: 16, kind: 'region' },
      ]);
    });
  });

  describe('completion', () => {
    let uri: string;
    const TEXT = ['[mysqld]', '', 'wait', '[', ''].join('\n');

    before(async () => {
      const root = tempTree({});
      roots.push(root);
      uri = uriOf(root, 'etc/mysql/conf.d/typing.cnf');
      await s.open(uri, TEXT, 'mycnf');
    });

    it('after [: the group names, the common ones first, each replacing through the ]', async () => {
      const list = (await s.conn.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 3, character: 1 } })) as CompletionList;
      assert.equal(list.isIncomplete, false);
      assert.deepStrictEqual(
        list.items
          .filter((i) => i.sortText?.startsWith('0'))
          .map((i) => i.label)
          .sort(),
        ['client', 'mariadb', 'mysql', 'mysqld', 'mysqldump'],
      );
      assert.deepStrictEqual(
        list.items.find((i) => i.label === 'mysqld'),
        { label: 'mysqld', kind: 9, detail: 'read by mariadbd, mysqld', sortText: '0mysqld', textEdit: { range: span(3, 1, 1), newText: 'mysqld]' } },
      );
    });

    it('at a line start in [mysqld]: the timeout family first, with markdown docs', async () => {
      const list = (await s.conn.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 1, character: 0 } })) as CompletionList;
      assert.deepStrictEqual(
        list.items.filter((i) => i.sortText?.startsWith('0')).map((i) => i.label),
        [
          'connect_timeout',
          'interactive_timeout',
          'max_allowed_packet',
          'net_read_timeout',
          'net_write_timeout',
          'tcp_keepalive_interval',
          'tcp_keepalive_probes',
          'tcp_keepalive_time',
          'wait_timeout',
        ],
      );
      const wait = list.items.find((i) => i.label === 'wait_timeout');
      assert.deepStrictEqual(
        { ...wait, documentation: undefined },
        {
          label: 'wait_timeout',
          kind: 10,
          detail: 'seconds, 1..31536000',
          documentation: undefined,
          sortText: '0wait_timeout',
          textEdit: { range: span(1, 0, 0), newText: 'wait_timeout = ' },
        },
      );
      assert.equal((wait?.documentation as MarkupContent).kind, 'markdown');
      assert.ok((wait?.documentation as MarkupContent).value.startsWith('**wait_timeout** `seconds, 1..31536000`'));
    });

    it('a name typed so far is replaced', async () => {
      const list = (await s.conn.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 2, character: 4 } })) as CompletionList;
      assert.deepStrictEqual(list.items.find((i) => i.label === 'wait_timeout')?.textEdit, { range: span(2, 0, 4), newText: 'wait_timeout = ' });
    });
  });

  describe('includes: read from disk, or from an open editor', () => {
    let root: string;
    let main: string;
    let extra: string;
    const mainText = (r: string) => ['[mysqld]', 'wait_timeout = 3600', `!include ${r}/extra.cnf`, `!include ${r}/missing.cnf`, ''].join('\n');

    before(() => {
      root = tempTree({ 'extra.cnf': '[mysqld]\ntcp_keepalive_time = 300\n' });
      roots.push(root);
      main = uriOf(root, 'my.cnf');
      extra = uriOf(root, 'extra.cnf');
    });

    it('a missing include is reported; the one on disk counts for the lens', async () => {
      const text = mainText(root);
      assert.deepStrictEqual(await s.open(main, text, 'mycnf'), {
        uri: main,
        version: 1,
        diagnostics: [
          diagnostic(
            'mycnf/include-not-read',
            span(3, 9, 9 + root.length + 12),
            `${root}/missing.cnf does not exist: the programs skip the line without a word.`,
            [],
            2,
          ),
        ],
      });
      const lenses = await s.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri: main } });
      // tcp_keepalive_time 300 from extra.cnf, the kernel's 75 × 9: 300 + 675 = 975 s.
      assert.equal(lenses?.[0].command?.title, '[mysqld] idle sessions closed after 1 h · dead clients found after 16 min 15 s (MariaDB keepalive)');
    });

    it('opening the included file with an option before any group (unsaved): the including file is republished with the warning', async () => {
      const republished = s.nextDiagnostics(main, (p) => p.diagnostics.some((d) => d.code === 'mycnf/included-file-error'));
      const broken = 'tcp_keepalive_time = 300\n';
      const own = await s.open(extra, broken, 'mycnf');
      assert.deepStrictEqual(
        own.diagnostics.map((d) => d.code),
        ['mycnf/option-before-group'],
      );
      const error = `error: Found option without preceding group in config file: ${root}/extra.cnf at line: 1`;
      const p = await republished;
      assert.deepStrictEqual(
        p.diagnostics.find((d) => d.code === 'mycnf/included-file-error'),
        {
          ...diagnostic(
            'mycnf/included-file-error',
            span(2, 0, 19 + root.length),
            `The programs print \`${error}\` and stop reading extra.cnf there: the rest of that file is ignored (they go on with this one).`,
            [],
            2,
          ),
          relatedInformation: [{ location: { uri: extra, range: span(0, 0, 24) }, message: error }],
        },
      );
    });

    it('no request failed on the server', () => {
      assert.deepStrictEqual(s.errorLogs(), []);
      assert.ok(s.alive);
    });
  });
});
