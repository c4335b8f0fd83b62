/**
 * The sshd_config options whose value servconf.c reads in a way of its own (process_server_config_line_depth):
 * MaxStartups and PerSourceNetBlockSize through sscanf, PerSourceMaxStartups with its `none`, and the
 * options a line may name with nothing but a comment after them. Each reader gives the value as `sshd -T`
 * prints it, or what sshd says when it stops.
 */
import { parseSshInt } from '../../model/duration';
import { atLeast, type Version } from '../../model/version';

const INT_MAX = 2147483647;
const LONG_MAX = 2n ** 63n - 1n;
const LONG_MIN = -(2n ** 63n);

/**
 * sscanf's `%d` at `at`: blanks, a sign, digits, stored the way glibc stores it (strtol's long, saturated, then
 * the low 32 bits of it in the int: `99999999999` is 1215752191, `9223372036854775808` is -1).
 */
function scanInt(s: string, at: number): { readonly value: number; readonly end: number } | undefined {
  let i = at;
  while (i < s.length && ' \t\n\v\f\r'.includes(s[i])) i++;
  const m = /^[+-]?\d+/.exec(s.slice(i));
  if (!m) return undefined;
  let n = BigInt(m[0]);
  if (n > LONG_MAX) n = LONG_MAX;
  else if (n < LONG_MIN) n = LONG_MIN;
  return { value: Number(BigInt.asIntN(32, n)), end: i + m[0].length };
}

/** sscanf(s, "%d:%d[:%d]"): the numbers it converted, in order (its return value is their count). */
function scanInts(s: string, count: number): number[] {
  const out: number[] = [];
  let at = 0;
  for (let k = 0; k < count; k++) {
    if (k > 0) {
      if (s[at] !== ':') break;
      at++;
    }
    const n = scanInt(s, at);
    if (!n) break;
    out.push(n.value);
    at = n.end;
  }
  return out;
}

/** A MaxStartups line: start, rate (when the line gives one) and full. */
export interface MaxStartups {
  readonly begin: number;
  readonly rate?: number;
  readonly full: number;
}

/** The rate when no line gives one (fill_default_server_options). */
export const MAX_STARTUPS_RATE = 30;

/** From this release a one-number MaxStartups leaves start unset, so it prints as `10:30:N` (683d0abe5). */
const MAX_STARTUPS_BEGIN_UNSET_SINCE = '10.1';
/** From this release a one-number MaxStartups sets start to the number again (78d549857, bz3941). */
const MAX_STARTUPS_BEGIN_SET_SINCE = '10.3';
/** From this release a value of 0 or less is refused (1d78d2565). */
const MAX_STARTUPS_POSITIVE_SINCE = '9.2';

/**
 * `MaxStartups start:rate:full` or `MaxStartups N`, as sscanf reads it (`20x` is 20, `10:30:100:7` is 10:30:100):
 * the line's numbers and the value `sshd -T` prints for it alone, or undefined when sshd stops with
 * "Invalid MaxStartups spec.".
 */
export function readMaxStartups(arg: string, version: Version): { readonly spec: MaxStartups; readonly printed: string } | undefined {
  const n = scanInts(arg, 3);
  const positive = atLeast(version, MAX_STARTUPS_POSITIVE_SINCE);
  if (n.length === 3) {
    const [begin, rate, full] = n;
    if (begin > full || rate > 100 || rate < 1) return undefined;
    if (positive && (begin <= 0 || full <= 0)) return undefined;
    return { spec: { begin, rate, full }, printed: `${begin}:${rate}:${full}` };
  }
  if (n.length !== 1) return undefined;
  const [v] = n;
  if (positive && v <= 0) return undefined;
  // 10.1 and 10.2 leave start at -1, which the defaults turn into 10 (even above full).
  const unset = atLeast(version, MAX_STARTUPS_BEGIN_UNSET_SINCE) && !atLeast(version, MAX_STARTUPS_BEGIN_SET_SINCE);
  return { spec: { begin: v, full: v }, printed: `${unset ? 10 : v}:${MAX_STARTUPS_RATE}:${v}` };
}

/** `PerSourceMaxStartups none | N` (`none` is case-sensitive; INT_MAX prints as none): the printed value, or what atoi_err says. */
export function readPerSourceMaxStartups(arg: string): { readonly ok: true; readonly printed: string } | { readonly ok: false; readonly error: string } {
  if (arg === 'none') return { ok: true, printed: 'none' };
  const n = parseSshInt(arg, 0, INT_MAX);
  if (!n.ok) return { ok: false, error: n.error };
  return { ok: true, printed: n.value === INT_MAX ? 'none' : String(n.value) };
}

/** From this release a one-number PerSourceNetBlockSize leaves the IPv6 length alone (6157e1c41). */
const NET_BLOCK_IPV6_KEPT_SINCE = '10.3';

/**
 * `PerSourceNetBlockSize ipv4[:ipv6]`: the value `sshd -T` prints, or undefined when sshd stops ("Invalid
 * PerSourceNetBlockSize spec."). Before 10.3 a line with one number also sets the IPv6 length, from a variable
 * that was never set (Debian 12's sshd prints `16:0` for `16`): the value is then the number alone.
 */
export function readPerSourceNetBlockSize(arg: string, version: Version): string | undefined {
  const n = scanInts(arg, 2);
  if (n.length === 0 || n[0] < 0 || n[0] > 32 || (n.length === 2 && (n[1] < 0 || n[1] > 128))) return undefined;
  if (n.length === 2) return `${n[0]}:${n[1]}`;
  return atLeast(version, NET_BLOCK_IPV6_KEPT_SINCE) ? `${n[0]}:128` : String(n[0]);
}

/** Options sshd accepts with no argument at all (a comment right after the keyword): its loop finds nothing to set. */
const EMPTY_ACCEPTED = new Set(['pubkeyauthoptions', 'forcecommand', 'versionaddendum']);
/** List options that accept no argument before this release, and stop sshd from it ("no AllowUsers specified"; 65a44a8a4). */
const EMPTY_LISTS = new Set([
  'acceptenv',
  'allowusers',
  'denyusers',
  'allowgroups',
  'denygroups',
  'channeltimeout',
  'logverbose',
  'setenv',
  'authorizedkeysfile',
]);
const EMPTY_LISTS_REFUSED_SINCE = '9.7';

/**
 * Whether sshd stops at a line whose keyword has only a comment after it (`Port #22`: the line has text after the
 * keyword, so the "no argument" check passes, but the argument vector is empty). Every option stops sshd, in its
 * own words ("missing port number.", "missing time value.", "Include missing filename argument"), except those
 * whose handler loops over the arguments without counting them.
 */
export function sshdRefusesEmpty(key: string, version: Version): boolean {
  if (EMPTY_ACCEPTED.has(key)) return false;
  if (EMPTY_LISTS.has(key)) return atLeast(version, EMPTY_LISTS_REFUSED_SINCE);
  return true;
}
