/**
 * `%` tokens and `${NAME}` in Include paths: OpenSSH 9.9 and later expand them (readconf.c:
 * expand_match_exec_or_include_path, misc.c: vdollar_percent_expand); earlier releases take the path
 * as written (test/oracle/ssh-include-expansion.test.ts checks that against the installed ssh).
 *
 *   node --import tsx --test test/service/include-expansion.test.ts
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { expandIncludeArg } from '../../server/src/service/analysis/ssh/expand';
import type { Environment } from '../../server/src/service/analysis/types';
import { doc, filesEnv, lines, service, withVersion } from '../fixtures';

const V99 = { major: 9, minor: 9 };
const V92 = { major: 9, minor: 2 };
const LOCAL = { user: 'alice', home: '/home/alice', uid: '1000', hostname: 'desk.example.net' };
const VARS: Record<string, string> = { KL_INC: 'work' };
const ctx = { originalHost: 'web', host: 'web', local: LOCAL, getenv: (n: string) => VARS[n] };

describe('expandIncludeArg', () => {
  test('before 9.9 nothing is expanded', () => {
    assert.deepStrictEqual(expandIncludeArg('~/.ssh/${KL_INC}/%h.conf', V92, ctx), { path: '~/.ssh/${KL_INC}/%h.conf' });
  });

  test('9.9: every token of Match exec but %C and %j, and ${NAME}', () => {
    assert.deepStrictEqual(expandIncludeArg('%d/%u/%i/%l/%L/%h/%n/%p/%r/%k/%%/${KL_INC}', V99, { ...ctx, host: 'web.example.com', port: '2222' }), {
      path: '/home/alice/alice/1000/desk.example.net/desk/web.example.com/web/2222/alice/web.example.com/%/work',
    });
    assert.deepStrictEqual(expandIncludeArg('%r-%k%j', V99, { ...ctx, user: 'deploy', hostKeyAlias: 'alias' }), { path: 'deploy-alias' });
  });

  test('9.9: malformed tokens stop ssh', () => {
    for (const [arg, why] of [
      ['conf/%', 'invalid format'],
      ['conf/%z', 'unknown key %z'],
      ['conf/${KL_INC', "environment variable 'KL_INC' missing closing '}'"],
      ['conf/${}', 'zero-length environment variable'],
      ['${UNSET}/%z', 'unknown key %z'],
    ]) {
      assert.deepStrictEqual(
        expandIncludeArg(arg, V99, ctx),
        { problem: `Include ${arg}: ${why}: ssh stops ("percent_dollar_expand: failed")`, fatal: true },
        arg,
      );
    }
  });

  test('9.9: an unset variable skips the path; %C and a set ProxyJump are not computed here', () => {
    assert.deepStrictEqual(expandIncludeArg('${UNSET}.conf', V99, ctx), {
      problem: 'env var ${UNSET} has no value: ssh skips this Include path ("Unable to expand user config file \'${UNSET}.conf\'")',
      fatal: false,
    });
    for (const [arg, token, extra] of [
      ['%C.conf', '%C', {}],
      ['%j.conf', '%j', { proxyJump: 'bastion' }],
    ] as const) {
      assert.deepStrictEqual(expandIncludeArg(arg, V99, { ...ctx, ...extra }), {
        problem: `Include path ${arg}: Keepalive Lens does not know what ${token} stands for here, so the files it names are not read`,
        fatal: false,
        unsupported: true,
      });
    }
  });
});

describe('Include in the analysis', () => {
  const files = { 'work.conf': 'ServerAliveInterval 23\n', 'web.conf': 'ServerAliveCountMax 7\n' };
  const env: Environment = { ...filesEnv(files), local: () => LOCAL, getenv: (n) => VARS[n] };

  test('9.9 reads the expanded path; the host is the one being resolved', () => {
    const a = service(withVersion(9, 9), env).analyzeSsh(doc(lines('Include ~/.ssh/${KL_INC}.conf', 'Include ~/.ssh/%h.conf')));
    const res = a.resolve('web');
    assert.equal(res.values.get('serveraliveinterval')?.value, '23');
    assert.equal(res.values.get('serveralivecountmax')?.value, '7');
    assert.deepStrictEqual(
      a.findings.map((f) => f.code),
      [],
    );
  });

  test('9.2 takes the path literally: nothing is read', () => {
    const a = service(withVersion(9, 2), env).analyzeSsh(doc(lines('Include ~/.ssh/${KL_INC}.conf')));
    assert.equal(a.resolve('web').values.get('serveraliveinterval'), undefined);
  });

  test('findings: a malformed token is an error (ssh stops), an unset variable a warning, at the argument', () => {
    const a = service(withVersion(9, 9), env).analyzeSsh(doc(lines('Include ~/.ssh/${NOPE}.conf', 'Include ~/.ssh/%z.conf')));
    assert.deepStrictEqual(
      a.findings.filter((f) => f.code.startsWith('ssh/include')).map((f) => [f.code, f.severity, f.span.line, f.span.start, f.span.end]),
      [
        ['ssh/include-not-read', 'warning', 0, 8, 27],
        ['ssh/include-problem', 'error', 1, 8, 22],
      ],
    );
  });
});
