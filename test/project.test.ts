/**
 * Keeps the hand-written parts of the project in step with the code: the README's generated
 * sections, the rule table and the codes the analysis emits, the manifest's file patterns
 * and the CLI's language detection, and the .vsix contents.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { generate } from '../scripts/readme';
import { languageIdFor } from '../server/src/service';
import { MYCNF_RULES } from '../server/src/service/analysis/mycnf/rules';
import { SSH_RULES } from '../server/src/service/analysis/ssh/rules';
import { SSHD_RULES } from '../server/src/service/analysis/sshd/rules';
import { SYSCTL_RULES } from '../server/src/service/analysis/sysctl/rules';
import { kernelDefault } from '../server/src/service/catalog/sysctl';

const root = join(__dirname, '..');

function sources(dir: string, acc: string[] = []): string[] {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) sources(p, acc);
    else if (p.endsWith('.ts')) acc.push(p);
  }
  return acc;
}

test('README generated sections are current (run npm run readme)', () => {
  const text = readFileSync(join(root, 'README.md'), 'utf8');
  assert.equal(generate(text, false), text);
});

test('README Quick start has exactly the two commands', () => {
  const text = readFileSync(join(root, 'README.md'), 'utf8');
  const quick = text.slice(text.indexOf('## Quick start'), text.indexOf('\n## ', text.indexOf('## Quick start') + 5));
  const block = /```sh\n([\s\S]*?)```/.exec(quick)?.[1];
  assert.equal(block, 'npm ci && npm start\nnpm test\n');
});

for (const [dialect, rules] of [
  ['ssh', SSH_RULES],
  ['sshd', SSHD_RULES],
  ['sysctl', SYSCTL_RULES],
  ['mycnf', MYCNF_RULES],
] as const) {
  test(`every ${dialect}/ code the analysis emits is documented in its rules table, and every rule is emitted`, () => {
    const emitted = new Set<string>();
    for (const f of sources(join(root, 'server/src/service/analysis', dialect))) {
      if (f.endsWith('rules.ts')) continue;
      for (const m of readFileSync(f, 'utf8').matchAll(new RegExp(`'(${dialect}/[a-z-]+)'`, 'g'))) emitted.add(m[1]);
    }
    assert.deepEqual([...emitted].sort(), Object.keys(rules).sort());
  });
}

test('the CLI recognises exactly the files the manifest gives the ssh_config language', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const lang = pkg.contributes.languages.find((l: { id: string }) => l.id === 'ssh_config');
  assert.deepEqual(lang.filenamePatterns, ['**/.ssh/config', '**/.ssh/config.d/*', '**/ssh_config', '**/ssh_config.d/*.conf', '**/*.ssh_config']);
  const yes = ['/home/u/.ssh/config', 'dotfiles/.ssh/config.d/work', '/etc/ssh/ssh_config', '/etc/ssh/ssh_config.d/10-keepalive.conf', 'examples/a.ssh_config'];
  const no = ['/home/u/.ssh/known_hosts', '/etc/ssh/sshd_config', '/etc/ssh/ssh_config.d/readme.txt', 'config', '/home/u/.ssh/config.bak'];
  assert.deepEqual(
    yes.map(languageIdFor),
    yes.map(() => 'ssh_config'),
  );
  assert.deepEqual(
    no.map(languageIdFor).map((id) => (id === 'ssh_config' ? id : undefined)),
    no.map(() => undefined),
  );
});

test('the CLI recognises exactly the files the manifest gives the sshd_config language', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const lang = pkg.contributes.languages.find((l: { id: string }) => l.id === 'sshd_config');
  assert.deepEqual(lang.filenamePatterns, ['**/sshd_config', '**/sshd_config.d/*.conf', '**/*.sshd_config']);
  const yes = ['/etc/ssh/sshd_config', '/etc/ssh/sshd_config.d/50-keepalive.conf', 'sshd_config', 'examples/bastion.sshd_config'];
  const no = ['/etc/ssh/ssh_config', '/etc/ssh/sshd_config.d/readme.txt', '/etc/ssh/sshd_config.bak', '/etc/ssh/moduli'];
  assert.deepEqual(
    yes.map(languageIdFor),
    yes.map(() => 'sshd_config'),
  );
  assert.deepEqual(
    no.map(languageIdFor).map((id) => (id === 'sshd_config' ? id : undefined)),
    no.map(() => undefined),
  );
});

