/**
 * Generated configs of the OpenSSH reality tests (test/reality/ssh-client-timeouts.test.ts and
 * test/reality/sshd-timeouts.test.ts): per case a seeded ssh_config (the client's ServerAlive values, in one
 * of several forms) or the generated part of an sshd_config (ClientAlive values, global or in Match blocks),
 * with the spelling varied (keyword case, `=` separators, time units).
 */
import { int, mulberry32, pick, type Rand } from '../prng';

/** When the test sends the line that makes the remote shell print "ready" (see ssh-client-timeouts.test.ts). */
export type ReadyAt = 'boundary' | 'now' | 'late';

/** Spelling variations every form draws from. */
function speller(r: Rand) {
  const kwForms = [(k: string) => k, (k: string) => k.toLowerCase(), (k: string) => k.toUpperCase(), (k: string) => k[0]?.toLowerCase() + k.slice(1)];
  const indent = pick(r, ['  ', '    ', '\t']);
  return {
    indent,
    /** "Keyword<sep>value" with a random keyword case and separator. */
    kv: (k: string, v: string | number) => `${pick(r, kwForms)(k)}${pick(r, [' ', '=', ' = ', '\t', '  '])}${v}`,
    /** A time value: 2, 2s, 2S, 0m2s. */
    time: (s: number) => pick(r, [`${s}`, `${s}s`, `${s}S`, `0m${s}s`]),
  };
}

export interface ClientCase {
  id: string;
  form: string;
  alias: string;
  interval: number;
  countMax: number;
  text: string;
  /** One line for the results table. */
  summary: string;
  /** When the test sends the line the remote shell answers with "ready": 0.03 s after a whole second of CLOCK_BOOTTIME, at once, or 0.8 s into a second. */
  ready: ReadyAt;
}

const CLIENT_FORMS: ReadonlyArray<{ form: string; summary: string; render: (alias: string, i: number, n: number, r: Rand) => string[] }> = [
  {
    form: 'star-last',
    summary: 'values in a trailing Host *; a Host 127.0.0.1 block that does not apply to the alias',
    render: (alias, i, n, r) => {
      const s = speller(r);
      return [
        `Host ${alias}`,
        `${s.indent}${s.kv('HostName', '127.0.0.1')}`,
        '# Host patterns match the name on the command line (the alias), not the HostName: this block is skipped.',
        'Host 127.0.0.1',
        `${s.indent}${s.kv('ServerAliveInterval', 40)}`,
        'Host *',
        `${s.indent}${s.kv('ServerAliveInterval', s.time(i))}`,
        `${s.indent}${s.kv('ServerAliveCountMax', n)}`,
      ];
    },
  },
  {
    form: 'alias-block',
    summary: 'values in the alias block; a later Host * with other values (first value wins)',
    render: (alias, i, n, r) => {
      const s = speller(r);
      return [
        `Host ${alias} kl-other`,
        `${s.indent}${s.kv('HostName', '127.0.0.1')}`,
        `${s.indent}${s.kv('ServerAliveInterval', s.time(i))}`,
        `${s.indent}${s.kv('ServerAliveCountMax', n)}`,
        '',
        'Host *',
        `${s.indent}ServerAliveInterval 30`,
        `${s.indent}ServerAliveCountMax 10`,
      ];
    },
  },
  {
    form: 'star-first',
    summary: 'values in a Host * placed first, shadowing the alias block after it',
    render: (alias, i, n, r) => {
      const s = speller(r);
      return [
        'Host *',
        `${s.indent}${s.kv('ServerAliveInterval', s.time(i))}`,
        `${s.indent}${s.kv('ServerAliveCountMax', n)}`,
        `Host ${alias}`,
        `${s.indent}${s.kv('HostName', '127.0.0.1')}`,
        `${s.indent}# ignored: Host * above already gave both values`,
        `${s.indent}${s.kv('ServerAliveInterval', 20)}`,
        `${s.indent}${s.kv('ServerAliveCountMax', 9)}`,
      ];
    },
  },
  {
    form: 'split-glob',
    summary: 'interval in a Host kl-* !kl-skip-* block, count in a trailing Host *',
    render: (_alias, i, n, r) => {
      const s = speller(r);
      return [
        'Host kl-* !kl-skip-*',
        `${s.indent}${s.kv('HostName', '127.0.0.1')}`,
        `${s.indent}${s.kv('ServerAliveInterval', s.time(i))}`,
        'Host kl-skip-*',
        `${s.indent}${s.kv('ServerAliveCountMax', 9)}`,
        'Host *',
        `${s.indent}${s.kv('ServerAliveCountMax', n)}`,
        `${s.indent}${s.kv('ServerAliveInterval', 45)}`,
      ];
    },
  },
  {
    form: 'none-then-star',
    summary: 'ServerAliveInterval none in the alias block (leaves it unset), the interval from a trailing Host *',
    render: (alias, i, n, r) => {
      const s = speller(r);
      return [
        `Host ${alias}`,
        `${s.indent}${s.kv('HostName', '127.0.0.1')}`,
        `${s.indent}${s.kv('ServerAliveInterval', 'none')}`,
        `${s.indent}${s.kv('ServerAliveCountMax', n)}`,
        'Host *',
        `${s.indent}${s.kv('ServerAliveInterval', s.time(i))}`,
        `${s.indent}${s.kv('ServerAliveCountMax', 7)}`,
      ];
    },
  },
  {
    form: 'match-host',
    summary: 'Match host 127.0.0.1 (after HostName) gives the interval, Match originalhost ALIAS the count',
    render: (alias, i, n, r) => {
      const s = speller(r);
      return [
        `Host ${alias}`,
        `${s.indent}${s.kv('HostName', '127.0.0.1')}`,
        'Match host 127.0.0.1',
        `${s.indent}${s.kv('ServerAliveInterval', s.time(i))}`,
        `Match originalhost ${alias}`,
        `${s.indent}${s.kv('ServerAliveCountMax', n)}`,
        'Host *',
        `${s.indent}${s.kv('ServerAliveInterval', 50)}`,
        `${s.indent}${s.kv('ServerAliveCountMax', 8)}`,
      ];
    },
  },
];

