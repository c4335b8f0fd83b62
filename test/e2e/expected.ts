/**
 * What the page should show, computed by the same language service the server runs, with the same
 * environment (createNodeEnvironment, ssh -V, mariadb --version, the local user) and the same raw
 * `keepaliveLens.*` settings the test writes into the code-server profile. Nothing here is a guess:
 * every expected CodeLens title, hover, diagnostic and quick-fix result comes from the service.
 */
import { readFileSync } from 'node:fs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, CodeLens, Diagnostic, MarkupContent, Position, TextEdit } from 'vscode-languageserver-types';
import { createNodeEnvironment, detectSshVersion, localUser, pathToUri } from '../../server/src/node/environment';
import { createLanguageService, type LanguageService, languageIdFor } from '../../server/src/service';
import { type RawSettings, toSettings } from '../../server/src/settings';

/** The `keepaliveLens.*` settings written into the fresh profile (a fixed OpenSSH release so the run does not depend on `ssh -V`). */
export const RAW_SETTINGS: RawSettings = { ssh: { version: '9.2' } };

/** The same settings as VS Code user settings (flat dotted keys). */
export function vscodeSettings(raw: RawSettings = RAW_SETTINGS): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const walk = (prefix: string, v: unknown) => {
    if (v && typeof v === 'object') for (const [k, w] of Object.entries(v)) walk(`${prefix}.${k}`, w);
    else out[prefix] = v;
  };
  walk('keepaliveLens', raw);
  return out;
}

let service: LanguageService | undefined;
let version = 0;
let folders: string[] = [];

/** The workspace folder VS Code opens: the server finds its sshd_config there (an ssh_config lens says which end gives up first). */
export function setWorkspace(folder: string): void {
  folders = [pathToUri(folder)];
  service = undefined;
}

function svc(): LanguageService {
  service ??= createLanguageService(createNodeEnvironment({ workspaceFolders: () => folders }), toSettings(RAW_SETTINGS, { detectSshVersion, localUser }));
  return service;
}

/** A document for a file of the workspace, with the given text (default: read from disk). */
export function docFor(file: string, text = readFileSync(file, 'utf8')): TextDocument {
  const languageId = languageIdFor(file);
  if (!languageId) throw new Error(`${file}: no language for this file name`);
  svc().invalidate();
  return TextDocument.create(pathToUri(file), languageId, ++version, text);
}

export function lineOf(doc: TextDocument, pattern: RegExp, from = 0): number {
  const ls = doc.getText().split(/\r?\n/);
  for (let i = from; i < ls.length; i++) if (pattern.test(ls[i])) return i;
  throw new Error(`no line matching ${pattern} in ${doc.uri}`);
}

/** The CodeLens title the service gives the scope whose header is on `line`. */
export function lensTitleAt(doc: TextDocument, line: number): string {
  const lenses: CodeLens[] = svc().codeLens(doc);
  const hit = lenses.find((l) => l.range.start.line === line);
  if (!hit?.command)
    throw new Error(`the service gives no CodeLens on line ${line + 1} of ${doc.uri}; it gives ${JSON.stringify(lenses.map((l) => l.range.start.line))}`);
  return hit.command.title;
}

/** The timeline a CodeLens click shows, as markdown. */
export function timelineMarkdownAt(doc: TextDocument, line: number): string {
  const md = svc().timeline(doc, line, 'markdown');
  if (!md) throw new Error(`the service gives no timeline for line ${line + 1} of ${doc.uri}`);
  return md;
}

export function allLensTitles(doc: TextDocument): string[] {
  return svc()
    .codeLens(doc)
    .map((l) => l.command?.title ?? '');
}

export function hoverMarkdown(doc: TextDocument, pos: Position): string {
  const h = svc().hover(doc, pos);
  if (!h) throw new Error(`the service gives no hover at ${pos.line + 1}:${pos.character + 1}`);
  const c = h.contents as MarkupContent | string;
  return typeof c === 'string' ? c : c.value;
}

/** A diagnostic's message as plain text (LSP 3.18 allows markup). */
export function messageOf(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}

export function diagnosticsOf(doc: TextDocument): Diagnostic[] {
  return svc().diagnostics(doc);
}

export function quickFixes(doc: TextDocument, diagnostic: Diagnostic): CodeAction[] {
  return svc().codeActions(doc, diagnostic.range, [diagnostic]);
}

/** The document's text after a code action's edit. */
export function applyAction(doc: TextDocument, action: CodeAction): string {
  const edit = action.edit;
  let edits: TextEdit[] = [];
  if (edit?.changes) edits = edit.changes[doc.uri] ?? [];
  else if (edit?.documentChanges) {
    for (const c of edit.documentChanges) if ('textDocument' in c && c.textDocument.uri === doc.uri) edits.push(...(c.edits as TextEdit[]));
  }
  if (edits.length === 0) throw new Error(`code action "${action.title}" has no edit for ${doc.uri}`);
  return TextDocument.applyEdits(doc, edits);
}
