/**
 * How people write a line of ssh_config or sshd_config, for the generators (genSshConfig.ts, genSshdLines.ts):
 * ssh and sshd split a line with the same tokeniser (misc.c strdelim), so the keyword's case, the separator before
 * the value, the indentation and a trailing comment vary the same way in both. Deterministic given the PRNG.
 */
import { chance, pick, type Rand } from '../prng';

/** The keyword as written: as the manual spells it, lower case, upper case, or mixed (keywords are case-insensitive). */
export function spell(r: Rand, keyword: string): string {
  const x = r();
  if (x < 0.55) return keyword;
  if (x < 0.7) return keyword.toLowerCase();
  if (x < 0.8) return keyword.toUpperCase();
  return [...keyword].map((c) => (chance(r, 0.5) ? c.toUpperCase() : c.toLowerCase())).join('');
}

/** Separators strdelim accepts between a keyword and its value (blanks, and one `=` at most). */
export function separator(r: Rand): string {
  return pick(r, [' ', ' ', ' ', '=', ' = ', '\t', ' \t', '= ', ' =', '  ']);
}

/** Indentation: rare outside a block, usual inside one. */
export function indent(r: Rand, inBlock: boolean): string {
  if (!inBlock) return chance(r, 0.85) ? '' : pick(r, ['  ', '\t']);
  return pick(r, ['', '  ', '    ', '\t', '\t', '  ']);
}

/** Sometimes a comment after the value. */
export function trailingComment(r: Rand): string {
  return chance(r, 0.12) ? pick(r, [' # comment', ' #note', '\t# keepalive', '  # 30s']) : '';
}
