/**
 * The option-file tokenizer and reader: what my_print_defaults prints (MY_PRINT_DEFAULTS_FACTS, measured and
 * re-checked by the oracles) reproduced by readMycnf + mycnfGroupArgs on real files; exact tokens, spans included;
 * and properties: the tokenizer is total, every span lies inside its line, values are unquoted as the programs do,
 * and `name=value` lines give back their parts.
 *
 *   node --import tsx --test test/service/mycnf-syntax.test.ts
 *
 * PROPERTY_RUNS=5000 for a longer hunt; a failure prints fast-check's seed and the shrunk text.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import fc from 'fast-check';
import { type MycnfLine, tokenizeMycnf, tokenizeMycnfLine, unquoteMycnfValue } from '../../server/src/service/syntax/mycnf';
import { type Span, splitLines } from '../../server/src/service/syntax/text';
import { anyTextOf, fileOfLines, mutated, trimmedToken } from '../arbitraries';
import { assertSpanInLine } from '../fixtures';
import { generateMycnfTree } from '../genMycnf';
import { MY_PRINT_DEFAULTS_ABORTED, MY_PRINT_DEFAULTS_FACTS, MY_PRINT_DEFAULTS_LIMITS, type MyPrintDefaultsFact, writeMycnfFact } from '../mycnfFacts';
import { printedBy, readFact, recordedIn } from '../mycnfFixtures';
import { mulberry32 } from '../prng';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 300);

// ---------------------------------------------------------------------------------------------------------
// The facts, through readMycnf with the node environment on real files

const scratch = mkdtempSync(join(tmpdir(), 'mycnf-syntax-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** What the reader makes of a fact, in the shape of the fact (stderr without the lines we do not print). */
function reproduce(fact: MyPrintDefaultsFact, n: number) {
  const w = writeMycnfFact(fact, mkdtempSync(join(scratch, `f${n}-`)));
  return { actual: printedBy(readFact(w), w, fact.groups), expected: recordedIn(fact, MY_PRINT_DEFAULTS_ABORTED) };
}

describe('readMycnf + mycnfGroupArgs print what my_print_defaults prints (MY_PRINT_DEFAULTS_FACTS)', () => {
  MY_PRINT_DEFAULTS_FACTS.forEach((fact, i) => {
    test(fact.title, () => {
      const { actual, expected } = reproduce(fact, i);
      assert.deepStrictEqual(actual, expected);
    });
  });
});

describe('the known limits (MY_PRINT_DEFAULTS_LIMITS, in the README): the reader still differs there', () => {
  MY_PRINT_DEFAULTS_LIMITS.forEach((fact, i) => {
    test(`${fact.title} (${fact.why})`, () => {
      const { actual, expected } = reproduce(fact, 1000 + i);
      // Once the reader follows the program here, move the case to MY_PRINT_DEFAULTS_FACTS and out of the README.
      assert.notDeepStrictEqual(actual, expected);
    });
  });
});

// ---------------------------------------------------------------------------------------------------------
// Exact tokens

const span = (line: number, start: number, end: number): Span => ({ line, start, end });

/** The span of the nth `needle` in `text` (on `line`). */
function at(text: string, needle: string, line = 0, nth = 0): Span {
  let from = -1;
  for (let i = 0; i <= nth; i++) {
    from = text.indexOf(needle, from + 1);
    assert.ok(from >= 0, `${needle} in ${text}`);
  }
  return span(line, from, from + needle.length);
}

/** Without undefined fields, for deepStrictEqual. */
const plain = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
const one = (text: string, lastUnterminated = false): MycnfLine => plain(tokenizeMycnfLine(0, text, lastUnterminated));

describe('tokenizer: groups', () => {
  test('[ spaced ] # c: the name keeps its leading space; header, name and comment spans', () => {
    const text = '  [ spaced ]  # c';
    assert.deepStrictEqual(one(text), {
      line: 0,
      text,
      kind: 'group',
      indent: 2,
      group: { name: ' spaced', span: at(text, ' spaced'), header: at(text, '[ spaced ]') },
      comment: at(text, '# c'),
    });
  });

  test('text after ] is a tail the parser ignores; a # after it is a comment', () => {
    const text = '[client]x y  # c';
    assert.deepStrictEqual(one(text), {
      line: 0,
      text,
      kind: 'group',
      indent: 0,
      group: { name: 'client', span: at(text, 'client'), header: at(text, '[client]'), tail: at(text, 'x y') },
      comment: at(text, '# c'),
    });
  });

  test('an empty name: the span is the whole header; the name ends at the first ], trailing blanks dropped', () => {
    assert.deepStrictEqual(one('[  ]'), { line: 0, text: '[  ]', kind: 'group', indent: 0, group: { name: '', span: span(0, 0, 4), header: span(0, 0, 4) } });
    const text = '[mysqld \t]]';
    assert.deepStrictEqual(one(text), {
      line: 0,
      text,
      kind: 'group',
      indent: 0,
      group: { name: 'mysqld', span: at(text, 'mysqld'), header: span(0, 0, 10), tail: span(0, 10, 11) },
    });
  });

  test('[ without ] is a bad group, even with ] in a comment position missing', () => {
    assert.deepStrictEqual(one('\t[client # x'), { line: 0, text: '\t[client # x', kind: 'bad-group', indent: 1 });
    assert.equal(one('[client # x]').kind, 'group');
  });
});

