/**
 * The service's window on the machine: reading Include targets the way ssh does, finding
 * the installed OpenSSH release, and the local user. Only the server and the CLI use it.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { languageIdFor } from '../service';
import { SYSCTL_DIRECTORIES } from '../service/analysis/sysctl/loadOrder';
import type { Environment, IncludedFile, IncludeResult, MycnfIncludeResult, MycnfOsError, MycnfSkippedFile } from '../service/analysis/types';
import { matchPattern } from '../service/model/patterns';
import { parseSshBanner, type Version } from '../service/model/version';

export function uriToPath(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}

export function pathToUri(p: string): string {
  return pathToFileURL(p).toString();
}

/** The home directory ssh would use for this file: the parent of its `.ssh` folder, else ours. */
export function homeFor(filePath: string | undefined): string {
  const m = filePath ? /^(.*)\/\.ssh(\/|$)/.exec(filePath) : null;
  return m ? m[1] || '/' : os.homedir();
}

/**
 * The groups of a local user as sshd's `Match Group` sees them (getpwnam, then getgrouplist): the
 * primary group from /etc/passwd and every /etc/group entry listing the user. No user: no groups.
 */
export function userGroups(user: string): string[] {
  try {
    const passwd = fs
      .readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .map((l) => l.split(':'));
    const me = passwd.find((f) => f[0] === user);
    if (!me) return [];
    const out: string[] = [];
    for (const g of fs.readFileSync('/etc/group', 'utf8').split('\n')) {
      const f = g.split(':');
      if (f.length < 4) continue;
      if (f[2] === me[3] || f[3].split(',').includes(user)) out.push(f[0]);
    }
    return out;
  } catch {
    return [];
  }
}

