/**
 * Shared helpers of the sysctl diagnostics tests (test/service/sysctl-diagnostics-*.test.ts): the WHOLE list of each
 * fixture, compared exactly (range, severity, code, link, message, tags, related information and fix data).
 *
 *   check(text, [diag(code, severity, range, message, extra?), ...], options?)  -> the diagnostics must be exactly these
 *   spanOf(text, line, needle, nth?), wholeLine(text, line)                   -> the Spans of fix data
 *   everyCodeHasATest(file)                                                   -> the test, last in each file, that its codes have tests
 *
 * Every code of SYSCTL_RULES has a test in these files (COVERED_IN says which file must have it;
 * test/service/ruleCoverage.ts). Numbers in messages are derived from the facts (semantics.md sections 3, 4 and 6):
 * keepalive death at time + intvl × probes, kernel defaults 7200 / 75 / 9, the path idle timeout of the test settings
 * 300 s.
 */
import assert from 'node:assert/strict';
import { type Diagnostic, DiagnosticTag, type Range } from 'vscode-languageserver-types';
import type { Settings } from '../../server/src/service';
import { SYSCTL_RULES, type SysctlCode } from '../../server/src/service/analysis/sysctl/rules';
import type { FixData } from '../../server/src/service/analysis/types';
import type { Span } from '../../server/src/service/syntax/text';
import { rangeInside } from '../fixtures';
import { README, rangeOf, SYSCTL_URI, sysctlDoc, sysctlService } from '../sysctlFixtures';
import { codesCheck } from './ruleCoverage';

const SEV = { error: 1, warning: 2, info: 3 } as const;
const covered = new Set<string>();

interface Extra {
  fixes?: FixData[];
  unnecessary?: boolean;
  related?: Array<[uri: string, range: Range, message: string]>;
}

/** One expected diagnostic, in the shape the service publishes. */
export function diag(code: SysctlCode, severity: keyof typeof SEV, range: Range, message: string, extra: Extra = {}): Diagnostic {
  covered.add(code);
  const d: Diagnostic = {
    range,
    severity: SEV[severity],
    code,
    codeDescription: { href: `${README}#${code.replace('/', '-')}` },
    source: 'keepalive-lens',
    message,
    data: { fixes: extra.fixes ?? [] },
  };
  if (extra.unnecessary) d.tags = [DiagnosticTag.Unnecessary];
  if (extra.related) d.relatedInformation = extra.related.map(([uri, r, m]) => ({ location: { uri, range: r }, message: m }));
  return d;
}

/** The Span (fix data) of the nth `needle` on a line. */
export function spanOf(text: string, line: number, needle: string, nth = 0): Span {
  const r = rangeOf(text, line, needle, nth);
  return { line, start: r.start.character, end: r.end.character };
}

export const wholeLine = (text: string, line: number): Span => ({ line, start: 0, end: text.split(/\r\n|\n/)[line].length });

interface Options {
  uri?: string;
  /** The other files of the set. */
  files?: Record<string, string>;
  settings?: Partial<Settings>;
}

/** The diagnostics of `text` (at `uri`, with the other files of its set) must be exactly `expected`. */
export function check(text: string, expected: Diagnostic[], o: Options = {}): void {
  const uri = o.uri ?? SYSCTL_URI;
  const doc = sysctlDoc(text, uri);
  const got = sysctlService({ ...(o.files ?? {}), [uri]: text }, o.settings).diagnostics(doc);
  for (const d of got) assert.ok(rangeInside(doc, d.range), `${d.code} ${JSON.stringify(d.range)} lies inside the document`);
  assert.deepStrictEqual(got, expected);
}

export const TIME = 'net.ipv4.tcp_keepalive_time';
export const INTVL = 'net.ipv4.tcp_keepalive_intvl';
export const PROBES = 'net.ipv4.tcp_keepalive_probes';
/** The keepalive article's values for long-lived connections: dead after 300 + 5 × 30 = 450 s. */
export const COMPLETE = [`${TIME} = 300`, `${INTVL} = 30`, `${PROBES} = 5`];

export const ETC = 'file:///etc/sysctl.d/';
export const USR = 'file:///usr/lib/sysctl.d/';

type DiagnosticsFile = 'sysctl-diagnostics-lines' | 'sysctl-diagnostics-set' | 'sysctl-diagnostics-keepalive';

/** The test file that must have a test of each code (the test files are split by topic; each checks its share). */
const COVERED_IN: Record<SysctlCode, DiagnosticsFile> = {
  'sysctl/not-an-assignment': 'sysctl-diagnostics-lines',
  'sysctl/missing-key': 'sysctl-diagnostics-lines',
  'sysctl/invalid-value': 'sysctl-diagnostics-lines',
  'sysctl/inline-comment': 'sysctl-diagnostics-lines',
  'sysctl/extra-value': 'sysctl-diagnostics-lines',
  'sysctl/octal-value': 'sysctl-diagnostics-lines',
  'sysctl/unknown-key': 'sysctl-diagnostics-lines',
  'sysctl/module-key': 'sysctl-diagnostics-keepalive',
  'sysctl/bom': 'sysctl-diagnostics-lines',
  'sysctl/duplicate-key': 'sysctl-diagnostics-set',
  'sysctl/overridden': 'sysctl-diagnostics-set',
  'sysctl/masked-file': 'sysctl-diagnostics-set',
  'sysctl/last-assignment-rejected': 'sysctl-diagnostics-set',
  'sysctl/keepalive-incomplete': 'sysctl-diagnostics-keepalive',
  'sysctl/keepalive-time-above-idle-timeout': 'sysctl-diagnostics-keepalive',
  'sysctl/conntrack-shorter-than-keepalive': 'sysctl-diagnostics-keepalive',
  'sysctl/negative-time': 'sysctl-diagnostics-keepalive',
  'sysctl/aggressive-keepalive': 'sysctl-diagnostics-keepalive',
};

/** The last test of each file: every code COVERED_IN gives to `file` has a test in it. */
export function everyCodeHasATest(file: DiagnosticsFile): void {
  codesCheck(`every code of SYSCTL_RULES given to ${file} has a test above`, SYSCTL_RULES, COVERED_IN, file, covered);
}
