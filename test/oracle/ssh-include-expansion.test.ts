/**
 * Oracle: what the installed ssh makes of `${NAME}` and `%` tokens in Include paths, against
 * `explain --host` with the same environment. OpenSSH 9.9 added the expansion (readconf.c: Include
 * goes through expand_match_exec_or_include_path); before 9.9 the argument is a literal file name,
 * so `${KL_INC}.conf` names a file called exactly that. The expansion itself (9.9 and later) is
 * covered by test/service/include-expansion.test.ts from the source, since no such ssh is here.
 *
 *   node --import tsx --test test/oracle/ssh-include-expansion.test.ts
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runCli } from '../../server/src/cli';
import { parseSshBanner } from '../../server/src/service/model/version';
import { captureCli } from './harness';

const version = (() => {
  const r = spawnSync('ssh', ['-V'], { encoding: 'utf8' });
  return r.error ? undefined : parseSshBanner(`${r.stderr}${r.stdout}`);
})();
const MISSING = 'ssh (openssh-client) is not installed; this oracle needs it';
const expands = version !== undefined && (version.major > 9 || (version.major === 9 && version.minor >= 9));

const dir = mkdtempSync(join(tmpdir(), 'keepalive-include-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const env = { ...process.env, KL_INC: 'expanded' };

function sshG(main: string, host: string): string | undefined {
  const r = spawnSync('ssh', ['-G', '-F', main, host], { encoding: 'utf8', env });
  return r.status === 0 ? /^serveraliveinterval (\S+)$/m.exec(r.stdout)?.[1] : `exit ${r.status}: ${r.stderr.trim()}`;
}

async function explain(main: string, host: string): Promise<string | undefined> {
  const r = await captureCli(runCli, ['explain', '--json', '--host', host, main], dir, env);
  if (r.code !== 0) return `exit ${r.code}: ${r.stderr.trim()}`;
  return String((JSON.parse(r.stdout) as { serveraliveinterval: number }).serveraliveinterval);
}

const CASES: ReadonlyArray<{ name: string; include: string; files: Record<string, string>; literal: string; expanded: string }> = [
  {
    name: '${NAME}',
    include: `${dir}/\${KL_INC}.conf`,
    files: { '${KL_INC}.conf': 'ServerAliveInterval 17\n', 'expanded.conf': 'ServerAliveInterval 23\n' },
    literal: '17',
    expanded: '23',
  },
  {
    name: '%h',
    include: `${dir}/%h.conf`,
    files: { '%h.conf': 'ServerAliveInterval 19\n', 'foo.conf': 'ServerAliveInterval 29\n' },
    literal: '19',
    expanded: '29',
  },
  {
    name: '%n after a HostName',
    include: `${dir}/n-%n.conf`,
    files: { 'n-%n.conf': 'ServerAliveInterval 31\n', 'n-foo.conf': 'ServerAliveInterval 37\n' },
    literal: '31',
    expanded: '37',
  },
];

for (const c of CASES) {
  test(`Include with ${c.name}: explain reads the files ssh ${version ? `${version.major}.${version.minor}` : ''} reads`, {
    skip: !version && !process.env.CI ? MISSING : false,
  }, async () => {
    assert.ok(version, `${MISSING} (CI is set, so this fails instead of skipping)`);
    const sub = mkdtempSync(join(dir, 'c-'));
    const include = c.include.replace(dir, sub);
    for (const [name, text] of Object.entries(c.files)) writeFileSync(join(sub, name), text, { mode: 0o644 });
    const main = join(sub, 'config');
    writeFileSync(main, `${c.name.startsWith('%n') ? 'HostName real.example.org\n' : ''}Include ${include}\n`, { mode: 0o644 });
    const real = sshG(main, 'foo');
    assert.equal(real, expands ? c.expanded : c.literal, 'the installed ssh');
    assert.equal(await explain(main, 'foo'), real, 'explain --host foo');
  });
}