const WILD = /[*?[]/;

/** glob(3) over `*` and `?` per path segment, in lexical (strcmp) order; dot files only for dot patterns. */
export function globPaths(pattern: string): string[] {
  if (!WILD.test(pattern)) return fs.existsSync(pattern) ? [pattern] : [];
  const parts = pattern.split('/');
  let bases = [parts[0] === '' ? '/' : parts[0]];
  for (let i = 1; i < parts.length; i++) {
    const seg = parts[i];
    if (seg === '') continue;
    const next: string[] = [];
    for (const base of bases) {
      if (!WILD.test(seg)) {
        const p = path.join(base, seg);
        if (fs.existsSync(p)) next.push(p);
        continue;
      }
      let entries: string[];
      try {
        entries = fs.readdirSync(base);
      } catch {
        continue;
      }
      for (const e of entries) {
        if (e.startsWith('.') && !seg.startsWith('.')) continue;
        if (matchPattern(e, seg)) next.push(path.join(base, e));
      }
    }
    bases = next;
  }
  return bases.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export interface NodeEnvironmentOptions {
  /** Overrides for files the editor has open (their unsaved text wins over the disk). */
  readonly openText?: (uri: string) => string | undefined;
  /**
   * The working directory relative `!include` paths of option files resolve against (the CLI's own, as for
   * my_print_defaults). Without it, a relative path is not followed: the editor cannot know where the program runs.
   */
  readonly cwd?: string;
  /** The environment `${NAME}` in Include paths reads (OpenSSH 9.9 and later); process.env when absent. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The workspace folders (uris) searched for server configs: the language server's. */
  readonly workspaceFolders?: () => readonly string[];
  /** The server configs (paths) to use instead of searching: the CLI's arguments. */
  readonly serverConfigFiles?: () => readonly string[];
}

/** strerror's text (glibc) for the errors reading an option file can meet. */
const STRERROR: Readonly<Record<string, string>> = {
  ENOENT: 'No such file or directory',
  EACCES: 'Permission denied',
  EPERM: 'Operation not permitted',
  ENOTDIR: 'Not a directory',
  EISDIR: 'Is a directory',
  ELOOP: 'Too many levels of symbolic links',
  ENAMETOOLONG: 'File name too long',
  EIO: 'Input/output error',
  EMFILE: 'Too many open files',
};

/** A Node error as the programs report it (errno 2, `No such file or directory`). */
function osError(e: unknown): MycnfOsError {
  const code = (e as NodeJS.ErrnoException).code ?? '';
  const errno = (os.constants.errno as Record<string, number | undefined>)[code] ?? Math.abs((e as NodeJS.ErrnoException).errno ?? 0);
  return { errno, text: STRERROR[code] ?? code };
}

/**
 * `!include` / `!includedir` as search_default_file_with_ext reads them (mysys/my_default.c in MariaDB,
 * my_default.cc in MySQL): `!include` expands `~/`, reads nothing from a directory, and skips a missing or
 * unreadable file or a world-writable one (`skipped` says which); `!includedir` takes the path as written, reads every
 * name ending in `.cnf` in byte order (`order` has the files read and the ones skipped), and cannot go on when the
 * directory cannot be read (`dirError`). Facts only: the analysis words them as each family's programs do.
 */
export function readMycnfInclude(kind: 'include' | 'includedir', arg: string, options: NodeEnvironmentOptions = {}): MycnfIncludeResult {
  let p = arg;
  // `~` alone is not expanded: it names a file called ~ (measured with both families).
  if (kind === 'include' && p.startsWith('~/')) p = os.homedir() + p.slice(1);
  if (!path.isAbsolute(p)) {
    // The programs resolve it against their working directory, which the editor cannot know.
    if (options.cwd === undefined) return { files: [], relative: true };
    p = path.resolve(options.cwd, p);
  }
  // The programs name a file by the path they opened: as written, or the directory as written plus the name.
  const readOne = (file: string, shown: string): IncludedFile | MycnfSkippedFile | 'directory' => {
    let st: fs.Stats;
    try {
      st = fs.statSync(file);
    } catch (e) {
      return { name: shown, failed: { step: 'stat', error: osError(e) } };
    }
    if (st.isDirectory()) return 'directory';
    if (st.isFile() && (st.mode & 0o002) !== 0) return { name: shown, worldWritable: true };
    const uri = pathToUri(file);
    try {
      return { uri, text: options.openText?.(uri) ?? fs.readFileSync(file, 'utf8'), ...(shown !== file ? { name: shown } : {}) };
    } catch (e) {
      return { name: shown, failed: { step: 'open', error: osError(e) } };
    }
  };
  if (kind === 'include') {
    const r = readOne(p, slashes(arg.startsWith('~/') ? p : arg));
    return r === 'directory' ? { files: [], directory: true } : 'uri' in r ? { files: [r] } : { files: [], skipped: r };
  }
  let names: string[];
  try {
    names = fs.readdirSync(p);
  } catch (e) {
    return { files: [], dirError: osError(e) };
  }
  const files: IncludedFile[] = [];
  // The programs warn about each world-writable file when they reach it; a directory named *.cnf they pass by.
  const order: Array<IncludedFile | MycnfSkippedFile> = [];
  for (const name of names.filter((n) => n.slice(n.lastIndexOf('.')) === '.cnf' && n.includes('.')).sort(byBytes)) {
    const r = readOne(path.join(p, name), slashes(`${arg}/${name}`));
    if (r === 'directory') continue;
    order.push(r);
    if ('uri' in r) files.push(r);
  }
  return { files, order };
}

/** fn_format's cleanup: the programs name `a//b` as `a/b`. */
const slashes = (p: string) => p.replace(/\/{2,}/g, '/');

const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** The service's environment on this machine, and the one fact it keeps between analyses. */
export interface NodeEnvironment extends Environment {
  /**
   * Drop the server configs found under the workspace folders (the server calls it when watched files or the
   * folders change; a text edit never does: open documents' text is asked for on every reading).
   */
  forget(): void;
}

export function createNodeEnvironment(options: NodeEnvironmentOptions = {}): NodeEnvironment {
  const uid = typeof process.getuid === 'function' ? process.getuid() : 0;
  let walked: { key: string; files: string[] } | undefined;
  return {
    installedMysqlFlavor: installedMysqlFlavorOnce,
    resolveInclude(arg: string, fromUri: string, userConfig: boolean): IncludeResult {
      const from = uriToPath(fromUri);
      const home = homeFor(from);
      let p = arg;
      if (p.startsWith('~')) {
        if (!userConfig) return { files: [], problem: `bad include path ${p}: system configuration files may not use ~` };
        p = p === '~' || p.startsWith('~/') ? home + p.slice(1) : p;
      } else if (!path.isAbsolute(p)) {
        p = userConfig ? path.join(home, '.ssh', p) : path.join('/etc/ssh', p);
      }
      const files: Array<{ uri: string; text: string }> = [];
      let problem: string | undefined;
      for (const file of globPaths(p)) {
        let st: fs.Stats;
        try {
          st = fs.statSync(file);
        } catch {
          continue;
        }
        if (!st.isFile()) continue;
        if ((st.uid !== 0 && st.uid !== uid) || (st.mode & 0o22) !== 0) {
          problem ??= `Bad owner or permissions on ${file}: ssh refuses to run (the file must not be writable by group or others).`;
        }
        const uri = pathToUri(file);
        const open = options.openText?.(uri);
        try {
          files.push({ uri, text: open ?? fs.readFileSync(file, 'utf8') });
        } catch (e) {
          problem ??= `Can't open user config file ${file}: ${(e as Error).message}`;
        }
      }
      return { files, problem };
    },
    local: () => {
      const info = os.userInfo();
      return { user: info.username, home: info.homedir, uid: String(info.uid), hostname: os.hostname() };
    },
    getenv: (name) => (options.env ?? process.env)[name],
    sysctlSet: (uri) => sysctlSetFor(uri, options.openText),
    mycnfInclude: (kind, arg) => readMycnfInclude(kind, arg, options),
    serverConfigs: () => {
      let files = options.serverConfigFiles?.();
      if (!files) {
        // The walk is kept until forget() (a watched file or the workspace folders changed), not repeated on every
        // edit of an ssh_config; the files themselves are read each time (open text first).
        const folders = (options.workspaceFolders?.() ?? []).flatMap((u) => uriToPath(u) ?? []);
        const key = folders.join('\0');
        if (walked?.key !== key) walked = { key, files: findServerConfigs(folders) };
        files = walked.files;
      }
      return readFiles(files, options.openText);
    },
    forget: () => {
      walked = undefined;
    },
  };
}

/** Directories the search for server configs never enters. */
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', 'dist']);

/**
 * The sshd_config files under the folders (names as the `sshd_config` language has them), sorted, each once (workspace
 * folders may nest): a bounded walk, at most `maxDepth` levels down and `maxDirectories` directories in all, that
 * follows no symbolic link.
 */
export function findServerConfigs(folders: readonly string[], maxDepth = 6, maxDirectories = 300): string[] {
  const out: string[] = [];
  const queue = folders.map((dir) => ({ dir, depth: 0 }));
  let visited = 0;
  while (queue.length > 0 && visited < maxDirectories) {
    const { dir, depth } = queue.shift()!;
    visited++;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (depth < maxDepth && !SKIPPED_DIRECTORIES.has(e.name)) queue.push({ dir: p, depth: depth + 1 });
      } else if (e.isFile() && languageIdFor(p) === 'sshd_config') out.push(p);
    }
  }
  return [...new Set(out)].sort();
}

