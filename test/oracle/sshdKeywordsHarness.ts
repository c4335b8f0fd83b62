/**
 * The lab of the sshd_config oracles that run each keyword through the real sshd (sshd-keywords.test.ts,
 * sshd-lines.test.ts): a temporary directory with a host key, the release and the build features of the installed
 * sshd, a sample value per keyword, and `sshd -T` on a config written there. sshd-t.test.ts takes the sshd, its
 * prerequisites and the scratch directory with a host key from here too.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  allSshServerKeywords,
  type SshdBuildFeature,
  type SshdKeywordSpec,
  type SshdKeywordView,
  type SshdPatch,
  sshdKeywordAt,
} from '../../server/src/service/catalog/sshServer';
import type { ValueSpec } from '../../server/src/service/catalog/types';
import { formatVersion, parseSshBanner, type Version } from '../../server/src/service/model/version';
import { findOnPath, type ProcResult, run } from './harness';

/** The sshd to test: $SSHD, else the one on PATH or in an sbin directory. */
export const SSHD = process.env.SSHD ?? findOnPath('sshd', ['/usr/sbin', '/usr/local/sbin']) ?? '/usr/sbin/sshd';
export const POOL = Number(process.env.ORACLE_POOL ?? 4);

/** Why the sshd oracles cannot run here (sshd, and ssh-keygen for the host key), or undefined when they can. */
export function missingSshd(): string | undefined {
  if (!existsSync(SSHD)) return `${SSHD} (openssh-server) is not installed; the sshd oracle tests need it`;
  if (!findOnPath('ssh-keygen')) return 'ssh-keygen (openssh-client) is not installed; the sshd oracle tests need it for a host key';
  return undefined;
}

/**
 * A fresh temporary directory holding a throwaway ed25519 host key (`hk`), which `sshd -T` needs, and sshd's
 * privilege separation directory, /run/sshd on Debian, created when missing (only root can).
 */
export async function sshdScratch(prefix: string): Promise<{ readonly dir: string; readonly hostKey: string }> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (!existsSync('/run/sshd') && process.getuid?.() === 0) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const hostKey = join(dir, 'hk');
  const keygen = await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'keepalive-lens-oracle', '-f', hostKey]);
  assert.equal(keygen.code, 0, `ssh-keygen could not make a host key: ${keygen.stderr}`);
  return { dir, hostKey };
}
/** The connection `sshd -T -C` evaluates Match blocks for; `Match User nobody` never matches it, `Match User root` does. */
export const CONNECTION = 'user=root,host=client.example,addr=127.0.0.1';

