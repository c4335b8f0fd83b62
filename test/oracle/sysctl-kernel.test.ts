/**
 * Oracle test: the sysctl catalog and name lists against the running kernel.
 *
 *   node --import tsx --test test/oracle/sysctl-kernel.test.ts
 *
 * One `unshare -n` child (this same node binary) gets a fresh network namespace, reads every
 * catalogued key, writes the boundary values of each range and reports what the kernel accepted and
 * what it reads back, as JSON. Writes there cannot touch the host. The test itself only reads the host's
 * values (for the keys a new namespace copies from the initial one).
 *
 * Skips when this is not Linux, not root, or `unshare -n` does not work, unless CI is set: then it
 * fails, because CI runs as root on Linux.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { release } from 'node:os';
import { describe, it, test } from 'node:test';
import { SYSCTL_INHERITED_KEYS, SYSCTL_KEYS } from '../../server/src/service/catalog/sysctlKeys';
import { SYSCTL_GLOBAL_NAMES, SYSCTL_KEY_NAMES, SYSCTL_NAMES_KERNEL } from '../../server/src/service/catalog/sysctlNames';
import type { SysctlKeySpec } from '../../server/src/service/catalog/types';

const TITLE = 'sysctl catalog vs the running kernel (fresh network namespace)';

function unavailable(): string | undefined {
  if (process.platform !== 'linux') return `not Linux (${process.platform}); the sysctl oracle needs /proc/sys`;
  if (process.getuid?.() !== 0) return 'not root; the sysctl oracle needs `unshare -n` and writes to /proc/sys';
  const r = spawnSync('unshare', ['-n', 'true'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return `\`unshare -n true\` failed (${r.error?.message ?? r.stderr.trim()}); the sysctl oracle needs network namespaces`;
  return undefined;
}

/** `net.ipv4.conf.*.rp_filter` with `*` = `lo` -> /proc/sys/net/ipv4/conf/lo/rp_filter. */
const procPath = (name: string, iface = 'lo'): string =>
  `/proc/sys/${name
    .split('.')
    .map((s) => (s === '*' ? iface : s.replaceAll('/', '.')))
    .join('/')}`;

const norm = (v: string | null): string | null => (v === null ? null : v.trim().split(/\s+/).join(' '));

/** The concrete keys a catalog entry is checked on: a per-interface entry on conf.all and conf.default. */
const instances = (spec: SysctlKeySpec): string[] =>
  spec.name.includes('*') ? [spec.name.replace('*', 'all'), spec.name.replace('*', 'default')] : [spec.name];

const inherited = (name: string): boolean =>
  SYSCTL_INHERITED_KEYS.some((k) => (k.endsWith('*') ? name.startsWith(k.slice(0, -1)) : name === k)) ||
  (name.startsWith('net.ipv4.conf.') && SYSCTL_INHERITED_KEYS.includes('net.ipv4.conf.*'));

/** Keys whose boundary writes need another key set first (they are checked against it). */
const SETUP: Record<string, Array<[string, string]>> = {
  'net.ipv4.ip_unprivileged_port_start': [['net.ipv4.ip_local_port_range', '65535 65535']],
  'net.ipv4.ip_local_port_range': [['net.ipv4.ip_unprivileged_port_start', '0']],
};

interface Probe {
  readonly key: string;
  readonly setup: Array<[string, string]>;
  readonly writes: string[];
  /** true: the kernel must accept the write and read it back (whitespace-normalized). */
  readonly accepted: boolean[];
}

function probesFor(spec: SysctlKeySpec): Probe[] {
  if (!spec.perNamespace) return [];
  const key = spec.name.replace('*', 'default');
  const setup = SETUP[spec.name] ?? [];
  const v = spec.value;
  if (v.type === 'int') return [{ key, setup, writes: [v.min - 1, v.min, v.max, v.max + 1].map(String), accepted: [false, true, true, false] }];
  if (v.type === 'ints') {
    const row = (first: number, rest: number): string => [first, ...Array<number>(v.count - 1).fill(rest)].join(' ');
    return [{ key, setup, writes: [row(v.min, v.min), row(v.max, v.max), row(v.min - 1, v.min), row(v.max + 1, v.max)], accepted: [true, true, false, false] }];
  }
  if (spec.name === 'net.ipv4.tcp_congestion_control') return [{ key, setup, writes: ['reno', 'Reno', 'no_such_algorithm'], accepted: [true, false, false] }];
  return [];
}

