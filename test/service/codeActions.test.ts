/**
 * Quick fixes: each is applied to its document and the WHOLE resulting text compared.
 *
 *   node --import tsx --test test/service/codeActions.test.ts
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { CodeAction, TextEdit } from 'vscode-languageserver-types';
import type { Settings } from '../../server/src/service';
import type { FixData } from '../../server/src/service/analysis/types';
import { fixEdits } from '../../server/src/service/features/codeActions';
import { applyEdits, doc, lines, rangeInside, service, URI } from '../fixtures';

/** The quick fixes offered for the diagnostics of one code (all of them, in order). */
function actionsFor(text: string, code: string, settings: Partial<Settings> = {}): { actions: CodeAction[]; apply(a: CodeAction): string } {
  const s = service(settings);
  const d = doc(text);
  const diags = s.diagnostics(d).filter((x) => x.code === code);
  assert.ok(diags.length > 0, `the text has a ${code} diagnostic`);
  const actions = s.codeActions(d, diags[0].range, diags);
  return {
    actions,
    apply: (a) => {
      const edits = a.edit?.changes?.[URI];
      assert.ok(edits, `${a.title} edits the document`);
      return applyEdits(d, edits);
    },
  };
}

/** The text after applying the fix with this title (or the preferred one) of the first diagnostic with this code. */
function fixed(text: string, code: string, title?: string, settings: Partial<Settings> = {}): string {
  const { actions, apply } = actionsFor(text, code, settings);
  const action = title === undefined ? actions.find((a) => a.isPreferred) : actions.find((a) => a.title === title);
  assert.ok(action, `a fix ${title ?? '(preferred)'} among: ${actions.map((a) => a.title).join(' | ')}`);
  return apply(action);
}

/** Every non-blank line of the original is still there, as many times. */
function keepsEveryLine(before: string, after: string): void {
  const count = (t: string) => {
    const m = new Map<string, number>();
    for (const l of t.split(/\r\n|\r|\n/)) if (l.trim() !== '') m.set(l, (m.get(l) ?? 0) + 1);
    return [...m].sort();
  };
  assert.deepStrictEqual(count(after), count(before));
}

const KEEPALIVE = ['Host *', '  ServerAliveInterval 60'];

describe('replacements', () => {
  test('typo fix: did you mean', () => {
    assert.equal(
      fixed(lines('Host *', '  ServerAliveIntervl 30'), 'ssh/unknown-keyword', 'Change to ServerAliveInterval'),
      lines('Host *', '  ServerAliveInterval 30'),
    );
  });

  test('30#x -> 30 #x', () => {
    assert.equal(fixed(lines('Host a', '  ServerAliveInterval 30#x'), 'ssh/invalid-time'), lines('Host a', '  ServerAliveInterval 30 #x'));
  });

  test('a version-dependent time is written in seconds', () => {
    assert.equal(fixed(lines(...KEEPALIVE, '  ConnectTimeout 30s10'), 'ssh/time-version-dependent'), lines(...KEEPALIVE, '  ConnectTimeout 40'));
  });

  test('an interval above the idle timeout is shortened', () => {
    assert.equal(
      fixed(lines('Host a', '  ServerAliveInterval 400', '  ServerAliveCountMax 1'), 'ssh/interval-above-idle-timeout', undefined, { detectionTarget: 1000 }),
      lines('Host a', '  ServerAliveInterval 60', '  ServerAliveCountMax 1'),
    );
  });

  test('detection slower than the target: the interval that meets it', () => {
    assert.equal(fixed(lines('Host a', '  ServerAliveInterval 200'), 'ssh/detection-slower-than-target'), lines('Host a', '  ServerAliveInterval 150'));
  });

  test('ServerAliveCountMax 0 back to 3', () => {
    assert.equal(
      fixed(lines('Host a', '  ServerAliveInterval 60', '  ServerAliveCountMax 0'), 'ssh/count-max-zero'),
      lines('Host a', '  ServerAliveInterval 60', '  ServerAliveCountMax 3'),
    );
  });

  test('extra arguments become a comment', () => {
    assert.equal(
      fixed(lines(...KEEPALIVE, '  ServerAliveCountMax 3 5 8'), 'ssh/extra-arguments', 'Turn the extra words into a comment'),
      lines(...KEEPALIVE, '  ServerAliveCountMax 3 # 5 8'),
    );
  });

  test('BOM removal', () => {
    assert.equal(fixed('\uFEFFServerAliveInterval 30\n', 'ssh/byte-order-mark'), 'ServerAliveInterval 30\n');
  });
});

