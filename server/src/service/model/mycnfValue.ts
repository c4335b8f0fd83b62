/**
 * How MariaDB's my_getopt reads an integer option (getopt_ll / getopt_ull and eval_num_suffix), measured with
 * mariadbd 10.11 (`--help --verbose` prints the value it ends up with):
 * - leading whitespace and a sign are skipped as strtoll does; digits are decimal (`010` is 10, `0x10` fails on `x`);
 * - the first character after the digits is a suffix: K, M, G, T, P, E (either case) multiply by powers of 1024,
 *   anything else is fatal ("Unknown suffix"); what follows the suffix is ignored (`10kb` is 10240, `1e3` is 2^60);
 * - no digits at all reads 0 (an empty value is 0; `abc` fails on `a`);
 * - a `-` for an unsigned option is fatal ("Incorrect unsigned value"), even `-0`; more than 2^64-1 is fatal;
 * - then the value is clamped to the option's range with a warning, and rounded down to its block size silently.
 *
 * MySQL 9.7's my_getopt reads the digits and suffixes the same way but words it differently and is milder
 * (measured with mysqladmin, test/oracle/mysql-programs.test.ts): every line starts with `PROG: [ERROR] ` or
 * `PROG: [Warning] ` and ends with a full stop; an unknown suffix does not list the legal ones; more than
 * 2^64-1 is "Incorrect unsigned integer value" (exit 9; more than 2^63-1 for a signed one "Incorrect integer value"); a negative value for an unsigned option is a warning
 * ("value -5 adjusted to 0"), which this reading leaves to the caller (see `negativeUnsigned`); an empty value
 * is fatal ("Empty value for 'connect_timeout' specified", exit 5; MariaDB reads it as 0).
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

/** A value with a minus sign, for an option that takes none (MySQL warns and uses 0; MariaDB refuses). */
export const negativeUnsigned = (text: string, range: MycnfIntRange): boolean => !range.signed && /^[ \t\n\v\f\r]*-/.test(text);

/**
 * Reads `text` (the value after unquoting) for the integer option `name` as the programs of `flavor` do. MariaDB's
 * error text leaves the program name off its first line, as the programs print it; MySQL's lines are whole.
 */
export function readMycnfInt(name: string, text: string, range: MycnfIntRange, program = 'mariadbd', flavor: 'mariadb' | 'mysql' = 'mariadb'): MycnfIntReading {
  const mysql = flavor === 'mysql';
  const setting = mysql
    ? mysqlLine(program, 'ERROR', 77, `${mysqlSelf(program)}: Error while setting value '${text}' to '${name}'`)
    : `${program}: Error while setting value '${text}' to '${name}'`;
  // Measured (test/oracle/mysql-analysis.test.ts): `connect_timeout=`, `= ""` and `loose-connect_timeout=` stop MySQL's programs.
  if (mysql && text === '')
    return { ok: false, error: mysqlLine(program, 'ERROR', 74, `${mysqlSelf(program)}: Empty value for '${name}' specified`), status: 5 };
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
    if (mysql)
      return {
        ok: false,
        // Measured: `Incorrect integer value` [MY-000078] for a signed option, `Incorrect unsigned integer value` [MY-000079].
        error: `${range.signed ? mysqlLine(program, 'ERROR', 78, `Incorrect integer value: '${text}'`) : mysqlLine(program, 'ERROR', 79, `Incorrect unsigned integer value: '${text}'`)}\n${setting}`,
        status: 9,
      };
    return { ok: false, error: `Integer value out of range for ${kind}: '${text}' for ${name}\n${setting}`, status: 13 };
  }
  let suffix: string | undefined;
  if (i < text.length) {
    const c = text[i]!;
    const mult = SUFFIX[c.toLowerCase()];
    if (mult === undefined) {
      const what = `Unknown suffix '${c}' used for variable '${name}' (value '${text}')`;
      return {
        ok: false,
        error: `${mysql ? mysqlLine(program, 'ERROR', 58, what) : `${what}. Legal suffix characters are: K, M, G, T, P, E`}\n${setting}`,
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
  const clamped = `option '${name}': ${range.signed ? 'signed' : 'unsigned'} value ${read} adjusted to ${value}`;
  const warning = value !== read ? (mysql ? mysqlLine(program, 'Warning', 81, clamped) : clamped) : undefined;
  // Rounding down to the block size is silent (max_allowed_packet=1500 becomes 1024 without a word).
  if (range.blockSize && range.blockSize > 1) value -= value % BigInt(range.blockSize);
  return { ok: true, value, read, ...(warning ? { warning } : {}), ...(suffix ? { suffix } : {}) };
}

/**
 * A line as MySQL 9.7 prints it (measured): a client `mysqladmin: [ERROR] text.`, the server
 * `[ERROR] [MY-000058] [Server] text.` after its timestamp (left off here).
 */
export function mysqlLine(program: string, level: 'ERROR' | 'Warning', code: number, text: string): string {
  return program === 'mysqld' ? `[${level}] [MY-${String(code).padStart(6, '0')}] [Server] ${text}.` : `${program}: [${level}] ${text}.`;
}

/** How a MySQL program names itself in "Error while setting" and arity errors: its path for the server (Debian's). */
export const mysqlSelf = (program: string): string => (program === 'mysqld' ? '/usr/sbin/mysqld' : program);
