/**
 * OpenSSH's pattern matching (match.c): `*` and `?` wildcards, comma lists with `!` negation.
 */

/** match_pattern(): the whole string against one pattern; `*` any run, `?` one character. */
export function matchPattern(s: string, pattern: string): boolean {
  // Iterative wildcard matching with single backtrack point: linear in practice, no regex.
  let si = 0;
  let pi = 0;
  let star = -1;
  let mark = 0;
  while (si < s.length) {
    if (pi < pattern.length && (pattern[pi] === '?' || pattern[pi] === s[si])) {
      si++;
      pi++;
    } else if (pi < pattern.length && pattern[pi] === '*') {
      star = pi++;
      mark = si;
    } else if (star >= 0) {
      pi = star + 1;
      si = ++mark;
    } else {
      return false;
    }
  }
  while (pi < pattern.length && pattern[pi] === '*') pi++;
  return pi === pattern.length;
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
