/**
 * Shared helpers of the MySQL/MariaDB option-file diagnostics tests (test/service/mycnf-analysis-*.test.ts): each
 * fixture's WHOLE list of findings (code, severity, range, message, fix titles, related information), and each quick
 * fix applied with the whole resulting text compared.
 *
 *   check(text, [f(code, range, message, fixes?, extra?), ...], options?)  -> the findings must be exactly these
 *   findings(text, options?)                                               -> the findings, projected (for partial checks)
 *   fixed(text, code, title?, options?)                                    -> the text after one quick fix
 *   everyCodeProduced(file)                                                -> the test, last in each file, that its codes were produced
 *
 * Every code of MYCNF_RULES is produced by some input of these files (PRODUCED_IN says which file must produce it;
 * test/service/ruleCoverage.ts). The programs' own words in the messages were taken from MariaDB 10.11 (`mariadb`,
 * `mariadb-dump`, `mariadbd --verbose --help`, `my_print_defaults`) on the same files. Numbers: wait_timeout
 * 1..31536000, connect_timeout (mariadb) 0..43200, pool idle time 1800 s (TEST_SETTINGS), kernel keepalive limits
 * 32767 s and 127 probes.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic, Range } from 'vscode-languageserver-types';
import type { Environment, Settings } from '../../server/src/service';
import { MYCNF_RULES, type MycnfCode } from '../../server/src/service/analysis/mycnf/rules';
import { rangeInside } from '../fixtures';
import { applyAction, mycnfDoc, mycnfService, README } from '../mycnfFixtures';
import { codesCheck } from './ruleCoverage';

export const ROOT = path.resolve(__dirname, '..', '..');
export const ARTICLE = fs.readFileSync(path.join(ROOT, 'test/fixtures/article-as-pasted.my.cnf'), 'utf8');
export const ARTICLE_FIXED = fs.readFileSync(path.join(ROOT, 'examples/article-fixed.my.cnf'), 'utf8');

/** Every code some test input produced. */
const produced = new Set<string>();
const SEVERITY = ['', 'error', 'warning', 'info', 'hint'] as const;

export interface Found {
  code: string;
  severity: string;
  range: Range;
  message: string;
  /** Fix titles in order, the preferred one marked `* `. */
  fixes: string[];
  related?: Array<[uri: string, range: Range, message: string]>;
  unnecessary?: true;
}

/** One expected finding. */
export function f(code: MycnfCode, range: Range, message: string, fixes: string[] = [], extra: Pick<Found, 'related' | 'unnecessary'> = {}): Found {
  return { code, severity: MYCNF_RULES[code].severity, range, message, fixes, ...extra };
}

function project(d: Diagnostic): Found {
  const fixes = (d.data as { fixes: Array<{ title: string; preferred?: boolean }> }).fixes.map((x) => (x.preferred ? `* ${x.title}` : x.title));
  const out: Found = {
    code: String(d.code),
    severity: SEVERITY[d.severity ?? 0],
    range: d.range,
    message: typeof d.message === 'string' ? d.message : d.message.value,
    fixes,
  };
  if (d.relatedInformation) out.related = d.relatedInformation.map((r) => [r.location.uri, r.location.range, r.message]);
  if (d.tags?.includes(1)) out.unnecessary = true;
  return out;
}

export interface Options {
  uri?: string;
  env?: Environment;
  settings?: Partial<Settings>;
}

/** The diagnostics of `text`, checked for ranges, source and link, and projected. */
export function findings(text: string, o: Options = {}): Found[] {
  const doc = mycnfDoc(text, o.uri);
  const got = mycnfService(o.settings, o.env).diagnostics(doc);
  for (const d of got) {
    produced.add(String(d.code));
    assert.ok(rangeInside(doc, d.range), `${d.code} ${JSON.stringify(d.range)} lies inside the document`);
    assert.equal(d.source, 'keepalive-lens');
    assert.deepStrictEqual(d.codeDescription, { href: `${README}#${String(d.code).replace('/', '-')}` });
  }
  return got.map(project);
}

/** The diagnostics of `text` must be exactly `expected`. */
export function check(text: string, expected: Found[], o: Options = {}): void {
  assert.deepStrictEqual(findings(text, o), expected);
}

export const CLIENTS = 'mariadb, mariadb-dump, mariadb-admin, mariadb-check, mariadb-import, mariadb-show and mariadb-slap';
export const POOL = (v: string, what = 'wait_timeout') =>
  `${what} ${v} is shorter than the 30 min a connection pool may keep a connection idle (setting keepaliveLens.mysql.poolIdleTime): the server closes pooled connections and the application gets "server has gone away". Keep the pool's idle limit (HikariCP maxLifetime, Go SetConnMaxIdleTime) below ${v}.`;
