/**
 * The order in which systemd-sysctl reads a set of files (systemd-sysctl(8), sysctl.d(5)):
 * the directories /etc/sysctl.d, /run/sysctl.d, /usr/local/lib/sysctl.d and /usr/lib/sysctl.d
 * (and /lib/sysctl.d on systems that still have it) are merged; a file name in an earlier
 * directory masks the same name in a later one; the files that remain are read sorted by
 * file name, whatever their directory, and the last assignment of a key wins.
 *
 * systemd-sysctl does not read /etc/sysctl.conf itself: distributions link
 * /etc/sysctl.d/99-sysctl.conf to it, so a file named `sysctl.conf` takes that place here.
 * Files outside the known directories (a workspace's copy) rank like /etc/sysctl.d.
 */

export const SYSCTL_DIRECTORIES = ['etc/sysctl.d', 'run/sysctl.d', 'usr/local/lib/sysctl.d', 'usr/lib/sysctl.d', 'lib/sysctl.d'] as const;

export interface Placed {
  readonly uri: string;
  /** The name the file sorts by. */
  readonly name: string;
  /** Index in SYSCTL_DIRECTORIES (0 for files elsewhere). */
  readonly rank: number;
  /** The path up to the directory (`file:///`, or a test tree's root). */
  readonly root: string;
}

export function placeFile(uri: string): Placed {
  const slash = uri.lastIndexOf('/');
  const dir = uri.slice(0, slash);
  const base = uri.slice(slash + 1);
  if (base === 'sysctl.conf' && /(^|\/)etc$/.test(dir)) return { uri, name: '99-sysctl.conf', rank: 0, root: dir.slice(0, -'etc'.length) };
  for (let rank = 0; rank < SYSCTL_DIRECTORIES.length; rank++) {
    const d = SYSCTL_DIRECTORIES[rank];
    if (dir === d || dir.endsWith(`/${d}`)) return { uri, name: base, rank, root: dir.slice(0, dir.length - d.length) };
  }
  return { uri, name: base, rank: 0, root: dir };
}

export interface LoadOrder {
  /** The files read, in order. */
  readonly files: readonly Placed[];
  /** Files not read, and the file that masks each. */
  readonly masked: ReadonlyArray<{ readonly file: Placed; readonly by: Placed }>;
}

/** strcmp order, as systemd's conf_files_list sorts (no locale). */
function byteCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function loadOrder(uris: readonly string[]): LoadOrder {
  const winners = new Map<string, Placed>();
  const masked: Array<{ file: Placed; by: Placed }> = [];
  const placed = [...new Set(uris)].map(placeFile).sort((a, b) => a.rank - b.rank || byteCompare(a.uri, b.uri));
  for (const p of placed) {
    const key = `${p.root}\u0000${p.name}`;
    const first = winners.get(key);
    if (first) masked.push({ file: p, by: first });
    else winners.set(key, p);
  }
  const files = [...winners.values()].sort((a, b) => byteCompare(a.name, b.name) || byteCompare(a.uri, b.uri));
  return { files, masked };
}
