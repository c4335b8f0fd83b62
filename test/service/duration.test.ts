/**
 * Durations: OpenSSH's convtime before and after 10.3, atoi_err, and how seconds print.
 *
 *   node --import tsx --test test/service/duration.test.ts
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatDuration, parseSshInt, parseSshTime, parseSshTimeBoth, toSshTime } from '../../server/src/service/model/duration';

const LEGACY = { major: 9, minor: 2 };
const LAST_LEGACY = { major: 10, minor: 2 };
const MODERN = { major: 10, minor: 3 };
const LATEST = { major: 10, minor: 5 };

/** undefined: ssh says "invalid time value". */
type Seconds = number | undefined;

function time(text: string, version: { major: number; minor: number }): Seconds {
  const r = parseSshTime(text, version);
  return r.ok ? r.seconds : undefined;
}

/** [value, before 10.3, from 10.3 on] */
const CASES: ReadonlyArray<[string, Seconds, Seconds]> = [
  ['90', 90, 90],
  ['0', 0, 0],
  ['1h30m', 5400, 5400],
  ['1m30s', 90, 90],
  ['1w', 604800, 604800],
  ['1d', 86400, 86400],
  ['2H', 7200, 7200],
  ['5m', 300, 300],
  ['30s10', 40, undefined],
  ['+5', 5, undefined],
  ['1.5s', undefined, 1],
  ['1.5', undefined, 1],
  ['.5', undefined, 0],
  ['1.', undefined, undefined],
  ['1.5m', undefined, undefined],
  ['5x', undefined, undefined],
  ['', undefined, undefined],
  ['-5', undefined, undefined],
  ['m', undefined, undefined],
  ['30#x', undefined, undefined],
  ['2147483647', 2147483647, 2147483647],
  ['2147483648', undefined, undefined],
  ['596523h', 2147482800, 2147482800],
  ['596524h', undefined, undefined],
  ['2147483647s1', undefined, undefined],
];

describe('parseSshTime', () => {
  for (const [text, legacy, modern] of CASES) {
    test(`"${text}": ${legacy ?? 'invalid'} before 10.3, ${modern ?? 'invalid'} from 10.3`, () => {
      assert.deepStrictEqual([time(text, LEGACY), time(text, LAST_LEGACY), time(text, MODERN), time(text, LATEST)], [legacy, legacy, modern, modern]);
    });
  }

  test('whole results', () => {
    assert.deepStrictEqual(parseSshTime('30s10', LEGACY), { ok: true, seconds: 40 });
    assert.deepStrictEqual(parseSshTime('30s10', MODERN), { ok: false });
    assert.deepStrictEqual(parseSshTime('1.5s', MODERN), { ok: true, seconds: 1 });
  });

  test('parseSshTimeBoth gives both generations', () => {
    assert.deepStrictEqual(parseSshTimeBoth('30s10'), { legacy: { ok: true, seconds: 40 }, modern: { ok: false } });
    assert.deepStrictEqual(parseSshTimeBoth('1.5s'), { legacy: { ok: false }, modern: { ok: true, seconds: 1 } });
    assert.deepStrictEqual(parseSshTimeBoth('60'), { legacy: { ok: true, seconds: 60 }, modern: { ok: true, seconds: 60 } });
  });
});

describe('parseSshInt', () => {
  const INT: ReadonlyArray<[string, ReturnType<typeof parseSshInt>]> = [
    ['3', { ok: true, value: 3 }],
    ['0', { ok: true, value: 0 }],
    ['+3', { ok: true, value: 3 }],
    ['-0', { ok: true, value: 0 }],
    ['-1', { ok: false, error: 'too small' }],
    ['5x', { ok: false, error: 'invalid' }],
    ['x', { ok: false, error: 'invalid' }],
    ['', { ok: false, error: 'missing' }],
    ['2147483647', { ok: true, value: 2147483647 }],
    ['2147483648', { ok: false, error: 'too large' }],
  ];
  for (const [text, want] of INT) {
    test(`"${text}"`, () => {
      assert.deepStrictEqual(parseSshInt(text), want);
    });
  }

  test('custom bounds', () => {
    assert.deepStrictEqual(parseSshInt('0', 1, 10), { ok: false, error: 'too small' });
    assert.deepStrictEqual(parseSshInt('11', 1, 10), { ok: false, error: 'too large' });
    assert.deepStrictEqual(parseSshInt('10', 1, 10), { ok: true, value: 10 });
  });
});

describe('formatDuration', () => {
  const FORMAT: ReadonlyArray<[number, string]> = [
    [0, '0 s'],
    [45, '45 s'],
    [59.5, '59.5 s'],
    [60, '1 min'],
    [90, '1 min 30 s'],
    [360, '6 min'],
    [3600, '1 h'],
    [7875, '2 h 11 min 15 s'],
    [924.6, '15 min 24.6 s'],
    [86400, '1 d'],
    [90061, '1 d 1 h 1 min 1 s'],
    [Number.POSITIVE_INFINITY, 'never'],
  ];
  for (const [seconds, want] of FORMAT) {
    test(`${seconds} -> ${want}`, () => {
      assert.equal(formatDuration(seconds), want);
    });
  }
});

describe('toSshTime', () => {
  test('writes seconds the way ssh_config reads them best', () => {
    assert.deepStrictEqual([30, 60, 90, 120, 300, 3600, 7200, 7260].map(toSshTime), ['30', '60', '90', '2m', '5m', '1h', '2h', '121m']);
  });
});