describe('tokenizer: options', () => {
  test('name = "value" # comment: name, equals, raw value (quotes included), unquoted value, quote, comment', () => {
    const text = '  connect_timeout = "10 # not" # c';
    assert.deepStrictEqual(one(text), {
      line: 0,
      text,
      kind: 'option',
      indent: 2,
      option: {
        name: 'connect_timeout',
        nameSpan: at(text, 'connect_timeout'),
        equals: at(text, '='),
        raw: '"10 # not"',
        valueSpan: at(text, '"10 # not"'),
        value: '10 # not',
        quote: '"',
      },
      comment: at(text, '# c'),
    });
  });

  test('a bare option; an = inside the comment does not count', () => {
    const text = 'skip-ssl\t# a=b';
    assert.deepStrictEqual(one(text), {
      line: 0,
      text,
      kind: 'option',
      indent: 0,
      option: { name: 'skip-ssl', nameSpan: at(text, 'skip-ssl') },
      comment: at(text, '# a=b'),
    });
  });

  test("a quote in the name opens a quote: it's=1 # c has no comment", () => {
    const text = "it's=1 # c";
    assert.deepStrictEqual(one(text), {
      line: 0,
      text,
      kind: 'option',
      indent: 0,
      option: { name: "it's", nameSpan: at(text, "it's"), equals: at(text, '='), raw: '1 # c', valueSpan: at(text, '1 # c'), value: '1 # c' },
    });
  });

  test('an empty value: the value span is empty, right after the blanks that follow =', () => {
    const text = 'password =   # none';
    assert.deepStrictEqual(one(text), {
      line: 0,
      text,
      kind: 'option',
      indent: 0,
      option: { name: 'password', nameSpan: at(text, 'password'), equals: at(text, '='), raw: '', valueSpan: span(0, 13, 13), value: '' },
      comment: at(text, '# none'),
    });
  });

  test('escapes apply after the quotes come off; an unknown escape and a last backslash stay', () => {
    const text = "x='a\\tb\\x\\'c\\'\\\\' ";
    const o = one(text).option!;
    assert.deepStrictEqual([o.raw, o.value, o.quote, o.valueSpan], ["'a\\tb\\x\\'c\\'\\\\'", "a\tb\\x'c'\\", "'", at(text, "'a\\tb\\x\\'c\\'\\\\'")]);
    assert.deepStrictEqual(unquoteMycnfValue('a\\'), { value: 'a\\' });
    assert.deepStrictEqual(unquoteMycnfValue('"unbalanced'), { value: '"unbalanced' });
    assert.deepStrictEqual(unquoteMycnfValue(`'mixed"`), { value: `'mixed"` });
    assert.deepStrictEqual(unquoteMycnfValue('"'), { value: '"' });
  });
});

