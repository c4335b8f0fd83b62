#!/usr/bin/env node
/**
 * keepalive-language-server: the process entry. `--stdio` (default) for any LSP editor,
 * `--node-ipc` when VS Code starts it.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from '../server';
import { createNodeEnvironment, detectSshVersion, localUser } from './environment';

if (process.argv.includes('--version')) {
  process.stdout.write('keepalive-language-server 0.1.0\n');
  process.exit(0);
}
if (!process.argv.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe'))) {
  process.argv.push('--stdio');
}

const connection = createConnection(ProposedFeatures.all);
let version: ReturnType<typeof detectSshVersion> | null = null;
startServer(connection, {
  environment: (openText, workspaceFolders) => createNodeEnvironment({ openText, workspaceFolders }),
  detectSshVersion: () => {
    if (version === null) version = detectSshVersion();
    return version;
  },
  localUser,
});
