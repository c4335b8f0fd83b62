#!/usr/bin/env node
/**
 * keepalive-lens: the command-line checker, on the same language service as the editor.
 *
 *   keepalive-lens check [--json] FILE|DIR...
 *   keepalive-lens explain --host NAME [--json] FILE
 *   keepalive-lens explain [--json] SYSCTL_FILE...
 *   keepalive-lens explain --group G [--group G2 ...] [--program P ...] [--json] OPTION_FILE
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { findingJson, SEVERITY_NAME, writeExplain } from './cliFindings';
import { explainSshd } from './cliSshd';
import { createNodeEnvironment, detectSshVersion, localUser, pathToUri, uriToPath } from './node/environment';
import { createLanguageService, languageIdFor, type Settings } from './service';
import { mycnfFlavors } from './service/analysis/mycnf/context';
import { MYCNF_WORDS, type MycnfRead, mycnfDisplayPath, mycnfGroupArgs, mycnfReadsAlike, readMycnf } from './service/analysis/mycnf/read';
import { EXPLAIN_KEYS, effective, sshClientTimeline } from './service/analysis/ssh/timeline';
import { analyzeSysctlSet, MODEL_KEYS, type SysctlFileInput } from './service/analysis/sysctl/set';
import { MYCNF_PROGRAM_NAMES, programGroups } from './service/catalog/mycnf';
import { timelineText } from './service/features/render';
import { formatVersion, parseVersion } from './service/model/version';
import { type RawSettings, toSettings } from './settings';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  env: Record<string, string | undefined>;
}

const USAGE = `Usage:
  keepalive-lens check [--json] [options] FILE|DIR...
      Prints the findings for each file; exit 1 when any is an error.
  keepalive-lens explain --host NAME [--json] [options] FILE
      Prints the effective keepalive settings for NAME as \`ssh -G -F FILE NAME\` spells them,
      then the dead-peer detection timeline.
  keepalive-lens explain [--user U] [--host H] [--addr A] [--laddr A] [--lport P] [--invalid-user] [--json] [options] SSHD_CONFIG
      Prints the effective server settings for that connection as
      \`sshd -T -f SSHD_CONFIG -C user=U,host=H,addr=A\` spells them, then the timeline
      (--invalid-user: the user does not exist, for Match Invalid-User; OpenSSH 9.9 and later).
  keepalive-lens explain [--json] [options] SYSCTL_FILE...
      Loads the sysctl files as systemd-sysctl does (sorted by file name, same names in
      /etc masking /usr/lib, the last assignment wins) and prints the effective values
      and the kernel's timeline.
  keepalive-lens explain --group G [--group G2 ...] [--program P ...] [--json] OPTION_FILE
      Reads a MySQL/MariaDB option file as the programs do (following !include and
      !includedir; relative paths from the current directory) and prints the options of
      the groups G..., one --name=value per line, exactly as
      \`my_print_defaults --defaults-file=OPTION_FILE G G2 ...\` does: warnings on stderr,
      and on an error that stops the programs its message and exit 2 (in the words of
      the family --mysql-flavor names; with both, MariaDB's, and a note when MySQL's
      programs read the file differently). --program P adds the
      groups program P reads (mariadb, mariadb-dump, ..., mariadbd; mysql, mysqldump, ...,
      mysqld), in its order.
Options:
  --ssh-version V     the OpenSSH release to mirror (default: the installed ssh, else the latest)
  --local-user NAME   the local user for Match user/localuser (default: you)
  --idle-timeout S    shortest idle timeout on the network path, seconds (default 300)
  --target S          detection target, seconds (default 600)
  --kernel T,I,P      kernel keepalive time, interval, probes (default 7200,75,9)
  --mysql-flavor F    whose programs read option files: mariadb, mysql or both
                      (default: the installed client's, else both)
`;

interface Parsed {
  command?: string;
  json: boolean;
  hosts: string[];
  /** Option-file groups (`--group`), in the order given. */
  groups: string[];
  /** Programs whose groups to print (`--program`). */
  programs: string[];
  files: string[];
  sshVersion?: string;
  localUser?: string;
  /** The connection of an sshd_config explain (`sshd -T -C` fields). */
  conn: { user?: string; addr?: string; laddr?: string; lport?: string; rdomain?: string; invalidUser?: boolean };
  raw: RawSettings;
  error?: string;
}

