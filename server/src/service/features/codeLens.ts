import type { CodeLens } from 'vscode-languageserver-types';
import type { Analysis } from '../analysis/types';
import { toRange } from './ranges';

export const SHOW_TIMELINE = 'keepaliveLens.showTimeline';

export function codeLenses(analysis: Analysis, uri: string): CodeLens[] {
  return analysis.scopes.map((s) => ({
    range: toRange(s.span),
    command: { title: s.summary, command: SHOW_TIMELINE, arguments: [uri, s.span.line] },
  }));
}
