/**
 * Nothing a document names ever runs: not `Match exec`, `ProxyCommand`, `LocalCommand`,
 * `KnownHostsCommand`, `RemoteCommand`, nor `$(...)` or backticks in Include and file paths; not sshd_config's
 * `AuthorizedKeysCommand`, `AuthorizedPrincipalsCommand`, `ForceCommand` or `Subsystem`; not an option file's
 * `pager`, `init-command` or `!include $(...)`.
 *
 *   node --import tsx --test test/protocol/no-exec.test.ts
 *
 * Every such directive in the fixtures (an ssh_config, an sshd_config, a my.cnf) would create a marker file if
 * anything executed it. The spawned server answers every request on every line of each, the CLI checks and
 * explains them, and then no marker may exist. When strace is installed the same runs are traced
 * (`strace -f -e trace=execve`) and the only programs started must be node itself (and `ssh -V`, which the CLI
 * and an `auto` server run to learn the OpenSSH release, and `mariadb --version` / `mysql --version`, which they
 * run to learn whose programs read option files when keepaliveLens.mysql.flavor is `auto`).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  CodeActionRequest,
  CodeLensRequest,
  CompletionRequest,
  type Diagnostic,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DocumentSymbolRequest,
  ExecuteCommandRequest,
  FoldingRangeRequest,
  HoverRequest,
  InlayHintRequest,
} from 'vscode-languageserver-protocol/node';
import { CLI_JS, ensureBundle, LspSession, SERVER_JS } from './lsp';

const STRACE = ['/usr/bin/strace', '/bin/strace', '/usr/local/bin/strace'].find((p) => fs.existsSync(p));

/** One document of the fixture. */
interface FixtureDoc {
  path: string;
  uri: string;
  text: string;
  languageId: 'ssh_config' | 'sshd_config' | 'mycnf';
}

interface Fixture {
  dir: string;
  home: string;
  /** The ssh_config (~/.ssh/config). */
  config: string;
  sshd: string;
  mycnf: string;
  docs: FixtureDoc[];
  markers: string[];
}

function makeFixture(): Fixture {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keepalive-lens-noexec-'));
  const home = path.join(dir, 'home');
  fs.mkdirSync(path.join(home, '.ssh', 'conf.d'), { recursive: true, mode: 0o700 });
  const markers: string[] = [];
  /** A command that creates a new marker file. */
  const touch = () => {
    const m = path.join(dir, `MARKER${markers.length + 1}`);
    markers.push(m);
    return `touch ${m}`;
  };
  // An included file that exists, so that Include really reads something with commands in it.
  fs.writeFileSync(
    path.join(home, '.ssh', 'conf.d', 'inner.conf'),
    [`Match exec "${touch()}"`, '    ServerAliveInterval 15', 'Host inner', `    ProxyCommand ${touch()}`, `    LocalCommand ${touch()}`, ''].join('\n'),
    { mode: 0o600 },
  );
  const lines = [
    '# Every command below creates a marker file if anything runs it.',
    `Match exec "${touch()}"`,
    '    ServerAliveInterval 20',
    `Match host x exec "${touch()}"`,
    '    ServerAliveCountMax 2',
    `Match !exec "${touch()}"`,
    '    TCPKeepAlive no',
    `Match exec=\`${touch()}\``,
    '    ConnectTimeout 10',
    'Host *',
    `    ProxyCommand ${touch()}`,
    `    ProxyCommand sh -c "${touch()}"`,
    `    LocalCommand ${touch()}`,
    '    PermitLocalCommand yes',
    `    KnownHostsCommand ${touch()}`,
    `    RemoteCommand ${touch()}`,
    `    Include $(${touch()})`,
    `    Include "$(${touch()})"`,
    `    Include ~/\`${touch()}\``,
    `    Include "~/\`${touch()}\`"`,
    '    Include conf.d/*',
    `    Include conf.d/$(${touch()})*`,
    `    IdentityFile $(${touch()})`,
    `    IdentityFile "\`${touch()}\`"`,
    `    CertificateFile $(${touch()})`,
    `    UserKnownHostsFile $(${touch()})`,
    `    ControlPath $(${touch()})`,
    `    ProxyJump $(${touch()})`,
    `    HostName \`${touch()}\``,
    `    SetEnv X=$(${touch()})`,
    '    ServerAliveInterval 60',
    `Host $(${touch()})`,
    `    ServerAliveInterval $(${touch()})`,
    `    ServerAliveCountMax \`${touch()}\``,
    '',
  ];
  const docs: FixtureDoc[] = [];
  const write = (file: string, text: string, languageId: FixtureDoc['languageId']) => {
    fs.writeFileSync(file, text, { mode: 0o600 });
    docs.push({ path: file, uri: pathToFileURL(file).toString(), text, languageId });
    return file;
  };
  const config = write(path.join(home, '.ssh', 'config'), lines.join('\n'), 'ssh_config');
  const sshd = write(
    path.join(dir, 'sshd_config'),
    [
      '# Every command below creates a marker file if anything runs it.',
      `AuthorizedKeysCommand /bin/sh -c "${touch()}"`,
      'AuthorizedKeysCommandUser nobody',
      `AuthorizedPrincipalsCommand /bin/sh -c "${touch()}"`,
      'AuthorizedPrincipalsCommandUser nobody',
      `ForceCommand ${touch()}`,
      `Subsystem sftp /bin/sh -c "${touch()}"`,
      `Include $(${touch()})`,
      `Include "\`${touch()}\`"`,
      `Banner $(${touch()})`,
      `ChrootDirectory $(${touch()})`,
      `AuthorizedKeysFile $(${touch()})`,
      'ClientAliveInterval 60',
      `Match User $(${touch()})`,
      `    ForceCommand ${touch()}`,
      `    ClientAliveInterval $(${touch()})`,
      '',
    ].join('\n'),
    'sshd_config',
  );
  const mycnf = write(
    path.join(dir, 'my.cnf'),
    [
      '# Every command below creates a marker file if anything runs it.',
      '[client]',
      `!include $(${touch()})`,
      `!includedir \`${touch()}\``,
      `password = \`${touch()}\``,
      'connect_timeout = 10',
      '[mysql]',
      `pager = ${touch()}`,
      `init-command = system ${touch()}`,
      '[mysqld]',
      `init_file = $(${touch()})`,
      'wait_timeout = 600',
      '',
    ].join('\n'),
    'mycnf',
  );
  return { dir, home, config, sshd, mycnf, docs, markers };
}

