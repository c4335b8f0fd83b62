import type { Range } from 'vscode-languageserver-types';
import type { Span } from '../syntax/text';

export function toRange(s: Span): Range {
  return { start: { line: s.line, character: s.start }, end: { line: s.line, character: s.end } };
}
