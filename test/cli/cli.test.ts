/**
 * The command-line checker, in process (runCli) and as the bundled binary.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { runCli } from '../../server/src/cli';

const root = join(__dirname, '../..');

/** runCli in `cwd` with its output captured. */
async function cliIn(cwd: string, args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd, env: process.env });
  return { code, out, err };
}

/** runCli in the repository root. */
const cli = (args: string[]) => cliIn(root, args);

test('check on the bundled examples: exit 0, the article pattern reported', async () => {
  const r = await cli(['check', '--ssh-version', '9.2', '--mysql-flavor', 'mariadb', '--json', 'examples/']);
  assert.equal(r.code, 0, r.err);
  const report = JSON.parse(r.out) as Array<{ file: string; findings: Array<{ line: number; code: string }> }>;
  const findings = Object.fromEntries(report.map((f) => [f.file, f.findings.map((x) => [x.line, x.code])]));
  assert.deepEqual(Object.keys(findings), [
    'examples/article-aggressive.sysctl.conf',
    'examples/article-as-pasted.ssh_config',
    'examples/article-fixed.my.cnf',
    'examples/article-fixed.ssh_config',
    'examples/article-sysctl.sysctl.conf',
    'examples/pitfalls.ssh_config',
    'examples/server.my.cnf',
    'examples/server.sshd_config',
    'examples/sysctl-set/etc/sysctl.conf',
    'examples/sysctl-set/etc/sysctl.d/60-keepalive.conf',
    'examples/sysctl-set/usr/lib/sysctl.d/50-vendor-tcp.conf',
    'examples/sysctl-set/usr/lib/sysctl.d/60-keepalive.conf',
    'examples/workstation.ssh_config',
  ]);
  assert.deepEqual(findings['examples/article-as-pasted.ssh_config'], [
    [12, 'ssh/shadowed-by-earlier-host'],
    [13, 'ssh/shadowed-by-earlier-host'],
  ]);
  // The article's aggressive values pasted with their shell comments: each `#` is written to the kernel.
  assert.deepEqual(findings['examples/article-aggressive.sysctl.conf'], [
    [4, 'sysctl/inline-comment'],
    [5, 'sysctl/inline-comment'],
    [6, 'sysctl/inline-comment'],
  ]);
  // The sysctl.d tree is analysed as one set: the vendor line is overridden, the same-named file masked.
  assert.deepEqual(findings['examples/sysctl-set/usr/lib/sysctl.d/50-vendor-tcp.conf'], [[2, 'sysctl/overridden']]);
  assert.deepEqual(findings['examples/sysctl-set/usr/lib/sysctl.d/60-keepalive.conf'], [[1, 'sysctl/masked-file']]);
  assert.deepEqual(findings['examples/sysctl-set/etc/sysctl.conf'], [[11, 'sysctl/module-key']]);
  for (const clean of [
    'examples/article-fixed.my.cnf',
    'examples/server.my.cnf',
    'examples/server.sshd_config',
    'examples/article-fixed.ssh_config',
    'examples/workstation.ssh_config',
    'examples/article-sysctl.sysctl.conf',
    'examples/sysctl-set/etc/sysctl.d/60-keepalive.conf',
  ])
    assert.deepEqual(findings[clean], [], clean);
  // The hardened server: one lens per section, OpenSSH 9.2 checking every two intervals.
  const server = report.find((f) => f.file === 'examples/server.sshd_config') as unknown as { scopes: Array<{ line: number; summary: string }> };
  assert.deepEqual(
    server.scopes.map((x) => [x.line, x.summary.replace(/ · probes.*· /, ' · ')]),
    [
      [1, 'dead client dropped after 8 min (2 × 60 s × (3 + 1)) · for connections no Match block applies to'],
      [39, 'dead client dropped after 1 min 30 s (2 × 15 s × (2 + 1)) · for connections matching user backup, address 192.0.2.10'],
      [48, 'dead client dropped after 4 min (2 × 30 s × (3 + 1)) · for connections matching address 10.0.0.0/8,192.168.0.0/16'],
    ],
  );
  const sysctl = report.find((f) => f.file === 'examples/article-sysctl.sysctl.conf') as unknown as { scopes: Array<{ line: number; summary: string }> };
  // 300 + 5 × 30 = 450 s; tcp_retries2 15: 924.6 s.
  // One per outcome, above the first line that feeds it (no tcp_retries2 line: the top of the file).
  assert.deepEqual(sysctl.scopes, [
    { line: 1, summary: 'stalled send gives up after 15 min 24.6 s (tcp_retries2 = 15)' },
    { line: 4, summary: 'idle peer declared dead after 7 min 30 s (300 s + 5 × 30 s)' },
  ]);
});

