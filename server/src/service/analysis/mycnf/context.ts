/**
 * What every part of the option-file analysis works from: the document read as the programs read it, each
 * program's view of it, and lookups by line, built once per analysis.
 */
import { MYCNF_PROGRAM_NAMES, type MycnfFlavor, type MycnfProgram, mycnfReadersOf, programFlavor, programTable } from '../../catalog/mycnf';
import { formatDuration } from '../../model/duration';
import { type MycnfDocument, type MycnfLine, tokenizeMycnf, trimMycnfEnd } from '../../syntax/mycnf';
import { dominantEol, type Span } from '../../syntax/text';
import { readOnce } from '../readOnce';
import type { Draft, Environment, Hint, Settings } from '../types';
import { type ProgramView, programView } from './programs';
import { type MycnfEntry, type MycnfIncludeSite, type MycnfRead, mycnfIncludePath, mycnfReadsAlike, readMycnf } from './read';
import type { MycnfCode } from './rules';

/** A `[group]` of this document: its header line and its last non-blank line. */
export interface Section {
  readonly name: string;
  readonly header: number;
  last: number;
}

export interface MycnfContext {
  readonly uri: string;
  readonly doc: MycnfDocument;
  readonly lines: readonly MycnfLine[];
  readonly eol: string;
  readonly settings: Settings;
  /** The file read as the first of `flavors` reads it (MariaDB's when both). */
  readonly read: MycnfRead;
  /**
   * The reading each family's programs get. Read once (`read` for every family) unless an `!include` path stands on a
   * last line without a line break (mycnfReadsAlike): the readings then differ in their words only, and only `read`'s
   * words are shown.
   */
  readonly reads: ReadonlyMap<MycnfFlavor, MycnfRead>;
  /** Whose programs read the file (see mycnfFlavors), and whether that is known or only assumed. */
  readonly flavors: readonly MycnfFlavor[];
  readonly flavorKnown: boolean;
  /** What each program of those families gets from the file. */
  readonly views: ReadonlyMap<MycnfProgram, ProgramView>;
  readonly sections: readonly Section[];
  /** The group each line of this document is in. */
  readonly groupAt: readonly (string | undefined)[];
  /** The option read from a line of this document, and the include site of a directive line. */
  readonly entryAt: ReadonlyMap<number, MycnfEntry>;
  readonly includeAt: ReadonlyMap<number, MycnfIncludeSite>;
  readonly findings: Draft<MycnfCode>[];
  readonly hints: Hint[];
}

/**
 * Whose programs read the option file at `uri`: the user's setting; else a file under `mariadb.conf.d/` is
 * MariaDB's and one under `mysql.conf.d/` MySQL's (the Debian and Ubuntu packages' layouts); else the family
 * installed here; else both, and then an option only one family refuses is a warning (`known` false).
 */
