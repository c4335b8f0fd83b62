/**
 * Option-file hovers (groups, options, values, !include) and inlay hints (durations after the seconds values the
 * programs read), each result compared whole (fixtures: test/service/mycnfFeaturesHelpers.ts).
 *
 *   node --import tsx --test test/service/mycnf-features-hover.test.ts
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { describe, test } from 'node:test';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { MarkupContent, Range } from 'vscode-languageserver-types';
import { createNodeEnvironment } from '../../server/src/node/environment';
import type { LanguageService } from '../../server/src/service';
import { lines, range } from '../fixtures';
import { fileUri, mycnfDoc, mycnfService, tempTree } from '../mycnfFixtures';
import { FILE, NOT_MODELLED, SERVER_450, SERVER_EXAMPLE } from './mycnfFeaturesHelpers';

/**
 * The hover split into its parts. On an option that is the option's line, what the programs make of it (the two
 * share the first section, so the table shows without scrolling), the documentation, the timeline.
 */
function hoverParts(s: LanguageService, doc: TextDocument, line: number, character: number): { range: Range | undefined; parts: string[] } | null {
  const h = s.hover(doc, { line, character });
  if (!h) return null;
  const sections = (h.contents as MarkupContent).value.split('\n\n---\n\n');
  const head = /^(\*\*[^*\n]+\*\* `[^`\n]*`)\n\n([\s\S]*)$/.exec(sections[0]);
  if (!head || sections.length < 2 || sections[1].startsWith('### ')) return { range: h.range, parts: sections };
  return { range: h.range, parts: [head[1], head[2], ...sections.slice(1)] };
}

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
    assert.equal(h.parts.length, 4);
    assert.equal(h.parts[0], '**wait_timeout** `seconds, 1..31536000`');
    assert.equal(h.parts[1], '| MariaDB 10.11 program reading [mysqld] | takes it as |\n|---|---|\n| mariadbd | wait_timeout = 3600 |');
    assert.ok(h.parts[2].startsWith('Seconds the server lets a non-interactive connection sit idle'), h.parts[2]);
    assert.ok(h.parts[2].endsWith('Default: `28800`'), h.parts[2]);
    assert.ok(h.parts[3].startsWith(`### [mysqld]\n\n**${SERVER_450}**`), h.parts[3]);
    assert.ok(
      h.parts[3].includes(
        '| tcp_keepalive_time = `300` | line 4 (tcp_keepalive_time = 300) |\n| tcp_keepalive_interval = `30` | line 5 (tcp_keepalive_interval = 30) |\n| tcp_keepalive_probes = `5` | line 6 (tcp_keepalive_probes = 5) |',
      ),
      h.parts[3],
    );
    // On the value: the same hover, for the value's range.
    assert.deepStrictEqual(hoverParts(s, doc, 2, 17), { ...h, range: range(2, 15, 19) });
  });

  test('connect_timeout in [client]: which programs take it and which refuse, in their own words', () => {
    const h = hoverParts(s, doc, 8, 3);
    assert.ok(h);
    assert.deepStrictEqual(h.range, range(8, 0, 15));
    assert.equal(h.parts[0], '**connect_timeout** `seconds, 0..43200`');
    assert.ok(h.parts[2].startsWith('Seconds a client program tries to connect before it gives up.'), h.parts[2]);
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
    assert.ok(h.parts[3].startsWith('### [client]\n\n**mariadb and 6 more refuse to start (read_timeout, connect_timeout)**'), h.parts[3]);
  });

  test('read_timeout in [client]: every client program refuses it', () => {
    const h = hoverParts(s, doc, 9, 0);
    assert.ok(h);
    assert.deepStrictEqual(h.range, range(9, 0, 12));
    assert.equal(h.parts[0], '**read_timeout** `seconds, 0..31536000`');
    assert.ok(h.parts[2].startsWith('Not an option of any client program'), h.parts[2]);
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
    assert.deepStrictEqual(
      [h?.parts[1], h?.parts[3]],
      [
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
      ],
    );
  });

  test('a group only programs we do not model read ([mysqld_safe]), and a line in it', () => {
    const header = hoverParts(s, doc, 14, 3);
    assert.deepStrictEqual(header?.range, range(14, 0, 13));
    assert.equal(header?.parts[0], 'No MariaDB or MySQL program Keepalive Lens models reads [mysqld_safe].');
    assert.ok(header?.parts[1].startsWith(`**${NOT_MODELLED}**\n\nComputed for no modelled program.`), header?.parts[1]);
    const option = hoverParts(s, doc, 15, 2);
    assert.deepStrictEqual(option?.range, range(15, 0, 9));
    assert.equal(option?.parts.length, 3);
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
