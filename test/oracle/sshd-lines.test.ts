/**
 * Oracle test: what the sshd_config analysis says about single lines and repeated lines, against the real sshd of
 * this machine (`sshd -t`, `sshd -T -C`).
 *
 *   node --import tsx --test test/oracle/sshd-lines.test.ts
 *
 * For every keyword the installed release knows (and uses: not deprecated, not missing from this build):
 * - a line with nothing but a comment after the keyword (`Port #22`), and for one-value options an empty quoted
 *   value (`Port ""`), must stop sshd exactly when the analysis reports an error for the line;
 * - two lines of an option whose value the analysis reads, with two different values, in the global section and
 *   (where allowed) in a Match block that applies, or the first in the global section and the second in a `Match all`
 *   block (whose value replaces the global one for every connection): `sshd -T` must print the value of the line the analysis says
 *   wins (the first for most options; the last for MaxStartups, PerSourceMaxStartups, PerSourceNetBlockSize,
 *   StreamLocalBindMask and FingerprintHash in 9.2), compared with what it prints for that line alone, or for
 *   MaxStartups, whose later one-number line keeps an earlier rate, the value the analysis computes.
 *
 * Environment knobs (optional): SSHD (default: sshd on PATH, else /usr/sbin/sshd), ORACLE_POOL (parallel sshd
 * processes, default 4). Skips when sshd or ssh-keygen is not installed, unless CI is set: then it fails, because CI
 * installs openssh-server.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService, DEFAULT_SETTINGS, type LanguageService } from '../../server/src/service';
import { sshdAccumulates } from '../../server/src/service/analysis/sshd/resolve';
import { type SshdKeywordSpec, sshdOptionKey } from '../../server/src/service/catalog/sshServer';
import type { ValueSpec } from '../../server/src/service/catalog/types';
import { pool } from '../pool';
import { unavailableOracle } from './harness';
import { CONNECTION, describeRun, type Lab, missingSshd, openLab, POOL, parseDump, sample } from './sshdKeywordsHarness';

/** The connection of CONNECTION, for the analysis. */
const CONN = { user: 'root', host: 'client.example', addr: '127.0.0.1' };

/** The first value of a repeated option where `sample` does not give a telling one (a rate the later line keeps). */
const FIRST: Readonly<Record<string, string>> = { MaxStartups: '10:50:60' };

/** A second valid value, different from the sample, where the type alone does not give one. `%DIR%` is the lab. */
const SECOND: Readonly<Record<string, string>> = {
  AuthorizedKeysCommandUser: 'root',
  AuthorizedPrincipalsCommandUser: 'root',
  AuthorizedPrincipalsFile: '.ssh/principals',
  Banner: '/etc/issue.net',
  CASignatureAlgorithms: 'rsa-sha2-512',
  ChrootDirectory: '/srv',
  Ciphers: 'chacha20-poly1305@openssh.com',
  GSSAPIKexAlgorithms: 'gss-group14-sha256-',
  HostbasedAcceptedAlgorithms: 'rsa-sha2-512',
  HostbasedAcceptedKeyTypes: 'rsa-sha2-512',
  HostKeyAgent: '/tmp/keepalive-lens-agent.sock',
  HostKeyAlgorithms: 'rsa-sha2-256',
  KexAlgorithms: 'diffie-hellman-group14-sha256',
  MACs: 'hmac-sha2-512',
  MaxStartups: '20',
  ModuliFile: '/etc/ssh/moduli.keepalive-lens',
  PAMServiceName: 'other',
  PermitUserEnvironment: 'no',
  PerSourceMaxStartups: '9',
  PerSourceNetBlockSize: '16:48',
  PerSourcePenaltyExemptList: '198.51.100.0/24',
  PidFile: '%DIR%/other.pid',
  PubkeyAcceptedAlgorithms: 'rsa-sha2-512',
  PubkeyAcceptedKeyTypes: 'rsa-sha2-512',
  RevokedKeys: '/etc/ssh/revoked_keys',
  SecurityKeyProvider: '/usr/lib/keepalive-lens-sk.so',
  SshdAuthPath: '/usr/local/lib/sshd-auth',
  SshdSessionPath: '/usr/local/lib/sshd-session',
  StreamLocalBindMask: '0022',
  TrustedUserCAKeys: '/etc/ssh/ca.pub',
  XAuthLocation: '/usr/local/bin/xauth',
};

