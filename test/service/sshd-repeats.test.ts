/**
 * sshd_config: options set more than once. Most keep their first active line (servconf.c assigns with
 * `if (*activep && *intptr == -1)`); a few keep the last one, release by release: MaxStartups and
 * PerSourceNetBlockSize up to 10.0, PerSourceMaxStartups up to 9.4, StreamLocalBindMask and FingerprintHash in
 * every release (sshd -T 9.2: `maxstartups 20:50:20` and `persourcemaxstartups 7` for the first file below).
 * test/oracle/sshd-lines.test.ts checks every option of the installed release the same way against the real sshd.
 *
 *   node --import tsx --test test/service/sshd-repeats.test.ts
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SshdConnection } from '../../server/src/service/analysis/sshd/resolve';
import { SSHD_EXPLAIN_KEYS, sshdEffective, sshdPrinted } from '../../server/src/service/analysis/sshd/timeline';
import type { Settings } from '../../server/src/service/analysis/types';
import { lines, withVersion } from '../fixtures';
import { analysis, findings, GLOBAL } from './sshd-helpers';

const V92 = withVersion(9, 2);

/** What the hover says under the keyword of each line (the effective value), by line. */
function effective(text: string, v: Settings, files?: Record<string, string>): Array<string | undefined> {
  const a = analysis(text, v, files);
  return text.split('\n').map((_, line) => a.factsAt(line, 0)?.effective);
}

/** The values a connection gets, as `sshd -T` prints them. */
function values(text: string, v: Settings, conn: SshdConnection = {}, files?: Record<string, string>): Record<string, string> {
  return Object.fromEntries([...analysis(text, v, files).resolve(conn).values].map(([k, s]) => [k, s.value]));
}

const LIMITS = lines(
  'MaxStartups 10:50:100',
  'MaxStartups 20',
  'PerSourceMaxStartups 5',
  'PerSourceMaxStartups 7',
  'PerSourceNetBlockSize 24:56',
  'PerSourceNetBlockSize 16:48',
);

