/**
 * Oracle test: the sshd_config keyword catalog against the real sshd of this machine (`sshd -T`).
 *
 *   node --import tsx --test test/oracle/sshd-keywords.test.ts
 *
 * For the installed release V (read from `sshd -V`), every catalogued keyword is written into a small config
 * with a valid sample value and must behave as sshdKeywordAt(spec, V) says: accepted (silently, or with
 * "Deprecated option" / "Unsupported option"), or refused with "Bad configuration option" when V does not know
 * it; inside `Match User nobody` it must be accepted or refused with "not allowed within a Match block"; a
 * keyword that takes exactly one argument must refuse a second one; every word of a `choice` must be accepted
 * and a wrong word refused. With a minimal config, `sshd -T` must print each catalogued default, every line it
 * prints must name a catalogued keyword, and every printed keyword without a catalogued default must be listed
 * below with the reason.
 *
 * Build features (PAM, Kerberos, GSSAPI, AFS, lastlog, routing domains) are read from the minimal `sshd -T`
 * output (each is printed only when compiled in), and the distribution patches from the sshd binary itself.
 * `sshd -T` needs a host key (generated into a temporary directory) and, on Debian, /run/sshd (created when
 * missing and running as root).
 *
 * Environment knobs (optional): SSHD (path of the sshd to test, default /usr/sbin/sshd), ORACLE_POOL (parallel
 * sshd processes, default 4).
 *
 * Skips when sshd is not installed, unless CI is set: then it fails, because CI installs openssh-server.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it, test } from 'node:test';
import {
  allSshServerKeywords,
  type SshdBuildFeature,
  type SshdKeywordSpec,
  type SshdKeywordView,
  type SshdPatch,
  sshdKeywordAt,
  sshServerKeyword,
} from '../../server/src/service/catalog/sshServer';
import type { ValueSpec } from '../../server/src/service/catalog/types';
import { formatVersion, parseSshBanner, type Version } from '../../server/src/service/model/version';
import { pool } from '../pool';

const SSHD = process.env.SSHD ?? '/usr/sbin/sshd';
const POOL = Number(process.env.ORACLE_POOL ?? 4);
const MISSING_SSHD = `${SSHD} (openssh-server) is not installed; the sshd oracle test needs it`;
/** The connection `sshd -T -C` evaluates Match blocks for; `Match User nobody` never matches it. */
const CONNECTION = 'user=root,host=client.example,addr=127.0.0.1';

/**
 * Keywords `sshd -T` prints whose catalog entry has no default, and why. Each must be printed (so the table
 * cannot go stale) and must have no catalogued default for the release under test.
 */
const PRINTED_WITHOUT_DEFAULT: Readonly<Record<string, string>> = {
  hostkey: 'the host key files of this machine (here the generated test key)',
  listenaddress: "one line per address family of this machine's wildcard addresses",
  pidfile: 'a path chosen when sshd is built (Debian: /run/sshd.pid, upstream: /var/run/sshd.pid)',
  modulifile: 'a path chosen when sshd is built (its configuration directory)',
  xauthlocation: 'a path found when sshd is built',
  ciphers: 'a long algorithm list that changes between releases',
  macs: 'a long algorithm list that changes between releases',
  kexalgorithms: 'a long algorithm list that changes between releases',
  casignaturealgorithms: 'a long algorithm list that changes between releases',
  hostbasedacceptedalgorithms: 'a long algorithm list that changes between releases',
  hostkeyalgorithms: 'a long algorithm list that changes between releases',
  pubkeyacceptedalgorithms: 'a long algorithm list that changes between releases',
  sshdsessionpath: 'a path chosen when sshd is built',
  sshdauthpath: 'a path chosen when sshd is built',
  gssapistrictacceptorcheck: 'upstream prints it only from 10.3 on; the GSSAPI key-exchange patch prints it in older releases too',
};

/** Defaults this build prints differently from upstream's, with the value it prints and why. */
const BUILD_DEFAULTS: Readonly<Record<string, { readonly printed: string; readonly reason: string }>> = {
  ipqos: {
    printed: 'lowdelay throughput',
    reason: "Debian's build keeps the IPQoS defaults of OpenSSH 7.x (upstream 8.0 to 10.0 print `af21 cs1`, 10.1 and later `ef cs0`)",
  },
};

