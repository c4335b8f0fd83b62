/**
 * startServer: documents, settings, capabilities and one-line handlers over the service.
 * Transport-agnostic: node/main.ts creates the connection.
 */
import {
  CodeActionKind,
  type Connection,
  DidChangeConfigurationNotification,
  type InitializeParams,
  type InitializeResult,
  MessageType,
  ShowMessageNotification,
  TextDocumentSyncKind,
  TextDocuments,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService, type Environment, SHOW_TIMELINE } from './service';
import { type RawSettings, type SettingsRuntime, toSettings } from './settings';

/** The service's environment, with what the server alone decides: when facts found on disk are stale. */
export interface ServerEnvironment extends Environment {
  /** Drop what was found on disk and kept (the workspace's server configs): watched files or the folders changed. */
  forget?(): void;
}

export interface ServerRuntime extends SettingsRuntime {
  /**
   * Builds the environment; `openText` gives the editor's text of open documents, `workspaceFolders` the uris of
   * the workspace folders (searched for server configs).
   */
  environment(openText: (uri: string) => string | undefined, workspaceFolders: () => readonly string[]): ServerEnvironment;
}

/**
 * Which open documents read a document of each language, so must be analysed again when it changes: the other files
 * of a sysctl set, option files through `!include`, ssh_config and sshd_config files through `Include`, and every
 * ssh_config through the workspace's server config (its lenses say which end gives up first).
 */
const READERS: Readonly<Record<string, readonly string[]>> = {
  sysctl: ['sysctl'],
  mycnf: ['mycnf'],
  ssh_config: ['ssh_config'],
  sshd_config: ['sshd_config', 'ssh_config'],
};