/** How the kernel reads numbers (kernel/sysctl.c): checked on tcp_keepalive_time and tcp_keepalive_probes. */
const SYNTAX: Array<[key: string, input: string, accepted: boolean, readBack: string]> = [
  ['net.ipv4.tcp_keepalive_time', '010', true, '8'],
  ['net.ipv4.tcp_keepalive_time', '0x10', true, '16'],
  ['net.ipv4.tcp_keepalive_time', ' \t42\n', true, '42'],
  ['net.ipv4.tcp_keepalive_time', '5 6', true, '5'],
  ['net.ipv4.tcp_keepalive_time', '5 junk', true, '5'],
  ['net.ipv4.tcp_keepalive_time', '-0', true, '0'],
  ['net.ipv4.tcp_keepalive_time', '', true, '7200'],
  ['net.ipv4.tcp_keepalive_time', '+5', false, '7200'],
  ['net.ipv4.tcp_keepalive_time', '1e3', false, '7200'],
  ['net.ipv4.tcp_keepalive_time', '1.5', false, '7200'],
  ['net.ipv4.tcp_keepalive_time', '5x', false, '7200'],
  ['net.ipv4.tcp_keepalive_time', '5,6', false, '7200'],
  ['net.ipv4.tcp_keepalive_time', '08', false, '7200'],
  ['net.ipv4.tcp_keepalive_time', '0x', false, '7200'],
  ['net.ipv4.tcp_keepalive_time', ' ', false, '7200'],
  ['net.ipv4.tcp_keepalive_time', '00000000000000000000001', false, '7200'],
  ['net.ipv4.tcp_keepalive_probes', '0377', true, '255'],
  ['net.ipv4.tcp_keepalive_probes', '0xff', true, '255'],
  ['net.ipv4.tcp_keepalive_probes', '0x100', false, '9'],
  ['net.ipv4.tcp_keepalive_probes', '-0', false, '9'],
];

/** Runs inside the namespace: reads, existence checks and probes, answered as JSON on stdout. */
const CHILD = `
const fs = require('node:fs');
const plan = JSON.parse(fs.readFileSync(0, 'utf8'));
const read = (p) => { try { return fs.readFileSync(p, 'utf8').replace(/\\n$/, ''); } catch { return null; } };
const write = (p, s) => {
  let fd;
  try { fd = fs.openSync(p, fs.constants.O_WRONLY); fs.writeSync(fd, s); return null; }
  catch (e) { return e.code || String(e); }
  finally { if (fd !== undefined) fs.closeSync(fd); }
};
const mode = (p) => { try { return fs.statSync(p).mode & 0o777; } catch { return null; } };
const out = { values: {}, modes: {}, exists: {}, probes: [] };
for (const p of plan.reads) out.values[p] = read(p);
for (const p of plan.reads) out.modes[p] = mode(p);
for (const p of plan.exists) out.exists[p] = fs.existsSync(p);
for (const pr of plan.probes) {
  const original = read(pr.path);
  const saved = pr.setup.map(([p, v]) => { const o = read(p); const e = write(p, v); return [p, o, e]; });
  const results = pr.writes.map((w) => { const error = write(pr.path, w); const r = { error, readBack: read(pr.path) }; write(pr.path, original); return r; });
  for (const [p, o] of saved.reverse()) write(p, o);
  out.probes.push({ path: pr.path, original, setupErrors: saved.map((s) => s[2]), results });
}
process.stdout.write(JSON.stringify(out));
`;

interface ChildOut {
  values: Record<string, string | null>;
  modes: Record<string, number | null>;
  exists: Record<string, boolean>;
  probes: Array<{
    path: string;
    original: string | null;
    setupErrors: Array<string | null>;
    results: Array<{ error: string | null; readBack: string | null }>;
  }>;
}

