/**
 * Effective values for a host, as ssh resolves them (readconf.c), checked against what
 * `ssh -G` prints for the same config.
 *
 *   node --import tsx --test test/service/resolve.test.ts
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Settings } from '../../server/src/service';
import { doc, filesEnv, lines, service } from '../fixtures';

const KEYS = ['serveraliveinterval', 'serveralivecountmax', 'tcpkeepalive', 'connecttimeout', 'user'] as const;
type Values = Partial<Record<(typeof KEYS)[number], string>>;

/** The options a config sets for a host (unset options are absent); Include reads `files`. */
function resolve(text: string, host: string, settings: Partial<Settings> = {}, files: Record<string, string> = {}): Values {
  const res = service(settings, filesEnv(files)).analyzeSsh(doc(text)).resolve(host);
  const out: Values = {};
  for (const k of KEYS) {
    const v = res.values.get(k)?.value;
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/** Where the value of an option comes from: its 1-based line number. */
function lineOf(text: string, host: string, key: string): number | undefined {
  const s = service().analyzeSsh(doc(text)).resolve(host).values.get(key);
  return s ? s.directive.line.line + 1 : undefined;
}

describe('first obtained value wins', () => {
  test('within the global section', () => {
    const text = lines('ServerAliveInterval 30', 'ServerAliveInterval 60');
    assert.deepStrictEqual(resolve(text, 'h'), { serveraliveinterval: '30' });
    assert.equal(lineOf(text, 'h', 'serveraliveinterval'), 1);
  });

  test('Host * first beats a later specific block', () => {
    const text = lines('Host *', '  ServerAliveInterval 30', 'Host web', '  ServerAliveInterval 60', '  ServerAliveCountMax 5');
    assert.deepStrictEqual(resolve(text, 'web'), { serveraliveinterval: '30', serveralivecountmax: '5' });
  });

  test('a specific block first, Host * last fills the rest', () => {
    const text = lines('Host web', '  ServerAliveInterval 60', 'Host *', '  ServerAliveInterval 30', '  ServerAliveCountMax 5');
    assert.deepStrictEqual(resolve(text, 'web'), { serveraliveinterval: '60', serveralivecountmax: '5' });
    assert.deepStrictEqual(resolve(text, 'db'), { serveraliveinterval: '30', serveralivecountmax: '5' });
  });

  test('a block that does not match contributes nothing', () => {
    const text = lines('Host db', '  ServerAliveInterval 60', '  TCPKeepAlive no');
    assert.deepStrictEqual(resolve(text, 'web'), {});
  });

  test('option names are case-insensitive', () => {
    assert.deepStrictEqual(resolve(lines('serveraliveinterval 30', 'SERVERALIVEINTERVAL 60'), 'h'), { serveraliveinterval: '30' });
  });
});

describe('Host lines', () => {
  test('a matching negated pattern cancels the whole Host line', () => {
    const text = lines('Host * !bastion', '  ServerAliveInterval 30', 'Host *', '  ServerAliveInterval 90');
    assert.deepStrictEqual(resolve(text, 'web'), { serveraliveinterval: '30' });
    assert.deepStrictEqual(resolve(text, 'bastion'), { serveraliveinterval: '90' });
  });

  test('several patterns: any positive one is enough', () => {
    const text = lines('Host web db', '  ServerAliveInterval 30');
    assert.deepStrictEqual(
      [resolve(text, 'web'), resolve(text, 'db'), resolve(text, 'mail')],
      [{ serveraliveinterval: '30' }, { serveraliveinterval: '30' }, {}],
    );
  });

  test('Host matches the name as typed, not the HostName', () => {
    const text = lines('Host web', '  HostName db.example.com', 'Host db.example.com', '  ServerAliveInterval 30');
    assert.deepStrictEqual(resolve(text, 'web'), {});
  });
});

describe('values as ssh stores them', () => {
  test('ServerAliveInterval none leaves it unset, so a later line sets it', () => {
    const text = lines('ServerAliveInterval none', 'ServerAliveInterval 30');
    assert.deepStrictEqual(resolve(text, 'h'), { serveraliveinterval: '30' });
    assert.equal(lineOf(text, 'h', 'serveraliveinterval'), 2);
  });

  test('ConnectTimeout none leaves it unset too', () => {
    assert.deepStrictEqual(resolve(lines('ConnectTimeout none', 'ConnectTimeout 10'), 'h'), { connecttimeout: '10' });
  });

  test('times are stored in seconds', () => {
    assert.deepStrictEqual(resolve(lines('ServerAliveInterval 1m', 'ConnectTimeout 1m30s'), 'h'), { serveraliveinterval: '60', connecttimeout: '90' });
  });

  test('time syntax follows the configured release', () => {
    const text = 'ServerAliveInterval 30s10';
    assert.deepStrictEqual(resolve(text, 'h'), { serveraliveinterval: '40' });
    assert.deepStrictEqual(resolve(text, 'h', { sshVersion: { major: 10, minor: 3 } }), {});
    assert.deepStrictEqual(resolve('ServerAliveInterval 1.5s', 'h', { sshVersion: { major: 10, minor: 3 } }), { serveraliveinterval: '1' });
  });

  test('KeepAlive no sets TCPKeepAlive, and the later TCPKeepAlive yes loses', () => {
    assert.deepStrictEqual(resolve(lines('KeepAlive no', 'TCPKeepAlive yes'), 'h'), { tcpkeepalive: 'no' });
  });

  test('flags are case-insensitive and true/false mean yes/no', () => {
    assert.deepStrictEqual(resolve('TCPKeepAlive FALSE', 'h'), { tcpkeepalive: 'no' });
    assert.deepStrictEqual(resolve('TCPKeepAlive True', 'h'), { tcpkeepalive: 'yes' });
  });

  test('ServerAliveCountMax +3 is 3', () => {
    assert.deepStrictEqual(resolve('ServerAliveCountMax +3', 'h'), { serveralivecountmax: '3' });
  });

  test('an invalid value sets nothing', () => {
    assert.deepStrictEqual(resolve(lines('ServerAliveInterval 5x', 'ServerAliveCountMax -1', 'TCPKeepAlive maybe'), 'h'), {});
  });

  test('quotes and equals signs', () => {
    assert.deepStrictEqual(resolve(lines('ServerAliveInterval="30"', 'HostName = "a.example.com"'), 'h'), { serveraliveinterval: '30' });
  });
});

describe('Match', () => {
  test('Match host sees the HostName set earlier, with %h expanded', () => {
    const text = lines('Host web', '  HostName %h.example.com', 'Match host *.example.com', '  ServerAliveInterval 9');
    assert.deepStrictEqual(resolve(text, 'web'), { serveraliveinterval: '9' });
    assert.deepStrictEqual(resolve(text, 'db'), {});
  });

  test('Match host does not see a HostName set after it', () => {
    const text = lines('Match host web.example.com', '  ServerAliveInterval 8', 'Host web', '  HostName %h.example.com');
    assert.deepStrictEqual(resolve(text, 'web'), {});
  });

  test('Match originalhost sees the name as typed', () => {
    const text = lines('HostName other', 'Match originalhost web', '  ServerAliveInterval 9', 'Match host web', '  ServerAliveCountMax 9');
    assert.deepStrictEqual(resolve(text, 'web'), { serveraliveinterval: '9' });
  });

  test('Match host compares the HostName case-insensitively', () => {
    const text = lines('HostName Other', 'Match host other', '  ServerAliveInterval 3');
    assert.deepStrictEqual(resolve(text, 'h'), { serveraliveinterval: '3' });
  });

  test('Match user sees the User set earlier', () => {
    const text = lines('Host h', '  User bob', 'Match user bob', '  ServerAliveInterval 5', 'Match user alice', '  ServerAliveCountMax 7');
    assert.deepStrictEqual(resolve(text, 'h'), { user: 'bob', serveraliveinterval: '5' });
  });

  test('Match user falls back to the local user', () => {
    const text = lines('Match user alice', '  ServerAliveInterval 5', 'Match user bob', '  ServerAliveCountMax 7');
    assert.deepStrictEqual(resolve(text, 'h'), { serveraliveinterval: '5' });
  });

  test('Match localuser', () => {
    const text = lines('User bob', 'Match localuser alice', '  ServerAliveInterval 5', 'Match localuser bob', '  ServerAliveCountMax 7');
    assert.deepStrictEqual(resolve(text, 'h'), { user: 'bob', serveraliveinterval: '5' });
  });

  test('Match all', () => {
    assert.deepStrictEqual(resolve(lines('Match all', '  ServerAliveInterval 4'), 'anything'), { serveraliveinterval: '4' });
  });

  test('all criteria must match', () => {
    const text = lines('Match host web localuser bob', '  ServerAliveInterval 4', 'Match host web localuser alice', '  ServerAliveCountMax 4');
    assert.deepStrictEqual(resolve(text, 'web'), { serveralivecountmax: '4' });
  });

  test('Match exec is not evaluated and taken as not matching', () => {
    const text = lines('Match exec "true"', '  ServerAliveInterval 4');
    const res = service().analyzeSsh(doc(text)).resolve('h');
    assert.deepStrictEqual([res.values.get('serveraliveinterval'), res.unevaluated.map((c) => c.name)], [undefined, ['exec']]);
  });

  test('before 10.0, Match splits criteria at = too (strdelim): host=h and host = h both work', () => {
    for (const header of ['Match host=web', 'Match host = web', 'Match\thost=web,db localuser=alice']) {
      const text = lines(header, '  ServerAliveInterval 5');
      assert.deepStrictEqual([resolve(text, 'web'), resolve(text, 'mail')], [{ serveraliveinterval: '5' }, {}], header);
      assert.deepStrictEqual(
        service()
          .diagnostics(doc(text))
          .map((d) => d.code),
        [],
        header,
      );
    }
  });

  /** The line-0 diagnostics of a Match header (code, columns, message), and whether its block applies to web. */
  const header = (h: string, settings: Partial<Settings> = {}) => {
    const text = lines(h, '  ServerAliveInterval 5');
    const diags = service(settings)
      .diagnostics(doc(text))
      .filter((d) => d.range.start.line === 0)
      .map((d) => [d.code, d.range.start.character, d.range.end.character, d.message]);
    return { applies: resolve(text, 'web', settings).serveraliveinterval === '5', diags };
  };
  const bad = (start: number, end: number, message: string) => ({ applies: false, diags: [['ssh/bad-match', start, end, `Bad Match condition: ${message}`]] });
  const fine = { applies: true, diags: [] };

  test('before 9.9, strdelim skips only one = per word: a doubled = leaves an empty word', () => {
    // ssh 9.2 -G: "One or more attributes required for Match" and "Missing Match criteria for host".
    assert.deepStrictEqual(header('Match==all'), bad(0, 5, 'One or more attributes required for Match'));
    assert.deepStrictEqual(header('Match = =all'), bad(0, 5, 'One or more attributes required for Match'));
    assert.deepStrictEqual(header('Match host==web'), bad(6, 10, 'Missing Match criteria for host'));
    assert.deepStrictEqual(header('Match host=web=x'), bad(15, 16, 'Missing Match criteria for x'));
    // Words left over after the criteria: ssh says so instead of "Bad Match condition".
    assert.deepStrictEqual(header('Match host=web==x'), {
      applies: false,
      diags: [['ssh/extra-arguments', 16, 17, 'keyword match extra arguments at end of line']],
    });
  });

  test('before 9.9, Match words are strdelim words, not argv words', () => {
    // Single quotes and backslashes are ordinary characters; a double quote ends the word it closes.
    assert.deepStrictEqual(header("Match host 'web x'"), bad(16, 18, "Missing Match criteria for x'"));
    assert.deepStrictEqual(header('Match host w"e"b'), bad(15, 16, 'Missing Match criteria for b'));
    assert.deepStrictEqual(header('Match host a,"web"'), fine);
    // An empty word ends the criteria; `all` may be followed by one.
    assert.deepStrictEqual(header('Match "" host web'), bad(0, 5, 'One or more attributes required for Match'));
    assert.deepStrictEqual(header('Match all ""'), fine);
    // ssh checks the argument before the name, and names the attribute as written.
    assert.deepStrictEqual(header('Match bogus'), bad(6, 11, 'Missing Match criteria for bogus'));
    assert.deepStrictEqual(header('Match BOGUS x'), bad(6, 11, 'Unsupported Match attribute BOGUS'));
  });

  test('9.9 reads Match from argv words and knows no attribute=value', () => {
    const v99 = { sshVersion: { major: 9, minor: 9 } };
    assert.deepStrictEqual(header('Match host=web', v99), bad(6, 14, 'Missing Match criteria for host=web'));
    assert.deepStrictEqual(header('Match host=web x', v99), bad(6, 14, 'Unsupported Match attribute host=web'));
    assert.deepStrictEqual(header('Match host w"e"b', v99), fine);
    assert.deepStrictEqual(header('Match "" host web', v99), bad(6, 8, 'Unsupported Match attribute '));
  });

  test('from 10.0, Match takes attribute=value', () => {
    const text = lines('Match host=web', '  ServerAliveInterval 5');
    const v10 = { sshVersion: { major: 10, minor: 0 } };
    assert.deepStrictEqual([resolve(text, 'web', v10), resolve(text, 'mail', v10)], [{ serveraliveinterval: '5' }, {}]);
    // Only for the attributes readconf.c lists; the argument is the rest of the word.
    assert.deepStrictEqual(header('Match HOST=web', v10), fine);
    assert.deepStrictEqual(header('Match host==web', v10), { applies: false, diags: [] });
    assert.deepStrictEqual(header('Match sessiontype=shell', v10), bad(6, 23, "missing argument for Match 'sessiontype=shell'"));
    assert.deepStrictEqual(header('Match host=', v10), bad(6, 11, 'Missing Match criteria for host'));
  });

  test('a Host line after a Match line starts a new block', () => {
    const text = lines('Match host nothing', '  ServerAliveInterval 4', 'Host *', '  ServerAliveInterval 6');
    assert.deepStrictEqual(resolve(text, 'h'), { serveraliveinterval: '6' });
  });
});

describe('shadowed lines', () => {
  test('lines that applied but lost to an earlier value are recorded by line', () => {
    const text = lines('Host *', '  ServerAliveInterval 30', 'Host web', '  ServerAliveInterval 60', '  ServerAliveCountMax 2');
    const res = service().analyzeSsh(doc(text)).resolve('web');
    assert.deepStrictEqual(
      [...res.shadowed].map(([line, s]) => [line, s.key, s.value, s.directive.line.line]),
      [[3, 'serveraliveinterval', '30', 1]],
    );
  });
});

describe('Include', () => {
  test('included lines are read in place: the first value wins across files', () => {
    const files = { 'ka.conf': 'ServerAliveInterval 20' };
    assert.deepStrictEqual(resolve(lines('Include ka.conf', 'ServerAliveInterval 60'), 'h', {}, files), { serveraliveinterval: '20' });
    assert.deepStrictEqual(resolve(lines('ServerAliveInterval 60', 'Include ka.conf'), 'h', {}, files), { serveraliveinterval: '60' });
  });

  test('inside a matching block, the included global lines apply', () => {
    const files = { 'g.conf': 'ServerAliveInterval 20' };
    const text = lines('Host h', '  Include g.conf', 'ServerAliveInterval 60');
    assert.deepStrictEqual([resolve(text, 'h', {}, files), resolve(text, 'z', {}, files)], [{ serveraliveinterval: '20' }, {}]);
  });

  test('inside a block that does not match, nothing included applies, not even Host *', () => {
    const files = { 'b.conf': lines('Host *', '  ServerAliveInterval 20') };
    assert.deepStrictEqual(resolve(lines('Host nomatch', '  Include b.conf'), 'h', {}, files), {});
  });

  test('after the include, the including block is active again', () => {
    const files = { 'o.conf': lines('Host other', '  User x') };
    assert.deepStrictEqual(resolve(lines('Host h', '  Include o.conf', '  ServerAliveCountMax 7'), 'h', {}, files), { serveralivecountmax: '7' });
  });

  test('glob matches are read in name order', () => {
    const files = { 'ka2.conf': 'ServerAliveInterval 20', 'ka1.conf': 'ServerAliveInterval 10' };
    assert.deepStrictEqual(resolve('Include ka*.conf', 'h', {}, files), { serveraliveinterval: '10' });
  });
});

describe('the final pass (Match final, Match canonical, CanonicalizeHostname): measured with ssh -G 9.2', () => {
  test('`Match canonical all` alone never applies: nothing asks for a final pass', () => {
    assert.deepStrictEqual(resolve(lines('Match canonical all', '  ServerAliveInterval 7'), 'foo'), {});
  });

  test('`Match final` applies in the final pass it requests, and a `Match canonical` block then applies too', () => {
    const text = lines('Match canonical all', '  ServerAliveInterval 7', 'Match final all', '  ServerAliveCountMax 9');
    assert.deepStrictEqual(resolve(text, 'foo'), { serveraliveinterval: '7', serveralivecountmax: '9' });
    assert.deepStrictEqual(resolve(lines('Match final', '  ServerAliveCountMax 9'), 'foo'), { serveralivecountmax: '9' });
  });

  test('values of the first pass stay; `!final` applies only in the first', () => {
    const text = lines('Match !final', '  ServerAliveInterval 5', 'Match final', '  ServerAliveInterval 6', '  ServerAliveCountMax 2');
    assert.deepStrictEqual(resolve(text, 'foo'), { serveraliveinterval: '5', serveralivecountmax: '2' });
    assert.equal(lineOf(text, 'foo', 'serveraliveinterval'), 2);
  });

  test('a `Match final` in a block that does not apply still requests the pass', () => {
    const text = lines('Host other', 'Match final', '  ServerAliveCountMax 9');
    assert.deepStrictEqual(resolve(text, 'foo'), { serveralivecountmax: '9' });
  });

  test('CanonicalizeHostname on requests the final pass', () => {
    const text = lines('CanonicalizeHostname yes', 'Match canonical', '  ServerAliveInterval 7');
    assert.deepStrictEqual(resolve(text, 'foo'), { serveraliveinterval: '7' });
    assert.deepStrictEqual(resolve(lines('CanonicalizeHostname no', 'Match canonical', '  ServerAliveInterval 7'), 'foo'), {});
  });

  test('in the final pass Host lines see HostName (%h expanded, lower-cased), as ssh.c hands it to the second reading', () => {
    const text = lines('HostName %h.Example.ORG', 'Match final', 'Host *.example.org', '  ConnectTimeout 30');
    assert.deepStrictEqual(resolve(text, 'Quux'), { connecttimeout: '30' });
    // Without the final pass the same Host line sees only the name as typed.
    assert.deepStrictEqual(resolve(lines('HostName %h.Example.ORG', 'Host *.example.org', '  ConnectTimeout 30'), 'Quux'), {});
  });

  test('a line read in both passes is not reported as shadowed by itself', () => {
    const text = lines('ServerAliveInterval 5', 'Match final', '  ServerAliveCountMax 2');
    const res = service().analyzeSsh(doc(text)).resolve('foo');
    assert.equal(res.shadowed.size, 0);
    assert.equal(res.values.get('serveraliveinterval')?.directive.line.line, 0);
    assert.equal(res.values.get('serveralivecountmax')?.directive.line.line, 2);
    assert.deepStrictEqual(
      service()
        .diagnostics(doc(text))
        .map((d) => d.code),
      [],
    );
  });
});

test('Include targets are read once per analysis, whatever the hosts resolved and the passes made', () => {
  const asked: string[] = [];
  const files = filesEnv({ 'a.conf': 'ServerAliveInterval 10\n' });
  const env = {
    resolveInclude: (arg: string, fromUri: string, userConfig: boolean) => {
      asked.push(arg);
      return files.resolveInclude!(arg, fromUri, userConfig);
    },
  };
  // Three Host blocks (three scopes resolved), a final pass (CanonicalizeHostname), explain's own host.
  const text = lines(
    'CanonicalizeHostname yes',
    'Include a.conf',
    'Host one',
    '  ServerAliveCountMax 2',
    'Host two',
    '  ServerAliveCountMax 3',
    'Host three',
    '  User x',
  );
  const s = service({}, env);
  const d = doc(text);
  assert.deepStrictEqual(
    s.codeLens(d).map((l) => l.command?.title),
    [
      'dead server detected after 40 s (10 s × (3 + 1)) · probes every 10 s, gives up after 3 unanswered · every host',
      'dead server detected after 30 s (10 s × (2 + 1)) · probes every 10 s, gives up after 2 unanswered · host one',
      'dead server detected after 40 s (10 s × (3 + 1)) · probes every 10 s, gives up after 3 unanswered · host two',
      'dead server detected after 40 s (10 s × (3 + 1)) · probes every 10 s, gives up after 3 unanswered · host three',
    ],
  );
  assert.equal(s.analyzeSsh(d).resolve('four').values.get('serveraliveinterval')?.value, '10');
  assert.deepStrictEqual(asked, ['a.conf']);
});