export function startServer(connection: Connection, runtime: ServerRuntime): void {
  const documents = new TextDocuments(TextDocument);
  let folders: readonly string[] = [];
  const openText = (uri: string) => documents.get(uri)?.getText();
  const env = runtime.environment(openText, () => folders);
  const service = createLanguageService(env);
  let pullConfiguration = false;
  let registerConfiguration = false;
  let clientShowsTimeline = false;
  /** The client sends workspace folder changes. */
  let watchFolders = false;
  const timers = new Map<string, NodeJS.Timeout>();

  /** One failing request must never take the server down. */
  function safe<P extends unknown[], R>(name: string, fallback: R, fn: (...args: P) => R): (...args: P) => R {
    return (...args: P) => {
      try {
        return fn(...args);
      } catch (e) {
        connection.console.error(`keepalive-lens: ${name} failed: ${(e as Error).stack ?? e}`);
        return fallback;
      }
    };
  }

  const supported = (uri: string) => {
    const doc = documents.get(uri);
    return doc && service.supports(doc) ? doc : undefined;
  };

  const published = new Map<string, number>();
  const publish = safe('diagnostics', undefined, (doc: TextDocument, force = false) => {
    if (!service.supports(doc)) return;
    if (!force && published.get(doc.uri) === doc.version) return;
    published.set(doc.uri, doc.version);
    void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: service.diagnostics(doc) });
  });

  const schedule = (doc: TextDocument) => {
    clearTimeout(timers.get(doc.uri));
    timers.set(
      doc.uri,
      setTimeout(() => {
        timers.delete(doc.uri);
        publish(doc);
        // Other open documents may read its text (READERS).
        refreshSiblings(doc);
      }, 100),
    );
  };

  /**
   * Republishes the other open documents that read this one's text (READERS). Only the text changed, not the files on
   * disk: the analyses are dropped, what the environment found on disk is kept.
   */
  const refreshSiblings = (changed: TextDocument) => {
    const readers = READERS[changed.languageId] ?? [];
    const others = documents.all().filter((d) => readers.includes(d.languageId) && d.uri !== changed.uri);
    if (others.length === 0) return;
    service.invalidate();
    for (const d of others) publish(d, true);
    void connection.languages.inlayHint.refresh().catch(() => undefined);
    void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
  };

  /** Settings, watched files or workspace folders changed: everything is analysed again, the disk looked at again. */
  const refreshAll = () => {
    env.forget?.();
    service.invalidate();
    for (const doc of documents.all()) publish(doc, true);
    void connection.languages.inlayHint.refresh().catch(() => undefined);
    void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
  };

  const loadSettings = async () => {
    let raw: RawSettings | undefined;
    if (pullConfiguration) {
      try {
        raw = (await connection.workspace.getConfiguration('keepaliveLens')) as RawSettings;
      } catch {
        raw = undefined;
      }
    }
    service.configure(toSettings(raw, runtime));
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    pullConfiguration = !!params.capabilities.workspace?.configuration;
    // Only a client that says it takes dynamic registration gets one (eglot and Neovim 0.7 warn otherwise;
    // they send the notification anyway).
    registerConfiguration = !!params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration;
    watchFolders = !!params.capabilities.workspace?.workspaceFolders;
    folders = params.workspaceFolders ? params.workspaceFolders.map((f) => f.uri) : params.rootUri ? [params.rootUri] : [];
    const opts = params.initializationOptions as { timelineView?: boolean; settings?: RawSettings } | undefined;
    clientShowsTimeline = opts?.timelineView === true;
    service.configure(toSettings(opts?.settings, runtime));
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        codeLensProvider: { resolveProvider: false },
        inlayHintProvider: { resolveProvider: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        completionProvider: { triggerCharacters: [' ', '=', '['] },
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        executeCommandProvider: { commands: [SHOW_TIMELINE] },
        ...(watchFolders ? { workspace: { workspaceFolders: { supported: true, changeNotifications: true } } } : {}),
      },
      serverInfo: { name: 'keepalive-language-server', version: '0.1.0' },
    };
  });

  connection.onInitialized(async () => {
    if (watchFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        const removed = new Set(e.removed.map((f) => f.uri));
        folders = [...folders.filter((f) => !removed.has(f)), ...e.added.map((f) => f.uri)];
        refreshAll();
      });
    }
    if (pullConfiguration) {
      if (registerConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'keepaliveLens' }).catch(() => undefined);
      await loadSettings();
      refreshAll();
    }
  });

  connection.onDidChangeConfiguration(async (change) => {
    if (pullConfiguration) await loadSettings();
    else service.configure(toSettings((change.settings as { keepaliveLens?: RawSettings } | undefined)?.keepaliveLens, runtime));
    refreshAll();
  });
  connection.onDidChangeWatchedFiles(() => refreshAll());

  documents.onDidOpen((e) => {
    publish(e.document);
    // An opened file's unsaved text now counts for the documents that read it.
    refreshSiblings(e.document);
  });
  documents.onDidChangeContent((e) => schedule(e.document));
  documents.onDidClose((e) => {
    clearTimeout(timers.get(e.document.uri));
    published.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
    refreshSiblings(e.document);
  });

  connection.onHover(
    safe('hover', null, (p) => {
      const d = supported(p.textDocument.uri);
      return d ? service.hover(d, p.position) : null;
    }),
  );
  connection.onCodeLens(
    safe('codeLens', [], (p) => {
      const d = supported(p.textDocument.uri);
      return d ? service.codeLens(d) : [];
    }),
  );
  connection.languages.inlayHint.on(
    safe('inlayHint', [], (p) => {
      const d = supported(p.textDocument.uri);
      return d ? service.inlayHints(d, p.range) : [];
    }),
  );
  connection.onCodeAction(
    safe('codeAction', [], (p) => {
      const d = supported(p.textDocument.uri);
      return d ? service.codeActions(d, p.range, p.context.diagnostics) : [];
    }),
  );
  connection.onCompletion(
    safe('completion', null, (p) => {
      const d = supported(p.textDocument.uri);
      return d ? service.completion(d, p.position) : null;
    }),
  );
  connection.onDocumentSymbol(
    safe('documentSymbol', [], (p) => {
      const d = supported(p.textDocument.uri);
      return d ? service.documentSymbols(d) : [];
    }),
  );
  connection.onFoldingRanges(
    safe('foldingRange', [], (p) => {
      const d = supported(p.textDocument.uri);
      return d ? service.foldingRanges(d) : [];
    }),
  );
  connection.onExecuteCommand(
    safe('executeCommand', null, (p) => {
      if (p.command !== SHOW_TIMELINE) return null;
      const [uri, line] = (p.arguments ?? []) as [string, number];
      const d = supported(uri);
      if (!d || typeof line !== 'number') return null;
      const markdown = service.timeline(d, line, 'markdown');
      const text = service.timeline(d, line, 'text');
      // A notification, not window/showMessageRequest: it needs no answer from the client.
      if (!clientShowsTimeline && text) void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message: text });
      return markdown ? { markdown, text } : null;
    }),
  );

  documents.listen(connection);
  connection.listen();
}
