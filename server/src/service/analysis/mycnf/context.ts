/**
 * What every part of the option-file analysis works from: the document read as the programs read it, each
 * program's view of it, and lookups by line, built once per analysis.
 */
import { MARIADB_PROGRAMS, MARIADB_SERIES, type MariadbProgram, mycnfGroupReaders } from '../../catalog/mycnf';
import { formatDuration } from '../../model/duration';
import { type MycnfDocument, type MycnfLine, tokenizeMycnf, trimMycnfEnd } from '../../syntax/mycnf';
import { dominantEol, type Span } from '../../syntax/text';
import type { Environment, Finding, FixData, Hint, Settings } from '../types';
import { type ProgramView, programView } from './programs';
import { type MycnfEntry, type MycnfIncludeSite, type MycnfRead, readMycnf } from './read';
import type { MycnfCode } from './rules';

export interface Draft {
  readonly code: MycnfCode;
  readonly message: string;
  readonly span: Span;
  readonly fixes: readonly FixData[];
  readonly unnecessary?: boolean;
  readonly related?: Finding['related'];
}

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
  readonly read: MycnfRead;
  /** What each MariaDB program gets from the file. */
  readonly views: ReadonlyMap<MariadbProgram, ProgramView>;
  readonly sections: readonly Section[];
  /** The group each line of this document is in. */
  readonly groupAt: readonly (string | undefined)[];
  /** The option read from a line of this document, and the include site of a directive line. */
  readonly entryAt: ReadonlyMap<number, MycnfEntry>;
  readonly includeAt: ReadonlyMap<number, MycnfIncludeSite>;
  readonly findings: Draft[];
  readonly hints: Hint[];
}

export function mycnfContext(uri: string, text: string, settings: Settings, env: Environment): MycnfContext {
  const read = readMycnf(uri, text, env);
  const doc = read.docs.get(uri) ?? tokenizeMycnf(text);
  const views = new Map<MariadbProgram, ProgramView>();
  for (const p of Object.keys(MARIADB_PROGRAMS) as MariadbProgram[]) views.set(p, programView(read, p));
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
    views,
    sections,
    groupAt,
    entryAt: new Map(read.entries.filter((e) => e.uri === uri).map((e) => [e.line.line, e])),
    includeAt: new Map(read.includes.filter((s) => s.uri === uri).map((s) => [s.line.line, s])),
    findings: [],
    hints: [],
  };
}

/** The MariaDB programs of the measured release that read `[group]`. */
export function mariadbReaders(group: string): MariadbProgram[] {
  return mycnfGroupReaders(group)
    .filter((r) => r.flavor === 'mariadb' && (r.series === undefined || r.series === MARIADB_SERIES))
    .map((r) => r.program as MariadbProgram);
}

export const d = (n: number) => formatDuration(n);
export const short = (uri: string) => uri.replace(/^.*\//, '');
export const list = (xs: readonly string[]) => (xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);

/** The group a program reads first (its own): `[mysql]` for mariadb, `[mysqldump]` for mariadb-dump. */
export const ownGroup = (p: MariadbProgram) => MARIADB_PROGRAMS[p].groups[0]!;

export function lineSpan(l: MycnfLine): Span {
  return { line: l.line, start: l.indent, end: Math.max(l.indent, trimMycnfEnd(l.text).length) };
}

/** A name as the user spelled names: dashes when they used dashes. */
export function spell(name: string, like: string): string {
  return like.includes('-') && !like.includes('_') ? name.replaceAll('_', '-') : name;
}