describe('options whose last line wins', () => {
  test('9.2: the later lines win, and a one-number MaxStartups keeps the rate of the line before (sshd -T: 20:50:20, 7, 16:48)', () => {
    assert.deepStrictEqual(values(LIMITS, V92), { maxstartups: '20:50:20', persourcemaxstartups: '7', persourcenetblocksize: '16:48' });
    assert.deepStrictEqual(findings(LIMITS, V92), [
      [
        'sshd/overridden',
        2,
        'PerSourceMaxStartups never takes effect for connections no Match block applies to: line 4 sets it again, and OpenSSH 9.2 keeps the last PerSourceMaxStartups line; 9.5 and later keep the first.',
      ],
      [
        'sshd/overridden',
        4,
        'PerSourceNetBlockSize never takes effect for connections no Match block applies to: line 6 sets it again, and OpenSSH 9.2 keeps the last PerSourceNetBlockSize line; 10.1 and later keep the first.',
      ],
    ]);
    assert.deepStrictEqual(effective(LIMITS, V92), [
      `${GLOBAL}: **20:50:20**: start and full from line 2, the rate from this line.`,
      `${GLOBAL}: **20:50:20**, from this line (its rate from line 1).`,
      `${GLOBAL}: **7**, from line 4 (OpenSSH 9.2 keeps the last PerSourceMaxStartups line; 9.5 and later keep the first). This line never takes effect.`,
      `${GLOBAL}: **7**, from this line.`,
      `${GLOBAL}: **16:48**, from line 6 (OpenSSH 9.2 keeps the last PerSourceNetBlockSize line; 10.1 and later keep the first). This line never takes effect.`,
      `${GLOBAL}: **16:48**, from this line.`,
    ]);
  });

  test('release by release: PerSourceMaxStartups keeps the first line from 9.5, MaxStartups and PerSourceNetBlockSize from 10.1', () => {
    const text = lines(LIMITS, 'FingerprintHash md5', 'FingerprintHash sha256', 'StreamLocalBindMask 0077', 'StreamLocalBindMask 0022');
    const got = Object.fromEntries(
      ['9.2', '9.4', '9.5', '10.0', '10.1', '10.5'].map((r) => [r, values(text, withVersion(Number(r.split('.')[0]), Number(r.split('.')[1])))]),
    );
    const last = { fingerprinthash: 'sha256', streamlocalbindmask: '0022' };
    assert.deepStrictEqual(got, {
      '9.2': { maxstartups: '20:50:20', persourcemaxstartups: '7', persourcenetblocksize: '16:48', ...last },
      '9.4': { maxstartups: '20:50:20', persourcemaxstartups: '7', persourcenetblocksize: '16:48', ...last },
      '9.5': { maxstartups: '20:50:20', persourcemaxstartups: '5', persourcenetblocksize: '16:48', ...last },
      '10.0': { maxstartups: '20:50:20', persourcemaxstartups: '5', persourcenetblocksize: '16:48', ...last },
      '10.1': { maxstartups: '10:50:100', persourcemaxstartups: '5', persourcenetblocksize: '24:56', ...last },
      '10.5': { maxstartups: '10:50:100', persourcemaxstartups: '5', persourcenetblocksize: '24:56', ...last },
    });
    assert.deepStrictEqual(
      findings(text, withVersion(10, 1)).map(([, line, message]) => [line, message]),
      [
        [1, 'MaxStartups never takes effect for connections no Match block applies to: line 1 already set it (sshd keeps the first value).'],
        [3, 'PerSourceMaxStartups never takes effect for connections no Match block applies to: line 3 already set it (sshd keeps the first value).'],
        [5, 'PerSourceNetBlockSize never takes effect for connections no Match block applies to: line 5 already set it (sshd keeps the first value).'],
        [
          6,
          'FingerprintHash never takes effect for connections no Match block applies to: line 8 sets it again, and sshd keeps the last FingerprintHash line.',
        ],
        [
          8,
          'StreamLocalBindMask never takes effect for connections no Match block applies to: line 10 sets it again, and sshd keeps the last StreamLocalBindMask line.',
        ],
      ],
    );
  });

  test('the rate of the last start:rate:full line stays through several one-number lines; a new full line drops it', () => {
    assert.deepStrictEqual(values(lines('MaxStartups 10:50:100', 'MaxStartups 20', 'MaxStartups 30'), V92), { maxstartups: '30:50:30' });
    assert.deepStrictEqual(
      findings(lines('MaxStartups 10:50:100', 'MaxStartups 20', 'MaxStartups 30'), V92).map(([, line]) => line),
      [1],
    );
    assert.deepStrictEqual(
      findings(lines('MaxStartups 10:50:100', 'MaxStartups 20', 'MaxStartups 5:20:60'), V92).map(([, line, message]) => [line, message]),
      [
        [
          0,
          'MaxStartups never takes effect for connections no Match block applies to: line 3 sets it again, and OpenSSH 9.2 keeps the last MaxStartups line; 10.1 and later keep the first.',
        ],
        [
          1,
          'MaxStartups never takes effect for connections no Match block applies to: line 3 sets it again, and OpenSSH 9.2 keeps the last MaxStartups line; 10.1 and later keep the first.',
        ],
      ],
    );
  });

  test('a later line of an included file wins over the main file (sshd -T 9.2: maxstartups 30:50:30)', () => {
    const files = { 'limits.conf': lines('MaxStartups 30', 'PerSourceMaxStartups 4', '') };
    const text = lines('MaxStartups 10:50:100', 'MaxStartups 20', 'Include /etc/ssh/sshd_config.d/*.conf');
    assert.deepStrictEqual(values(text, V92, {}, files), { maxstartups: '30:50:30', persourcemaxstartups: '4' });
    assert.deepStrictEqual(findings(text, V92, files), [
      [
        'sshd/overridden',
        1,
        'MaxStartups never takes effect for connections no Match block applies to: limits.conf line 1 sets it again, and OpenSSH 9.2 keeps the last MaxStartups line; 10.1 and later keep the first.',
      ],
    ]);
    assert.deepStrictEqual(effective(text, V92, files).slice(0, 2), [
      `${GLOBAL}: **30:50:30**: start and full from limits.conf line 1, the rate from this line.`,
      `${GLOBAL}: **30:50:30**, from limits.conf line 1 (OpenSSH 9.2 keeps the last MaxStartups line; 10.1 and later keep the first). This line never takes effect.`,
    ]);
  });

  test('StreamLocalBindMask in Match blocks: the last line that applies wins, a later Match all over an earlier block (sshd -T 9.2: 027 for bob too)', () => {
    const text = lines(
      'StreamLocalBindMask 0077',
      'StreamLocalBindMask 0022',
      'Match User bob',
      '  StreamLocalBindMask 0007',
      '  StreamLocalBindMask 0017',
      'Match all',
      '  StreamLocalBindMask 0027',
    );
    assert.deepStrictEqual(values(text, V92, { user: 'bob' }), { streamlocalbindmask: '0027' });
    assert.deepStrictEqual(values(text, V92, { user: 'alice' }), { streamlocalbindmask: '0027' });
    assert.deepStrictEqual(values(lines(...text.split('\n').slice(0, 5)), V92, { user: 'bob' }), { streamlocalbindmask: '0017' });
    const rule = 'sets it again, and sshd keeps the last StreamLocalBindMask line.';
    assert.deepStrictEqual(findings(text, V92), [
      // Each names the line whose value wins in the end.
      ['sshd/overridden', 0, `StreamLocalBindMask never takes effect for connections no Match block applies to: line 7 ${rule}`],
      ['sshd/overridden', 1, `StreamLocalBindMask never takes effect for connections no Match block applies to: line 7 ${rule}`],
      ['sshd/overridden', 3, `StreamLocalBindMask never takes effect for connections matching user bob: line 7 ${rule}`],
      ['sshd/overridden', 4, `StreamLocalBindMask never takes effect for connections matching user bob: line 7 ${rule}`],
    ]);
  });

  test('UnusedConnectionTimeout none replaces an earlier value: the earlier line never takes effect', () => {
    const text = lines('UnusedConnectionTimeout 1h', 'UnusedConnectionTimeout none', 'UnusedConnectionTimeout 2h');
    assert.deepStrictEqual(findings(text, V92), [
      [
        'sshd/overridden',
        0,
        'UnusedConnectionTimeout never takes effect for connections no Match block applies to: line 2 sets it to none, which sshd takes whatever came before.',
      ],
      [
        'sshd/overridden',
        2,
        'UnusedConnectionTimeout never takes effect for connections no Match block applies to: line 2 already set it (sshd keeps the first value).',
      ],
    ]);
    assert.deepStrictEqual(effective(text, V92), [
      `${GLOBAL}: **none**, from line 2 (sshd takes none whatever came before). This line never takes effect.`,
      `${GLOBAL}: **none**, from this line.`,
      `${GLOBAL}: **none**, from line 2. This line never takes effect.`,
    ]);
  });

  test('explain prints the start limits that win, after the keepalive family', () => {
    const res = analysis(
      lines('ClientAliveInterval 30', 'MaxStartups 10:50:100', 'MaxStartups 20', 'PerSourceMaxStartups 3', 'PerSourceMaxStartups 4'),
      V92,
    ).resolve({
      user: 'root',
    });
    assert.deepStrictEqual(
      SSHD_EXPLAIN_KEYS.map((k) => [k, sshdPrinted(k, sshdEffective(res, k, V92.sshVersion).value)]),
      [
        ['clientaliveinterval', '30'],
        ['clientalivecountmax', '3'],
        ['tcpkeepalive', 'yes'],
        ['logingracetime', '120'],
        ['unusedconnectiontimeout', 'none'],
        ['channeltimeout', 'none'],
        ['maxstartups', '20:50:20'],
        ['persourcemaxstartups', '4'],
      ],
    );
  });
});

