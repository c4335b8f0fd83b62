/**
 * Keeps the hand-written parts of the project in step with the code: the README's generated
 * sections, the rule table and the codes the analysis emits, the manifest's file patterns
 * and the CLI's language detection, and the .vsix contents.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { generate, sshRealityTable } from '../scripts/readme';
import { LANGUAGE_IDS, languageIdFor } from '../server/src/service';
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

test('the OpenSSH reality table: a row held to no tolerance says so (—), none says "null"', () => {
  const row = { case: 'c1', config: 'a | b', model: null, note: '' };
  assert.equal(
    sshRealityTable([
      { ...row, scenario: 'client', interval: 2, countMax: 2, predicted: 6, measured: 5.964, tolerance: 1.1, withinTolerance: true },
      { ...row, scenario: 'client (documents)', interval: 1, countMax: 0, predicted: 1, measured: 0.2, tolerance: null, withinTolerance: null },
      { ...row, scenario: 'server', interval: 1, countMax: 0, predicted: null, measured: null, tolerance: null, withinTolerance: true },
      { ...row, scenario: 'server', interval: 3, countMax: 3, predicted: 24, measured: 30, tolerance: 2.9, withinTolerance: false },
    ]),
    [
      '| side | I | N | predicted by `explain` | measured | tolerance | within | config |',
      '|---|---|---|---|---|---|---|---|',
      '| client | 2 | 2 | 6 s | 5.964 s | ±1.1 s | yes | a \\| b |',
      '| client (documents) | 1 | 0 | 1 s | 0.2 s | — | — | a \\| b |',
      '| server | 1 | 0 | never | never | — | yes | a \\| b |',
      '| server | 3 | 3 | 24 s | 30 s | ±2.9 s | **no** | a \\| b |',
    ].join('\n'),
  );
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

/** Per language: the manifest's filenamePatterns, paths they match, and paths they do not. */
const LANGUAGE_FILES: ReadonlyArray<{ id: string; patterns: string[]; yes: string[]; no: string[] }> = [
  {
    id: 'ssh_config',
    patterns: ['**/.ssh/config', '**/.ssh/config.d/*', '**/ssh_config', '**/ssh_config.d/*.conf', '**/*.ssh_config'],
    yes: ['/home/u/.ssh/config', 'dotfiles/.ssh/config.d/work', '/etc/ssh/ssh_config', '/etc/ssh/ssh_config.d/10-keepalive.conf', 'examples/a.ssh_config'],
    no: ['/home/u/.ssh/known_hosts', '/etc/ssh/sshd_config', '/etc/ssh/ssh_config.d/readme.txt', 'config', '/home/u/.ssh/config.bak'],
  },
  {
    id: 'sshd_config',
    patterns: ['**/sshd_config', '**/sshd_config.d/*.conf', '**/*.sshd_config'],
    yes: ['/etc/ssh/sshd_config', '/etc/ssh/sshd_config.d/50-keepalive.conf', 'sshd_config', 'examples/bastion.sshd_config'],
    no: ['/etc/ssh/ssh_config', '/etc/ssh/sshd_config.d/readme.txt', '/etc/ssh/sshd_config.bak', '/etc/ssh/moduli'],
  },
  {
    id: 'sysctl',
    patterns: ['**/sysctl.conf', '**/sysctl.d/*.conf', '**/*.sysctl.conf'],
    yes: ['/etc/sysctl.conf', '/etc/sysctl.d/60-keepalive.conf', '/usr/lib/sysctl.d/50-default.conf', 'examples/article.sysctl.conf'],
    no: ['/etc/sysctl.d/README', '/etc/sysctl.d/99-x.conf.bak', 'sysctl.conf.orig', '/etc/mysysctl.conf.d/a.conf'],
  },
  {
    id: 'mycnf',
    patterns: ['**/my.cnf', '**/.my.cnf', '**/my.cnf.d/*.cnf', '**/mysql/**/*.cnf', '**/mariadb.conf.d/*.cnf', '**/conf.d/*.cnf', '**/*.my.cnf'],
    yes: [
      '/etc/mysql/my.cnf',
      '/etc/my.cnf',
      '/home/u/.my.cnf',
      '/etc/my.cnf.d/server.cnf',
      '/etc/mysql/mariadb.conf.d/50-server.cnf',
      '/etc/mysql/conf.d/mysqldump.cnf',
      '/etc/mysql/debian.cnf',
      'examples/article.my.cnf',
    ],
    no: ['/etc/mysql/my.cnf.bak', '/etc/my.cnf.orig', 'notes.cnf', '/etc/conf.d/x/y.cnf'],
  },
];

test('the manifest has exactly these languages, and the CLI recognises exactly the files it gives each', () => {
  const languages = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).contributes.languages as Array<{ id: string; filenamePatterns: string[] }>;
  assert.deepEqual(
    languages.map((l) => [l.id, l.filenamePatterns]),
    LANGUAGE_FILES.map((l) => [l.id, l.patterns]),
  );
  // The server supports them, and the client hands it their files and untitled documents.
  assert.deepEqual(
    [...LANGUAGE_IDS],
    LANGUAGE_FILES.map((l) => l.id),
  );
  const client = readFileSync(join(root, 'client/src/extension.ts'), 'utf8');
  assert.deepEqual(
    [...client.matchAll(/\{ language: '([\w-]+)', scheme: '(\w+)' \}/g)].map((m) => `${m[1]}:${m[2]}`),
    LANGUAGE_FILES.flatMap((l) => [`${l.id}:file`, `${l.id}:untitled`]),
  );
  for (const { id, yes, no } of LANGUAGE_FILES) {
    assert.deepEqual(
      yes.map((p) => [p, languageIdFor(p)]),
      yes.map((p) => [p, id]),
    );
    assert.deepEqual(
      no.filter((p) => languageIdFor(p) === id),
      [],
      id,
    );
  }
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
