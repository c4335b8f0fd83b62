/**
 * readKernelValue: what the kernel does with a value written to /proc/sys.
 *
 *   node --import tsx --test test/service/sysctl-kernel-value.test.ts
 *
 * The facts (measured on Linux 6.18 in a fresh network namespace, and read in kernel/sysctl.c
 * proc_get_long / __do_proc_dointvec): numbers are read with C's base-0 rules (`010` is octal 8,
 * `0x10` is 16, `08` is rejected), there is no `+`, no exponent and no fraction; a number must be
 * followed by a space, a tab, a newline or the end (proc_wspace_sep); once the key's numbers are
 * read the rest is ignored (`5 6` sets 5, `60 # 1 minute` sets 60); an empty value is rejected
 * (systemd-sysctl writes a bare newline and the kernel answers EINVAL); values outside the key's
 * range are rejected.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sysctlKey } from '../../server/src/service/catalog/sysctl';
import type { SysctlValue } from '../../server/src/service/catalog/types';
import { readKernelValue } from '../../server/src/service/model/kernelValue';

/** tcp_keepalive_time: jiffies-backed seconds, INT_MAX / HZ (250 on the reference kernel) either way. */
const TIME = sysctlKey('net.ipv4.tcp_keepalive_time')!.value;
/** tcp_keepalive_probes: a u8. */
const PROBES = sysctlKey('net.ipv4.tcp_keepalive_probes')!.value;
/** tcp_syn_retries: 1..127. */
const SYN = sysctlKey('net.ipv4.tcp_syn_retries')!.value;
/** tcp_rmem: three integers. */
const RMEM = sysctlKey('net.ipv4.tcp_rmem')!.value;

const ok = (numbers: number[], extra: { shown?: string; ignoredTail?: string; radix?: 8 | 16 } = {}) => ({
  ok: true,
  numbers,
  shown: 'shown' in extra ? extra.shown : numbers.join('\t'),
  ...(extra.ignoredTail !== undefined ? { ignoredTail: extra.ignoredTail } : {}),
  ...(extra.radix ? { radix: extra.radix } : {}),
});
const einval = (reason: string) => ({ ok: false, error: 'EINVAL', reason });

function check(raw: string, spec: SysctlValue, want: unknown): void {
  assert.deepStrictEqual(readKernelValue(raw, spec), want, JSON.stringify(raw));
}

test('the specs the cases below rely on', () => {
  assert.deepStrictEqual(TIME, { type: 'int', min: -8589934, max: 8589934 });
  assert.deepStrictEqual(PROBES, { type: 'int', min: 0, max: 255 });
  assert.deepStrictEqual(SYN, { type: 'int', min: 1, max: 127 });
  assert.deepStrictEqual(RMEM, { type: 'ints', count: 3, min: 1, max: 2147483647 });
});

describe('C base-0 numbers', () => {
  test('decimal', () => {
    check('300', TIME, ok([300]));
    check('0', TIME, ok([0]));
  });

  test('010 is octal 8', () => check('010', TIME, ok([8], { radix: 8 })));

  test('0x10 is hexadecimal 16 (0X too)', () => {
    check('0x10', TIME, ok([16], { radix: 16 }));
    check('0X1f', TIME, ok([31], { radix: 16 }));
  });

  test('08 is rejected: octal stops at 8, and 8 is not a separator', () => {
    check('08', TIME, einval('`08` is not a number (a number must be followed by a space or the end)'));
  });

  test('0x without hex digits is 0 followed by garbage', () => {
    check('0xg', TIME, einval('`0xg` is not a number (a number must be followed by a space or the end)'));
  });

  test('negative numbers are read (the range decides)', () => {
    check('-5', TIME, ok([-5]));
    check('-5', PROBES, einval('-5 is outside 0..255'));
  });
});

