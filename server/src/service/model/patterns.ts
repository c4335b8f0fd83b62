/**
 * OpenSSH's pattern matching (match.c): `*` and `?` wildcards, comma lists with `!` negation.
 */

/**
 * match_pattern(): the whole string against one pattern; `*` any run, `?` one character. A `*` or
 * `?` in the string is an ordinary character (`Host *` matches the name `**`, `Host w*` does not match `*b`).
 */
export function matchPattern(s: string, pattern: string): boolean {
  const STAR = 42;
  const QUESTION = 63;
  if (pattern === '*') return true;
  // One `*` and no `?` (`*.example.com`, `web-*`): a prefix and a suffix.
  const at = pattern.indexOf('*');
  if (at >= 0 && pattern.indexOf('*', at + 1) < 0 && pattern.indexOf('?') < 0) {
    const suffix = pattern.length - at - 1;
    if (s.length < at + suffix) return false;
    for (let i = 0; i < at; i++) if (s.charCodeAt(i) !== pattern.charCodeAt(i)) return false;
    for (let k = 1; k <= suffix; k++) if (s.charCodeAt(s.length - k) !== pattern.charCodeAt(pattern.length - k)) return false;
    return true;
  }
  // Iterative wildcard matching with one backtrack point (the last `*`): what match.c's
  // recursion accepts, linear in practice, no regex. A `*` in the pattern is always a wildcard.
  let si = 0;
  let pi = 0;
  let star = -1;
  let mark = 0;
  while (si < s.length) {
    const p = pi < pattern.length ? pattern.charCodeAt(pi) : -1;
    if (p === STAR) {
      star = pi++;
      mark = si;
    } else if (p === QUESTION || (p >= 0 && p === s.charCodeAt(si))) {
      si++;
      pi++;
    } else if (star >= 0) {
      pi = star + 1;
      si = ++mark;
    } else {
      return false;
    }
  }
  while (pi < pattern.length && pattern.charCodeAt(pi) === STAR) pi++;
  return pi === pattern.length;
}

/** `(s) => matchPattern(s, pattern)`, prepared once for a pattern matched against many strings. */
export function patternMatcher(pattern: string): (s: string) => boolean {
  if (!pattern.includes('*') && !pattern.includes('?')) return (s) => s === pattern;
  if (pattern === '*') return () => true;
  const at = pattern.indexOf('*');
  if (at < 0 || pattern.indexOf('*', at + 1) >= 0 || pattern.includes('?')) return (s) => matchPattern(s, pattern);
  // One `*`: a prefix and a suffix.
  const prefix = pattern.slice(0, at);
  const suffix = pattern.slice(at + 1);
  return (s) => s.length >= prefix.length + suffix.length && s.startsWith(prefix) && s.endsWith(suffix);
}

/**
 * match_pattern_list(): 1 when a positive sub-pattern matches and no negated one does,
 * -1 when a negated sub-pattern matches, 0 otherwise. Sub-patterns are lower-cased when
 * `lower` is set (as match_hostname does, which also lower-cases the string).
 */
export function matchPatternList(s: string, list: string, lower: boolean): 1 | 0 | -1 {
  let positive = false;
  for (const item of list.split(',')) {
    const negated = item.startsWith('!');
    let sub = negated ? item.slice(1) : item;
    if (sub.length >= 1023) return 0;
    if (lower) sub = asciiLower(sub);
    if (matchPattern(s, sub)) {
      if (negated) return -1;
      positive = true;
    }
  }
  return positive ? 1 : 0;
}

/** match_hostname(): case-insensitive host matching against a pattern list. */
export function matchHostname(host: string, list: string): 1 | 0 | -1 {
  return matchPatternList(asciiLower(host), list, true);
}

/** C's tolower over ASCII only, as OpenSSH's lowercase() does. */
export function asciiLower(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}
