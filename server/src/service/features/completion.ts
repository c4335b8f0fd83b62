import { type CompletionItem, CompletionItemKind, type CompletionList, MarkupKind, type Position } from 'vscode-languageserver-types';
import type { Settings } from '../analysis/types';
import { allSshClientKeywords, knownIn, MATCH_CRITERIA, sshClientKeyword } from '../catalog/sshClient';
import type { KeywordSpec } from '../catalog/types';
import { formatDuration } from '../model/duration';
import { aliveSchedule } from '../model/formulas';
import { atLeast } from '../model/version';
import { tokenizeLine } from '../syntax/ssh';
import { keywordDoc } from './render';

function keywordItems(settings: Settings): CompletionItem[] {
  const items: CompletionItem[] = allSshClientKeywords()
    .filter((k) => k.status === 'active' && !k.aliasOf && k.name !== 'Host' && k.name !== 'Match')
    .filter((k) => !settings.sshVersionKnown || knownIn(k, settings.sshVersion))
    .map((k) => ({
      label: k.name,
      kind: CompletionItemKind.Keyword,
      detail: k.syntax,
      documentation: { kind: MarkupKind.Markdown, value: keywordDoc(k) },
      insertText: `${k.name} `,
      sortText: `${k.keepalive ? '0' : '1'}${k.name.toLowerCase()}`,
    }));
  for (const name of ['Host', 'Match']) {
    const k = sshClientKeyword(name) as KeywordSpec;
    items.push({
      label: name,
      kind: CompletionItemKind.Module,
      detail: k.syntax,
      documentation: { kind: MarkupKind.Markdown, value: keywordDoc(k) },
      insertText: `${name} `,
      sortText: `0${name.toLowerCase()}`,
    });
  }
  return items;
}

function valueItems(spec: KeywordSpec, settings: Settings): CompletionItem[] {
  const v = spec.value;
  const plain = (label: string, detail?: string): CompletionItem => ({ label, kind: CompletionItemKind.Value, detail });
  switch (v.type) {
    case 'flag':
      return [plain('yes'), plain('no')];
    case 'choice':
      return v.values.map((x) => plain(x));
    case 'controlPersist':
      return [plain('yes', 'keep the master open forever'), plain('no', 'close it with the first client'), plain('10m', 'stay 10 min after the last client')];
    case 'time': {
      if (spec.name === 'ServerAliveInterval') {
        return [15, 30, 60, 120].map((i) => {
          const s = aliveSchedule(i, 3);
          const over = i > settings.idleTimeout ? ' (longer than the path idle timeout)' : '';
          return plain(String(i), `with ServerAliveCountMax 3: dead server detected after ${formatDuration(s?.deadAt ?? 0)}${over}`);
        });
      }
      const items = ['10', '30', '60', '5m'].map((x) => plain(x));
      if (v.allowNone) items.push(plain('none', 'leave unset: a later line may set it'));
      return items;
    }
    case 'int':
      if (spec.name === 'ServerAliveCountMax')
        return ['1', '2', '3', '5']
          .map((x) => plain(x, x === '3' ? 'the default' : undefined))
          .concat(plain('0', 'exit at the first check, even when the server is fine'));
      return [];
    default:
      return [];
  }
}

export function completion(lineText: string, pos: Position, settings: Settings): CompletionList {
  const before = lineText.slice(0, pos.character);
  const line = tokenizeLine(before, pos.line);
  const kw = line.keyword;
  if (!kw || (kw.span.end >= pos.character && !line.separator)) {
    if (line.comment) return { isIncomplete: false, items: [] };
    return { isIncomplete: false, items: keywordItems(settings) };
  }
  const lower = kw.value.toLowerCase();
  if (lower === 'match') {
    const criteria = MATCH_CRITERIA.filter((c) => !settings.sshVersionKnown || c.since === undefined || atLeast(settings.sshVersion, c.since));
    return { isIncomplete: false, items: criteria.map((c) => ({ label: c.name, kind: CompletionItemKind.Property, documentation: c.doc })) };
  }
  const spec = sshClientKeyword(kw.value);
  if (!spec || line.args.length > 1 || (line.args.length === 1 && line.args[0].span.end < pos.character)) return { isIncomplete: false, items: [] };
  return { isIncomplete: false, items: valueItems(spec, settings) };
}
