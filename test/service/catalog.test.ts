/**
 * The ssh_config client keyword catalog.
 *
 *   node --import tsx --test test/service/catalog.test.ts
 *
 * The last test asks the installed `ssh -G` which keywords it prints and
 * checks they are all catalogued; it is skipped when `ssh` is not installed.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { allSshClientKeywords } from '../../server/src/service/catalog/sshClient';

const SSH_CLIENT_KEYWORDS = allSshClientKeywords();

import type { KeywordSpec } from '../../server/src/service/catalog/types';

const byLower = new Map<string, KeywordSpec>(SSH_CLIENT_KEYWORDS.map((k) => [k.name.toLowerCase(), k]));

function get(name: string): KeywordSpec {
  const k = byLower.get(name.toLowerCase());
  assert.ok(k, `${name} is catalogued`);
  assert.equal(k.name, name, `canonical spelling of ${name}`);
  return k;
}

function sentences(text: string): number {
  // Split at a full stop, question or exclamation mark that ends a sentence.
  return text.split(/(?<=[.!?])\s+(?=[A-Z`"(])/).filter((s) => s.trim() !== '').length;
}

/** Directives this product computes with. */
const KEEPALIVE = [
  'ChannelTimeout',
  'ConnectionAttempts',
  'ConnectTimeout',
  'ControlPersist',
  'KeepAlive',
  'ServerAliveCountMax',
  'ServerAliveInterval',
  'TCPKeepAlive',
];

/** Directives documented in depth. */
const DETAILED = [
  'ChannelTimeout',
  'ConnectionAttempts',
  'ConnectTimeout',
  'ControlPersist',
  'ForwardX11Timeout',
  'ServerAliveCountMax',
  'ServerAliveInterval',
  'TCPKeepAlive',
];

test('has every keyword of the OpenSSH 10.5 client keyword table, and the six of the GSSAPI key-exchange patch', () => {
  assert.equal(SSH_CLIENT_KEYWORDS.filter((k) => k.status !== 'patch').length, 128);
  assert.deepEqual(
    SSH_CLIENT_KEYWORDS.filter((k) => k.status === 'patch').map((k) => k.name),
    ['GSSAPIClientIdentity', 'GSSAPIKexAlgorithms', 'GSSAPIKeyExchange', 'GSSAPIRenewalForcesRekey', 'GSSAPIServerIdentity', 'GSSAPITrustDNS'],
  );
  for (const name of ['Host', 'Match', 'Include', 'IgnoreUnknown', 'Tag', 'RefuseConnection', 'WarnWeakCrypto']) {
    get(name);
  }
});

test('names are unique case-insensitively', () => {
  const seen = new Set<string>();
  for (const k of SSH_CLIENT_KEYWORDS) {
    const lower = k.name.toLowerCase();
    assert.ok(!seen.has(lower), `duplicate ${k.name}`);
    seen.add(lower);
    assert.match(k.name, /^[A-Za-z][A-Za-z0-9]*$/, `${k.name} is a plain word`);
  }
});

test('entries are sorted by name, case-insensitively', () => {
  for (let i = 1; i < SSH_CLIENT_KEYWORDS.length; i++) {
    const a = SSH_CLIENT_KEYWORDS[i - 1].name.toLowerCase();
    const b = SSH_CLIENT_KEYWORDS[i].name.toLowerCase();
    assert.ok(a < b, `${SSH_CLIENT_KEYWORDS[i - 1].name} sorts before ${SSH_CLIENT_KEYWORDS[i].name}`);
  }
});