describe('removing a duplicate', () => {
  test('in the middle of the file', () => {
    assert.equal(
      fixed(lines('Host a', '  ServerAliveInterval 30', '  ServerAliveInterval 60', '  User bob', ...KEEPALIVE), 'ssh/duplicate-in-block'),
      lines('Host a', '  ServerAliveInterval 30', '  User bob', ...KEEPALIVE),
    );
  });

  test('on the last line, with and without a final line break', () => {
    assert.equal(
      fixed(lines('Host a', '  ServerAliveInterval 30', '  ServerAliveInterval 60'), 'ssh/duplicate-in-block'),
      lines('Host a', '  ServerAliveInterval 30'),
    );
    assert.equal(
      fixed(lines('Host a', '  ServerAliveInterval 30', '  ServerAliveInterval 60', ''), 'ssh/duplicate-in-block'),
      lines('Host a', '  ServerAliveInterval 30', ''),
    );
  });

  test('CRLF', () => {
    const crlf = (...ls: string[]) => ls.join('\r\n');
    assert.equal(
      fixed(crlf('Host a', '  ServerAliveInterval 30', '  ServerAliveInterval 60', '  User bob', ''), 'ssh/duplicate-in-block'),
      crlf('Host a', '  ServerAliveInterval 30', '  User bob', ''),
    );
  });
});

describe('moving Host * to the end', () => {
  const TITLE = 'Move the general "Host *" block to the end of the file';

  test('keeps the comment lines directly above it', () => {
    const before = lines(
      '# defaults for everyone',
      '# (keepalive)',
      'Host *',
      '  ServerAliveInterval 30',
      '',
      'Host web',
      '  HostName web.example.com',
      '  ServerAliveInterval 60',
    );
    const after = fixed(before, 'ssh/shadowed-by-earlier-host', TITLE);
    assert.equal(
      after,
      lines(
        'Host web',
        '  HostName web.example.com',
        '  ServerAliveInterval 60',
        '',
        '# defaults for everyone',
        '# (keepalive)',
        'Host *',
        '  ServerAliveInterval 30',
      ),
    );
    keepsEveryLine(before, after);
  });

  test('with a final line break', () => {
    const before = lines('Host *', '  ServerAliveInterval 30', '', 'Host web', '  ServerAliveInterval 60', '');
    const after = fixed(before, 'ssh/shadowed-by-earlier-host', TITLE);
    assert.equal(after, lines('Host web', '  ServerAliveInterval 60', '', 'Host *', '  ServerAliveInterval 30', ''));
    keepsEveryLine(before, after);
  });

  test('leaves the next block its own comment, and keeps a comment inside the block', () => {
    const before = lines('Host *', '  ServerAliveInterval 30', '  # still Host *', '', '# web servers', 'Host web', '  ServerAliveInterval 60');
    const after = fixed(before, 'ssh/shadowed-by-earlier-host', TITLE);
    assert.equal(after, lines('# web servers', 'Host web', '  ServerAliveInterval 60', '', 'Host *', '  ServerAliveInterval 30', '  # still Host *'));
    keepsEveryLine(before, after);
  });

  test('after a global section, with no blank lines anywhere', () => {
    const before = lines('User bob', 'Host *', '  ServerAliveInterval 30', 'Host web', '  ServerAliveInterval 60');
    const after = fixed(before, 'ssh/shadowed-by-earlier-host', TITLE);
    assert.equal(after, lines('User bob', 'Host web', '  ServerAliveInterval 60', '', 'Host *', '  ServerAliveInterval 30'));
    keepsEveryLine(before, after);
  });

  test('CRLF line breaks stay CRLF', () => {
    const crlf = (...ls: string[]) => ls.join('\r\n');
    const before = crlf('Host *', '  ServerAliveInterval 30', '', 'Host web', '  ServerAliveInterval 60', '');
    assert.equal(
      fixed(before, 'ssh/shadowed-by-earlier-host', TITLE),
      crlf('Host web', '  ServerAliveInterval 60', '', 'Host *', '  ServerAliveInterval 30', ''),
    );
  });

  test('Match all counts as general too', () => {
    const before = lines('Match all', '  ServerAliveInterval 30', 'Host web', '  ServerAliveInterval 60');
    const after = fixed(before, 'ssh/shadowed-by-earlier-host', 'Move the general "Match all" block to the end of the file');
    assert.equal(after, lines('Host web', '  ServerAliveInterval 60', '', 'Match all', '  ServerAliveInterval 30'));
  });

  test('the byte order mark stays at the start of the file', () => {
    const before = lines('\uFEFFHost *', '  ServerAliveInterval 30', 'Host web', '  ServerAliveInterval 60');
    const after = fixed(before, 'ssh/shadowed-by-earlier-host', TITLE);
    assert.equal(after, lines('\uFEFFHost web', '  ServerAliveInterval 60', '', 'Host *', '  ServerAliveInterval 30'));
  });
});

