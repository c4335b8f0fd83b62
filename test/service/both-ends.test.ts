/**
 * Both ends (issue 5): with exactly one server config in the workspace (Environment.serverConfigs), each
 * ssh_config lens ends with which end gives up first when the path dies, and the timeline has a note with
 * both times. The times are the two timelines' own outcomes; the server's release is the client's.
 *
 *   node --import tsx --test test/service/both-ends.test.ts
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Environment, Settings } from '../../server/src/service';
import { doc, lines, service, withVersion } from '../fixtures';

/** An environment whose workspace holds these server configs (uri -> text). */
const workspace = (files: Record<string, string>): Environment => ({
  serverConfigs: () => Object.entries(files).map(([uri, text]) => ({ uri, text })),
});

const SERVER = 'file:///work/server.sshd_config';

/** The lens titles and, when given, every scope's timeline notes. */
function check(text: string, settings: Settings, env: Environment, titles: string[], notes?: string[][]): void {
  const s = service(settings, env);
  const d = doc(text);
  assert.deepStrictEqual(
    s.codeLens(d).map((l) => l.command?.title),
    titles,
  );
  if (notes) {
    assert.deepStrictEqual(
      s.analyzeSsh(d).scopes.map((x) => x.timeline.notes),
      notes,
    );
  }
}

const ALIVE = (i: number, n: number, after: string) =>
  `dead server detected after ${after} (${i} s × (${n} + 1)) · probes every ${i} s, gives up after ${n} unanswered`;
const TCP = 'dead server detected after 2 h 11 min 15 s (TCP keepalive: 7200 s + 9 × 75 s) · no ServerAliveInterval';
const NEVER = 'dead server never detected while the session is idle (no ServerAliveInterval, TCPKeepAlive no)';
const SYN =
  "No ConnectTimeout: connecting to an unreachable address is bounded by the kernel's SYN retries, 2 min 11 s per address (tcp_syn_retries 6, tcp_syn_linear_timeouts 4: 131 s).";
const TCP_NOTE =
  'TCP keepalive only runs while no data is in flight; with unacknowledged data the retransmission limit (net.ipv4.tcp_retries2, about 15 min) decides instead.';

const WEB = lines('Host web', '  ServerAliveInterval 15', '  ServerAliveCountMax 2');
const WEB_NOTES = [
  `The manual's "about ServerAliveInterval × ServerAliveCountMax" (30 s) is one interval short: ssh exits at the check after the last unanswered probe.`,
  'TCP keepalive is on too, but the kernel gives up only after 2 h 11 min 15 s (7200 s + 9 × 75 s).',
  'Before the session is up (key exchange, authentication) ssh gives up after 30 s of silence (15 × 2).',
  SYN,
];

