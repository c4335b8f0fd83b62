import { type CompletionItem, CompletionItemKind, type CompletionList, MarkupKind, type Position, type Range } from 'vscode-languageserver-types';
import type { SysctlAnalysis } from '../analysis/sysctl';
import type { Settings } from '../analysis/types';
import { allSshClientKeywords, knownIn, MATCH_CRITERIA, sshClientKeyword } from '../catalog/sshClient';
import { allSysctlKeys, allSysctlNames, sysctlKey } from '../catalog/sysctl';
import type { KeywordSpec, SysctlKeySpec } from '../catalog/types';
import { formatDuration } from '../model/duration';
import { aliveSchedule, retransmissionTimeout, synTimeout, tcpKeepaliveSchedule } from '../model/formulas';
import { atLeast } from '../model/version';
import { tokenizeLine } from '../syntax/ssh';
import { normalizeSysctlKey } from '../syntax/sysctl';
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

/** Value suggestions for the keys we compute with: what each choice comes to. */
function sysctlValueItems(spec: SysctlKeySpec, analysis: SysctlAnalysis, range: Range): CompletionItem[] {
  const set = analysis.set;
  const item = (value: string, detail: string, sort: number): CompletionItem => ({
    label: value,
    kind: CompletionItemKind.Value,
    detail,
    sortText: String(sort).padStart(2, '0'),
    textEdit: { range, newText: value },
  });
  const time = set.effective('net.ipv4.tcp_keepalive_time').value;
  const intvl = set.effective('net.ipv4.tcp_keepalive_intvl').value;
  const probes = set.effective('net.ipv4.tcp_keepalive_probes').value;
  const dead = (t: number, i: number, p: number) => `idle peer dead after ${formatDuration(tcpKeepaliveSchedule({ time: t, intvl: i, probes: p }).deadAt)}`;
  const out: CompletionItem[] = [];
  switch (spec.name) {
    case 'net.ipv4.tcp_keepalive_time':
      for (const t of [60, 120, 300, 600]) out.push(item(String(t), `first probe after ${formatDuration(t)}; ${dead(t, intvl, probes)}`, out.length));
      break;
    case 'net.ipv4.tcp_keepalive_intvl':
      for (const i of [10, 15, 30, 75]) out.push(item(String(i), `probes ${formatDuration(i)} apart; ${dead(time, i, probes)}`, out.length));
      break;
    case 'net.ipv4.tcp_keepalive_probes':
      for (const p of [3, 5, 6, 9]) out.push(item(String(p), dead(time, intvl, p), out.length));
      break;
    case 'net.ipv4.tcp_retries2':
      for (const r of [5, 8, 10, 15]) out.push(item(String(r), `a stalled send gives up after ${formatDuration(retransmissionTimeout(r))}`, out.length));
      break;
    case 'net.ipv4.tcp_syn_retries': {
      const linear = set.effective('net.ipv4.tcp_syn_linear_timeouts').value;
      for (const r of [2, 3, 4, 6]) out.push(item(String(r), `connect gives up after ${formatDuration(synTimeout(r, linear))}`, out.length));
      break;
    }
  }
  if (spec.value.type === 'text' && spec.value.values) for (const v of spec.value.values) out.push(item(v, '', out.length));
  if (spec.unit === 'flag') out.push(item('0', 'off', out.length), item('1', 'on', out.length + 1));
  if (spec.default !== undefined && !out.some((i) => i.label === spec.default)) out.push(item(spec.default, 'the kernel default', 90));
  else for (const i of out) if (i.label === spec.default) i.detail = `${i.detail ? `${i.detail}; ` : ''}the kernel default`;
  return out;
}

export function sysctlCompletion(lineText: string, pos: Position, analysis: SysctlAnalysis): CompletionList {
  const before = lineText.slice(0, pos.character);
  const trimmed = before.trimStart();
  if (trimmed.startsWith('#') || trimmed.startsWith(';')) return { isIncomplete: false, items: [] };
  const eq = lineText.indexOf('=');
  if (eq >= 0 && eq < pos.character) {
    const name = normalizeSysctlKey(lineText.slice(0, eq).trim().replace(/^-\s*/, '')).name;
    const spec = sysctlKey(name);
    if (!spec) return { isIncomplete: false, items: [] };
    // Replace the word under the cursor only: what follows it (a second number, a comment) stays.
    let from = pos.character;
    while (from > eq + 1 && !/\s/.test(lineText[from - 1])) from--;
    let to = pos.character;
    while (to < lineText.length && !/\s/.test(lineText[to])) to++;
    const range: Range = { start: { line: pos.line, character: from }, end: { line: pos.line, character: to } };
    return { isIncomplete: false, items: sysctlValueItems(spec, analysis, range) };
  }
  // A key: replace what is typed of it (dots and slashes included, which editors treat as word breaks).
  const start = before.length - before.trimStart().length + (trimmed.startsWith('-') ? 1 : 0);
  const keyEnd = eq >= 0 ? lineText.slice(0, eq).trimEnd().length : Math.max(pos.character, lineText.trimEnd().length);
  const range: Range = { start: { line: pos.line, character: start }, end: { line: pos.line, character: Math.max(pos.character, keyEnd) } };
  const suffix = eq >= 0 ? '' : ' = ';
  const documented = new Set<string>();
  // Per-interface keys (`net.ipv4.conf.*.rp_filter`) are offered for `all` and `default`.
  const expand = (name: string) => (name.includes('.*.') ? [name.replace('.*.', '.all.'), name.replace('.*.', '.default.')] : [name]);
  const items: CompletionItem[] = allSysctlKeys().flatMap((k) =>
    expand(k.name).map((name) => {
      documented.add(name);
      return {
        label: name,
        kind: CompletionItemKind.Property,
        detail: k.syntax,
        documentation: { kind: MarkupKind.Markdown, value: keywordDoc(k) },
        sortText: `${k.keepalive ? '0' : '1'}${name}`,
        textEdit: { range, newText: `${name}${suffix}` },
      };
    }),
  );
  for (const name of allSysctlNames().flatMap(expand)) {
    if (documented.has(name) || name.includes('*')) continue;
    documented.add(name);
    items.push({ label: name, kind: CompletionItemKind.Property, sortText: `2${name}`, textEdit: { range, newText: `${name}${suffix}` } });
  }
  return { isIncomplete: false, items };
}