/** Sample values where the type alone does not give a valid one. `%DIR%` is the temporary directory. */
export const SAMPLES: Readonly<Record<string, string>> = {
  AcceptEnv: 'LANG LC_*',
  AllowGroups: 'root',
  AllowUsers: 'root',
  AuthenticationMethods: 'publickey,password publickey',
  AuthorizedKeysCommand: 'none',
  AuthorizedKeysCommandUser: 'nobody',
  AuthorizedKeysFile: '.ssh/authorized_keys .ssh/authorized_keys2',
  AuthorizedPrincipalsCommand: 'none',
  AuthorizedPrincipalsCommandUser: 'nobody',
  AuthorizedPrincipalsFile: 'none',
  Banner: 'none',
  CASignatureAlgorithms: 'ssh-ed25519',
  ChannelTimeout: 'session:*=5m direct-tcpip=1h',
  ChrootDirectory: 'none',
  Ciphers: 'aes128-ctr,aes256-gcm@openssh.com',
  DenyGroups: 'nogroup',
  DenyUsers: 'nobody',
  ForceCommand: 'internal-sftp -l INFO',
  GSSAPIKexAlgorithms: 'gss-curve25519-sha256-',
  HostbasedAcceptedAlgorithms: 'ssh-ed25519',
  HostbasedAcceptedKeyTypes: 'ssh-ed25519',
  HostCertificate: '%DIR%/hk-cert.pub',
  HostDSAKey: '%DIR%/hk',
  HostKey: '%DIR%/hk',
  HostKeyAgent: 'none',
  HostKeyAlgorithms: 'ssh-ed25519,rsa-sha2-512',
  Include: '%DIR%/no-such.d/*.conf',
  IPQoS: 'af21 cs1',
  KexAlgorithms: 'curve25519-sha256',
  ListenAddress: '127.0.0.1:2222',
  LogLevel: 'VERBOSE',
  LogVerbose: 'kex.c:*',
  MACs: 'hmac-sha2-256,hmac-sha2-512',
  Match: 'User nobody',
  MaxStartups: '10:30:60',
  ModuliFile: '/etc/ssh/moduli',
  PAMServiceName: 'sshd',
  PermitListen: 'localhost:8080 9090',
  PermitOpen: 'localhost:8080 192.0.2.1:22',
  PermitUserEnvironment: 'LANG,TZ',
  PerSourceMaxStartups: '5',
  PerSourceNetBlockSize: '24:56',
  PerSourcePenalties: 'authfail:10 noauth:2',
  PerSourcePenaltyExemptList: '192.0.2.0/24,2001:db8::/32',
  PidFile: '%DIR%/sshd.pid',
  Port: '2222',
  PubkeyAcceptedAlgorithms: 'ssh-ed25519',
  PubkeyAcceptedKeyTypes: 'ssh-ed25519',
  PubkeyAuthOptions: 'touch-required',
  RDomain: 'none',
  RekeyLimit: '1G 1h',
  RevokedKeys: 'none',
  SecurityKeyProvider: 'internal',
  SetEnv: 'KEEPALIVE_LENS=1',
  SshdAuthPath: '/usr/lib/openssh/sshd-auth',
  SshdSessionPath: '/usr/lib/openssh/sshd-session',
  StreamLocalBindMask: '0077',
  Subsystem: 'keepalive-lens-test internal-sftp -l INFO',
  SyslogFacility: 'LOCAL0',
  TrustedUserCAKeys: 'none',
  VersionAddendum: 'keepalive lens test',
  XAuthLocation: '/usr/bin/xauth',
};

/** A valid value for the keyword as the release sees it. */
export function sample(spec: SshdKeywordSpec, value: ValueSpec, dir: string): string {
  const given = SAMPLES[spec.name];
  if (given !== undefined) return given.replaceAll('%DIR%', dir);
  switch (value.type) {
    case 'time':
      return '1m30s';
    case 'int':
      return '7';
    case 'choice':
      return value.values.includes('no') ? 'no' : value.values[0];
    case 'free':
      // Legacy keywords swallow the rest of the line.
      return 'no';
    default:
      throw new Error(`${spec.name}: no sample for a ${value.type} value; add one to SAMPLES`);
  }
}

/** `sshd -T` output: lower-cased keyword -> the values of its lines. */
export function parseDump(stdout: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of stdout.split('\n')) {
    const t = line.trim();
    if (t === '') continue;
    const sp = t.indexOf(' ');
    const name = (sp < 0 ? t : t.slice(0, sp)).toLowerCase();
    const value = sp < 0 ? '' : t.slice(sp + 1);
    out.set(name, [...(out.get(name) ?? []), value]);
  }
  return out;
}

/** Build features, from the lines a minimal `sshd -T` prints only when they are compiled in. */
export function buildFeatures(dump: Map<string, string[]>): Set<SshdBuildFeature> {
  const probes: Record<SshdBuildFeature, string> = {
    pam: 'usepam',
    kerberos: 'kerberosauthentication',
    afs: 'kerberosgetafstoken',
    gssapi: 'gssapiauthentication',
    lastlog: 'printlastlog',
    rdomain: 'rdomain',
  };
  return new Set((Object.keys(probes) as SshdBuildFeature[]).filter((f) => dump.has(probes[f])));
}

/** Distribution patches, from the keyword table compiled into the binary. */
export function patches(binary: Buffer): Set<SshdPatch> {
  const has = (word: string) => binary.includes(Buffer.from(`\0${word}\0`, 'latin1'));
  const out = new Set<SshdPatch>();
  if (has('gssapikeyexchange')) out.add('gssapi-kex');
  if (has('debianbanner')) out.add('debian');
  return out;
}