describe('values servconf.c reads its own way', () => {
  const one = (line: string, v: Settings = V92) => {
    const a = analysis(line, v);
    return {
      value: a.resolve({}).values.get(line.split(' ')[0].toLowerCase())?.value,
      errors: a.findings.filter((f) => f.severity === 'error').map((f) => f.message),
    };
  };

  test('MaxStartups as sscanf reads it; one number N is N:30:N (10:30:N in 10.1 and 10.2)', () => {
    const read = (arg: string, v: Settings = V92) => one(`MaxStartups ${arg}`, v).value;
    // sshd -T 9.2 printed each of these.
    assert.deepStrictEqual(
      ['20', '20x', '20:abc', '+5', '007', '10:30:100:7', '10:30:100x', '99999999999', '4294967316'].map((arg) => read(arg)),
      ['20:30:20', '20:30:20', '20:30:20', '5:30:5', '7:30:7', '10:30:100', '10:30:100', '1215752191:30:1215752191', '20:30:20'],
    );
    assert.deepStrictEqual(
      ['9.0', '10.0', '10.1', '10.2', '10.3'].map((r) => read('3', withVersion(Number(r.split('.')[0]), Number(r.split('.')[1])))),
      ['3:30:3', '3:30:3', '10:30:3', '10:30:3', '3:30:3'],
    );
    // Refused by 9.2 ("Invalid MaxStartups spec."); 0 only from 9.2 on.
    for (const arg of ['0', '-5', '10:30', '10:0:100', '10:101:100', '50:30:10', '0x10', 'x', '9223372036854775808']) {
      assert.deepStrictEqual(one(`MaxStartups ${arg}`).errors, [
        `Invalid MaxStartups spec "${arg}": sshd stops (start:rate:full with 0 < start <= full and a rate of 1 to 100, or one number above 0).`,
      ]);
    }
    assert.deepStrictEqual(one('MaxStartups 0', withVersion(9, 1)), { value: '0:30:0', errors: [] });
  });

  test('PerSourceMaxStartups: none in lower case, 0 to 2147483647 (which prints as none)', () => {
    assert.deepStrictEqual(
      ['none', '0', '+3', '007', '2147483647'].map((arg) => one(`PerSourceMaxStartups ${arg}`).value),
      ['none', '0', '3', '7', 'none'],
    );
    assert.deepStrictEqual(
      ['NONE', '-1', '2147483648'].map((arg) => one(`PerSourceMaxStartups ${arg}`).errors),
      [
        ['PerSourceMaxStartups integer value invalid: "NONE" (a number from 0, or none in lower case)'],
        ['PerSourceMaxStartups integer value too small: "-1" (a number from 0, or none in lower case)'],
        ['PerSourceMaxStartups integer value too large: "2147483648" (a number from 0, or none in lower case)'],
      ],
    );
  });

  test('PerSourceNetBlockSize: one number sets the IPv6 length to 128 only from 10.3 on (before, to a value never set)', () => {
    assert.deepStrictEqual(
      [V92, withVersion(10, 3)].map((v) => one('PerSourceNetBlockSize 16', v).value),
      ['16', '16:128'],
    );
    assert.deepStrictEqual(
      ['33', '24:129', 'x', '-1:64'].map((arg) => one(`PerSourceNetBlockSize ${arg}`).errors.length),
      [1, 1, 1, 1],
    );
  });
});
