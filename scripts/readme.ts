/**
 * Regenerates the README sections that come from the code, so documentation is never a
 * hand-made copy: the settings (from package.json), the diagnostics reference (from
 * SSH_RULES) and the benchmark figures (from bench/results/latest.json, when present).
 *
 *   node --import tsx scripts/readme.ts          rewrite README.md
 *   node --import tsx scripts/readme.ts --check  exit 1 when README.md is stale
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MYCNF_RULES } from '../server/src/service/analysis/mycnf/rules';
import { SSH_RULES } from '../server/src/service/analysis/ssh/rules';
import { SSHD_RULES } from '../server/src/service/analysis/sshd/rules';
import { SYSCTL_RULES } from '../server/src/service/analysis/sysctl/rules';
import type { Rule } from '../server/src/service/analysis/types';
import type { MycnfResultRecord } from '../test/reality/mariadb';
import type { ResultRecord as SshRealityRow } from '../test/reality/sshHarness';

const root = join(__dirname, '..');

export function settingsSection(): string {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const props = pkg.contributes.configuration.properties as Record<string, { default: unknown; markdownDescription?: string; description?: string }>;
  const rows = Object.entries(props).map(
    ([k, v]) => `| \`${k}\` | \`${JSON.stringify(v.default)}\` | ${(v.markdownDescription ?? v.description ?? '').replace(/\|/g, '\\|')} |`,
  );
  return ['| setting | default | meaning |', '|---|---|---|', ...rows].join('\n');
}

export function diagnosticsSection(): string {
  const out: string[] = [];
  const dialects: Array<[string, Record<string, Rule>]> = [
    ['ssh_config', SSH_RULES],
    ['sshd_config', SSHD_RULES],
    ['sysctl', SYSCTL_RULES],
    ['MySQL / MariaDB option files', MYCNF_RULES],
  ];
  for (const [title, rules] of dialects) {
    out.push(`### ${title}`, '');
    for (const [code, rule] of Object.entries(rules)) {
      const anchor = code.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
      out.push(`<a id="${anchor}"></a>`, `#### \`${code}\` (${rule.severity})`, '', rule.doc);
      if (rule.fix) out.push('', `Quick fix: ${rule.fix}`);
      out.push('');
    }
  }
  return out.join('\n').trimEnd();
}

interface Stat {
  median: number;
  p90: number;
}

function benchSection(previous: string): string {
  const file = join(root, 'bench/results/latest.json');
  if (!existsSync(file)) return previous;
  const r = JSON.parse(readFileSync(file, 'utf8'));
  const ms = (n: number) => `${n.toFixed(2)} ms`;
  const row = (name: string, st: Stat | undefined, target: string) => (st ? `| ${name} | ${ms(st.median)} | ${ms(st.p90)} | ${target} |` : '');
  const a = r.analysis;
  const rows = [
    '| measure | median | p90 | target |',
    '|---|---|---|---|',
    row('full analysis: diagnostics + CodeLens + inlay hints, 10,000 lines', a.full, `${r.targets.analysisMs} ms`),
    row('· tokenize', a.phases.tokenize, ''),
    row('· validate', a.phases.validate, ''),
    row('`ssh-config` package: parse only, same text', a.sshConfigParse, 'baseline'),
    row('hover round trip over stdio', r.lsp?.hover, `${r.targets.roundTripMs} ms`),
    row('CodeLens round trip over stdio (1,000 lenses)', r.lsp?.codeLens, `${r.targets.roundTripMs} ms`),
  ].filter(Boolean);
  const ratio = a.full.median / a.sshConfigParse.median;
  return [
    ...rows,
    '',
    `Full analysis is ${ratio.toFixed(2)} × the time \`ssh-config\` takes only to parse the text (it keeps no positions and resolves nothing).`,
    `Measured ${r.date.slice(0, 10)} on ${r.cpus} × ${r.cpu}, Node ${r.node}, load average ${r.loadavg[0]} (figures from \`npm run bench\`, \`bench/results/latest.json\`).`,
  ].join('\n');
}

/** Table cells of the reality sections: `|` escaped; seconds, or `none` where there are none; a check not held to: —. */
const cell = (s: string) => s.replace(/\|/g, '\\|');
const seconds = (n: number | null, none: string) => (n === null ? none : `${n} s`);
const within = (ok: boolean | null) => (ok === null ? '—' : ok ? 'yes' : '**no**');

/**
 * Predicted versus measured times of the last recorded run of test/reality/ssh-client-timeouts.test.ts and
 * test/reality/sshd-timeouts.test.ts (REALITY_RECORD=1), in the rows' own type (sshHarness.ts writes them).
 */
export function realitySection(previous: string): string {
  const file = join(root, 'test/reality/results/ssh-timeouts.json');
  return existsSync(file) ? sshRealityTable(JSON.parse(readFileSync(file, 'utf8'))) : previous;
}

export function sshRealityTable(rows: readonly SshRealityRow[]): string {
  return [
    '| side | I | N | predicted by `explain` | measured | tolerance | within | config |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.scenario} | ${r.interval} | ${r.countMax} | ${seconds(r.predicted, 'never')} | ${seconds(r.measured, 'never')} | ${r.tolerance === null ? '—' : `±${r.tolerance} s`} | ${within(r.withinTolerance)} | ${cell(r.config)} |`,
    ),
  ].join('\n');
}

/** Predicted versus measured times of the last recorded run of test/reality/mycnf-timeouts.test.ts (REALITY_RECORD=1), in the rows' own type. */
export function mycnfRealitySection(previous: string): string {
  const file = join(root, 'test/reality/results/mycnf-timeouts.json');
  if (!existsSync(file)) return previous;
  const rows = JSON.parse(readFileSync(file, 'utf8')) as MycnfResultRecord[];
  return [
    '| side | case | config | timeline says | measured | held to | tolerance | within | note |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.side} | ${r.case} | ${cell(r.config)} | ${seconds(r.predicted, '—')} | ${seconds(r.measured, 'still waiting')} | ${seconds(r.expected, '—')} | ${r.tolerance ? `−${r.tolerance.below}/+${r.tolerance.above} s` : '—'} | ${within(r.withinTolerance)} | ${cell(r.note)} |`,
    ),
  ].join('\n');
}

function replace(text: string, name: string, body: (previous: string) => string): string {
  const start = `<!-- generated:${name}:start -->`;
  const end = `<!-- generated:${name}:end -->`;
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error(`README.md lacks the ${name} markers`);
  const previous = text.slice(a + start.length, b).trim();
  return `${text.slice(0, a + start.length)}\n${body(previous)}\n${text.slice(b)}`;
}

/** The README with its generated sections rewritten (the bench section only when asked). */
export function generate(text: string, withBench = true): string {
  let out = replace(text, 'settings', settingsSection);
  out = replace(out, 'diagnostics', diagnosticsSection);
  out = replace(out, 'reality', realitySection);
  out = replace(out, 'reality-mycnf', mycnfRealitySection);
  if (withBench) out = replace(out, 'bench', benchSection);
  return out;
}

if (require.main === module) {
  const path = join(root, 'README.md');
  const text = readFileSync(path, 'utf8');
  const next = generate(text);
  if (process.argv.includes('--check')) {
    if (next !== text) {
      console.error('README.md is stale: run node --import tsx scripts/readme.ts');
      process.exit(1);
    }
  } else {
    writeFileSync(path, next);
  }
}