/** The files' text, an open document's over the disk's; unreadable files are left out. */
function readFiles(files: readonly string[], openText?: (uri: string) => string | undefined): IncludedFile[] {
  const out: IncludedFile[] = [];
  for (const file of files) {
    const uri = pathToUri(file);
    try {
      out.push({ uri, text: openText?.(uri) ?? fs.readFileSync(file, 'utf8') });
    } catch {
      // Gone or unreadable since it was listed.
    }
  }
  return out;
}

/** The root a sysctl file's directories hang from (`/` for /etc/sysctl.d/x.conf), if any. */
function sysctlRoot(file: string): string | undefined {
  const dir = path.dirname(file);
  if (path.basename(file) === 'sysctl.conf' && path.basename(dir) === 'etc') return path.dirname(dir);
  for (const d of SYSCTL_DIRECTORIES) if (dir.endsWith(`/${d}`)) return dir.slice(0, dir.length - d.length - 1) || '/';
  return undefined;
}

function confFiles(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir)
      .filter((e) => e.endsWith('.conf'))
      .sort()
      .map((e) => path.join(dir, e));
  } catch {
    return [];
  }
}

/**
 * The files systemd-sysctl would read together with this one: every `*.conf` of the sysctl.d
 * directories under the same root, plus etc/sysctl.conf (unless 99-sysctl.conf links to it).
 * A file in a `sysctl.d` directory of its own goes with its siblings; any other file is alone.
 * Open documents' text wins over the disk.
 */
