/**
 * Oracle test: the sshd_config keyword catalog against the real sshd of this machine (`sshd -T`).
 *
 *   node --import tsx --test test/oracle/sshd-keywords.test.ts
 *
 * For the installed release V (read from `sshd -V`), every catalogued keyword is written into a small config
 * with a valid sample value and must behave as sshdKeywordAt(spec, V) says: accepted (silently, or with
 * "Deprecated option" / "Unsupported option"), or refused with "Bad configuration option" when V does not know
 * it; inside `Match User nobody` it must be accepted or refused with "not allowed within a Match block"; a
 * keyword that takes exactly one argument must refuse a second one; every word of a `choice` must be accepted
 * and a wrong word refused. With a minimal config, `sshd -T` must print each catalogued default, every line it
 * prints must name a catalogued keyword, and every printed keyword without a catalogued default must be listed
 * below with the reason.
 *
 * Build features (PAM, Kerberos, GSSAPI, AFS, lastlog, routing domains) are read from the minimal `sshd -T`
 * output (each is printed only when compiled in), and the distribution patches from the sshd binary itself.
 * `sshd -T` needs a host key (generated into a temporary directory) and, on Debian, /run/sshd (created when
 * missing and running as root).
 *
 * Environment knobs (optional): SSHD (path of the sshd to test, default: sshd on PATH, else /usr/sbin/sshd),
 * ORACLE_POOL (parallel sshd processes, default 4).
 *
 * Skips when sshd or ssh-keygen is not installed, unless CI is set: then it fails, because CI installs openssh-server.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type SshdKeywordSpec, sshdKeywordAt, sshServerKeyword } from '../../server/src/service/catalog/sshServer';
import { formatVersion } from '../../server/src/service/model/version';
import { pool } from '../pool';
import { unavailableOracle } from './harness';
import { CONNECTION, configLines, describeRun, type Lab, missingSshd, openLab, POOL, sample } from './sshdKeywordsHarness';

/**
 * Keywords `sshd -T` prints whose catalog entry has no default, and why. Each must be printed (so the table
 * cannot go stale) and must have no catalogued default for the release under test.
 */
const PRINTED_WITHOUT_DEFAULT: Readonly<Record<string, string>> = {
  hostkey: 'the host key files of this machine (here the generated test key)',
  listenaddress: "one line per address family of this machine's wildcard addresses",
  pidfile: 'a path chosen when sshd is built (Debian: /run/sshd.pid, upstream: /var/run/sshd.pid)',
  modulifile: 'a path chosen when sshd is built (its configuration directory)',
  xauthlocation: 'a path found when sshd is built',
  ciphers: 'a long algorithm list that changes between releases',
  macs: 'a long algorithm list that changes between releases',
  kexalgorithms: 'a long algorithm list that changes between releases',
  casignaturealgorithms: 'a long algorithm list that changes between releases',
  hostbasedacceptedalgorithms: 'a long algorithm list that changes between releases',
  hostkeyalgorithms: 'a long algorithm list that changes between releases',
  pubkeyacceptedalgorithms: 'a long algorithm list that changes between releases',
  sshdsessionpath: 'a path chosen when sshd is built',
  sshdauthpath: 'a path chosen when sshd is built',
  gssapistrictacceptorcheck: 'upstream prints it only from 10.3 on; the GSSAPI key-exchange patch prints it in older releases too',
};

/** Defaults this build prints differently from upstream's, with the value it prints and why. */
const BUILD_DEFAULTS: Readonly<Record<string, { readonly printed: string; readonly reason: string }>> = {
  ipqos: {
    printed: 'lowdelay throughput',
    reason: "Debian's build keeps the IPQoS defaults of OpenSSH 7.x (upstream 8.0 to 10.0 print `af21 cs1`, 10.1 and later `ef cs0`)",
  },
};

const TITLE = 'sshd -T oracle for the sshd_config catalog';
const missing = missingSshd();

