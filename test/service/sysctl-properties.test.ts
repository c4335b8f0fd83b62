/**
 * Property tests for the sysctl dialect: the tokenizer, the kernel value reader and every
 * service request are total, and every range they return lies inside the document.
 *
 *   node --import tsx --test test/service/sysctl-properties.test.ts
 *
 * PROPERTY_RUNS=5000 for a longer hunt; a failure prints fast-check's seed and the shrunk text.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { CompletionItem } from 'vscode-languageserver-types';
import { allSysctlKeys } from '../../server/src/service/catalog/sysctl';
import { readKernelValue } from '../../server/src/service/model/kernelValue';
import { type SysctlLine, tokenizeSysctl } from '../../server/src/service/syntax/sysctl';
import { type Span, splitLines } from '../../server/src/service/syntax/text';
import { anyTextOf, mutated, realisticFileOf } from '../arbitraries';
import { applyEdits, assertRangeInside, assertSpanInLine, positionsFor } from '../fixtures';
import { SYSCTL_URI, sysctlDoc, sysctlService } from '../sysctlFixtures';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 300);

/** Lines real sysctl files have, and the mistakes people make in them. */
const REALISTIC_LINES = [
  'net.ipv4.tcp_keepalive_time = 300',
  'net.ipv4.tcp_keepalive_time=60 # 1 minute',
  'net.ipv4.tcp_keepalive_time = 600',
  'net.ipv4.tcp_keepalive_time = 20',
  'net.ipv4.tcp_keepalive_time = 300s',
  'net.ipv4.tcp_keepalive_time = 10#x',
  'net.ipv4.tcp_keepalive_time = 300 600',
  'net.ipv4.tcp_keepalive_time = -5',
  'net.ipv4.tcp_keepalive_time =',
  'net/ipv4/tcp_keepalive_intvl = 30',
  'net.ipv4.tcp_keepalive_intvl = 010',
  'net.ipv4.tcp_keepalive_intvl = 3',
  'net.ipv4.tcp_keepalive_probes = 5',
  'net.ipv4.tcp_keepalive_probes = 256',
  'net.ipv4.tcp_keepalive_probes = 0x9',
  '\tnet.ipv4.tcp_keepalive_probes\t=\t9',
  'net.ipv4.tcp_retries2 = 8',
  'net.ipv4.tcp_syn_retries = 3',
  'net.ipv4.tcp_syn_linear_timeouts = 0',
  'net.ipv4.tcp_rto_max_ms = 1000',
  'net.netfilter.nf_conntrack_tcp_timeout_established = 120',
  'net.netfilter.nf_conntrack_max = 262144',
  'net.ipv4.tcp_rmem = 4096 131072 6291456',
  'net.ipv4.tcp_congestion_control = bbr # fast',
  'net.ipv4.conf.*.rp_filter = 2',
  '-net.ipv4.conf.lo.rp_filter',
  '-net.ipv4.tcp_keepalive_time',
  'net.ipv4.conf.eth0/100.rp_filter = 1',
  'net.ipv4.tcp_keepalive_tme = 300',
  '-net.core.frobnicate = 1',
  'vm.swappiness = 10',
  'kernel.pid_max = abc',
  'net.ipv4.tcp_keepalive_time 300',
  ' = 5',
  '-',
  '=',
  '# a comment',
  '; another',
  '  # indented',
  '',
  '   ',
  '\uFEFFnet.ipv4.tcp_keepalive_time = 300',
];

const realisticFile = realisticFileOf(REALISTIC_LINES);

/** The characters that matter to the tokenizer and the kernel reader, and a few that do not. */
const syntaxChar = fc.constantFrom(
  ' ',
  '\t',
  '=',
  '#',
  ';',
  '-',
  '.',
  '/',
  '*',
  '?',
  '[',
  ']',
  '\n',
  '\r',
  '\r\n',
  '\v',
  '\f',
  '\uFEFF',
  '0',
  '1',
  '5',
  '9',
  'x',
  'e',
  'n',
  't',
  'é',
  '😀',
);

const mutatedFile = mutated(realisticFile, syntaxChar);
const anyText = anyTextOf(realisticFile, syntaxChar);

