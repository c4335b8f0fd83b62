/**
 * Option-file analysis for one document: read it as the programs do (with its includes), then judge every
 * line for every program that reads its group: which of them refuse to start and with which words, which
 * values they clamp, which lines are overridden; and the timeline of each group.
 */
import {
  MARIADB_CLIENT_PROGRAMS,
  MARIADB_PROGRAMS,
  MARIADB_SERIES,
  type MariadbProgram,
  MYCNF_OTHER_GROUPS,
  mariadbGroupVerdicts,
  mariadbServerVariable,
  mycnfGroupReaders,
  mycnfOption,
  mycnfSuggestions,
  normalizeMycnfName,
  resolveMycnfOption,
} from '../../catalog/mycnf';
import type { DirectiveDoc } from '../../catalog/types';
import { formatDuration } from '../../model/duration';
import { editDistance } from '../../model/editDistance';
import type { Timeline } from '../../model/timeline';
import { type MycnfDocument, type MycnfLine, tokenizeMycnf, tokenizeMycnfLine } from '../../syntax/mycnf';
import { dominantEol, type Span } from '../../syntax/text';
import type { Analysis, Environment, Finding, FixData, Hint, LineFacts, Scope, Settings, TextChange } from '../types';
import { failureOf, intRange, intText, type ProgramFailure, type ProgramView, programView, readIntFor } from './programs';
import { type MycnfEntry, type MycnfRead, readMycnf, sameGroup } from './read';
import { MYCNF_RULES, type MycnfCode } from './rules';
import { clientTimeline, KERNEL_KEEPALIVE_MAX, noReaderTimeline, outcomeOf, serverTimeline } from './timeline';

export interface MycnfAnalysis extends Analysis {
  readonly doc: MycnfDocument;
  readonly read: MycnfRead;
  /** What each MariaDB program gets from the file. */
  readonly views: ReadonlyMap<MariadbProgram, ProgramView>;
}

interface Draft {
  readonly code: MycnfCode;
  readonly message: string;
  readonly span: Span;
  readonly fixes: readonly FixData[];
  readonly unnecessary?: boolean;
  readonly related?: Finding['related'];
}

