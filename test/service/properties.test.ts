/**
 * Property tests: the tokenizer and every service request are total, and every range
 * they return lies inside the document.
 *
 *   node --import tsx --test test/service/properties.test.ts
 *
 * Runs are bounded (and seeded through fast-check's own seed output on failure) so the
 * file finishes in a few seconds. A failure prints the shrunk counterexample.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position } from 'vscode-languageserver-types';
import type { Span, SshLine } from '../../server/src/service/syntax/ssh';
import { splitLines, tokenize } from '../../server/src/service/syntax/ssh';
import { anyTextOf, mutated, realisticFileOf } from '../arbitraries';
import { applyEdits, assertRangeInside, assertSpanInLine, doc, positionsFor, service, TEST_SETTINGS, URI, withVersion } from '../fixtures';

/** PROPERTY_RUNS=5000 for a longer hunt. */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 300);

/** Lines a real ssh_config has, and the mistakes people make in them. */
const REALISTIC_LINES = [
  'Host *',
  'Host web-? *.example.com !bastion',
  'Host !a',
  'Host',
  'Match host *.internal user deploy',
  'Match all',
  'Match exec "test -f /x" host a',
  'Match localuser alice',
  'Match nonsense',
  'Match',
  '  ServerAliveInterval 60',
  '\tServerAliveInterval=30',
  '  ServerAliveInterval = 1m30s',
  '  ServerAliveInterval 30s10',
  '  ServerAliveInterval 1.5s',
  '  ServerAliveInterval 400',
  '  ServerAliveInterval none',
  '  ServerAliveInterval 30#x',
  '  ServerAliveInterval 30 #x',
  '  ServerAliveInterval',
  '  ServerAliveInterval #30',
  '  ServerAliveCountMax 0',
  '  ServerAliveCountMax 3 5 8',
  '  ServerAliveCountMax -1',
  '  TCPKeepAlive no',
  '  KeepAlive yes',
  '  TCPKeepAlive maybe',
  '  ConnectTimeout 10',
  '  ConnectionAttempts 3',
  '  ControlPersist 10m',
  '  ChannelTimeout session=5m',
  '  ServerAliveIntervl 30',
  '  HostName "a b',
  '  HostName %h.example.com',
  '  User bob',
  '"ServerAliveInterval" 5',
  '"" ServerAliveInterval 5',
  '"ServerAliveInterval 5',
  'IgnoreUnknown UseKeychain,ChannelTimeout',
  '  UseKeychain yes',
  'Include config.d/*',
  '# a comment',
  '  # indented comment',
  '',
  '   ',
  '\uFEFFHost *',
];

const realisticConfig = realisticFileOf(REALISTIC_LINES, 25);

/** The characters that matter to the tokenizer, and a few that do not. */
const syntaxChar = fc.constantFrom(
  ' ',
  '\t',
  '=',
  '"',
  "'",
  '\\',
  '#',
  '\n',
  '\r',
  '\r\n',
  '\f',
  '\uFEFF',
  'H',
  'o',
  's',
  't',
  'S',
  'e',
  'r',
  'v',
  'A',
  'l',
  'i',
  'I',
  'n',
  '*',
  '!',
  ',',
  '?',
  '0',
  '5',
  '.',
  'm',
  'é',
  '😀',
);

const mutatedConfig = mutated(realisticConfig, syntaxChar);
const anyText = anyTextOf(realisticConfig, syntaxChar);

describe('tokenizer', () => {
  const checkTokens = (text: string) => {
    const d = tokenize(text);
    assert.equal(d.lines.length, splitLines(text).length);
    assert.equal(d.bom, text.startsWith('\uFEFF'));
    d.lines.forEach((l, i) => {
      assert.equal(l.line, i);
      assert.equal(l.text, splitLines(text)[i]);
      assertSpanInLine(l.keyword?.span, { line: i, text: l.text }, 'keyword');
      assertSpanInLine(l.separator, { line: i, text: l.text }, 'separator');
      for (const [k, a] of l.args.entries()) assertSpanInLine(a.span, { line: i, text: l.text }, `argument ${k}`);
      assertSpanInLine(l.comment, { line: i, text: l.text }, 'comment');
      assertSpanInLine(l.problem?.span, { line: i, text: l.text }, 'problem');
      // Each token's raw text is exactly what its span covers.
      for (const t of [...(l.keyword ? [l.keyword] : []), ...l.args]) assert.equal(l.text.slice(t.span.start, t.span.end), t.raw);
      // Spans in order, none overlapping: keyword, separator, arguments, comment.
      const ordered = [l.keyword?.span, l.separator, ...l.args.map((a) => a.span), l.comment].filter((s): s is Span => s !== undefined);
      for (let k = 1; k < ordered.length; k++) {
        assert.ok(
          ordered[k - 1].end <= ordered[k].start,
          `spans ${JSON.stringify(ordered[k - 1])} and ${JSON.stringify(ordered[k])} are ordered and apart in ${JSON.stringify(l.text)}`,
        );
      }
      // Arguments are non-empty in the text (a quoted "" still has its quotes).
      for (const a of l.args) assert.ok(a.span.end > a.span.start);
      // The indent is the leading whitespace (after a byte order mark on the first line).
      assert.equal(l.indent, /^[ \t]*/.exec(i === 0 && d.bom ? l.text.slice(1) : l.text)?.[0]);
    });
  };

  test('never throws on arbitrary strings; spans lie inside their lines', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), checkTokens), { numRuns: RUNS });
  });

  test('never throws on full Unicode (lone surrogates included)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), checkTokens), { numRuns: RUNS });
  });

  test('never throws on strings of syntax characters', () => {
    fc.assert(fc.property(fc.string({ unit: syntaxChar, maxLength: 200 }), checkTokens), { numRuns: RUNS });
  });

  test('never throws on mutated realistic configs', () => {
    fc.assert(fc.property(mutatedConfig, checkTokens), { numRuns: RUNS });
  });

  test('a line tokenizes the same alone and inside a document', () => {
    /** The line with every line number set to 0. */
    const atLine0 = (l: SshLine): unknown => JSON.parse(JSON.stringify(l), (k, v) => (k === 'line' ? 0 : v));
    fc.assert(
      fc.property(
        fc.string({ unit: syntaxChar, maxLength: 60 }).filter((s) => !/[\r\n]/.test(s) && !s.startsWith('\uFEFF')),
        (l) => {
          assert.deepStrictEqual(atLine0(tokenize(`Host a\n${l}`).lines[1]), atLine0(tokenize(l).lines[0]));
        },
      ),
      { numRuns: RUNS },
    );
  });
});