describe('tokenizer', () => {
  const checkTokens = (text: string) => {
    const doc = tokenizeSysctl(text);
    const raw = splitLines(text);
    assert.equal(doc.lines.length, raw.length);
    assert.equal(doc.bom, text.startsWith('\uFEFF'));
    doc.lines.forEach((l, i) => {
      assert.equal(l.line, i);
      assert.equal(l.text, raw[i]);
      assertSpanInLine(l.comment, l, 'comment');
      assertSpanInLine(l.dash, l, 'dash');
      assertSpanInLine(l.key?.span, l, 'key');
      assertSpanInLine(l.equals, l, 'equals');
      assertSpanInLine(l.value?.span, l, 'value');
      // Each token's text is exactly what its span covers.
      if (l.key) assert.equal(l.text.slice(l.key.span.start, l.key.span.end), l.key.raw);
      if (l.value) assert.equal(l.text.slice(l.value.span.start, l.value.span.end), l.value.raw);
      if (l.equals) assert.equal(l.text[l.equals.start], '=');
      if (l.dash) assert.equal(l.text[l.dash.start], '-');
      // In order: dash, key, equals, value.
      const ordered = [l.dash, l.key?.span, l.equals, l.value?.span].filter((s): s is Span => s !== undefined);
      for (let k = 1; k < ordered.length; k++)
        assert.ok(ordered[k - 1].end <= ordered[k].start, `${JSON.stringify(ordered)} ordered in ${JSON.stringify(l.text)}`);
      // The kinds carry exactly their tokens.
      assert.equal(l.kind === 'assignment', !!l.equals && !!l.value && !!l.key);
      assert.equal(l.kind === 'exclusion', !l.equals && !!l.dash && !!l.key);
      assert.equal(l.kind === 'comment', !!l.comment);
      if (l.kind === 'blank' || l.kind === 'invalid') assert.ok(!l.key && !l.value && !l.equals && !l.dash && !l.comment);
      assert.ok(l.text.startsWith(l.indent));
    });
  };

  test('never throws on arbitrary strings; spans lie inside their lines', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), checkTokens), { numRuns: RUNS });
  });

  test('never throws on full Unicode (lone surrogates included)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), checkTokens), { numRuns: RUNS });
  });

  test('never throws on syntax characters and mutated files', () => {
    fc.assert(fc.property(fc.string({ unit: syntaxChar, maxLength: 200 }), checkTokens), { numRuns: RUNS });
    fc.assert(fc.property(mutatedFile, checkTokens), { numRuns: RUNS });
  });

  test('a line tokenizes the same alone and inside a document', () => {
    const atLine0 = (l: SysctlLine): unknown => JSON.parse(JSON.stringify(l), (k, v) => (k === 'line' ? 0 : v));
    fc.assert(
      fc.property(
        fc.string({ unit: syntaxChar, maxLength: 60 }).filter((s) => !/[\r\n]/.test(s)),
        (l) => assert.deepStrictEqual(atLine0(tokenizeSysctl(`# x\n${l}`).lines[1]), atLine0(tokenizeSysctl(l).lines[0])),
      ),
      { numRuns: RUNS },
    );
  });
});

describe('kernel value reader', () => {
  const specs = [...new Map(allSysctlKeys().map((k) => [JSON.stringify(k.value), k.value])).values()];

  test('total on any text for every value spec of the catalog; a success reads numbers within the range', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: syntaxChar, maxLength: 30 })), fc.nat(), (raw, k) => {
        const spec = specs[k % specs.length];
        const r = readKernelValue(raw, spec);
        if (!r.ok || spec.type === 'text') return;
        assert.ok(r.numbers && r.numbers.length >= 1 && r.numbers.length <= (spec.type === 'ints' ? spec.count : 1), JSON.stringify([raw, r]));
        for (const n of r.numbers) assert.ok(Number.isSafeInteger(n) && n >= spec.min && n <= spec.max, JSON.stringify([raw, spec, r]));
      }),
      { numRuns: RUNS * 3 },
    );
  });

  test('a decimal within the range, alone or with a blank-separated tail, is read as written', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 255 }), fc.constantFrom('', ' # x', '\t6', ' ; y'), (n, tail) => {
        const r = readKernelValue(`${n}${tail}`, { type: 'int', min: 0, max: 255 });
        assert.ok(r.ok);
        assert.deepStrictEqual(r.numbers, [n]);
        assert.equal(r.ignoredTail, tail === '' ? undefined : tail.trim());
      }),
      { numRuns: RUNS },
    );
  });
});

/** Non-blank characters, sorted: what a fix that only moves text keeps. */
const chars = (t: string) => [...t.replace(/\s/g, '')].sort().join('');

