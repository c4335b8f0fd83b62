/**
 * Completion in option files: group names after `[`, and at the start of a line the options the programs
 * reading the current group all accept (the timeout family first, with its docs).
 */
import { type CompletionItem, CompletionItemKind, type CompletionList, MarkupKind, type Position, type Range } from 'vscode-languageserver-types';
import type { MycnfAnalysis } from '../analysis/mycnf';
import { anyServerVariable, MYCNF_OTHER_GROUPS, MYCNF_PROGRAM_NAMES, mycnfGroupReaders, mycnfOption, mycnfReadersOf, programTable } from '../catalog/mycnf';
import { keywordDoc } from './render';

const EMPTY: CompletionList = { isIncomplete: false, items: [] };

/** Options that make mariadbd print something and exit, or that release builds disable. */
const STOPS_SERVER = new Set(['help', 'version', 'debug', 'wsrep_recover', 'print_defaults', 'bootstrap']);

function groupItems(range: Range): CompletionItem[] {
  const names = new Set<string>();
  for (const p of MYCNF_PROGRAM_NAMES) for (const g of programTable(p).groups) names.add(g);
  for (const g of ['mysqld', 'server', 'client', 'mysql', 'mysqldump', 'mysqladmin']) names.add(g);
  return [...names]
    .map((g) => {
      const readers = [...new Set(mycnfGroupReaders(g).map((r) => r.program))];
      return {
        label: g,
        kind: CompletionItemKind.Module,
        detail: readers.length ? `read by ${readers.join(', ')}` : undefined,
        sortText: `${/^(mysqld|client|mysql|mysqldump|mariadb)$/.test(g) ? '0' : '1'}${g}`,
        textEdit: { range, newText: `${g}]` },
      };
    })
    .concat(
      MYCNF_OTHER_GROUPS.filter((g) => !names.has(g)).map((g) => ({
        label: g,
        kind: CompletionItemKind.Module,
        detail: 'not modelled',
        sortText: `2${g}`,
        textEdit: { range, newText: `${g}]` },
      })),
    );
}

export function mycnfCompletion(lineText: string, pos: Position, analysis: MycnfAnalysis): CompletionList {
  const before = lineText.slice(0, pos.character);
  const trimmed = before.trimStart();
  const indent = before.length - trimmed.length;
  if (trimmed.startsWith('#') || trimmed.startsWith(';') || trimmed.startsWith('!')) return EMPTY;
  if (trimmed.startsWith('[')) {
    const close = lineText.indexOf(']', indent);
    const end = close >= 0 ? close + 1 : Math.max(pos.character, lineText.trimEnd().length);
    return { isIncomplete: false, items: groupItems({ start: { line: pos.line, character: indent + 1 }, end: { line: pos.line, character: end } }) };
  }
  if (before.includes('=')) return EMPTY;
  const group = analysis.groupAt(pos.line);
  if (group === undefined) return EMPTY;
  const programs = mycnfReadersOf(group, analysis.flavors);
  if (programs.length === 0) return EMPTY;
  const server = programs.some((p) => programTable(p).kind === 'server');
  const eq = lineText.indexOf('=');
  const nameEnd = eq >= 0 ? lineText.slice(0, eq).trimEnd().length : Math.max(pos.character, lineText.trimEnd().length);
  const range: Range = { start: { line: pos.line, character: indent }, end: { line: pos.line, character: Math.max(pos.character, nameEnd) } };
  const suffix = eq >= 0 ? '' : ' = ';
  // Only what every reader accepts: anything else makes one of them refuse to start.
  const first = programTable(programs[0]!).options;
  // Nor what makes a program stop (help, version, a disabled debug option; mariadbd's own were not measured, so
  // those that stop it by their documentation are left out too).
  const names = Object.keys(first).filter(
    (n) => !STOPS_SERVER.has(n) && programs.every((p) => programTable(p).options[n] !== undefined && programTable(p).effects[n] === undefined),
  );
  const items: CompletionItem[] = names.map((n) => {
    const spec = mycnfOption(n, server ? 'server' : 'client');
    const v = server ? anyServerVariable(n, analysis.flavors) : undefined;
    const arg = first[n];
    return {
      label: n,
      kind: CompletionItemKind.Property,
      detail: spec ? spec.syntax : v?.default !== undefined ? `default ${v.default}` : arg,
      ...(spec ? { documentation: { kind: MarkupKind.Markdown, value: keywordDoc(spec) } } : {}),
      sortText: `${spec ? '0' : '1'}${n}`,
      textEdit: { range, newText: arg === 'none' || arg === 'bool' ? n : `${n}${suffix}` },
    };
  });
  return { isIncomplete: false, items };
}
