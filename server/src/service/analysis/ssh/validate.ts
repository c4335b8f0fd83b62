/**
 * Findings that do not depend on which host connects: the line's syntax, its keyword and
 * its value, each worded like the error ssh itself prints (ssh refuses to run on any of
 * the error-level ones: "terminating, N bad configuration options").
 */
import { allSshClientKeywords, knownIn, MATCH_CRITERIA } from '../../catalog/sshClient';
import type { KeywordSpec } from '../../catalog/types';
import { formatDuration, isPlainTime, parseSshInt, parseSshTime, parseSshTimeBoth } from '../../model/duration';
import { closestKeywords } from '../../model/editDistance';
import { matchPatternList } from '../../model/patterns';
import { formatVersion } from '../../model/version';
import type { Span, SshToken } from '../../syntax/ssh';
import type { Draft as FindingDraft, FixData, Settings } from '../types';
import type { SshCode } from './rules';

/** A finding before its severity is looked up in SSH_RULES. */
export type Draft = FindingDraft<SshCode>;

import { type Block, blockLabel, type Directive, type Structure } from './structure';

const SINGLE = new Set(['time', 'int', 'flag', 'choice', 'controlPersist', 'text']);

function spanOf(tokens: readonly SshToken[]): Span {
  const first = tokens[0].span;
  return { line: first.line, start: first.start, end: tokens[tokens.length - 1].span.end };
}

/** The range of a directive's value (its token is made only for a finding). */
function valueSpan(d: Directive): Span {
  return d.line.args[0].span;
}

/** Checks one value against its spec and adds what ssh rejects to `out`. */
function checkValue(d: Directive, spec: KeywordSpec, settings: Settings, out: Draft[]): void {
  if (d.line.argCount === 0) return;
  // The value's token is made only for a finding (most lines have none).
  const v = d.line.argValue(0);
  const before = out.length;
  if (v === '' && spec.value.type !== 'time' && spec.value.type !== 'int') {
    out.push({ code: 'ssh/missing-argument', message: `Missing argument: ${spec.name} has an empty value.`, span: d.keyword.span, fixes: [] });
    return;
  }
  switch (spec.value.type) {
    case 'time': {
      if ((v === 'none' && spec.value.allowNone) || isPlainTime(v)) break;
      const mine = parseSshTime(v, settings.sshVersion);
      const both = parseSshTimeBoth(v);
      const ver = formatVersion(settings.sshVersion);
      if (!mine.ok) {
        const fixes: FixData[] = [];
        const hash = v.indexOf('#');
        if (hash > 0 && parseSshTime(v.slice(0, hash), settings.sshVersion).ok) {
          const at = valueSpan(d).start + d.line.args[0].raw.indexOf('#');
          fixes.push({
            kind: 'replace',
            title: 'Put a space before "#" so that it starts a comment',
            span: { line: valueSpan(d).line, start: at, end: at },
            text: ' ',
            preferred: true,
          });
        }
        const other = both.legacy.ok ? both.legacy : both.modern;
        const note = other.ok
          ? ` (OpenSSH ${both.legacy.ok ? 'before 10.3' : '10.3 and later'} reads it as ${formatDuration(other.seconds)}; OpenSSH ${ver} rejects it)`
          : '';
        if (other.ok)
          fixes.push({
            kind: 'replace',
            title: `Write it as ${other.seconds}`,
            span: valueSpan(d),
            text: String(other.seconds),
            preferred: fixes.length === 0,
          });
        out.push({
          code: 'ssh/invalid-time',
          message: `invalid time value "${v}"${note}. Time values are a number with an optional unit s, m, h, d or w, e.g. 60, 1m30s, 2h.`,
          span: valueSpan(d),
          fixes,
        });
      } else if (!both.legacy.ok || !both.modern.ok || both.legacy.seconds !== both.modern.seconds) {
        const differs = both.legacy.ok && both.modern.ok;
        const msg = differs
          ? `"${v}" means ${formatDuration(both.legacy.seconds)} to OpenSSH before 10.3 and ${formatDuration(both.modern.seconds)} from 10.3 on.`
          : `"${v}" is ${both.legacy.ok ? 'rejected by OpenSSH 10.3 and later' : 'rejected by OpenSSH before 10.3'} ("invalid time value"); OpenSSH ${ver} reads it as ${formatDuration(mine.seconds)}.`;
        out.push({
          code: 'ssh/time-version-dependent',
          message: `${msg} Write ${mine.seconds} to mean the same everywhere.`,
          span: valueSpan(d),
          fixes: [{ kind: 'replace', title: `Write it as ${mine.seconds}`, span: valueSpan(d), text: String(mine.seconds), preferred: true }],
        });
      }
      break;
    }
    case 'int': {
      const r = parseSshInt(v, spec.value.min, spec.value.max);
      if (!r.ok)
        out.push({
          code: 'ssh/invalid-integer',
          message: `integer value ${r.error}: "${v}" (${spec.name} takes a whole number from ${spec.value.min} to ${spec.value.max}).`,
          span: valueSpan(d),
          fixes: [],
        });
      break;
    }
    case 'flag': {
      if (!/^(yes|no|true|false)$/i.test(v))
        out.push({ code: 'ssh/invalid-flag', message: `unsupported option "${v}": ${spec.name} takes yes or no.`, span: valueSpan(d), fixes: [] });
      break;
    }
    case 'choice': {
      const values = spec.value.values;
      const ok = spec.value.caseSensitive ? values.includes(v) : values.some((c) => c.toLowerCase() === v.toLowerCase());
      if (!ok)
        out.push({
          code: 'ssh/invalid-choice',
          message: `unsupported option "${v}": ${spec.name} takes ${values.join(', ')}.`,
          span: valueSpan(d),
          fixes: [],
        });
      break;
    }
    case 'controlPersist': {
      if (v !== 'yes' && v !== 'no' && !parseSshTime(v, settings.sshVersion).ok) {
        out.push({
          code: 'ssh/invalid-time',
          message: `Bad ControlPersist "${v}": it takes yes, no or a time value (yes and no are case-sensitive).`,
          span: valueSpan(d),
          fixes: [],
        });
      }
      break;
    }
    default:
      break;
  }
  if (out.length === before && d.key === 'connectionattempts' && (d.line.keywordValue as string).toLowerCase() === 'connectionattempts') {
    const r = parseSshInt(v);
    if (r.ok && r.value < 1) out.push({ code: 'ssh/invalid-integer', message: 'ConnectionAttempts must be at least 1.', span: valueSpan(d), fixes: [] });
  }
}

