/**
 * The detection formulas and the timeline each scope gets: when probes leave and when a
 * dead server is declared dead (clientloop.c server_alive_check, kernel TCP keepalive).
 *
 *   node --import tsx --test test/service/timeline.test.ts
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Settings } from '../../server/src/service';
import {
  aliveSchedule,
  connectWorstCase,
  preSessionTimeout,
  synTimeout,
  tcpKeepaliveFormula,
  tcpKeepaliveSchedule,
} from '../../server/src/service/model/formulas';
import { describeOrigin, type Mechanism } from '../../server/src/service/model/timeline';
import { fileName } from '../../server/src/service/syntax/text';
import { doc, lines, service, TEST_SETTINGS } from '../fixtures';
import { sysctlDoc, sysctlService } from '../sysctlFixtures';
import { analysis as sshdAnalysis } from './sshd-helpers';

describe('formulas', () => {
  test('ServerAlive: probes at I..N*I, exit at (N+1)*I', () => {
    assert.deepStrictEqual(aliveSchedule(60, 3), { probes: [60, 120, 180], probeCount: 3, deadAt: 240 });
    assert.deepStrictEqual(aliveSchedule(15, 1), { probes: [15], probeCount: 1, deadAt: 30 });
  });

  test('ServerAlive: long probe lists keep the first six and the last', () => {
    assert.deepStrictEqual(aliveSchedule(10, 20), { probes: [10, 20, 30, 40, 50, 60, 200], probeCount: 20, deadAt: 210 });
  });

  test('ServerAliveCountMax 0: no probe, exit at the first check', () => {
    assert.deepStrictEqual(aliveSchedule(60, 0), { probes: [], probeCount: 0, deadAt: 60 });
  });

  test('ServerAliveInterval 0: no schedule', () => {
    assert.equal(aliveSchedule(0, 3), undefined);
  });

  test('kernel TCP keepalive: 7200 + 9 × 75 = 7875 s', () => {
    assert.deepStrictEqual(tcpKeepaliveSchedule({ time: 7200, intvl: 75, probes: 9 }), {
      probes: [7200, 7275, 7350, 7425, 7500, 7575, 7800],
      probeCount: 9,
      deadAt: 7875,
    });
  });

  test('kernel TCP keepalive as every timeline writes it: time + probes × intvl', () => {
    assert.deepStrictEqual(
      [tcpKeepaliveFormula({ time: 7200, intvl: 75, probes: 9 }), tcpKeepaliveFormula({ time: 600, intvl: 10, probes: 3 })],
      ['7200 s + 9 × 75 s', '600 s + 3 × 10 s'],
    );
  });

  test('pre-session timeout is I × N, only when both are positive', () => {
    assert.deepStrictEqual([preSessionTimeout(60, 3), preSessionTimeout(60, 0), preSessionTimeout(0, 3)], [180, undefined, undefined]);
  });

  test('connect limits', () => {
    assert.deepStrictEqual([synTimeout(6), synTimeout(1), connectWorstCase(10, 1), connectWorstCase(10, 3), connectWorstCase(10, 3, 2)], [127, 3, 10, 32, 62]);
  });
});

interface Shape {
  mechanism: Mechanism;
  detectAfter: number | undefined;
  formula: string;
  steps: number[];
}

/** The timeline of the scope a line belongs to, reduced to its numbers. */
function shape(text: string, line: number, settings: Partial<Settings> = {}): Shape {
  const scope = service(settings).analyzeSsh(doc(text)).scopeAt(line);
  assert.ok(scope, `line ${line} has a scope`);
  const t = scope.timeline;
  return { mechanism: t.mechanism, detectAfter: t.detectAfter, formula: t.formula, steps: t.steps.map((s) => s.at) };
}

