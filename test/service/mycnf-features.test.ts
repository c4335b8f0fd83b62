/**
 * Option-file features at the service boundary: CodeLens, hover, inlay hints, completion, document symbols, folding
 * ranges and the timeline command, each result compared whole; then property tests over every request.
 *
 *   node --import tsx --test test/service/mycnf-features.test.ts
 *   PROPERTY_RUNS=5000 node --import tsx --test test/service/mycnf-features.test.ts   (a longer hunt)
 *
 * Durations: the server's dead-client detection is tcp_keepalive_time + interval × probes, each 0 (or above what the
 * kernel takes) replaced by the kernel value (7200 / 75 / 9); a client's connect bound is its connect_timeout when
 * that is shorter than the kernel's SYN retries (6 retries with 4 linear timeouts: 5 × 1 + 2 + 4 + ... + 64 = 131 s).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeLens, CompletionItem, Diagnostic, MarkupContent, Position, Range } from 'vscode-languageserver-types';
import { createNodeEnvironment } from '../../server/src/node/environment';
import { type LanguageService, SHOW_TIMELINE } from '../../server/src/service';
import { commentStart, type MycnfLine, tokenizeMycnf } from '../../server/src/service/syntax/mycnf';
import { splitLines } from '../../server/src/service/syntax/text';
import { anyTextOf, mutated } from '../arbitraries';
import { lines, range, rangeInside } from '../fixtures';
import { applyAction, fileUri, MYCNF_URI, mycnfDoc, mycnfService, tempTree } from '../mycnfFixtures';
import { plain } from '../sysctlFixtures';

const ROOT = path.resolve(__dirname, '..', '..');
const SERVER_EXAMPLE = fs.readFileSync(path.join(ROOT, 'examples/server.my.cnf'), 'utf8');

/** A server block, a [client] block that breaks programs, a [mysql] block, a group we do not model, a typo group. */
const FILE = lines(
  '# A server for pooled connections', //       0
  '[mysqld]', //                                1
  'wait_timeout = 3600', //                     2  name 0..12, value 15..19
  'tcp_keepalive_time = 300', //                3  name 0..18, value 21..24
  'tcp_keepalive_interval = 30', //             4  name 0..22, value 25..27
  'tcp_keepalive_probes = 5', //                5  name 0..20, value 23..24
  '', //                                        6
  '[client]', //                                7
  'connect_timeout = 10', //                    8  name 0..15
  'read_timeout = 300', //                      9  name 0..12
  '', //                                        10
  '[mysql]', //                                 11
  'connect_timeout = 10', //                    12 name 0..15, value 18..20
  '', //                                        13
  '[mysqld_safe]', //                           14
  'log-error = /var/log/mysql/error.log', //    15 name 0..9, value 12..36
  '', //                                        16
  '[mysqd]', //                                 17
  'port = 3306', //                             18
);

/** 300 + 30 × 5 = 450 s. */
const SERVER_450 = 'idle sessions closed after 1 h · dead clients found after 7 min 30 s (MariaDB keepalive)';
const NOT_MODELLED = 'not read by the MariaDB or MySQL programs Keepalive Lens models';

function lens(line: number, end: number, title: string, uri = MYCNF_URI): CodeLens {
  return { range: range(line, 0, end), command: { title, command: SHOW_TIMELINE, arguments: [uri, line] } };
}

function hoverParts(s: LanguageService, doc: TextDocument, line: number, character: number): { range: Range | undefined; parts: string[] } | null {
  const h = s.hover(doc, { line, character });
  if (!h) return null;
  return { range: h.range, parts: (h.contents as MarkupContent).value.split('\n\n---\n\n') };
}

