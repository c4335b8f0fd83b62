/**
 * Document symbols (the outline) and folding ranges.
 *
 *   node --import tsx --test test/service/symbols.test.ts
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type DocumentSymbol, FoldingRangeKind, SymbolKind } from 'vscode-languageserver-types';
import { doc, lines, range, service } from '../fixtures';

const TEXT = lines(
  '# global', //            0
  'User bob', //            1
  '', //                    2
  'Host web db', //         3
  '  Port 2222', //       4
  '  ServerAliveInterval 60', //   5
  '', //                    6
  '# comment a', //         7
  '# comment b', //         8
  'Match host x', //        9
  '\tKeepAlive=no', //      10
);

function prop(name: string, detail: string, line: number, text: string, kwStart: number, kwEnd: number): DocumentSymbol {
  return { name, detail, kind: SymbolKind.Property, range: range(line, 0, text.length), selectionRange: range(line, kwStart, kwEnd) };
}

describe('document symbols', () => {
  test('global lines at the top level, one symbol per block with its lines as children', () => {
    assert.deepStrictEqual(service().documentSymbols(doc(TEXT)), [
      prop('User', 'bob', 1, 'User bob', 0, 4),
      {
        name: 'Host web db',
        kind: SymbolKind.Namespace,
        range: { start: { line: 3, character: 0 }, end: { line: 5, character: 24 } },
        selectionRange: range(3, 0, 4),
        children: [prop('Port', '2222', 4, '  Port 2222', 2, 6), prop('ServerAliveInterval', '60', 5, '  ServerAliveInterval 60', 2, 21)],
      },
      {
        name: 'Match host x',
        kind: SymbolKind.Class,
        range: { start: { line: 9, character: 0 }, end: { line: 10, character: 13 } },
        selectionRange: range(9, 0, 5),
        children: [prop('KeepAlive', 'no', 10, '\tKeepAlive=no', 1, 10)],
      },
    ]);
  });

  test('keywords are named in their canonical spelling; unknown ones as written', () => {
    const names = service()
      .documentSymbols(doc(lines('serveraliveinterval 5', 'Frobnicate 1')))
      .map((s) => s.name);
    assert.deepStrictEqual(names, ['ServerAliveInterval', 'Frobnicate']);
  });

  test('a header alone', () => {
    assert.deepStrictEqual(service().documentSymbols(doc('Host a')), [
      { name: 'Host a', kind: SymbolKind.Namespace, range: range(0, 0, 6), selectionRange: range(0, 0, 4), children: [] },
    ]);
  });

  test('an empty document', () => {
    assert.deepStrictEqual(service().documentSymbols(doc('')), []);
  });
});

describe('folding ranges', () => {
  test('blocks with lines, and runs of comment lines', () => {
    assert.deepStrictEqual(service().foldingRanges(doc(TEXT)), [
      { startLine: 3, endLine: 5, kind: FoldingRangeKind.Region },
      { startLine: 9, endLine: 10, kind: FoldingRangeKind.Region },
      { startLine: 7, endLine: 8, kind: FoldingRangeKind.Comment },
    ]);
  });

  test('a header alone does not fold; a single comment line does not fold', () => {
    assert.deepStrictEqual(service().foldingRanges(doc(lines('# one', 'Host a', 'Host b', '  User x'))), [
      { startLine: 2, endLine: 3, kind: FoldingRangeKind.Region },
    ]);
  });

  test('a block fold ends at its last directive, not at trailing comments or blanks', () => {
    assert.deepStrictEqual(service().foldingRanges(doc(lines('Host a', '  User x', '', '# next', '# block', 'Host b', '  User y', ''))), [
      { startLine: 0, endLine: 1, kind: FoldingRangeKind.Region },
      { startLine: 5, endLine: 6, kind: FoldingRangeKind.Region },
      { startLine: 3, endLine: 4, kind: FoldingRangeKind.Comment },
    ]);
  });
});
