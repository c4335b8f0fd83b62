/**
 * Generator of random sysctl.d trees for the loader oracle (test/oracle/sysctl-loader.test.ts).
 *
 * Deterministic given the PRNG. The generator does not predict what the loaders do: the real
 * systemd-sysctl and the kernel are the judges. It produces trees that exercise what decides the
 * values:
 * - files in the four directories systemd-sysctl reads (/etc/sysctl.d, /run/sysctl.d,
 *   /usr/local/lib/sysctl.d, /usr/lib/sysctl.d), with names reused across directories (a name in an
 *   earlier directory masks the same name in a later one), and sometimes an /etc/sysctl.conf (the
 *   Debian/Fedora /etc/sysctl.d/99-sysctl.conf symlink points at it);
 * - the same key in several files and several times in one file (the last assignment wins);
 * - comments with `#` and `;` (indented too, and commented-out assignments), blank lines, lines that
 *   are not assignments;
 * - `-key = value` (ignore a failure to set it) and `-key` alone (a "negative match", which in
 *   systemd-sysctl also drops an earlier assignment of that key);
 * - values the kernel rejects (out of range, `10#x`, `+4`, `1e3`, text, empty), values with a
 *   trailing ` # comment` or extra numbers (the kernel stops reading after what it needs), octal and
 *   hex (`010` is 8), negative values (accepted by the jiffies-backed keys);
 * - keys written with `/` separators, and rarely with mixed separators (`net.ipv4/tcp_...`, which
 *   systemd-sysctl reads as a name with a literal dot, so no such key exists);
 * - CRLF line ends and a missing final newline.
 *
 * Only per-network-namespace keys are generated, none of the keys a new namespace copies from the
 * initial one (tcp_rmem, tcp_wmem, tcp_congestion_control, conf.*), and no value whose fate
 * depends on the kernel's HZ (jiffies-backed keys accept up to INT_MAX/HZ seconds: values between
 * 2147483 and 21474836 are avoided).
 */
import { join } from 'node:path';
import { MODEL_KEYS as PRODUCT_MODEL_KEYS } from '../../server/src/service/analysis/sysctl/set';
import { chance, int, mulberry32, pick, type Rand } from '../prng';

export { mulberry32 };

/** The directories systemd-sysctl reads, earliest (highest precedence) first. */
export const SYSCTL_DIRS = ['/etc/sysctl.d', '/run/sysctl.d', '/usr/local/lib/sysctl.d', '/usr/lib/sysctl.d'] as const;
export type SysctlDir = (typeof SYSCTL_DIRS)[number];

function weighted<T>(r: Rand, xs: ReadonlyArray<readonly [number, T]>): T {
  const total = xs.reduce((s, [w]) => s + w, 0);
  let x = r() * total;
  for (const [w, v] of xs) {
    x -= w;
    if (x < 0) return v;
  }
  return (xs[xs.length - 1] as readonly [number, T])[1];
}

/** Values every numeric key gets now and then: the loader and kernel edge cases. */
function oddValue(r: Rand, typical: () => string): string {
  const n = typical();
  return pick(r, [
    `${n} # ${pick(r, ['seconds', 'was 7200', 'see RFC 1122', 'tuned'])}`,
    `${n} ; note`,
    `${n}#x`,
    `+${n}`,
    `${n}s`,
    '1e3',
    'abc',
    '',
    `0${Number(n).toString(8)}`,
    `0x${Number(n).toString(16)}`,
    `0X${Number(n).toString(16).toUpperCase()}`,
    '010',
    '08',
    `${n} ${n}`,
    `${n}\t`,
    '99999999999',
    '-1',
    '0',
    `"${n}"`,
  ]);
}

interface KeySpec {
  readonly name: string;
  readonly weight: number;
  /** A value the kernel accepts (as written by a person). */
  readonly typical: (r: Rand) => string;
  /** Boundary values for this key (some accepted, some rejected). */
  readonly edges: readonly string[];
}

const jiffies = (name: string, weight: number, lo: number, hi: number): KeySpec => ({
  name,
  weight,
  typical: (r) => String(int(r, lo, hi)),
  edges: ['0', '-5', '2147483', '99999999999', '-99999999999', '1'],
});
const u8 = (name: string, weight: number, lo: number, hi: number): KeySpec => ({
  name,
  weight,
  typical: (r) => String(int(r, lo, hi)),
  edges: ['0', '255', '256', '-1', '1000'],
});