test('explain on a sysctl set: load order, masking, winning values', async () => {
  const set = [
    'examples/sysctl-set/usr/lib/sysctl.d/60-keepalive.conf',
    'examples/sysctl-set/etc/sysctl.d/60-keepalive.conf',
    'examples/sysctl-set/usr/lib/sysctl.d/50-vendor-tcp.conf',
  ];
  const r = await cli(['explain', '--json', ...set]);
  assert.equal(r.code, 0, r.err);
  const out = JSON.parse(r.out);
  const rel = (p: string) => p.slice(p.indexOf('examples/'));
  assert.deepEqual(out.files.map(rel), ['examples/sysctl-set/usr/lib/sysctl.d/50-vendor-tcp.conf', 'examples/sysctl-set/etc/sysctl.d/60-keepalive.conf']);
  assert.deepEqual(
    out.masked.map((m: { file: string; by: string }) => [rel(m.file), rel(m.by)]),
    [['examples/sysctl-set/usr/lib/sysctl.d/60-keepalive.conf', 'examples/sysctl-set/etc/sysctl.d/60-keepalive.conf']],
  );
  assert.deepEqual(
    { ...out.values['net.ipv4.tcp_keepalive_time'], file: rel(out.values['net.ipv4.tcp_keepalive_time'].file) },
    { value: '300', file: 'examples/sysctl-set/etc/sysctl.d/60-keepalive.conf', line: 3, kernel: '300', accepted: true },
  );
  assert.deepEqual(out.values['net.ipv4.tcp_rmem'].kernel, '4096\t131072\t6291456');
  // tcp_retries2 = 8: (2^9 - 1) × 0.2 s = 102.2 s; tcp_syn_retries stays 6 with 4 linear timeouts: 131 s.
  assert.deepEqual([out.timeline.detectAfter, out.retransmission.giveUpAfter, out.connect.giveUpAfter], [450, 102.2, 131]);
});

test('check exits 1 when ssh would refuse the file, 2 when it cannot be read', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kl-cli-'));
  writeFileSync(join(dir, 'bad.ssh_config'), 'Host x\n  ServerAliveInterval 5x\n');
  const bad = await cli(['check', '--ssh-version', '9.2', join(dir, 'bad.ssh_config')]);
  assert.equal(bad.code, 1);
  assert.match(bad.out, /:2:23: error ssh\/invalid-time: invalid time value "5x"/);
  const missing = await cli(['check', join(dir, 'nope')]);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /cannot read .*nope: ENOENT/);
  const usage = await cli(['explain', 'x']);
  assert.equal(usage.code, 2);
});