/** What the release under test does with the keyword: `unknown`, `fatal` (RDomain without support), or the message it logs. */
export type Expect =
  | { readonly kind: 'unknown' }
  | { readonly kind: 'fatal'; readonly message: string }
  | { readonly kind: 'accepted'; readonly message?: string };

export interface Subject {
  readonly spec: SshdKeywordSpec;
  readonly view: SshdKeywordView;
  readonly expect: Expect;
}

export function expectation(spec: SshdKeywordSpec, view: SshdKeywordView, features: Set<SshdBuildFeature>, built: Set<SshdPatch>): Expect {
  if (spec.status === 'patch') return spec.patch !== undefined && built.has(spec.patch) ? { kind: 'accepted' } : { kind: 'unknown' };
  if (!view.known) return { kind: 'unknown' };
  if (spec.build !== undefined && !features.has(spec.build)) {
    if (spec.build === 'rdomain') return { kind: 'fatal', message: 'setting RDomain not supported on this platform.' };
    return { kind: 'accepted', message: `Unsupported option ${spec.name}` };
  }
  switch (view.status) {
    case 'deprecated':
      return { kind: 'accepted', message: `Deprecated option ${spec.name}` };
    case 'unsupported':
      return { kind: 'accepted', message: `Unsupported option ${spec.name}` };
    default:
      return { kind: 'accepted' };
  }
}

/** Messages sshd gives about config lines ("F line 3: ..." and "F: line 3: ..."). */
export const configLines = (stderr: string) =>
  stderr
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => /\bline \d+: /.test(l));

export function describeRun(what: string, config: string, r: ProcResult): string {
  return `${what}: exit ${r.code}\n  config:\n${config.replace(/^/gm, '    ')}  stderr:\n${r.stderr.trimEnd().replace(/^/gm, '    ')}`;
}

/** The installed sshd, and a directory to write configs into. */
export interface Lab {
  readonly dir: string;
  readonly version: Version;
  readonly features: Set<SshdBuildFeature>;
  readonly built: Set<SshdPatch>;
  /** What a config of only the host key makes `sshd -T` print. */
  readonly dump: Map<string, string[]>;
  readonly subjects: Subject[];
  /** Writes a config (host key first) and runs sshd -T on it (`-t` when `extra` is `['-t']`). */
  sshdT(body: string, extra?: readonly string[]): Promise<{ config: string; run: ProcResult }>;
  close(): void;
}

export async function openLab(): Promise<Lab> {
  const { dir, hostKey } = await sshdScratch('keepalive-sshd-');
  let counter = 0;
  const sshdT = async (body: string, extra: readonly string[] = []): Promise<{ config: string; run: ProcResult }> => {
    const config = `HostKey ${hostKey}\n${body}`;
    const file = join(dir, `c${counter++}.conf`);
    writeFileSync(file, config);
    const test = extra[0] === '-t';
    return { config, run: await run(SSHD, [test ? '-t' : '-T', '-f', file, ...(test ? extra.slice(1) : extra)]) };
  };
  const banner = await run(SSHD, ['-V']);
  const version = parseSshBanner(banner.stderr + banner.stdout);
  assert.ok(version, `could not read the release from sshd -V: ${banner.stderr}`);
  const minimal = await sshdT('');
  assert.equal(minimal.run.code, 0, describeRun('minimal config', minimal.config, minimal.run));
  const dump = parseDump(minimal.run.stdout);
  const features = buildFeatures(dump);
  const built = patches(readFileSync(SSHD));
  const subjects = allSshServerKeywords().map((spec) => {
    const view = sshdKeywordAt(spec, version);
    return { spec, view, expect: expectation(spec, view, features, built) };
  });
  console.log(
    `sshd ${formatVersion(version)}: features ${[...features].sort().join(', ') || 'none'}; patches ${[...built].sort().join(', ') || 'none'}; ` +
      `${subjects.filter((s) => s.expect.kind !== 'unknown').length} of ${subjects.length} catalogued keywords known`,
  );
  return { dir, version, features, built, dump, subjects, sshdT, close: () => rmSync(dir, { recursive: true, force: true }) };
}