function runInFreshNamespace(plan: {
  reads: string[];
  exists: string[];
  probes: Array<{ path: string; setup: Array<[string, string]>; writes: string[] }>;
}): ChildOut {
  const r = spawnSync('unshare', ['-n', process.execPath, '-e', CHILD], {
    input: JSON.stringify(plan),
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
    timeout: 60_000,
  });
  if (r.error || r.status !== 0) throw new Error(`unshare -n node failed: ${r.error?.message ?? r.stderr}`);
  return JSON.parse(r.stdout) as ChildOut;
}

const reason = unavailable();
if (reason && process.env.CI) {
  test(TITLE, () => {
    assert.fail(`${reason} (CI is set, so this fails instead of skipping)`);
  });
} else if (reason) {
  describe(TITLE, () => {
    it('agrees with the kernel', { skip: reason }, () => {});
  });
  console.log(`SKIP: ${reason}`);
} else {
  describe(`${TITLE}, Linux ${release()}`, () => {
    const perNs = SYSCTL_KEYS.filter((k) => k.perNamespace);
    const global = SYSCTL_KEYS.filter((k) => !k.perNamespace);
    const probes = perNs.flatMap(probesFor);
    const syntaxKeys = [...new Set(SYNTAX.map(([k]) => k))];
    const namePaths = SYSCTL_KEY_NAMES.map((n) => procPath(n));
    const globalPaths = SYSCTL_GLOBAL_NAMES.map((n) => procPath(n));
    const reads = [...new Set([...perNs.flatMap(instances), ...global.map((k) => k.name)].map((n) => procPath(n)))];
    const out = runInFreshNamespace({
      reads,
      exists: [...namePaths, ...globalPaths],
      probes: [
        ...probes.map((p) => ({ path: procPath(p.key), setup: p.setup.map(([k, v]): [string, string] => [procPath(k), v]), writes: p.writes })),
        ...syntaxKeys.map((k) => ({ path: procPath(k), setup: [], writes: SYNTAX.filter(([s]) => s === k).map(([, input]) => input) })),
      ],
    });
    const initialNamespace = existsSync('/proc/sys/net/core/netdev_max_backlog');
    const host = (name: string): string | null => {
      try {
        return readFileSync(procPath(name), 'utf8').replace(/\n$/, '');
      } catch {
        return null;
      }
    };
    /** net.netfilter keys exist only with nf_conntrack; elsewhere a missing key is a catalog error. */
    const mayBeMissing = (name: string): boolean => name.startsWith('net.netfilter.') && !process.env.CI;

    it('every per-namespace key has its documented default (inherited keys: the initial namespace value)', (t) => {
      const actual: Record<string, string | null> = {};
      const expected: Record<string, string | null> = {};
      for (const spec of perNs) {
        for (const name of instances(spec)) {
          const got = out.values[procPath(name)] ?? null;
          if (got === null && mayBeMissing(name)) {
            t.diagnostic(`${name} is missing (nf_conntrack not loaded?)`);
            continue;
          }
          actual[name] = norm(got);
          if (inherited(name)) expected[name] = initialNamespace ? norm(host(name)) : norm(got);
          else expected[name] = spec.default === undefined ? norm(got) : norm(spec.default);
        }
      }
      assert.deepStrictEqual(actual, expected);
    });

    it('per-namespace keys are writable in a fresh namespace; system-wide ones are missing or read-only there', () => {
      const actual: Record<string, string> = {};
      const expected: Record<string, string> = {};
      for (const spec of SYSCTL_KEYS) {
        const name = instances(spec)[0]!;
        const m = out.modes[procPath(name)];
        if ((m === null || m === undefined) && mayBeMissing(name)) continue;
        actual[name] = m === null || m === undefined ? 'missing' : m & 0o200 ? 'writable' : 'read-only';
        expected[name] = spec.perNamespace ? 'writable' : actual[name] === 'missing' ? 'missing' : 'read-only';
      }
      assert.deepStrictEqual(actual, expected);
    });

    it('the kernel enforces exactly the catalogued ranges (min-1, min, max, max+1)', () => {
      const actual: Record<string, Array<[string, string]>> = {};
      const expected: Record<string, Array<[string, string]>> = {};
      probes.forEach((p, i) => {
        const r = out.probes[i]!;
        if (r.original === null && mayBeMissing(p.key)) return;
        assert.deepStrictEqual(
          r.setupErrors,
          p.setup.map(() => null),
          `setup for ${p.key}`,
        );
        const label = p.key;
        actual[label] = p.writes.map((w, j) => {
          const res = r.results[j]!;
          return [w, res.error === null ? `accepted, reads ${norm(res.readBack)}` : `${res.error}, reads ${norm(res.readBack)}`];
        });
        expected[label] = p.writes.map((w, j) => [w, p.accepted[j] ? `accepted, reads ${norm(w)}` : `EINVAL, reads ${norm(r.original)}`]);
      });
      // A congestion control the namespace may not use fails with ENOENT (unknown) rather than EINVAL.
      for (const rows of Object.values(actual)) for (const row of rows) row[1] = row[1].replace(/^ENOENT/, 'EINVAL');
      assert.deepStrictEqual(actual, expected);
    });

    it('the kernel reads numbers the way the catalog says (C base-0, first value only, no sign +, 21 characters at most)', () => {
      const base = probes.length;
      const actual: Array<[string, string, string]> = [];
      const expected: Array<[string, string, string]> = [];
      syntaxKeys.forEach((k, i) => {
        const r = out.probes[base + i]!;
        const rows = SYNTAX.filter(([s]) => s === k);
        rows.forEach(([, input, ok, readBack], j) => {
          const res = r.results[j]!;
          actual.push([k, JSON.stringify(input), `${res.error === null ? 'accepted' : res.error}, reads ${res.readBack}`]);
          expected.push([k, JSON.stringify(input), `${ok ? 'accepted' : 'EINVAL'}, reads ${readBack}`]);
        });
      });
      assert.deepStrictEqual(actual, expected);
    });

    it('every name of SYSCTL_KEY_NAMES exists in a fresh namespace (`*` as lo)', () => {
      const missing = SYSCTL_KEY_NAMES.filter((n, i) => !out.exists[namePaths[i]!] && !mayBeMissing(n));
      assert.deepStrictEqual(missing, []);
    });

    it('SYSCTL_GLOBAL_NAMES exist only in the initial namespace', (t) => {
      const inFresh = SYSCTL_GLOBAL_NAMES.filter((_, i) => out.exists[globalPaths[i]!]);
      assert.deepStrictEqual(inFresh, []);
      if (!initialNamespace) {
        t.diagnostic('this process is not in the initial network namespace; not checking that the global names exist');
        return;
      }
      const missing = SYSCTL_GLOBAL_NAMES.filter((n) => !existsSync(procPath(n)) && !mayBeMissing(n));
      assert.deepStrictEqual(missing, []);
    });

    it(`on the kernel the lists were made from (${SYSCTL_NAMES_KERNEL}), SYSCTL_KEY_NAMES lists every fresh-namespace key`, (t) => {
      if (release() !== SYSCTL_NAMES_KERNEL) {
        t.skip(`running ${release()}; regenerate with scripts/gen-sysctl-names.mjs to compare`);
        return;
      }
      const r = spawnSync('unshare', ['-n', 'find', '/proc/sys/net', '-type', 'f'], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      const roots = ['ipv4', 'ipv6', 'core', 'netfilter', 'unix', 'mptcp'].map((s) => `/proc/sys/net/${s}/`);
      const known = new Set(SYSCTL_KEY_NAMES);
      const unlisted = r.stdout
        .split('\n')
        .filter((p) => roots.some((root) => p.startsWith(root)))
        .map((p) =>
          p
            .slice('/proc/sys/'.length)
            .split('/')
            .map((s) => s.replaceAll('.', '/'))
            .join('.')
            .replace(/^(net\.ipv[46]\.(?:conf|neigh)\.)[^.]+\./, '$1*.'),
        )
        .filter((n) => !known.has(n));
      assert.deepStrictEqual([...new Set(unlisted)], []);
    });
  });
}