export function clientCases(seed: number): ClientCase[] {
  const r = mulberry32(seed);
  const cases: ClientCase[] = [];
  const make = (id: string, formIndex: number, interval: number, countMax: number, ready: ClientCase['ready']) => {
    const f = CLIENT_FORMS[formIndex % CLIENT_FORMS.length]!;
    const alias = `kl-${id}`;
    const header = [`# Keepalive Lens reality test, case ${id} (seed 0x${seed.toString(16)}): ${f.summary}.`];
    cases.push({
      id,
      form: f.form,
      alias,
      interval,
      countMax,
      text: `${[...header, ...f.render(alias, interval, countMax, r)].join('\n')}\n`,
      summary: `${f.form}: ${f.summary}`,
      ready,
    });
  };
  // The first case is always I=1, N=0, the one where ssh's whole-second clock shows most.
  const start = int(r, 0, CLIENT_FORMS.length - 1);
  for (let k = 0; k < CLIENT_FORMS.length + 1; k++) {
    const [i, n] = k === 0 ? [1, 0] : [int(r, 1, 3), int(r, 0, 3)];
    make(`c${k + 1}`, start + k, i, n, i === 1 && n === 0 ? 'now' : 'boundary');
  }
  make('late', 1, 1, 0, 'late');
  return cases;
}

export interface ServerCase {
  id: string;
  scenario: 'server' | 'countmax0';
  form: string;
  interval: number;
  countMax: number;
  /** The generated part of sshd_config (the harness lines come first). */
  body: string;
  summary: string;
  /** TCPKeepAlive as the file leaves it (the default is yes). */
  tcpKeepAlive: boolean;
}