export function mycnfFlavors(uri: string, settings: Settings, env: Environment = {}): { readonly flavors: readonly MycnfFlavor[]; readonly known: boolean } {
  const of = (c: Settings['mysqlFlavor']): MycnfFlavor[] => (c === 'both' ? ['mariadb', 'mysql'] : [c]);
  if (settings.mysqlFlavorSource === 'setting') return { flavors: of(settings.mysqlFlavor), known: true };
  if (/\/mariadb\.conf\.d\//i.test(uri)) return { flavors: ['mariadb'], known: true };
  if (/\/mysql\.conf\.d\//i.test(uri)) return { flavors: ['mysql'], known: true };
  const installed = env.installedMysqlFlavor?.();
  if (installed) return { flavors: [installed], known: true };
  return { flavors: of(settings.mysqlFlavor), known: false };
}

/** The environment's includes, each site read once however often the families' reads and self-includes ask. */
function includesOnce(env: Environment): Environment {
  const include = env.mycnfInclude?.bind(env);
  return include ? { mycnfInclude: readOnce(include, (kind, path, fromUri) => `${kind}\0${path}\0${fromUri}`) } : {};
}

/**
 * `r` with the entries `primary` has too as `primary`'s objects (the same line read at the same place): the views
 * and the line lookups go by identity, so each family's view of a line is found from the one entry of that line.
 */
function sharingEntries(r: MycnfRead, primary: MycnfRead): MycnfRead {
  const key = (e: MycnfEntry) => `${e.uri}\0${e.line.line}\0${e.depth}\0${e.via}\0${e.group}\0${e.arg}`;
  const same = new Map<string, MycnfEntry[]>();
  for (const e of primary.entries) same.set(key(e), [...(same.get(key(e)) ?? []), e]);
  const taken = new Map<string, number>();
  const entries = r.entries.map((e) => {
    const k = key(e);
    const n = taken.get(k) ?? 0;
    taken.set(k, n + 1);
    return same.get(k)?.[n] ?? e;
  });
  return { ...r, entries };
}

export function mycnfContext(uri: string, text: string, settings: Settings, env: Environment): MycnfContext {
  const { flavors, known } = mycnfFlavors(uri, settings, env);
  const included = includesOnce(env);
  const read = readMycnf(uri, text, included, flavors[0]);
  const alike = mycnfReadsAlike(read);
  const reads = new Map(
    flavors.map((f) => [f, f === read.flavor || alike ? read : sharingEntries(readMycnf(uri, text, included, f, read.docs), read)] as const),
  );
  const doc = read.docs.get(uri) ?? tokenizeMycnf(text);
  const views = new Map<MycnfProgram, ProgramView>();
  for (const p of MYCNF_PROGRAM_NAMES) {
    const own = reads.get(programFlavor(p));
    if (own) views.set(p, programView(own, p));
  }
  const groupAt: (string | undefined)[] = [];
  const sections: Section[] = [];
  let current: string | undefined;
  for (const l of doc.lines) {
    if (l.kind === 'group') {
      current = l.group!.name;
      sections.push({ name: current, header: l.line, last: l.line });
    } else if (current !== undefined && l.kind !== 'blank' && sections.length) sections[sections.length - 1]!.last = l.line;
    groupAt[l.line] = current;
  }
  return {
    uri,
    doc,
    lines: doc.lines,
    eol: dominantEol(text),
    settings,
    read,
    reads,
    flavors,
    flavorKnown: known,
    views,
    sections,
    groupAt,
    entryAt: new Map(read.entries.filter((e) => e.uri === uri).map((e) => [e.line.line, e])),
    includeAt: new Map(read.includes.filter((s) => s.uri === uri).map((s) => [s.line.line, s])),
    findings: [],
    hints: [],
  };
}

/**
 * The include sites of a directive line of this document: one for all the file's families when they take the same
 * path, else one per family, each from its own reading (only a last line without a line break tells them apart).
 */
export function includeSitesAt(ctx: MycnfContext, line: number): ReadonlyArray<{ readonly flavors: readonly MycnfFlavor[]; readonly site?: MycnfIncludeSite }> {
  const l = ctx.lines[line]!;
  const paths = ctx.flavors.map((f) => mycnfIncludePath(l, f));
  const at = (site: MycnfIncludeSite | undefined) => (site ? { site } : {});
  if (paths.every((p) => p === paths[0])) return [{ flavors: ctx.flavors, ...at(ctx.includeAt.get(line)) }];
  return ctx.flavors.map((f) => ({ flavors: [f], ...at(ctx.reads.get(f)?.includes.find((s) => s.uri === ctx.uri && s.line.line === line)) }));
}

/** The programs of the file's families (measured releases) that read `[group]`. */
export function readersIn(ctx: Pick<MycnfContext, 'flavors'>, group: string): readonly MycnfProgram[] {
  return mycnfReadersOf(group, ctx.flavors);
}

export const d = (n: number) => formatDuration(n);
export const list = (xs: readonly string[]) => (xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);

/** The group a program reads first (its own): `[mysql]` for mariadb, `[mysqldump]` for mariadb-dump and mysqldump. */
export const ownGroup = (p: MycnfProgram) => programTable(p).groups[0]!;

export function lineSpan(l: MycnfLine): Span {
  return { line: l.line, start: l.indent, end: Math.max(l.indent, trimMycnfEnd(l.text).length) };
}

/** A name as the user spelled names: dashes when they used dashes. */
export function spell(name: string, like: string): string {
  return like.includes('-') && !like.includes('_') ? name.replaceAll('_', '-') : name;
}