test('every aliasOf names an existing, non-alias entry with the same argument grammar', () => {
  const aliases = SSH_CLIENT_KEYWORDS.filter((k) => k.aliasOf !== undefined);
  assert.deepEqual(
    aliases.map((k) => `${k.name}->${k.aliasOf}`),
    [
      'ChallengeResponseAuthentication->KbdInteractiveAuthentication',
      'DSAAuthentication->PubkeyAuthentication',
      'HostbasedKeyTypes->HostbasedAcceptedAlgorithms',
      'IdentityFile2->IdentityFile',
      'KeepAlive->TCPKeepAlive',
      'PubkeyAcceptedKeyTypes->PubkeyAcceptedAlgorithms',
      'SkeyAuthentication->KbdInteractiveAuthentication',
      'SmartcardDevice->PKCS11Provider',
      'TISAuthentication->KbdInteractiveAuthentication',
    ],
  );
  for (const k of aliases) {
    const target = byLower.get(k.aliasOf!.toLowerCase());
    assert.ok(target, `${k.name}: aliasOf ${k.aliasOf} exists`);
    assert.equal(target.name, k.aliasOf, `${k.name}: aliasOf uses the canonical spelling`);
    assert.equal(target.aliasOf, undefined, `${k.name}: target is not itself an alias`);
    assert.equal(k.status, 'active');
    assert.deepEqual(k.value, target.value, `${k.name} reads its argument like ${target.name}`);
    assert.equal(k.default, undefined, `${k.name}: the default lives on ${target.name}`);
    assert.equal(k.details, undefined, `${k.name}: details live on ${target.name}`);
  }
});

test('statuses other than active are exactly the deprecated, unsupported and ignored keywords', () => {
  const nonActive = SSH_CLIENT_KEYWORDS.filter((k) => k.status !== 'active' && k.status !== 'patch').map((k) => `${k.name}:${k.status}`);
  assert.deepEqual(nonActive, [
    'AFSTokenPassing:unsupported',
    'Cipher:deprecated',
    'CompressionLevel:unsupported',
    'FallBackToRsh:deprecated',
    'GlobalKnownHostsFile2:deprecated',
    'KerberosAuthentication:unsupported',
    'KerberosTGTPassing:unsupported',
    'Protocol:ignored',
    'RhostsAuthentication:deprecated',
    'RhostsRSAAuthentication:unsupported',
    'RSAAuthentication:unsupported',
    'UsePrivilegedPort:deprecated',
    'UserKnownHostsFile2:deprecated',
    'UseRoaming:deprecated',
    'UseRsh:deprecated',
  ]);
  for (const k of SSH_CLIENT_KEYWORDS.filter((e) => e.status !== 'active' && e.status !== 'patch')) {
    // The parser swallows the whole line for these.
    assert.deepEqual(k.value, { type: 'free' }, `${k.name} takes any arguments`);
    assert.equal(k.default, undefined);
  }
  // Build-dependent keywords are accepted by the usual (Debian/Ubuntu) builds.
  for (const name of ['GSSAPIAuthentication', 'GSSAPIDelegateCredentials', 'PKCS11Provider', 'SmartcardDevice']) {
    assert.equal(get(name).status, 'active', name);
  }
});

test('summaries are single sentences, syntax lines are set, no placeholder text', () => {
  for (const k of SSH_CLIENT_KEYWORDS) {
    assert.ok(k.summary.length >= 15, `${k.name}: summary is substantive`);
    assert.match(k.summary, /\.$/, `${k.name}: summary ends with a full stop`);
    assert.equal(sentences(k.summary), 1, `${k.name}: summary is one sentence`);
    assert.ok(k.syntax.trim().length > 0, `${k.name}: syntax`);
    for (const text of [k.summary, k.details ?? '', k.syntax]) {
      assert.doesNotMatch(text, /\b(TODO|TBD|FIXME|XXX|lorem|ipsum|placeholder)\b/i, `${k.name}: no placeholder`);
    }
  }
});

test('since is a release newer than 5.0, written major.minor', () => {
  for (const k of SSH_CLIENT_KEYWORDS) {
    if (k.since === undefined) continue;
    assert.match(k.since, /^\d+\.\d+$/, `${k.name}: since format`);
    const [major, minor] = k.since.split('.').map(Number);
    assert.ok(major * 100 + minor > 500, `${k.name}: since ${k.since} is after 5.0`);
  }
  const expected: Record<string, string | undefined> = {
    ChannelTimeout: '9.6',
    ControlPersist: '5.6',
    ForwardX11Timeout: '5.6',
    Include: '7.3',
    Match: '6.5',
    ProxyJump: '7.3',
    RefuseConnection: '10.1',
    Tag: '9.4',
    ConnectTimeout: undefined,
    ConnectionAttempts: undefined,
    ServerAliveCountMax: undefined,
    ServerAliveInterval: undefined,
    TCPKeepAlive: undefined,
    KeepAlive: undefined,
    Host: undefined,
  };
  for (const [name, since] of Object.entries(expected)) assert.equal(get(name).since, since, `${name}: since`);
});

