/**
 * Inlay hints: durations after time values, and what the keepalive pair adds up to.
 *
 *   node --import tsx --test test/service/inlayHints.test.ts
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { InlayHint, Range } from 'vscode-languageserver-types';
import type { Settings } from '../../server/src/service';
import { doc, lines, service, withVersion } from '../fixtures';

const ALL: Range = { start: { line: 0, character: 0 }, end: { line: 10_000, character: 0 } };

function hint(line: number, character: number, label: string, tooltip?: string): InlayHint {
  return { position: { line, character }, label, paddingLeft: true, tooltip };
}

function check(text: string, expected: InlayHint[], settings: Partial<Settings> = {}, r: Range = ALL): void {
  assert.deepStrictEqual(service(settings).inlayHints(doc(text), r), expected);
}

describe('inlay hints', () => {
  test('ServerAliveInterval alone: its duration and the detection time', () => {
    check(lines('Host a', '  ServerAliveInterval 60'), [hint(1, 24, '= 1 min → dead server detected after 4 min', '60 s × (3 + 1)')]);
  });

  test('with ServerAliveCountMax in the block, the total goes on the count', () => {
    check(lines('Host a', '  ServerAliveInterval 30', '  ServerAliveCountMax 2'), [hint(2, 23, '→ dead server detected after 1 min 30 s', '30 s × (2 + 1)')]);
  });

  test('ServerAliveCountMax 0: the idle cut', () => {
    check(lines('Host a', '  ServerAliveInterval 90', '  ServerAliveCountMax 0'), [
      hint(1, 24, '= 1 min 30 s'),
      hint(2, 23, '→ idle session cut after 1 min 30 s', '90 s × (0 + 1)'),
    ]);
  });

  test('a shadowed line gets its duration but no total', () => {
    check(lines('Host *', '  ServerAliveInterval 30', 'Host web', '  ServerAliveInterval 5m'), [
      hint(1, 24, '→ dead server detected after 2 min', '30 s × (3 + 1)'),
      hint(3, 24, '= 5 min'),
    ]);
  });

  test('the hint sits right after the value, before a comment', () => {
    check(lines('Host a', '\tServerAliveInterval=2m # two minutes'), [hint(1, 23, '= 2 min → dead server detected after 8 min', '120 s × (3 + 1)')]);
  });

  test('no hint for invalid values, none, or extra arguments', () => {
    check(lines('Host a', '  ServerAliveInterval 5x', 'Host b', '  ServerAliveInterval none', 'Host c', '  ConnectTimeout 1m 2m'), []);
  });

  test('time syntax follows the release', () => {
    check(lines('Host a', '  ServerAliveInterval 1.5s'), [hint(1, 26, '= 1 s → dead server detected after 4 s', '1 s × (3 + 1)')], withVersion(10, 5));
    check(lines('Host a', '  ServerAliveInterval 1.5s'), [], withVersion(9, 2));
  });

  test('ControlPersist: a time gets its duration, yes and no do not', () => {
    const text = lines('Host a', '  ServerAliveInterval 30', 'Host b', '  ControlPersist 10m', 'Host c', '  ControlPersist yes');
    const got = service()
      .inlayHints(doc(text), ALL)
      .map((h) => [h.position.line, h.label]);
    assert.deepStrictEqual(got, [
      [1, '→ dead server detected after 2 min'],
      [3, '= 10 min'],
    ]);
  });

  test('only the lines of the requested range', () => {
    const text = lines('Host a', '  ServerAliveInterval 60', 'Host b', '  ServerAliveInterval 120');
    check(
      text,
      [hint(3, 25, '= 2 min → dead server detected after 8 min', '120 s × (3 + 1)')],
      {},
      { start: { line: 2, character: 0 }, end: { line: 3, character: 5 } },
    );
    check(text, [], {}, { start: { line: 2, character: 0 }, end: { line: 2, character: 6 } });
  });

  test('a plain duration hint does not carry the keepalive formula as its tooltip', () => {
    check(lines('Host a', '  ConnectTimeout 1m30s', '  ServerAliveInterval 30'), [
      hint(1, 22, '= 1 min 30 s'),
      hint(2, 24, '→ dead server detected after 2 min', '30 s × (3 + 1)'),
    ]);
  });
});
