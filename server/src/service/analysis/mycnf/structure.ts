/**
 * Findings on the file's structure: the byte order mark, errors and depth warnings of included files, group
 * headers (unclosed, trailing text, a space in the name, a near miss of a known group), `!` directives, and an
 * option before any group.
 */
import {
  anyServerVariable,
  MYCNF_OTHER_GROUPS,
  MYCNF_PROGRAM_NAMES,
  type MycnfFlavor,
  mycnfGroupReaders,
  mycnfGroupVerdicts,
  normalizeMycnfName,
  programTable,
} from '../../catalog/mycnf';
import { editDistance } from '../../model/editDistance';
import { type MycnfLine, trimMycnfEnd } from '../../syntax/mycnf';
import { fileName } from '../../syntax/text';
import type { FixData, MycnfSkippedFile } from '../types';
import { includeSitesAt, lineSpan, list, type MycnfContext } from './context';
import { MYCNF_WORDS, type MycnfIncludeSite, mycnfDisplayPath, mycnfIncludePath } from './read';

/** Every group name a program reads, ours or not, for did-you-mean. */
const KNOWN_GROUPS: readonly string[] = [
  ...new Set(
    [...MYCNF_PROGRAM_NAMES.flatMap((p) => programTable(p).groups), 'mysqld', 'server', 'mysql', 'client', ...MYCNF_OTHER_GROUPS].map((g) => g.toLowerCase()),
  ),
];

const known = (g: string) => mycnfGroupReaders(g).length > 0 || KNOWN_GROUPS.includes(g.toLowerCase());

/** The byte order mark, and what the included files print. */
export function checkFile(ctx: MycnfContext): void {
  const { doc, lines, read, uri, findings } = ctx;
  if (doc.bom) {
    findings.push({
      code: 'mycnf/bom',
      message:
        'The file starts with a byte order mark: the programs read it as an option before any group and stop ("Found option without preceding group in config file").',
      span: { line: 0, start: 0, end: Math.max(1, trimMycnfEnd(lines[0]!.text).length) },
      fixes: [{ kind: 'removeBom', title: 'Remove the byte order mark', preferred: true }],
    });
  }
  for (const e of read.errors) {
    findings.push({
      code: 'mycnf/included-file-error',
      message: `The programs print \`${e.message}\` and stop reading ${fileName(e.uri)} there: the rest of that file is ignored (they go on with this one).`,
      span: lineSpan(lines[e.via]!),
      fixes: [],
      related: [{ uri: e.uri, span: e.span, message: e.message }],
    });
  }
  for (const w of read.warnings) {
    findings.push({
      code: 'mycnf/include-depth',
      message: `${w.uri === uri ? '' : `${fileName(w.uri)}: `}\`${w.message}\`: a file includes itself, or the includes nest deeper than 10.`,
      span: w.uri === uri ? w.span : lineSpan(lines[w.via]!),
      fixes: [],
    });
  }
}

/** A `[` without `]`; returns the name it meant, which the lines below are judged under. */
export function checkUnclosedGroup(ctx: MycnfContext, l: MycnfLine): string {
  const inside = l.text.slice(l.indent + 1);
  const hash = inside.indexOf('#');
  const name = (hash < 0 ? inside : inside.slice(0, hash)).trim();
  const comment = hash < 0 ? '' : ` ${trimMycnfEnd(inside.slice(hash))}`;
  ctx.findings.push({
    code: 'mycnf/unclosed-group',
    message: `A \`[\` without \`]\`: every program stops ("Wrong group definition in config file ... at line ${l.line + 1}").`,
    span: lineSpan(l),
    fixes: [{ kind: 'replace', title: `Close the bracket: [${name}]`, span: lineSpan(l), text: `[${name}]${comment}`, preferred: true }],
  });
  return name;
}