function parseArgs(args: string[]): Parsed {
  const out: Parsed = { json: false, hosts: [], groups: [], programs: [], files: [], conn: {}, raw: {} };
  const value = (i: number, flag: string) => {
    const v = args[i + 1];
    if (v === undefined) out.error = `${flag} needs a value`;
    return v ?? '';
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--json') out.json = true;
    else if (a === '--host') out.hosts.push(value(i++, a));
    else if (a === '--group') out.groups.push(value(i++, a));
    else if (a === '--user' || a === '--addr' || a === '--laddr' || a === '--lport' || a === '--rdomain')
      out.conn[a.slice(2) as 'user' | 'addr' | 'laddr' | 'lport' | 'rdomain'] = value(i++, a);
    else if (a === '--invalid-user') out.conn.invalidUser = true;
    else if (a === '--program') out.programs.push(value(i++, a));
    else if (a === '--ssh-version') out.sshVersion = value(i++, a);
    else if (a === '--local-user') out.localUser = value(i++, a);
    else if (a === '--idle-timeout') out.raw.network = { idleTimeout: value(i++, a) };
    else if (a === '--target') out.raw.detectionTarget = value(i++, a);
    else if (a === '--mysql-flavor') {
      const f = value(i++, a);
      if (f !== 'mariadb' && f !== 'mysql' && f !== 'both') out.error = '--mysql-flavor takes mariadb, mysql or both';
      out.raw.mysql = { ...out.raw.mysql, flavor: f };
    } else if (a === '--kernel') {
      const [t, iv, p] = value(i++, a).split(',');
      out.raw.kernel = { tcpKeepaliveTime: t, tcpKeepaliveIntvl: iv, tcpKeepaliveProbes: p };
    } else if (a === '--help' || a === '-h') out.command = 'help';
    else if (a.startsWith('--')) out.error = `unknown option ${a}`;
    else if (!out.command) out.command = a;
    else out.files.push(a);
  }
  return out;
}

/** Files to check: named files as they are, directories searched for files we recognise. */
function collect(target: string, named: boolean, acc: string[]): void {
  let st: fs.Stats;
  try {
    st = fs.statSync(target);
  } catch {
    if (named) acc.push(target);
    return;
  }
  if (st.isDirectory()) {
    for (const e of fs.readdirSync(target).sort()) collect(path.join(target, e), false, acc);
  } else if (named || languageIdFor(target)) {
    acc.push(target);
  }
}