/** The keys the generator writes: all per network namespace, none inherited from the host. */
export const GENERATED_KEYS: readonly KeySpec[] = [
  jiffies('net.ipv4.tcp_keepalive_time', 5, 1, 9000),
  jiffies('net.ipv4.tcp_keepalive_intvl', 5, 1, 120),
  u8('net.ipv4.tcp_keepalive_probes', 5, 1, 20),
  u8('net.ipv4.tcp_retries2', 3, 3, 20),
  { name: 'net.ipv4.tcp_syn_retries', weight: 3, typical: (r) => String(int(r, 1, 10)), edges: ['0', '1', '127', '128', '-1'] },
  u8('net.ipv4.tcp_retries1', 1, 1, 8),
  { name: 'net.ipv4.tcp_syn_linear_timeouts', weight: 1, typical: (r) => String(int(r, 0, 6)), edges: ['0', '127', '128', '-1'] },
  u8('net.ipv4.tcp_synack_retries', 1, 1, 8),
  u8('net.ipv4.tcp_orphan_retries', 1, 0, 8),
  jiffies('net.ipv4.tcp_fin_timeout', 1, 5, 120),
  { name: 'net.core.somaxconn', weight: 1, typical: (r) => String(pick(r, [128, 1024, 4096, 65535])), edges: ['0', '-1', '2147483647', '2147483648'] },
  {
    name: 'net.ipv4.ip_local_port_range',
    weight: 1,
    typical: (r) => {
      const lo = int(r, 1024, 40000);
      return `${lo} ${int(r, lo, 65535)}`;
    },
    edges: ['1024 65535', '40000 30000', '500 600', '40000', '2000\t3000', '0x8000 0xEE47', '10000  20000 # x', '1 2 3'],
  },
];

/**
 * Keys the timelines read that not every kernel has: tcp_syn_linear_timeouts (Linux 6.5), tcp_rto_max_ms (6.15),
 * and the conntrack timeout (only with the nf_conntrack module loaded).
 */
export const KERNEL_DEPENDENT_KEYS: ReadonlySet<string> = new Set([
  'net.ipv4.tcp_syn_linear_timeouts',
  'net.ipv4.tcp_rto_max_ms',
  'net.netfilter.nf_conntrack_tcp_timeout_established',
]);

/** The keys every timeline reads (the analysis' own list) that every kernel has: compared even when no file sets them. */
export const MODEL_KEYS: readonly string[] = PRODUCT_MODEL_KEYS.filter((k) => !KERNEL_DEPENDENT_KEYS.has(k));

/**
 * The /proc/sys path systemd-sysctl writes for a key as written in a file (sysctl_normalize in
 * systemd's sysctl-util.c): when the first separator is `/` the key is a path already; when it is
 * `.`, dots become slashes and slashes become dots (`net.ipv4.conf.eth0/100.rp_filter`).
 */
export function procPath(key: string): string {
  const first = /[./]/.exec(key)?.[0];
  let p = first === '.' ? key.replace(/[./]/g, (c) => (c === '.' ? '/' : '.')) : key;
  p = p.replace(/\/+/g, '/').replace(/\/$/, '');
  return p.startsWith('/') && p.length > 1 ? p.slice(1) : p;
}

/** The dotted name of a /proc/sys path (our keys have no dots inside a segment). */
export const dotted = (path: string): string => path.replaceAll('/', '.');

export interface GeneratedSysctlFile {
  /** Absolute path in the tree (what explain is given). */
  readonly path: string;
  /** Where systemd-sysctl sees it inside the mount namespace. */
  readonly loaderPath: string;
  readonly text: string;
}

export interface SysctlTree {
  readonly index: number;
  readonly root: string;
  readonly files: readonly GeneratedSysctlFile[];
  /** The /proc/sys paths of every key an assignment or negative match names. */
  readonly keyPaths: readonly string[];
  /** What is deliberately odd in this tree, for failure messages. */
  readonly notes: readonly string[];
}

const NAMES = ['10-base.conf', '30-network.conf', '50-keepalive.conf', '60-tuning.conf', '90-override.conf', '99-local.conf', '99-sysctl.conf'];

function keyText(r: Rand, name: string, notes: string[]): string {
  const form = weighted(r, [
    [80, 'dotted'],
    [16, 'slashed'],
    [4, 'mixed'],
  ] as const);
  if (form === 'dotted') return name;
  if (form === 'slashed') return name.replaceAll('.', '/');
  // net.ipv4/tcp_x: the first separator is a dot, so the slash stands for a literal dot: no such key.
  const parts = name.split('.');
  const at = int(r, 1, parts.length - 1);
  notes.push(`mixed separators in ${name}`);
  return `${parts.slice(0, at).join('.')}/${parts.slice(at).join('.')}`;
}

function valueText(r: Rand, spec: KeySpec, notes: string[]): string {
  const kind = weighted(r, [
    [62, 'typical'],
    [14, 'edge'],
    [24, 'odd'],
  ] as const);
  if (kind === 'typical') return spec.typical(r);
  const v = kind === 'edge' ? pick(r, spec.edges) : oddValue(r, () => spec.typical(r).split(' ')[0] as string);
  notes.push(`${spec.name} = ${JSON.stringify(v)}`);
  return v;
}

