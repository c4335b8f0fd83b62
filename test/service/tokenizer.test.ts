/**
 * The ssh_config tokenizer: what ssh calls a keyword, a separator, an argument and a
 * comment, with exact spans.
 *
 *   node --import tsx --test test/service/tokenizer.test.ts
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type SshLine, type SshToken, tokenize, tokenizeLine } from '../../server/src/service/syntax/ssh';

/** Drops undefined properties so that whole lines compare with deepStrictEqual. */
function clean<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function tok(raw: string, start: number, value = raw, line = 0): SshToken {
  return { raw, value, span: { line, start, end: start + raw.length } };
}

/** The expected line: text as written, indent, and whatever else the case names. */
function expected(text: string, parts: Partial<SshLine>, line = 0): SshLine {
  return clean({ line, text, indent: /^[ \t]*/.exec(text)?.[0] ?? '', args: [], ...parts });
}

function check(text: string, parts: Partial<SshLine>): void {
  assert.deepStrictEqual(clean(tokenizeLine(text, 0)), expected(text, parts));
}

const SAI = 'ServerAliveInterval';
const kw = tok(SAI, 0);

describe('separators', () => {
  test('Keyword=value', () => {
    check('ServerAliveInterval=30', { keyword: kw, separator: { line: 0, start: 19, end: 20 }, args: [tok('30', 20)] });
  });

  test('Keyword = value', () => {
    check('ServerAliveInterval = 30', { keyword: kw, separator: { line: 0, start: 19, end: 22 }, args: [tok('30', 22)] });
  });

  test('tabs around the equals sign', () => {
    check('ServerAliveInterval\t\t=\t9', { keyword: kw, separator: { line: 0, start: 19, end: 23 }, args: [tok('9', 23)] });
  });

  test('Keyword value, and Keyword<tab>value', () => {
    check('ServerAliveInterval 30', { keyword: kw, separator: { line: 0, start: 19, end: 20 }, args: [tok('30', 20)] });
    check('ServerAliveInterval\t30', { keyword: kw, separator: { line: 0, start: 19, end: 20 }, args: [tok('30', 20)] });
  });

  test('a second equals sign is part of the value', () => {
    check('ServerAliveInterval==30', { keyword: kw, separator: { line: 0, start: 19, end: 20 }, args: [tok('=30', 20)] });
  });

  test('indentation with tabs and spaces is kept and skipped', () => {
    check('\t ServerAliveInterval 30', { keyword: tok(SAI, 2), separator: { line: 0, start: 21, end: 22 }, args: [tok('30', 22)] });
  });

  test('trailing whitespace is not an argument', () => {
    check('ServerAliveInterval 30 \t ', { keyword: kw, separator: { line: 0, start: 19, end: 20 }, args: [tok('30', 20)] });
  });
});

describe('quotes and escapes', () => {
  test('double quotes: the value loses them, the span keeps them', () => {
    check('HostName "a b"', { keyword: tok('HostName', 0), separator: { line: 0, start: 8, end: 9 }, args: [tok('"a b"', 9, 'a b')] });
  });

  test('single quotes', () => {
    check("HostName 'a b'", { keyword: tok('HostName', 0), separator: { line: 0, start: 8, end: 9 }, args: [tok("'a b'", 9, 'a b')] });
  });

  test('an escaped quote inside quotes', () => {
    check('HostName "a\\"b" c', {
      keyword: tok('HostName', 0),
      separator: { line: 0, start: 8, end: 9 },
      args: [tok('"a\\"b"', 9, 'a"b'), tok('c', 16)],
    });
  });

  test('an escaped space outside quotes joins words', () => {
    check('HostName a\\ b', { keyword: tok('HostName', 0), separator: { line: 0, start: 8, end: 9 }, args: [tok('a\\ b', 9, 'a b')] });
  });

  test('quotes in the middle of a word', () => {
    check('HostName a"b c"d', { keyword: tok('HostName', 0), separator: { line: 0, start: 8, end: 9 }, args: [tok('a"b c"d', 9, 'ab cd')] });
  });

  test('an unbalanced quote is invalid-quotes', () => {
    check('HostName "a b', {
      keyword: tok('HostName', 0),
      separator: { line: 0, start: 8, end: 9 },
      args: [tok('"a b', 9, 'a b')],
      problem: { code: 'invalid-quotes', span: { line: 0, start: 9, end: 13 } },
    });
  });

  test('a quoted keyword loses its quotes', () => {
    check('"ServerAliveInterval" 5', {
      keyword: tok('"ServerAliveInterval"', 0, SAI),
      separator: { line: 0, start: 21, end: 22 },
      args: [tok('5', 22)],
    });
  });

  test('an empty quoted keyword is skipped: the next word is the keyword', () => {
    check('"" ServerAliveInterval 5', { keyword: tok(SAI, 3), separator: { line: 0, start: 22, end: 23 }, args: [tok('5', 23)] });
  });

  test('a keyword whose quote never closes makes ssh skip the line', () => {
    check('"ServerAliveInterval 5', { problem: { code: 'keyword-quote', span: { line: 0, start: 0, end: 22 } } });
  });
});

