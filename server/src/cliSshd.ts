/**
 * `keepalive-lens explain --user U --host H --addr A [--json] SSHD_CONFIG`: the effective server settings
 * for one connection, as `sshd -T -f SSHD_CONFIG -C user=U,host=H,addr=A` prints them, then the timeline.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { writeExplain } from './cliFindings';
import { userGroups } from './node/environment';
import type { LanguageService, Settings } from './service';
import type { SshdConnection } from './service/analysis/sshd/resolve';
import { SSHD_EXPLAIN_KEYS, sshdEffective, sshdPrinted, sshdTimeline } from './service/analysis/sshd/timeline';
import { atLeast, formatVersion } from './service/model/version';

export interface SshdExplainArgs {
  readonly json: boolean;
  readonly user?: string;
  readonly host?: string;
  readonly addr?: string;
  readonly laddr?: string;
  readonly lport?: string;
  readonly rdomain?: string;
  /** The word `invalid-user` of sshd -T -C (9.9 and later): the user does not exist, for Match Invalid-User. */
  readonly invalidUser?: boolean;
}

export function explainSshd(
  a: SshdExplainArgs,
  doc: TextDocument,
  service: LanguageService,
  settings: Settings,
  io: { stdout(t: string): void; stderr(t: string): void },
): number {
  if (a.invalidUser && !atLeast(settings.sshVersion, '9.9')) {
    io.stderr(
      `keepalive-lens: --invalid-user needs OpenSSH 9.9 or later (sshd -T -C of ${formatVersion(settings.sshVersion)}: "Invalid test mode specification invalid-user")\n`,
    );
    return 2;
  }
  if (a.lport !== undefined && !/^\d+$/.test(a.lport)) {
    io.stderr(`keepalive-lens: --lport needs a port number, not ${a.lport}\n`);
    return 2;
  }
  const conn: SshdConnection = {
    ...(a.user !== undefined ? { user: a.user, groups: userGroups(a.user) } : {}),
    ...(a.host !== undefined ? { host: a.host } : {}),
    ...(a.addr !== undefined ? { addr: a.addr } : {}),
    ...(a.laddr !== undefined ? { laddr: a.laddr } : {}),
    ...(a.lport !== undefined ? { lport: Number(a.lport) } : {}),
    ...(a.rdomain !== undefined ? { rdomain: a.rdomain } : {}),
    ...(a.invalidUser ? { userInvalid: true } : {}),
  };
  const analysis = service.analyzeSshd(doc);
  const res = analysis.resolve(conn);
  // sshd -T -C stops when a Match LocalPort line is read and the test spec has no lport (match_test_missing_fatal).
  if (a.lport === undefined && res.localPortAsked) {
    io.stderr(
      "keepalive-lens: 'Match LocalPort' in configuration but 'lport' not in connection test specification (give --lport, as sshd -T -C needs lport=)\n",
    );
    return 1;
  }
  const who = [a.user && `user ${a.user}`, a.host && `host ${a.host}`, a.addr && `address ${a.addr}`].filter(Boolean).join(', ') || 'any connection';
  const timeline = sshdTimeline(res, settings, 'connection', who);
  const valueFor = (key: string) => sshdPrinted(key, sshdEffective(res, key, settings.sshVersion).value);
  const head = { user: a.user, host: a.host, addr: a.addr };
  return writeExplain({
    out: io.stdout,
    json: a.json,
    head,
    keys: SSHD_EXPLAIN_KEYS,
    valueFor,
    timeline,
    diags: service.diagnostics(doc),
    uri: doc.uri,
    refusal: 'sshd refuses to start',
  });
}