describe('scope timelines', () => {
  test('ServerAliveInterval 60 with the default count: dead after 240 s', () => {
    assert.deepStrictEqual(shape(lines('Host a', '  ServerAliveInterval 60'), 1), {
      mechanism: 'server-alive',
      detectAfter: 240,
      formula: '60 s × (3 + 1)',
      steps: [60, 120, 180, 240],
    });
  });

  test('ServerAliveCountMax 0 cuts the idle session after I even when the server is fine', () => {
    assert.deepStrictEqual(shape(lines('Host a', '  ServerAliveInterval 60', '  ServerAliveCountMax 0'), 1), {
      mechanism: 'idle-cut',
      detectAfter: 60,
      formula: '60 s × (0 + 1)',
      steps: [60],
    });
  });

  test('no ServerAliveInterval: TCP keepalive after 7875 s', () => {
    const want: Shape = {
      mechanism: 'tcp-keepalive',
      detectAfter: 7875,
      formula: 'TCP keepalive: 7200 s + 9 × 75 s',
      steps: [7200, 7275, 7350, 7425, 7500, 7575, 7800, 7875],
    };
    assert.deepStrictEqual(shape(lines('Host a', '  User bob'), 1), want);
    assert.deepStrictEqual(shape(lines('Host a', '  ServerAliveInterval 0'), 1), want);
    assert.deepStrictEqual(shape(lines('Host a', '  ServerAliveInterval none', '  ServerAliveCountMax 5'), 1), want);
  });

  test('the kernel settings drive the TCP keepalive timeline', () => {
    const kernel = { time: 600, intvl: 10, probes: 3, synRetries: 6, synLinear: 4 };
    assert.deepStrictEqual(shape(lines('Host a', '  User bob'), 1, { kernel }), {
      mechanism: 'tcp-keepalive',
      detectAfter: 630,
      formula: 'TCP keepalive: 600 s + 3 × 10 s',
      steps: [600, 610, 620, 630],
    });
  });

  test('TCPKeepAlive no and no ServerAliveInterval: never detected', () => {
    assert.deepStrictEqual(shape(lines('Host a', '  TCPKeepAlive no'), 1), {
      mechanism: 'none',
      detectAfter: undefined,
      formula: 'no ServerAliveInterval, TCPKeepAlive no',
      steps: [],
    });
    assert.deepStrictEqual(shape(lines('Host a', '  KeepAlive no'), 1).mechanism, 'none');
  });

  test('TCPKeepAlive no does not matter when ServerAliveInterval is set', () => {
    assert.deepStrictEqual(shape(lines('Host a', '  TCPKeepAlive no', '  ServerAliveInterval 20', '  ServerAliveCountMax 2'), 1), {
      mechanism: 'server-alive',
      detectAfter: 60,
      formula: '20 s × (2 + 1)',
      steps: [20, 40, 60],
    });
  });

  test('a block inherits what an earlier Host * gave it', () => {
    const text = lines('Host *', '  ServerAliveInterval 30', 'Host web', '  ServerAliveInterval 90', '  ServerAliveCountMax 1');
    assert.deepStrictEqual(shape(text, 3), { mechanism: 'server-alive', detectAfter: 60, formula: '30 s × (1 + 1)', steps: [30, 60] });
  });

  test('the global section', () => {
    assert.deepStrictEqual(shape(lines('ServerAliveInterval 45', 'ServerAliveCountMax 2'), 0), {
      mechanism: 'server-alive',
      detectAfter: 135,
      formula: '45 s × (2 + 1)',
      steps: [45, 90, 135],
    });
  });

  test('the pre-session timeout note says I × N', () => {
    const scope = service()
      .analyzeSsh(doc(lines('Host a', '  ServerAliveInterval 60', '  ServerAliveCountMax 3')))
      .scopeAt(0);
    assert.ok(scope);
    assert.deepStrictEqual(
      scope.timeline.notes.filter((n) => n.startsWith('Before the session is up')),
      ['Before the session is up (key exchange, authentication) ssh gives up after 3 min of silence (60 × 3).'],
    );
  });

  test('the last step names the host and the exit status', () => {
    const scope = service()
      .analyzeSsh(doc(lines('Host web', '  ServerAliveInterval 60')))
      .scopeAt(1);
    assert.ok(scope);
    const last = scope.timeline.steps[scope.timeline.steps.length - 1];
    assert.deepStrictEqual(last, { at: 240, what: 'check 4 finds 3 probes unanswered: ssh exits 255 ("Timeout, server web not responding.")' });
  });

  test('the timeline command renders the scope at a line', () => {
    const s = service();
    const d = doc(lines('Host a', '  ServerAliveInterval 60'));
    const text = s.timeline(d, 1, 'text');
    assert.ok(text?.startsWith('Host a: dead server detected after 4 min (60 s × (3 + 1))'), text);
    const md = s.timeline(d, 0, 'markdown');
    assert.ok(md?.startsWith('### Host a\n'), md);
  });
});

