/**
 * The shape the explain-vs-program oracles share (ssh-g.test.ts against `ssh -G`, sshd-t.test.ts against
 * `sshd -T`): many generated cases, the ones that disagree reported (in full for the first few), one of each kind
 * shrunk to the lines that matter, and a few re-run through the bundled CLI.
 */

/** How many disagreeing cases a report shows in full; the rest get one line each. */
const SHOWN_IN_FULL = 20;

/** The cases in full (`full`) for the first few, one line (`short`) for the rest. */
export function report<C>(cases: readonly C[], full: (c: C) => string, short: (c: C) => string): string {
  return [...cases.slice(0, SHOWN_IN_FULL).map(full), ...cases.slice(SHOWN_IN_FULL).map(short)].join('\n\n');
}

/**
 * Minimizes at most `max` of the cases: one per kind of disagreement (`kind`) and per config (`config`), in order,
 * as the shrinking runs the programs again and a case of a kind already shrunk tells nothing new.
 */
export async function minimizeEachKind<C>(
  cases: readonly C[],
  by: { readonly kind: (c: C) => string; readonly config: (c: C) => number; readonly max: number },
  minimize: (c: C) => Promise<string>,
): Promise<string[]> {
  const out: string[] = [];
  const kinds = new Set<string>();
  const configs = new Set<number>();
  for (const c of cases) {
    if (out.length >= by.max) break;
    const kind = by.kind(c);
    const config = by.config(c);
    if (kinds.has(kind) || configs.has(config)) continue;
    kinds.add(kind);
    configs.add(config);
    out.push(await minimize(c));
  }
  return out;
}

/** The cases the bundled CLI runs again: `n - 1` accepted ones spread over the run, then the first rejected one. */
export function bundledChecks<C>(accepted: readonly C[], rejected: readonly C[], n: number): C[] {
  const chosen: C[] = [];
  for (let k = 0; k < n - 1; k++) {
    const c = accepted[Math.floor((k * accepted.length) / (n - 1))];
    if (c) chosen.push(c);
  }
  if (rejected[0]) chosen.push(rejected[0]);
  return chosen;
}