export async function runCli(args: string[], io: CliIo): Promise<number> {
  const p = parseArgs(args);
  if (p.command === 'help' || p.command === undefined) {
    (p.command ? io.stdout : io.stderr)(USAGE);
    return p.command ? 0 : 2;
  }
  if (p.error) {
    io.stderr(`keepalive-lens: ${p.error}\n${USAGE}`);
    return 2;
  }
  // Option files: before the ssh settings, which would ask the installed ssh for its version.
  if (
    p.command === 'explain' &&
    (p.groups.length > 0 || p.programs.length > 0 || (p.files.length > 0 && p.files.every((f) => languageIdFor(path.resolve(io.cwd, f)) === 'mycnf')))
  ) {
    return explainMycnf(p, io);
  }
  const installed = p.sshVersion === undefined ? detectSshVersion() : undefined;
  const raw: RawSettings = { ...p.raw, ssh: { version: p.sshVersion ?? (installed ? formatVersion(installed) : 'latest') } };
  if (p.sshVersion !== undefined && p.sshVersion !== 'latest' && !parseVersion(p.sshVersion)) {
    io.stderr(`keepalive-lens: --ssh-version takes a release such as 9.2 or "latest"\n`);
    return 2;
  }
  const settings = toSettings(raw, { detectSshVersion: () => installed, localUser: () => p.localUser ?? localUser() });
  // check's sshd_config files: with exactly one, an ssh_config's lenses say which end gives up first.
  let serverConfigFiles: readonly string[] = [];
  const service = createLanguageService(createNodeEnvironment({ env: io.env, serverConfigFiles: () => serverConfigFiles }), settings);
  const open = (file: string): TextDocument | string => {
    const abs = path.resolve(io.cwd, file);
    try {
      return TextDocument.create(pathToUri(abs), languageIdFor(abs) ?? 'ssh_config', 1, fs.readFileSync(abs, 'utf8'));
    } catch (e) {
      return `keepalive-lens: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
    }
  };

  if (p.command === 'check') {
    if (p.files.length === 0) {
      io.stderr(`keepalive-lens: check needs at least one FILE or DIR\n${USAGE}`);
      return 2;
    }
    const files: string[] = [];
    for (const f of p.files) collect(path.resolve(io.cwd, f), true, files);
    serverConfigFiles = files.filter((f) => languageIdFor(f) === 'sshd_config');
    let errors = 0;
    let unreadable = 0;
    const report: unknown[] = [];
    for (const file of files) {
      const doc = open(file);
      const shown = path.relative(io.cwd, file) || file;
      if (typeof doc === 'string') {
        io.stderr(`${doc}\n`);
        unreadable++;
        continue;
      }
      const diags = service.diagnostics(doc);
      const lenses = service.codeLens(doc);
      errors += diags.filter((d) => d.severity === DiagnosticSeverity.Error).length;
      if (p.json) {
        report.push({
          file: shown,
          findings: diags.map((d) => ({ ...findingJson(d), endLine: d.range.end.line + 1, endColumn: d.range.end.character + 1 })),
          scopes: lenses.map((l) => ({ line: l.range.start.line + 1, summary: l.command?.title })),
        });
        continue;
      }
      io.stdout(`${shown}\n`);
      for (const l of lenses) io.stdout(`  ${l.range.start.line + 1}: ${l.command?.title}\n`);
      for (const d of diags)
        io.stdout(`  ${shown}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${SEVERITY_NAME[d.severity ?? 1]} ${d.code}: ${d.message}\n`);
      if (diags.length === 0) io.stdout('  no findings\n');
    }
    if (p.json) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
    return unreadable > 0 ? 2 : errors > 0 ? 1 : 0;
  }

  if (p.command === 'explain' && p.files.length > 0 && p.hosts.length === 0 && p.files.every((f) => languageIdFor(f) === 'sysctl')) {
    return explainSysctl(p, settings, io);
  }

  if (p.command === 'explain' && p.files.length === 1 && languageIdFor(path.resolve(io.cwd, p.files[0])) === 'sshd_config') {
    if (p.hosts.length > 1) {
      io.stderr(`keepalive-lens: explain on an sshd_config takes at most one --host\n${USAGE}`);
      return 2;
    }
    const doc = open(p.files[0]);
    if (typeof doc === 'string') {
      io.stderr(`${doc}\n`);
      return 2;
    }
    return explainSshd({ json: p.json, host: p.hosts[0], ...p.conn }, doc, service, settings, io);
  }

  if (p.command === 'explain') {
    if (p.hosts.length !== 1 || p.files.length !== 1) {
      io.stderr(`keepalive-lens: explain needs exactly one --host NAME and one FILE\n${USAGE}`);
      return 2;
    }
    const doc = open(p.files[0]);
    if (typeof doc === 'string') {
      io.stderr(`${doc}\n`);
      return 2;
    }
    if (doc.languageId !== 'ssh_config') {
      io.stderr(`keepalive-lens: explain --host reads an ssh_config file; ${p.files[0]} is read as ${doc.languageId} (leave out --host)\n`);
      return 2;
    }
    const host = p.hosts[0];
    // ssh.c (OpenSSH 9.6, and distributions' security updates of older releases) refuses such names before reading any file.
    if (host.startsWith('-') || /['`"$\\;&<>|(){},\s\x00-\x1f\x7f]/.test(host)) {
      io.stderr(
        `keepalive-lens: ssh refuses the host name ${JSON.stringify(host)} ("hostname contains invalid characters"): it may not start with "-" or contain quotes, $, \\, ;, &, <, >, |, (, ), {, }, commas, spaces or control characters\n`,
      );
      return 1;
    }
    const analysis = service.analyzeSsh(doc);
    const res = analysis.resolve(host);
    const timeline = sshClientTimeline(res, settings, `host ${host}`, host);
    const valueFor = (key: string) => effective(res, key).value;
    return writeExplain({
      out: io.stdout,
      json: p.json,
      head: { host },
      keys: EXPLAIN_KEYS,
      valueFor,
      timeline,
      diags: service.diagnostics(doc),
      uri: doc.uri,
      refusal: 'ssh refuses to run',
    });
  }

  io.stderr(`keepalive-lens: unknown command ${p.command}\n${USAGE}`);
  return 2;
}

