/**
 * A profiling driver for the full analysis of the bench file (not part of npm run bench):
 *   node --cpu-prof --cpu-prof-dir=bench/results/prof --import tsx bench/profile.ts [runs]
 *   node --import tsx bench/profile.ts --summary bench/results/prof/<file>.cpuprofile
 *   node --import tsx bench/profile.ts --breakdown [runs]   (manual timers, medians in ms)
 */
import * as fs from 'node:fs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService } from '../server/src/service';
import { resolveHost, SshResolution } from '../server/src/service/analysis/ssh/resolve';
import { buildStructure, representativeHost } from '../server/src/service/analysis/ssh/structure';
import { validate } from '../server/src/service/analysis/ssh/validate';
import { splitLines, tokenize, tokenizeLine } from '../server/src/service/syntax/ssh';
import { toSettings } from '../server/src/settings';
import { generateConfig } from './generate';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

function summarize(file: string, top = 25): void {
  const p = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  p.samples.forEach((id, i) => {
    self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0));
  });
  const label = (n: Node) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*\/work\/main\//, '')}:${n.callFrame.lineNumber + 1}`;
  const selfBy = new Map<string, number>();
  const totalBy = new Map<string, number>();
  let total = 0;
  for (const [id, t] of self) {
    total += t;
    const n = byId.get(id)!;
    selfBy.set(label(n), (selfBy.get(label(n)) ?? 0) + t);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const l = label(byId.get(cur)!);
      if (seen.has(l)) continue;
      seen.add(l);
      totalBy.set(l, (totalBy.get(l) ?? 0) + t);
    }
  }
  const show = (title: string, m: Map<string, number>) => {
    console.log(`\n${title}`);
    for (const [l, t] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${((100 * t) / total).toFixed(1).padStart(6)}%  ${l}`);
  };
  show('self time', selfBy);
  show('total (inclusive) time', totalBy);
}

const settings = toSettings({ ssh: { version: '10.5' } }, { detectSshVersion: () => undefined, localUser: () => 'user' });

/** Where the time of analyzeSshConfig goes, by re-running its stages with timers. */
function breakdown(runs: number): void {
  const { text } = generateConfig();
  const service = createLanguageService({}, settings);
  const samples = new Map<string, number[]>();
  const time = <T>(name: string, fn: () => T): T => {
    const t0 = performance.now();
    const r = fn();
    const list = samples.get(name) ?? [];
    list.push(performance.now() - t0);
    samples.set(name, list);
    return r;
  };
  for (let run = 0; run < runs + 10; run++) {
    if (run === 10) samples.clear();
    const raw = time('tokenize: splitLines', () => splitLines(text));
    time('tokenize: tokenizeLine × lines', () => raw.map((l, i) => tokenizeLine(l, i)));
    const doc = time('tokenize (whole)', () => tokenize(text));
    const structure = time('buildStructure', () => buildStructure(doc, settings.sshVersion));
    time('validate', () => validate(structure, settings));
    const file = { uri: 'file:///home/bench/.ssh/config', structure };
    time('resolveHost × scopes (as the analysis does: lost lines of the block only, one reused resolution)', () => {
      const scratch = new SshResolution('');
      for (const block of structure.blocks) {
        const host = representativeHost(block.header);
        if (host === undefined || block.header?.error) continue;
        const input = {
          root: file,
          host,
          localUser: 'user',
          version: settings.sshVersion,
          userConfig: true,
          env: {},
          parse: () => file,
          force: block.header ? { uri: file.uri, line: block.header.line.line } : undefined,
        };
        resolveHost(input, block.start, block.end, scratch);
      }
    });
    time('service.analyze (all of it)', () => service.analyze(TextDocument.create(file.uri, 'ssh_config', run + 1, text)));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  for (const [name, xs] of samples) console.log(`${median(xs).toFixed(2).padStart(9)} ms  ${name}`);
}

const i = process.argv.indexOf('--summary');
if (i >= 0) summarize(process.argv[i + 1]);
else if (process.argv.includes('--breakdown')) breakdown(Number(process.argv[process.argv.indexOf('--breakdown') + 1]) || 30);
else {
  const runs = Number(process.argv[2] ?? 40);
  const service = createLanguageService({}, settings);
  const { text } = generateConfig();
  for (let v = 1; v <= runs; v++) service.analyze(TextDocument.create('file:///home/bench/.ssh/config', 'ssh_config', v, text));
}
