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