test('check with one sshd_config among its arguments: the client lenses say which end gives up first', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kl-cli-both-'));
  try {
    writeFileSync(join(dir, 'client.ssh_config'), 'Host web\n  ServerAliveInterval 15\n  ServerAliveCountMax 2\n');
    writeFileSync(join(dir, 'server.sshd_config'), 'ClientAliveInterval 60\nClientAliveCountMax 1\n');
    const web = 'dead server detected after 45 s (15 s × (2 + 1)) · probes every 15 s, gives up after 2 unanswered · host web';
    const clientPart = (out: string) => out.slice(0, out.indexOf('\n', out.indexOf('no findings')) + 1);
    const both = await cliIn(dir, ['check', '--ssh-version', '9.5', '.']);
    assert.equal(both.code, 0, both.err);
    assert.equal(clientPart(both.out), `client.ssh_config\n  1: ${web} · server.sshd_config drops you later, after 2 min\n  no findings\n`);
    // The server config not among the arguments: nothing about it.
    const alone = await cliIn(dir, ['check', '--ssh-version', '9.5', 'client.ssh_config']);
    assert.deepEqual(alone, { code: 0, out: `client.ssh_config\n  1: ${web}\n  no findings\n`, err: '' });
    // Two server configs: which one the host reaches is not known.
    writeFileSync(join(dir, 'other.sshd_config'), 'ClientAliveInterval 10\n');
    const two = await cliIn(dir, ['check', '--ssh-version', '9.5', '.']);
    assert.equal(clientPart(two.out), `client.ssh_config\n  1: ${web}\n  no findings\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('explain prints ssh -G spelling, then the timeline', async () => {
  const r = await cli(['explain', '--ssh-version', '9.2', '--host', 'satellite-server', 'examples/article-fixed.ssh_config']);
  assert.equal(r.code, 0);
  const lines = r.out.split('\n');
  assert.deepEqual(lines.slice(0, 6), [
    'serveraliveinterval 30',
    'serveralivecountmax 10',
    'tcpkeepalive yes',
    'connecttimeout none',
    'connectionattempts 1',
    '',
  ]);
  assert.equal(lines[6], 'host satellite-server: dead server detected after 5 min 30 s (30 s × (10 + 1)) · probes every 30 s, gives up after 10 unanswered');
});

test('explain --host: a host name ssh refuses, and a file that is not an ssh_config', async () => {
  const bad = await cli(['explain', '--ssh-version', '9.2', '--host', 'a,b', 'examples/article-fixed.ssh_config']);
  assert.deepEqual(
    [bad.code, bad.out, bad.err],
    [
      1,
      '',
      'keepalive-lens: ssh refuses the host name "a,b" ("hostname contains invalid characters"): it may not start with "-" or contain quotes, $, \\, ;, &, <, >, |, (, ), {, }, commas, spaces or control characters\n',
    ],
  );
  assert.equal((await cli(['explain', '--ssh-version', '9.2', '--host', '-oProxyCommand=x', 'examples/article-fixed.ssh_config'])).code, 1);
  // `*` and `?` are ordinary characters of a name.
  assert.equal((await cli(['explain', '--ssh-version', '9.2', '--host', 'w*b', 'examples/article-fixed.ssh_config'])).code, 0);
  const sysctl = await cli(['explain', '--host', 'x', 'examples/article-sysctl.sysctl.conf']);
  assert.deepEqual(
    [sysctl.code, sysctl.out, sysctl.err],
    [2, '', 'keepalive-lens: explain --host reads an ssh_config file; examples/article-sysctl.sysctl.conf is read as sysctl (leave out --host)\n'],
  );
});

test('explain --json gives the five keywords as keys', async () => {
  const r = await cli(['explain', '--json', '--ssh-version', '9.2', '--host', 'anything', 'examples/article-as-pasted.ssh_config']);
  const j = JSON.parse(r.out);
  assert.deepEqual(
    [
      j.host,
      j.serveraliveinterval,
      j.serveralivecountmax,
      j.tcpkeepalive,
      j.connecttimeout,
      j.connectionattempts,
      j.timeline.detectAfter,
      j.timeline.mechanism,
    ],
    ['anything', 60, 5, 'yes', 'none', 1, 360, 'server-alive'],
  );
});

test('the bundled binary runs (dist/cli.js)', () => {
  execFileSync(process.execPath, [join(root, 'esbuild.mjs')], { cwd: root });
  const r = spawnSync(process.execPath, [join(root, 'dist/cli.js'), 'explain', '--ssh-version', '9.2', '--host', 'ci', 'examples/workstation.ssh_config'], {
    cwd: root,
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(
    r.stdout.split('\n').slice(0, 5).join('\n'),
    'serveraliveinterval 60\nserveralivecountmax 2\ntcpkeepalive yes\nconnecttimeout none\nconnectionattempts 1',
  );
});

const mycnfDirs: string[] = [];
after(() => {
  for (const d of mycnfDirs) rmSync(d, { recursive: true, force: true });
});

/** An option-file tree in a fresh directory: `@DIR@` in the texts stands for it. */
function mycnfTree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kl-cli-mycnf-'));
  mycnfDirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text.replaceAll('@DIR@', dir));
  }
  return dir;
}

test('explain --group prints the options of the groups as my_print_defaults does: read order, includes from the working directory', async () => {
  const dir = mycnfTree({
    'etc/my.cnf': '[client]\nuser = app\n[mysqld]\nwait_timeout=600\n!include inc.cnf\n[CLIENT]\npassword="se#cret" # comment\n!includedir @DIR@/conf.d\n',
    'inc.cnf': '[client]\nfrom_cwd=1\n',
    'etc/inc.cnf': '[client]\nfrom_etc=1\n',
    'conf.d/b.cnf': '[mysql]\nb=2\n',
    'conf.d/a.cnf': '[client]\nskip-ssl\n',
    'conf.d/c.txt': '[client]\ntxt=1\n',
  });
  const r = await cliIn(dir, ['explain', '--group', 'client', '--group', 'mysql', 'etc/my.cnf']);
  assert.deepEqual(r, { code: 0, out: '--user=app\n--from_cwd=1\n--password=se#cret\n--skip-ssl\n--b=2\n', err: '' });
});

test('explain --group: a fatal error prints nothing but its message (stderr) and exits 2; warnings go to stderr', async () => {
  const dir = mycnfTree({ 'my.cnf': '[client]\na=1\n!include @DIR@/ww.cnf\nb=2\n[client\n', 'ww.cnf': '[client]\nww=1\n' });
  chmodSync(join(dir, 'ww.cnf'), 0o666);
  const fatal = await cliIn(dir, ['explain', '--group', 'client', 'my.cnf']);
  assert.deepEqual(fatal, {
    code: 2,
    out: '',
    err: `Warning: World-writable config file '${dir}/ww.cnf' is ignored\nerror: Wrong group definition in config file: ${dir}/my.cnf at line 5\n`,
  });
  writeFileSync(join(dir, 'my.cnf'), '[client]\na=1\n!include @DIR@/ww.cnf\nb=2\n'.replaceAll('@DIR@', dir));
  const warned = await cliIn(dir, ['explain', '--group', 'client', 'my.cnf']);
  assert.deepEqual(warned, { code: 0, out: '--a=1\n--b=2\n', err: `Warning: World-writable config file '${dir}/ww.cnf' is ignored\n` });
  const missing = await cliIn(dir, ['explain', '--group', 'client', 'nope.cnf']);
  assert.deepEqual(missing, { code: 2, out: '', err: `Could not open required defaults file: ${dir}/nope.cnf\n` });
});

test('explain --group --json: options with group, value, arg and where each comes from; warnings; the fatal error', async () => {
  const dir = mycnfTree({
    'my.cnf': '[client]\nconnect_timeout = 10\n[ spaced ]\nx=1\n[client]\n!include @DIR@/inc.cnf\nskip-ssl\n',
    'inc.cnf': '[client]\nread_timeout="300"\n',
  });
  const r = await cliIn(dir, ['explain', '--json', '--group', 'client', '--group', ' spaced', 'my.cnf']);
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(JSON.parse(r.out), {
    file: `${dir}/my.cnf`,
    groups: ['client', ' spaced'],
    options: [
      { group: 'client', name: 'connect_timeout', value: '10', arg: '--connect_timeout=10', file: `${dir}/my.cnf`, line: 2 },
      { group: ' spaced', name: 'x', value: '1', arg: '--x=1', file: `${dir}/my.cnf`, line: 4 },
      { group: 'client', name: 'read_timeout', value: '300', arg: '--read_timeout=300', file: `${dir}/inc.cnf`, line: 2 },
      { group: 'client', name: 'skip-ssl', value: null, arg: '--skip-ssl', file: `${dir}/my.cnf`, line: 7 },
    ],
    warnings: [],
  });
  writeFileSync(join(dir, 'my.cnf'), 'orphan=1\n');
  const fatal = await cliIn(dir, ['explain', '--json', '--group', 'client', 'my.cnf']);
  assert.equal(fatal.code, 2);
  assert.deepEqual(JSON.parse(fatal.out), {
    file: `${dir}/my.cnf`,
    groups: ['client'],
    options: [],
    warnings: [],
    fatal: { message: `error: Found option without preceding group in config file: ${dir}/my.cnf at line: 1`, file: `${dir}/my.cnf`, line: 1 },
  });
});

test('explain on an option file: --group is required, with a value; one file; not with --host', async () => {
  const dir = mycnfTree({ 'my.cnf': '[client]\na=1\n', 'other.cnf': '[client]\nb=1\n' });
  for (const args of [
    ['explain', 'my.cnf'],
    ['explain', 'my.cnf', '--group'],
    ['explain', '--group', 'client'],
    ['explain', '--group', 'client', 'my.cnf', 'other.cnf'],
    ['explain', '--host', 'h', '--group', 'client', 'my.cnf'],
  ]) {
    const r = await cliIn(dir, args);
    assert.equal(r.code, 2, args.join(' '));
    assert.equal(r.out, '', args.join(' '));
    assert.match(r.err, /^keepalive-lens: .*\nUsage:/, args.join(' '));
  }
  assert.match((await cliIn(dir, ['explain', 'my.cnf'])).err, /needs at least one --group G or --program P/);
  // Any file is an option file when --group is given.
  assert.deepEqual(await cliIn(dir, ['explain', '--group', 'client', 'other.cnf']), { code: 0, out: '--b=1\n', err: '' });
  const help = await cliIn(dir, ['--help']);
  assert.match(help.out, /explain --group G \[--group G2 \.\.\.\] \[--program P \.\.\.\] \[--json\] OPTION_FILE/);
});

test('explain --program: the groups that program reads, in its order (mariadbd: [mysqld]...; mariadb-dump: [mysqldump]...)', async () => {
  const server = await cli(['explain', '--program', 'mariadbd', 'examples/server.my.cnf']);
  assert.deepEqual(
    { code: server.code, out: server.out, err: server.err },
    {
      code: 0,
      out: '--wait_timeout=3600\n--interactive_timeout=28800\n--net_read_timeout=60\n--net_write_timeout=120\n--tcp_keepalive_time=300\n--tcp_keepalive_interval=30\n--tcp_keepalive_probes=5\n--max_allowed_packet=64M\n',
      err: '',
    },
  );
  const dump = await cli(['explain', '--program', 'mariadb-dump', 'examples/server.my.cnf']);
  assert.deepEqual({ code: dump.code, out: dump.out }, { code: 0, out: '--max_allowed_packet=1G\n' });
  // MySQL's mysqldump reads the same groups ([mysqldump], [client]).
  const mysqldump = await cli(['explain', '--program', 'mysqldump', 'examples/server.my.cnf']);
  assert.deepEqual({ code: mysqldump.code, out: mysqldump.out }, { code: 0, out: '--max_allowed_packet=1G\n' });
  const bad = await cli(['explain', '--program', 'mysqlpump', 'examples/server.my.cnf']);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--program takes one of mariadb, mariadb-dump, .*, mysqld, not mysqlpump/);
});
