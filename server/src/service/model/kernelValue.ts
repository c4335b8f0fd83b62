/**
 * How the kernel reads a value written to /proc/sys (kernel/sysctl.c: proc_get_long and the
 * proc_do*vec handlers), so that we can say what a sysctl line really sets.
 *
 * Measured on Linux 6.18 in a fresh network namespace: `010` sets 8 (C base-0 rules: a
 * leading 0 is octal, 0x is hex), `+5` and `1e3` are rejected, `5 6` sets 5 (the rest of
 * the text is ignored once the expected numbers are read), `60 # 1 minute` sets 60,
 * `10#x` is rejected (a number must be followed by whitespace or the end), and an empty
 * value is rejected (the loader writes a bare newline).
 */
import type { SysctlValue } from '../catalog/types';

export type KernelReading =
  | {
      readonly ok: true;
      /** The numbers as the kernel stores them (int and ints). */
      readonly numbers?: readonly number[];
      /** What /proc/sys prints afterwards (numbers joined by a tab), when known. */
      readonly shown?: string;
      /** Text after the numbers the kernel ignores (`# 1 minute`). */
      readonly ignoredTail?: string;
      /** The numbers were written in octal or hex. */
      readonly radix?: 8 | 16;
    }
  | {
      readonly ok: false;
      /** Why the write fails, as the loaders report it. */
      readonly error: 'EINVAL';
      readonly reason: string;
    };

/** What proc_skip_spaces skips (isspace) before a number. */
const SPACE = /[ \t\n\v\f\r]/;
/** proc_wspace_sep: the only characters that may follow a number (a `\v`, `\f` or `\r` after it is EINVAL). */
const SEPARATOR = /[ \t\n]/;

interface NumberRead {
  value: number;
  end: number;
  radix: 8 | 10 | 16;
}

/** One number at `i` as proc_get_long reads it, or a reason it is not one. */
function readNumber(s: string, i: number): NumberRead | string {
  let p = i;
  let neg = false;
  if (s[p] === '-') {
    neg = true;
    p++;
  }
  if (!/[0-9]/.test(s[p] ?? '')) return s[p] === undefined ? 'a number is missing' : `\`${s.slice(i).split(SPACE)[0]}\` is not a number`;
  let radix: 8 | 10 | 16 = 10;
  if (s[p] === '0' && (s[p + 1] === 'x' || s[p + 1] === 'X') && /[0-9a-fA-F]/.test(s[p + 2] ?? '')) {
    radix = 16;
    p += 2;
  } else if (s[p] === '0' && /[0-9]/.test(s[p + 1] ?? '')) {
    radix = 8;
    p += 1;
  }
  const digits = radix === 16 ? /[0-9a-fA-F]/ : radix === 8 ? /[0-7]/ : /[0-9]/;
  const start = p;
  while (p < s.length && digits.test(s[p])) p++;
  const text = s.slice(start, p);
  const value = text === '' ? 0 : Number.parseInt(text, radix);
  if (!Number.isSafeInteger(value) || value > 2 ** 63) return `\`${s.slice(i, p)}\` is too large`;
  if (p < s.length && !SEPARATOR.test(s[p])) return `\`${s.slice(i).split(SEPARATOR)[0]}\` is not a number (a number must be followed by a space or the end)`;
  return { value: neg ? -value : value, end: p, radix };
}

/** What the kernel does with `raw` written to a key whose values are `spec`. */
export function readKernelValue(raw: string, spec: SysctlValue): KernelReading {
  if (spec.type === 'text') {
    if (spec.values && !spec.values.includes(raw))
      return { ok: false, error: 'EINVAL', reason: `\`${raw}\` is not one of ${spec.values.map((v) => `\`${v}\``).join(', ')}` };
    return { ok: true, shown: raw };
  }
  const count = spec.type === 'int' ? 1 : spec.count;
  const numbers: number[] = [];
  let radix: 8 | 16 | undefined;
  let i = 0;
  for (let k = 0; k < count; k++) {
    while (i < raw.length && SPACE.test(raw[i])) i++;
    if (i >= raw.length) {
      if (k === 0) return { ok: false, error: 'EINVAL', reason: 'the value is empty' };
      break;
    }
    const n = readNumber(raw, i);
    if (typeof n === 'string') return { ok: false, error: 'EINVAL', reason: n };
    if (n.value < spec.min || n.value > spec.max) return { ok: false, error: 'EINVAL', reason: `${n.value} is outside ${spec.min}..${spec.max}` };
    if (n.radix !== 10) radix = n.radix;
    numbers.push(n.value);
    i = n.end;
  }
  const tail = raw.slice(i).trim();
  const shown = numbers.length === count ? numbers.join('\t') : undefined;
  return { ok: true, numbers, shown, ...(tail ? { ignoredTail: tail } : {}), ...(radix ? { radix } : {}) };
}
