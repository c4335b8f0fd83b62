/**
 * What the sshd_config service tests share: a document at /etc/ssh/sshd_config (a new version each time, so no
 * cache mixes), its analysis for a release (with included files from memory), and its findings as
 * [code, line, message] without the missing-ClientAliveInterval warning most fixtures would otherwise all carry.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { SshdAnalysis } from '../../server/src/service/analysis/sshd';
import type { Settings } from '../../server/src/service/analysis/types';
import { filesEnv, service } from '../fixtures';

let version = 0;

/** The text as the sshd_config document /etc/ssh/sshd_config. */
export const sshd = (text: string): TextDocument => TextDocument.create('file:///etc/ssh/sshd_config', 'sshd_config', ++version, text);

/** The hover's words for a line of the global section. */
export const GLOBAL = 'Effective for connections no Match block applies to';

/** The analysis of the text for the release in `v`, Include reading `files` (by name). */
export function analysis(text: string, v: Settings, files?: Record<string, string>): SshdAnalysis {
  return service(v, files ? filesEnv(files) : {}).analyzeSshd(sshd(text));
}

/** [code, line, message] of every finding but the missing-ClientAliveInterval warning. */
export function findings(text: string, v: Settings, files?: Record<string, string>): Array<[string, number, string]> {
  return analysis(text, v, files)
    .findings.filter((f) => f.code !== 'sshd/no-client-alive')
    .map((f) => [f.code, f.span.line, f.message]);
}