describe('CodeLens: one per group, its timeline summary', () => {
  test('examples/server.my.cnf', () => {
    assert.deepStrictEqual(mycnfService().codeLens(mycnfDoc(SERVER_EXAMPLE)), [
      // 300 + 30 × 5 = 450 s, before wait_timeout 3600 s.
      lens(1, 8, `[mysqld] ${SERVER_450}`),
      lens(12, 7, '[mysql] mariadb: connect gives up after 10 s'),
      // mariadb-dump has no connect_timeout: the kernel's SYN retries, 131 s.
      lens(15, 11, '[mysqldump] mariadb-dump: connect gives up after 2 min 11 s (kernel SYN retries)'),
    ]);
  });

  test('a [client] block that breaks programs, a [mysql] block, groups nobody we model reads', () => {
    assert.deepStrictEqual(mycnfService().codeLens(mycnfDoc(FILE)), [
      lens(1, 8, `[mysqld] ${SERVER_450}`),
      lens(7, 8, '[client] mariadb and 6 more refuse to start (read_timeout, connect_timeout)'),
      // mariadb reads [client] too: read_timeout there stops it.
      lens(11, 7, '[mysql] mariadb refuses to start (read_timeout)'),
      lens(14, 13, `[mysqld_safe] ${NOT_MODELLED}`),
      lens(17, 7, `[mysqd] ${NOT_MODELLED}`),
    ]);
  });

  test('[client] that only some programs refuse: who refuses, and the connect bound of the others', () => {
    assert.deepStrictEqual(mycnfService().codeLens(mycnfDoc(lines('[client]', 'connect_timeout=10', ''))), [
      lens(0, 8, '[client] mariadb-dump and 4 more refuse to start (connect_timeout) · mariadb: connect gives up after 10 s'),
    ]);
  });

  test('server defaults: wait_timeout 8 h, kernel keepalive 7200 + 75 × 9 = 7875 s; a short wait_timeout finds dead clients first', () => {
    const s = mycnfService();
    assert.deepStrictEqual(s.codeLens(mycnfDoc(lines('[mysqld]', 'port = 3306', ''))), [
      lens(0, 8, '[mysqld] idle sessions closed after 8 h · dead clients found after 2 h 11 min 15 s (kernel keepalive)'),
    ]);
    assert.deepStrictEqual(s.codeLens(mycnfDoc(lines('[mariadb]', 'wait_timeout = 600', ''))), [
      lens(0, 9, '[mariadb] idle sessions closed after 10 min · dead clients found after 10 min (wait_timeout)'),
    ]);
  });

  test('a value the kernel refuses leaves the kernel value in force', () => {
    // tcp_keepalive_time 40000 is refused: 7200 + 30 × 5 = 7350 s.
    assert.deepStrictEqual(
      mycnfService().codeLens(mycnfDoc(lines('[mysqld]', 'tcp_keepalive_time = 40000', 'tcp_keepalive_interval = 30', 'tcp_keepalive_probes = 5', ''))),
      [lens(0, 8, '[mysqld] idle sessions closed after 8 h · dead clients found after 2 h 2 min 30 s (MariaDB keepalive)')],
    );
  });

  test('a file no program can read: every lens says so', () => {
    assert.deepStrictEqual(mycnfService().codeLens(mycnfDoc(lines('[mysqld]', '!include', '[client]', ''))), [
      lens(0, 8, "[mysqld] no program starts: Wrong '!include' directive in config file: /etc/mysql/my.cnf at line 2"),
      lens(2, 8, "[client] no program starts: Wrong '!include' directive in config file: /etc/mysql/my.cnf at line 2"),
    ]);
  });

  test('a [mysqld] line the server refuses: the lens says the server does not start', () => {
    const title = mycnfService().codeLens(mycnfDoc(lines('[mysqld]', 'wait_timout = 600', '')))[0].command?.title ?? '';
    assert.match(title, /refuses to start|does not start/);
  });
});

