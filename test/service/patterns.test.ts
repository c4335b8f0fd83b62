/**
 * OpenSSH pattern matching (match.c) and how Host and Match use it.
 *
 *   node --import tsx --test test/service/patterns.test.ts
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { asciiLower, matchHostname, matchPattern, matchPatternList, patternMatcher } from '../../server/src/service/model/patterns';
import { doc, lines, service } from '../fixtures';

describe('matchPattern', () => {
  const CASES: ReadonlyArray<[string, string, boolean]> = [
    ['web1', 'web1', true],
    ['web1', 'web*', true],
    ['web', 'web*', true],
    ['web1', '*', true],
    ['', '*', true],
    ['', '', true],
    ['a', '', false],
    ['web12', 'web?', false],
    ['web1', 'web?', true],
    ['web', 'web?', false],
    ['a.b.example.com', '*.example.com', true],
    ['example.com', '*.example.com', false],
    ['abcabd', '*ab?', true],
    ['aXbXc', 'a*b*c', true],
    ['aXbXd', 'a*b*c', false],
    ['foo', 'FOO', false],
    ['abc', '**c', true],
    ['a,b', 'a,b', true],
    // A `*` or `?` in the name is an ordinary character (measured with ssh -G 9.2: `Host *` applies to `**`).
    ['**', '*', true],
    ['*', '*', true],
    ['*b', 'w*', false],
    ['w*b', '*b', true],
    ['w*b', 'w*b', true],
    ['**', 'w*', false],
    ['*.*', '*.*', true],
    ['*', '?', true],
    ['a*', 'a*?', true],
  ];
  for (const [s, p, want] of CASES) {
    test(`"${s}" ${want ? 'matches' : 'does not match'} "${p}"`, () => {
      assert.equal(matchPattern(s, p), want);
    });
  }
});

/** match.c's match_pattern, transcribed (the recursion the iterative matcher must agree with). */
function matchC(s: string, p: string): boolean {
  let i = 0;
  let j = 0;
  for (;;) {
    if (j === p.length) return i === s.length;
    if (p[j] === '*') {
      while (p[j] === '*') j++;
      if (j === p.length) return true;
      if (p[j] !== '?' && p[j] !== '*') {
        for (; i < s.length; i++) if (s[i] === p[j] && matchC(s.slice(i + 1), p.slice(j + 1))) return true;
        return false;
      }
      for (; i < s.length; i++) if (matchC(s.slice(i), p.slice(j))) return true;
      return false;
    }
    if (i === s.length) return false;
    if (p[j] !== '?' && p[j] !== s[i]) return false;
    i++;
    j++;
  }
}

test('matchPattern and patternMatcher agree with match.c on every name and pattern of up to 4 characters over a, b, *, ?', () => {
  const words: string[] = [''];
  for (let n = 0; n < 4; n++) for (const w of words.slice()) if (w.length === n) for (const c of 'ab*?') words.push(w + c);
  let compared = 0;
  for (const s of words) {
    for (const p of words) {
      const want = matchC(s, p);
      assert.equal(matchPattern(s, p), want, `"${s}" against "${p}"`);
      assert.equal(patternMatcher(p)(s), want, `"${s}" against prepared "${p}"`);
      compared++;
    }
  }
  assert.equal(compared, 341 * 341);
});

describe('matchPatternList', () => {
  const CASES: ReadonlyArray<[string, string, boolean, 1 | 0 | -1]> = [
    ['web1', 'web*,db*', false, 1],
    ['db1', 'web*,db*', false, 1],
    ['mail', 'web*,db*', false, 0],
    ['web1', 'web*,!web1', false, -1],
    ['web2', 'web*,!web1', false, 1],
    ['web1', '!web1,web*', false, -1],
    ['web1', '!db*', false, 0],
    ['WEB1', 'web*', false, 0],
    ['web1', 'WEB*', true, 1],
  ];
  for (const [s, list, lower, want] of CASES) {
    test(`"${s}" against "${list}"${lower ? ' (lower-cased patterns)' : ''} is ${want}`, () => {
      assert.equal(matchPatternList(s, list, lower), want);
    });
  }

  test('a sub-pattern of 1023 characters or more never matches', () => {
    const long = 'a'.repeat(1023);
    assert.equal(matchPatternList(long, long, false), 0);
    assert.equal(matchPatternList('a'.repeat(1022), 'a'.repeat(1022), false), 1);
  });
});

describe('matchHostname', () => {
  test('lower-cases the host and the patterns', () => {
    assert.deepStrictEqual(
      [matchHostname('FOO', 'foo'), matchHostname('foo', 'FOO'), matchHostname('Web1', 'WEB*,!web2'), matchHostname('WEB2', 'web*,!Web2')],
      [1, 1, 1, -1],
    );
  });

  test('asciiLower leaves non-ASCII letters alone, as C tolower does', () => {
    assert.equal(asciiLower('ÄBC-Ω'), 'Äbc-Ω');
  });
});

describe('Host and Match in a config', () => {
  const sai = (text: string, host: string) => service().analyzeSsh(doc(text)).resolve(host).values.get('serveraliveinterval')?.value;

  test('Host patterns are case-sensitive: Host FOO does not match foo', () => {
    const text = lines('Host FOO', '  ServerAliveInterval 7');
    assert.deepStrictEqual([sai(text, 'foo'), sai(text, 'FOO')], [undefined, '7']);
  });

  test('Match host is case-insensitive', () => {
    const text = lines('Match host FOO', '  ServerAliveInterval 7');
    assert.deepStrictEqual([sai(text, 'foo'), sai(text, 'FOO'), sai(text, 'bar')], ['7', '7', undefined]);
  });

  test('Host wildcards', () => {
    const text = lines('Host web-? *.example.com', '  ServerAliveInterval 7');
    assert.deepStrictEqual(
      ['web-1', 'web-12', 'a.example.com', 'example.com'].map((h) => sai(text, h)),
      ['7', undefined, '7', undefined],
    );
  });

  test('Host takes whitespace-separated patterns: a comma is an ordinary character', () => {
    const text = lines('Host a*,!ab', '  ServerAliveInterval 7');
    assert.deepStrictEqual(
      ['ax', 'ab', 'a*,!ab'].map((h) => sai(text, h)),
      [undefined, undefined, '7'],
    );
  });

  test('a matching negated Host pattern cancels the line, in any position', () => {
    for (const header of ['Host a* !ab', 'Host !ab a*']) {
      const text = lines(header, '  ServerAliveInterval 7');
      assert.deepStrictEqual(
        ['ax', 'ab'].map((h) => sai(text, h)),
        ['7', undefined],
        header,
      );
    }
  });

  test('Match host takes a comma list with negation', () => {
    const text = lines('Match host a*,!ab', '  ServerAliveInterval 7');
    assert.deepStrictEqual(
      ['ax', 'ab', 'b'].map((h) => sai(text, h)),
      ['7', undefined, undefined],
    );
  });

  test('Match !host negates the criterion', () => {
    const text = lines('Match !host ab', '  ServerAliveInterval 7');
    assert.deepStrictEqual(
      ['ax', 'ab'].map((h) => sai(text, h)),
      ['7', undefined],
    );
  });
});
