/**
 * Markdown and plain text rendered from the catalog and the timeline. The only place
 * user-facing documentation is formatted, so hover, completion and the timeline view agree.
 */
import type { DirectiveDoc } from '../catalog/types';
import { formatDuration } from '../model/duration';
import { describeOrigin, type Timeline } from '../model/timeline';

export const README_URL = 'https://github.com/keepalive-lens/keepalive-lens/blob/main/README.md';

/** The README anchor that documents a diagnostic code (`ssh/no-server-alive` -> `#ssh-no-server-alive`). */
export function codeHref(code: string): string {
  return `${README_URL}#${code.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`;
}

export function keywordDoc(spec: DirectiveDoc): string {
  return `${keywordTitle(spec)}\n\n${keywordBody(spec)}`;
}

/** The keyword and its syntax, one line. */
export function keywordTitle(spec: DirectiveDoc): string {
  return `**${spec.name}** \`${spec.syntax}\``;
}

/** The documentation below the title: summary, details, default, release, status. */
export function keywordBody(spec: DirectiveDoc): string {
  const out: string[] = [spec.summary];
  if (spec.details) out.push('', spec.details);
  const facts: string[] = [];
  if (spec.default !== undefined) facts.push(`Default: \`${spec.default}\``);
  if (spec.since) facts.push(`Since ${spec.product ?? 'OpenSSH'} ${spec.since}`);
  if (spec.aliasOf) facts.push(`Another name for ${spec.aliasOf}`);
  if (spec.status !== 'active') facts.push(`Status: ${spec.status}`);
  if (facts.length) out.push('', facts.join(' · '));
  return out.join('\n');
}

function at(seconds: number): string {
  return seconds === 0 ? '0 s' : formatDuration(seconds);
}

/**
 * Markdown renderers (VS Code's among them) turn `name@host.tld` into a mailto link; in this text such a
 * word is always a protocol name (`keepalive@openssh.com`), so it is set as code. Code spans are kept.
 */
export function protocolNamesAsCode(text: string): string {
  return text
    .split(/(`[^`]*`)/)
    .map((part, i) => (i % 2 ? part : part.replace(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, '`$&`')))
    .join('');
}

/** The whole timeline: the outcome, each step in time, and where every number comes from. */
export function timelineMarkdown(t: Timeline, uri: string, heading = true): string {
  const out: string[] = [];
  if (heading) out.push(`### ${t.scope}`, '');
  out.push(`**${protocolNamesAsCode(t.summary)}**`, '');
  out.push(`Computed for ${t.subject}.`, '');
  if (t.steps.length) {
    out.push('| after the last data from the peer | what happens |', '|---|---|');
    for (const s of t.steps) out.push(`| ${at(s.at)} | ${protocolNamesAsCode(s.what)} |`);
    out.push('');
  }
  if (t.inputs.length) out.push('| value | from |', '|---|---|');
  for (const i of t.inputs) out.push(`| ${i.name} = \`${i.value}\` | ${describeOrigin(i.origin, uri).replace(/\|/g, '\\|')} |`);
  if (t.notes.length) {
    out.push('');
    for (const n of t.notes) out.push(`- ${protocolNamesAsCode(n)}`);
  }
  return out.join('\n');
}

/** The same timeline as plain text, for the CLI and for clients without markdown. */
export function timelineText(t: Timeline, uri: string): string {
  const out: string[] = [`${t.scope}: ${t.summary}`, `  computed for ${t.subject}`];
  for (const s of t.steps) out.push(`  ${at(s.at).padStart(16)}  ${s.what}`);
  if (t.inputs.length) out.push('  values:');
  for (const i of t.inputs) out.push(`    ${i.name} = ${i.value}  (${describeOrigin(i.origin, uri)})`);
  for (const n of t.notes) out.push(`  - ${n}`);
  return out.join('\n');
}