describe('what is not a number', () => {
  test('+5 is rejected: proc_get_long knows only a leading -', () => {
    check('+5', TIME, einval('`+5` is not a number'));
  });

  test('1e3 and 1.5 are rejected: the number must end at a separator', () => {
    check('1e3', TIME, einval('`1e3` is not a number (a number must be followed by a space or the end)'));
    check('1.5', TIME, einval('`1.5` is not a number (a number must be followed by a space or the end)'));
  });

  test('300s and 5m are rejected (no units)', () => {
    check('300s', TIME, einval('`300s` is not a number (a number must be followed by a space or the end)'));
    check('5m', TIME, einval('`5m` is not a number (a number must be followed by a space or the end)'));
  });

  test('10#x is rejected: a glued comment is not a separator', () => {
    check('10#x', TIME, einval('`10#x` is not a number (a number must be followed by a space or the end)'));
  });

  test('a vertical tab, form feed or carriage return right after the number is rejected (proc_wspace_sep is space, tab, newline)', () => {
    check('5\v', TIME, einval('`5\v` is not a number (a number must be followed by a space or the end)'));
    check('5\f6', TIME, einval('`5\f6` is not a number (a number must be followed by a space or the end)'));
    check('5\r', TIME, einval('`5\r` is not a number (a number must be followed by a space or the end)'));
  });

  test('a word', () => check('abc', TIME, einval('`abc` is not a number')));

  test('empty: systemd-sysctl writes a bare newline and the kernel answers EINVAL', () => {
    check('', TIME, einval('the value is empty'));
    check('', RMEM, einval('the value is empty'));
  });

  test('a lone - is not a number', () => check('-', TIME, einval('a number is missing')));
});

describe('what the kernel ignores', () => {
  test('5 6 sets 5 and ignores the rest', () => check('5 6', TIME, ok([5], { ignoredTail: '6' })));

  test('60 # 1 minute sets 60 (the article pasted this)', () => check('60 # 1 minute', TIME, ok([60], { ignoredTail: '# 1 minute' })));

  test('a tab separates too', () => check('60\t; one minute', TIME, ok([60], { ignoredTail: '; one minute' })));

  test('text after the last number of a vector is ignored as well', () => {
    check('4096 131072 6291456 # tuned', RMEM, ok([4096, 131072, 6291456], { ignoredTail: '# tuned' }));
  });
});

describe('ranges', () => {
  test('u8: 0 and 255 pass, 256 fails; octal 0400 is 256 and fails too', () => {
    check('0', PROBES, ok([0]));
    check('255', PROBES, ok([255]));
    check('256', PROBES, einval('256 is outside 0..255'));
    check('0400', PROBES, einval('256 is outside 0..255'));
  });

  test('tcp_syn_retries: 1..127', () => {
    check('0', SYN, einval('0 is outside 1..127'));
    check('127', SYN, ok([127]));
    check('128', SYN, einval('128 is outside 1..127'));
  });

  test('jiffies seconds: INT_MAX / 250 = 8589934 is the largest', () => {
    check('8589934', TIME, ok([8589934]));
    check('8589935', TIME, einval('8589935 is outside -8589934..8589934'));
    check('-8589935', TIME, einval('-8589935 is outside -8589934..8589934'));
  });

  test('numbers beyond any integer are rejected', () => {
    check('99999999999999999999', TIME, einval('`99999999999999999999` is too large'));
  });
});

describe('vectors and text', () => {
  test('ints with count 3: all three, printed tab-separated', () => {
    check('4096 87380 6291456', RMEM, ok([4096, 87380, 6291456]));
    check('  4096\t87380   6291456', RMEM, ok([4096, 87380, 6291456]));
  });

  test('fewer numbers than the count: only the first are written, what /proc/sys shows is unknown', () => {
    check('4096 87380', RMEM, ok([4096, 87380], { shown: undefined }));
  });

  test('ints: any number out of range or malformed rejects the write', () => {
    check('4096 0 6291456', RMEM, einval('0 is outside 1..2147483647'));
    check('4096 8k 6291456', RMEM, einval('`8k` is not a number (a number must be followed by a space or the end)'));
  });

  test('ints: octal and hex numbers are flagged', () => {
    check('010 0x10 3', RMEM, ok([8, 16, 3], { radix: 16 }));
  });

  test('text: taken as is; with a fixed set of values anything else is rejected', () => {
    check('bbr', { type: 'text' }, { ok: true, shown: 'bbr' });
    check('', { type: 'text' }, { ok: true, shown: '' });
    check('cubic', { type: 'text', values: ['cubic', 'reno'] }, { ok: true, shown: 'cubic' });
    check('bbr', { type: 'text', values: ['cubic', 'reno'] }, einval('`bbr` is not one of `cubic`, `reno`'));
  });
});
