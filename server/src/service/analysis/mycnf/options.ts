/**
 * Findings on an option line: for every program of the file's families that reads its group, whether it refuses to start (and with
 * which words), what it takes instead, clamped values, the kernel's keepalive limits, the pool's idle time, and
 * lines a later one overrides. Quoting and comments come first: they decide what the programs get.
 */
import {
  anyServerVariable,
  flavorRelease,
  type MycnfProgram,
  mycnfGroupReaders,
  mycnfOption,
  mycnfSuggestions,
  normalizeMycnfName,
  programFlavor,
  programTable,
  resolveMycnfOption,
} from '../../catalog/mycnf';
import { type MycnfLine, trimMycnfEnd } from '../../syntax/mycnf';
import { fileName } from '../../syntax/text';
import type { FixData } from '../types';
import { d, lineSpan, list, type MycnfContext, ownGroup, readersIn, spell } from './context';
import { looseFix, moveFix } from './edits';
import { intRange, intText, type ProgramFailure, readIntFor } from './programs';
import type { MycnfEntry } from './read';
import type { MycnfCode } from './rules';
import { KERNEL_KEEPALIVE_MAX } from './timeline';

/** An option line in `[g]`: what each program reading the group makes of it. */
export function checkOption(ctx: MycnfContext, l: MycnfLine, g: string): void {
  const { views, eol, findings: out } = ctx;
  const o = l.option!;
  const readers = mycnfGroupReaders(g);
  const entry = ctx.entryAt.get(l.line);
  const name = normalizeMycnfName(o.name);
  // Quoting and comments: what the program gets.
  if (l.comment && o.valueSpan && l.comment.start === o.valueSpan.end && o.raw !== '') {
    const whole = `${o.raw}${trimMycnfEnd(l.text.slice(l.comment.start))}`;
    const fixes: FixData[] = [];
    if (!whole.includes('"') && !/\\/.test(whole)) {
      fixes.push({
        kind: 'replace',
        title: `Quote the value: "${whole}"`,
        span: { line: l.line, start: o.valueSpan.start, end: trimMycnfEnd(l.text).length },
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
          text: `${l.text.slice(0, l.indent)}${trimMycnfEnd(l.text.slice(l.comment.start))}${eol}`,
        },
      ],
    });
    out.push({
      code: 'mycnf/glued-comment',
      message: `\`#\` starts a comment even without a space: the program gets \`${o.value}\`, not \`${whole}\`. Quote the value to keep the \`#\`.`,
      span: { line: l.line, start: o.valueSpan.start, end: trimMycnfEnd(l.text).length },
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
  const programs = readersIn(ctx, g);
  if (programs.length === 0) return;
  const verdicts = programs.map((p) => ({ program: p, view: views.get(p)!, failure: views.get(p)!.failureOf.get(entry) }));
  const failing = verdicts.filter((v): v is typeof v & { failure: ProgramFailure } => v.failure !== undefined);
  const accepting = programs.filter((p) => {
    return views.get(p)!.settingOf.has(entry) && !failing.some((f) => f.program === p);
  });
  const unknownTo = failing.filter((f) => f.failure.kind === 'unknown');
  const byKind = (k: ProgramFailure['kind']) => failing.filter((f) => f.failure.kind === k);
  const serverGroup = readers.some((r) => r.kind === 'server');
  const clientGroup = readers.some((r) => r.kind === 'client');
  const has = (p: MycnfProgram, n: string) => programTable(p).options[n] !== undefined;
  // MySQL's mysql skips the first unknown line of its option files without a word.
  const silent = programs.filter((p) => views.get(p)!.silentlySkipped === entry);
  const silentNote = silent.length
    ? ` ${list(silent)} ${silent.length === 1 ? 'skips' : 'skip'} it without a word, as the first unknown option of ${silent.length === 1 ? 'its' : 'their'} option files (a second one would stop ${silent.length === 1 ? 'it' : 'them'}).`
    : '';

  // Whose programs read the file is not known, and only one family refuses the name: the other takes it.
  const families = new Set(unknownTo.map((f) => programFlavor(f.program)));
  const others = programs.filter((p) => !families.has(programFlavor(p)));
  if (!ctx.flavorKnown && unknownTo.length > 0 && families.size === 1 && others.length > 0 && others.every((p) => !failing.some((f) => f.program === p))) {
    const who = unknownTo.map((f) => f.program);
    const mine = flavorRelease(programFlavor(who[0]!));
    const theirs = programFlavor(others[0]!);
    const takers = others.filter((p) => accepting.includes(p));
    out.push({
      code: 'mycnf/one-family-rejects',
      message:
        `${mine}'s ${list(who)} ${who.length === 1 ? 'has' : 'have'} no option ${name} and refuse${who.length === 1 ? 's' : ''} to start (\`${unknownTo[0]!.failure.message}\`)` +
        `${takers.length ? `; ${flavorRelease(theirs)}'s ${list(takers)} ${takers.length === 1 ? 'takes' : 'take'} it` : ''}. ` +
        `Prefix loose- to keep the file for both, or set keepaliveLens.mysql.flavor to ${theirs} if only ${theirs === 'mariadb' ? 'MariaDB' : 'MySQL'} reads it.`,
      span: o.nameSpan,
      fixes: [looseFix(l, true)],
    });
  } else if (unknownTo.length > 0 && unknownTo.every((f) => has(f.program, name))) {
    // Only the letters' case is wrong: MySQL's programs compare option names case-sensitively.
    const who = unknownTo.map((f) => f.program);
    const written = o.name.replace(/^(loose[-_])/i, '');
    const right = spell(name, written.toLowerCase());
    out.push({
      code: 'mycnf/unknown-option',
      message: `MySQL's programs compare option names case-sensitively: ${list(who)} ${who.length === 1 ? 'has' : 'have'} ${name}, not ${written}, and refuse${who.length === 1 ? 's' : ''} to start (\`${unknownTo[0]!.failure.message}\`).${silentNote}`,
      span: o.nameSpan,
      fixes: [{ kind: 'replace', title: `Write ${right}`, span: o.nameSpan, text: o.name.slice(0, o.name.length - written.length) + right, preferred: true }],
    });
  } else if (unknownTo.length > 0) {
    const who = unknownTo.map((f) => f.program);
    const quoted = `\`${unknownTo[0]!.failure.message}\``;
    const everywhere = [...ctx.views.keys()].filter((p) => programTable(p).kind === 'client' && has(p, name));
    const isServerVar = anyServerVariable(name, ctx.flavors) !== undefined || mycnfOption(name, 'server') !== undefined;
    const fixes: FixData[] = [];
    let code: MycnfCode;
    let message: string;
    if (!serverGroup && isServerVar && everywhere.length === 0) {
      code = 'mycnf/server-option-in-client-group';
      message = `${name} is a server variable, and no client program has it: ${list(who)} refuse${who.length === 1 ? 's' : ''} to start (${quoted}). The server reads it from [mysqld].`;
      fixes.push(moveFix(ctx, 'Move to [mysqld]', l, ['mysqld'], undefined, true));
    } else if (accepting.length > 0) {
      code = 'mycnf/rejected-option';
      message = `${list(who)} ${who.length === 1 ? 'has' : 'have'} no option ${name} and refuse${who.length === 1 ? 's' : ''} to start (${quoted}, exit ${unknownExit(unknownTo[0]!.program, o.value)}); only ${list(accepting)} ${accepting.length === 1 ? 'takes' : 'take'} it from [${g}].`;
      const targets = [...new Set(accepting.filter((p) => programTable(p).kind === 'client').map(ownGroup))];
      if (clientGroup && targets.length > 0) {
        fixes.push(moveFix(ctx, `Move to ${targets.map((t) => `[${t}]`).join(' and ')} (the programs that have it)`, l, targets, undefined, true));
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
        fixes.push(moveFix(ctx, `Replace with ${serverTwin} in [mysqld] (the server-side timeout)`, l, ['mysqld'], serverTwin, true));
      } else if (name === 'timeout' && !serverGroup) {
        fixes.push(moveFix(ctx, 'Replace with connect_timeout in [mysql] (the command-line client)', l, ['mysql'], 'connect_timeout', true));
      }
      const pool = programs.length === 1 ? programs[0] : undefined;
      const sugg = isServerVar || serverTwin ? [] : mycnfSuggestions(o.name, pool).filter((s) => programs.some((p) => has(p, s)));
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
      // MariaDB would take a unique prefix (with a warning); MySQL's programs take none.
      const full = [
        ...new Set(who.filter((p) => programFlavor(p) === 'mysql').flatMap((p) => Object.keys(programTable(p).options).filter((n) => n.startsWith(name)))),
      ];
      if (sugg.length === 0 && full.length === 1) {
        message += ` MySQL's programs take no abbreviations (MariaDB's read a unique prefix): write ${full[0]}.`;
        fixes.push({ kind: 'replace', title: `Write ${full[0]}`, span: o.nameSpan, text: spell(full[0]!, o.name), preferred: !fixes.some((f) => f.preferred) });
      }
      if (code === 'mycnf/unknown-option' && !serverTwin) fixes.push(looseFix(l));
    }
    out.push({ code, message: message + silentNote, span: o.nameSpan, fixes });
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
  const prefixed = verdicts.find((v) => v.view.settingOf.get(entry)?.resolution.status === 'prefix');
  if (prefixed) {
    const full = prefixed.view.settingOf.get(entry)!.option;
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
  // No program has it, and none stops: loose- (a warning at every start), or a program that ignores unknown names.
  if (failing.length === 0 && accepting.length === 0 && silent.length > 0) {
    const sugg = mycnfSuggestions(o.name).filter((s) => programs.some((p) => has(p, s)));
    const who = list(silent);
    const one = silent.length === 1;
    out.push({
      code: 'mycnf/ignored-option',
      message: `No program reading [${g}] has ${name}: ${who} ${one ? 'skips' : 'skip'} the first unknown option of ${one ? 'its' : 'their'} option files without a word (a second one would stop ${one ? 'it' : 'them'}, and on the command line ${one ? 'it refuses' : 'they refuse'} even the first), so the line has no effect.${sugg.length ? ` Did you mean ${sugg[0]}?` : ''}`,
      span: o.nameSpan,
      fixes: sugg.map((s, i) => ({ kind: 'replace', title: `Change to ${s}`, span: o.nameSpan, text: spell(s, o.name), preferred: i === 0 })),
    });
  } else if (failing.length === 0 && accepting.length === 0 && programs.length > 0) {
    const sugg = mycnfSuggestions(o.name).filter((s) => programs.some((p) => has(p, s)));
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
  if (failing.length === 0) checkValue(ctx, l, entry, programs);
}

/** A line the programs take: clamping, kernel limits, the pool, inlay hints, and whether a later line wins. */
function checkValue(ctx: MycnfContext, l: MycnfLine, entry: MycnfEntry, programs: readonly MycnfProgram[]): void {
  const { views, settings, hints, uri, findings: out } = ctx;
  const o = l.option!;
  // skip-/disable- lines may have no value: findings and hints then sit on the name.
  const at = o.valueSpan ?? o.nameSpan;
  let clampNoted = false;
  const before = out.length;
  for (const p of programs) {
    const s = views.get(p)!.settingOf.get(entry);
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
    if (programTable(p).kind === 'server' && s.option.startsWith('tcp_keepalive_')) {
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
    if (programTable(p).kind === 'server' && (s.option === 'wait_timeout' || s.option === 'interactive_timeout') && v < settings.mysqlPoolIdleTime) {
      if (views.get(p)!.lastOf.get(s.option)?.entry === entry) {
        out.push({
          code: 'mycnf/short-wait-timeout',
          message: `${s.option} ${d(v)} is shorter than the ${d(settings.mysqlPoolIdleTime)} a connection pool may keep a connection idle (setting keepaliveLens.mysql.poolIdleTime): the server closes pooled connections and the application gets "server has gone away". Keep the pool's idle limit (HikariCP maxLifetime, Go SetConnMaxIdleTime) below ${d(v)}.`,
          span: at,
          fixes: [],
        });
      }
    }
    if (range && mycnfOption(s.option, programTable(p).kind)?.unit === 'seconds' && !hints.some((h) => h.line === l.line)) {
      const kernelNote = s.option.startsWith('tcp_keepalive_') && v === 0;
      hints.push({
        line: l.line,
        character: at.end,
        label: kernelNote ? `kernel value` : reading.warning ? `→ ${d(v)}` : v >= 60 ? d(v) : `${v} s`,
        ...(reading.warning ? { tooltip: reading.warning } : {}),
      });
    }
  }
  // Both families' servers judge a [mysqld] line alike: one finding per code.
  const seen = new Set<string>();
  const mine = out.splice(before).filter((f) => !seen.has(f.code) && seen.add(f.code));
  out.push(...mine);
  // Overridden for every program that reads the line: the later line wins.
  const laters = programs
    .map((p) => {
      const view = views.get(p)!;
      const mine = view.settingOf.get(entry);
      return mine && view.lastOf.get(mine.option);
    })
    .filter((x) => x !== undefined);
  if (laters.length === programs.length && laters.every((x) => x.entry !== entry)) {
    const later = laters[0]!.entry;
    out.push({
      code: 'mycnf/overridden',
      message: `Overridden: ${later.uri === uri ? `line ${later.line.line + 1}` : `${fileName(later.uri)} line ${later.line.line + 1}`} sets ${laters[0]!.option} again, later, for ${list(programs)}.`,
      span: lineSpan(l),
      fixes: [{ kind: 'deleteLines', title: 'Delete the line', from: l.line, to: l.line }],
      unnecessary: true,
      related: [{ uri: later.uri, span: later.line.option!.nameSpan, message: 'the line that wins' }],
    });
  }
}

/** The exit status after "unknown variable 'x=1'" (7) or a bare "unknown option '--x'" (2), as measured per program. */
function unknownExit(p: MycnfProgram, value: string | undefined): number {
  const e = programTable(p).exitStatuses;
  return value === undefined ? (e?.unknownOption ?? 2) : (e?.unknownVariable ?? 7);
}
