/**
 * An OpenSSH keyword table (ssh_config, sshd_config): the families' entries merged in alphabetical order,
 * looked up case-insensitively as both parsers' parse_token do.
 */
export interface KeywordTable<T extends { readonly name: string }> {
  readonly all: readonly T[];
  get(keyword: string): T | undefined;
}

export function keywordTable<T extends { readonly name: string }>(...families: ReadonlyArray<readonly T[]>): KeywordTable<T> {
  const all = families.flat().sort((a, b) => {
    const x = a.name.toLowerCase();
    const y = b.name.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  });
  const byLower = new Map<string, T>(all.map((k) => [k.name.toLowerCase(), k]));
  return { all, get: (keyword) => byLower.get(keyword.toLowerCase()) };
}