describe('adding ServerAliveInterval', () => {
  test("to one block, with the file's tab indentation", () => {
    const before = lines('Host a', '\tServerAliveInterval 60', 'Host b', '\tUser carol');
    assert.equal(
      fixed(before, 'ssh/no-server-alive', 'Add ServerAliveInterval 60 to this block'),
      lines('Host a', '\tServerAliveInterval 60', 'Host b', '\tServerAliveInterval 60', '\tServerAliveCountMax 5', '\tUser carol'),
    );
  });

  test("to one block, with the file's four-space indentation", () => {
    const before = lines('Host a', '    ServerAliveInterval 60', 'Host b', '    User carol');
    assert.equal(
      fixed(before, 'ssh/no-server-alive'),
      lines('Host a', '    ServerAliveInterval 60', 'Host b', '    ServerAliveInterval 60', '    ServerAliveCountMax 5', '    User carol'),
    );
  });

  test('the block keeps its own ServerAliveCountMax', () => {
    const before = lines('Host a', '  ServerAliveInterval 60', 'Host b', '  ServerAliveCountMax 2');
    assert.equal(
      fixed(before, 'ssh/no-server-alive'),
      lines('Host a', '  ServerAliveInterval 60', 'Host b', '  ServerAliveInterval 60', '  ServerAliveCountMax 2'),
    );
  });

  test('a Host * block at the end when no host has it', () => {
    const before = lines('Host a', '  User bob');
    assert.equal(
      fixed(before, 'ssh/no-server-alive', 'Add "Host *" with ServerAliveInterval 60 and ServerAliveCountMax 5 at the end'),
      lines('Host a', '  User bob', '', 'Host *', '  ServerAliveInterval 60', '  ServerAliveCountMax 5'),
    );
  });

  test('a Host * block at the end of a file that ends with a blank line', () => {
    const before = lines('Host a', '\tUser bob', '', '');
    assert.equal(fixed(before, 'ssh/no-server-alive'), lines('Host a', '\tUser bob', '', 'Host *', '\tServerAliveInterval 60', '\tServerAliveCountMax 5', ''));
  });

  test('a Host * block at the end of a file that ends with a line break', () => {
    const before = lines('Host a', '  User bob', '');
    assert.equal(fixed(before, 'ssh/no-server-alive'), lines('Host a', '  User bob', '', 'Host *', '  ServerAliveInterval 60', '  ServerAliveCountMax 5', ''));
  });

  test('the suggestion follows the idle timeout and the target', () => {
    const before = lines('Host a', '  User bob');
    assert.equal(
      fixed(before, 'ssh/no-server-alive', undefined, { idleTimeout: 40, detectionTarget: 120 }),
      lines('Host a', '  User bob', '', 'Host *', '  ServerAliveInterval 20', '  ServerAliveCountMax 5'),
    );
  });
});

describe('actions', () => {
  test('a fix names its diagnostic and is a quickfix', () => {
    const { actions } = actionsFor(lines('Host *', '  ServerAliveIntervl 30'), 'ssh/unknown-keyword');
    assert.deepStrictEqual(
      actions.map((a) => ({ title: a.title, kind: a.kind, isPreferred: a.isPreferred, codes: a.diagnostics?.map((d) => d.code) })),
      [{ title: 'Change to ServerAliveInterval', kind: 'quickfix', isPreferred: true, codes: ['ssh/unknown-keyword'] }],
    );
  });

  test('diagnostics from other sources are ignored', () => {
    const s = service();
    const d = doc('ServerAliveInterval 5x');
    const foreign = s.diagnostics(d).map((x) => ({ ...x, source: 'other' }));
    assert.deepStrictEqual(s.codeActions(d, foreign[0].range, foreign), []);
  });
});