describe('tokenizer: directives, comments, documents', () => {
  test('!  include  PATH: keyword from ! to the end of the word, the path trimmed', () => {
    const text = '  !  include  /etc/a b.cnf \t';
    assert.deepStrictEqual(one(text), {
      line: 0,
      text,
      kind: 'include',
      indent: 2,
      include: { keyword: at(text, '!  include'), path: '/etc/a b.cnf', pathSpan: at(text, '/etc/a b.cnf'), truncated: false },
    });
  });

  test('!includedir with a tab; !include without a path has an empty path; !INCLUDE, !includex and ! are ignored', () => {
    const text = '!includedir\t/etc/conf.d';
    assert.deepStrictEqual(one(text).include, { keyword: at(text, '!includedir'), path: '/etc/conf.d', pathSpan: at(text, '/etc/conf.d'), truncated: false });
    assert.deepStrictEqual(one('!include  '), {
      line: 0,
      text: '!include  ',
      kind: 'include',
      indent: 0,
      include: { keyword: span(0, 0, 8), path: '', pathSpan: span(0, 10, 10), truncated: false },
    });
    for (const t of ['!INCLUDE /x', '!includex /x', '!', '!bogus']) assert.deepStrictEqual(one(t), { line: 0, text: t, kind: 'ignored-directive', indent: 0 });
  });

  test('on an unterminated last line the path loses its last character and the blanks before it', () => {
    const doc = plain(tokenizeMycnf('[client]\n!include /x.cnf \tX'));
    const text = '!include /x.cnf \tX';
    assert.deepStrictEqual(doc, {
      lines: [
        { line: 0, text: '[client]', kind: 'group', indent: 0, group: { name: 'client', span: span(0, 1, 7), header: span(0, 0, 8) } },
        {
          line: 1,
          text,
          kind: 'include',
          indent: 0,
          include: { keyword: span(1, 0, 8), path: '/x.cnf', pathSpan: at(text, '/x.cnf \tX', 1), truncated: true },
        },
      ],
      bom: false,
      unterminated: true,
    });
    // `!include` alone there is no directive at all (the keyword must be followed by a blank, and the `\n` is missing).
    assert.equal(tokenizeMycnf('[c]\n!include').lines[1]!.kind, 'ignored-directive');
    assert.equal(tokenizeMycnf('[c]\n!include\n').lines[1]!.kind, 'include');
  });

  test('comment lines, blank lines, CRLF and the byte order mark', () => {
    const doc = plain(tokenizeMycnf('\uFEFF; one\r\n  # two\r\n \t\r\n'));
    assert.deepStrictEqual(doc, {
      lines: [
        { line: 0, text: '\uFEFF; one', kind: 'option', indent: 0, option: { name: '\uFEFF; one', nameSpan: span(0, 0, 6) } },
        { line: 1, text: '  # two', kind: 'comment', indent: 2, comment: span(1, 2, 7) },
        { line: 2, text: ' \t', kind: 'blank', indent: 2 },
        { line: 3, text: '', kind: 'blank', indent: 0 },
      ],
      bom: true,
      unterminated: false,
    });
  });
});

// ---------------------------------------------------------------------------------------------------------
// Properties

/** The characters that matter to the tokenizer, and a few that do not. */
const syntaxChar = fc.constantFrom(
  ' ',
  '\t',
  '\v',
  '\f',
  '=',
  '#',
  ';',
  '!',
  '[',
  ']',
  '"',
  "'",
  '\\',
  '\n',
  '\r',
  '\r\n',
  '\uFEFF',
  'include',
  'includedir',
  'a',
  'x',
  '1',
  '-',
  '_',
  '/',
  '~',
  'é',
  '😀',
);

/** Main files of generated trees (test/genMycnf.ts): what real option files look like, with their odd corners. */
const generatedFile = fc.nat().map((seed) => Object.values(generateMycnfTree(mulberry32(seed), 0).files)[0]!);
const REALISTIC_LINES = [
  '[client]',
  '[mysqld] # server',
  '[ spaced ]',
  '[client',
  'connect_timeout = 10',
  'loose-read_timeout=300 # five minutes',
  'password="se#cret"',
  "it's=1 # c",
  'socket=/run/mysqld/mysqld.sock',
  'skip-ssl',
  '!include /etc/mysql/extra.cnf',
  '!includedir /etc/mysql/conf.d/',
  '!INCLUDE x',
  '# comment',
  '; comment',
  '',
];
const realisticFile = fc.oneof(generatedFile, fileOfLines(fc.constantFrom(...REALISTIC_LINES)));
const anyText = anyTextOf(realisticFile, syntaxChar);

function checkTokens(text: string): void {
  const doc = tokenizeMycnf(text);
  const raw = splitLines(text);
  assert.equal(doc.lines.length, raw.length);
  assert.equal(doc.bom, text.startsWith('\uFEFF'));
  doc.lines.forEach((l, i) => {
    assert.equal(l.line, i);
    assert.equal(l.text, raw[i]);
    assert.ok(l.indent >= 0 && l.indent <= l.text.length);
    assertSpanInLine(l.comment, l, 'comment');
    assertSpanInLine(l.group?.span, l, 'group name');
    assertSpanInLine(l.group?.header, l, 'group header');
    assertSpanInLine(l.group?.tail, l, 'group tail');
    assertSpanInLine(l.option?.nameSpan, l, 'option name');
    assertSpanInLine(l.option?.equals, l, 'equals');
    assertSpanInLine(l.option?.valueSpan, l, 'option value');
    assertSpanInLine(l.include?.keyword, l, 'include keyword');
    assertSpanInLine(l.include?.pathSpan, l, 'include path');
    // Each token is what its span covers; the value is the raw text unquoted as the programs do.
    const o = l.option;
    if (o) {
      assert.equal(l.text.slice(o.nameSpan.start, o.nameSpan.end), o.name);
      assert.equal(o.equals === undefined, o.raw === undefined);
      if (o.equals) assert.equal(l.text[o.equals.start], '=');
      if (o.raw !== undefined) {
        assert.equal(l.text.slice(o.valueSpan!.start, o.valueSpan!.end), o.raw);
        assert.deepStrictEqual({ value: o.value, quote: o.quote }, { quote: undefined, ...unquoteMycnfValue(o.raw) });
        assert.ok(o.nameSpan.end <= o.equals!.start && o.equals!.end <= o.valueSpan!.start);
      }
      if (l.comment) assert.ok((o.valueSpan ?? o.nameSpan).end <= l.comment.start);
    }
    if (l.group) assert.equal(l.text.slice(l.group.header.start, l.group.header.end).endsWith(']'), true);
    if (l.include) {
      const written = l.text.slice(l.include.pathSpan.start, l.include.pathSpan.end);
      assert.ok(written.startsWith(l.include.path), `${JSON.stringify(l.include.path)} is a prefix of ${JSON.stringify(written)}`);
      assert.equal(l.include.truncated, written !== l.include.path);
      if (l.include.truncated) assert.ok(doc.unterminated && i === doc.lines.length - 1);
    }
    // The kinds carry exactly their tokens.
    assert.equal(l.kind === 'option', !!o);
    assert.equal(l.kind === 'group', !!l.group);
    assert.equal(l.kind === 'include' || l.kind === 'includedir', !!l.include);
  });
}

