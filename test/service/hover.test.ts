/**
 * Hover: the directive's documentation, the effective value for the block's host and the
 * block's timeline. The `|` in a fixture is where the mouse is.
 *
 *   node --import tsx --test test/service/hover.test.ts
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Range } from 'vscode-languageserver-types';
import { doc, fixture, range, service } from '../fixtures';

interface Seen {
  range: Range | undefined;
  /** The first line of each section (sections are separated by a rule); a heading, or the keyword, with the line after it. */
  sections: string[];
  /** The "Effective for" section, when there is one. */
  effective?: string;
}

/** A section's first line (a heading with the line after it); the effective value too when it follows the keyword line. */
function head(section: string): string {
  const ls = section.split('\n').filter((l) => l !== '');
  return ls.slice(0, ls[0].startsWith('### ') || ls[1]?.startsWith('Effective for') ? 2 : 1).join(' / ');
}

function hoverAt(textWithBar: string): Seen | null {
  const { text, position } = fixture(textWithBar);
  const h = service().hover(doc(text), position);
  if (!h) return null;
  const value = (h.contents as { kind: string; value: string }).value;
  assert.equal((h.contents as { kind: string }).kind, 'markdown');
  const parts = value.split('\n\n---\n\n');
  const seen: Seen = { range: h.range, sections: parts.map(head) };
  const eff = value.split('\n\n').find((p) => p.startsWith('Effective for'));
  if (eff) seen.effective = eff;
  return seen;
}

function check(textWithBar: string, expected: Seen | null): void {
  assert.deepStrictEqual(hoverAt(textWithBar), expected);
}

const SAI_DOC = '**ServerAliveInterval** `time | none`';
const SACM_DOC = '**ServerAliveCountMax** `integer`';

describe('keepalive directives', () => {
  test('the line that takes effect', () => {
    check('Host web\n  ServerAlive|Interval 60', {
      range: range(1, 2, 24),
      sections: [
        `${SAI_DOC} / Effective for web: **60**, from line 2 (this line).`,
        'Idle time without data from the server after which ssh sends an encrypted keepalive request.',
        '### Host web / **dead server detected after 4 min (60 s × (3 + 1)) · probes every 60 s, gives up after 3 unanswered · host web**',
      ],
      effective: 'Effective for web: **60**, from line 2 (this line).',
    });
  });

  test('a line shadowed by an earlier Host *', () => {
    check('Host *\n  ServerAliveInterval 30\nHost web\n  ServerAliveInterval 6|0', {
      range: range(3, 2, 24),
      sections: [
        `${SAI_DOC} / Effective for web: **30**, from line 2. This line never takes effect.`,
        'Idle time without data from the server after which ssh sends an encrypted keepalive request.',
        '### Host web / **dead server detected after 2 min (30 s × (3 + 1)) · probes every 30 s, gives up after 3 unanswered · host web**',
      ],
      effective: 'Effective for web: **30**, from line 2. This line never takes effect.',
    });
  });

  test('ServerAliveInterval none: the later line is the effective one', () => {
    const h = hoverAt('Host a\n  ServerAliveInterval no|ne\n  ServerAliveInterval 60');
    assert.equal(h?.effective, 'Effective for a: **60**, from line 3. This line never takes effect.');
  });

  test('an invalid value leaves the default in effect', () => {
    const h = hoverAt('Host a\n  ServerAliveInterval 60\n  TCPKeep|Alive maybe');
    assert.equal(h?.effective, 'Effective for a: **yes**, from default (yes).');
  });

  test('ServerAliveCountMax from a later block, with the interval from this one', () => {
    check('Host web\n  ServerAlive|CountMax 1\n  ServerAliveInterval 20', {
      range: range(1, 2, 23),
      sections: [
        `${SACM_DOC} / Effective for web: **1**, from line 2 (this line).`,
        'How many server-alive checks may go unanswered before ssh disconnects.',
        '### Host web / **dead server detected after 40 s (20 s × (1 + 1)) · probes every 20 s, gives up after 1 unanswered · host web**',
      ],
      effective: 'Effective for web: **1**, from line 2 (this line).',
    });
  });

  test('the alias KeepAlive speaks for TCPKeepAlive', () => {
    const h = hoverAt('Host a\n  TCPKeepAlive no\n  Keep|Alive yes\n  ServerAliveInterval 60');
    assert.equal(h?.effective, 'Effective for a: **no**, from line 2. This line never takes effect.');
  });

  test('hosts like: a wildcard block is computed for an example host', () => {
    const h = hoverAt('Host web-*\n  |ServerAliveInterval 60');
    assert.equal(h?.effective, 'Effective for hosts like web-example: **60**, from line 2 (this line).');
  });
});

describe('other lines', () => {
  test('a Host line shows the block timeline', () => {
    check('Ho|st web\n  ServerAliveInterval 60', {
      range: range(0, 0, 8),
      sections: ['**dead server detected after 4 min (60 s × (3 + 1)) · probes every 60 s, gives up after 3 unanswered · host web**'],
    });
  });

  test('a directive outside the keepalive family: its documentation only', () => {
    check('Host web\n  User b|ob\n  ServerAliveInterval 60', { range: range(1, 2, 10), sections: ['**User** `user`'] });
  });

  test('the range ends at the last argument; the position right after it still hovers', () => {
    check('Host web\n  User bob|   # me\n  ServerAliveInterval 60', { range: range(1, 2, 10), sections: ['**User** `user`'] });
  });

  test('nothing on comments, blank lines, indentation, trailing space and unknown keywords', () => {
    for (const t of [
      '|# comment\nHost a',
      'Host a\n|\n  User bob',
      'Host a\n | User bob',
      'Host a\n  User bob  |',
      'Host a\n  Frob|nicate 1',
      'Host a\n  User bob # c|omment',
    ]) {
      assert.equal(hoverAt(t), null, t);
    }
  });

  test('outside the document', () => {
    const s = service();
    const d = doc('Host a\n  User bob');
    assert.equal(s.hover(d, { line: 7, character: 0 }), null);
    assert.equal(s.hover(d, { line: 1, character: 400 }), null);
  });

  test('a byte order mark shifts nothing: the range starts after it', () => {
    const h = hoverAt('\uFEFF|ServerAliveInterval 30');
    assert.deepStrictEqual(h?.range, range(0, 1, 23));
    assert.equal(hoverAt('|\uFEFFServerAliveInterval 30'), null);
  });

  test('tabs and equals signs', () => {
    assert.deepStrictEqual(hoverAt('Host a\n\tServerAliveInterval\t=\t6|0')?.range, range(1, 1, 25));
  });
});
