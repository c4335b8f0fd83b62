/** What hover shows on an option file's lines, from the analysis context. */
import {
  flavorRelease,
  MYCNF_PROGRAM_NAMES,
  type MycnfFlavor,
  type MycnfProgram,
  mycnfGroupReaders,
  mycnfOption,
  normalizeMycnfName,
  programFlavor,
  programTable,
  resolveMycnfOption,
  serverVariable,
} from '../../catalog/mycnf';
import type { DirectiveDoc } from '../../catalog/types';
import type { MycnfLine } from '../../syntax/mycnf';
import type { LineFacts, Scope } from '../types';
import { includeSitesAt, lineSpan, list, type MycnfContext, readersIn } from './context';
import { intText, readIntFor } from './programs';
import type { MycnfIncludeSite } from './read';
import { includeGaps } from './structure';

/** Hover facts by position: a group header's readers, an include's files, an option's docs and per-program reading. */
export function mycnfFactsAt(ctx: MycnfContext, scopeByLine: readonly (Scope | undefined)[], line: number, character: number): LineFacts | undefined {
  const l = ctx.lines[line];
  if (!l) return undefined;
  const scope = scopeByLine[line];
  if (l.kind === 'group') {
    const g = l.group!;
    if (character < g.header.start || character > g.header.end) return undefined;
    return { span: g.header, keyword: g.name, effective: groupText(g.name), ...(scope ? { scope } : {}) };
  }
  if ((l.kind === 'include' || l.kind === 'includedir') && l.include) {
    const reads = (flavors: readonly MycnfFlavor[], site: MycnfIncludeSite | undefined) => {
      const files = site?.result?.files.map((f) => `- ${f.uri.replace(/^file:\/\//, '')}`) ?? [];
      return site?.result
        ? files.length
          ? `Reads, in this order:\n\n${files.join('\n')}`
          : (includeGaps(flavors, site) ?? 'Reads nothing.')
        : `\`!${l.kind}\` reads ${l.kind === 'include' ? 'the file' : "the directory's *.cnf files, in byte order"} here, in place (to depth 10).`;
    };
    // The families take different paths only from a last line without a line break: then each its own.
    const sites = includeSitesAt(ctx, line);
    const effective =
      sites.length === 1
        ? reads(sites[0]!.flavors, sites[0]!.site)
        : sites.map(({ flavors, site }) => `${flavorRelease(flavors[0]!)}: ${site ? reads(flavors, site) : 'stops here (no path).'}`).join('\n\n');
    return { span: lineSpan(l), keyword: `!${l.kind}`, effective };
  }
  if (l.kind !== 'option') return undefined;
  const o = l.option!;
  const inName = character >= o.nameSpan.start && character <= o.nameSpan.end;
  const inValue = o.valueSpan && character >= o.valueSpan.start && character <= o.valueSpan.end;
  if (!inName && !inValue) return undefined;
  const g = ctx.groupAt[line];
  const name = normalizeMycnfName(o.name).replace(/^(loose_)+/, '');
  const serverish = g !== undefined && mycnfGroupReaders(g).some((r) => r.kind === 'server');
  const spec: DirectiveDoc | undefined =
    mycnfOption(name, serverish ? 'server' : 'client') ?? mycnfOption(name, serverish ? 'client' : 'server') ?? genericDoc(name, ctx.flavors);
  return {
    span: inName ? o.nameSpan : o.valueSpan!,
    keyword: name,
    ...(spec ? { spec } : {}),
    ...(g !== undefined ? { effective: optionText(ctx, l, g) } : {}),
    ...(scope ? { scope } : {}),
  };
}

function groupText(g: string): string {
  const readers = mycnfGroupReaders(g);
  if (readers.length === 0) return `No MariaDB or MySQL program Keepalive Lens models reads [${g}].`;
  const of = (f: MycnfFlavor) => readers.filter((r) => r.flavor === f).map((r) => `${r.program}${r.series ? ` ${r.series}` : ''}`);
  const m = of('mariadb');
  const y = of('mysql');
  const out = [`**[${g}]** is read by`, ''];
  if (m.length) out.push(`- ${flavorRelease('mariadb')}: ${m.join(', ')}`);
  if (y.length) out.push(`- ${flavorRelease('mysql')}: ${y.join(', ')}`);
  return out.join('\n');
}

function optionText(ctx: MycnfContext, l: MycnfLine, g: string): string {
  const o = l.option!;
  const entry = ctx.entryAt.get(l.line);
  const out: string[] = [];
  if (o.value !== undefined && o.value !== o.raw) out.push(`The program gets \`${JSON.stringify(o.value).slice(1, -1)}\` (quotes and escapes removed).`, '');
  const programs = readersIn(ctx, g);
  if (!entry || programs.length === 0) return out.join('\n') || `No program Keepalive Lens models reads [${g}].`;
  out.push(`| ${ctx.flavors.map(flavorRelease).join(' / ')} program reading [${g}] | takes it as |`, '|---|---|');
  for (const p of programs) {
    const view = ctx.views.get(p)!;
    const f = view.failureOf.get(entry);
    const s = view.settingOf.get(entry);
    let what: string;
    if (f) what = `refuses to start: \`${f.message.split('\n')[0]!.replace(/\|/g, '\\|')}\``;
    else if (s) {
      const text = intText(s);
      const reading = text !== undefined ? readIntFor(p, s.option, text) : undefined;
      const v = reading?.ok ? ` = ${reading.value}${reading.warning ? ' (clamped)' : ''}` : '';
      what = `${s.option}${s.resolution.modifiers.length ? ` (${s.resolution.modifiers.join('-')}-)` : ''}${v}`;
    } else
      what =
        view.silentlySkipped === entry
          ? 'skips it without a word (the first unknown option of its option files)'
          : resolveLoose(p, o.name)
            ? 'warns "unknown variable" and ignores it (loose-)'
            : 'ignores it';
    out.push(`| ${p} | ${what} |`);
  }
  return out.join('\n');
}

/** Docs for an option Keepalive Lens has no deep entry for, from the measured tables of the file's families. */
function genericDoc(name: string, flavors: readonly MycnfFlavor[]): DirectiveDoc | undefined {
  const server = flavors.map((f) => serverVariable(f, name)).find((v) => v !== undefined);
  const programs = MYCNF_PROGRAM_NAMES.filter((p) => flavors.includes(programFlavor(p)) && programTable(p).options[name] !== undefined);
  const servers = programs.filter((p) => programTable(p).kind === 'server');
  const clients = programs.filter((p) => programTable(p).kind === 'client');
  if (!server && programs.length === 0) return undefined;
  const parts: string[] = [];
  if (server || servers.length) parts.push(`an option of ${list(servers.length ? servers : flavors.map((f) => (f === 'mariadb' ? 'mariadbd' : 'mysqld')))}`);
  if (clients.length) parts.push(`an option of ${list(clients)}`);
  const syntax =
    server?.type === 'int' && server.min !== undefined && server.max !== undefined
      ? `${server.min}..${server.max}`
      : server?.values
        ? server.values.join(' | ')
        : (server?.type ?? 'value');
  return {
    name,
    summary: `${parts.join('; ')} (${flavors.map(flavorRelease).join(', ')}).`,
    syntax,
    ...(server?.default !== undefined ? { default: server.default } : {}),
    status: 'active',
  };
}

const resolveLoose = (p: MycnfProgram, name: string) => resolveMycnfOption(p, name).loose;
