/**
 * The language service: pure functions of a document's text, the settings and what the
 * environment hands in. No transport, no file system, no clock.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type {
  CodeAction,
  CodeLens,
  CompletionList,
  Diagnostic,
  DocumentSymbol,
  FoldingRange,
  Hover,
  InlayHint,
  Position,
  Range,
} from 'vscode-languageserver-types';
import { analyzeMycnf, type MycnfAnalysis } from './analysis/mycnf';
import { analyzeSshConfig, type SshAnalysis } from './analysis/ssh';
import { analyzeSshd, type SshdAnalysis } from './analysis/sshd';
import { analyzeSysctl, type SysctlAnalysis } from './analysis/sysctl';
import type { Analysis, Environment, Settings } from './analysis/types';
import { kernelDefault } from './catalog/sysctl';
import { codeActions } from './features/codeActions';
import { codeLenses } from './features/codeLens';
import { completion, sysctlCompletion } from './features/completion';
import { diagnostics } from './features/diagnostics';
import { hover } from './features/hover';
import { inlayHints } from './features/inlayHints';
import { mycnfCompletion } from './features/mycnfCompletion';
import { timelineMarkdown, timelineText } from './features/render';
import { sshdCompletion, sshdFoldingRanges, sshdSymbols } from './features/sshd';
import { documentSymbols, foldingRanges, mycnfFoldingRanges, mycnfSymbols, sysctlFoldingRanges, sysctlSymbols } from './features/symbols';
import { LATEST_OPENSSH } from './model/version';

export type { Environment, Settings } from './analysis/types';
export { SHOW_TIMELINE } from './features/codeLens';

export const LANGUAGE_IDS = ['ssh_config', 'sshd_config', 'sysctl', 'mycnf'] as const;

/**
 * The language of a file by its path, for the CLI; mirrors the `filenamePatterns` the
 * manifest gives VS Code (a test keeps the two in step).
 */
export function languageIdFor(filePath: string): string | undefined {
  const p = filePath.replace(/\\/g, '/');
  if (/(^|\/)sshd_config$/.test(p) || /(^|\/)sshd_config\.d\/[^/]+\.conf$/.test(p) || /\.sshd_config$/.test(p)) return 'sshd_config';
  if (/(^|\/)\.ssh\/config$/.test(p) || /(^|\/)\.ssh\/config\.d\/[^/]+$/.test(p)) return 'ssh_config';
  if (/(^|\/)ssh_config$/.test(p) || /(^|\/)ssh_config\.d\/[^/]+\.conf$/.test(p) || /\.ssh_config$/.test(p)) return 'ssh_config';
  if (/(^|\/|\.)sysctl\.conf$/.test(p) || /(^|\/)sysctl\.d\/[^/]+\.conf$/.test(p)) return 'sysctl';
  if (/(^|\/|\.)my\.cnf$/.test(p) || /(^|\/)(my\.cnf\.d|mariadb\.conf\.d|conf\.d)\/[^/]+\.cnf$/.test(p) || /(^|\/)mysql\/(.+\/)?[^/]+\.cnf$/.test(p))
    return 'mycnf';
  return undefined;
}

export const DEFAULT_SETTINGS: Settings = {
  idleTimeout: 300,
  detectionTarget: 600,
  // The kernel's own defaults, from the sysctl catalog.
  kernel: {
    time: kernelDefault('net.ipv4.tcp_keepalive_time'),
    intvl: kernelDefault('net.ipv4.tcp_keepalive_intvl'),
    probes: kernelDefault('net.ipv4.tcp_keepalive_probes'),
    synRetries: kernelDefault('net.ipv4.tcp_syn_retries'),
    synLinear: kernelDefault('net.ipv4.tcp_syn_linear_timeouts'),
  },
  // HikariCP's default maxLifetime: with its default minimumIdle, pooled connections live this long.
  mysqlPoolIdleTime: 1800,
  mysqlFlavor: 'both',
  mysqlFlavorSource: 'default',
  sshVersion: LATEST_OPENSSH,
  sshVersionKnown: false,
  localUser: 'user',
};

export type AnyAnalysis = SshAnalysis | SshdAnalysis | SysctlAnalysis | MycnfAnalysis;

export interface LanguageService {
  configure(settings: Settings): void;
  /** Forget cached analyses (an included file or a file of a sysctl set changed). */
  invalidate(): void;
  supports(doc: TextDocument): boolean;
  analyze(doc: TextDocument): AnyAnalysis;
  /** The ssh_config analysis (what `explain --host` resolves against). */
  analyzeSsh(doc: TextDocument): SshAnalysis;
  /** The sysctl analysis, with the set the document belongs to. */
  analyzeSysctl(doc: TextDocument): SysctlAnalysis;
  /** The option-file analysis, with what each program reads. */
  analyzeMycnf(doc: TextDocument): MycnfAnalysis;
  /** The sshd_config analysis (what `explain --user/--host/--addr` resolves against). */
  analyzeSshd(doc: TextDocument): SshdAnalysis;
  diagnostics(doc: TextDocument): Diagnostic[];
  hover(doc: TextDocument, pos: Position): Hover | null;
  codeLens(doc: TextDocument): CodeLens[];
  inlayHints(doc: TextDocument, range: Range): InlayHint[];
  codeActions(doc: TextDocument, range: Range, context: readonly Diagnostic[]): CodeAction[];
  completion(doc: TextDocument, pos: Position): CompletionList;
  documentSymbols(doc: TextDocument): DocumentSymbol[];
  foldingRanges(doc: TextDocument): FoldingRange[];
  /** The whole timeline of the scope at a line, as markdown or plain text. */
  timeline(doc: TextDocument, line: number, format: 'markdown' | 'text'): string | undefined;
}