function existingMarkers(f: Fixture): string[] {
  return f.markers.filter((m) => fs.existsSync(m));
}

function childEnv(f: Fixture): NodeJS.ProcessEnv {
  return { ...process.env, HOME: f.home };
}

/** Every request the server offers, on every line of every document (hover and completion at every column). */
async function driveEverything(s: LspSession, f: Fixture): Promise<number> {
  let requests = 0;
  for (const d of f.docs) requests += await driveDocument(s, d);
  return requests;
}

async function driveDocument(s: LspSession, f: FixtureDoc): Promise<number> {
  let requests = 0;
  const published = await s.open(f.uri, f.text, f.languageId);
  const diags: Diagnostic[] = published.diagnostics;
  // The three well-formed `Match exec` lines are reported as not evaluated (lines 1, 3 and 5).
  if (f.languageId === 'ssh_config') {
    assert.deepStrictEqual(
      diags.filter((d) => d.code === 'ssh/match-not-evaluated').map((d) => d.range.start.line),
      [1, 3, 5],
    );
  }
  const doc = { textDocument: { uri: f.uri } };
  const lines = f.text.split('\n');
  const whole = { start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } };
  for (let line = 0; line < lines.length; line++) {
    const lineRange = { start: { line, character: 0 }, end: { line, character: lines[line].length } };
    for (let character = 0; character <= lines[line].length; character++) {
      await s.conn.sendRequest(HoverRequest.type, { ...doc, position: { line, character } });
      await s.conn.sendRequest(CompletionRequest.type, { ...doc, position: { line, character } });
      requests += 2;
    }
    await s.conn.sendRequest(InlayHintRequest.type, { ...doc, range: lineRange });
    const here = diags.filter((d) => d.range.start.line <= line && d.range.end.line >= line);
    await s.conn.sendRequest(CodeActionRequest.type, { ...doc, range: lineRange, context: { diagnostics: here } });
    await s.conn.sendRequest(ExecuteCommandRequest.type, { command: 'keepaliveLens.showTimeline', arguments: [f.uri, line] });
    requests += 3;
  }
  await s.conn.sendRequest(CodeLensRequest.type, doc);
  await s.conn.sendRequest(InlayHintRequest.type, { ...doc, range: whole });
  await s.conn.sendRequest(CodeActionRequest.type, { ...doc, range: whole, context: { diagnostics: diags } });
  await s.conn.sendRequest(DocumentSymbolRequest.type, doc);
  await s.conn.sendRequest(FoldingRangeRequest.type, doc);
  requests += 5;
  // An edit re-analyses the file (and re-reads the Include targets).
  const republished = s.nextDiagnostics(f.uri, (p) => p.version === 2);
  await s.conn.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri: f.uri, version: 2 },
    contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# edited\n' }],
  });
  await republished;
  await s.conn.sendRequest(CodeLensRequest.type, doc);
  await s.conn.sendNotification(DidCloseTextDocumentNotification.type, doc);
  return requests + 1;
}

