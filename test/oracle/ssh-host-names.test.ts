/**
 * Oracle: which host names the installed ssh refuses before reading any file ("hostname contains invalid
 * characters": OpenSSH 9.6, and Debian's update of 9.2), against `explain --host`. Names with `*` or `?`
 * are ordinary names to ssh and must be accepted by both.
 *
 *   node --import tsx --test test/oracle/ssh-host-names.test.ts
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runCli } from '../../server/src/cli';

const hasSsh = !spawnSync('ssh', ['-V']).error;
const MISSING = 'ssh (openssh-client) is not installed; this oracle needs it';
const dir = mkdtempSync(join(tmpdir(), 'keepalive-names-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const config = join(dir, 'config');
writeFileSync(config, 'Host *\n  ServerAliveInterval 30\n', { mode: 0o644 });

const NAMES = ['web1', 'a,b', 'a b', '-oProxyCommand=x', 'x;y', 'a$b', "it's", 'a|b', 'tab\there', 'w*b', '**', 'web?', '*.example.com', 'user@host'];

test('explain --host refuses exactly the names ssh -G refuses', { skip: !hasSsh && !process.env.CI ? MISSING : false }, async () => {
  assert.ok(hasSsh, `${MISSING} (CI is set, so this fails instead of skipping)`);
  const rows: string[] = [];
  for (const name of NAMES) {
    const ssh = spawnSync('ssh', ['-G', '-F', config, '--', name], { encoding: 'utf8' });
    const code = await runCli(['explain', '--host', name, config], { stdout: () => {}, stderr: () => {}, cwd: dir, env: { ...process.env } });
    rows.push(
      `${JSON.stringify(name)}: ssh ${ssh.status === 0 ? 'accepts' : 'refuses'}, explain ${code === 0 ? 'accepts' : code === 1 ? 'refuses' : `exits ${code}`}`,
    );
  }
  assert.deepEqual(
    rows.filter((r) => {
      const [, s, e] = /ssh (\w+), explain (\w+)/.exec(r) ?? [];
      return s !== e;
    }),
    [],
    rows.join('\n'),
  );
  // Both verdicts occur, so the comparison is not vacuous.
  assert.ok(rows.some((r) => r.includes('ssh refuses')) && rows.some((r) => r.includes('ssh accepts')), rows.join('\n'));
});
