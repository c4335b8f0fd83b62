/**
 * The files the real clients open and what is asked of them. Positions are 0-based (LSP); the
 * hand-written facts (1-based lines, as an editor shows them) are checked against the language
 * service before any client runs, so the exact expectations run.ts computes from the service are
 * known to say what these files are about.
 */

export interface ClientCase {
  /** Short name in the report. */
  readonly name: string;
  /** Relative to the repository root. */
  readonly file: string;
  /** The languageId the client must send. */
  readonly languageId: 'ssh_config' | 'sshd_config' | 'sysctl' | 'mycnf';
  /** Where to hover, and text the hover must contain. */
  readonly hover: { readonly line: number; readonly character: number; readonly contains: readonly string[] };
  /** The code action to ask for at a diagnostic, and text the result must contain. */
  readonly codeAction?: {
    readonly line: number;
    readonly character: number;
    readonly code: string;
    readonly title: string;
    readonly resultContains: readonly string[];
  };
  /** `line:code` (1-based lines) of every diagnostic: the whole list, in any order. */
  readonly diagnostics: readonly string[];
  /** `line: title` (1-based) of CodeLenses that must be among the lenses. */
  readonly codeLens: readonly string[];
}

const ALIVE_60_5 = 'dead server detected after 6 min (60 s × (5 + 1)) · probes every 60 s, gives up after 5 unanswered';

export const CASES: readonly ClientCase[] = [
  {
    name: 'ssh_config',
    file: 'examples/article-as-pasted.ssh_config',
    languageId: 'ssh_config',
    // `ServerAliveInterval 30` under Host satellite-server: Host * already set 60, and that is what ssh uses.
    hover: { line: 11, character: 6, contains: ['**ServerAliveInterval**', 'ServerAliveInterval = `60` | line 6 (ServerAliveInterval 60)'] },
    codeAction: {
      line: 11,
      character: 4,
      code: 'ssh/shadowed-by-earlier-host',
      title: 'Move the general "Host *" block to the end of the file',
      resultContains: [
        'Host satellite-server\n    HostName sat.example.net\n    ServerAliveInterval 30\n    ServerAliveCountMax 10\n',
        '\nHost *\n    ServerAliveInterval 60\n    ServerAliveCountMax 5\n',
      ],
    },
    diagnostics: ['12:ssh/shadowed-by-earlier-host', '13:ssh/shadowed-by-earlier-host'],
    codeLens: [`5: ${ALIVE_60_5} · any host`, `10: ${ALIVE_60_5} · host satellite-server`],
  },
  {
    name: 'sysctl',
    file: 'examples/article-sysctl.sysctl.conf',
    languageId: 'sysctl',
    hover: { line: 3, character: 10, contains: ['**net.ipv4.tcp_keepalive_time**'] },
    diagnostics: [],
    codeLens: ['1: stalled send gives up after 15 min 24.6 s (tcp_retries2 = 15)', '4: idle peer declared dead after 7 min 30 s (300 s + 5 × 30 s)'],
  },
  {
    name: 'sysctl-comments',
    file: 'examples/article-aggressive.sysctl.conf',
    languageId: 'sysctl',
    hover: { line: 4, character: 10, contains: ['**net.ipv4.tcp_keepalive_intvl**'] },
    codeAction: {
      line: 3,
      character: 31,
      code: 'sysctl/inline-comment',
      title: 'Move the comment onto its own line',
      resultContains: ['\n# 1 minute\nnet.ipv4.tcp_keepalive_time=60\nnet.ipv4.tcp_keepalive_intvl=10 # 10 seconds\n'],
    },
    diagnostics: ['4:sysctl/inline-comment', '5:sysctl/inline-comment', '6:sysctl/inline-comment'],
    codeLens: ['1: stalled send gives up after 15 min 24.6 s (tcp_retries2 = 15)', '4: idle peer declared dead after 2 min (60 s + 6 × 10 s)'],
  },
  {
    name: 'mycnf',
    file: 'test/fixtures/article-as-pasted.my.cnf',
    languageId: 'mycnf',
    hover: { line: 3, character: 3, contains: ['**read_timeout**', 'net_read_timeout'] },
    codeAction: {
      line: 3,
      character: 0,
      code: 'mycnf/unknown-option',
      title: 'Replace with net_read_timeout in [mysqld] (the server-side timeout)',
      resultContains: ['[client]\nconnect_timeout=10\nwrite_timeout=300\n', '\n[mysqld]\nnet_read_timeout=300\n'],
    },
    diagnostics: ['3:mycnf/rejected-option', '4:mycnf/unknown-option', '5:mycnf/unknown-option'],
    codeLens: [],
  },
];