function runCli(f: Fixture, args: string[], command: readonly string[] = [process.execPath]) {
  const [program, ...pre] = command;
  const r = spawnSync(program, [...pre, CLI_JS, ...args], { cwd: f.dir, env: childEnv(f), encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.error, undefined, `spawn ${program}: ${r.error}`);
  return r;
}

function checkCli(r: ReturnType<typeof runCli>, what: string) {
  // 0: no errors, 1: errors found; 2 would be a usage error or a crash.
  assert.ok(r.status === 0 || r.status === 1, `${what} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  assert.equal(r.stderr, '', `${what} wrote to stderr`);
}

/**
 * `explain --group/--program` on the fixture's my.cnf: as my_print_defaults, it stops at the `!includedir` whose
 * directory (named by backticks, not run) cannot be read: exit 2, nothing on stdout, MariaDB's message on stderr.
 */
function checkMycnfExplain(r: ReturnType<typeof runCli>, f: Fixture, what: string) {
  const dir = /^!includedir (.*)$/m.exec(f.docs.find((d) => d.languageId === 'mycnf')?.text ?? '')?.[1];
  assert.deepStrictEqual(
    { status: r.status, stdout: r.stdout, stderr: r.stderr },
    { status: 2, stdout: '', stderr: `Can't read dir of '${dir}' (Errcode: 2 "No such file or directory")\n` },
    what,
  );
}

interface Exec {
  pid: string;
  file: string;
  argv: string;
  result: string;
}

/** The execve calls of an `strace -f -e trace=execve -o FILE` log (resumed lines joined). */
function execves(log: string): Exec[] {
  const out: Exec[] = [];
  const unfinished = new Map<string, string>();
  for (const line of log.split('\n')) {
    const pidMatch = /^(\d+)\s+(.*)$/.exec(line);
    if (!pidMatch) continue;
    const [, pid, rest] = pidMatch;
    let call = rest;
    if (call.includes('<unfinished ...>')) {
      unfinished.set(pid, call.replace(/\s*<unfinished \.\.\.>$/, ''));
      continue;
    }
    const resumed = /^<\.\.\. execve resumed>(.*)$/.exec(call);
    if (resumed) call = (unfinished.get(pid) ?? 'execve("?", [?]') + resumed[1];
    const m = /^execve\("((?:[^"\\]|\\.)*)", \[(.*?)\](?:, .*)?\) = (.*)$/.exec(call);
    if (m) out.push({ pid, file: m[1], argv: m[2], result: m[3] });
  }
  return out;
}

/** The programs asked for their release (`auto` settings): `ssh -V`, `mariadb --version`, `mysql --version`. */
const PROBES = ['"ssh", "-V"', '"mariadb", "--version"', '"mysql", "--version"'];
const isProbe = (c: Exec) => PROBES.includes(c.argv) && path.basename(c.file) === c.argv.slice(1, c.argv.indexOf('"', 1));

/** Successful execve calls other than node and (when allowed) the release probes. */
function unexpectedExecs(calls: Exec[], allowProbes: boolean): Exec[] {
  return calls.filter((c) => {
    if (!c.result.startsWith('0')) return false; // a PATH lookup miss runs nothing
    if (c.file === process.execPath || path.basename(c.file) === 'node') return false;
    return !(allowProbes && isProbe(c));
  });
}

/** Each probe runs at most once per process. */
function probesOnce(calls: Exec[], what: string): void {
  for (const p of PROBES) {
    const n = succeeded(calls).filter((c) => c.argv === p).length;
    assert.ok(n <= 1, `${what}: ${p} ran ${n} times`);
  }
}

const succeeded = (calls: Exec[]) => calls.filter((c) => c.result.startsWith('0'));

/** Settings that leave nothing to ask the machine: the OpenSSH release, and whose programs read option files. */
const PINNED = { ssh: { version: '9.2' }, mysql: { flavor: 'mariadb' } };