/** Sample values where the type alone does not give a valid one. `%DIR%` is the temporary directory. */
const SAMPLES: Readonly<Record<string, string>> = {
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
function sample(spec: SshdKeywordSpec, value: ValueSpec, dir: string): string {
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

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function run(file: string, args: readonly string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: 20_000, maxBuffer: 4 * 1024 * 1024 }, (err, stdout, stderr) => {
      let code = 0;
      if (err) code = typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** `sshd -T` output: lower-cased keyword -> the values of its lines. */
function parseDump(stdout: string): Map<string, string[]> {
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
function buildFeatures(dump: Map<string, string[]>): Set<SshdBuildFeature> {
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
function patches(binary: Buffer): Set<SshdPatch> {
  const has = (word: string) => binary.includes(Buffer.from(`\0${word}\0`, 'latin1'));
  const out = new Set<SshdPatch>();
  if (has('gssapikeyexchange')) out.add('gssapi-kex');
  if (has('debianbanner')) out.add('debian');
  return out;
}

/** What the release under test does with the keyword: `unknown`, `fatal` (RDomain without support), or the message it logs. */
type Expect = { readonly kind: 'unknown' } | { readonly kind: 'fatal'; readonly message: string } | { readonly kind: 'accepted'; readonly message?: string };

interface Subject {
  readonly spec: SshdKeywordSpec;
  readonly view: SshdKeywordView;
  readonly expect: Expect;
}

function expectation(spec: SshdKeywordSpec, view: SshdKeywordView, features: Set<SshdBuildFeature>, built: Set<SshdPatch>): Expect {
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
const configLines = (stderr: string) =>
  stderr
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => /\bline \d+: /.test(l));

function describeRun(what: string, config: string, r: Run): string {
  return `${what}: exit ${r.code}\n  config:\n${config.replace(/^/gm, '    ')}  stderr:\n${r.stderr.trimEnd().replace(/^/gm, '    ')}`;
}

const sshdPresent = existsSync(SSHD);

if (!sshdPresent && process.env.CI) {
  test('sshd -T oracle for the sshd_config catalog', () => {
    assert.fail(`${MISSING_SSHD} (CI is set, so this fails instead of skipping)`);
  });
} else if (!sshdPresent) {
  describe('sshd -T oracle for the sshd_config catalog', () => {
    it('agrees with sshd -T', { skip: MISSING_SSHD }, () => {});
  });
  console.log(`SKIP: ${MISSING_SSHD}`);
} else {
  describe('sshd -T oracle for the sshd_config catalog', () => {
    let dir = '';
    let version: Version;
    let features = new Set<SshdBuildFeature>();
    let built = new Set<SshdPatch>();
    let dump = new Map<string, string[]>();
    let subjects: Subject[] = [];
    let counter = 0;

    /** Writes a config (host key first) and runs sshd -T on it. */
    const sshdT = async (body: string, extra: readonly string[] = []): Promise<{ config: string; run: Run }> => {
      const config = `HostKey ${dir}/hk\n${body}`;
      const file = join(dir, `c${counter++}.conf`);
      writeFileSync(file, config);
      return { config, run: await run(SSHD, ['-T', '-f', file, ...extra]) };
    };

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'keepalive-sshd-'));
      if (!existsSync('/run/sshd') && process.getuid?.() === 0) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
      const keygen = await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'keepalive-lens-oracle', '-f', join(dir, 'hk')]);
      assert.equal(keygen.code, 0, `ssh-keygen could not make a host key: ${keygen.stderr}`);
      const banner = await run(SSHD, ['-V']);
      const parsed = parseSshBanner(banner.stderr + banner.stdout);
      assert.ok(parsed, `could not read the release from sshd -V: ${banner.stderr}`);
      version = parsed;
      const minimal = await sshdT('');
      assert.equal(minimal.run.code, 0, describeRun('minimal config', minimal.config, minimal.run));
      dump = parseDump(minimal.run.stdout);
      features = buildFeatures(dump);
      built = patches(readFileSync(SSHD));
      subjects = allSshServerKeywords().map((spec) => {
        const view = sshdKeywordAt(spec, version);
        return { spec, view, expect: expectation(spec, view, features, built) };
      });
      console.log(
        `sshd ${formatVersion(version)}: features ${[...features].sort().join(', ') || 'none'}; patches ${[...built].sort().join(', ') || 'none'}; ` +
          `${subjects.filter((s) => s.expect.kind !== 'unknown').length} of ${subjects.length} catalogued keywords known`,
      );
    });

    after(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('accepts every keyword the release knows, with the message its status implies, and refuses the others', async () => {
      const failures = await pool(subjects, POOL, async ({ spec, view, expect }) => {
        const line = `${spec.name} ${sample(spec, view.value, dir)}\n`;
        const { config, run: r } = await sshdT(line);
        const lines = configLines(r.stderr);
        const bad = (why: string) => describeRun(`${spec.name} (${why})`, config, r);
        if (expect.kind === 'unknown') {
          if (r.code === 0 || !r.stderr.includes(`line 2: Bad configuration option: ${spec.name}`))
            return bad(`release ${formatVersion(version)} should not know it`);
          return undefined;
        }
        if (expect.kind === 'fatal') {
          if (r.code === 0 || !r.stderr.includes(expect.message)) return bad(`expected "${expect.message}"`);
          return undefined;
        }
        if (r.code !== 0) return bad('expected acceptance');
        if (expect.message === undefined) return lines.length === 0 ? undefined : bad('expected no message about the line');
        // Keywords allowed in Match are parsed twice ("reprocess config line 2: ..."), so the message can repeat.
        return lines.length > 0 && lines.every((l) => l.endsWith(`line 2: ${expect.message}`)) ? undefined : bad(`expected only "line 2: ${expect.message}"`);
      });
      const found = failures.filter((f) => f !== undefined);
      assert.deepEqual(found, [], `${found.length} keyword(s) disagree:\n\n${found.join('\n\n')}`);
    });

    it('accepts inside a Match block exactly the keywords the catalog allows there', async () => {
      const known = subjects.filter((s) => s.expect.kind !== 'unknown');
      const failures = await pool(known, POOL, async ({ spec, view, expect }) => {
        const body = `Match User nobody\n  ${spec.name} ${sample(spec, view.value, dir)}\n`;
        const { config, run: r } = await sshdT(body, ['-C', CONNECTION]);
        const refused = `line 3: Directive '${spec.name}' is not allowed within a Match block`;
        const allowed = spec.status === 'patch' ? spec.match : view.match;
        const bad = (why: string) => describeRun(`${spec.name} in Match (${why})`, config, r);
        if (!allowed) return r.code !== 0 && r.stderr.includes(refused) ? undefined : bad(`expected "${refused}"`);
        if (r.stderr.includes('not allowed within a Match block')) return bad('expected it to be allowed');
        if (expect.kind === 'fatal') return r.code !== 0 && r.stderr.includes(expect.message) ? undefined : bad(`expected "${expect.message}"`);
        return r.code === 0 ? undefined : bad('expected acceptance');
      });
      const found = failures.filter((f) => f !== undefined);
      assert.deepEqual(found, [], `${found.length} keyword(s) disagree:\n\n${found.join('\n\n')}`);
    });

    it('refuses a second argument for every keyword that takes exactly one', async () => {
      const single = subjects.filter(
        ({ view, expect }) => expect.kind === 'accepted' && ['time', 'int', 'choice', 'text'].includes(view.value.type) && expect.message === undefined,
      );
      assert.ok(single.length > 60, `${single.length} one-argument keywords`);
      const failures = await pool(single, POOL, async ({ spec, view }) => {
        const { config, run: r } = await sshdT(`${spec.name} ${sample(spec, view.value, dir)} extra\n`);
        const wanted = `line 2: keyword ${spec.name} extra arguments at end of line`;
        return r.code !== 0 && r.stderr.includes(wanted) ? undefined : describeRun(`${spec.name} (expected "${wanted}")`, config, r);
      });
      const found = failures.filter((f) => f !== undefined);
      assert.deepEqual(found, [], `${found.length} keyword(s) disagree:\n\n${found.join('\n\n')}`);
    });

    it('accepts every word of a choice, in the case the catalog allows, and refuses other words', async () => {
      const cases: { spec: SshdKeywordSpec; word: string; ok: boolean }[] = [];
      for (const { spec, view, expect } of subjects) {
        if (expect.kind !== 'accepted' || expect.message !== undefined || view.value.type !== 'choice') continue;
        for (const word of view.value.values) {
          cases.push({ spec, word, ok: true });
          const other = word === word.toUpperCase() ? word.toLowerCase() : word.toUpperCase();
          cases.push({ spec, word: other, ok: !view.value.caseSensitive });
        }
        cases.push({ spec, word: 'true', ok: view.value.values.includes('true') });
        cases.push({ spec, word: 'keepalive-lens-bogus', ok: false });
      }
      assert.ok(cases.length > 200, `${cases.length} choice cases`);
      const failures = await pool(cases, POOL, async ({ spec, word, ok }) => {
        const { config, run: r } = await sshdT(`${spec.name} ${word}\n`);
        const accepted = r.code === 0 && configLines(r.stderr).length === 0;
        return accepted === ok ? undefined : describeRun(`${spec.name} ${word} (expected ${ok ? 'acceptance' : 'refusal'})`, config, r);
      });
      const found = failures.filter((f) => f !== undefined);
      assert.deepEqual(found, [], `${found.length} case(s) disagree:\n\n${found.join('\n\n')}`);
    });

    it('prints every catalogued default, and only catalogued keywords', () => {
      const failures: string[] = [];
      for (const { spec, view, expect } of subjects) {
        if (spec.aliasOf !== undefined) continue;
        const lower = spec.name.toLowerCase();
        const printed = dump.get(lower);
        const want = spec.status === 'patch' ? spec.default : view.default;
        if (expect.kind === 'unknown' || (spec.build !== undefined && !features.has(spec.build))) {
          if (printed !== undefined) failures.push(`${spec.name}: not known or not built in, yet printed ${JSON.stringify(printed)}`);
          continue;
        }
        const special = BUILD_DEFAULTS[lower];
        if (special !== undefined) {
          if (printed?.length !== 1 || printed[0] !== special.printed) {
            failures.push(
              `${spec.name}: this build was recorded to print ${JSON.stringify(special.printed)} (${special.reason}), printed ${JSON.stringify(printed)}`,
            );
          }
          continue;
        }
        if (want === undefined) continue;
        if (printed?.length !== 1 || printed[0] !== want)
          failures.push(`${spec.name}: catalog default ${JSON.stringify(want)}, sshd -T printed ${JSON.stringify(printed)}`);
      }
      for (const [name, values] of dump) {
        const spec = sshServerKeyword(name);
        if (spec === undefined) {
          failures.push(`sshd -T printed ${name} ${JSON.stringify(values)}, which the catalog does not know`);
          continue;
        }
        const view = sshdKeywordAt(spec, version);
        const hasDefault = (spec.status === 'patch' ? spec.default : view.default) !== undefined || BUILD_DEFAULTS[name] !== undefined;
        if (!hasDefault && PRINTED_WITHOUT_DEFAULT[name] === undefined) {
          failures.push(`sshd -T printed ${name} ${JSON.stringify(values)}; give ${spec.name} a default or list it in PRINTED_WITHOUT_DEFAULT with the reason`);
        }
      }
      for (const name of Object.keys(PRINTED_WITHOUT_DEFAULT)) {
        const spec = sshServerKeyword(name);
        if (spec === undefined || !dump.has(name)) continue;
        if (sshdKeywordAt(spec, version).default !== undefined) failures.push(`${name} has a catalogued default; remove it from PRINTED_WITHOUT_DEFAULT`);
      }
      const stale = Object.keys(PRINTED_WITHOUT_DEFAULT).filter(
        (name) => !dump.has(name) && subjects.some((s) => s.spec.name.toLowerCase() === name && s.expect.kind !== 'unknown' && s.spec.build === undefined),
      );
      assert.deepEqual(stale, [], 'PRINTED_WITHOUT_DEFAULT names keywords this sshd knows but does not print');
      assert.deepEqual(failures, [], `${failures.length} difference(s):\n${failures.join('\n')}`);
    });
  });
}