describe('tokenizer properties', () => {
  test('never throws on arbitrary strings (CRLF, lone CR, BOM, unicode, lone surrogates); spans lie inside their lines', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), checkTokens), { numRuns: RUNS });
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), checkTokens), { numRuns: RUNS });
  });

  test('never throws on syntax characters, realistic and mutated files', () => {
    fc.assert(fc.property(anyText, checkTokens), { numRuns: RUNS });
    fc.assert(fc.property(mutated(realisticFile, syntaxChar), checkTokens), { numRuns: RUNS });
  });

  test('a line tokenizes the same alone and inside a document', () => {
    const atLine0 = (l: MycnfLine): unknown => JSON.parse(JSON.stringify(l), (k, v) => (k === 'line' ? 0 : v));
    fc.assert(
      fc.property(
        fc.string({ unit: syntaxChar, maxLength: 60 }).filter((s) => !/[\r\n]/.test(s)),
        (l) => assert.deepStrictEqual(atLine0(tokenizeMycnf(`# x\n${l}\n`).lines[1]!), atLine0(tokenizeMycnf(`${l}\n`).lines[0]!)),
      ),
      { numRuns: RUNS },
    );
  });

  /** Name characters: no blanks at the ends, no `=`, `#` or quotes; not starting with a character that makes another kind of line. */
  const nameChar = fc.constantFrom('a', 'z', 'A', '_', '-', '.', '1', ' ', '\t', 'é', '😀', ';', '!', '[', ']', '\\');
  const name = trimmedToken(nameChar).filter((n) => !/^[;![]/.test(n));
  const valueChar = fc.constantFrom('a', '1', ' ', '\t', '=', ';', '"', "'", '\\', 'n', 's', '[', ']', '!', 'é');
  const value = trimmedToken(valueChar, 16);

  test('name=value gives back its parts, with blanks around = and an inline comment after an unquoted value', () => {
    fc.assert(
      fc.property(name, value, fc.constantFrom('=', ' = ', '\t=', '=  '), fc.constantFrom('', ' # c', '#c', '\t# a=b'), (n, v, eq, comment) => {
        const tail = /["']/.test(v) ? '' : comment;
        const l = tokenizeMycnfLine(0, `${n}${eq}${v}${tail}`);
        assert.equal(l.kind, 'option');
        assert.deepStrictEqual([l.option!.name, l.option!.raw, l.option!.value], [n, v, unquoteMycnfValue(v).value]);
        assert.equal(l.comment === undefined, tail === '');
      }),
      { numRuns: RUNS },
    );
  });

  test('a bare name gives back the name, and no value', () => {
    fc.assert(
      fc.property(name, fc.constantFrom('', '  ', ' # c'), (n, tail) => {
        const o = tokenizeMycnfLine(0, `${n}${tail}`).option!;
        assert.deepStrictEqual([o.name, o.equals, o.raw, o.value], [n, undefined, undefined, undefined]);
      }),
      { numRuns: RUNS },
    );
  });

  test('a quoted value gives back what is between the quotes, escapes applied', () => {
    const inner = fc.string({ unit: fc.constantFrom('a', ' ', '#', '=', 'é'), maxLength: 10 });
    fc.assert(
      fc.property(name, inner, fc.constantFrom('"', "'"), (n, v, q) => {
        const o = tokenizeMycnfLine(0, `${n} = ${q}${v}${q} # c`).option!;
        assert.deepStrictEqual([o.name, o.value, o.quote], [n, v, q]);
      }),
      { numRuns: RUNS },
    );
  });
});