function line(r: Rand, used: KeySpec[], notes: string[]): string {
  const kind = weighted(r, [
    [64, 'assign'],
    [9, 'comment'],
    [5, 'commented-assign'],
    [7, 'blank'],
    [3, 'negative'],
    [2, 'garbage'],
  ] as const);
  const indent = chance(r, 0.1) ? pick(r, ['  ', '\t', ' ']) : '';
  const chooseKey = (): KeySpec => {
    const spec =
      used.length > 0 && chance(r, 0.3)
        ? pick(r, used)
        : weighted(
            r,
            GENERATED_KEYS.map((k) => [k.weight, k] as const),
          );
    used.push(spec);
    return spec;
  };
  switch (kind) {
    case 'blank':
      return chance(r, 0.2) ? '   ' : '';
    case 'comment':
      return `${indent}${pick(r, ['#', ';', '# ', '; ', '##'])}${pick(r, ['keepalive tuning', 'managed by hand', 'see sysctl.d(5)', 'do not edit', ''])}`;
    case 'commented-assign': {
      const spec = chooseKey();
      return `${indent}${pick(r, ['#', ';', '# '])}${spec.name} = ${spec.typical(r)}`;
    }
    case 'negative': {
      const spec = chooseKey();
      notes.push(`negative match -${spec.name}`);
      return `${indent}-${keyText(r, spec.name, notes)}`;
    }
    case 'garbage':
      notes.push('a line that is not an assignment');
      return `${indent}${pick(r, ['tcp keepalive please', 'net.ipv4.tcp_keepalive_time', '[sysctl]'])}`;
    case 'assign': {
      const spec = chooseKey();
      const dash = chance(r, 0.15) ? '-' : '';
      const eq = pick(r, [' = ', ' = ', ' = ', '=', ' =', '= ', '\t=\t', '  =  ']);
      const trail = chance(r, 0.1) ? pick(r, [' ', '  ', '\t']) : '';
      return `${indent}${dash}${keyText(r, spec.name, notes)}${eq}${valueText(r, spec, notes)}${trail}`;
    }
  }
}

function fileText(r: Rand, used: KeySpec[], notes: string[]): string {
  const n = int(r, 1, 8);
  const lines: string[] = [];
  for (let i = 0; i < n; i++) lines.push(line(r, used, notes));
  const crlf = chance(r, 0.15);
  if (crlf) notes.push('CRLF line ends');
  const finalNewline = !chance(r, 0.1);
  return lines.join(crlf ? '\r\n' : '\n') + (finalNewline ? (crlf ? '\r\n' : '\n') : '');
}

/** One tree under root; its files are not written yet. */
export function generateTree(r: Rand, index: number, root: string): SysctlTree {
  const notes: string[] = [];
  const used: KeySpec[] = [];
  const slots = new Map<string, { dir: SysctlDir; name: string }>();
  const nFiles = int(r, 1, 6);
  for (let i = 0; i < nFiles; i++) {
    const dir = weighted(r, [
      [35, '/etc/sysctl.d'],
      [15, '/run/sysctl.d'],
      [15, '/usr/local/lib/sysctl.d'],
      [35, '/usr/lib/sysctl.d'],
    ] as const);
    // Reuse a name from another directory a third of the time, so that files mask each other.
    const others = [...slots.values()].filter((s) => s.dir !== dir).map((s) => s.name);
    const name = others.length > 0 && chance(r, 0.35) ? pick(r, others) : pick(r, NAMES);
    slots.set(`${dir}/${name}`, { dir, name });
  }
  const files: GeneratedSysctlFile[] = [];
  // /etc/sysctl.conf stands for /etc/sysctl.d/99-sysctl.conf (the distributions' symlink).
  const hasSysctlConf = chance(r, 0.25) && !slots.has('/etc/sysctl.d/99-sysctl.conf');
  for (const { dir, name } of slots.values()) {
    files.push({ path: join(root, dir, name), loaderPath: `${dir}/${name}`, text: fileText(r, used, notes) });
  }
  if (hasSysctlConf) {
    notes.push('/etc/sysctl.conf as /etc/sysctl.d/99-sysctl.conf');
    files.push({ path: join(root, 'etc', 'sysctl.conf'), loaderPath: '/etc/sysctl.d/99-sysctl.conf', text: fileText(r, used, notes) });
  }
  if (files.length > 1 && new Set(files.map((f) => f.loaderPath.slice(f.loaderPath.lastIndexOf('/') + 1))).size < files.length) notes.push('masking');
  const keyPaths = new Set<string>();
  for (const f of files) {
    for (const raw of f.text.split(/\r?\n/)) {
      const l = raw.trim();
      if (!l || l.startsWith('#') || l.startsWith(';')) continue;
      const eq = l.indexOf('=');
      if (eq < 0 && !l.startsWith('-')) continue;
      const key = (eq < 0 ? l : l.slice(0, eq)).trim().replace(/^-/, '').trim();
      if (key) keyPaths.add(procPath(key));
    }
  }
  return { index, root, files, keyPaths: [...keyPaths].sort(), notes: [...new Set(notes)] };
}

/** The tree as text, for failure messages (CR shown as \r). */
export function renderTree(t: SysctlTree): string {
  return t.files
    .map(
      (f) => `=== ${f.path}  (systemd-sysctl sees ${f.loaderPath})\n${f.text.replaceAll('\r', '\\r')}${f.text.endsWith('\n') ? '' : '⏎ (no final newline)\n'}`,
    )
    .join('');
}
