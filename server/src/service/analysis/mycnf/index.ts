/**
 * Option-file analysis for one document: read it as the programs do (with its includes), then judge every
 * line for every program that reads its group (options.ts), the file's structure (structure.ts), and build the
 * timeline of each group; hover facts come from facts.ts.
 */
import { type MycnfFlavor, type MycnfProgram, mycnfGroupReaders, programTable } from '../../catalog/mycnf';
import type { Timeline } from '../../model/timeline';
import { type MycnfDocument, tokenizeMycnfLine } from '../../syntax/mycnf';
import type { Analysis, Environment, Scope, Settings } from '../types';
import { mycnfContext, readersIn } from './context';
import { mycnfFactsAt } from './facts';
import { checkOption } from './options';
import type { ProgramView } from './programs';
import type { MycnfRead } from './read';
import { MYCNF_RULES } from './rules';
import { checkFile, checkGroup, checkIgnoredDirective, checkInclude, checkOptionBeforeGroup, checkUnclosedGroup } from './structure';
import { clientTimeline, noReaderTimeline, outcomeOf, serverTimeline, stoppedTimeline, stopReason } from './timeline';

export interface MycnfAnalysis extends Analysis {
  readonly doc: MycnfDocument;
  readonly read: MycnfRead;
  /** Whose programs the file was judged for (the setting, the file's place, or what is installed). */
  readonly flavors: readonly MycnfFlavor[];
  /** What each program of those families gets from the file. */
  readonly views: ReadonlyMap<MycnfProgram, ProgramView>;
  /** The group a line of this document is in (as the programs read it). */
  groupAt(line: number): string | undefined;
}

export function analyzeMycnf(uri: string, text: string, settings: Settings, env: Environment): MycnfAnalysis {
  const ctx = mycnfContext(uri, text, settings, env);
  const { doc, lines, read, views, sections } = ctx;
  // Every family's reading stops, so no program starts (when only one does, on a cut `!include` path, its programs'
  // views say so: each timeline lists them as not starting, and mycnf/include-last-line says why).
  const fileFatal = [...views.values()].every((v) => v.stopped) ? read.fatal : undefined;
  checkFile(ctx);

  // Line by line, with the group each line is judged under.
  let group: string | undefined;
  let beforeGroupReported = false;
  for (const l of lines) {
    if (l.kind === 'bad-group') {
      // The programs stop here; what follows is judged as if the bracket were closed.
      group = checkUnclosedGroup(ctx, l);
    } else if (l.kind === 'group') {
      group = l.group!.name;
      checkGroup(ctx, l);
    } else if (l.kind === 'ignored-directive') checkIgnoredDirective(ctx, l);
    else if (l.kind === 'include' || l.kind === 'includedir') checkInclude(ctx, l);
    else if (l.kind !== 'option') continue;
    else if (l.line === 0 && doc.bom) {
      // The byte order mark hides the group header from the programs (reported); judge the rest as if it did not.
      const bare = tokenizeMycnfLine(0, l.text.slice(1));
      if (bare.kind === 'group') group = bare.group!.name;
    } else if (group !== undefined) checkOption(ctx, l, group);
    else if (!beforeGroupReported) {
      beforeGroupReported = true;
      checkOptionBeforeGroup(ctx, l);
    }
  }

  // ---- scopes: one per group header
  const scopes: Scope[] = [];
  const scopeByLine: (Scope | undefined)[] = [];
  for (const s of sections) {
    const l = lines[s.header]!;
    const label = `[${s.name}]`;
    const readers = mycnfGroupReaders(s.name);
    const ours = readersIn(ctx, s.name);
    const servers = ours.filter((p) => programTable(p).kind === 'server');
    const clients = ours.filter((p) => programTable(p).kind === 'client');
    let timeline: Timeline;
    if (fileFatal) {
      timeline = stoppedTimeline(label, 'every program reading this file', `no program starts: ${stopReason(fileFatal)}`);
    } else if (servers.length > 0) {
      timeline = serverTimeline(
        label,
        servers.map((p) => views.get(p)!),
        settings,
      );
    } else if (clients.length > 0) {
      timeline = clientTimeline(
        label,
        s.name,
        clients.map((p) => views.get(p)!),
        settings,
      );
    } else {
      timeline = noReaderTimeline(label, readers.length > 0 ? ctx.flavors : undefined);
    }
    const scope: Scope = { span: l.group!.header, label, summary: `${label} ${timeline.summary}`, outcome: outcomeOf(timeline), timeline };
    scopes.push(scope);
    for (let i = s.header; i < lines.length && (i === s.header || lines[i]!.kind !== 'group'); i++) scopeByLine[i] = scope;
  }

  return {
    doc,
    read,
    flavors: ctx.flavors,
    views,
    groupAt: (line) => ctx.groupAt[line],
    findings: ctx.findings.map((f) => ({ ...f, severity: MYCNF_RULES[f.code].severity })),
    scopes,
    hints: ctx.hints,
    factsAt: (line, character) => mycnfFactsAt(ctx, scopeByLine, line, character),
    scopeAt: (line) => scopeByLine[line],
  };
}