describe('hover', () => {
  const s = mycnfService();
  const doc = mycnfDoc(FILE);

  test('a [mysqld] header: who reads it, and the whole timeline (examples/server.my.cnf)', () => {
    assert.deepStrictEqual(hoverParts(s, mycnfDoc(SERVER_EXAMPLE), 1, 3), {
      range: range(1, 0, 8),
      parts: [
        '**[mysqld]** is read by\n\n- MariaDB 10.11: mariadbd\n- MySQL 9.7: mysqld',
        [
          `**${SERVER_450}**`,
          '',
          'Computed for mariadbd (MariaDB 10.11) reading this file.',
          '',
          '| after the last data from the peer | what happens |',
          '|---|---|',
          '| 5 min | first TCP keepalive probe to a silent client (tcp_keepalive_time) |',
          '| 7 min 30 s | a client that answered none of 5 probes 30 s apart is declared dead: the server closes its connection |',
          '| 1 h | an idle session is closed (wait_timeout), alive or not |',
          '| 8 h | an idle interactive session (mariadb or mysql on a terminal; not with -e or piped input) is closed (interactive_timeout) |',
          '',
          '| value | from |',
          '|---|---|',
          '| wait_timeout = `3600` | line 3 (wait_timeout = 3600) |',
          '| interactive_timeout = `28800` | line 4 (interactive_timeout = 28800) |',
          '| net_read_timeout = `60` | line 5 (net_read_timeout = 60) |',
          '| net_write_timeout = `120` | line 6 (net_write_timeout = 120) |',
          '| tcp_keepalive_time = `300` | line 8 (tcp_keepalive_time = 300) |',
          '| tcp_keepalive_interval = `30` | line 9 (tcp_keepalive_interval = 30) |',
          '| tcp_keepalive_probes = `5` | line 10 (tcp_keepalive_probes = 5) |',
          '',
          '- An interactive client (the command-line client on a terminal) idles under interactive_timeout, not wait_timeout: a dead one is found after 7 min 30 s (MariaDB keepalive).',
          '- A client that stops sending in the middle of a statement is cut off after net_read_timeout (1 min); one that stops reading a result, after net_write_timeout (2 min).',
          '- Both servers turn on SO_KEEPALIVE for every client connection, so the keepalive values above apply to every idle client socket.',
          '- MySQL has no tcp_keepalive_* variables (its mysqld refuses them): a MySQL server reading this group would use the kernel values.',
        ].join('\n'),
      ],
    });
  });

  test('wait_timeout: docs, what mariadbd takes, the timeline with the kernel filling in what is 0', () => {
    const h = hoverParts(s, doc, 2, 4);
    assert.ok(h);
    assert.deepStrictEqual(h.range, range(2, 0, 12));
    assert.equal(h.parts.length, 3);
    assert.ok(h.parts[0].startsWith('**wait_timeout** `seconds, 1..31536000`\n\nSeconds the server lets a non-interactive connection sit idle'), h.parts[0]);
    assert.ok(h.parts[0].endsWith('Default: `28800`'), h.parts[0]);
    assert.equal(h.parts[1], '| MariaDB 10.11 program reading [mysqld] | takes it as |\n|---|---|\n| mariadbd | wait_timeout = 3600 |');
    assert.ok(h.parts[2].startsWith(`### [mysqld]\n\n**${SERVER_450}**`), h.parts[2]);
    assert.ok(
      h.parts[2].includes(
        '| tcp_keepalive_time = `300` | line 4 (tcp_keepalive_time = 300) |\n| tcp_keepalive_interval = `30` | line 5 (tcp_keepalive_interval = 30) |\n| tcp_keepalive_probes = `5` | line 6 (tcp_keepalive_probes = 5) |',
      ),
      h.parts[2],
    );
    // On the value: the same hover, for the value's range.
    assert.deepStrictEqual(hoverParts(s, doc, 2, 17), { ...h, range: range(2, 15, 19) });
  });

  test('connect_timeout in [client]: which programs take it and which refuse, in their own words', () => {
    const h = hoverParts(s, doc, 8, 3);
    assert.ok(h);
    assert.deepStrictEqual(h.range, range(8, 0, 15));
    assert.ok(h.parts[0].startsWith('**connect_timeout** `seconds, 0..43200`\n\nSeconds a client program tries to connect before it gives up.'), h.parts[0]);
    assert.equal(
      h.parts[1],
      [
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
    assert.ok(h.parts[2].startsWith('### [client]\n\n**mariadb and 6 more refuse to start (read_timeout, connect_timeout)**'), h.parts[2]);
  });

  test('read_timeout in [client]: every client program refuses it', () => {
    const h = hoverParts(s, doc, 9, 0);
    assert.ok(h);
    assert.deepStrictEqual(h.range, range(9, 0, 12));
    assert.ok(h.parts[0].startsWith('**read_timeout** `seconds, 0..31536000`\n\nNot an option of any client program'), h.parts[0]);
    assert.equal(
      h.parts[1],
      [
        '| MariaDB 10.11 program reading [client] | takes it as |',
        '|---|---|',
        ...['mariadb', 'mariadb-dump', 'mariadb-admin', 'mariadb-check', 'mariadb-import', 'mariadb-show', 'mariadb-slap'].map(
          (p) => `| ${p} | refuses to start: \`${p}: unknown variable 'read_timeout=300'\` |`,
        ),
      ].join('\n'),
    );
  });

  test('connect_timeout in [mysql]: mariadb takes it; the timeline of the command-line client', () => {
    const h = hoverParts(s, mycnfDoc(SERVER_EXAMPLE), 13, 2);
    assert.deepStrictEqual(h?.parts.slice(1), [
      '| MariaDB 10.11 program reading [mysql] | takes it as |\n|---|---|\n| mariadb | connect_timeout = 10 |',
      [
        '### [mysql]',
        '',
        '**mariadb: connect gives up after 10 s**',
        '',
        'Computed for mariadb.',
        '',
        '| after the last data from the peer | what happens |',
        '|---|---|',
        '| 10 s | mariadb gives up connecting to an unreachable server (connect_timeout) |',
        '',
        '| value | from |',
        '|---|---|',
        '| mariadb connect_timeout = `10` | line 14 (connect_timeout = 10) |',
        '| net.ipv4.tcp_syn_retries = `6` | setting `keepaliveLens.kernel.tcpSynRetries` (SYN retries before connect() fails) |',
        '| net.ipv4.tcp_syn_linear_timeouts = `4` | setting `keepaliveLens.kernel.tcpSynLinearTimeouts` (SYN retries at a fixed 1 s before the backoff) |',
        '',
        "- connect_timeout also bounds each read and write of the handshake (MariaDB's client library, measured): with 0, mariadb's default, a server that accepts the connection but never sends its greeting holds the client indefinitely.",
        "- For a host name with several addresses only the first attempt is bounded by connect_timeout; each further address waits for the kernel's SYN retries (MariaDB's client library, measured).",
        '- The client programs have no read or write timeout of their own: a server that dies in the middle of a query is found by the kernel (the retransmission timeout while a request is unacknowledged; TCP keepalive, which the client library turns on, while the client waits for an answer).',
      ].join('\n'),
    ]);
  });

  test('a group only programs we do not model read ([mysqld_safe]), and a line in it', () => {
    const header = hoverParts(s, doc, 14, 3);
    assert.deepStrictEqual(header?.range, range(14, 0, 13));
    assert.equal(header?.parts[0], 'No MariaDB or MySQL program Keepalive Lens models reads [mysqld_safe].');
    assert.ok(header?.parts[1].startsWith(`**${NOT_MODELLED}**\n\nComputed for no modelled program.`), header?.parts[1]);
    const option = hoverParts(s, doc, 15, 2);
    assert.deepStrictEqual(option?.range, range(15, 0, 9));
    assert.equal(option?.parts.length, 2);
    assert.ok(option?.parts[0].startsWith('**log_error** `text`'), option?.parts[0]);
    assert.equal(option?.parts[1], 'No program Keepalive Lens models reads [mysqld_safe].');
  });

  test('a group header nobody we model reads: no empty table of values', () => {
    const header = hoverParts(s, doc, 14, 3);
    assert.ok(!header?.parts[1].includes('| value | from |'), header?.parts[1]);
  });

  test('a quoted value: what the program gets', () => {
    const h = hoverParts(s, mycnfDoc(lines('[client]', 'password = "a\\"b # c"', '')), 1, 14);
    assert.deepStrictEqual(h?.range, range(1, 11, 21));
    assert.ok(
      h?.parts.some((p) => p.startsWith('The program gets `a\\"b # c` (quotes and escapes removed).')),
      JSON.stringify(h?.parts),
    );
  });

  test('!include: without an environment, what it does; with one, the files it reads', () => {
    assert.deepStrictEqual(hoverParts(s, mycnfDoc(lines('[mysqld]', '!includedir /etc/mysql/conf.d/', '')), 1, 3), {
      range: range(1, 0, 30),
      parts: ["`!includedir` reads the directory's *.cnf files, in byte order here, in place (to depth 10)."],
    });
    const root = tempTree({ 'conf.d/b.cnf': '[mysqld]\n', 'conf.d/a.cnf': '[mysqld]\n', 'conf.d/c.txt': '' });
    try {
      const withEnv = mycnfService({}, createNodeEnvironment());
      assert.deepStrictEqual(hoverParts(withEnv, mycnfDoc(lines('[mysqld]', `!includedir ${root}/conf.d`, ''), fileUri(`${root}/my.cnf`)), 1, 3), {
        range: range(1, 0, 19 + root.length),
        parts: [`Reads, in this order:\n\n- ${root}/conf.d/a.cnf\n- ${root}/conf.d/b.cnf`],
      });
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test('nothing on comments, blank lines, the = sign, or past a value', () => {
    for (const [line, character] of [
      [0, 3],
      [6, 0],
      [2, 13],
      [12, 17],
    ])
      assert.equal(s.hover(doc, { line, character }), null, `${line}:${character}`);
  });
});

describe('inlay hints: durations after the seconds values the programs read', () => {
  const s = mycnfService();
  const all = (d: TextDocument) => s.inlayHints(d, { start: { line: 0, character: 0 }, end: { line: d.lineCount, character: 0 } });
  const hint = (line: number, character: number, label: string, tooltip?: string) => ({ position: { line, character }, label, paddingLeft: true, tooltip });

  test('the representative file: the server values and [mysql] connect_timeout; nothing on refused lines', () => {
    assert.deepStrictEqual(all(mycnfDoc(FILE)), [hint(2, 19, '1 h'), hint(3, 24, '5 min'), hint(4, 27, '30 s'), hint(12, 20, '10 s')]);
  });

  test('examples/server.my.cnf, and a range that covers part of it', () => {
    const d = mycnfDoc(SERVER_EXAMPLE);
    assert.deepStrictEqual(all(d), [
      hint(2, 19, '1 h'),
      hint(3, 27, '8 h'),
      hint(4, 21, '1 min'),
      hint(5, 23, '2 min'),
      hint(7, 24, '5 min'),
      hint(8, 27, '30 s'),
      hint(13, 20, '10 s'),
    ]);
    assert.deepStrictEqual(s.inlayHints(d, { start: { line: 4, character: 0 }, end: { line: 7, character: 0 } }), [
      hint(4, 21, '1 min'),
      hint(5, 23, '2 min'),
      hint(7, 24, '5 min'),
    ]);
  });

  test('a clamped value shows what the program uses, with its warning; 0 keepalive is the kernel value', () => {
    assert.deepStrictEqual(all(mycnfDoc(lines('[mysqld]', 'wait_timeout = 0', 'tcp_keepalive_time = 0', '[mysql]', 'connect_timeout = 50000', ''))), [
      hint(1, 16, '→ 1 s', "option 'wait_timeout': unsigned value 0 adjusted to 1"),
      hint(2, 22, 'kernel value'),
      hint(4, 23, '→ 12 h', "option 'connect_timeout': unsigned value 50000 adjusted to 43200"),
    ]);
  });
});

describe('completion', () => {
  const s = mycnfService();
  const labels = (items: CompletionItem[], sortPrefix: string) => items.filter((i) => i.sortText?.startsWith(sortPrefix)).map((i) => i.label);

  test('after [: the groups, the common ones first, each replacing up to and including ]', () => {
    const d = mycnfDoc(lines('[mysqld]', 'port = 3306', '[my]', ''));
    const list = s.completion(d, { line: 2, character: 3 });
    assert.equal(list.isIncomplete, false);
    assert.deepStrictEqual(labels(list.items, '0').sort(), ['client', 'mariadb', 'mysql', 'mysqld', 'mysqldump']);
    const mysqld = list.items.find((i) => i.label === 'mysqld');
    assert.deepStrictEqual(plain(mysqld), {
      label: 'mysqld',
      kind: 9,
      detail: 'read by mariadbd, mysqld',
      sortText: '0mysqld',
      textEdit: { range: range(2, 1, 4), newText: 'mysqld]' },
    });
    // Groups only programs we do not model read come last, and say so.
    assert.deepStrictEqual(plain(list.items.find((i) => i.label === 'mysqld_safe')), {
      label: 'mysqld_safe',
      kind: 9,
      detail: 'not modelled',
      sortText: '2mysqld_safe',
      textEdit: { range: range(2, 1, 4), newText: 'mysqld_safe]' },
    });
    // A bare [ at the end of the file: the range is empty.
    const bare = s.completion(mycnfDoc('['), { line: 0, character: 1 });
    assert.deepStrictEqual(bare.items.find((i) => i.label === 'client')?.textEdit, { range: range(0, 1, 1), newText: 'client]' });
  });

  test('at the start of a line in [mysqld]: the timeout family first, with docs; the name typed so far is replaced', () => {
    const d = mycnfDoc(lines('[mysqld]', '', 'wait', ''));
    const list = s.completion(d, { line: 1, character: 0 });
    assert.deepStrictEqual(labels(list.items, '0'), [
      'connect_timeout',
      'interactive_timeout',
      'max_allowed_packet',
      'net_read_timeout',
      'net_write_timeout',
      'tcp_keepalive_interval',
      'tcp_keepalive_probes',
      'tcp_keepalive_time',
      'wait_timeout',
    ]);
    const wait = list.items.find((i) => i.label === 'wait_timeout');
    assert.deepStrictEqual(
      { ...wait, documentation: undefined },
      {
        label: 'wait_timeout',
        kind: 10,
        detail: 'seconds, 1..31536000',
        documentation: undefined,
        sortText: '0wait_timeout',
        textEdit: { range: range(1, 0, 0), newText: 'wait_timeout = ' },
      },
    );
    assert.ok((wait?.documentation as MarkupContent).value.startsWith('**wait_timeout** `seconds, 1..31536000`'));
    // Other server variables follow, their default as detail; a switch is inserted without `=`.
    assert.deepStrictEqual(plain(list.items.find((i) => i.label === 'skip_networking')), {
      label: 'skip_networking',
      kind: 10,
      detail: 'default OFF',
      sortText: '1skip_networking',
      textEdit: { range: range(1, 0, 0), newText: 'skip_networking' },
    });
    assert.deepStrictEqual(s.completion(d, { line: 2, character: 4 }).items.find((i) => i.label === 'wait_timeout')?.textEdit, {
      range: range(2, 0, 4),
      newText: 'wait_timeout = ',
    });
  });

  test('in [client]: only what every client program accepts (no connect_timeout, no read_timeout)', () => {
    const items = s.completion(mycnfDoc(lines('[client]', '', '')), { line: 1, character: 0 }).items.map((i) => i.label);
    assert.ok(items.includes('host') && items.includes('port') && items.includes('user'), items.join(' '));
    assert.ok(!items.includes('connect_timeout') && !items.includes('read_timeout') && !items.includes('wait_timeout'), items.join(' '));
    const mysql = s.completion(mycnfDoc(lines('[mysql]', '', '')), { line: 1, character: 0 }).items;
    assert.deepStrictEqual(labels(mysql, '0'), ['connect_timeout', 'max_allowed_packet']);
  });

  test('nothing before any group, in a group we do not model, after =, in comments and directives', () => {
    const d = mycnfDoc(lines('', '[mysqld_safe]', '', '[mysqld]', 'wait_timeout = ', '# wait', '!inc', ''));
    for (const p of [
      { line: 0, character: 0 },
      { line: 2, character: 0 },
      { line: 4, character: 15 },
      { line: 5, character: 6 },
      { line: 6, character: 4 },
    ])
      assert.deepStrictEqual(s.completion(d, p), { isIncomplete: false, items: [] }, JSON.stringify(p));
  });

  test('nothing proposed makes a program stop', () => {
    for (const g of ['client', 'mysql', 'mysqld', 'mysqldump']) {
      const items = s.completion(mycnfDoc(lines(`[${g}]`, '', '')), { line: 1, character: 0 }).items;
      const stopping = items.map((i) => i.label).filter((l) => ['help', 'version', 'debug', 'wsrep_recover'].includes(l));
      assert.deepStrictEqual(stopping, [], g);
    }
  });
});

describe('document symbols and folding', () => {
  const s = mycnfService();
  const TEXT = lines(
    '# a', //                              0
    '# b', //                              1
    'port=1', //                           2  before any group: a top-level symbol
    '[mysqld]', //                         3
    'wait_timeout = 3600 # one hour', //   4
    '', //                                 5
    '# note', //                           6
    '!include /etc/x.cnf', //              7
    '', //                                 8
    '[client]', //                         9  an empty group
    '', //                                 10
    '[mysql]', //                          11
    'connect_timeout=10', //               12
    '', //                                 13
  );
  const prop = (name: string, detail: string, line: number, end: number, nameEnd: number) => ({
    name,
    detail,
    kind: 7,
    range: range(line, 0, end),
    selectionRange: range(line, 0, nameEnd),
  });

  test('one symbol per group with its options and includes; a group runs to its last non-blank line', () => {
    assert.deepStrictEqual(s.documentSymbols(mycnfDoc(TEXT)), [
      prop('port', '1', 2, 6, 4),
      {
        name: '[mysqld]',
        kind: 3,
        range: { start: { line: 3, character: 0 }, end: { line: 7, character: 19 } },
        selectionRange: range(3, 0, 8),
        children: [
          prop('wait_timeout', '3600', 4, 30, 12),
          { name: '!include', detail: '/etc/x.cnf', kind: 1, range: range(7, 0, 19), selectionRange: range(7, 0, 8) },
        ],
      },
      { name: '[client]', kind: 3, range: range(9, 0, 8), selectionRange: range(9, 0, 8), children: [] },
      {
        name: '[mysql]',
        kind: 3,
        range: { start: { line: 11, character: 0 }, end: { line: 12, character: 18 } },
        selectionRange: range(11, 0, 7),
        children: [prop('connect_timeout', '10', 12, 18, 15)],
      },
    ]);
  });

  test('groups of more than one line fold, and runs of comment lines', () => {
    assert.deepStrictEqual(s.foldingRanges(mycnfDoc(TEXT)), [
      { startLine: 3, endLine: 7, kind: 'region' },
      { startLine: 11, endLine: 12, kind: 'region' },
      { startLine: 0, endLine: 1, kind: 'comment' },
    ]);
  });

  test('the representative file', () => {
    assert.deepStrictEqual(
      s.documentSymbols(mycnfDoc(FILE)).map((x) => [x.name, x.range.start.line, x.range.end.line, x.children?.map((c) => c.name)]),
      [
        ['[mysqld]', 1, 5, ['wait_timeout', 'tcp_keepalive_time', 'tcp_keepalive_interval', 'tcp_keepalive_probes']],
        ['[client]', 7, 9, ['connect_timeout', 'read_timeout']],
        ['[mysql]', 11, 12, ['connect_timeout']],
        ['[mysqld_safe]', 14, 15, ['log-error']],
        ['[mysqd]', 17, 18, ['port']],
      ],
    );
  });
});

describe('the timeline command', () => {
  test('the text of the group a line is in; nothing before the first group', () => {
    const s = mycnfService();
    const d = mycnfDoc(SERVER_EXAMPLE);
    assert.equal(s.timeline(d, 0, 'text'), undefined);
    assert.equal(s.timeline(d, 5, 'text'), s.timeline(d, 1, 'text'));
    assert.deepStrictEqual(s.timeline(d, 16, 'text')?.split('\n'), [
      '[mysqldump]: mariadb-dump: connect gives up after 2 min 11 s (kernel SYN retries)',
      '  computed for mariadb-dump',
      "        2 min 11 s  mariadb-dump gives up connecting to an unreachable server: the kernel's SYN retries run out",
      '  values:',
      '    net.ipv4.tcp_syn_retries = 6  (setting `keepaliveLens.kernel.tcpSynRetries` (SYN retries before connect() fails))',
      '    net.ipv4.tcp_syn_linear_timeouts = 4  (setting `keepaliveLens.kernel.tcpSynLinearTimeouts` (SYN retries at a fixed 1 s before the backoff))',
      "  - connect_timeout also bounds each read and write of the handshake (MariaDB's client library, measured): with 0, mariadb's default, a server that accepts the connection but never sends its greeting holds the client indefinitely.",
      "  - For a host name with several addresses only the first attempt is bounded by connect_timeout; each further address waits for the kernel's SYN retries (MariaDB's client library, measured).",
      '  - The client programs have no read or write timeout of their own: a server that dies in the middle of a query is found by the kernel (the retransmission timeout while a request is unacknowledged; TCP keepalive, which the client library turns on, while the client waits for an answer).',
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Properties

const RUNS = Number(process.env.PROPERTY_RUNS ?? 300);

/** Lines real option files have, and the mistakes people make in them. */
const REALISTIC_LINES = [
  '[mysqld]',
  '[client]',
  '[mysql]',
  '[mysqladmin]',
  '[mysqldump]',
  '[mariadb]',
  '[client-server]',
  '[mysqld_safe]',
  '[CLIENT]',
  '[ mysqld]',
  '[mysqd]',
  '[cleint]',
  '[mysqld',
  '[mysqld] extra # c',
  '[mysqld # main server',
  '[]',
  'wait_timeout = 3600',
  'wait_timeout=28800s',
  'wait_timeout=0',
  'wait_timeout=-5',
  'wait_timeout',
  'wait-timout = 600',
  'interactive_timeout = 600',
  'net_read_timeout=60',
  'net_write_timeout = 120 # two minutes',
  'tcp_keepalive_time = 300',
  'tcp_keepalive_time=40000',
  'tcp_keepalive_interval = 30',
  'tcp_keepalive_probes = 200',
  'connect_timeout=10',
  '  connect_timeout = 10   # ten seconds',
  'connect_timeout=50000',
  'read_timeout=300',
  'write_timeout = 300 # article',
  'loose-connect_timeout=10',
  'loose-conect_timeout=5',
  'conect_timeout=5',
  'connect_time=5',
  'co=5',
  'timeout=10',
  'help',
  'version',
  'debug',
  'skip-networking',
  'max_allowed_packet = 64M',
  'password=abc#123',
  'password="abc',
  "password='x # y'",
  'password = "a\\"b"',
  'user = app',
  'port = 3306',
  '=1',
  ' = ',
  '!include /etc/mysql/extra.cnf',
  '!includedir /etc/mysql/conf.d/',
  '!include',
  '!Include /etc/x.cnf',
  '!includex',
  '# comment',
  '; comment',
  '  # indented comment',
  '',
  '   ',
  '\uFEFF[mysqld]',
];

const realisticFile = fc
  .tuple(fc.array(fc.constantFrom(...REALISTIC_LINES), { maxLength: 20 }), fc.constantFrom('\n', '\r\n'), fc.boolean(), fc.boolean())
  .map(([ls, eol, bom, finalEol]) => {
    const text = ls.map((l, i) => (i > 0 ? l.replace(/^\uFEFF/, '') : l)).join(eol);
    return (bom && !text.startsWith('\uFEFF') ? '\uFEFF' : '') + text + (finalEol ? eol : '');
  });

const syntaxChar = fc.constantFrom(
  ' ',
  '\t',
  '\n',
  '\r',
  '\r\n',
  '\v',
  '[',
  ']',
  '=',
  '#',
  ';',
  '!',
  '"',
  "'",
  '\\',
  '-',
  '_',
  'include',
  'mysqld',
  'client',
  'wait_timeout',
  'connect_timeout',
  'loose-',
  '0',
  '5',
  'x',
  '\uFEFF',
  '\u00A0',
  '\u2028',
  'é',
  '😀',
);

const anyText = anyTextOf(realisticFile, syntaxChar);
const mutatedFile = mutated(realisticFile, syntaxChar);

function rangeOk(d: TextDocument, r: Range, what: string): void {
  assert.ok(rangeInside(d, r), `${what} ${JSON.stringify(r)} lies inside the document ${JSON.stringify(d.getText())}`);
}

function positionsFor(text: string, picks: number[]): Position[] {
  const ls = splitLines(text);
  const out: Position[] = [
    { line: 0, character: 0 },
    { line: ls.length - 1, character: ls[ls.length - 1].length },
  ];
  for (const n of picks) {
    const line = n % ls.length;
    out.push({ line, character: Math.floor(n / 7) % (ls[line].length + 1) });
  }
  return out;
}

/** Trims what the programs take for white space (ASCII only: JavaScript's trim would also drop U+00A0 or a BOM). */
const trimAscii = (l: string) => l.replace(/^[ \t\v\f]+|[ \t\v\f]+$/g, '');

/** The multiset of non-blank lines, trimmed. */
function nonBlank(text: string): string[] {
  return splitLines(text)
    .map(trimAscii)
    .filter((l) => l !== '');
}

/** Removes each of `xs` once from `from`; returns what is left, or the first element missing. */
function minus(from: readonly string[], xs: readonly string[]): { left: string[]; missing?: string } {
  const left = [...from];
  for (const x of xs) {
    const at = left.indexOf(x);
    if (at < 0) return { left, missing: x };
    left.splice(at, 1);
  }
  return { left };
}

const optionLines = (text: string): MycnfLine[] => tokenizeMycnf(text).lines.filter((l) => l.kind === 'option');

/**
 * What one quick fix may do to the text: every non-blank line except the flagged one stays as it was; unless the
 * fix deletes the flagged line, the line survives in some form (its option keeps its name or its value, its
 * comment text is still in the file) and no option line is lost.
 */
function checkFix(d: TextDocument, diag: Diagnostic, title: string, after: string): void {
  const text = d.getText();
  const flaggedLine = splitLines(text)[diag.range.start.line];
  const flagged = trimAscii(flaggedLine);
  const kept = minus(nonBlank(after), minus(nonBlank(text), flagged === '' ? [] : [flagged]).left);
  assert.equal(kept.missing, undefined, `"${title}" (${diag.code}) keeps the line ${JSON.stringify(kept.missing)}: ${JSON.stringify(after)}`);
  if (title === 'Remove the byte order mark') {
    assert.equal(after, text.slice(1));
    return;
  }
  if (title === 'Delete the line') {
    assert.deepStrictEqual(kept.left, [], `"${title}" only deletes: ${JSON.stringify(after)}`);
    return;
  }
  const line = tokenizeMycnf(text).lines[diag.range.start.line];
  assert.ok(optionLines(after).length >= optionLines(text).length, `"${title}" (${diag.code}) keeps every option line: ${JSON.stringify(after)}`);
  // A `#` comment on the line is still in the file (an unclosed group has no comment span of its own).
  const hash = line.kind === 'bad-group' ? commentStart(line.text) : (line.comment?.start ?? -1);
  if (hash >= 0) {
    const comment = trimAscii(line.text.slice(hash));
    assert.ok(after.includes(comment), `"${title}" (${diag.code}) keeps the comment ${JSON.stringify(comment)}: ${JSON.stringify(after)}`);
  }
  if (line.kind === 'option' && line.option) {
    const o = line.option;
    const added = optionLines(kept.left.join('\n'));
    assert.ok(
      // (As text: renaming `na"me=a#b` drops the quote that kept the # in the value; we let that pass.)
      added.some((a) => a.option?.name === o.name || a.option?.raw === o.raw) || kept.left.some((l) => o.raw !== undefined && l.includes(o.raw)),
      `"${title}" (${diag.code}) keeps the option's name or value: ${JSON.stringify(flaggedLine)} -> ${JSON.stringify(kept.left)}`,
    );
  }
  if ((line.kind === 'include' || line.kind === 'includedir') && line.include)
    assert.ok(after.includes(line.text.slice(line.include.pathSpan.start, line.include.pathSpan.end)), `"${title}" keeps the path`);
}

function exerciseService(text: string, picks: number[], pool: number, checkFixes: boolean): void {
  const s = mycnfService({ mysqlPoolIdleTime: pool });
  const d = mycnfDoc(text);
  const lineCount = d.lineCount;

  const diags = s.diagnostics(d);
  for (const x of diags) {
    rangeOk(d, x.range, `diagnostic ${x.code}`);
    for (const r of x.relatedInformation ?? []) if (r.location.uri === MYCNF_URI) rangeOk(d, r.location.range, `related information of ${x.code}`);
  }
  const analysis = s.analyzeMycnf(d);
  for (const sc of analysis.scopes) rangeOk(d, range(sc.span.line, sc.span.start, sc.span.end), `scope ${sc.label}`);
  for (const l of s.codeLens(d)) rangeOk(d, l.range, 'code lens');
  for (const h of s.inlayHints(d, { start: { line: 0, character: 0 }, end: { line: lineCount, character: 0 } }))
    rangeOk(d, { start: h.position, end: h.position }, `inlay hint "${h.label}"`);

  for (const x of diags) {
    for (const a of s.codeActions(d, x.range, [x])) {
      for (const e of a.edit?.changes?.[MYCNF_URI] ?? []) rangeOk(d, e.range, `edit of "${a.title}"`);
      const after = applyAction(d, a);
      if (checkFixes) checkFix(d, x, a.title, after);
    }
  }

  const editRange = (i: CompletionItem) => (i.textEdit && 'range' in i.textEdit ? i.textEdit.range : undefined);
  for (const p of positionsFor(text, picks)) {
    const h = s.hover(d, p);
    if (h?.range) rangeOk(d, h.range, 'hover');
    for (const i of s.completion(d, p).items.slice(0, 30)) {
      const r = editRange(i);
      if (r) rangeOk(d, r, `completion edit of ${i.label}`);
    }
  }
  for (const sym of s.documentSymbols(d)) {
    rangeOk(d, sym.range, `symbol ${sym.name}`);
    rangeOk(d, sym.selectionRange, `selection of symbol ${sym.name}`);
    for (const c of sym.children ?? []) rangeOk(d, c.range, `symbol ${c.name}`);
  }
  for (const f of s.foldingRanges(d)) assert.ok(f.startLine >= 0 && f.startLine < f.endLine && f.endLine < lineCount, `folding range ${JSON.stringify(f)}`);
  for (let line = 0; line < Math.min(lineCount, 10); line++) {
    const t = s.timeline(d, line, line % 2 ? 'text' : 'markdown');
    assert.ok(t === undefined || typeof t === 'string');
  }
}

describe('properties of the whole service', () => {
  const picks = fc.array(fc.nat({ max: 10_000 }), { minLength: 1, maxLength: 8 });
  const pool = fc.constantFrom(1800, 300, 60);

  test('realistic files: nothing throws, every range lies inside the document, every fix keeps what the user wrote', () => {
    fc.assert(
      fc.property(realisticFile, picks, pool, (t, p, n) => exerciseService(t, p, n, true)),
      { numRuns: RUNS },
    );
  });

  test('mutated files (CRLF, BOM, lone CR, unicode junk): the same', () => {
    fc.assert(
      fc.property(mutatedFile, picks, pool, (t, p, n) => exerciseService(t, p, n, true)),
      { numRuns: RUNS },
    );
  });

  test('arbitrary text: nothing throws, every range lies inside the document, every fix applies', () => {
    fc.assert(
      fc.property(anyText, picks, pool, (t, p, n) => exerciseService(t, p, n, false)),
      { numRuns: RUNS },
    );
  });

  test('a CRLF file gets the same diagnostics, lenses and hints as its LF twin', () => {
    fc.assert(
      fc.property(realisticFile, (text) => {
        const lf = text.replace(/\r\n/g, '\n');
        const crlf = lf.replace(/\n/g, '\r\n');
        const s = mycnfService();
        const view = (t: string) => {
          const d = mycnfDoc(t);
          return {
            diagnostics: s.diagnostics(d).map((x) => [x.code, x.range, x.message, (x.data as { fixes: Array<{ title: string }> }).fixes.map((f) => f.title)]),
            lenses: s.codeLens(d),
            hints: s.inlayHints(d, { start: { line: 0, character: 0 }, end: { line: d.lineCount, character: 0 } }),
          };
        };
        assert.deepStrictEqual(view(crlf), view(lf));
      }),
      { numRuns: RUNS },
    );
  });

  test('a quick fix keeps CRLF line breaks', () => {
    fc.assert(
      fc.property(realisticFile, (text) => {
        const crlf = text.replace(/\r\n/g, '\n').replace(/\n/g, '\r\n');
        if (!crlf.includes('\r\n')) return;
        const s = mycnfService();
        const d = mycnfDoc(crlf);
        for (const x of s.diagnostics(d))
          for (const a of s.codeActions(d, x.range, [x])) {
            const after = applyAction(d, a);
            assert.ok(!/(^|[^\r])\n/.test(after), `"${a.title}" keeps CRLF line breaks: ${JSON.stringify(after)}`);
          }
      }),
      { numRuns: RUNS },
    );
  });
});
