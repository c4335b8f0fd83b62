/**
 * Both ends over stdio: a workspace folder (a fresh temporary directory) holds a client config and a server
 * config; the client's CodeLens says which end gives up first, and follows the server config as it is edited
 * (unsaved), closed, and joined by a second server config on disk.
 *
 *   node --import tsx --test test/protocol/both-ends.test.ts
 *
 * The server asks for `workspace/codeLens/refresh` when the lenses of other documents change: each step waits
 * for that request (with a timeout, no sleeps), then asks for the lenses again. initializationOptions pin
 * ssh.version to 9.5 (sshd checks once per interval).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CodeLensRequest,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  FileChangeType,
} from 'vscode-languageserver-protocol/node';
import { ensureBundle, LspSession, SHOW_TIMELINE, span, tempTree, uriOf, withTimeout } from './lsp';

const INIT = { settings: { ssh: { version: '9.5' } } };

const CLIENT_TEXT = ['Host web', '    ServerAliveInterval 15', '    ServerAliveCountMax 2', ''].join('\n');
const SERVER_TEXT = ['ClientAliveInterval 60', 'ClientAliveCountMax 1', ''].join('\n');
const WEB = 'dead server detected after 45 s (15 s × (2 + 1)) · probes every 15 s, gives up after 2 unanswered · host web';

describe('keepalive-language-server over stdio: both ends of a session', () => {
  let session: LspSession;
  let dir: string;
  let clientUri: string;
  let serverUri: string;
  /** Resolvers waiting for the next workspace/codeLens/refresh. */
  const refreshWaiters: Array<() => void> = [];
  const nextRefresh = (what: string) =>
    withTimeout(new Promise<void>((resolve) => refreshWaiters.push(resolve)), `no workspace/codeLens/refresh after ${what}`);

  const lenses = async () => session.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri: clientUri } });
  const lens = (title: string) => [{ range: span(0, 0, 4), command: { title, command: SHOW_TIMELINE, arguments: [clientUri, 0] } }];

  before(async () => {
    await ensureBundle();
    dir = tempTree({
      'client.ssh_config': CLIENT_TEXT,
      'server.sshd_config': SERVER_TEXT,
      // The walk never enters node_modules: this one would make two server configs.
      'node_modules/pkg/sshd_config': 'ClientAliveInterval 5\n',
    });
    clientUri = uriOf(dir, 'client.ssh_config');
    serverUri = uriOf(dir, 'server.sshd_config');
    session = await LspSession.start({ initializationOptions: INIT, workspaceFolders: [{ uri: uriOf(dir, '.'), name: 'ws' }] });
    session.conn.onRequest('workspace/codeLens/refresh', () => {
      for (const w of refreshWaiters.splice(0)) w();
      return null;
    });
  });

  after(async () => {
    if (session?.alive) await session.shutdown();
    else session?.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the client’s lens: the server config on disk drops a dead client later (2 min)', async () => {
    await session.open(clientUri, CLIENT_TEXT);
    assert.deepStrictEqual(await lenses(), lens(`${WEB} · server.sshd_config drops you later, after 2 min`));
  });

  it('editing the open server config (unsaved): a refresh, and the server now gives up first (20 s)', async () => {
    const opened = nextRefresh('opening the server config');
    await session.open(serverUri, SERVER_TEXT, 'sshd_config');
    await opened;
    const refreshed = nextRefresh('editing the server config');
    await session.conn.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: serverUri, version: 2 },
      contentChanges: [{ text: ['ClientAliveInterval 10', 'ClientAliveCountMax 1', ''].join('\n') }],
    });
    await refreshed;
    assert.deepStrictEqual(await lenses(), lens(`${WEB} · server.sshd_config drops you first, after 20 s`));
  });

  it('closing it unsaved: the text on disk counts again', async () => {
    const refreshed = nextRefresh('closing the server config');
    await session.conn.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: serverUri } });
    await refreshed;
    assert.deepStrictEqual(await lenses(), lens(`${WEB} · server.sshd_config drops you later, after 2 min`));
  });

  it('a second server config appears on disk: which server a Host reaches is not known, the tail goes', async () => {
    fs.mkdirSync(path.join(dir, 'other'));
    fs.writeFileSync(path.join(dir, 'other', 'sshd_config'), SERVER_TEXT);
    const refreshed = nextRefresh('a watched file change');
    await session.conn.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: uriOf(dir, 'other/sshd_config'), type: FileChangeType.Created }],
    });
    await refreshed;
    assert.deepStrictEqual(await lenses(), lens(WEB));
  });

  it('no request failed on the server', () => {
    assert.deepStrictEqual(session.errorLogs(), []);
  });
});
