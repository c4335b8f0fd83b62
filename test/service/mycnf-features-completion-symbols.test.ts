/**
 * Option-file completion (groups after [, options per group, nothing where a program would stop) and document symbols
 * and folding ranges, each result compared whole (fixtures: test/service/mycnfFeaturesHelpers.ts).
 *
 *   node --import tsx --test test/service/mycnf-features-completion-symbols.test.ts
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CompletionItem, MarkupContent } from 'vscode-languageserver-types';
import { lines, range } from '../fixtures';
import { mycnfDoc, mycnfService } from '../mycnfFixtures';
import { plain } from '../sysctlFixtures';
import { FILE } from './mycnfFeaturesHelpers';

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
