/** The edits of option-file quick fixes that move a line between groups, or prefix it. */
import { sameMycnfGroup } from '../../catalog/mycnf';
import type { MycnfLine } from '../../syntax/mycnf';
import type { FixData, TextChange } from '../types';
import type { MycnfContext } from './context';

/** Edits that put `line` at the end of each group (new groups at the end of the file for those that are missing). */
function appendToGroups(ctx: MycnfContext, groups: readonly string[], line: string): TextChange[] {
  const { sections, lines, eol } = ctx;
  const edits: TextChange[] = [];
  const missing: string[] = [];
  for (const group of groups) {
    const section = [...sections].reverse().find((s) => sameMycnfGroup(s.name, group));
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
}

function deleteLine(lines: readonly MycnfLine[], l: MycnfLine): TextChange {
  return l.line + 1 < lines.length
    ? { from: { line: l.line, character: 0 }, to: { line: l.line + 1, character: 0 }, text: '' }
    : {
        from: { line: Math.max(0, l.line - 1), character: l.line > 0 ? lines[l.line - 1]!.text.length : 0 },
        to: { line: l.line, character: l.text.length },
        text: '',
      };
}

/** Move a line (renamed, when `name` is given) into other groups: one edit removes it, one per group adds it. */
export function moveFix(ctx: MycnfContext, title: string, l: MycnfLine, groups: readonly string[], name?: string, preferred = false): FixData {
  const o = l.option!;
  const moved = name === undefined ? l.text.trim() : `${l.text.slice(l.indent, o.nameSpan.start)}${name}${l.text.slice(o.nameSpan.end)}`.trim();
  const own = ctx.groupAt[l.line];
  const others = groups.filter((g) => own === undefined || !sameMycnfGroup(g, own));
  // The line stays where it is when its own group is one of the targets (renamed, if asked).
  const stays = others.length < groups.length;
  const here: TextChange[] = stays
    ? name === undefined
      ? []
      : [{ from: { line: l.line, character: o.nameSpan.start }, to: { line: l.line, character: o.nameSpan.end }, text: name }]
    : [deleteLine(ctx.lines, l)];
  return { kind: 'edits', title, edits: [...here, ...appendToGroups(ctx, others, moved)], preferred };
}

export const looseFix = (l: MycnfLine, preferred = false): FixData => ({
  kind: 'replace',
  title: `Prefix with loose- (programs without the option only warn)`,
  span: { line: l.line, start: l.option!.nameSpan.start, end: l.option!.nameSpan.start },
  text: 'loose-',
  preferred,
});