export const LOOSE = 'Prefix with loose- (programs without the option only warn)';
export const MOVE_CONNECT = 'Move to [mysql] and [mysqladmin] (the programs that have it)';
export const NET_READ = 'Replace with net_read_timeout in [mysqld] (the server-side timeout)';
export const NET_WRITE = 'Replace with net_write_timeout in [mysqld] (the server-side timeout)';

/** The text after the fix with this title (or the preferred one) of the first diagnostic with this code. */
export function fixed(text: string, code: MycnfCode, title?: string, o: Options = {}): string {
  const s = mycnfService(o.settings, o.env);
  const doc = mycnfDoc(text, o.uri);
  const diags = s.diagnostics(doc).filter((d) => d.code === code);
  assert.ok(diags.length > 0, `the text has a ${code} diagnostic`);
  const actions = s.codeActions(doc, diags[0].range, [diags[0]]);
  const action = title === undefined ? actions.find((a) => a.isPreferred) : actions.find((a) => a.title === title);
  assert.ok(action, `a fix ${title ?? '(preferred)'} among: ${actions.map((a) => a.title).join(' | ')}`);
  return applyAction(doc, action);
}

/** The files whose inputs produce codes (not mycnf-analysis-quick-fixes: the findings it checks are none). */
type AnalysisFile = 'mycnf-analysis-options' | 'mycnf-analysis-values' | 'mycnf-analysis-structure' | 'mycnf-analysis-mysql';

/** The test file that must produce each code (the test files are split by topic; each checks its share). */
const PRODUCED_IN: Record<MycnfCode, AnalysisFile> = {
  'mycnf/rejected-option': 'mycnf-analysis-options',
  'mycnf/unknown-option': 'mycnf-analysis-options',
  'mycnf/server-option-in-client-group': 'mycnf-analysis-options',
  'mycnf/ambiguous-option': 'mycnf-analysis-options',
  'mycnf/option-prefix': 'mycnf-analysis-options',
  'mycnf/disabled-option': 'mycnf-analysis-options',
  'mycnf/exits-program': 'mycnf-analysis-options',
  'mycnf/missing-value': 'mycnf-analysis-options',
  'mycnf/unexpected-value': 'mycnf-analysis-options',
  'mycnf/one-family-rejects': 'mycnf-analysis-mysql',
  'mycnf/ignored-option': 'mycnf-analysis-mysql',
  'mycnf/loose-unknown': 'mycnf-analysis-options',
  'mycnf/invalid-number': 'mycnf-analysis-values',
  'mycnf/loose-bad-value': 'mycnf-analysis-options',
  'mycnf/out-of-range': 'mycnf-analysis-values',
  'mycnf/keepalive-over-kernel-limit': 'mycnf-analysis-values',
  'mycnf/short-wait-timeout': 'mycnf-analysis-values',
  'mycnf/overridden': 'mycnf-analysis-values',
  'mycnf/glued-comment': 'mycnf-analysis-values',
  'mycnf/unbalanced-quote': 'mycnf-analysis-values',
  'mycnf/option-before-group': 'mycnf-analysis-structure',
  'mycnf/bom': 'mycnf-analysis-structure',
  'mycnf/unclosed-group': 'mycnf-analysis-structure',
  'mycnf/group-trailing-text': 'mycnf-analysis-structure',
  'mycnf/group-space': 'mycnf-analysis-structure',
  'mycnf/unknown-group': 'mycnf-analysis-structure',
  'mycnf/include-missing-path': 'mycnf-analysis-structure',
  'mycnf/include-last-line': 'mycnf-analysis-structure',
  'mycnf/include-not-read': 'mycnf-analysis-structure',
  'mycnf/includedir-unreadable': 'mycnf-analysis-structure',
  'mycnf/include-depth': 'mycnf-analysis-structure',
  'mycnf/ignored-directive': 'mycnf-analysis-structure',
  'mycnf/included-file-error': 'mycnf-analysis-structure',
};

/** The last test of each file: every code PRODUCED_IN gives to `file` was produced by one of its inputs. */
export function everyCodeProduced(file: AnalysisFile): void {
  codesCheck(`every code of MYCNF_RULES given to ${file} is produced by some input above`, MYCNF_RULES, PRODUCED_IN, file, produced);
}
