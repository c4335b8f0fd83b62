/**
 * Property tests of the option-file service over every request: on realistic, mutated and arbitrary files nothing
 * throws, every range lies inside the document, every quick fix keeps what the user wrote, and CRLF files behave as
 * their LF twins.
 *
 *   node --import tsx --test test/service/mycnf-features-properties.test.ts
 *   PROPERTY_RUNS=5000 node --import tsx --test test/service/mycnf-features-properties.test.ts   (a longer hunt)
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionItem, Diagnostic } from 'vscode-languageserver-types';
import { commentStart, type MycnfLine, tokenizeMycnf } from '../../server/src/service/syntax/mycnf';
import { splitLines } from '../../server/src/service/syntax/text';
import { anyTextOf, mutated, realisticFileOf } from '../arbitraries';
import { assertRangeInside, positionsFor, range } from '../fixtures';
import { applyAction, MYCNF_URI, mycnfDoc, mycnfService } from '../mycnfFixtures';

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

const realisticFile = realisticFileOf(REALISTIC_LINES);

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
    assertRangeInside(d, x.range, `diagnostic ${x.code}`);
    for (const r of x.relatedInformation ?? []) if (r.location.uri === MYCNF_URI) assertRangeInside(d, r.location.range, `related information of ${x.code}`);
  }
  const analysis = s.analyzeMycnf(d);
  for (const sc of analysis.scopes) assertRangeInside(d, range(sc.span.line, sc.span.start, sc.span.end), `scope ${sc.label}`);
  for (const l of s.codeLens(d)) assertRangeInside(d, l.range, 'code lens');
  for (const h of s.inlayHints(d, { start: { line: 0, character: 0 }, end: { line: lineCount, character: 0 } }))
    assertRangeInside(d, { start: h.position, end: h.position }, `inlay hint "${h.label}"`);

  for (const x of diags) {
    for (const a of s.codeActions(d, x.range, [x])) {
      for (const e of a.edit?.changes?.[MYCNF_URI] ?? []) assertRangeInside(d, e.range, `edit of "${a.title}"`);
      const after = applyAction(d, a);
      if (checkFixes) checkFix(d, x, a.title, after);
    }
  }

  const editRange = (i: CompletionItem) => (i.textEdit && 'range' in i.textEdit ? i.textEdit.range : undefined);
  for (const p of positionsFor(text, picks)) {
    const h = s.hover(d, p);
    if (h?.range) assertRangeInside(d, h.range, 'hover');
    for (const i of s.completion(d, p).items.slice(0, 30)) {
      const r = editRange(i);
      if (r) assertRangeInside(d, r, `completion edit of ${i.label}`);
    }
  }
  for (const sym of s.documentSymbols(d)) {
    assertRangeInside(d, sym.range, `symbol ${sym.name}`);
    assertRangeInside(d, sym.selectionRange, `selection of symbol ${sym.name}`);
    for (const c of sym.children ?? []) assertRangeInside(d, c.range, `symbol ${c.name}`);
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