const isSysctl = (doc: TextDocument) => doc.languageId === 'sysctl';
const isMycnf = (doc: TextDocument) => doc.languageId === 'mycnf';
const isSshd = (doc: TextDocument) => doc.languageId === 'sshd_config';

export function createLanguageService(env: Environment = {}, initial: Settings = DEFAULT_SETTINGS): LanguageService {
  let settings = initial;
  // Parse cache keyed by uri and version: every request on an unchanged document reuses it.
  const cache = new Map<string, { version: number; languageId: string; analysis: AnyAnalysis }>();
  const analyze = (doc: TextDocument): AnyAnalysis => {
    const hit = cache.get(doc.uri);
    if (hit && hit.version === doc.version && hit.languageId === doc.languageId) return hit.analysis;
    const analysis = isSysctl(doc)
      ? analyzeSysctl(doc.uri, doc.getText(), settings, env)
      : isMycnf(doc)
        ? analyzeMycnf(doc.uri, doc.getText(), settings, env)
        : isSshd(doc)
          ? analyzeSshd(doc.uri, doc.getText(), settings, env)
          : analyzeSshConfig(doc.uri, doc.getText(), settings, env);
    cache.set(doc.uri, { version: doc.version, languageId: doc.languageId, analysis });
    if (cache.size > 200) cache.delete(cache.keys().next().value as string);
    return analysis;
  };
  const analyzeSsh = (doc: TextDocument) => {
    const a = analyze(doc);
    if (!('file' in a)) throw new Error(`${doc.uri} is not an ssh_config document`);
    return a;
  };
  const analyzeSysctlDoc = (doc: TextDocument) => {
    const a = analyze(doc);
    if (!('set' in a)) throw new Error(`${doc.uri} is not a sysctl document`);
    return a;
  };
  const analyzeSshdDoc = (doc: TextDocument) => {
    const a = analyze(doc);
    if (!('sshd' in a)) throw new Error(`${doc.uri} is not an sshd_config document`);
    return a;
  };
  const analyzeMycnfDoc = (doc: TextDocument) => {
    const a = analyze(doc);
    if (!('views' in a)) throw new Error(`${doc.uri} is not an option file`);
    return a;
  };
  const lineAt = (doc: TextDocument, pos: Position) =>
    doc.getText({ start: { line: pos.line, character: 0 }, end: { line: pos.line + 1, character: 0 } }).replace(/\r?\n$/, '');
  return {
    configure(next) {
      settings = next;
      cache.clear();
    },
    invalidate: () => cache.clear(),
    supports: (doc) => (LANGUAGE_IDS as readonly string[]).includes(doc.languageId),
    analyze,
    analyzeSsh,
    analyzeSysctl: analyzeSysctlDoc,
    analyzeMycnf: analyzeMycnfDoc,
    analyzeSshd: analyzeSshdDoc,
    diagnostics: (doc) => diagnostics(analyze(doc)),
    hover: (doc, pos) => hover(analyze(doc), doc.uri, pos),
    codeLens: (doc) => codeLenses(analyze(doc), doc.uri),
    inlayHints: (doc, range) => inlayHints(analyze(doc), range),
    codeActions: (doc, _range, context) => codeActions(doc, context),
    completion: (doc, pos) => {
      const lineText = lineAt(doc, pos);
      if (isSysctl(doc)) return sysctlCompletion(lineText, pos, analyzeSysctlDoc(doc));
      if (isMycnf(doc)) return mycnfCompletion(lineText, pos, analyzeMycnfDoc(doc));
      if (isSshd(doc)) return sshdCompletion(lineText, pos, analyzeSshdDoc(doc), settings);
      // A byte order mark is not part of the first keyword (the BOM has its own diagnostic).
      if (pos.line === 0 && lineText.charCodeAt(0) === 0xfeff) return completion(` ${lineText.slice(1)}`, pos, settings);
      return completion(lineText, pos, settings);
    },
    documentSymbols: (doc) =>
      isSysctl(doc)
        ? sysctlSymbols(analyzeSysctlDoc(doc))
        : isMycnf(doc)
          ? mycnfSymbols(analyzeMycnfDoc(doc))
          : isSshd(doc)
            ? sshdSymbols(analyzeSshdDoc(doc))
            : documentSymbols(analyzeSsh(doc)),
    foldingRanges: (doc) =>
      isSysctl(doc)
        ? sysctlFoldingRanges(analyzeSysctlDoc(doc))
        : isMycnf(doc)
          ? mycnfFoldingRanges(analyzeMycnfDoc(doc))
          : isSshd(doc)
            ? sshdFoldingRanges(analyzeSshdDoc(doc))
            : foldingRanges(analyzeSsh(doc)),
    timeline(doc, line, format) {
      const scope = (analyze(doc) as Analysis).scopeAt(line);
      if (!scope) return undefined;
      return format === 'markdown' ? timelineMarkdown(scope.timeline, doc.uri) : timelineText(scope.timeline, doc.uri);
    },
  };
}