const NOT_IGNORED = { verdict: 'none', why: '' } as const;

/** An IgnoreUnknown line and which hosts its block applies to. */
interface IgnoreList {
  readonly value: string;
  readonly line: number;
  readonly reach: 'all' | 'some';
  readonly label: string;
}

/** Which hosts a block applies to, as far as the file alone tells. */
function reachOf(block: Block): 'all' | 'some' | 'none' {
  const h = block.header;
  if (!h) return 'all';
  if (h.error) return 'none';
  if (h.kind === 'host') {
    if (h.patterns.every((p) => p.negated)) return 'none';
    return h.patterns.some((p) => p.negated) || !h.patterns.some((p) => /^\*+$/.test(p.pattern)) ? 'some' : 'all';
  }
  if (h.criteria.length === 1 && h.criteria[0].name === 'all') return h.criteria[0].negated ? 'none' : 'all';
  return 'some';
}

/**
 * Whether ssh skips an unknown keyword (lower-cased) for every host, no host, or some: each
 * host gets the first IgnoreUnknown whose block applies to it (readconf.c parse_token and
 * parse_string: the value is set only while the block is active, and only once).
 */
function ignoredFor(word: string, lists: readonly IgnoreList[]): { verdict: 'all' | 'none' | 'some'; why: string } {
  if (lists.length === 0) return NOT_IGNORED;
  let listed = false;
  let unlisted = false;
  let settled = false;
  const parts: string[] = [];
  for (const l of lists) {
    const hit = matchPatternList(word, l.value, true) === 1;
    if (hit) listed = true;
    else unlisted = true;
    parts.push(`line ${l.line + 1} (${l.label}) ${hit ? 'lists it' : 'does not list it'}`);
    if (l.reach === 'all') settled = true;
  }
  if (!settled) {
    unlisted = true;
    if (parts.length) parts.push('other hosts have none');
  }
  const verdict = listed && !unlisted ? 'all' : listed ? 'some' : 'none';
  const why = `ssh takes the first IgnoreUnknown whose block applies to the host: ${parts.join('; ')}. Put IgnoreUnknown before the first Host or Match line to cover every host.`;
  return { verdict, why };
}