function positionOk(d: TextDocument, p: Position, what: string): void {
  assertRangeInside(d, { start: p, end: p }, what);
}

function exerciseService(text: string, picks: number[], versionIndex: number): void {
  const versions = [TEST_SETTINGS, withVersion(10, 5), withVersion(10, 2, false), { ...TEST_SETTINGS, idleTimeout: 30, detectionTarget: 45 }];
  const s = service(versions[versionIndex % versions.length]);
  const d = doc(text);
  const lineCount = d.lineCount;

  const diags = s.diagnostics(d);
  for (const x of diags) {
    assertRangeInside(d, x.range, `diagnostic ${x.code}`);
    for (const r of x.relatedInformation ?? []) if (r.location.uri === URI) assertRangeInside(d, r.location.range, `related information of ${x.code}`);
  }

  for (const l of s.codeLens(d)) assertRangeInside(d, l.range, 'code lens');

  for (const h of s.inlayHints(d, { start: { line: 0, character: 0 }, end: { line: lineCount, character: 0 } }))
    positionOk(d, h.position, `inlay hint "${h.label}"`);

  for (const x of diags) {
    for (const a of s.codeActions(d, x.range, [x])) {
      const edits = a.edit?.changes?.[URI] ?? [];
      for (const e of edits) assertRangeInside(d, e.range, `edit of "${a.title}"`);
      const after = applyEdits(d, edits);
      // Non-blank lines, sorted; a byte order mark belongs to the file, not to its first line.
      const keep = (t: string) =>
        splitLines(t.replace(/^\uFEFF/, ''))
          .filter((l) => l.trim() !== '')
          .sort();
      if (a.title.startsWith('Move ')) {
        assert.deepStrictEqual(keep(after), keep(text), `"${a.title}" keeps every non-blank line`);
      }
      if (a.title.startsWith('Add ')) {
        const left = keep(after);
        for (const l of keep(text)) {
          const at = left.indexOf(l);
          assert.ok(at >= 0, `"${a.title}" keeps the line ${JSON.stringify(l)}`);
          left.splice(at, 1);
        }
      }
      // A CRLF document stays CRLF: no fix brings in a bare \n.
      if (/\r\n/.test(text) && !/(^|[^\r])\n/.test(text)) {
        assert.ok(!/(^|[^\r])\n/.test(after), `"${a.title}" keeps CRLF line breaks: ${JSON.stringify(after)}`);
      }
    }
  }

  for (const p of positionsFor(text, picks, true)) {
    const h = s.hover(d, p);
    if (h?.range) assertRangeInside(d, h.range, 'hover');
    const c = s.completion(d, p);
    assert.ok(Array.isArray(c.items));
  }

  const walk = (syms: ReturnType<typeof s.documentSymbols>) => {
    for (const sym of syms) {
      assertRangeInside(d, sym.range, `symbol ${sym.name}`);
      assertRangeInside(d, sym.selectionRange, `selection of symbol ${sym.name}`);
      walk(sym.children ?? []);
    }
  };
  walk(s.documentSymbols(d));

  for (const f of s.foldingRanges(d))
    assert.ok(f.startLine >= 0 && f.startLine <= f.endLine && f.endLine < lineCount, `folding range ${JSON.stringify(f)} inside ${lineCount} lines`);

  for (let line = 0; line < Math.min(lineCount, 30); line++) s.timeline(d, line, line % 2 ? 'text' : 'markdown');
}

describe('the whole service', () => {
  const picks = fc.array(fc.nat({ max: 10_000 }), { minLength: 1, maxLength: 8 });

  test('never throws on realistic configs; every range lies inside the document', () => {
    fc.assert(fc.property(realisticConfig, picks, fc.nat(), exerciseService), { numRuns: RUNS });
  });

  test('never throws on mutated configs; every range lies inside the document', () => {
    fc.assert(fc.property(mutatedConfig, picks, fc.nat(), exerciseService), { numRuns: RUNS });
  });

  test('never throws on arbitrary text', () => {
    fc.assert(fc.property(anyText, picks, fc.nat(), exerciseService), { numRuns: RUNS });
  });

  test('a CRLF document gets the same diagnostics, lenses and hints as its LF twin', () => {
    fc.assert(
      fc.property(realisticConfig, (text) => {
        const lf = text.replace(/\r\n/g, '\n');
        const crlf = lf.replace(/\n/g, '\r\n');
        const s = service();
        const view = (t: string) => {
          const d = doc(t);
          return {
            diagnostics: s.diagnostics(d).map((x) => [x.code, x.range, x.message]),
            lenses: s.codeLens(d),
            hints: s.inlayHints(d, { start: { line: 0, character: 0 }, end: { line: d.lineCount, character: 0 } }),
          };
        };
        assert.deepStrictEqual(view(crlf), view(lf));
      }),
      { numRuns: RUNS },
    );
  });
});