describe('line fixes on any line numbers (the data comes back from the client)', () => {
  const move = (text: string, from: number, to: number, after: number): string => {
    const d = doc(text);
    return applyEdits(d, fixEdits(d, { kind: 'moveLines', title: 'Move', from, to, after }));
  };

  test('moveLines to the top (after -1): before the first line, after a byte order mark', () => {
    assert.equal(move(lines('A', 'B', 'C'), 2, 2, -1), lines('C', 'A', 'B'));
    assert.equal(move(lines('A', 'B', 'C', ''), 1, 2, -1), lines('B', 'C', 'A', ''));
    assert.equal(move(lines('\uFEFFA', 'B'), 1, 1, -1), lines('\uFEFFB', 'A'));
  });

  test('moveLines upwards after a line, and downwards as the fixes use it', () => {
    assert.equal(move(lines('A', 'B', 'C', 'D'), 3, 3, 0), lines('A', 'D', 'B', 'C'));
    assert.equal(move(lines('A', 'B', 'C', 'D'), 0, 1, 3), lines('C', 'D', '', 'A', 'B'));
  });

  test('moveLines where the lines already are, or into themselves: no edit', () => {
    const d = doc(lines('A', 'B', 'C'));
    const edits = (from: number, to: number, after: number) => fixEdits(d, { kind: 'moveLines', title: 'Move', from, to, after });
    assert.deepStrictEqual([edits(1, 2, 0), edits(1, 2, 1), edits(1, 2, 2), edits(0, 0, -1), edits(2, 1, 1)], [[], [], [], [], []]);
  });

  test('out of range, reversed, fractional or not a number: clamped to the document, never a throw', () => {
    assert.equal(move(lines('A', 'B', 'C'), 2, 9, -5), lines('C', 'A', 'B'));
    assert.equal(move(lines('A', 'B', 'C'), 2, 0, 7), lines('A', 'B', 'C'));
    assert.equal(move(lines('A', 'B', 'C'), 2.7, 2.2, Number.NEGATIVE_INFINITY), lines('C', 'A', 'B'));
    assert.equal(move(lines('A', 'B', 'C'), Number.NaN, Number.NaN, Number.NaN), lines('A', 'B', 'C'));
    assert.equal(move('', 0, 0, 5), '');
  });

  /** Edits in document order must not overlap (LSP). */
  const overlaps = (edits: readonly TextEdit[]): boolean => {
    const sorted = [...edits].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    return sorted.some((e, i) => {
      const next = sorted[i + 1];
      if (!next) return false;
      const { end } = e.range;
      const { start } = next.range;
      return start.line < end.line || (start.line === end.line && start.character < end.character);
    });
  };
  const kept = (t: string) =>
    t
      .replace(/^\uFEFF/, '')
      .split(/\r\n|\n/)
      .filter((l) => l.trim() !== '')
      .sort();

  test('any moveLines, deleteLines or insertLines: edits inside the document, not overlapping; a move keeps every line', () => {
    const text = fc
      .tuple(fc.boolean(), fc.array(fc.constantFrom('Host a', '  User b', '', '# c', 'Host *'), { maxLength: 8 }), fc.constantFrom('\n', '\r\n'))
      .map(([bom, ls, eol]) => (bom ? '\uFEFF' : '') + ls.join(eol));
    const n = fc.oneof(fc.integer({ min: -3, max: 12 }), fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, 1.5));
    const fix = fc.oneof(
      fc.tuple(n, n, n).map(([from, to, after]): FixData => ({ kind: 'moveLines', title: 'm', from, to, after })),
      fc.tuple(n, n).map(([from, to]): FixData => ({ kind: 'deleteLines', title: 'd', from, to })),
      n.map((afterLine): FixData => ({ kind: 'insertLines', title: 'i', afterLine, lines: ['X 1'] })),
    );
    fc.assert(
      fc.property(text, fix, (t, f) => {
        const d = doc(t);
        const edits = fixEdits(d, f);
        for (const e of edits) assert.ok(rangeInside(d, e.range), JSON.stringify({ t, f, e }));
        assert.ok(!overlaps(edits), JSON.stringify({ t, f, edits }));
        const after = applyEdits(d, edits);
        if (f.kind === 'moveLines') {
          assert.deepStrictEqual(kept(after), kept(t), JSON.stringify({ t, f, after }));
          assert.equal(after.startsWith('\uFEFF'), t.startsWith('\uFEFF'));
        }
      }),
      { numRuns: 500 },
    );
  });
});