export function checkGroup(ctx: MycnfContext, l: MycnfLine): void {
  const { lines, findings: out } = ctx;
  const g = l.group!;
  if (g.tail) {
    out.push({
      code: 'mycnf/group-trailing-text',
      message: `\`${l.text.slice(g.tail.start, g.tail.end)}\` after the group header is ignored without a word.`,
      span: g.tail,
      fixes: [{ kind: 'replace', title: 'Turn it into a comment', span: g.tail, text: `# ${l.text.slice(g.tail.start, g.tail.end)}`, preferred: true }],
    });
  }
  if (known(g.name)) return;
  const trimmed = g.name.trim();
  if (trimmed !== g.name && known(trimmed)) {
    const readers = [...new Set(mycnfGroupReaders(trimmed).map((r) => r.program))];
    out.push({
      code: 'mycnf/group-space',
      message: `The space is part of the group name: no program reads \`[${g.name}]\`, so its options are unused. [${trimmed}] is read by ${readers.length ? list(readers) : 'programs Keepalive Lens does not model'}.`,
      span: g.span,
      fixes: [{ kind: 'replace', title: `Change to [${trimmed}]`, span: g.header, text: `[${trimmed}]`, preferred: true }],
    });
    return;
  }
  const lower = trimmed.toLowerCase();
  if (lower.length < 4 || /-\d+\.\d+$/.test(lower)) return;
  const limit = lower.length >= 8 ? 2 : 1;
  // Among equally close names, the group whose programs take the options below it (`[mysqd]` with wait_timeout is [mysqld]).
  const names: string[] = [];
  for (let i = l.line + 1; i < lines.length && lines[i]!.kind !== 'group'; i++) if (lines[i]!.kind === 'option') names.push(lines[i]!.option!.name);
  const rejected = (group: string) => names.filter((n) => mycnfGroupVerdicts(group, n, ctx.flavors).some((v) => v.fatal)).length;
  const near = KNOWN_GROUPS.map((k) => [k, editDistance(lower, k, limit)] as const)
    .filter(([, dist]) => dist <= limit)
    .map(([k, dist]) => [k, dist, rejected(k)] as const)
    .sort((a, b) => a[1] - b[1] || a[2] - b[2] || (a[0] < b[0] ? -1 : 1))
    .map(([k]) => k);
  if (near.length === 0) return;
  out.push({
    code: 'mycnf/unknown-group',
    message: `No program reads [${g.name}]: its options are silently unused. Did you mean [${near[0]}]?`,
    span: g.span,
    fixes: near.slice(0, 3).map((n, i) => ({ kind: 'replace', title: `Change to [${n}]`, span: g.header, text: `[${n}]`, preferred: i === 0 })),
  });
}

/** A `!` line the parser skips (`!INCLUDE`, `!bogus`). */
export function checkIgnoredDirective(ctx: MycnfContext, l: MycnfLine): void {
  const m = /^!\s*(include|includedir)\b/i.exec(l.text.slice(l.indent));
  const fixes: FixData[] = [];
  if (m && m[1] !== m[1]!.toLowerCase()) {
    const start = l.indent + l.text.slice(l.indent).indexOf(m[1]!);
    fixes.push({
      kind: 'replace',
      title: `Write !${m[1]!.toLowerCase()}`,
      span: { line: l.line, start, end: start + m[1]!.length },
      text: m[1]!.toLowerCase(),
      preferred: true,
    });
  }
  ctx.findings.push({
    code: 'mycnf/ignored-directive',
    message: `The programs skip this line without a word: only \`!include PATH\` and \`!includedir PATH\` (lower case, a space before the path) are directives.`,
    span: lineSpan(l),
    fixes,
  });
}

export function checkInclude(ctx: MycnfContext, l: MycnfLine): void {
  const { eol, findings: out } = ctx;
  const inc = l.include!;
  // The path each family's programs take (they differ only on a last line without a line break).
  const paths = ctx.flavors.map((f) => mycnfIncludePath(l, f));
  if (paths.every((x) => x === '')) {
    out.push({
      code: 'mycnf/include-missing-path',
      message: `\`!${l.kind}\` without a path: every program stops ("Wrong '!${l.kind}' directive in config file").`,
      span: lineSpan(l),
      fixes: [],
    });
    return;
  }
  if (inc.truncated && ctx.flavors.includes('mariadb')) {
    // MariaDB's get_argument cuts the last character; MySQL 9.7's takes the whole path (mycnfIncludePath).
    const end = { line: l.line, character: l.text.length };
    const written = l.text.slice(inc.pathSpan.start, inc.pathSpan.end);
    let message = `The file ends without a line break after this line, so the programs drop the path's last character and read \`${inc.path}\`, not \`${written}\`.`;
    if (ctx.flavors.includes('mysql')) {
      message =
        inc.path === ''
          ? `The file ends without a line break after this line: MariaDB's programs drop the path's last character, are left without a path and stop ("Wrong '!${l.kind}' directive in config file"); MySQL's read \`${written}\`.`
          : `The file ends without a line break after this line, so MariaDB's programs drop the path's last character and read \`${inc.path}\`, not \`${written}\` (MySQL's read \`${written}\`).`;
    }
    out.push({
      code: 'mycnf/include-last-line',
      message,
      span: inc.pathSpan,
      fixes: [{ kind: 'edits', title: 'End the file with a line break', edits: [{ from: end, to: end, text: eol }], preferred: true }],
    });
  }
  // What is not read, in the words of the families that read the same path (each its own when the paths differ).
  for (const { flavors, site } of includeSitesAt(ctx, l.line)) {
    const text = site && includeGaps(flavors, site);
    if (!text) continue;
    if (site.result?.dirError) {
      out.push({
        code: 'mycnf/includedir-unreadable',
        message: `Every program stops: \`${text}\`${site.path.startsWith('~') ? ' (`!includedir` does not expand `~`)' : ''}.`,
        span: inc.pathSpan,
        fixes: [],
      });
    } else out.push({ code: 'mycnf/include-not-read', message: text, span: inc.pathSpan, fixes: [] });
  }
}

