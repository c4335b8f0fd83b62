import type { InlayHint, Range } from 'vscode-languageserver-types';
import type { Analysis } from '../analysis/types';

export function inlayHints(analysis: Analysis, range: Range): InlayHint[] {
  return analysis.hints
    .filter((h) => h.line >= range.start.line && h.line <= range.end.line)
    .map((h) => ({ position: { line: h.line, character: h.character }, label: h.label, paddingLeft: true, tooltip: h.tooltip }));
}
