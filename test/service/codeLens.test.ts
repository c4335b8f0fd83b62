/**
 * CodeLens: one per scope (the global section when it has lines, each Host and Match
 * block that can match), titled with when a dead server is detected.
 *
 *   node --import tsx --test test/service/codeLens.test.ts
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CodeLens } from 'vscode-languageserver-types';
import { SHOW_TIMELINE } from '../../server/src/service';
import { doc, lines, range, service, URI } from '../fixtures';

/** [line, keyword length, title] -> the lens */
function lens(line: number, keywordEnd: number, title: string): CodeLens {
  return { range: range(line, 0, keywordEnd), command: { title, command: SHOW_TIMELINE, arguments: [URI, line] } };
}

function check(text: string, expected: CodeLens[]): void {
  assert.deepStrictEqual(service().codeLens(doc(text)), expected);
}

const ALIVE = (i: number, n: number, after: string) =>
  `dead server detected after ${after} (${i} s × (${n} + 1)) · probes every ${i} s, gives up after ${n} unanswered`;
const TCP = 'dead server detected after 2 h 11 min 15 s (TCP keepalive: 7200 s + 9 × 75 s) · no ServerAliveInterval';

describe('code lenses', () => {
  test('one per Host block; the empty global section has none', () => {
    check(lines('Host web', '  ServerAliveInterval 60', '', 'Host *', '  ServerAliveInterval 30', '  ServerAliveCountMax 2'), [
      lens(0, 4, `${ALIVE(60, 2, '3 min')} · host web`),
      lens(3, 4, `${ALIVE(30, 2, '1 min 30 s')} · any host`),
    ]);
  });

  test('a global section with lines gets a lens at the top', () => {
    check(lines('ServerAliveInterval 15', 'Host db', '  ServerAliveCountMax 1'), [
      { range: range(0, 0, 0), command: { title: `${ALIVE(15, 3, '1 min')} · every host`, command: SHOW_TIMELINE, arguments: [URI, 0] } },
      lens(1, 4, `${ALIVE(15, 1, '30 s')} · host db`),
    ]);
  });

  test('wildcards are computed for an example host', () => {
    check(lines('Host web-*', '  User deploy'), [lens(0, 4, `${TCP} · e.g. web-example`)]);
  });

  test('ServerAliveCountMax 0: idle sessions are cut', () => {
    check(lines('Host a', '  ServerAliveInterval 60', '  ServerAliveCountMax 0'), [
      lens(0, 4, 'idle session cut after 1 min without server data (ServerAliveCountMax 0), even when the server is fine · host a'),
    ]);
  });

  test('TCPKeepAlive no without an interval: never', () => {
    check(lines('Host a', '  TCPKeepAlive no'), [
      lens(0, 4, 'dead server never detected while the session is idle (no ServerAliveInterval, TCPKeepAlive no) · host a'),
    ]);
  });

  test('Match blocks: the lens assumes the block applies', () => {
    check(lines('Match host *.internal exec "vpn-up"', '  ServerAliveInterval 20', 'Match all', '  ServerAliveInterval 45'), [
      lens(0, 5, `${ALIVE(20, 3, '1 min 20 s')} · e.g. example.internal`),
      lens(2, 5, `${ALIVE(45, 3, '3 min')} · any host`),
    ]);
  });

  test('no lens for a Host line that never matches, nor for a bad Match', () => {
    check(lines('Host !a', '  ServerAliveInterval 60', 'Match nonsense', '  ServerAliveInterval 60', 'Host b', '  ServerAliveInterval 5'), [
      lens(4, 4, `${ALIVE(5, 3, '20 s')} · host b`),
    ]);
  });

  test('a lens follows an indented header', () => {
    check(lines('  Host a', '  ServerAliveInterval 60'), [
      { range: range(0, 2, 6), command: { title: `${ALIVE(60, 3, '4 min')} · host a`, command: SHOW_TIMELINE, arguments: [URI, 0] } },
    ]);
  });
});
