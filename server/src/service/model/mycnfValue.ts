/**
 * How MariaDB's my_getopt reads an integer option (getopt_ll / getopt_ull and eval_num_suffix), measured with
 * mariadbd 10.11 (`--help --verbose` prints the value it ends up with):
 * - leading whitespace and a sign are skipped as strtoll does; digits are decimal (`010` is 10, `0x10` fails on `x`);
 * - the first character after the digits is a suffix: K, M, G, T, P, E (either case) multiply by powers of 1024,
 *   anything else is fatal ("Unknown suffix"); what follows the suffix is ignored (`10kb` is 10240, `1e3` is 2^60);
 * - no digits at all reads 0 (an empty value is 0; `abc` fails on `a`);
 * - a `-` for an unsigned option is fatal ("Incorrect unsigned value"), even `-0`; more than 2^64-1 is fatal;
 * - then the value is clamped to the option's range with a warning, and rounded down to its block size silently.
 */

export type MycnfIntReading =
  | {
      readonly ok: true;
      /** What the program ends up with. */
      readonly value: bigint;
      /** What the text says before clamping. */
      readonly read: bigint;
      /** The program's warning when it clamped (`option 'wait_timeout': unsigned value 0 adjusted to 1`). */
      readonly warning?: string;
      /** A suffix multiplied the number. */
      readonly suffix?: string;
    }
  | {
      readonly ok: false;
      /** The program's error lines, without the program name prefix of the second. */
      readonly error: string;
      /** The exit status it stops with (9 bad suffix, 13 bad sign or overflow). */
      readonly status: number;
    };

const SUFFIX: Readonly<Record<string, bigint>> = { k: 1n << 10n, m: 1n << 20n, g: 1n << 30n, t: 1n << 40n, p: 1n << 50n, e: 1n << 60n };
const U64 = (1n << 64n) - 1n;
const I64 = (1n << 63n) - 1n;

export interface MycnfIntRange {
  readonly min: bigint;
  readonly max: bigint;
  readonly signed?: boolean;
  readonly blockSize?: number;
}

/** Reads `text` (the value after unquoting) for the integer option `name` as the programs do. */
export function readMycnfInt(name: string, text: string, range: MycnfIntRange, program = 'mariadbd'): MycnfIntReading {
  const setting = `${program}: Error while setting value '${text}' to '${name}'`;
  let i = 0;
  while (i < text.length && /[ \t\n\v\f\r]/.test(text[i]!)) i++;
  let negative = false;
  if (text[i] === '+' || text[i] === '-') negative = text[i++] === '-';
  if (negative && !range.signed) return { ok: false, error: `Incorrect unsigned value: '${text}' for ${name}\n${setting}`, status: 13 };
  const start = i;
  while (i < text.length && text[i]! >= '0' && text[i]! <= '9') i++;
  let n = start === i ? 0n : BigInt(text.slice(start, i));
  if (n > (range.signed ? I64 + (negative ? 1n : 0n) : U64)) {
    const kind = range.signed ? 'int64' : 'uint64';
    return { ok: false, error: `Integer value out of range for ${kind}: '${text}' for ${name}\n${setting}`, status: 13 };
  }
  let suffix: string | undefined;
  if (i < text.length) {
    const c = text[i]!;
    const mult = SUFFIX[c.toLowerCase()];
    if (mult === undefined) {
      return {
        ok: false,
        error: `Unknown suffix '${c}' used for variable '${name}' (value '${text}'). Legal suffix characters are: K, M, G, T, P, E\n${setting}`,
        status: 9,
      };
    }
    suffix = c;
    n *= mult;
  }
  const read = negative ? -n : n;
  let value = read;
  if (value < range.min) value = range.min;
  if (value > range.max) value = range.max;
  const warning = value !== read ? `option '${name}': ${range.signed ? 'signed' : 'unsigned'} value ${read} adjusted to ${value}` : undefined;
  // Rounding down to the block size is silent (max_allowed_packet=1500 becomes 1024 without a word).
  if (range.blockSize && range.blockSize > 1) value -= value % BigInt(range.blockSize);
  return { ok: true, value, read, ...(warning ? { warning } : {}), ...(suffix ? { suffix } : {}) };
}
