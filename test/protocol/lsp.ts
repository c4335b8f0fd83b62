/**
 * Test helpers for the protocol tests: build the bundle when it is stale, spawn
 * `node dist/server.js --stdio` and drive it with vscode-languageserver-protocol's own
 * JSON-RPC client. Not a test file (the runner globs `*.test.ts`).
 */
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  type ClientCapabilities,
  type CodeAction,
  CodeActionRequest,
  createProtocolConnection,
  type Diagnostic,
  DidOpenTextDocumentNotification,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  type InitializeResult,
  LogMessageNotification,
  type LogMessageParams,
  type MarkupContent,
  type ProtocolConnection,
  PublishDiagnosticsNotification,
  type PublishDiagnosticsParams,
  type Range,
  ShowMessageNotification,
  type ShowMessageParams,
  ShowMessageRequest,
  type ShowMessageRequestParams,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileUri } from '../fixtures';

export { README, tempTree } from '../fixtures';

export const ROOT = path.resolve(__dirname, '..', '..');
export const SERVER_JS = path.join(ROOT, 'dist', 'server.js');
export const CLI_JS = path.join(ROOT, 'dist', 'cli.js');

/** How long any awaited server event may take before the test fails. */
export const EVENT_TIMEOUT_MS = 5000;

/** The command every CodeLens runs. */
export const SHOW_TIMELINE = 'keepaliveLens.showTimeline';

/** An LSP range, and a range on one line. */
export const range = (line: number, start: number, endLine: number, end: number) => ({
  start: { line, character: start },
  end: { line: endLine, character: end },
});
export const span = (line: number, start: number, end: number) => range(line, start, line, end);

/** The file: uri of a path relative to a tree (tempTree). */
export const uriOf = (root: string, rel: string) => fileUri(path.join(root, rel));

/** `text` (the document at `uri`) after a code action's edits, as a client applies them; an action with none fails. */
export function applyAction(text: string, uri: string, action: CodeAction): string {
  const edits = action.edit?.changes?.[uri];
  if (!edits) throw new Error(`the code action "${action.title}" has no edit of ${uri}`);
  return TextDocument.applyEdits(TextDocument.create(uri, 'plaintext', 1, text), edits);
}

/** The most recently modified file under `dir`. */
function newestFile(dir: string): { file: string; mtime: number } {
  let newest = { file: dir, mtime: 0 };
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    const cand = e.isDirectory() ? newestFile(p) : e.isFile() ? { file: p, mtime: fs.statSync(p).mtimeMs } : newest;
    if (cand.mtime > newest.mtime) newest = cand;
  }
  return newest;
}

/** Why dist/server.js or dist/cli.js needs building (missing, or older than a source), or undefined when both are current. */
export function staleBundle(): string | undefined {
  let newest = newestFile(path.join(ROOT, 'server', 'src'));
  const build = path.join(ROOT, 'esbuild.mjs');
  if (fs.statSync(build).mtimeMs > newest.mtime) newest = { file: build, mtime: fs.statSync(build).mtimeMs };
  for (const out of [SERVER_JS, CLI_JS]) {
    if (!fs.existsSync(out)) return `${path.relative(ROOT, out)} is missing`;
    if (fs.statSync(out).mtimeMs < newest.mtime) return `${path.relative(ROOT, out)} is older than ${path.relative(ROOT, newest.file)}`;
  }
  return undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs `node esbuild.mjs` when dist/server.js or dist/cli.js is missing or older than the
 * sources. Test files run in parallel processes, so the build is serialised with a lock
 * directory (mkdir is atomic); the second process finds the bundle fresh and skips it.
 */
export async function ensureBundle(): Promise<void> {
  const lock = path.join(os.tmpdir(), `keepalive-lens-protocol-build-${createHash('sha1').update(ROOT).digest('hex').slice(0, 12)}.lock`);
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      // A lock older than two minutes belongs to a process that died.
      try {
        if (Date.now() - fs.statSync(lock).mtimeMs > 120_000) fs.rmdirSync(lock);
      } catch {
        /* gone meanwhile */
      }
      if (Date.now() > deadline) throw new Error(`could not take the build lock ${lock}`);
      await sleep(100);
    }
  }
  try {
    if (staleBundle()) {
      const r = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`node esbuild.mjs failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
    }
  } finally {
    fs.rmdirSync(lock);
  }
  if (!fs.existsSync(SERVER_JS)) throw new Error(`${SERVER_JS} missing after the build`);
}

/** A promise that rejects with `message` when it does not settle within `ms`. */
export function withTimeout<T>(p: Promise<T>, message: string, ms = EVENT_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${message}`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

export interface StartOptions {
  /** initializationOptions sent with initialize. */
  initializationOptions?: unknown;
  /** The program and arguments to spawn; default `node dist/server.js --stdio`. */
  command?: readonly string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Answer window/showMessageRequest (default true). */
  answerShowMessageRequest?: boolean;
  /** The workspace folders sent with initialize (default none). */
  workspaceFolders?: Array<{ uri: string; name: string }>;
}

/** The capabilities our client claims: no workspace.configuration, so the server keeps the defaults. */
export const CLIENT_CAPABILITIES: ClientCapabilities = {
  textDocument: {
    synchronization: { dynamicRegistration: false },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    publishDiagnostics: { relatedInformation: true, tagSupport: { valueSet: [1, 2] }, codeDescriptionSupport: true, dataSupport: true, versionSupport: true },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } }, isPreferredSupport: true, dataSupport: true },
    codeLens: {},
    inlayHint: {},
    completion: { completionItem: { documentationFormat: ['markdown', 'plaintext'] } },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
    foldingRange: {},
  },
  window: { showMessage: {} },
};