export function validate(structure: Structure, settings: Settings): Draft[] {
  const out: Draft[] = [];
  const { doc } = structure;
  let names: string[] | undefined;
  // The IgnoreUnknown lines read so far that some host may take (ssh keeps the first one
  // whose block applies), up to the first one that applies to every host.
  const ignoreLists: IgnoreList[] = [];
  let ignoreSettled = false;

  if (doc.bom) {
    out.push({
      code: 'ssh/byte-order-mark',
      message: 'The file starts with a byte order mark. ssh reads it as part of the first keyword and stops with "Bad configuration option".',
      span: { line: 0, start: 0, end: 1 },
      fixes: [{ kind: 'removeBom', title: 'Remove the byte order mark', preferred: true }],
    });
  }

  for (const l of doc.loneCr) {
    const text = doc.lines[l].text;
    out.push({
      code: 'ssh/lone-carriage-return',
      message:
        'This line ends with a carriage return alone. Editors start a new line there, ssh does not: it reads this line and the next as one line, and most likely rejects it. Use \\n (or \\r\\n) line breaks.',
      span: { line: l, start: 0, end: text.length },
      fixes: [],
    });
  }

  for (let i = 0; i < doc.lines.length; i++) {
    const p = doc.lines[i].problem;
    if (p?.code === 'keyword-quote') {
      out.push({
        code: 'ssh/line-skipped',
        message: 'ssh silently skips this line: the quote in its keyword is never closed.',
        span: p.span,
        fixes: [],
      });
    }
  }

  const { blocks } = structure;
  for (let b = 0; b < blocks.length; b++) {
    const block = blocks[b];
    const h = block.header;
    if (h?.line.problem?.code === 'invalid-quotes') {
      out.push({ code: 'ssh/invalid-quotes', message: 'invalid quotes: a quote opened here is never closed.', span: h.line.problem.span, fixes: [] });
      continue;
    }
    if (h?.error?.extraArguments) {
      out.push({ code: 'ssh/extra-arguments', message: h.error.message, span: h.error.span, fixes: [] });
    } else if (h?.error) {
      out.push({
        code: h.kind === 'match' ? 'ssh/bad-match' : 'ssh/empty-argument',
        message: h.kind === 'match' ? `Bad Match condition: ${h.error.message}` : h.error.message,
        span: h.error.span,
        fixes: [],
      });
    } else if (h?.kind === 'host' && h.patterns.length > 0 && h.patterns.every((pt) => pt.negated)) {
      out.push({
        code: 'ssh/host-never-matches',
        message: 'This Host line has only negated patterns, so it never matches: add a positive pattern such as *.',
        span: spanOf(h.line.args),
        fixes: [],
      });
    }
    if (h?.kind === 'match' && !h.error) {
      for (const c of h.criteria) {
        if (MATCH_CRITERIA.find((m) => m.name === c.name)?.evaluated === false) {
          out.push({
            code: 'ssh/match-not-evaluated',
            message: `Match ${c.name} is not evaluated (Keepalive Lens never runs commands or inspects interfaces): this block's CodeLens assumes it matches; other hosts' values assume it does not.`,
            span: c.token.span,
            fixes: [],
          });
        }
      }
    }
    const directives = block.directives;
    for (let k = 0; k < directives.length; k++) {
      const d = directives[k];
      const line = d.line;
      // The keyword as written; its token (for a finding's range) is made only when needed.
      const word = line.keywordValue as string;
      if (line.problem?.code === 'no-argument') {
        out.push({
          code: 'ssh/missing-argument',
          message: `no argument after keyword "${word.toLowerCase()}"`,
          span: d.keyword.span,
          fixes: [],
        });
        continue;
      }
      if (line.problem?.code === 'invalid-quotes') {
        out.push({
          code: 'ssh/invalid-quotes',
          message: 'invalid quotes: a quote opened here is never closed.',
          span: line.problem.span,
          fixes: [],
        });
        continue;
      }
      const spec = d.spec;
      if (!spec || (settings.sshVersionKnown && !knownIn(spec, settings.sshVersion))) {
        const ignored = ignoredFor(word.toLowerCase(), ignoreLists);
        if (ignored.verdict === 'all') {
          out.push({
            code: 'ssh/ignored-unknown',
            message: `ssh ignores "${word}" (IgnoreUnknown).`,
            span: d.keyword.span,
            fixes: [],
            unnecessary: true,
          });
          continue;
        }
        if (spec) {
          out.push({
            code: 'ssh/keyword-too-new',
            message:
              ignored.verdict === 'some'
                ? `OpenSSH ${formatVersion(settings.sshVersion)} does not know ${spec.name} (added in ${spec.since}) and stops with "Bad configuration option: ${word.toLowerCase()}" for some hosts: ${ignored.why}`
                : `OpenSSH ${formatVersion(settings.sshVersion)} does not know ${spec.name} (added in ${spec.since}) and stops with "Bad configuration option: ${word.toLowerCase()}". List it in IgnoreUnknown (before this line) if older clients read this file.`,
            span: d.keyword.span,
            fixes: [],
          });
          continue;
        }
        names ??= allSshClientKeywords()
          .filter((k) => k.status === 'active' && !k.aliasOf)
          .map((k) => k.name);
        const guesses = closestKeywords(word, names);
        out.push({
          code: 'ssh/unknown-keyword',
          message:
            ignored.verdict === 'some'
              ? `Bad configuration option: ${word.toLowerCase()}, for some hosts: ${ignored.why}${guesses.length ? ` Did you mean ${guesses.join(' or ')}?` : ''}`
              : `Bad configuration option: ${word.toLowerCase()}${guesses.length ? `. Did you mean ${guesses.join(' or ')}?` : ''}`,
          span: d.keyword.span,
          fixes: guesses.map((g, i) => ({ kind: 'replace', title: `Change to ${g}`, span: d.keyword.span, text: g, preferred: i === 0 })),
        });
        continue;
      }
      // ssh sets IgnoreUnknown only where its block applies, and keeps the first value it sets.
      if (d.key === 'ignoreunknown' && !ignoreSettled && line.argCount > 0 && line.argValue(0) !== '') {
        const reach = reachOf(block);
        if (reach !== 'none') ignoreLists.push({ value: line.argValue(0), line: line.line, reach, label: blockLabel(block) });
        if (reach === 'all') ignoreSettled = true;
      }
      if (spec.status === 'deprecated') {
        out.push({
          code: 'ssh/deprecated-keyword',
          message: `${spec.name} is deprecated: ssh ignores it.`,
          span: d.keyword.span,
          fixes: [],
          unnecessary: true,
        });
      } else if (spec.status === 'unsupported') {
        out.push({
          code: 'ssh/unsupported-keyword',
          message: `Unsupported option "${word.toLowerCase()}": ssh prints this as an error and ignores the line.`,
          span: d.keyword.span,
          fixes: [],
          unnecessary: true,
        });
      } else if (spec.status === 'ignored') {
        out.push({
          code: 'ssh/ignored-keyword',
          message: `ssh accepts ${spec.name} and ignores it.`,
          span: d.keyword.span,
          fixes: [],
          unnecessary: true,
        });
      }
      if (spec.status === 'patch' && ignoredFor(word.toLowerCase(), ignoreLists).verdict !== 'all') {
        out.push({
          code: 'ssh/distribution-keyword',
          message: `${spec.name} exists only in distribution builds of OpenSSH (the GSSAPI key-exchange patch of Debian, Ubuntu, Fedora and RHEL); upstream ssh (macOS, Homebrew, the BSDs, Windows) stops with "Bad configuration option: ${word.toLowerCase()}". List it in IgnoreUnknown (before this line) if such clients read this file.`,
          span: d.keyword.span,
          fixes: [],
        });
      }
      if (spec.status !== 'active' && spec.status !== 'patch') continue;
      if (SINGLE.has(spec.value.type) && line.argCount === 0) {
        out.push({
          code: 'ssh/missing-argument',
          message: `missing argument: ${spec.name} needs a value before the comment.`,
          span: d.keyword.span,
          fixes: [],
        });
        continue;
      }
      if (SINGLE.has(spec.value.type) && line.argCount > 1) {
        const extra = line.args.slice(1);
        out.push({
          code: 'ssh/extra-arguments',
          message: `keyword ${word.toLowerCase()} extra arguments at end of line: ${spec.name} takes one value.`,
          span: spanOf(extra),
          fixes: [
            {
              kind: 'replace',
              title: 'Turn the extra words into a comment',
              span: { line: line.line, start: extra[0].span.start, end: extra[0].span.start },
              text: '# ',
            },
          ],
        });
      }
      checkValue(d, spec, settings, out);
      if (d.key === 'hostname' && line.argCount > 0 && line.argValue(0).includes('%')) {
        const bad = /%([^h%]|$)/.exec(line.argValue(0));
        if (bad) {
          out.push({
            code: 'ssh/hostname-unknown-token',
            message: `HostName only expands %h and %%: where this block applies, ssh stops with "percent_expand: unknown key %${bad[1]}".`,
            span: line.args[0].span,
            fixes: [],
          });
        }
      }
    }
  }
  return out;
}