if (missing) unavailableOracle(TITLE, missing, 'agrees with sshd -T');
else {
  describe(TITLE, () => {
    let lab: Lab;
    let dir = '';

    before(async () => {
      lab = await openLab();
      dir = lab.dir;
    });

    after(() => lab?.close());

    it('accepts every keyword the release knows, with the message its status implies, and refuses the others', async () => {
      const failures = await pool(lab.subjects, POOL, async ({ spec, view, expect }) => {
        const line = `${spec.name} ${sample(spec, view.value, dir)}\n`;
        const { config, run: r } = await lab.sshdT(line);
        const lines = configLines(r.stderr);
        const bad = (why: string) => describeRun(`${spec.name} (${why})`, config, r);
        if (expect.kind === 'unknown') {
          if (r.code === 0 || !r.stderr.includes(`line 2: Bad configuration option: ${spec.name}`))
            return bad(`release ${formatVersion(lab.version)} should not know it`);
          return undefined;
        }
        if (expect.kind === 'fatal') {
          if (r.code === 0 || !r.stderr.includes(expect.message)) return bad(`expected "${expect.message}"`);
          return undefined;
        }
        if (r.code !== 0) return bad('expected acceptance');
        if (expect.message === undefined) return lines.length === 0 ? undefined : bad('expected no message about the line');
        // Keywords allowed in Match are parsed twice ("reprocess config line 2: ..."), so the message can repeat.
        return lines.length > 0 && lines.every((l) => l.endsWith(`line 2: ${expect.message}`)) ? undefined : bad(`expected only "line 2: ${expect.message}"`);
      });
      const found = failures.filter((f) => f !== undefined);
      assert.deepEqual(found, [], `${found.length} keyword(s) disagree:\n\n${found.join('\n\n')}`);
    });

    it('accepts inside a Match block exactly the keywords the catalog allows there', async () => {
      const known = lab.subjects.filter((s) => s.expect.kind !== 'unknown');
      const failures = await pool(known, POOL, async ({ spec, view, expect }) => {
        const body = `Match User nobody\n  ${spec.name} ${sample(spec, view.value, dir)}\n`;
        const { config, run: r } = await lab.sshdT(body, ['-C', CONNECTION]);
        const refused = `line 3: Directive '${spec.name}' is not allowed within a Match block`;
        const allowed = spec.status === 'patch' ? spec.match : view.match;
        const bad = (why: string) => describeRun(`${spec.name} in Match (${why})`, config, r);
        if (!allowed) return r.code !== 0 && r.stderr.includes(refused) ? undefined : bad(`expected "${refused}"`);
        if (r.stderr.includes('not allowed within a Match block')) return bad('expected it to be allowed');
        if (expect.kind === 'fatal') return r.code !== 0 && r.stderr.includes(expect.message) ? undefined : bad(`expected "${expect.message}"`);
        return r.code === 0 ? undefined : bad('expected acceptance');
      });
      const found = failures.filter((f) => f !== undefined);
      assert.deepEqual(found, [], `${found.length} keyword(s) disagree:\n\n${found.join('\n\n')}`);
    });

    it('refuses a second argument for every keyword that takes exactly one', async () => {
      const single = lab.subjects.filter(
        ({ view, expect }) => expect.kind === 'accepted' && ['time', 'int', 'choice', 'text'].includes(view.value.type) && expect.message === undefined,
      );
      assert.ok(single.length > 60, `${single.length} one-argument keywords`);
      const failures = await pool(single, POOL, async ({ spec, view }) => {
        const { config, run: r } = await lab.sshdT(`${spec.name} ${sample(spec, view.value, dir)} extra\n`);
        const wanted = `line 2: keyword ${spec.name} extra arguments at end of line`;
        return r.code !== 0 && r.stderr.includes(wanted) ? undefined : describeRun(`${spec.name} (expected "${wanted}")`, config, r);
      });
      const found = failures.filter((f) => f !== undefined);
      assert.deepEqual(found, [], `${found.length} keyword(s) disagree:\n\n${found.join('\n\n')}`);
    });

    it('accepts every word of a choice, in the case the catalog allows, and refuses other words', async () => {
      const cases: { spec: SshdKeywordSpec; word: string; ok: boolean }[] = [];
      for (const { spec, view, expect } of lab.subjects) {
        if (expect.kind !== 'accepted' || expect.message !== undefined || view.value.type !== 'choice') continue;
        for (const word of view.value.values) {
          cases.push({ spec, word, ok: true });
          const other = word === word.toUpperCase() ? word.toLowerCase() : word.toUpperCase();
          cases.push({ spec, word: other, ok: !view.value.caseSensitive });
        }
        cases.push({ spec, word: 'true', ok: view.value.values.includes('true') });
        cases.push({ spec, word: 'keepalive-lens-bogus', ok: false });
      }
      assert.ok(cases.length > 200, `${cases.length} choice cases`);
      const failures = await pool(cases, POOL, async ({ spec, word, ok }) => {
        const { config, run: r } = await lab.sshdT(`${spec.name} ${word}\n`);
        const accepted = r.code === 0 && configLines(r.stderr).length === 0;
        return accepted === ok ? undefined : describeRun(`${spec.name} ${word} (expected ${ok ? 'acceptance' : 'refusal'})`, config, r);
      });
      const found = failures.filter((f) => f !== undefined);
      assert.deepEqual(found, [], `${found.length} case(s) disagree:\n\n${found.join('\n\n')}`);
    });

    it('prints every catalogued default, and only catalogued keywords', () => {
      const failures: string[] = [];
      for (const { spec, view, expect } of lab.subjects) {
        if (spec.aliasOf !== undefined) continue;
        const lower = spec.name.toLowerCase();
        const printed = lab.dump.get(lower);
        const want = spec.status === 'patch' ? spec.default : view.default;
        if (expect.kind === 'unknown' || (spec.build !== undefined && !lab.features.has(spec.build))) {
          if (printed !== undefined) failures.push(`${spec.name}: not known or not built in, yet printed ${JSON.stringify(printed)}`);
          continue;
        }
        const special = BUILD_DEFAULTS[lower];
        if (special !== undefined) {
          if (printed?.length !== 1 || printed[0] !== special.printed) {
            failures.push(
              `${spec.name}: this build was recorded to print ${JSON.stringify(special.printed)} (${special.reason}), printed ${JSON.stringify(printed)}`,
            );
          }
          continue;
        }
        if (want === undefined) continue;
        if (printed?.length !== 1 || printed[0] !== want)
          failures.push(`${spec.name}: catalog default ${JSON.stringify(want)}, sshd -T printed ${JSON.stringify(printed)}`);
      }
      for (const [name, values] of lab.dump) {
        const spec = sshServerKeyword(name);
        if (spec === undefined) {
          failures.push(`sshd -T printed ${name} ${JSON.stringify(values)}, which the catalog does not know`);
          continue;
        }
        const view = sshdKeywordAt(spec, lab.version);
        const hasDefault = (spec.status === 'patch' ? spec.default : view.default) !== undefined || BUILD_DEFAULTS[name] !== undefined;
        if (!hasDefault && PRINTED_WITHOUT_DEFAULT[name] === undefined) {
          failures.push(`sshd -T printed ${name} ${JSON.stringify(values)}; give ${spec.name} a default or list it in PRINTED_WITHOUT_DEFAULT with the reason`);
        }
      }
      for (const name of Object.keys(PRINTED_WITHOUT_DEFAULT)) {
        const spec = sshServerKeyword(name);
        if (spec === undefined || !lab.dump.has(name)) continue;
        if (sshdKeywordAt(spec, lab.version).default !== undefined) failures.push(`${name} has a catalogued default; remove it from PRINTED_WITHOUT_DEFAULT`);
      }
      const stale = Object.keys(PRINTED_WITHOUT_DEFAULT).filter(
        (name) =>
          !lab.dump.has(name) && lab.subjects.some((s) => s.spec.name.toLowerCase() === name && s.expect.kind !== 'unknown' && s.spec.build === undefined),
      );
      assert.deepEqual(stale, [], 'PRINTED_WITHOUT_DEFAULT names keywords this sshd knows but does not print');
      assert.deepEqual(failures, [], `${failures.length} difference(s):\n${failures.join('\n')}`);
    });
  });
}