/** Options `sshd -T` does not print, so a repeated line cannot be told apart, and why. */
const NOT_PRINTED: Readonly<Record<string, string>> = {
  debianbanner: "Debian's patch adds the keyword but not to the sshd -T output",
};

/** Two different valid values for a repeated option, or undefined when there is no second one. */
function twoValues(spec: SshdKeywordSpec, value: ValueSpec, dir: string): [string, string] | undefined {
  const first = FIRST[spec.name] ?? sample(spec, value, dir);
  const given = SECOND[spec.name];
  if (given !== undefined) return [first, given.replaceAll('%DIR%', dir)];
  switch (value.type) {
    case 'time':
      return [first, '45'];
    case 'int':
      return [first, '9'];
    case 'choice': {
      const other = value.values.find((w) => w.toLowerCase() !== first.toLowerCase());
      return other === undefined ? undefined : [first, other];
    }
    default:
      return undefined;
  }
}

const TITLE = 'sshd oracle for single and repeated lines';
const missing = missingSshd();

if (missing) unavailableOracle(TITLE, missing, 'agrees with sshd');
else {
  describe(TITLE, () => {
    let lab: Lab;
    let service: LanguageService;
    let docs = 0;
    /** The analysis of a config as the lab writes it (host key first). */
    const analyze = (body: string) =>
      service.analyzeSshd(TextDocument.create(`file://${lab.dir}/analyzed-${docs}.conf`, 'sshd_config', ++docs, `HostKey ${lab.dir}/hk\n${body}`));

    before(async () => {
      lab = await openLab();
      service = createLanguageService({}, { ...DEFAULT_SETTINGS, sshVersion: lab.version, sshVersionKnown: true });
    });

    after(() => lab?.close());

    /** Keywords used as they are in this build (not deprecated, not left out of it, not fatal). */
    const used = () => lab.subjects.filter(({ expect }) => expect.kind === 'accepted' && expect.message === undefined);

    it('stops at a keyword with only a comment after it, or an empty value, exactly when the analysis says so', async () => {
      const cases: string[] = ['Subsystem sftp', 'Subsystem sftp # internal-sftp', 'Subsystem "" internal-sftp', 'Subsystem sftp ""'];
      for (const { spec, view } of used()) {
        if (spec.name === 'Match') continue;
        cases.push(`${spec.name} # keepalive-lens`);
        if (['time', 'int', 'choice', 'text'].includes(view.value.type)) cases.push(`${spec.name} ""`);
      }
      const verdicts = await pool(cases, POOL, async (line) => {
        const { config, run: r } = await lab.sshdT(`${line}\n`, ['-t']);
        const ours = analyze(`${line}\n`).findings.filter((f) => f.severity === 'error' && f.span.line === 1);
        const refused = r.code !== 0;
        const failure =
          refused === ours.length > 0
            ? undefined
            : describeRun(
                `${line}: sshd ${refused ? 'refuses it' : 'accepts it'}, the analysis says ${ours.map((f) => `${f.code}: ${f.message}`).join('; ') || 'nothing'}`,
                config,
                r,
              );
        return { refused, failure };
      });
      const failures = verdicts.flatMap((v) => (v.failure ? [v.failure] : []));
      assert.deepEqual(failures, [], `${failures.length} line(s) disagree:\n\n${failures.join('\n\n')}`);
      const refused = verdicts.filter((v) => v.refused).length;
      console.log(`${cases.length} lines: sshd refuses ${refused}, accepts ${cases.length - refused}`);
      assert.ok(refused > 150 && cases.length - refused >= 10, `${refused} of ${cases.length} refused: both answers are tested`);
    });

    it('prints the value of the line the analysis says wins when an option is set twice', async () => {
      /** Where the two lines go: both in the global section, both in a Match block that applies, or the second in a Match all block. */
      type Placement = 'global' | 'match' | 'match all';
      interface Case {
        readonly spec: SshdKeywordSpec;
        readonly values: [string, string];
        readonly placement: Placement;
      }
      const cases: Case[] = [];
      for (const { spec, view } of used()) {
        const key = sshdOptionKey(spec);
        if (sshdAccumulates(key) || key === 'include' || key === 'match' || NOT_PRINTED[key] !== undefined) continue;
        const values = twoValues(spec, view.value, lab.dir);
        // Only options whose value the analysis reads.
        if (!values || analyze(`${spec.name} ${values[0]}\n`).resolve(CONN).values.get(key) === undefined) continue;
        cases.push({ spec, values, placement: 'global' });
        if (spec.status === 'patch' ? spec.match : view.match) cases.push({ spec, values, placement: 'match' }, { spec, values, placement: 'match all' });
      }
      const failures = await pool(cases, POOL, async ({ spec, values: [a, b], placement }) => {
        const key = sshdOptionKey(spec);
        const set = (v: string, indent = '') => `${indent}${spec.name} ${v}\n`;
        /** The lines of one value, or of both as the placement puts them. */
        const body = (...vs: string[]) =>
          vs.length === 2 && placement === 'match all'
            ? `${set(vs[0])}Match all\n${set(vs[1], '  ')}`
            : placement === 'match'
              ? `Match User root\n${vs.map((v) => set(v, '  ')).join('')}`
              : vs.map((v) => set(v)).join('');
        const printed = async (...vs: string[]) => {
          const { config, run: r } = await lab.sshdT(body(...vs), ['-C', CONNECTION]);
          return { config, r, value: r.code === 0 ? (parseDump(r.stdout).get(key)?.join(' | ') ?? '(not printed)') : undefined };
        };
        const [alone1, alone2, both] = [await printed(a), await printed(b), await printed(a, b)];
        const where = `${spec.name} ${a} / ${b}${placement === 'global' ? '' : placement === 'match' ? ' in Match User root' : ', the second in Match all'}`;
        if (alone1.value === undefined || alone2.value === undefined || both.value === undefined)
          return describeRun(`${where}: sshd refused a config`, both.config, both.r);
        if (alone1.value === alone2.value) return `${where}: sshd -T prints ${alone1.value} for both values; give ${spec.name} two values it prints apart`;
        const winner = analyze(body(a, b)).resolve(CONN).values.get(key);
        if (!winner) return `${where}: the analysis has no value`;
        // The line of the first value, after the host key line (and the Match line of a Match User block).
        const line = winner.directive.line.line === (placement === 'match' ? 2 : 1) ? 0 : 1;
        const expected = winner.rateFrom ? winner.value : line === 0 ? alone1.value : alone2.value;
        return both.value === expected
          ? undefined
          : `${where}: the analysis takes ${winner.rateFrom ? `${winner.value} (line ${line + 1} with an earlier rate)` : `line ${line + 1}`}, so sshd -T should print ${expected}; it prints ${both.value}`;
      });
      const found = failures.filter((f) => f !== undefined);
      assert.deepEqual(found, [], `${found.length} option(s) disagree:\n\n${found.join('\n\n')}`);
      const inMatch = cases.filter((c) => c.placement === 'match').length;
      console.log(`${cases.length} repeated options (${inMatch} of them in a Match block, ${inMatch} with the second line in Match all)`);
      assert.ok(cases.length > 100, `${cases.length} repeated options`);
    });
  });
}
