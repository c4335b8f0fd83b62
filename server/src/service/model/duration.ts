/**
 * Durations: OpenSSH's time syntax (misc.c convtime) and how we print seconds.
 *
 * OpenSSH changed convtime in 10.3. Before: a sum of strtol() terms, each followed by
 * an optional unit, so `+5` and `30s10` (= 40 s) are valid. From 10.3: terms must start
 * with a digit or `.`, only one seconds term is allowed, and the seconds term may be a
 * decimal (`1.5s`, truncated to 1 s).
 */
import { atLeast, type Version } from './version';

const INT_MAX = 2147483647;
const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

export type TimeResult = { readonly ok: true; readonly seconds: number } | { readonly ok: false };

/** convtime() of OpenSSH 10.3 and later. */
function convtimeModern(s: string): TimeResult {
  if (s === '') return { ok: false };
  let total = 0;
  let seenSeconds = false;
  let p = 0;
  while (p < s.length) {
    const m = /^[0-9.]+/.exec(s.slice(p));
    if (!m) return { ok: false };
    const num = m[0];
    // strtod must consume exactly the digits-and-dots run.
    if (!/^(\d+\.?\d*|\.\d+)$/.test(num)) return { ok: false };
    p += num.length;
    const unit = s[p] ?? '';
    let mult: number;
    if (unit === '' || unit === 's' || unit === 'S') {
      if (seenSeconds) return { ok: false };
      seenSeconds = true;
      mult = 1;
    } else {
      const u = UNITS[unit.toLowerCase()];
      if (u === undefined) return { ok: false };
      mult = u;
    }
    if (num.includes('.')) {
      if (mult > 1) return { ok: false };
      if (!/\d$/.test(num)) return { ok: false };
    }
    total += Number(num) * mult;
    if (unit !== '') p++;
  }
  if (total > INT_MAX) return { ok: false };
  return { ok: true, seconds: Math.trunc(total) };
}

/** convtime() before OpenSSH 10.3 (strtol based). */
function convtimeLegacy(s: string): TimeResult {
  if (s === '') return { ok: false };
  let total = 0;
  let p = 0;
  while (p < s.length) {
    const m = /^[ \t\n\v\f\r]*([+-]?)(\d+)/.exec(s.slice(p));
    if (!m) return { ok: false };
    const secs = Number(m[1] === '-' ? `-${m[2]}` : m[2]);
    if (secs < 0) return { ok: false };
    p += m[0].length;
    const unit = s[p] ?? '';
    let mult = 1;
    if (unit !== '') {
      const u = UNITS[unit.toLowerCase()];
      if (u === undefined) return { ok: false };
      mult = u;
      p++;
    }
    if (secs > Math.floor(INT_MAX / mult)) return { ok: false };
    const value = secs * mult;
    if (total > INT_MAX - value) return { ok: false };
    total += value;
  }
  return { ok: true, seconds: total };
}

/**
 * The seconds of a value both generations read alike, the way most values are written:
 * up to 9 digits and at most one unit (`60`, `30s`, `10m`). -1 for anything else.
 */
function plainTime(s: string): number {
  const n = s.length;
  let digits = 0;
  let value = 0;
  while (digits < n) {
    const c = s.charCodeAt(digits);
    if (c < 48 || c > 57) break;
    value = value * 10 + (c - 48);
    digits++;
  }
  if (digits === 0 || digits > 9) return -1;
  if (digits === n) return value;
  if (digits + 1 !== n) return -1;
  const mult = UNITS[s[digits].toLowerCase()];
  if (mult === undefined || value * mult > INT_MAX) return -1;
  return value * mult;
}

/** Whether every OpenSSH release reads the value, and reads it alike (`60`, `30s`, `10m`). */
export function isPlainTime(text: string): boolean {
  return plainTime(text) >= 0;
}

/** Parses an OpenSSH time value as the given release would. */
export function parseSshTime(text: string, version: Version): TimeResult {
  const plain = plainTime(text);
  if (plain >= 0) return { ok: true, seconds: plain };
  return atLeast(version, { major: 10, minor: 3 }) ? convtimeModern(text) : convtimeLegacy(text);
}

/** The same value under both generations of the parser, to find version-dependent values. */
export function parseSshTimeBoth(text: string): { readonly legacy: TimeResult; readonly modern: TimeResult } {
  const plain = plainTime(text);
  if (plain >= 0) {
    const r = { ok: true, seconds: plain } as const;
    return { legacy: r, modern: r };
  }
  return { legacy: convtimeLegacy(text), modern: convtimeModern(text) };
}

export type IntResult =
  | { readonly ok: true; readonly value: number }
  | { readonly ok: false; readonly error: 'missing' | 'invalid' | 'too small' | 'too large' };

/** The value of 1 to 9 decimal digits (nothing else), else -1. */
function plainDigits(s: string): number {
  const n = s.length;
  if (n === 0 || n > 9) return -1;
  let value = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    value = value * 10 + (c - 48);
  }
  return value;
}

/** OpenSSH's atoi_err(): strtonum(s, min, max) with strtoll's leading whitespace and sign. */
export function parseSshInt(text: string, min = 0, max = INT_MAX): IntResult {
  if (text === '') return { ok: false, error: 'missing' };
  let value = plainDigits(text);
  if (value < 0) {
    const m = /^[ \t\n\v\f\r]*([+-]?\d+)$/.exec(text);
    if (!m) return { ok: false, error: 'invalid' };
    value = Number(m[1]);
  }
  if (value < min) return { ok: false, error: 'too small' };
  if (value > max) return { ok: false, error: 'too large' };
  return { ok: true, value: value === 0 ? 0 : value };
}

function trimNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 10) / 10);
}

/**
 * Seconds for people: `45 s`, `6 min`, `2 h 11 min 15 s`, `15 min 24.6 s`, `5 d`.
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'never';
  if (seconds < 60) return `${trimNumber(seconds)} s`;
  let out = '';
  let rest = seconds;
  const days = Math.floor(rest / 86400);
  if (days > 0) {
    out = `${days} d`;
    rest -= days * 86400;
  }
  const hours = Math.floor(rest / 3600);
  if (hours > 0) {
    out = out ? `${out} ${hours} h` : `${hours} h`;
    rest -= hours * 3600;
  }
  const minutes = Math.floor(rest / 60);
  if (minutes > 0) {
    out = out ? `${out} ${minutes} min` : `${minutes} min`;
    rest -= minutes * 60;
  }
  rest = Math.round(rest * 10) / 10;
  if (rest > 0) out = out ? `${out} ${trimNumber(rest)} s` : `${trimNumber(rest)} s`;
  return out;
}

/** Seconds as ssh_config would write them most readably (`90` -> `90`, `300` -> `5m`). */
export function toSshTime(seconds: number): string {
  if (seconds > 0 && seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds >= 120 && seconds % 60 === 0) return `${seconds / 60}m`;
  return String(seconds);
}