export function sysctlSetFor(uri: string, openText?: (uri: string) => string | undefined): IncludedFile[] {
  const file = uriToPath(uri);
  if (!file) return [];
  const root = sysctlRoot(file);
  let candidates: string[];
  if (root !== undefined) {
    candidates = SYSCTL_DIRECTORIES.flatMap((d) => confFiles(path.join(root, d)));
    candidates.push(path.join(root, 'etc', 'sysctl.conf'));
  } else if (path.basename(path.dirname(file)) === 'sysctl.d') {
    candidates = confFiles(path.dirname(file));
  } else return [];
  const real = (p: string) => {
    try {
      return fs.realpathSync(p);
    } catch {
      return p;
    }
  };
  const seen = new Set<string>([real(file)]);
  const out: IncludedFile[] = [];
  for (const c of candidates) {
    const r = real(c);
    if (seen.has(r)) continue;
    seen.add(r);
    const cUri = pathToUri(c);
    const open = openText?.(cUri);
    if (open !== undefined) {
      out.push({ uri: cUri, text: open });
      continue;
    }
    try {
      if (!fs.statSync(c).isFile()) continue;
      out.push({ uri: cUri, text: fs.readFileSync(c, 'utf8') });
    } catch {
      // Unreadable files are left out: the loader would skip them too.
    }
  }
  return out;
}

/** The installed OpenSSH release, from `ssh -V` (it prints to stderr). */
export function detectSshVersion(): Version | undefined {
  try {
    const r = spawnSync('ssh', ['-V'], { encoding: 'utf8', timeout: 3000 });
    return parseSshBanner(`${r.stderr ?? ''}${r.stdout ?? ''}`);
  } catch {
    return undefined;
  }
}

/**
 * Whose MySQL-family client is installed: MariaDB's (`mariadb --version`, or a `mysql --version` that names
 * MariaDB) or MySQL's (`mysql --version` without it); undefined when neither runs.
 */
let installedFlavor: { value: 'mariadb' | 'mysql' | undefined } | undefined;

/** detectMysqlFlavor, asked once per process (the first option file analysed with flavor `auto`). */
function installedMysqlFlavorOnce(): 'mariadb' | 'mysql' | undefined {
  installedFlavor ??= { value: detectMysqlFlavor() };
  return installedFlavor.value;
}

export function detectMysqlFlavor(): 'mariadb' | 'mysql' | undefined {
  const version = (cmd: string) => {
    try {
      const r = spawnSync(cmd, ['--version'], { encoding: 'utf8', timeout: 3000 });
      return r.status === 0 ? `${r.stdout ?? ''}` : undefined;
    } catch {
      return undefined;
    }
  };
  if (version('mariadb') !== undefined) return 'mariadb';
  const mysql = version('mysql');
  if (mysql === undefined) return undefined;
  return /mariadb/i.test(mysql) ? 'mariadb' : /\bVer\s+\d/.test(mysql) ? 'mysql' : undefined;
}

export function localUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? 'user';
  }
}