type DiagnosticsWaiter = { uri: string; accept: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void };

export class LspSession {
  readonly diagnostics: PublishDiagnosticsParams[] = [];
  readonly logs: LogMessageParams[] = [];
  readonly showMessages: ShowMessageParams[] = [];
  readonly showMessageRequests: ShowMessageRequestParams[] = [];
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  initializeResult!: InitializeResult;
  private readonly waiters = new Set<DiagnosticsWaiter>();
  private readonly messageWaiters = new Set<() => void>();

  private constructor(
    readonly child: ChildProcessWithoutNullStreams,
    readonly conn: ProtocolConnection,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  static async start(opts: StartOptions = {}): Promise<LspSession> {
    const [program, ...args] = opts.command ?? [process.execPath, SERVER_JS, '--stdio'];
    const child = spawn(program, args, { cwd: opts.cwd ?? ROOT, env: opts.env ?? process.env, stdio: 'pipe' });
    const conn = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const s = new LspSession(child, conn);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      s.stderr += d;
    });
    // Writing to a server that died must fail the test through its assertions, not crash the runner.
    child.stdin.on('error', () => undefined);
    conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
      s.diagnostics.push(p);
      for (const w of [...s.waiters]) {
        if (w.uri === p.uri && w.accept(p)) {
          s.waiters.delete(w);
          w.resolve(p);
        }
      }
    });
    conn.onNotification(LogMessageNotification.type, (p) => {
      s.logs.push(p);
    });
    conn.onNotification(ShowMessageNotification.type, (p) => {
      s.showMessages.push(p);
      s.notifyMessage();
    });
    if (opts.answerShowMessageRequest !== false) {
      conn.onRequest(ShowMessageRequest.type, (p) => {
        s.showMessageRequests.push(p);
        s.notifyMessage();
        return null;
      });
    }
    conn.listen();
    s.initializeResult = await withTimeout(
      conn.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        rootUri: null,
        capabilities: CLIENT_CAPABILITIES,
        initializationOptions: opts.initializationOptions,
        workspaceFolders: opts.workspaceFolders ?? null,
      }),
      `initialize (server stderr: ${s.stderr})`,
    );
    await conn.sendNotification(InitializedNotification.type, {});
    return s;
  }

  private notifyMessage(): void {
    for (const w of [...this.messageWaiters]) w();
  }

  /**
   * The next publishDiagnostics for `uri` (that `accept` takes), counted from now: call it
   * before sending what triggers the publication.
   */
  nextDiagnostics(uri: string, accept: (p: PublishDiagnosticsParams) => boolean = () => true, ms = EVENT_TIMEOUT_MS): Promise<PublishDiagnosticsParams> {
    let waiter!: DiagnosticsWaiter;
    const p = new Promise<PublishDiagnosticsParams>((resolve) => {
      waiter = { uri, accept, resolve };
      this.waiters.add(waiter);
    });
    return withTimeout(p, `no textDocument/publishDiagnostics for ${uri} arrived`, ms).finally(() => this.waiters.delete(waiter));
  }

  /** Resolves when a window/showMessage or window/showMessageRequest satisfying `test` has arrived. */
  waitForMessage(test: () => boolean, what: string): Promise<void> {
    if (test()) return Promise.resolve();
    let listener!: () => void;
    const p = new Promise<void>((resolve) => {
      listener = () => {
        if (test()) resolve();
      };
      this.messageWaiters.add(listener);
    });
    return withTimeout(p, what).finally(() => this.messageWaiters.delete(listener));
  }

  /** didOpen, resolving with the first diagnostics published for it (ssh_config documents only). */
  async open(uri: string, text: string, languageId = 'ssh_config', version = 1): Promise<PublishDiagnosticsParams> {
    const published = this.nextDiagnostics(uri, (p) => p.version === version);
    await this.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version, text } });
    return published;
  }

  /**
   * textDocument/hover at a position, which must answer with markdown: its range and its sections (the server
   * separates them with a rule: keyword and effective value, documentation, timeline).
   */
  async hoverSections(uri: string, position: { line: number; character: number }): Promise<{ range: Range | undefined; sections: string[] }> {
    const h = await this.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
    if (!h) throw new Error(`no hover at ${JSON.stringify(position)} of ${uri}`);
    const c = h.contents as MarkupContent;
    if (c.kind !== 'markdown') throw new Error(`the hover at ${JSON.stringify(position)} of ${uri} is not markdown: ${JSON.stringify(h.contents)}`);
    return { range: h.range, sections: c.value.split('\n\n---\n\n') };
  }

  /** textDocument/codeAction for one diagnostic at its range, as a client asks when the cursor is on it. */
  async codeActions(uri: string, diagnostic: Diagnostic): Promise<CodeAction[]> {
    const actions = await this.conn.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
    return (actions ?? []) as CodeAction[];
  }

  /** Errors the server logged through window/logMessage (the `safe()` wrapper logs caught exceptions). */
  errorLogs(): string[] {
    return this.logs.filter((l) => l.type === 1).map((l) => l.message);
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** shutdown + exit; resolves with the exit status. */
  async shutdown(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    await withTimeout(this.conn.sendRequest(ShutdownRequest.type), 'shutdown request unanswered');
    await this.conn.sendNotification(ExitNotification.type);
    const status = await withTimeout(this.exited, 'server did not exit after the exit notification');
    this.conn.dispose();
    return status;
  }

  /** Last resort for a test that failed half-way. */
  kill(): void {
    if (this.alive) this.child.kill('SIGKILL');
    this.conn.dispose();
  }
}