describe('comments', () => {
  test('a comment line', () => {
    check('# a comment', { comment: { line: 0, start: 0, end: 11 } });
    check('  #indented', { comment: { line: 0, start: 2, end: 11 } });
  });

  test('# at the start of an argument starts a comment', () => {
    check('ServerAliveInterval 30 #x', {
      keyword: kw,
      separator: { line: 0, start: 19, end: 20 },
      args: [tok('30', 20)],
      comment: { line: 0, start: 23, end: 25 },
    });
  });

  test('# inside a token is part of it', () => {
    check('ServerAliveInterval 30#x', { keyword: kw, separator: { line: 0, start: 19, end: 20 }, args: [tok('30#x', 20)] });
  });

  test('# right after the keyword separator is a comment and leaves no argument', () => {
    check('ServerAliveInterval #30', { keyword: kw, separator: { line: 0, start: 19, end: 20 }, args: [], comment: { line: 0, start: 20, end: 23 } });
  });

  test('blank and whitespace-only lines', () => {
    check('', {});
    check(' \t ', {});
  });
});

describe('half-typed lines', () => {
  test('a keyword alone has no-argument and does not swallow the next line', () => {
    const d = tokenize('ServerAliveInterval\nHost b');
    assert.deepStrictEqual(clean(d.lines), [
      expected('ServerAliveInterval', { keyword: kw, problem: { code: 'no-argument', span: { line: 0, start: 0, end: 19 } } }),
      expected('Host b', { keyword: tok('Host', 0, 'Host', 1), separator: { line: 1, start: 4, end: 5 }, args: [tok('b', 5, 'b', 1)] }, 1),
    ]);
  });

  test('a keyword with a trailing separator has no-argument', () => {
    // ssh strips trailing whitespace first, so nothing separates the keyword from anything.
    check('ServerAliveInterval ', { keyword: kw, problem: { code: 'no-argument', span: { line: 0, start: 0, end: 19 } } });
    check('ServerAliveInterval =', {
      keyword: kw,
      separator: { line: 0, start: 19, end: 21 },
      problem: { code: 'no-argument', span: { line: 0, start: 0, end: 19 } },
    });
  });
});

describe('documents', () => {
  test('CRLF line breaks: no \\r in the lines, eol is \\r\\n', () => {
    const d = tokenize('Host a\r\n  ServerAliveInterval 30\r\n');
    assert.equal(d.eol, '\r\n');
    assert.equal(d.bom, false);
    assert.deepStrictEqual(clean(d.lines), [
      expected('Host a', { keyword: tok('Host', 0), separator: { line: 0, start: 4, end: 5 }, args: [tok('a', 5)] }),
      expected('  ServerAliveInterval 30', { keyword: tok(SAI, 2, SAI, 1), separator: { line: 1, start: 21, end: 22 }, args: [tok('30', 22, '30', 1)] }, 1),
      expected('', {}, 2),
    ]);
  });

  test('LF documents report eol \\n', () => {
    assert.equal(tokenize('Host a\n  User b\r\n  Port 2\n').eol, '\n');
  });

  test('a byte order mark: bom is reported and columns stay exact', () => {
    const text = '\uFEFFServerAliveInterval 30\nHost b';
    const d = tokenize(text);
    assert.equal(d.bom, true);
    assert.deepStrictEqual(clean(d.lines[0]), {
      line: 0,
      text: '\uFEFFServerAliveInterval 30',
      indent: '',
      keyword: tok(SAI, 1),
      separator: { line: 0, start: 20, end: 21 },
      args: [tok('30', 21)],
    });
    assert.equal(d.lines[0].text.slice(21, 23), '30');
  });

  test('a byte order mark before a comment', () => {
    const d = tokenize('\uFEFF# hi');
    assert.equal(d.bom, true);
    assert.deepStrictEqual(clean(d.lines), [{ line: 0, text: '\uFEFF# hi', indent: '', args: [], comment: { line: 0, start: 1, end: 5 } }]);
  });

  test('no byte order mark', () => {
    assert.equal(tokenize('Host a').bom, false);
    assert.equal(tokenize('').bom, false);
  });

  test('one line per line break, as LSP counts them', () => {
    assert.equal(tokenize('a 1\nb 2\r\nc 3\rd 4').lines.length, 4);
  });
});
