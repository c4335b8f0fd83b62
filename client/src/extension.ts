/**
 * The VS Code side: starts the language server and shows the timeline a CodeLens points
 * at. It knows nothing about configuration files; the server does all of that.
 */
import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions, type ServerOptions, TransportKind } from 'vscode-languageclient/node';

const SHOW_TIMELINE = 'keepaliveLens.showTimeline';
const TIMELINE_SCHEME = 'keepalive-lens-timeline';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };

  // Timelines open as read-only markdown documents, rendered by the built-in preview.
  const timelines = new Map<string, string>();
  const changed = new vscode.EventEmitter<vscode.Uri>();
  context.subscriptions.push(
    changed,
    vscode.workspace.registerTextDocumentContentProvider(TIMELINE_SCHEME, {
      onDidChange: changed.event,
      provideTextDocumentContent: (uri) => timelines.get(uri.toString()) ?? '',
    }),
  );

  const output = vscode.window.createOutputChannel('Keepalive Lens', { log: true });
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: 'ssh_config', scheme: 'file' },
      { language: 'ssh_config', scheme: 'untitled' },
      { language: 'sshd_config', scheme: 'file' },
      { language: 'sshd_config', scheme: 'untitled' },
      { language: 'sysctl', scheme: 'file' },
      { language: 'sysctl', scheme: 'untitled' },
      { language: 'mycnf', scheme: 'file' },
      { language: 'mycnf', scheme: 'untitled' },
    ],
    outputChannel: output,
    initializationOptions: { timelineView: true },
    synchronize: {
      // Files whose change can alter an analysis: ssh and sshd Include targets, the workspace's server configs
      // (an ssh_config's lens says which end gives up first), the files of a sysctl set,
      // and MySQL option files. `*.cnf` covers my.cnf, .my.cnf, *.my.cnf and every file an
      // !includedir reads (it reads only *.cnf, in my.cnf.d/, mariadb.conf.d/, conf.d/ or any
      // other directory); mysql/** also covers an !include target without that extension.
      fileEvents: vscode.workspace.createFileSystemWatcher(
        '**/{.ssh/**,ssh_config,ssh_config.d/**,sshd_config,sshd_config.d/**,*.sshd_config,sysctl.conf,sysctl.d/**,*.cnf,mysql/**}',
      ),
    },
    middleware: {
      executeCommand: async (command, args, next) => {
        const result = (await next(command, args)) as { markdown?: string } | null | undefined;
        if (command !== SHOW_TIMELINE || !result?.markdown) return result;
        const [docUri, line] = args as [string, number];
        const name = `${vscode.Uri.parse(docUri).path.split('/').pop()}-line-${line + 1}.md`;
        const uri = vscode.Uri.from({ scheme: TIMELINE_SCHEME, path: `/${name}` });
        timelines.set(uri.toString(), result.markdown);
        changed.fire(uri);
        try {
          await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
        } catch {
          const doc = await vscode.workspace.openTextDocument(uri);
          await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
        }
        return result;
      },
    },
  };

  client = new LanguageClient('keepaliveLens', 'Keepalive Lens', serverOptions, clientOptions);
  context.subscriptions.push(output);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