test('the CLI recognises exactly the files the manifest gives the sysctl language', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const lang = pkg.contributes.languages.find((l: { id: string }) => l.id === 'sysctl');
  assert.deepEqual(lang.filenamePatterns, ['**/sysctl.conf', '**/sysctl.d/*.conf', '**/*.sysctl.conf']);
  const yes = ['/etc/sysctl.conf', '/etc/sysctl.d/60-keepalive.conf', '/usr/lib/sysctl.d/50-default.conf', 'examples/article.sysctl.conf'];
  const no = ['/etc/sysctl.d/README', '/etc/sysctl.d/99-x.conf.bak', 'sysctl.conf.orig', '/etc/mysysctl.conf.d/a.conf'];
  assert.deepEqual(
    yes.map(languageIdFor),
    yes.map(() => 'sysctl'),
  );
  assert.deepEqual(
    no.map(languageIdFor),
    no.map(() => undefined),
  );
});

test('the CLI recognises exactly the files the manifest gives the mycnf language', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const lang = pkg.contributes.languages.find((l: { id: string }) => l.id === 'mycnf');
  assert.deepEqual(lang.filenamePatterns, [
    '**/my.cnf',
    '**/.my.cnf',
    '**/my.cnf.d/*.cnf',
    '**/mysql/**/*.cnf',
    '**/mariadb.conf.d/*.cnf',
    '**/conf.d/*.cnf',
    '**/*.my.cnf',
  ]);
  const yes = [
    '/etc/mysql/my.cnf',
    '/etc/my.cnf',
    '/home/u/.my.cnf',
    '/etc/my.cnf.d/server.cnf',
    '/etc/mysql/mariadb.conf.d/50-server.cnf',
    '/etc/mysql/conf.d/mysqldump.cnf',
    '/etc/mysql/debian.cnf',
    'examples/article.my.cnf',
  ];
  const no = ['/etc/mysql/my.cnf.bak', '/etc/my.cnf.orig', 'notes.cnf', '/etc/conf.d/x/y.cnf'];
  assert.deepEqual(
    yes.map(languageIdFor),
    yes.map(() => 'mycnf'),
  );
  assert.deepEqual(
    no.map(languageIdFor),
    no.map(() => undefined),
  );
});

test("the manifest's kernel settings default to the sysctl catalog's kernel defaults", () => {
  const props = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).contributes.configuration.properties;
  const pairs: Array<[string, string]> = [
    ['keepaliveLens.kernel.tcpKeepaliveTime', 'net.ipv4.tcp_keepalive_time'],
    ['keepaliveLens.kernel.tcpKeepaliveIntvl', 'net.ipv4.tcp_keepalive_intvl'],
    ['keepaliveLens.kernel.tcpKeepaliveProbes', 'net.ipv4.tcp_keepalive_probes'],
    ['keepaliveLens.kernel.tcpSynRetries', 'net.ipv4.tcp_syn_retries'],
    ['keepaliveLens.kernel.tcpSynLinearTimeouts', 'net.ipv4.tcp_syn_linear_timeouts'],
  ];
  assert.deepEqual(
    pairs.map(([setting]) => props[setting].default),
    pairs.map(([, key]) => kernelDefault(key)),
  );
  // And the catalog's numbers are the kernel's: 7200 / 75 / 9, 6 SYN retries, 4 linear timeouts
  // (test/oracle/sysctl-kernel.test.ts reads them from a fresh network namespace).
  assert.deepEqual(
    pairs.map(([, key]) => kernelDefault(key)),
    [7200, 75, 9, 6, 4],
  );
});

test('npm run package builds a .vsix with only the runtime files', { timeout: 120_000 }, () => {
  const out = join(require('node:os').tmpdir(), `keepalive-lens-test-${process.pid}.vsix`);
  const vsce = join(root, 'node_modules/.bin/vsce');
  const { execFileSync } = require('node:child_process') as typeof import('node:child_process');
  execFileSync(process.execPath, [join(root, 'esbuild.mjs'), '--production'], { cwd: root });
  execFileSync(vsce, ['package', '--no-dependencies', '--out', out], { cwd: root, stdio: 'pipe' });
  const listed = execFileSync(vsce, ['ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' }).trim().split('\n').sort();
  assert.deepEqual(listed, [
    'CHANGELOG.md',
    'LICENSE',
    'README.md',
    'dist/cli.js',
    'dist/client.js',
    'dist/server.js',
    'images/icon.png',
    'language-configuration.json',
    'mycnf.language-configuration.json',
    'package.json',
    'syntaxes/mycnf.tmLanguage.json',
    'syntaxes/ssh_config.tmLanguage.json',
    'syntaxes/sshd_config.tmLanguage.json',
    'syntaxes/sysctl.tmLanguage.json',
  ]);
  require('node:fs').rmSync(out);
});