describe('the kernel keepalive formula, the same in every dialect (600 s + 3 × 10 s)', () => {
  const kernel = { time: 600, intvl: 10, probes: 3, synRetries: 6, synLinear: 4 };

  test('ssh_config: the outcome and the finding without ServerAliveInterval, the note beside it', () => {
    const bare = service({ kernel }).analyzeSsh(doc(lines('Host a', '  User bob')));
    assert.deepStrictEqual(
      bare.scopes.map((s) => [s.outcome.formula, s.timeline.formula]),
      [['TCP keepalive: 600 s + 3 × 10 s', 'TCP keepalive: 600 s + 3 × 10 s']],
    );
    assert.deepStrictEqual(
      bare.findings.map((f) => f.message),
      [
        'No ServerAliveInterval for any host: only TCP keepalive can notice a dead server, after 10 min 30 s (600 s + 3 × 10 s). ServerAliveInterval 60 with ServerAliveCountMax 5 detects it after 6 min.',
      ],
    );
    const alive = service({ kernel })
      .analyzeSsh(doc(lines('Host a', '  ServerAliveInterval 60')))
      .scopeAt(1);
    assert.deepStrictEqual(
      alive?.timeline.notes.filter((n) => n.startsWith('TCP keepalive')),
      ['TCP keepalive is on too, but the kernel gives up only after 10 min 30 s (600 s + 3 × 10 s).'],
    );
  });

  test('sshd_config: the outcome and the finding without ClientAliveInterval, the note beside it', () => {
    const settings = { ...TEST_SETTINGS, kernel };
    const bare = sshdAnalysis('Port 22', settings);
    assert.deepStrictEqual(
      bare.scopes.map((s) => [s.outcome.formula, s.summary]),
      [
        [
          'TCP keepalive: 600 s + 3 × 10 s',
          'dead client dropped after 10 min 30 s (TCP keepalive: 600 s + 3 × 10 s) · no ClientAliveInterval · for connections no Match block applies to',
        ],
      ],
    );
    assert.deepStrictEqual(
      bare.findings.map((f) => f.message),
      [
        'No ClientAliveInterval for connections no Match block applies to: a client that vanishes is dropped only by kernel TCP keepalive, after 10 min 30 s (600 s + 3 × 10 s with the kernel settings), or never with TCPKeepAlive no.',
      ],
    );
    assert.deepStrictEqual(
      sshdAnalysis('ClientAliveInterval 60', settings).scopes[0]?.timeline.notes.filter((n) => n.startsWith('TCPKeepAlive')),
      ['TCPKeepAlive yes: the kernel would also give up after 10 min 30 s (600 s + 3 × 10 s).'],
    );
  });

  test('sysctl: the files set the same three values', () => {
    const set = sysctlService().analyze(
      sysctlDoc(lines('net.ipv4.tcp_keepalive_time = 600', 'net.ipv4.tcp_keepalive_intvl = 10', 'net.ipv4.tcp_keepalive_probes = 3')),
    );
    const keepalive = set.scopes[0];
    assert.deepStrictEqual(
      [keepalive?.outcome.formula, keepalive?.summary],
      ['600 s + 3 × 10 s', 'idle peer declared dead after 10 min 30 s (600 s + 3 × 10 s)'],
    );
  });
});

describe('how messages name a file', () => {
  test('fileName: the last segment of the uri, decoded, without query or fragment', () => {
    assert.deepStrictEqual(
      [
        'file:///etc/sysctl.d/60-keepalive.conf',
        'file:///etc/ssh/sshd_config.d/my%20drop-in.conf',
        'file:///home/u/caf%C3%A9.ssh_config?x=1#L3',
        'file:///etc/100%.conf',
        'untitled:Untitled-1',
        '',
      ].map(fileName),
      ['60-keepalive.conf', 'my drop-in.conf', 'café.ssh_config', '100%.conf', 'untitled:Untitled-1', ''],
    );
  });

  test('describeOrigin: a line of this file by number, of another by its name', () => {
    const origin = (uri: string) => ({ kind: 'line', uri, span: { line: 3, start: 0, end: 19 }, text: 'ClientAliveInterval 60' }) as const;
    const here = 'file:///etc/ssh/sshd_config';
    assert.deepStrictEqual(
      [describeOrigin(origin(here), here), describeOrigin(origin('file:///etc/ssh/sshd_config.d/50%20cloud.conf'), here)],
      ['line 4 (ClientAliveInterval 60)', '50 cloud.conf line 4 (ClientAliveInterval 60)'],
    );
  });
});