const SERVER_FORMS: ReadonlyArray<{ form: string; summary: string; render: (i: number, n: number, r: Rand) => string[] }> = [
  {
    form: 'global',
    summary: 'global values; a later duplicate ClientAliveInterval (first value wins)',
    render: (i, n, r) => {
      const s = speller(r);
      return [s.kv('ClientAliveInterval', s.time(i)), s.kv('ClientAliveCountMax', n), s.kv('ClientAliveInterval', 30)];
    },
  },
  {
    form: 'match-user',
    summary: 'global values overridden in Match User root',
    render: (i, n, r) => {
      const s = speller(r);
      return [
        s.kv('ClientAliveInterval', 30),
        s.kv('ClientAliveCountMax', 10),
        'Match User root',
        `${s.indent}${s.kv('ClientAliveInterval', s.time(i))}`,
        `${s.indent}${s.kv('ClientAliveCountMax', n)}`,
      ];
    },
  },
  {
    form: 'match-address',
    summary: 'global count; interval in Match Address 127.0.0.0/8, a later matching Match User root ignored (first match wins)',
    render: (i, n, r) => {
      const s = speller(r);
      return [
        s.kv('ClientAliveCountMax', n),
        'Match Address 127.0.0.0/8',
        `${s.indent}${s.kv('ClientAliveInterval', s.time(i))}`,
        'Match User root',
        `${s.indent}${s.kv('ClientAliveInterval', 40)}`,
      ];
    },
  },
  {
    form: 'nonmatching-first',
    summary: 'a Match User nobody,daemon block first (does not match), the values in Match Address 127.0.0.1',
    render: (i, n, r) => {
      const s = speller(r);
      return [
        'Match User nobody,daemon',
        `${s.indent}${s.kv('ClientAliveInterval', 50)}`,
        `${s.indent}${s.kv('ClientAliveCountMax', 9)}`,
        'Match Address 127.0.0.1',
        `${s.indent}${s.kv('ClientAliveInterval', s.time(i))}`,
        `${s.indent}${s.kv('ClientAliveCountMax', n)}`,
      ];
    },
  },
  {
    form: 'global-nonmatching',
    summary: 'global values; Match Address 10.9.8.0/24 and Match User root Address 10.1.2.3 do not match',
    render: (i, n, r) => {
      const s = speller(r);
      return [
        s.kv('ClientAliveInterval', s.time(i)),
        s.kv('ClientAliveCountMax', n),
        'Match Address 10.9.8.0/24',
        `${s.indent}${s.kv('ClientAliveInterval', 60)}`,
        'Match User root Address 10.1.2.3',
        `${s.indent}${s.kv('ClientAliveCountMax', 8)}`,
      ];
    },
  },
  {
    form: 'match-host-all',
    summary: 'interval in Match Host 127.0.0.1, count in Match all (its interval ignored: an earlier match set it)',
    render: (i, n, r) => {
      const s = speller(r);
      return [
        s.kv('ClientAliveInterval', 45),
        'Match Host 127.0.0.1',
        `${s.indent}${s.kv('ClientAliveInterval', s.time(i))}`,
        'Match all',
        `${s.indent}${s.kv('ClientAliveCountMax', n)}`,
        `${s.indent}${s.kv('ClientAliveInterval', 70)}`,
      ];
    },
  },
];

const ZERO_FORMS: ReadonlyArray<{ form: string; summary: string; tcpKeepAlive: boolean; render: (i: number, r: Rand) => string[] }> = [
  {
    form: 'global-zero',
    summary: 'global ClientAliveCountMax 0 and TCPKeepAlive no: nothing can drop a dead client',
    tcpKeepAlive: false,
    render: (i, r) => {
      const s = speller(r);
      return [s.kv('TCPKeepAlive', 'no'), s.kv('ClientAliveInterval', s.time(i)), s.kv('ClientAliveCountMax', 0)];
    },
  },
  {
    form: 'match-zero',
    summary: 'global ClientAliveCountMax 3, set to 0 in Match User root (TCPKeepAlive yes by default)',
    tcpKeepAlive: true,
    render: (i, r) => {
      const s = speller(r);
      return [s.kv('ClientAliveCountMax', 3), s.kv('ClientAliveInterval', s.time(i)), 'Match User root', `${s.indent}${s.kv('ClientAliveCountMax', 0)}`];
    },
  },
];

export function serverCases(seed: number): ServerCase[] {
  const r = mulberry32(seed ^ 0x5e4e4);
  const out: ServerCase[] = [];
  const head = (id: string, summary: string) => `# Keepalive Lens reality test, case ${id} (seed 0x${seed.toString(16)}): ${summary}.`;
  const start = int(r, 0, SERVER_FORMS.length - 1);
  SERVER_FORMS.forEach((_, k) => {
    const f = SERVER_FORMS[(start + k) % SERVER_FORMS.length]!;
    const [i, n] = [int(r, 1, 3), int(r, 1, 3)];
    const id = `s${k + 1}`;
    out.push({
      id,
      scenario: 'server',
      form: f.form,
      interval: i,
      countMax: n,
      body: `${[head(id, f.summary), ...f.render(i, n, r)].join('\n')}\n`,
      summary: `${f.form}: ${f.summary}`,
      tcpKeepAlive: true,
    });
  });
  ZERO_FORMS.forEach((f, k) => {
    const i = int(r, 1, 2);
    const id = `z${k + 1}`;
    out.push({
      id,
      scenario: 'countmax0',
      form: f.form,
      interval: i,
      countMax: 0,
      body: `${[head(id, f.summary), ...f.render(i, r)].join('\n')}\n`,
      summary: `${f.form}: ${f.summary}`,
      tcpKeepAlive: f.tcpKeepAlive,
    });
  });
  return out;
}
