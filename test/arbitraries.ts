/** Text generators shared by the property tests of every dialect. */
import fc from 'fast-check';

/** A realistic file with random edits: inserted junk (drawn from `syntaxChar`), deleted ranges, cut-off endings. */
export function mutated(realistic: fc.Arbitrary<string>, syntaxChar: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .tuple(realistic, fc.array(fc.tuple(fc.nat(), fc.nat({ max: 6 }), fc.string({ unit: syntaxChar, maxLength: 4 })), { maxLength: 6 }))
    .map(([text, edits]) => {
      let t = text;
      for (const [at, del, ins] of edits) {
        const p = t.length === 0 ? 0 : at % (t.length + 1);
        t = t.slice(0, p) + ins + t.slice(p + del);
      }
      return t;
    });
}

/** Any text at all: random strings, binary junk, the dialect's syntax characters, realistic and mutated files. */
export function anyTextOf(realistic: fc.Arbitrary<string>, syntaxChar: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.string({ unit: syntaxChar, maxLength: 120 }),
    realistic,
    mutated(realistic, syntaxChar),
  );
}

/**
 * A file from lines: each line ends with `\n`, `\r\n` or a lone `\r` (weighted towards the common ones), the last one
 * sometimes without a line break, the whole sometimes behind a byte order mark.
 */
export function fileOfLines(line: fc.Arbitrary<string>, maxLines = 20): fc.Arbitrary<string> {
  const eol = fc.constantFrom('\n', '\n', '\n', '\r\n', '\r\n', '\r');
  return fc.tuple(fc.array(fc.tuple(line, eol), { maxLength: maxLines }), fc.boolean(), fc.boolean()).map(([ls, bom, finalEol]) => {
    const text = ls.map(([l, e], i) => (i < ls.length - 1 || finalEol ? l + e : l)).join('');
    return (bom ? '\uFEFF' : '') + text;
  });
}

/** A non-empty token of `unit` characters with no whitespace at either end (a name or a value as a parser trims it). */
export function trimmedToken(unit: fc.Arbitrary<string>, maxLength = 12): fc.Arbitrary<string> {
  return fc.string({ unit, minLength: 1, maxLength }).filter((s) => s.trim() === s && s.length > 0);
}

/**
 * A file of lines picked from `lines`, one line ending for the whole file (LF or CRLF), with or without a byte order
 * mark and a final line ending; a line that starts with a BOM keeps it only as the first line.
 */
export function realisticFileOf(lines: readonly string[], maxLines = 20): fc.Arbitrary<string> {
  return fc
    .tuple(fc.array(fc.constantFrom(...lines), { maxLength: maxLines }), fc.constantFrom('\n', '\r\n'), fc.boolean(), fc.boolean())
    .map(([ls, eol, bom, finalEol]) => {
      const text = ls.map((l, i) => (i > 0 ? l.replace(/^\uFEFF/, '') : l)).join(eol);
      return (bom && !text.startsWith('\uFEFF') ? '\uFEFF' : '') + text + (finalEol ? eol : '');
    });
}