describe('nothing named in a document runs', () => {
  let f: Fixture;

  before(async () => {
    await ensureBundle();
    f = makeFixture();
  });

  after(() => {
    if (f) fs.rmSync(f.dir, { recursive: true, force: true });
  });

  it('the fixture names a command in every place that could run one', () => {
    assert.ok(f.markers.length >= 25, `${f.markers.length} markers`);
    assert.deepStrictEqual(existingMarkers(f), []);
  });

  it('the language server answers every request on every line and runs none of them', async () => {
    const s = await LspSession.start({ initializationOptions: { settings: PINNED }, cwd: f.dir, env: childEnv(f) });
    try {
      const n = await driveEverything(s, f);
      assert.ok(n > 2000, `${n} requests`);
      assert.deepStrictEqual(s.errorLogs(), []);
      assert.deepStrictEqual(await s.shutdown(), { code: 0, signal: null });
    } finally {
      s.kill();
    }
    assert.deepStrictEqual(existingMarkers(f), []);
  });

  it('the CLI (check, check --json, explain on each dialect) runs none of them', () => {
    checkCli(runCli(f, ['check', f.config, f.sshd, f.mycnf]), 'check');
    checkCli(runCli(f, ['check', '--json', path.join(f.home, '.ssh'), f.dir]), 'check --json DIR');
    const explain = runCli(f, ['explain', '--host', 'x', f.config]);
    checkCli(explain, 'explain');
    assert.match(explain.stdout, /^serveraliveinterval /m);
    const sshd = runCli(f, ['explain', '--user', 'x', '--addr', '192.0.2.1', f.sshd]);
    checkCli(sshd, 'explain SSHD_CONFIG');
    assert.match(sshd.stdout, /^clientaliveinterval /m);
    checkMycnfExplain(runCli(f, ['explain', '--program', 'mariadb', f.mycnf]), f, 'explain --program mariadb OPTION_FILE');
    assert.deepStrictEqual(existingMarkers(f), []);
  });

  describe('under strace', { skip: STRACE ? false : 'strace is not installed' }, () => {
    const trace = (name: string) => path.join(f.dir, `${name}.strace`);
    const tracedNode = (file: string) => [STRACE as string, '-f', '-s', '4096', '-e', 'trace=execve', '-o', file, process.execPath];

    it('server with ssh.version 9.2 and mysql.flavor mariadb: the only program started is node itself', async (t) => {
      const log = trace('server-9.2');
      const s = await LspSession.start({
        command: [...tracedNode(log), SERVER_JS, '--stdio'],
        initializationOptions: { settings: PINNED },
        cwd: f.dir,
        env: childEnv(f),
      });
      try {
        await driveEverything(s, f);
        assert.deepStrictEqual(await s.shutdown(), { code: 0, signal: null });
      } finally {
        s.kill();
      }
      const calls = execves(fs.readFileSync(log, 'utf8'));
      for (const c of calls) t.diagnostic(`execve ${c.file} [${c.argv}] = ${c.result}`);
      assert.deepStrictEqual(
        succeeded(calls).map((c) => [c.file, c.argv]),
        [[process.execPath, `"${process.execPath}", "${SERVER_JS}", "--stdio"`]],
        'exactly one execve: node starting the server (not even ssh -V or mariadb --version)',
      );
      assert.deepStrictEqual(existingMarkers(f), []);
    });

    it('server with the settings auto: node, and each release probe at most once', async (t) => {
      const log = trace('server-auto');
      const s = await LspSession.start({ command: [...tracedNode(log), SERVER_JS, '--stdio'], cwd: f.dir, env: childEnv(f) });
      try {
        await driveEverything(s, f);
        assert.deepStrictEqual(await s.shutdown(), { code: 0, signal: null });
      } finally {
        s.kill();
      }
      const calls = execves(fs.readFileSync(log, 'utf8'));
      for (const c of succeeded(calls)) t.diagnostic(`execve ${c.file} [${c.argv}] = ${c.result}`);
      assert.deepStrictEqual(unexpectedExecs(calls, true), []);
      probesOnce(calls, 'server');
      assert.deepStrictEqual(existingMarkers(f), []);
    });

    it('CLI check and explain: node, and the release probes only when the release is not given', (t) => {
      for (const [name, args, pinned] of [
        ['cli-check', ['check', f.config, f.sshd, f.mycnf], false],
        ['cli-explain', ['explain', '--host', 'x', f.config], false],
        ['cli-explain-sshd', ['explain', '--user', 'x', f.sshd], false],
        ['cli-explain-mycnf', ['explain', '--group', 'client', f.mycnf], false],
        ['cli-check-pinned', ['check', '--ssh-version', '9.2', '--mysql-flavor', 'mariadb', f.config, f.sshd, f.mycnf], true],
      ] as const) {
        const log = trace(name);
        const r = runCli(f, [...args], tracedNode(log));
        if (name === 'cli-explain-mycnf') checkMycnfExplain(r, f, name);
        else checkCli(r, name);
        const calls = execves(fs.readFileSync(log, 'utf8'));
        for (const c of succeeded(calls)) t.diagnostic(`${name}: execve ${c.file} [${c.argv}] = ${c.result}`);
        assert.deepStrictEqual(unexpectedExecs(calls, !pinned), [], name);
        probesOnce(calls, name);
      }
      assert.deepStrictEqual(existingMarkers(f), []);
    });
  });

  it('the markers are real: running one of the commands does create its marker', () => {
    const m = f.markers[f.markers.length - 1];
    const r = spawnSync('/bin/sh', ['-c', `touch ${m}`]);
    assert.equal(r.status, 0);
    assert.deepStrictEqual(existingMarkers(f), [m]);
  });
});