test('choice values are non-empty and unique', () => {
  for (const k of SSH_CLIENT_KEYWORDS) {
    if (k.value.type !== 'choice') continue;
    assert.ok(k.value.values.length > 0, k.name);
    const lower = k.value.values.map((v) => v.toLowerCase());
    assert.equal(new Set(lower).size, lower.length, `${k.name}: unique values`);
    // OpenSSH matches every multistate table with strcasecmp.
    assert.equal(k.value.caseSensitive, false, `${k.name}: matched case-insensitively`);
  }
  if (get('Compression').value.type === 'choice') {
    assert.deepEqual(get('Compression').value, { type: 'choice', values: ['yes', 'no'], caseSensitive: false });
  }
});

test('keepalive family: exact membership, details, defaults and since', () => {
  assert.deepEqual(
    SSH_CLIENT_KEYWORDS.filter((k) => k.keepalive === true).map((k) => k.name),
    KEEPALIVE,
  );
  assert.deepEqual(
    SSH_CLIENT_KEYWORDS.filter((k) => k.details !== undefined).map((k) => k.name),
    DETAILED,
  );
  for (const name of DETAILED) {
    const details = get(name).details!;
    const n = sentences(details);
    assert.ok(n >= 3 && n <= 8, `${name}: details has 3-8 sentences (has ${n})`);
  }
  assert.equal(get('KeepAlive').keepalive, true);
  assert.equal(get('KeepAlive').details, undefined);
  assert.notEqual(get('ForwardX11Timeout').keepalive, true);

  const defaults: Record<string, string | undefined> = {
    ServerAliveInterval: '0',
    ServerAliveCountMax: '3',
    TCPKeepAlive: 'yes',
    KeepAlive: undefined,
    ConnectTimeout: 'none',
    ConnectionAttempts: '1',
    ControlPersist: 'no',
    ChannelTimeout: 'none',
    ForwardX11Timeout: '1200',
  };
  for (const [name, def] of Object.entries(defaults)) assert.equal(get(name).default, def, `${name}: default`);
});

test('exact value grammar of the keepalive directives', () => {
  assert.deepEqual(get('ServerAliveInterval').value, { type: 'time', allowNone: true });
  assert.deepEqual(get('ServerAliveCountMax').value, { type: 'int', min: 0, max: 2147483647 });
  assert.deepEqual(get('TCPKeepAlive').value, { type: 'flag' });
  assert.deepEqual(get('KeepAlive').value, { type: 'flag' });
  assert.deepEqual(get('ConnectTimeout').value, { type: 'time', allowNone: true });
  assert.deepEqual(get('ConnectionAttempts').value, { type: 'int', min: 1, max: 2147483647 });
  assert.deepEqual(get('ControlPersist').value, { type: 'controlPersist' });
  assert.deepEqual(get('ChannelTimeout').value, { type: 'words' });
  assert.deepEqual(get('ForwardX11Timeout').value, { type: 'time', allowNone: true });
});

test('argument counts that drive "extra arguments at end of line"', () => {
  // Exactly one argument.
  for (const name of ['IgnoreUnknown', 'User', 'Hostname', 'IdentityFile', 'DynamicForward', 'Port', 'Tag']) {
    assert.equal(get(name).value.type, 'text', name);
  }
  // Loops over every argument.
  for (const name of ['Host', 'Include', 'SendEnv', 'SetEnv', 'CanonicalDomains', 'GlobalKnownHostsFile', 'UserKnownHostsFile']) {
    assert.equal(get(name).value.type, 'words', name);
  }
  // Fixed count above one, optional second argument, or rest-of-line grammar.
  for (const name of ['Match', 'LocalForward', 'RemoteForward', 'IPQoS', 'RekeyLimit', 'AddKeysToAgent', 'ProxyCommand', 'ProxyJump']) {
    assert.equal(get(name).value.type, 'free', name);
  }
});