/** One line my_print_defaults writes to stderr while reading (without its program name), and where it comes from. */
export interface MycnfMessage {
  readonly message: string;
  readonly uri: string;
  /** 0-based. */
  readonly line: number;
  /** The error that stops the programs (MySQL's print one more line after it: the directive that failed). */
  readonly fatal?: boolean;
}

/** What the programs print on stderr while reading, in their order (the reader keeps them so). */
export function mycnfMessages(read: MycnfRead): MycnfMessage[] {
  return read.messages.map((m) => ({ message: m.message, uri: m.uri, line: m.span.line, ...(m === read.fatal ? { fatal: true } : {}) }));
}

/**
 * `explain --group G... OPTION_FILE`: what `my_print_defaults --defaults-file=OPTION_FILE G...` prints, from the reader
 * the editor uses, for the family whose programs read the file (--mysql-flavor, else the file's place, else the
 * installed client, as for check). Relative `!include` paths resolve against the working directory, as for the
 * programs. When the family is not known (both), MariaDB's reading is printed, and a note says so when MySQL's
 * programs read the file differently.
 */
function explainMycnf(p: Parsed, io: CliIo): number {
  const usage = (why: string) => {
    io.stderr(`keepalive-lens: ${why}\n${USAGE}`);
    return 2;
  };
  if (p.hosts.length > 0) return usage('explain takes --host (ssh_config) or --group (option files), not both');
  // The groups asked for, then those of each program named (as its --print-defaults reads them).
  const groups = [...p.groups];
  for (const name of p.programs) {
    const program = MYCNF_PROGRAM_NAMES.find((x) => x === name);
    if (!program) return usage(`--program takes one of ${MYCNF_PROGRAM_NAMES.join(', ')}, not ${name}`);
    for (const g of programGroups(program)) if (!groups.includes(g)) groups.push(g);
  }
  if (groups.length === 0)
    return usage('explain on an option file needs at least one --group G or --program P (the groups to print, as for my_print_defaults)');
  if (p.files.length !== 1) return usage('explain --group needs exactly one OPTION_FILE');
  const file = path.resolve(io.cwd, p.files[0]!);
  const uri = pathToUri(file);
  const shown = mycnfDisplayPath(uri);
  const env = createNodeEnvironment({ cwd: io.cwd });
  const settings = toSettings(p.raw, { detectSshVersion: () => undefined, localUser: () => '' });
  const { flavors } = mycnfFlavors(uri, settings, env);
  const words = MYCNF_WORDS[flavors[0]!];
  const where = (u: string, line: number) => ({ file: mycnfDisplayPath(u), line: line + 1 });
  const report = (read: MycnfRead | undefined, messages: readonly MycnfMessage[], other?: MycnfRead): number => {
    const entries = read ? mycnfGroupArgs(read, groups) : [];
    const fatal = messages.find((m) => m.fatal);
    // The other family's reading (only read when an `!include` path tells the families apart), when it gives the
    // programs something else: the cut path may name a file that is missing too, or one with the same options.
    const otherEntries = other ? mycnfGroupArgs(other, groups) : [];
    const args = (list: typeof entries) => list.map((e) => e.arg).join('\n');
    const differs = other !== undefined && (!other.fatal !== !read?.fatal || args(otherEntries) !== args(entries));
    if (p.json) {
      const options = (list: typeof entries) =>
        list.map((e) => ({ group: e.group, name: e.option.name, value: e.option.value ?? null, arg: e.arg, ...where(e.uri, e.line.line) }));
      const json = {
        file: shown,
        groups,
        options: options(entries),
        warnings: messages.filter((m) => !m.fatal).map((m) => ({ message: m.message, ...where(m.uri, m.line) })),
        ...(fatal ? { fatal: { message: fatal.message, ...where(fatal.uri, fatal.line) } } : {}),
        ...(read?.truncated ? { truncated: true } : {}),
        ...(differs
          ? {
              otherFamily: {
                flavor: other.flavor,
                options: options(otherEntries),
                ...(other.fatal ? { fatal: { message: other.fatal.message, ...where(other.fatal.uri, other.fatal.span.line) } } : {}),
              },
            }
          : {}),
      };
      io.stdout(`${JSON.stringify(json, null, 2)}\n`);
    } else {
      for (const e of entries) io.stdout(`${e.arg}\n`);
      for (const m of messages) io.stderr(`${m.message}\n`);
      if (differs) {
        const theirs = other.fatal ? `stop (${other.fatal.message})` : `get ${otherEntries.map((e) => e.arg).join(' ') || 'no options'}`;
        io.stderr(
          `keepalive-lens: MariaDB's and MySQL's programs read this file differently: the above is MariaDB's reading; MySQL's ${theirs} (--mysql-flavor mysql prints their reading)\n`,
        );
      }
    }
    return fatal ? 2 : 0;
  };
  // The file named is opened as the programs open it: a missing one is fatal, a world-writable one ignored.
  let st: fs.Stats;
  let text: string;
  try {
    st = fs.statSync(file);
    text = st.isDirectory() ? '' : fs.readFileSync(file, 'utf8');
  } catch {
    return report(undefined, [{ message: words.missingDefaultsFile(file), uri, line: 0, fatal: true }]);
  }
  if (st.isFile() && (st.mode & 0o002) !== 0) {
    return report(undefined, [{ message: words.worldWritable(file), uri, line: 0 }]);
  }
  const read = readMycnf(uri, text, env, flavors[0]);
  // Both families (not known whose): up to an `!include` path they take differently, one reading tells for both.
  const other = flavors[1] && !mycnfReadsAlike(read) ? readMycnf(uri, text, env, flavors[1]) : undefined;
  if (read.truncated) io.stderr(`keepalive-lens: stopped after reading too many included files; the list is incomplete\n`);
  return report(read, mycnfMessages(read), other);
}

