/**
 * How the CLI writes findings, for every dialect and command: one JSON shape, and the closing error lines
 * of `explain`.
 */
import { type Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { timelineText } from './service/features/render';
import type { Timeline } from './service/model/timeline';

export const SEVERITY_NAME: Record<number, string> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'info',
  [DiagnosticSeverity.Hint]: 'hint',
};

/** A finding as `--json` prints it (1-based line and column). */
export function findingJson(d: Diagnostic): { line: number; column: number; severity: string; code: string; message: string } {
  return {
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    severity: SEVERITY_NAME[d.severity ?? 1],
    code: String(d.code),
    message: typeof d.message === 'string' ? d.message : d.message.value,
  };
}

/** What `writeExplain` prints, and where. */
export interface Explain {
  readonly out: (text: string) => void;
  readonly json: boolean;
  /** What the connection is (`{ host }`; sshd: user, host, addr): first in the JSON. */
  readonly head: Record<string, unknown>;
  /** The keywords, in the order the program's own dump prints them. */
  readonly keys: readonly string[];
  /** A keyword's effective value, as that dump spells it. */
  readonly valueFor: (key: string) => string;
  readonly timeline: Timeline;
  readonly diags: readonly Diagnostic[];
  /** The document's uri (a timeline origin in another file names that file). */
  readonly uri: string;
  /** Who refuses the file when it has errors (`ssh refuses to run`). */
  readonly refusal: string;
}

/**
 * What `explain --host` (ssh) and `explain --user/--host/--addr` (sshd) print: the keywords as the program's
 * own dump spells them (numbers as numbers in JSON), then the timeline, then the errors that make the program
 * refuse the file. Returns the exit status: 1 when it refuses.
 */
export function writeExplain({ out, json, head, keys, valueFor, timeline, diags, uri, refusal }: Explain): number {
  const values: Record<string, string | number> = {};
  for (const key of keys) {
    const v = valueFor(key);
    values[key] = /^\d+$/.test(v) ? Number(v) : v;
  }
  const errors = diags.filter((d) => d.severity === DiagnosticSeverity.Error);
  if (json) {
    // A timeline that never detects has no detectAfter: null says so in JSON.
    const t = { ...timeline, detectAfter: timeline.detectAfter ?? null };
    out(`${JSON.stringify({ ...head, ...values, timeline: t, findings: diags.map(findingJson) }, null, 2)}\n`);
  } else {
    for (const key of keys) out(`${key} ${values[key]}\n`);
    out(`\n${timelineText(timeline, uri)}\n`);
    for (const d of errors) out(`\nerror ${d.code} line ${d.range.start.line + 1}: ${d.message}`);
    if (errors.length) out(`\n${refusal} with this file (it stops at the first bad line).\n`);
  }
  return errors.length > 0 ? 1 : 0;
}