test('details state the verified behaviour', () => {
  const sai = get('ServerAliveInterval').details!;
  for (const fact of ['keepalive@openssh.com', 'status 255', '(N + 1) × I', 'I × N', '`none`', '`1m`']) {
    assert.ok(sai.includes(fact), `ServerAliveInterval details mention ${fact}`);
  }
  const sacm = get('ServerAliveCountMax').details!;
  for (const fact of ['default is 3', '2147483647', 'With `0`']) {
    assert.ok(sacm.includes(fact), `ServerAliveCountMax details mention ${fact}`);
  }
  const tcp = get('TCPKeepAlive').details!;
  for (const fact of ['SO_KEEPALIVE', 'TCP_KEEPIDLE', '7200', '75', '7875', '2 h 11 min 15 s', 'spoofed']) {
    assert.ok(tcp.includes(fact), `TCPKeepAlive details mention ${fact}`);
  }
  const ct = get('ConnectTimeout').details!;
  for (const fact of ['per address and per attempt', 'A × K × T', '(A − 1)', '131 s', '127 s', 'banner']) {
    assert.ok(ct.includes(fact), `ConnectTimeout details mention ${fact}`);
  }
  assert.ok(get('ConnectionAttempts').details!.includes('default is 1'));
  assert.ok(get('ControlPersist').details!.includes('`10m`'));
  assert.ok(get('ChannelTimeout').details!.includes('9.6'));
});

test('oracle: every keyword `ssh -G` prints is catalogued', (t) => {
  const r = spawnSync('ssh', ['-G', '-F', '/dev/null', 'example'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') {
    t.skip('ssh not installed: cannot compare the catalog with ssh -G');
    return;
  }
  assert.equal(r.status, 0, `ssh -G failed: ${r.stderr}`);
  const printed = new Set(
    r.stdout
      .split('\n')
      .map((line) => line.trim().split(/\s+/)[0].toLowerCase())
      .filter((word) => word !== ''),
  );
  assert.ok(printed.size > 40, 'ssh -G printed its configuration');
  for (const keyword of ['serveraliveinterval', 'serveralivecountmax', 'tcpkeepalive', 'connecttimeout', 'connectionattempts']) {
    assert.ok(printed.has(keyword), `ssh -G prints ${keyword}`);
  }
  const missing = [...printed].filter((kw) => !byLower.has(kw));
  assert.deepEqual(missing, [], 'keywords printed by ssh -G but missing from the catalog');
});

test('oracle: a Debian-family ssh accepts every GSSAPI key-exchange patch keyword the catalog lists', (t) => {
  const patch = SSH_CLIENT_KEYWORDS.filter((k) => k.status === 'patch');
  const file = join(mkdtempSync(join(tmpdir(), 'patchkw-')), 'config');
  // GSSAPIKexAlgorithms takes only names of the patch's algorithms ("Bad GSSAPI KexAlgorithms" otherwise; not modelled).
  const value = (k: KeywordSpec) =>
    k.value.type === 'flag' ? 'yes' : k.name === 'GSSAPIKexAlgorithms' ? 'gss-gex-sha1-,gss-curve25519-sha256-' : 'me@EXAMPLE.ORG';
  writeFileSync(file, `Host x\n${patch.map((k) => `  ${k.name} ${value(k)}`).join('\n')}\n`);
  const r = spawnSync('ssh', ['-G', '-F', file, 'x'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') {
    t.skip('ssh not installed');
    return;
  }
  if (/Bad configuration option: gssapi/.test(r.stderr)) {
    t.skip(`this ssh is an upstream build without the GSSAPI key-exchange patch: ${r.stderr.trim()}`);
    return;
  }
  assert.equal(r.status, 0, r.stderr);
  const printed = r.stdout.split('\n').map((l) => l.split(' ')[0]);
  for (const k of patch) assert.ok(printed.includes(k.name.toLowerCase()), `ssh -G prints ${k.name.toLowerCase()}`);
});