/** `explain` for a set of sysctl files: exactly the files named, in systemd-sysctl's order. */
function explainSysctl(p: Parsed, settings: Settings, io: CliIo): number {
  const files: SysctlFileInput[] = [];
  for (const f of p.files) {
    const abs = path.resolve(io.cwd, f);
    try {
      files.push({ uri: pathToUri(abs), text: fs.readFileSync(abs, 'utf8') });
    } catch (e) {
      io.stderr(`keepalive-lens: cannot read ${f}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
      return 2;
    }
  }
  const set = analyzeSysctlSet(files, settings);
  const pathOf = (uri: string) => uriToPath(uri) ?? uri;
  const values: Record<string, unknown> = {};
  for (const [name, v] of set.values) {
    if (!v.winner) continue;
    values[name] = {
      value: v.winner.line.value?.raw ?? '',
      file: pathOf(v.winner.uri),
      line: v.winner.line.line + 1,
      ...(v.kernel !== undefined ? { kernel: v.kernel } : {}),
      ...(v.accepted !== undefined ? { accepted: v.accepted } : {}),
      ...(v.viaGlob ? { glob: v.winner.line.key?.raw } : {}),
      ...(v.cancelled ? { cancelled: true } : {}),
    };
  }
  for (const key of MODEL_KEYS) {
    if (values[key]) continue;
    const e = set.effective(key);
    values[key] = { value: String(e.value), kernel: String(e.value), source: 'default' };
  }
  const findings: Array<{ file: string; line: number; column: number; severity: string; code: string; message: string }> = [];
  const service = createLanguageService({ sysctlSet: () => files }, settings);
  for (const f of set.order.files) {
    const doc = TextDocument.create(f.uri, 'sysctl', 1, files.find((x) => x.uri === f.uri)?.text ?? '');
    for (const d of service.diagnostics(doc)) findings.push({ file: pathOf(f.uri), ...findingJson(d) });
  }
  const errors = findings.filter((f) => f.severity === 'error').length;
  if (p.json) {
    io.stdout(
      `${JSON.stringify(
        {
          dialect: 'sysctl',
          loader: 'systemd-sysctl',
          files: set.order.files.map((f) => pathOf(f.uri)),
          masked: set.order.masked.map((m) => ({ file: pathOf(m.file.uri), by: pathOf(m.by.uri) })),
          values,
          timeline: set.timeline,
          retransmission: { giveUpAfter: set.retransmission.giveUpAfter, formula: set.retransmission.formula },
          connect: { giveUpAfter: set.connect.giveUpAfter, formula: set.connect.formula },
          findings,
        },
        null,
        2,
      )}\n`,
    );
    return errors > 0 ? 1 : 0;
  }
  io.stdout('files, in load order (systemd-sysctl):\n');
  for (const f of set.order.files) io.stdout(`  ${pathOf(f.uri)}\n`);
  for (const m of set.order.masked) io.stdout(`  (${pathOf(m.file.uri)} is masked by ${pathOf(m.by.uri)})\n`);
  io.stdout('\neffective values:\n');
  for (const [name, v] of Object.entries(values) as Array<[string, { value: string; file?: string; line?: number; kernel?: string; accepted?: boolean }]>) {
    const from = v.file ? `${v.file}:${v.line}` : 'kernel default';
    const shown = v.accepted === false ? `${v.value} (rejected by the kernel: stays ${v.kernel})` : (v.kernel ?? v.value).replace(/\t/g, ' ');
    io.stdout(`  ${name} = ${shown}  (${from})\n`);
  }
  io.stdout(`\n${timelineText(set.timeline, '')}\n`);
  for (const f of findings.filter((x) => x.severity === 'error')) io.stdout(`\nerror ${f.code} ${f.file}:${f.line}: ${f.message}`);
  if (errors) io.stdout('\n');
  return errors > 0 ? 1 : 0;
}

if (require.main === module) {
  // A reader that stops early (`| head`) closes the pipe: stop writing quietly, as other tools do.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(process.exitCode ?? 0);
  });
  runCli(process.argv.slice(2), {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    cwd: process.cwd(),
    env: process.env,
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`keepalive-lens: ${(e as Error).stack ?? e}\n`);
      process.exitCode = 2;
    },
  );
}
