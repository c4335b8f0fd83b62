/** OpenSSH release numbers, compared as major.minor. */
export interface Version {
  readonly major: number;
  readonly minor: number;
}

/** The newest OpenSSH release whose parser this catalog mirrors. */
export const LATEST_OPENSSH: Version = { major: 10, minor: 5 };

export function parseVersion(text: string | undefined): Version | undefined {
  const m = /(\d+)\.(\d+)/.exec(text ?? '');
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : undefined;
}

/** Reads the version out of `ssh -V` output ("OpenSSH_9.2p1 Debian-2, OpenSSL 3.0"). */
export function parseSshBanner(text: string): Version | undefined {
  const m = /OpenSSH_(\d+)\.(\d+)/.exec(text);
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : undefined;
}

export function atLeast(v: Version, than: Version | string): boolean {
  const t = typeof than === 'string' ? parseVersion(than) : than;
  if (!t) return true;
  return v.major !== t.major ? v.major > t.major : v.minor >= t.minor;
}

export function formatVersion(v: Version): string {
  return `${v.major}.${v.minor}`;
}