const d = (n: number) => formatDuration(n);
const short = (uri: string) => uri.replace(/^.*\//, '');
const list = (xs: readonly string[]) => (xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);

/** The group a program reads first (its own): `[mysql]` for mariadb, `[mysqldump]` for mariadb-dump. */
const ownGroup = (p: MariadbProgram) => MARIADB_PROGRAMS[p].groups[0]!;

/** Trailing whitespace as the programs see it (ASCII only: a no-break space is part of the value). */
const trimEnd = (s: string) => s.replace(/[ \t\n\r\v\f]+$/, '');

function lineSpan(l: MycnfLine): Span {
  return { line: l.line, start: l.indent, end: Math.max(l.indent, trimEnd(l.text).length) };
}

/** Every group name a program reads, ours or not, for did-you-mean. */
const KNOWN_GROUPS: readonly string[] = [
  ...new Set(
    [...Object.values(MARIADB_PROGRAMS).flatMap((t) => t.groups), 'mysqld', 'server', 'mysql', 'client', ...MYCNF_OTHER_GROUPS].map((g) => g.toLowerCase()),
  ),
];

export function analyzeMycnf(uri: string, text: string, settings: Settings, env: Environment): MycnfAnalysis {
  const read = readMycnf(uri, text, env);
  const doc = read.docs.get(uri) ?? tokenizeMycnf(text);
  const lines = doc.lines;
  const eol = dominantEol(text);
  const findings: Draft[] = [];
  const hints: Hint[] = [];
  const views = new Map<MariadbProgram, ProgramView>();
  for (const p of Object.keys(MARIADB_PROGRAMS) as MariadbProgram[]) views.set(p, programView(read, p));
  const fileFatal = read.fatal;

  // Where each group of this document starts and ends (for moves), by line.
  const groupAt: (string | undefined)[] = [];
  const sections: Array<{ name: string; header: number; last: number }> = [];
  {
    let current: string | undefined;
    for (const l of lines) {
      if (l.kind === 'group') {
        current = l.group!.name;
        sections.push({ name: current, header: l.line, last: l.line });
      } else if (current !== undefined && l.kind !== 'blank' && sections.length) sections[sections.length - 1]!.last = l.line;
      groupAt[l.line] = current;
    }
  }

  /** Edits that put `line` at the end of each group (new groups at the end of the file for those that are missing). */
  const appendToGroups = (groups: readonly string[], line: string): TextChange[] => {
    const edits: TextChange[] = [];
    const missing: string[] = [];
    for (const group of groups) {
      const section = [...sections].reverse().find((s) => sameGroup(s.name, group));
      if (!section) {
        missing.push(group);
        continue;
      }
      const at = { line: section.last, character: lines[section.last]!.text.length };
      edits.push({ from: at, to: at, text: eol + line });
    }
    if (missing.length === 0) return edits;
    const blocks = missing.map((g) => `[${g}]${eol}${line}`).join(eol + eol);
    const last = lines.length - 1;
    if (lines[last]!.text === '') {
      const sep = last > 0 && lines[last - 1]!.text.trim() !== '' ? eol : '';
      edits.push({ from: { line: last, character: 0 }, to: { line: last, character: 0 }, text: sep + blocks + eol });
    } else {
      const at = { line: last, character: lines[last]!.text.length };
      edits.push({ from: at, to: at, text: eol + eol + blocks });
    }
    return edits;
  };
  const deleteLine = (l: MycnfLine): TextChange =>
    l.line + 1 < lines.length
      ? { from: { line: l.line, character: 0 }, to: { line: l.line + 1, character: 0 }, text: '' }
      : {
          from: { line: Math.max(0, l.line - 1), character: l.line > 0 ? lines[l.line - 1]!.text.length : 0 },
          to: { line: l.line, character: l.text.length },
          text: '',
        };
  /** Move a line (renamed, when `name` is given) into other groups: one edit removes it, one per group adds it. */
  const moveFix = (title: string, l: MycnfLine, groups: readonly string[], name?: string, preferred = false): FixData => {
    const o = l.option!;
    const moved = name === undefined ? l.text.trim() : `${l.text.slice(l.indent, o.nameSpan.start)}${name}${l.text.slice(o.nameSpan.end)}`.trim();
    const own = groupAt[l.line];
    const others = groups.filter((g) => own === undefined || !sameGroup(g, own));
    // The line stays where it is when its own group is one of the targets (renamed, if asked).
    const stays = others.length < groups.length;
    const here: TextChange[] = stays
      ? name === undefined
        ? []
        : [{ from: { line: l.line, character: o.nameSpan.start }, to: { line: l.line, character: o.nameSpan.end }, text: name }]
      : [deleteLine(l)];
    return { kind: 'edits', title, edits: [...here, ...appendToGroups(others, moved)], preferred };
  };
  const looseFix = (l: MycnfLine, preferred = false): FixData => ({
    kind: 'replace',
    title: `Prefix with loose- (programs without the option only warn)`,
    span: { line: l.line, start: l.option!.nameSpan.start, end: l.option!.nameSpan.start },
    text: 'loose-',
    preferred,
  });

  // ---- file-level problems
  if (doc.bom) {
    findings.push({
      code: 'mycnf/bom',
      message:
        'The file starts with a byte order mark: the programs read it as an option before any group and stop ("Found option without preceding group in config file").',
      span: { line: 0, start: 0, end: Math.max(1, trimEnd(lines[0]!.text).length) },
      fixes: [{ kind: 'removeBom', title: 'Remove the byte order mark', preferred: true }],
    });
  }
  for (const e of read.errors) {
    findings.push({
      code: 'mycnf/included-file-error',
      message: `The programs print \`${e.message}\` and stop reading ${short(e.uri)} there: the rest of that file is ignored (they go on with this one).`,
      span: lineSpan(lines[e.via]!),
      fixes: [],
      related: [{ uri: e.uri, span: e.span, message: e.message }],
    });
  }
  for (const w of read.warnings) {
    findings.push({
      code: 'mycnf/include-depth',
      message: `${w.uri === uri ? '' : `${short(w.uri)}: `}\`${w.message}\`: a file includes itself, or the includes nest deeper than 10.`,
      span: w.uri === uri ? w.span : lineSpan(lines[w.via]!),
      fixes: [],
    });
  }

  // ---- line by line
  let group: string | undefined;
  let beforeGroupReported = false;
  for (const l of lines) {
    if (l.kind === 'bad-group') {
      const inside = l.text.slice(l.indent + 1);
      const hash = inside.indexOf('#');
      const name = (hash < 0 ? inside : inside.slice(0, hash)).trim();
      const comment = hash < 0 ? '' : ` ${trimEnd(inside.slice(hash))}`;
      // The programs stop here; what follows is judged as if the bracket were closed.
      group = name;
      findings.push({
        code: 'mycnf/unclosed-group',
        message: `A \`[\` without \`]\`: every program stops ("Wrong group definition in config file ... at line ${l.line + 1}").`,
        span: lineSpan(l),
        fixes: [
          {
            kind: 'replace',
            title: `Close the bracket: [${name}]`,
            span: lineSpan(l),
            text: `[${name}]${comment}`,
            preferred: true,
          },
        ],
      });
      continue;
    }
    if (l.kind === 'group') {
      group = l.group!.name;
      checkGroup(l, findings);
      continue;
    }
    if (l.kind === 'ignored-directive') {
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
      findings.push({
        code: 'mycnf/ignored-directive',
        message: `The programs skip this line without a word: only \`!include PATH\` and \`!includedir PATH\` (lower case, a space before the path) are directives.`,
        span: lineSpan(l),
        fixes,
      });
      continue;
    }
    if (l.kind === 'include' || l.kind === 'includedir') {
      checkInclude(l, findings);
      continue;
    }
    if (l.kind !== 'option') continue;
    if (l.line === 0 && doc.bom) {
      // The byte order mark hides the group header from the programs (reported above); judge the rest as if it did not.
      const bare = tokenizeMycnfLine(0, l.text.slice(1));
      if (bare.kind === 'group') group = bare.group!.name;
      continue;
    }
    if (group === undefined) {
      if (!beforeGroupReported) {
        beforeGroupReported = true;
        const name = normalizeMycnfName(l.option!.name);
        const server = mariadbServerVariable(name) !== undefined && !MARIADB_CLIENT_PROGRAMS.some((p) => MARIADB_PROGRAMS[p].options[name]);
        const first = server ? 'mysqld' : 'client';
        const second = server ? 'client' : 'mysqld';
        findings.push({
          code: 'mycnf/option-before-group',
          message: `An option before the first [group] of the file: every program stops ("Found option without preceding group in config file ... at line: ${l.line + 1}").`,
          span: lineSpan(l),
          fixes: [
            { kind: 'insertLines', title: `Insert [${first}] above`, afterLine: l.line - 1, lines: [`[${first}]`], preferred: true },
            { kind: 'insertLines', title: `Insert [${second}] above`, afterLine: l.line - 1, lines: [`[${second}]`] },
          ],
        });
      }
      continue;
    }
    checkOption(l, group, findings);
  }

  function checkGroup(l: MycnfLine, out: Draft[]): void {
    const g = l.group!;
    if (g.tail) {
      out.push({
        code: 'mycnf/group-trailing-text',
        message: `\`${l.text.slice(g.tail.start, g.tail.end)}\` after the group header is ignored without a word.`,
        span: g.tail,
        fixes: [{ kind: 'replace', title: 'Turn it into a comment', span: g.tail, text: `# ${l.text.slice(g.tail.start, g.tail.end)}`, preferred: true }],
      });
    }
    if (mycnfGroupReaders(g.name).length > 0 || KNOWN_GROUPS.includes(g.name.toLowerCase())) return;
    const trimmed = g.name.trim();
    if (trimmed !== g.name && (mycnfGroupReaders(trimmed).length > 0 || KNOWN_GROUPS.includes(trimmed.toLowerCase()))) {
      out.push({
        code: 'mycnf/group-space',
        message: `The space is part of the group name: no program reads \`[${g.name}]\`, so its options are unused. [${trimmed}] is read by ${readerText(trimmed)}.`,
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
    const rejected = (g: string) => names.filter((n) => mariadbGroupVerdicts(g, n).some((v) => v.fatal)).length;
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

  function readerText(g: string): string {
    const names = [...new Set(mycnfGroupReaders(g).map((r) => r.program))];
    return names.length ? list(names) : 'programs Keepalive Lens does not model';
  }

  function checkInclude(l: MycnfLine, out: Draft[]): void {
    const inc = l.include!;
    if (inc.path === '') {
      out.push({
        code: 'mycnf/include-missing-path',
        message: `\`!${l.kind}\` without a path: every program stops ("Wrong '!${l.kind}' directive in config file").`,
        span: lineSpan(l),
        fixes: [],
      });
      return;
    }
    if (inc.truncated) {
      const end = { line: l.line, character: l.text.length };
      out.push({
        code: 'mycnf/include-last-line',
        message: `The file ends without a line break after this line, so the programs drop the path's last character and read \`${inc.path}\`, not \`${l.text.slice(inc.pathSpan.start, inc.pathSpan.end)}\`.`,
        span: inc.pathSpan,
        fixes: [{ kind: 'edits', title: 'End the file with a line break', edits: [{ from: end, to: end, text: eol }], preferred: true }],
      });
    }
    const site = read.includes.find((s) => s.uri === uri && s.line.line === l.line);
    const r = site?.result;
    if (!r) return;
    if (r.fatal) {
      out.push({
        code: 'mycnf/includedir-unreadable',
        message: `Every program stops: \`${r.problem}\`${inc.path.startsWith('~') ? ' (`!includedir` does not expand `~`)' : ''}.`,
        span: inc.pathSpan,
        fixes: [],
      });
    } else if (r.problem) {
      out.push({ code: 'mycnf/include-not-read', message: r.problem, span: inc.pathSpan, fixes: [] });
    }
  }

  function checkOption(l: MycnfLine, g: string, out: Draft[]): void {
    const o = l.option!;
    const readers = mycnfGroupReaders(g);
    const entry: MycnfEntry | undefined = read.entries.find((e) => e.uri === uri && e.line.line === l.line);
    const name = normalizeMycnfName(o.name);
    // Quoting and comments: what the program gets.
    if (l.comment && o.valueSpan && l.comment.start === o.valueSpan.end && o.raw !== '') {
      const whole = `${o.raw}${trimEnd(l.text.slice(l.comment.start))}`;
      const fixes: FixData[] = [];
      if (!whole.includes('"') && !/\\/.test(whole)) {
        fixes.push({
          kind: 'replace',
          title: `Quote the value: "${whole}"`,
          span: { line: l.line, start: o.valueSpan.start, end: trimEnd(l.text).length },
          text: `"${whole}"`,
        });
      }
      fixes.push({
        kind: 'edits',
        title: 'Move the comment onto its own line above',
        edits: [
          { from: { line: l.line, character: o.valueSpan.end }, to: { line: l.line, character: l.text.length }, text: '' },
          {
            from: { line: l.line, character: 0 },
            to: { line: l.line, character: 0 },
            text: `${l.text.slice(0, l.indent)}${trimEnd(l.text.slice(l.comment.start))}${eol}`,
          },
        ],
      });
      out.push({
        code: 'mycnf/glued-comment',
        message: `\`#\` starts a comment even without a space: the program gets \`${o.value}\`, not \`${whole}\`. Quote the value to keep the \`#\`.`,
        span: { line: l.line, start: o.valueSpan.start, end: trimEnd(l.text).length },
        fixes,
      });
    }
    if (o.raw && (o.raw[0] === '"' || o.raw[0] === "'") && o.quote === undefined) {
      const q = o.raw[0];
      out.push({
        code: 'mycnf/unbalanced-quote',
        message: `The value starts with ${q} but does not end with it: the quotes stay, and the program gets \`${o.value}\`.`,
        span: o.valueSpan!,
        fixes: o.raw.length > 1 ? [{ kind: 'replace', title: `Close the quote`, span: o.valueSpan!, text: `${o.raw}${q}`, preferred: true }] : [],
      });
    }
    if (readers.length === 0 || !entry) return;
    const mariadb = readers.filter((r) => r.flavor === 'mariadb' && (r.series === undefined || r.series === MARIADB_SERIES));
    const programs = mariadb.map((r) => r.program as MariadbProgram);
    if (programs.length === 0) return;
    const verdicts = programs.map((p) => ({ program: p, view: views.get(p)!, failure: views.get(p)!.failures.find((f) => f.entry === entry) }));
    const failing = verdicts.filter((v): v is typeof v & { failure: ProgramFailure } => v.failure !== undefined);
    const accepting = programs.filter((p) => {
      const r = views.get(p)!.settings.find((s) => s.entry === entry)?.resolution;
      return r !== undefined && !failing.some((f) => f.program === p);
    });
    const unknownTo = failing.filter((f) => f.failure.kind === 'unknown');
    const byKind = (k: ProgramFailure['kind']) => failing.filter((f) => f.failure.kind === k);
    const serverGroup = readers.some((r) => r.kind === 'server');
    const clientGroup = readers.some((r) => r.kind === 'client');

    if (unknownTo.length > 0) {
      const who = unknownTo.map((f) => f.program);
      const quoted = `\`${unknownTo[0]!.failure.message}\``;
      const everywhere = MARIADB_CLIENT_PROGRAMS.filter((p) => MARIADB_PROGRAMS[p].options[name] !== undefined);
      const isServerVar = mariadbServerVariable(name) !== undefined || mycnfOption(name, 'server') !== undefined;
      const fixes: FixData[] = [];
      let code: MycnfCode;
      let message: string;
      if (!serverGroup && isServerVar && everywhere.length === 0) {
        code = 'mycnf/server-option-in-client-group';
        message = `${name} is a server variable, and no client program has it: ${list(who)} refuse${who.length === 1 ? 's' : ''} to start (${quoted}). The server reads it from [mysqld].`;
        fixes.push(moveFix('Move to [mysqld]', l, ['mysqld'], undefined, true));
      } else if (accepting.length > 0) {
        code = 'mycnf/rejected-option';
        message = `${list(who)} ${who.length === 1 ? 'has' : 'have'} no option ${name} and refuse${who.length === 1 ? 's' : ''} to start (${quoted}, exit 7); only ${list(accepting)} ${accepting.length === 1 ? 'takes' : 'take'} it from [${g}].`;
        const targets = [...new Set(accepting.filter((p) => MARIADB_PROGRAMS[p].kind === 'client').map(ownGroup))];
        if (clientGroup && targets.length > 0) {
          fixes.push(moveFix(`Move to ${targets.map((t) => `[${t}]`).join(' and ')} (the programs that have it)`, l, targets, undefined, true));
        }
        fixes.push(looseFix(l, fixes.length === 0));
      } else {
        code = 'mycnf/unknown-option';
        message = `No program reading [${g}] has an option ${name}: ${list(who)} refuse${who.length === 1 ? 's' : ''} to start (${quoted}).`;
      }
      if (code !== 'mycnf/rejected-option') {
        // The client read/write timeouts people copy from articles: the server-side timeouts are what exists.
        const serverTwin = name === 'read_timeout' ? 'net_read_timeout' : name === 'write_timeout' ? 'net_write_timeout' : undefined;
        if (serverTwin && !serverGroup) {
          message += ` No client program has a ${name.replace('_', ' ')}; the server's ${serverTwin} in [mysqld] is the setting that exists.`;
          fixes.push(moveFix(`Replace with ${serverTwin} in [mysqld] (the server-side timeout)`, l, ['mysqld'], serverTwin, true));
        } else if (name === 'timeout' && !serverGroup) {
          fixes.push(moveFix('Replace with connect_timeout in [mysql] (the command-line client)', l, ['mysql'], 'connect_timeout', true));
        }
        const pool = programs.length === 1 ? programs[0] : undefined;
        const sugg =
          isServerVar || serverTwin ? [] : mycnfSuggestions(o.name, pool).filter((s) => programs.some((p) => MARIADB_PROGRAMS[p].options[s] !== undefined));
        sugg.forEach((s, i) => {
          fixes.push({
            kind: 'replace',
            title: `Change to ${s}`,
            span: o.nameSpan,
            text: spell(s, o.name),
            preferred: i === 0 && !fixes.some((f) => f.preferred),
          });
        });
        if (sugg.length) message += ` Did you mean ${sugg[0]}?`;
        if (code === 'mycnf/unknown-option' && !serverTwin) fixes.push(looseFix(l));
      }
      out.push({ code, message, span: o.nameSpan, fixes });
    }
    for (const f of byKind('ambiguous')) {
      const r = resolveMycnfOption(f.program, o.name);
      const cands = [...(r.candidates ?? [])].sort(
        (a, b) => Number(!mycnfOption(a, 'client') && !mycnfOption(a, 'server')) - Number(!mycnfOption(b, 'client') && !mycnfOption(b, 'server')),
      );
      out.push({
        code: 'mycnf/ambiguous-option',
        message: `${o.name} is the beginning of several options of ${f.program} (${(r.candidates ?? []).join(', ')}): it stops with \`${f.failure.message}\`.`,
        span: o.nameSpan,
        fixes: cands.slice(0, 6).map((c, i) => ({ kind: 'replace', title: `Change to ${c}`, span: o.nameSpan, text: spell(c, o.name), preferred: i === 0 })),
      });
      break;
    }
    for (const k of ['disabled', 'exits', 'missing-value', 'unexpected-value', 'invalid-number'] as const) {
      const fs = byKind(k);
      if (fs.length === 0) continue;
      const who = fs.map((f) => f.program);
      const code: MycnfCode =
        k === 'disabled'
          ? 'mycnf/disabled-option'
          : k === 'exits'
            ? 'mycnf/exits-program'
            : k === 'missing-value'
              ? 'mycnf/missing-value'
              : k === 'unexpected-value'
                ? 'mycnf/unexpected-value'
                : 'mycnf/invalid-number';
      const first = fs[0]!.failure.message.split('\n');
      const fixes: FixData[] = [];
      if (k === 'exits') fixes.push({ kind: 'deleteLines', title: 'Delete the line', from: l.line, to: l.line, preferred: true });
      if (k === 'unexpected-value' && o.equals) {
        const end = o.valueSpan ? Math.max(o.valueSpan.end, o.equals.end) : o.equals.end;
        fixes.push({
          kind: 'replace',
          title: `Remove the value (${o.name} is a switch)`,
          span: { line: l.line, start: o.nameSpan.end, end },
          text: '',
          preferred: true,
        });
      }
      if (k === 'invalid-number' && o.valueSpan) {
        const digits = /^\s*(\d+)/.exec(o.value ?? '')?.[1];
        if (digits && digits !== o.raw) fixes.push({ kind: 'replace', title: `Write ${digits}`, span: o.valueSpan, text: digits, preferred: true });
      }
      out.push({
        code,
        message:
          k === 'exits'
            ? `${list(who)} ${who.length === 1 ? 'prints' : 'print'} ${fs[0]!.failure.message.includes('version') ? 'its version' : 'its help'} and ${who.length === 1 ? 'exits' : 'exit'} instead of running.`
            : `${list(who)} refuse${who.length === 1 ? 's' : ''} to start: \`${first.join(' / ')}\`.`,
        span: k === 'invalid-number' || k === 'missing-value' || k === 'unexpected-value' ? (o.valueSpan ?? o.nameSpan) : o.nameSpan,
        fixes,
      });
    }
    // A unique prefix: accepted, with an Info line at every start.
    const prefixed = verdicts.find((v) => v.view.settings.find((s) => s.entry === entry)?.resolution.status === 'prefix');
    if (prefixed) {
      const full = prefixed.view.settings.find((s) => s.entry === entry)!.option;
      const written = o.name.replace(/^(loose[-_])?/i, '');
      if (!/^(skip|disable|enable|maximum|autoset)[-_]/i.test(written)) {
        out.push({
          code: 'mycnf/option-prefix',
          message: `${o.name} is only a prefix of ${full}: ${prefixed.program} uses it but prints "Using unique option prefix '${written}' is error-prone and can break in the future" at every start.`,
          span: o.nameSpan,
          fixes: [
            {
              kind: 'replace',
              title: `Write ${full}`,
              span: o.nameSpan,
              text: o.name.slice(0, o.name.length - written.length) + spell(full, written),
              preferred: true,
            },
          ],
        });
      }
    }
    // loose- that nobody knows: a warning at every start, and no effect.
    if (failing.length === 0 && accepting.length === 0 && programs.length > 0) {
      const sugg = mycnfSuggestions(o.name).filter((s) => programs.some((p) => MARIADB_PROGRAMS[p].options[s] !== undefined));
      out.push({
        code: 'mycnf/loose-unknown',
        message: `No program reading [${g}] has ${name.replace(/^loose_/, '')}: each prints "unknown variable" as a warning and the line has no effect.${sugg.length ? ` Did you mean ${sugg[0]}?` : ''}`,
        span: o.nameSpan,
        fixes: sugg.map((s, i) => ({
          kind: 'replace',
          title: `Change to loose-${s}`,
          span: o.nameSpan,
          text: `${o.name.slice(0, 6)}${spell(s, o.name.slice(6))}`,
          preferred: i === 0,
        })),
      });
    }
    // Values: clamping, kernel limits, pools.
    if (failing.length === 0) checkValue(l, entry, programs, out);
  }

  function checkValue(l: MycnfLine, entry: MycnfEntry, programs: readonly MariadbProgram[], out: Draft[]): void {
    const o = l.option!;
    // skip-/disable- lines may have no value: findings and hints then sit on the name.
    const at = o.valueSpan ?? o.nameSpan;
    let clampNoted = false;
    for (const p of programs) {
      const s = views.get(p)!.settings.find((x) => x.entry === entry);
      const text = s ? intText(s) : undefined;
      if (!s || text === undefined) continue;
      const reading = readIntFor(p, s.option, text);
      if (reading && !reading.ok) {
        if (!clampNoted) {
          clampNoted = true;
          out.push({
            code: 'mycnf/loose-bad-value',
            message: `${p} cannot read the value: \`${reading.error.split('\n').join(' / ')}\`. Because of loose- it runs anyway, with ${s.option} = 0.`,
            span: at,
            fixes: [],
          });
        }
        continue;
      }
      if (!reading?.ok) continue;
      if (reading.warning && !clampNoted) {
        clampNoted = true;
        out.push({
          code: 'mycnf/out-of-range',
          message: `${p} clamps the value: "${reading.warning}".`,
          span: at,
          // Only a written number is replaced (skip-x has none to replace).
          fixes:
            o.valueSpan && text === o.value
              ? [{ kind: 'replace', title: `Write ${reading.value}`, span: o.valueSpan, text: String(reading.value), preferred: true }]
              : [],
        });
      }
      const v = Number(reading.value);
      const range = intRange(p, s.option);
      if (MARIADB_PROGRAMS[p].kind === 'server' && s.option.startsWith('tcp_keepalive_')) {
        const max = s.option === 'tcp_keepalive_probes' ? KERNEL_KEEPALIVE_MAX.probes : KERNEL_KEEPALIVE_MAX.time;
        if (v > max) {
          out.push({
            code: 'mycnf/keepalive-over-kernel-limit',
            message: `The kernel refuses ${s.option === 'tcp_keepalive_probes' ? 'more than 127 probes' : 'more than 32767 s'} per socket: the server's setsockopt fails silently and the kernel's value stays in force.`,
            span: at,
            fixes: [{ kind: 'replace', title: `Write ${max}`, span: at, text: String(max), preferred: true }],
          });
        }
      }
      if (MARIADB_PROGRAMS[p].kind === 'server' && (s.option === 'wait_timeout' || s.option === 'interactive_timeout') && v < settings.mysqlPoolIdleTime) {
        const last = views
          .get(p)!
          .settings.filter((x) => x.option === s.option)
          .at(-1);
        if (last?.entry === entry) {
          out.push({
            code: 'mycnf/short-wait-timeout',
            message: `${s.option} ${d(v)} is shorter than the ${d(settings.mysqlPoolIdleTime)} a connection pool may keep a connection idle (setting keepaliveLens.mysql.poolIdleTime): the server closes pooled connections and the application gets "server has gone away". Keep the pool's idle limit (HikariCP maxLifetime, Go SetConnMaxIdleTime) below ${d(v)}.`,
            span: at,
            fixes: [],
          });
        }
      }
      if (range && mycnfOption(s.option, MARIADB_PROGRAMS[p].kind)?.unit === 'seconds' && !hints.some((h) => h.line === l.line)) {
        const kernelNote = s.option.startsWith('tcp_keepalive_') && v === 0;
        hints.push({
          line: l.line,
          character: at.end,
          label: kernelNote ? `kernel value` : reading.warning ? `→ ${d(v)}` : v >= 60 ? d(v) : `${v} s`,
          ...(reading.warning ? { tooltip: reading.warning } : {}),
        });
      }
    }
    // Overridden for every program that reads the line: the later line wins.
    const laters = programs
      .map((p) => {
        const view = views.get(p)!;
        const mine = view.settings.find((x) => x.entry === entry);
        if (!mine) return undefined;
        return view.settings.filter((x) => x.option === mine.option).at(-1);
      })
      .filter((x) => x !== undefined);
    if (laters.length === programs.length && laters.every((x) => x.entry !== entry)) {
      const later = laters[0]!.entry;
      out.push({
        code: 'mycnf/overridden',
        message: `Overridden: ${later.uri === uri ? `line ${later.line.line + 1}` : `${short(later.uri)} line ${later.line.line + 1}`} sets ${laters[0]!.option} again, later, for ${list(programs)}.`,
        span: lineSpan(l),
        fixes: [{ kind: 'deleteLines', title: 'Delete the line', from: l.line, to: l.line }],
        unnecessary: true,
        related: [{ uri: later.uri, span: later.line.option!.nameSpan, message: 'the line that wins' }],
      });
    }
  }

  // ---- scopes: one per group header
  const failingFor = (p: MariadbProgram) => views.get(p)!.failures.map((f) => f.message.split('\n')[0]!);
  const scopes: Scope[] = [];
  const scopeByLine: (Scope | undefined)[] = [];
  for (const s of sections) {
    const l = lines[s.header]!;
    const label = `[${s.name}]`;
    const readers = mycnfGroupReaders(s.name);
    const mariadb = readers.filter((r) => r.flavor === 'mariadb').map((r) => r.program as MariadbProgram);
    let timeline: Timeline;
    if (fileFatal) {
      timeline = {
        ...noReaderTimeline(label),
        summary: `no program starts: ${fileFatal.message.replace(/^error: /, '')}`,
        subject: 'every program reading this file',
      };
    } else if (readers.some((r) => r.kind === 'server')) {
      timeline = serverTimeline(label, views.get('mariadbd')!, settings, failingFor('mariadbd'));
    } else if (mariadb.length > 0) {
      const own = mariadb.find((p) => MARIADB_PROGRAMS[p].groups.slice(0, 2).some((x) => sameGroup(x, s.name))) ?? 'mariadb';
      timeline = clientTimeline(
        label,
        views.get(own)!,
        mariadb.map((p) => views.get(p)!),
        settings,
      );
    } else {
      timeline = noReaderTimeline(label);
    }
    const scope: Scope = { span: l.group!.header, label, summary: `${label} ${timeline.summary}`, outcome: outcomeOf(timeline), timeline };
    scopes.push(scope);
    for (let i = s.header; i < lines.length && (i === s.header || lines[i]!.kind !== 'group'); i++) scopeByLine[i] = scope;
  }

  // ---- hover facts
  const factsAt = (line: number, character: number): LineFacts | undefined => {
    const l = lines[line];
    if (!l) return undefined;
    const scope = scopeByLine[line];
    if (l.kind === 'group') {
      const g = l.group!;
      if (character < g.header.start || character > g.header.end) return undefined;
      return { span: g.header, keyword: g.name, effective: groupText(g.name), ...(scope ? { scope } : {}) };
    }
    if ((l.kind === 'include' || l.kind === 'includedir') && l.include) {
      const site = read.includes.find((s) => s.uri === uri && s.line.line === line);
      const files = site?.result?.files.map((f) => `- ${f.uri.replace(/^file:\/\//, '')}`) ?? [];
      const effective = site?.result
        ? files.length
          ? `Reads, in this order:\n\n${files.join('\n')}`
          : (site.result.problem ?? 'Reads nothing.')
        : `\`!${l.kind}\` reads ${l.kind === 'include' ? 'the file' : "the directory's *.cnf files, in byte order"} here, in place (to depth 10).`;
      return { span: lineSpan(l), keyword: `!${l.kind}`, effective };
    }
    if (l.kind !== 'option') return undefined;
    const o = l.option!;
    const inName = character >= o.nameSpan.start && character <= o.nameSpan.end;
    const inValue = o.valueSpan && character >= o.valueSpan.start && character <= o.valueSpan.end;
    if (!inName && !inValue) return undefined;
    const g = groupAt[line];
    const name = normalizeMycnfName(o.name).replace(/^(loose_)+/, '');
    const serverish = g !== undefined && mycnfGroupReaders(g).some((r) => r.kind === 'server');
    const spec: DirectiveDoc | undefined =
      mycnfOption(name, serverish ? 'server' : 'client') ?? mycnfOption(name, serverish ? 'client' : 'server') ?? genericDoc(name);
    return {
      span: inName ? o.nameSpan : o.valueSpan!,
      keyword: name,
      ...(spec ? { spec } : {}),
      ...(g !== undefined ? { effective: optionText(l, g) } : {}),
      ...(scope ? { scope } : {}),
    };
  };

  function groupText(g: string): string {
    const readers = mycnfGroupReaders(g);
    if (readers.length === 0) return `No MariaDB or MySQL program Keepalive Lens models reads [${g}].`;
    const m = readers.filter((r) => r.flavor === 'mariadb').map((r) => `${r.program}${r.series ? ` ${r.series}` : ''}`);
    const y = readers.filter((r) => r.flavor === 'mysql').map((r) => `${r.program}${r.series ? ` ${r.series}` : ''}`);
    const out = [`**[${g}]** is read by`, ''];
    if (m.length) out.push(`- MariaDB ${MARIADB_SERIES}: ${m.join(', ')}`);
    if (y.length) out.push(`- MySQL 8: ${y.join(', ')}`);
    return out.join('\n');
  }

  function optionText(l: MycnfLine, g: string): string {
    const o = l.option!;
    const entry = read.entries.find((e) => e.uri === uri && e.line.line === l.line);
    const out: string[] = [];
    if (o.value !== undefined && o.value !== o.raw) out.push(`The program gets \`${JSON.stringify(o.value).slice(1, -1)}\` (quotes and escapes removed).`, '');
    const programs = mycnfGroupReaders(g)
      .filter((r) => r.flavor === 'mariadb' && (r.series === undefined || r.series === MARIADB_SERIES))
      .map((r) => r.program as MariadbProgram);
    if (!entry || programs.length === 0) return out.join('\n') || `No program Keepalive Lens models reads [${g}].`;
    out.push(`| MariaDB ${MARIADB_SERIES} program reading [${g}] | takes it as |`, '|---|---|');
    for (const p of programs) {
      const view = views.get(p)!;
      const f = view.failures.find((x) => x.entry === entry);
      const s = view.settings.find((x) => x.entry === entry);
      let what: string;
      if (f) what = `refuses to start: \`${f.message.split('\n')[0]!.replace(/\|/g, '\\|')}\``;
      else if (s) {
        const reading = o.value !== undefined && s.resolution.modifiers.length === 0 ? readIntFor(p, s.option, o.value) : undefined;
        const v = reading?.ok ? ` = ${reading.value}${reading.warning ? ' (clamped)' : ''}` : '';
        what = `${s.option}${s.resolution.modifiers.length ? ` (${s.resolution.modifiers.join('-')}-)` : ''}${v}`;
      } else what = 'warns "unknown variable" and ignores it (loose-)';
      out.push(`| ${p} | ${what} |`);
    }
    return out.join('\n');
  }

  return {
    doc,
    read,
    views,
    findings: findings.map((f) => ({ ...f, severity: MYCNF_RULES[f.code].severity })),
    scopes,
    hints,
    factsAt,
    scopeAt: (line) => scopeByLine[line],
  };
}

/** A name as the user spelled names: dashes when they used dashes. */
function spell(name: string, like: string): string {
  return like.includes('-') && !like.includes('_') ? name.replaceAll('_', '-') : name;
}

/** Docs for an option Keepalive Lens has no deep entry for, from the measured tables. */
function genericDoc(name: string): DirectiveDoc | undefined {
  const server = mariadbServerVariable(name);
  const clients = MARIADB_CLIENT_PROGRAMS.filter((p) => MARIADB_PROGRAMS[p].options[name] !== undefined);
  if (!server && clients.length === 0 && MARIADB_PROGRAMS.mariadbd.options[name] === undefined) return undefined;
  const parts: string[] = [];
  if (server || MARIADB_PROGRAMS.mariadbd.options[name] !== undefined) parts.push('a mariadbd option');
  if (clients.length) parts.push(`an option of ${list(clients)}`);
  const syntax =
    server?.type === 'int' && server.min !== undefined && server.max !== undefined
      ? `${server.min}..${server.max}`
      : server?.values
        ? server.values.join(' | ')
        : (server?.type ?? 'value');
  return {
    name,
    summary: `${parts.join('; ')} (MariaDB ${MARIADB_SERIES}).`,
    syntax,
    ...(server?.default !== undefined ? { default: server.default } : {}),
    status: 'active',
  };
}

export { failureOf };