function exerciseService(text: string, other: string, picks: number[], idle: number): void {
  // The document sits in a set with one more file, read after it.
  const s = sysctlService({ 'file:///etc/sysctl.d/90-other.conf': other }, { idleTimeout: idle });
  const d = sysctlDoc(text);
  const lineCount = d.lineCount;

  const diags = s.diagnostics(d);
  for (const x of diags) {
    assertRangeInside(d, x.range, `diagnostic ${x.code}`);
    for (const r of x.relatedInformation ?? []) if (r.location.uri === SYSCTL_URI) assertRangeInside(d, r.location.range, `related information of ${x.code}`);
  }
  for (const l of s.codeLens(d)) assertRangeInside(d, l.range, 'code lens');
  for (const h of s.inlayHints(d, { start: { line: 0, character: 0 }, end: { line: lineCount, character: 0 } }))
    assertRangeInside(d, { start: h.position, end: h.position }, `inlay hint "${h.label}"`);

  const crlfOnly = /\r\n/.test(text) && !/(^|[^\r])\n/.test(text);
  for (const x of diags) {
    for (const a of s.codeActions(d, x.range, [x])) {
      const edits = a.edit?.changes?.[SYSCTL_URI] ?? [];
      for (const e of edits) assertRangeInside(d, e.range, `edit of "${a.title}"`);
      const after = applyEdits(d, edits);
      if (a.title === 'Move the comment onto its own line')
        assert.equal(chars(after), chars(text), `"${a.title}" keeps every character: ${JSON.stringify(after)}`);
      if (a.title === 'Remove the byte order mark') assert.equal(after, text.slice(1));
      if (a.title.startsWith('Add ')) {
        const left = splitLines(after);
        for (const l of splitLines(text).filter((x) => x.trim() !== '')) {
          const at = left.indexOf(l);
          assert.ok(at >= 0, `"${a.title}" keeps the line ${JSON.stringify(l)}`);
          left.splice(at, 1);
        }
      }
      if (crlfOnly) assert.ok(!/(^|[^\r])\n/.test(after), `"${a.title}" keeps CRLF line breaks: ${JSON.stringify(after)}`);
    }
  }

  const editRange = (i: CompletionItem) => (i.textEdit && 'range' in i.textEdit ? i.textEdit.range : undefined);
  for (const p of positionsFor(text, picks)) {
    const h = s.hover(d, p);
    if (h?.range) assertRangeInside(d, h.range, 'hover');
    const c = s.completion(d, p);
    for (const i of c.items.slice(0, 20)) {
      const r = editRange(i);
      if (r) assertRangeInside(d, r, `completion edit of ${i.label}`);
    }
  }
  for (const sym of s.documentSymbols(d)) {
    assertRangeInside(d, sym.range, `symbol ${sym.name}`);
    assertRangeInside(d, sym.selectionRange, `selection of symbol ${sym.name}`);
  }
  for (const f of s.foldingRanges(d)) assert.ok(f.startLine >= 0 && f.startLine < f.endLine && f.endLine < lineCount, `folding range ${JSON.stringify(f)}`);
  for (let line = 0; line < Math.min(lineCount, 10); line++) assert.equal(typeof s.timeline(d, line, line % 2 ? 'text' : 'markdown'), 'string');
}

describe('the whole service', () => {
  const picks = fc.array(fc.nat({ max: 10_000 }), { minLength: 1, maxLength: 8 });
  const idle = fc.constantFrom(300, 120, 30, 3600);

  test('never throws on realistic files; every range lies inside the document', () => {
    fc.assert(fc.property(realisticFile, realisticFile, picks, idle, exerciseService), { numRuns: RUNS });
  });

  test('never throws on mutated files', () => {
    fc.assert(fc.property(mutatedFile, mutatedFile, picks, idle, exerciseService), { numRuns: RUNS });
  });

  test('never throws on arbitrary text', () => {
    fc.assert(fc.property(anyText, anyText, picks, idle, exerciseService), { numRuns: RUNS });
  });

  test('a CRLF file gets the same diagnostics, lenses and hints as its LF twin', () => {
    fc.assert(
      fc.property(realisticFile, (text) => {
        const lf = text.replace(/\r\n/g, '\n');
        const crlf = lf.replace(/\n/g, '\r\n');
        const s = sysctlService();
        const view = (t: string) => {
          const d = sysctlDoc(t);
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
