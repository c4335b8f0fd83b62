/**
 * The sshd_config keyword catalog: lookups, the shape of every entry, the keepalive family's deep entries, and
 * how older releases differ.
 *
 *   node --import tsx --test test/service/sshd-catalog.test.ts
 *
 * What the real sshd does with each entry is checked by test/oracle/sshd-keywords.test.ts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  allSshServerKeywords,
  SSHD_MATCH_CRITERIA,
  SSHD_MATCH_KEY_VALUE_SINCE,
  type SshdKeywordSpec,
  sshdKeywordAt,
  sshdOptionKey,
  sshServerKeyword,
} from '../../server/src/service/catalog/sshServer';
import { atLeast, parseVersion, type Version } from '../../server/src/service/model/version';

const ALL = allSshServerKeywords();

function get(name: string): SshdKeywordSpec {
  const k = sshServerKeyword(name);
  assert.ok(k, `${name} is catalogued`);
  assert.equal(k.name, name, `canonical spelling of ${name}`);
  return k;
}

const v = (text: string): Version => parseVersion(text)!;

function sentences(text: string): number {
  return text.split(/(?<=[.!?])\s+(?=[A-Z`"(])/).filter((s) => s.trim() !== '').length;
}

const KEEPALIVE = [
  'ChannelTimeout',
  'ClientAliveCountMax',
  'ClientAliveInterval',
  'KeepAlive',
  'LoginGraceTime',
  'MaxStartups',
  'PerSourceMaxStartups',
  'PerSourceNetBlockSize',
  'PerSourcePenalties',
  'TCPKeepAlive',
  'UnusedConnectionTimeout',
];
const DETAILED = KEEPALIVE.filter((n) => n !== 'KeepAlive');

test('has the 126 keywords of the OpenSSH 10.5 server keyword table, the one 10.4 removed, and five distribution-patch keywords', () => {
  const upstream = ALL.filter((k) => k.status !== 'patch' && k.removedIn === undefined);
  assert.equal(upstream.length, 126);
  assert.deepEqual(
    ALL.filter((k) => k.removedIn !== undefined).map((k) => `${k.name}:${k.removedIn}`),
    ['PAMAuthenticationViaKbdInt:10.4'],
  );
  assert.deepEqual(
    ALL.filter((k) => k.status === 'patch').map((k) => `${k.name}:${k.patch}`),
    [
      'DebianBanner:debian',
      'GSSAPICleanupCreds:gssapi-kex',
      'GSSAPIKexAlgorithms:gssapi-kex',
      'GSSAPIKeyExchange:gssapi-kex',
      'GSSAPIStoreCredentialsOnRekey:gssapi-kex',
    ],
  );
  for (const k of ALL) assert.equal(k.patch !== undefined, k.status === 'patch', `${k.name}: patch names its patch`);
  for (const name of ['Match', 'Include', 'RefuseConnection', 'SshdAuthPath', 'PerSourcePenaltyExemptList', 'MACs', 'RDomain']) get(name);
});

test('lookups are case-insensitive and resolve aliases to the option they set', () => {
  assert.equal(sshServerKeyword('clientaliveinterval')?.name, 'ClientAliveInterval');
  assert.equal(sshServerKeyword('CLIENTALIVECOUNTMAX')?.name, 'ClientAliveCountMax');
  assert.equal(sshServerKeyword('macs')?.name, 'MACs');
  assert.equal(sshServerKeyword('ServerAliveInterval'), undefined, 'a client keyword is not a server keyword');
  assert.equal(sshServerKeyword(''), undefined);
  assert.equal(sshdOptionKey(get('KeepAlive')), 'tcpkeepalive');
  assert.equal(sshdOptionKey(get('ChallengeResponseAuthentication')), 'kbdinteractiveauthentication');
  assert.equal(sshdOptionKey(get('TCPKeepAlive')), 'tcpkeepalive');
  assert.equal(allSshServerKeywords(), ALL, 'one shared table');
});

test('names are unique plain words, sorted case-insensitively', () => {
  for (let i = 0; i < ALL.length; i++) {
    assert.match(ALL[i].name, /^[A-Za-z][A-Za-z0-9]*$/, `${ALL[i].name} is a plain word`);
    if (i > 0) {
      const a = ALL[i - 1].name.toLowerCase();
      const b = ALL[i].name.toLowerCase();
      assert.ok(a < b, `${ALL[i - 1].name} sorts before ${ALL[i].name} (and is not a duplicate)`);
    }
  }
});

test('every entry is well formed', () => {
  for (const k of ALL) {
    assert.ok(k.summary.length >= 15, `${k.name}: summary is substantive`);
    assert.match(k.summary, /\.$/, `${k.name}: summary ends with a full stop`);
    assert.equal(sentences(k.summary), 1, `${k.name}: summary is one sentence`);
    assert.ok(k.syntax.trim().length > 0, `${k.name}: syntax`);
    for (const text of [k.summary, k.details ?? '', k.syntax]) {
      assert.doesNotMatch(text, /\b(TODO|TBD|FIXME|XXX|lorem|ipsum|placeholder)\b/i, `${k.name}: no placeholder`);
    }
    assert.ok(['active', 'deprecated', 'unsupported', 'ignored', 'patch'].includes(k.status), `${k.name}: status`);
    assert.equal(typeof k.match, 'boolean', `${k.name}: match`);
    if (k.default !== undefined) assert.ok(k.default.trim() !== '' && k.default === k.default.trim(), `${k.name}: default is a trimmed value`);
    if (k.since !== undefined) {
      assert.match(k.since, /^\d+\.\d+$/, `${k.name}: since format`);
      assert.ok(!atLeast(v('5.0'), k.since), `${k.name}: since ${k.since} is after 5.0`);
    }
    const value = k.value;
    if (value.type === 'choice') {
      assert.ok(value.values.length > 0, `${k.name}: choice values`);
      const lower = value.values.map((x) => x.toLowerCase());
      assert.equal(new Set(lower).size, lower.length, `${k.name}: unique choice values`);
    }
    if (value.type === 'int') assert.ok(value.min <= value.max, `${k.name}: int range`);
    assert.notEqual(value.type, 'flag', `${k.name}: sshd's yes/no options take no true/false, so they are choices`);
    assert.notEqual(value.type, 'controlPersist', k.name);
    let previous: string | undefined;
    for (const c of k.changes ?? []) {
      assert.match(c.until, /^\d+\.\d+$/, `${k.name}: change until`);
      if (k.since !== undefined)
        assert.ok(atLeast(v(c.until), k.since) && c.until !== k.since, `${k.name}: change before ${c.until} is after since ${k.since}`);
      if (c.from !== undefined) assert.ok(!atLeast(v(c.from), c.until), `${k.name}: change from ${c.from} is before until ${c.until}`);
      if (previous !== undefined) assert.ok(atLeast(v(c.until), previous), `${k.name}: changes are listed with until ascending`);
      previous = c.until;
      const fields = Object.keys(c).filter((f) => f !== 'until' && f !== 'from');
      assert.ok(fields.length > 0, `${k.name}: change before ${c.until} changes something`);
    }
  }
});

test("yes/no options are exactly yes or no, case-insensitive, like sshd's multistate_flag", () => {
  for (const k of ALL) {
    if (k.syntax !== 'yes | no' || k.status !== 'active') continue;
    assert.deepEqual(k.value, { type: 'choice', values: ['yes', 'no'], caseSensitive: false }, k.name);
  }
  assert.deepEqual(get('PermitTunnel').value, { type: 'choice', values: ['no', 'point-to-point', 'ethernet', 'yes'], caseSensitive: true });
  assert.deepEqual(get('Compression').value, { type: 'choice', values: ['yes', 'delayed', 'no'], caseSensitive: false });
  assert.deepEqual(get('IgnoreRhosts').value, { type: 'choice', values: ['yes', 'no', 'shosts-only'], caseSensitive: false });
});

test('every aliasOf names an existing, non-alias entry with the same argument grammar', () => {
  const aliases = ALL.filter((k) => k.aliasOf !== undefined);
  assert.deepEqual(
    aliases.map((k) => `${k.name}->${k.aliasOf}`),
    [
      'ChallengeResponseAuthentication->KbdInteractiveAuthentication',
      'DSAAuthentication->PubkeyAuthentication',
      'GSSAPICleanupCreds->GSSAPICleanupCredentials',
      'HostbasedAcceptedKeyTypes->HostbasedAcceptedAlgorithms',
      'HostDSAKey->HostKey',
      'KeepAlive->TCPKeepAlive',
      'PubkeyAcceptedKeyTypes->PubkeyAcceptedAlgorithms',
      'SKeyAuthentication->KbdInteractiveAuthentication',
    ],
  );
  for (const k of aliases) {
    const target = get(k.aliasOf!);
    assert.equal(target.aliasOf, undefined, `${k.name}: target is not itself an alias`);
    assert.deepEqual(k.value, target.value, `${k.name} reads its argument like ${target.name}`);
    assert.equal(k.default, undefined, `${k.name}: the default lives on ${target.name}`);
    assert.equal(k.details, undefined, `${k.name}: details live on ${target.name}`);
  }
  // An alias has its own entry in the keyword table, with its own flags.
  assert.equal(get('DSAAuthentication').match, false);
  assert.equal(get('PubkeyAuthentication').match, true);
});

test('statuses other than active are exactly the legacy and patch keywords, and legacy ones swallow the line', () => {
  assert.deepEqual(
    ALL.filter((k) => k.status !== 'active' && k.status !== 'patch').map((k) => `${k.name}:${k.status}`),
    [
      'AFSTokenPassing:deprecated',
      'AuthorizedKeysFile2:deprecated',
      'CheckMail:deprecated',
      'KerberosTgtPassing:deprecated',
      'KeyRegenerationInterval:deprecated',
      'PAMAuthenticationViaKbdInt:deprecated',
      'Protocol:ignored',
      'ReverseMappingCheck:deprecated',
      'RhostsAuthentication:deprecated',
      'RhostsRSAAuthentication:deprecated',
      'RSAAuthentication:deprecated',
      'ServerKeyBits:deprecated',
      'UseLogin:deprecated',
      'UsePrivilegeSeparation:deprecated',
      'VerifyReverseMapping:deprecated',
    ],
  );
  for (const k of ALL.filter((e) => e.status !== 'active' && e.status !== 'patch')) {
    assert.deepEqual(k.value, { type: 'free' }, `${k.name} takes any arguments`);
    assert.equal(k.default, undefined, k.name);
  }
});

test('keywords that need a build feature', () => {
  assert.deepEqual(
    ALL.filter((k) => k.build !== undefined).map((k) => `${k.name}:${k.build}`),
    [
      'GSSAPIAuthentication:gssapi',
      'GSSAPICleanupCredentials:gssapi',
      'GSSAPIDelegateCredentials:gssapi',
      'GSSAPIStrictAcceptorCheck:gssapi',
      'KerberosAuthentication:kerberos',
      'KerberosGetAFSToken:afs',
      'KerberosOrLocalPasswd:kerberos',
      'KerberosTicketCleanup:kerberos',
      'PAMServiceName:pam',
      'PrintLastLog:lastlog',
      'RDomain:rdomain',
      'UsePAM:pam',
    ],
  );
});

test('exactly these keywords are refused inside a Match block (SSHCFG_GLOBAL) in 10.5', () => {
  assert.deepEqual(
    ALL.filter((k) => !k.match).map((k) => k.name),
    [
      'AddressFamily',
      'AFSTokenPassing',
      'CheckMail',
      'Ciphers',
      'Compression',
      'DebianBanner',
      'DSAAuthentication',
      'FingerprintHash',
      'GSSAPICleanupCredentials',
      'GSSAPICleanupCreds',
      'GSSAPIDelegateCredentials',
      'GSSAPIKexAlgorithms',
      'GSSAPIKeyExchange',
      'GSSAPIStoreCredentialsOnRekey',
      'GSSAPIStrictAcceptorCheck',
      'HostCertificate',
      'HostDSAKey',
      'HostKey',
      'HostKeyAgent',
      'HostKeyAlgorithms',
      'IgnoreUserKnownHosts',
      'KeepAlive',
      'KerberosGetAFSToken',
      'KerberosOrLocalPasswd',
      'KerberosTgtPassing',
      'KerberosTicketCleanup',
      'KexAlgorithms',
      'KeyRegenerationInterval',
      'ListenAddress',
      'LoginGraceTime',
      'MACs',
      'MaxStartups',
      'ModuliFile',
      'PAMAuthenticationViaKbdInt',
      'PermitUserEnvironment',
      'PerSourceMaxStartups',
      'PerSourceNetBlockSize',
      'PerSourcePenalties',
      'PerSourcePenaltyExemptList',
      'PidFile',
      'Port',
      'PrintLastLog',
      'PrintMotd',
      'Protocol',
      'ReverseMappingCheck',
      'RhostsAuthentication',
      'SecurityKeyProvider',
      'ServerKeyBits',
      'SshdAuthPath',
      'SshdSessionPath',
      'StrictModes',
      'SyslogFacility',
      'TCPKeepAlive',
      'UseDNS',
      'UseLogin',
      'UsePAM',
      'UsePrivilegeSeparation',
      'VerifyReverseMapping',
      'VersionAddendum',
      'XAuthLocation',
    ],
  );
  // Include and Match are SSHCFG_ALL; no keyword is allowed only inside Match.
  assert.equal(get('Include').match, true);
  assert.equal(get('Match').match, true);
});

test('keepalive family: exact membership, deep entries, defaults and since', () => {
  assert.deepEqual(
    ALL.filter((k) => k.keepalive === true).map((k) => k.name),
    KEEPALIVE,
  );
  assert.deepEqual(
    ALL.filter((k) => k.details !== undefined).map((k) => k.name),
    DETAILED,
  );
  for (const name of DETAILED) {
    const n = sentences(get(name).details!);
    assert.ok(n >= 3 && n <= 8, `${name}: details has 3-8 sentences (has ${n})`);
  }
  const facts: Record<string, { default: string | undefined; since: string | undefined; match: boolean }> = {
    ChannelTimeout: { default: 'none', since: '9.2', match: true },
    ClientAliveCountMax: { default: '3', since: undefined, match: true },
    ClientAliveInterval: { default: '0', since: undefined, match: true },
    KeepAlive: { default: undefined, since: undefined, match: false },
    LoginGraceTime: { default: '120', since: undefined, match: false },
    MaxStartups: { default: '10:30:100', since: undefined, match: false },
    PerSourceMaxStartups: { default: 'none', since: '8.5', match: false },
    PerSourceNetBlockSize: { default: '32:128', since: '8.5', match: false },
    PerSourcePenalties: {
      default:
        'crash:90.000000 authfail:5.000000 noauth:1.000000 invaliduser:5.000000 grace-exceeded:10.000000 refuseconnection:10.000000 max:600.000000 min:15.000000 max-sources4:65536 max-sources6:65536 overflow:permissive overflow6:permissive',
      since: '9.8',
      match: false,
    },
    TCPKeepAlive: { default: 'yes', since: undefined, match: false },
    UnusedConnectionTimeout: { default: 'none', since: '9.2', match: true },
  };
  for (const [name, f] of Object.entries(facts)) {
    const k = get(name);
    assert.deepEqual({ default: k.default, since: k.since, match: k.match }, f, name);
  }
});

test('exact value grammar of the keepalive family', () => {
  assert.deepEqual(get('ClientAliveInterval').value, { type: 'time', allowNone: false });
  assert.deepEqual(get('ClientAliveCountMax').value, { type: 'int', min: 0, max: 2147483647 });
  assert.deepEqual(get('TCPKeepAlive').value, { type: 'choice', values: ['yes', 'no'], caseSensitive: false });
  assert.deepEqual(get('KeepAlive').value, get('TCPKeepAlive').value);
  assert.deepEqual(get('LoginGraceTime').value, { type: 'time', allowNone: false });
  assert.deepEqual(get('UnusedConnectionTimeout').value, { type: 'time', allowNone: true });
  assert.deepEqual(get('ChannelTimeout').value, { type: 'words' });
  assert.deepEqual(get('PerSourcePenalties').value, { type: 'words' });
  for (const name of ['MaxStartups', 'PerSourceMaxStartups', 'PerSourceNetBlockSize']) assert.deepEqual(get(name).value, { type: 'text' }, name);
});

test('argument counts that drive "extra arguments at end of line"', () => {
  // Exactly one argument.
  for (const name of ['Port', 'HostKey', 'PidFile', 'Banner', 'Ciphers', 'ChrootDirectory', 'AuthorizedKeysCommandUser', 'StreamLocalBindMask']) {
    assert.equal(get(name).value.type, 'text', name);
  }
  // Loops over every argument.
  for (const name of [
    'Include',
    'AllowUsers',
    'DenyGroups',
    'AcceptEnv',
    'SetEnv',
    'AuthorizedKeysFile',
    'RevokedKeys',
    'PermitOpen',
    'PermitListen',
    'AuthenticationMethods',
    'LogVerbose',
    'PubkeyAuthOptions',
  ]) {
    assert.equal(get(name).value.type, 'words', name);
  }
  // One or two arguments, or the rest of the line.
  for (const name of [
    'Match',
    'ListenAddress',
    'IPQoS',
    'RekeyLimit',
    'Subsystem',
    'ForceCommand',
    'VersionAddendum',
    'AuthorizedKeysCommand',
    'AuthorizedPrincipalsCommand',
  ]) {
    assert.equal(get(name).value.type, 'free', name);
  }
});

test('details state the verified behaviour', () => {
  const includes = (name: string, facts: string[]) => {
    const d = get(name).details!;
    for (const fact of facts) assert.ok(d.includes(fact), `${name} details mention ${fact}`);
  };
  includes('ClientAliveInterval', [
    'keepalive@openssh.com',
    '(N + 1) × I',
    '"Timeout, client not responding from user U ADDR port P"',
    '2 × (N + 1) × I',
    '9.2 to 9.4',
    'after 12 s, not 6 s',
    'fixed in 9.5',
    'only after authentication',
    '7.4',
  ]);
  includes('ClientAliveCountMax', ['default is 3', '2147483647', 'Since OpenSSH 8.2, `0` turns the disconnect off', 'Before 8.2, `0` dropped', 'status 255']);
  includes('TCPKeepAlive', ['SO_KEEPALIVE', 'TCP_KEEPIDLE', '7875 s (2 h 11 min 15 s)', 'spoofed', 'before key exchange', 'Global only']);
  includes('LoginGraceTime', ['default 120 seconds', '`0` removes the limit', 'grace-exceeded', '4 seconds of random jitter', 'MaxStartups', 'Global only']);
  includes('UnusedConnectionTimeout', [
    'without any open channel',
    '`ssh -N -R ...`',
    '"terminating inactive connection from user U ADDR port P"',
    'OpenSSH 9.2',
    'up to a second',
  ]);
  includes('ChannelTimeout', [
    '`session:*`',
    '`session:shell`',
    'bare `session` pattern no longer matches',
    '`global`',
    '9.7',
    'ClientAliveInterval probes',
    'OpenSSH 9.2',
  ]);
  includes('MaxStartups', ['`start:rate:full`', '`10:30:100`', 'LoginGraceTime', '"Exceeded MaxStartups"', '"Not allowed at this time"', 'Global only']);
  includes('PerSourceMaxStartups', ['PerSourceNetBlockSize', 'after MaxStartups', '8.5']);
  includes('PerSourceNetBlockSize', ['`32:128`', '0 to 32', '0 to 128']);
  includes('PerSourcePenalties', ['9.8', '`noauth:1`', '`grace-exceeded:10`', '`min:15`', '`max:600`', 'PerSourcePenaltyExemptList', 'only a crash']);
});

test('sshdKeywordAt: what a given release knows, allows in Match, prints and parses', () => {
  const at = (name: string, version: string) => sshdKeywordAt(get(name), v(version));
  // Introduced keywords.
  assert.equal(at('ChannelTimeout', '9.1').known, false);
  assert.equal(at('ChannelTimeout', '9.2').known, true);
  assert.equal(at('PerSourcePenalties', '9.7').known, false);
  assert.equal(at('RefuseConnection', '9.9').known, true);
  // 9.2 printed nothing for an unset ChannelTimeout; 9.3 and later print `none`.
  assert.deepEqual(at('ChannelTimeout', '9.2'), { known: true, status: 'active', match: true, value: { type: 'words' } });
  assert.equal(at('ChannelTimeout', '9.3').default, 'none');
  // Subsystem became allowed in Match with 9.5; ClientAlive* with 7.4.
  assert.equal(at('Subsystem', '9.4').match, false);
  assert.equal(at('Subsystem', '9.5').match, true);
  assert.equal(at('ClientAliveInterval', '7.3').match, false);
  assert.equal(at('ClientAliveInterval', '7.4').match, true);
  // 10.4 lost the GSSAPI spellings and made PAMServiceName global-only; 10.5 fixed both.
  for (const name of ['GSSAPIAuthentication', 'GSSAPICleanupCredentials', 'GSSAPIDelegateCredentials', 'GSSAPIStrictAcceptorCheck']) {
    assert.equal(at(name, '10.4').known, false, `${name} in 10.4`);
    assert.equal(at(name, '10.5').known, true, `${name} in 10.5`);
  }
  assert.equal(at('GSSAPIAuthentication', '9.2').known, true);
  assert.equal(at('GSSAPIDelegateCredentials', '10.2').known, false);
  assert.equal(at('PAMServiceName', '9.8').match, true);
  assert.equal(at('PAMServiceName', '10.4').match, false);
  assert.equal(at('PAMServiceName', '10.5').match, true);
  // Removed keywords.
  assert.equal(at('PAMAuthenticationViaKbdInt', '10.3').known, true);
  assert.equal(at('PAMAuthenticationViaKbdInt', '10.4').known, false);
  // Status history.
  assert.equal(at('KerberosTgtPassing', '9.2').status, 'unsupported');
  assert.equal(at('KerberosTgtPassing', '10.4').status, 'deprecated');
  assert.equal(at('SKeyAuthentication', '7.7').status, 'active');
  assert.equal(at('SKeyAuthentication', '8.0').status, 'deprecated');
  assert.equal(at('SKeyAuthentication', '8.7').status, 'active');
  assert.equal(at('Protocol', '7.3').status, 'active');
  assert.equal(at('Protocol', '9.2').status, 'ignored');
  // Defaults and values that changed.
  assert.equal(at('PermitRootLogin', '9.2').default, 'without-password');
  assert.equal(at('PermitRootLogin', '10.1').default, 'prohibit-password');
  assert.equal(at('IPQoS', '10.0').default, 'af21 cs1');
  assert.equal(at('IPQoS', '10.1').default, 'ef cs0');
  assert.deepEqual(at('RevokedKeys', '10.2'), { known: true, status: 'active', match: true, default: 'none', value: { type: 'text' } });
  assert.deepEqual(at('RevokedKeys', '10.3'), { known: true, status: 'active', match: true, value: { type: 'words' } });
  assert.match(at('PerSourcePenalties', '9.8').default!, /^crash:90 authfail:5 noauth:1 grace-exceeded:20 max:600 /);
  assert.match(at('PerSourcePenalties', '10.2').default!, /^crash:90 authfail:5 noauth:1 grace-exceeded:10 refuseconnection:10 /);
  assert.match(at('PerSourcePenalties', '10.3').default!, /^crash:90\.000000 .* invaliduser:5\.000000 /);
  assert.equal(at('GSSAPIStrictAcceptorCheck', '9.2').default, undefined, 'upstream printed it only from 10.3');
  assert.equal(at('GSSAPIStrictAcceptorCheck', '10.3').default, 'yes');
  assert.deepEqual(at('IgnoreRhosts', '8.2').value, { type: 'choice', values: ['yes', 'no'], caseSensitive: false });
  assert.deepEqual(at('PermitRootLogin', '6.9').value, {
    type: 'choice',
    values: ['without-password', 'forced-commands-only', 'yes', 'no'],
    caseSensitive: false,
  });
  // The newest release sees the entry itself.
  for (const k of ALL) {
    const view = sshdKeywordAt(k, v('10.5'));
    assert.equal(view.known, k.removedIn === undefined, k.name);
    assert.equal(view.status, k.status, k.name);
    assert.equal(view.match, k.match, k.name);
    assert.equal(view.default, k.default, k.name);
    assert.deepEqual(view.value, k.value, k.name);
  }
});

test('Match criteria, with the release that introduced each and the sshd -T -C key that supplies them', () => {
  assert.deepEqual(
    SSHD_MATCH_CRITERIA.map((c) => [c.name, c.since, c.takesArgument, c.testSpec]),
    [
      ['User', undefined, true, 'user'],
      ['Group', undefined, true, 'user'],
      ['Host', undefined, true, 'host'],
      ['LocalAddress', '6.1', true, 'laddr'],
      ['LocalPort', '6.1', true, 'lport'],
      ['RDomain', '7.7', true, 'rdomain'],
      ['Address', undefined, true, 'addr'],
      ['All', '6.5', false, undefined],
      ['Invalid-User', '9.9', false, 'invalid-user'],
      ['Version', '10.0', true, undefined],
    ],
  );
  for (const c of SSHD_MATCH_CRITERIA) {
    assert.match(c.doc, /\.$/, `${c.name}: doc is a sentence`);
    assert.equal(sentences(c.doc), 1, `${c.name}: doc is one sentence`);
  }
  assert.equal(SSHD_MATCH_KEY_VALUE_SINCE, '10.0');
});