describe('both ends: one server config in the workspace', () => {
  test('the client gives up first: 45 s against the server’s 2 min (OpenSSH 9.5)', () => {
    const env = workspace({ [SERVER]: lines('ClientAliveInterval 60', 'ClientAliveCountMax 1') });
    check(
      WEB,
      withVersion(9, 5),
      env,
      [`${ALIVE(15, 2, '45 s')} · host web · server.sshd_config drops you later, after 2 min`],
      [
        [
          ...WEB_NOTES,
          'Both ends, when the path dies: this client exits after 45 s (ServerAliveInterval 15 s × (2 + 1)); the server in server.sshd_config drops the session after 2 min (ClientAliveInterval 60 s × (1 + 1)), so the client gives up first. The server is assumed to run OpenSSH 9.5, like this client.',
        ],
      ],
    );
  });

  test('the server gives up first; on 9.2 to 9.4 sshd checks every two intervals; Match blocks are mentioned', () => {
    const env = workspace({
      [SERVER]: lines('ClientAliveInterval 15', 'ClientAliveCountMax 2', 'Match User backup', '  ClientAliveInterval 300'),
    });
    const text = lines('Host db', '  User admin');
    check(
      text,
      withVersion(9, 2),
      env,
      [`${TCP} · host db · server.sshd_config drops you first, after 1 min 30 s`],
      [
        [
          TCP_NOTE,
          SYN,
          "Both ends, when the path dies: this client exits after 2 h 11 min 15 s (TCP keepalive: 7200 s + 9 × 75 s); the server in server.sshd_config drops the session after 1 min 30 s (ClientAliveInterval 2 × 15 s × (2 + 1)), so the server gives up first. The server is assumed to run OpenSSH 9.2, like this client. Those are the server's values for connections no Match block applies to: its Match blocks may change them.",
        ],
      ],
    );
    // The same files on 9.5: one interval per check.
    check(text, withVersion(9, 5), env, [`${TCP} · host db · server.sshd_config drops you first, after 45 s`]);
  });

  test('the server never drops a dead client (ClientAliveCountMax 0, TCPKeepAlive no); neither end when the client has nothing either', () => {
    const env = workspace({ [SERVER]: lines('ClientAliveInterval 30', 'ClientAliveCountMax 0', 'TCPKeepAlive no') });
    check(
      lines(WEB, 'Host old', '  TCPKeepAlive no'),
      withVersion(9, 5),
      env,
      [`${ALIVE(15, 2, '45 s')} · host web · server.sshd_config never drops you`, `${NEVER} · host old · server.sshd_config never drops you either`],
      [
        [
          ...WEB_NOTES,
          'Both ends, when the path dies: this client exits after 45 s (ServerAliveInterval 15 s × (2 + 1)); the server in server.sshd_config never drops the session (ClientAliveCountMax 0 never drops a client, TCPKeepAlive no), so only the client gives up: the server keeps the dead session open. The server is assumed to run OpenSSH 9.5, like this client.',
        ],
        [
          SYN,
          'Both ends, when the path dies: this client never notices (no ServerAliveInterval, TCPKeepAlive no); the server in server.sshd_config never drops the session (ClientAliveCountMax 0 never drops a client, TCPKeepAlive no), so neither end gives up: the dead session stays open at both ends. The server is assumed to run OpenSSH 9.5, like this client.',
        ],
      ],
    );
  });

  test('ClientAliveCountMax 0 with TCPKeepAlive yes: the kernel drops the client; a client without anything is dropped first', () => {
    const env = workspace({ [SERVER]: lines('ClientAliveInterval 30', 'ClientAliveCountMax 0') });
    check(
      lines(WEB, 'Host old', '  TCPKeepAlive no'),
      withVersion(9, 5),
      env,
      [
        `${ALIVE(15, 2, '45 s')} · host web · server.sshd_config drops you later, after 2 h 11 min 15 s`,
        `${NEVER} · host old · server.sshd_config drops you first, after 2 h 11 min 15 s`,
      ],
      [
        [
          ...WEB_NOTES,
          'Both ends, when the path dies: this client exits after 45 s (ServerAliveInterval 15 s × (2 + 1)); the server in server.sshd_config drops the session after 2 h 11 min 15 s (TCP keepalive: 7200 s + 9 × 75 s), so the client gives up first. The server is assumed to run OpenSSH 9.5, like this client.',
        ],
        [
          SYN,
          'Both ends, when the path dies: this client never notices (no ServerAliveInterval, TCPKeepAlive no); the server in server.sshd_config drops the session after 2 h 11 min 15 s (TCP keepalive: 7200 s + 9 × 75 s), so only the server gives up: this client keeps the dead session open. The server is assumed to run OpenSSH 9.5, like this client.',
        ],
      ],
    );
  });

  test('the same time at both ends', () => {
    const env = workspace({ [SERVER]: lines('ClientAliveInterval 15', 'ClientAliveCountMax 2') });
    check(WEB, withVersion(9, 5), env, [`${ALIVE(15, 2, '45 s')} · host web · server.sshd_config drops you at about the same time, after 45 s`]);
  });

  test('a drop-in next to its main file does not count as a second server; the main file is named', () => {
    const env = workspace({
      'file:///work/etc/ssh/sshd_config': lines('Include /etc/ssh/sshd_config.d/*.conf', 'ClientAliveInterval 60', 'ClientAliveCountMax 1'),
      'file:///work/etc/ssh/sshd_config.d/10-local.conf': 'ClientAliveInterval 5',
    });
    check(WEB, withVersion(9, 5), env, [`${ALIVE(15, 2, '45 s')} · host web · sshd_config drops you later, after 2 min`]);
  });
});

describe('both ends: nothing is said without exactly one server config', () => {
  const plain = [`${ALIVE(15, 2, '45 s')} · host web`];

  test('two server configs: which one a Host reaches is not known', () => {
    const env = workspace({
      [SERVER]: lines('ClientAliveInterval 60', 'ClientAliveCountMax 1'),
      'file:///work/other/sshd_config': 'ClientAliveInterval 5',
    });
    check(WEB, withVersion(9, 5), env, plain, [WEB_NOTES]);
  });

  test('no server config: the lens and the notes are as without the environment', () => {
    check(WEB, withVersion(9, 5), workspace({}), plain, [WEB_NOTES]);
    check(WEB, withVersion(9, 5), {}, plain, [WEB_NOTES]);
  });
});