/**
 * What an include site of this document leaves unread, for `flavors` (the families that take its path): why it reads
 * nothing (a relative path, a directory; a directory that cannot be read, in the programs' own words), or a line per
 * file skipped; undefined when it reads all it names, or when nothing was read (no environment).
 */
export function includeGaps(flavors: readonly MycnfFlavor[], site: MycnfIncludeSite): string | undefined {
  const r = site.result;
  if (!r) return undefined;
  // With both families, MariaDB's words (the first's): they differ only in the form of the OS error.
  if (r.dirError) return MYCNF_WORDS[flavors[0]!].cantReadDir(site.path, r.dirError);
  if (r.relative)
    return `${site.path} is a relative path: the programs resolve it against their working directory, not this file's directory, so it is not followed here.`;
  if (r.directory) return `${site.path} is a directory: \`!include\` reads nothing from it (\`!includedir\` reads its *.cnf files).`;
  const skipped = r.skipped ? [r.skipped] : (r.order ?? []).filter((x): x is MycnfSkippedFile => !('uri' in x));
  if (skipped.length === 0) return undefined;
  const stopped = MYCNF_WORDS.mysql.stopped!(site.line.kind as 'include' | 'includedir', mycnfDisplayPath(site.uri), site.line.line + 1);
  return skipped.map((x) => skippedText(flavors, x, stopped)).join('\n');
}

/** errno's ENOENT (the same number on every system the programs run on). */
const ENOENT = 2;

/**
 * Why an `!include`/`!includedir` target is not read, for the families that read the file: both warn about a
 * world-writable file, each in its words; MariaDB's programs skip a file they cannot stat or open without a word,
 * MySQL's report it and name the directive (search_default_file_with_ext in mysys/my_default.cc: check_file_permissions
 * and mysql_file_fopen with MY_WME for an included file, then EE_FAILED_PROCESSING_DIRECTIVE).
 */
function skippedText(flavors: readonly MycnfFlavor[], s: MycnfSkippedFile, stopped: string): string {
  const mariadb = flavors.includes('mariadb');
  const mysql = flavors.includes('mysql');
  if (s.worldWritable) {
    if (!(mariadb && mysql)) return MYCNF_WORDS[flavors[0]!].worldWritable(s.name);
    return `\`${s.name}\` is world-writable: the programs ignore it, with a warning (MariaDB's \`${MYCNF_WORDS.mariadb.worldWritable(s.name)}\`, MySQL's \`${MYCNF_WORDS.mysql.worldWritable(s.name)}\`).`;
  }
  const { step, error } = s.failed;
  if (!mysql) {
    return step === 'stat' && error.errno === ENOENT
      ? `${s.name} does not exist: the programs skip the line without a word.`
      : `${s.name} cannot be ${step === 'stat' ? 'examined' : 'read'} (${error.text}): the programs skip it without a word.`;
  }
  const said = `\`${MYCNF_WORDS.mysql.failedFile!(s.name, step, error)}\` and \`${stopped}\``;
  return `\`${s.name}\`: ${error.text}. ${mariadb ? "MariaDB's programs skip it without a word; MySQL's print" : "MySQL's programs print"} ${said} at every start, and go on without it.`;
}

/** The first option before any group (the programs stop there, so only the first is reported). */
export function checkOptionBeforeGroup(ctx: MycnfContext, l: MycnfLine): void {
  const name = normalizeMycnfName(l.option!.name);
  const server =
    anyServerVariable(name, ctx.flavors) !== undefined &&
    ![...ctx.views.keys()].some((p) => programTable(p).kind === 'client' && programTable(p).options[name]);
  const first = server ? 'mysqld' : 'client';
  const second = server ? 'client' : 'mysqld';
  ctx.findings.push({
    code: 'mycnf/option-before-group',
    message: `An option before the first [group] of the file: every program stops ("Found option without preceding group in config file ... at line: ${l.line + 1}").`,
    span: lineSpan(l),
    fixes: [
      { kind: 'insertLines', title: `Insert [${first}] above`, afterLine: l.line - 1, lines: [`[${first}]`], preferred: true },
      { kind: 'insertLines', title: `Insert [${second}] above`, afterLine: l.line - 1, lines: [`[${second}]`] },
    ],
  });
}
