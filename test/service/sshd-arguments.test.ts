/**
 * sshd_config lines sshd refuses for what they lack or where they are read (servconf.c,
 * process_server_config_line_depth): a keyword with only a comment after it, a Subsystem without a command, and a
 * global-only keyword in a file included from a Match block that does not apply at start. The messages in quotes are
 * what sshd 9.2 printed for these lines; test/oracle/sshd-lines.test.ts checks every keyword of the installed release.
 *
 *   node --import tsx --test test/service/sshd-arguments.test.ts
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { allSshServerKeywords } from '../../server/src/service/catalog/sshServer';
import { filesEnv, lines, rangeInside, service, withVersion } from '../fixtures';
import { analysis, findings, GLOBAL, sshd } from './sshd-helpers';

const V92 = withVersion(9, 2);
const V95 = withVersion(9, 5);
const V103 = withVersion(10, 3);

describe('a keyword with only a comment after it', () => {
  test('stops sshd for most keywords ("missing port number.", "missing time value."), and no longer throws', () => {
    const text = lines('Port #22', 'ClientAliveInterval # 30', 'Include #x', 'Banner ""', 'MaxStartups #10');
    const a = analysis(text, V92);
    assert.deepStrictEqual(
      a.findings.map((f) => [f.code, f.span, f.message]),
      [
        ['sshd/missing-argument', { line: 0, start: 0, end: 4 }, 'no argument after keyword "Port" (the rest of the line is a comment): sshd stops.'],
        [
          'sshd/missing-argument',
          { line: 1, start: 0, end: 19 },
          'no argument after keyword "ClientAliveInterval" (the rest of the line is a comment): sshd stops.',
        ],
        ['sshd/missing-argument', { line: 2, start: 0, end: 7 }, 'no argument after keyword "Include" (the rest of the line is a comment): sshd stops.'],
        ['sshd/missing-argument', { line: 3, start: 0, end: 9 }, 'empty argument for keyword "Banner": sshd stops.'],
        ['sshd/missing-argument', { line: 4, start: 0, end: 11 }, 'no argument after keyword "MaxStartups" (the rest of the line is a comment): sshd stops.'],
      ],
    );
    assert.deepStrictEqual(
      text.split('\n').map((_, l) => a.factsAt(l, 0)?.effective),
      [
        `${GLOBAL}: none, sshd refuses this line and stops.`,
        `${GLOBAL}: none, sshd refuses this line and stops.`,
        undefined,
        `${GLOBAL}: none, sshd refuses this line and stops.`,
        `${GLOBAL}: none, sshd refuses this line and stops.`,
      ],
    );
  });

  test('list options take an empty line up to 9.6 ("no AllowUsers specified" from 9.7); a few in every release', () => {
    const text = lines('AllowUsers #x', 'AcceptEnv #x', 'ChannelTimeout #x', 'PubkeyAuthOptions #x', 'ForceCommand #x', 'Protocol #x');
    assert.deepStrictEqual(findings(text, V92), []);
    assert.deepStrictEqual(
      findings(text, withVersion(9, 7)).map(([code, line]) => [code, line]),
      [
        ['sshd/missing-argument', 0],
        ['sshd/missing-argument', 1],
        ['sshd/missing-argument', 2],
      ],
    );
    // An AllowUsers line that names nobody adds nobody: the hover says nothing about it.
    assert.equal(analysis(text, V92).factsAt(0, 0)?.effective, undefined);
    assert.equal(analysis('AllowUsers alice', V92).factsAt(0, 0)?.effective, `${GLOBAL}: every AllowUsers line adds to the list; this one too.`);
  });

  test('a line whose value is not read here gets no effective value in the hover (it used to say "the default")', () => {
    const a = analysis(lines('IPQoS af21', 'RekeyLimit 1G 1h'), V92);
    assert.deepStrictEqual([a.factsAt(0, 0)?.effective, a.factsAt(1, 0)?.effective], [undefined, undefined]);
  });
});

describe('a Subsystem line without a command', () => {
  const SYNTAX = 'A Subsystem line names the subsystem, then the command that serves it.';

  test('9.2 stops at it ("Missing subsystem command."), and at an empty name ("Subsystem missing argument.")', () => {
    const text = lines('Subsystem sftp', 'Subsystem backup # /usr/bin/backup', 'Subsystem "" internal-sftp', 'Subsystem ftp ""');
    const a = analysis(text, V92);
    assert.deepStrictEqual(
      a.findings.map((f) => [f.code, f.span, f.message]),
      [
        ['sshd/missing-argument', { line: 0, start: 0, end: 14 }, `Subsystem 'sftp' has no command: sshd stops ("Missing subsystem command."). ${SYNTAX}`],
        ['sshd/missing-argument', { line: 1, start: 0, end: 16 }, `Subsystem 'backup' has no command: sshd stops ("Missing subsystem command."). ${SYNTAX}`],
        ['sshd/missing-argument', { line: 2, start: 0, end: 26 }, `Subsystem with an empty name: sshd stops ("Subsystem missing argument."). ${SYNTAX}`],
        ['sshd/missing-argument', { line: 3, start: 0, end: 16 }, `Subsystem 'ftp' has no command: sshd stops ("Missing subsystem command."). ${SYNTAX}`],
      ],
    );
    assert.equal(a.factsAt(0, 0)?.effective, `${GLOBAL}: none, sshd refuses this line and stops.`);
  });

  test('before 9.5 a repeated name stops sshd first; 9.5 to 10.2 skip a repeated name before they look for the command', () => {
    const text = lines('Subsystem sftp internal-sftp', 'Subsystem sftp');
    assert.deepStrictEqual(
      findings(text, V92).map(([code, line]) => [code, line]),
      [['sshd/duplicate-subsystem', 1]],
    );
    assert.deepStrictEqual(findings(text, V95), [
      [
        'sshd/overridden',
        1,
        "Subsystem 'sftp' never takes effect for connections no Match block applies to: line 1 already defines it (sshd keeps the first definition).",
      ],
    ]);
    assert.deepStrictEqual(findings(text, V103), [
      ['sshd/missing-argument', 1, `Subsystem 'sftp' has no command: sshd stops ("Subsystem missing argument."). ${SYNTAX}`],
    ]);
  });

  test('9.5 to 10.2 read a Match block line only for a connection it applies to, and end that connection; 10.3 stops at start', () => {
    const text = lines('Subsystem backup /usr/bin/backup', 'Match User bob', '  Subsystem sftp', 'Match all', '  Subsystem backup');
    const connection = (name: string) =>
      `Subsystem '${name}' has no command: sshd starts, but ends every connection this Match block applies to when it reads the line ("Missing subsystem command."; OpenSSH 9.5 looks for the command only then, 10.3 and later refuse the file at start). ${SYNTAX}`;
    // The Match all line repeats a name of the start reading, but the reading for a connection starts with no subsystem.
    assert.deepStrictEqual(findings(text, V95), [
      ['sshd/missing-argument', 2, connection('sftp')],
      ['sshd/missing-argument', 4, connection('backup')],
    ]);
    const a = analysis(text, V95);
    assert.equal(a.factsAt(2, 0)?.effective, 'Effective for connections matching user bob: none, sshd ends the connection when it reads this line.');
    assert.deepStrictEqual(
      findings(text, V103).map(([code, line]) => [code, line]),
      [
        ['sshd/missing-argument', 2],
        ['sshd/missing-argument', 4],
      ],
    );
  });

  test('in an included file: on the Include line', () => {
    const files = { 'x.conf': lines('ClientAliveInterval 30', 'Subsystem sftp', '') };
    const a = analysis('Include /etc/ssh/sshd_config.d/x.conf', V92, files);
    assert.deepStrictEqual(
      a.findings.map((f) => [f.code, f.span, f.message, f.related]),
      [
        [
          'sshd/missing-argument',
          { line: 0, start: 0, end: 7 },
          'sshd stops at x.conf line 2: Subsystem \'sftp\' has no command ("Missing subsystem command.").',
          [{ uri: 'file:///home/alice/.ssh/x.conf', span: { line: 1, start: 10, end: 14 }, message: 'sshd stops here: Missing subsystem command.' }],
        ],
      ],
    );
  });
});

describe('a file included from a Match block that does not apply at start', () => {
  const files = {
    'subsystem.conf': lines('# sftp for everyone', 'Subsystem sftp internal-sftp', ''),
    'ports.conf': lines('Match all', '  Port 2222', ''),
    'alive.conf': lines('ClientAliveInterval 30', ''),
  };
  const inc = (name: string) => `/etc/ssh/sshd_config.d/${name}`;
  const stops = (file: string, line: number, keyword: string, name = keyword) =>
    `sshd stops at ${file} line ${line}: Directive '${keyword}' is not allowed within a Match block (${file} is included from a Match block that does not apply when sshd starts, so every line of it is read as part of that block; ${name} applies to the whole server).`;

  test('a global-only keyword there stops sshd (sshd 9.2: "x.conf line 1: Directive \'Subsystem\' is not allowed within a Match block"), even in its Match all', () => {
    const text = lines('Match User bob', `  Include ${inc('subsystem.conf')}`, `  Include ${inc('ports.conf')}`, `  Include ${inc('alive.conf')}`);
    const a = analysis(text, V92, files);
    assert.deepStrictEqual(
      a.findings.map((f) => [f.code, f.span, f.message]),
      [
        ['sshd/include-problem', { line: 1, start: 2, end: 9 }, stops('subsystem.conf', 2, 'Subsystem')],
        ['sshd/include-problem', { line: 2, start: 2, end: 9 }, stops('ports.conf', 2, 'Port')],
      ],
    );
  });

  test('not from the global section or a Match all block, and not once the release allows the keyword in Match (Subsystem from 9.5)', () => {
    assert.deepStrictEqual(findings(lines(`Include ${inc('subsystem.conf')}`, 'Match all', `  Include ${inc('ports.conf')}`), V92, files), []);
    assert.deepStrictEqual(findings(lines('Match User bob', `  Include ${inc('subsystem.conf')}`), V95, files), []);
  });

  test('a Match line whose start the release number does not decide: sshd stops unless it holds', () => {
    const text = lines('Match Version OpenSSH_10.0p2', `  Include ${inc('subsystem.conf')}`);
    assert.deepStrictEqual(
      findings(text, withVersion(10, 0), { 'subsystem.conf': 'TCPKeepAlive no\n' }).map(([code, line, message]) => [code, line, message]),
      [
        [
          'sshd/include-problem',
          1,
          "sshd stops at subsystem.conf line 1 unless the Match line holds when sshd starts (which depends on the build's release string or patch level): Directive 'TCPKeepAlive' is not allowed within a Match block (subsystem.conf is included from a Match block that may not apply when sshd starts, so every line of it is read as part of that block; TCPKeepAlive applies to the whole server).",
        ],
      ],
    );
  });
});

describe('any line, any release: the analysis and every feature stay total', () => {
  const keywords = allSshServerKeywords().map((k) => k.name);
  const word = fc.constantFrom('#', '# c', '""', '"', '20', '10:30:100', '20:abc', 'none', 'yes', 'sftp', '/bin/x', 'all', 'User', 'bob', '=', '0077', '-1');
  const line = fc.oneof(
    fc
      .tuple(fc.constantFrom(...keywords, 'Match', 'Include', 'Subsystem', 'MaxStartups'), fc.array(word, { maxLength: 4 }))
      .map(([k, ws]) => [k, ...ws].join(' ')),
    fc.constantFrom('', '# comment', 'Match all', 'Match User bob', '  '),
  );
  const file = fc.array(line, { maxLength: 12 }).map((ls) => ls.join('\n'));
  const release = fc.constantFrom('9.2', '9.4', '9.5', '9.7', '10.0', '10.1', '10.3', '10.5');

  test('diagnostics, hover, code actions, lenses and hints never throw, and their ranges lie inside the document', () => {
    fc.assert(
      fc.property(file, file, release, (text, included, r) => {
        const s = service(withVersion(Number(r.split('.')[0]), Number(r.split('.')[1])), filesEnv({ 'x.conf': included }));
        const d = sshd(`${text}\nInclude /etc/ssh/x.conf\nMatch User bob\n  Include /etc/ssh/x.conf`);
        const diags = s.diagnostics(d);
        for (const x of diags) assert.ok(rangeInside(d, x.range), JSON.stringify(x));
        for (let l = 0; l < d.lineCount; l++) s.hover(d, { line: l, character: 1 });
        for (const a of s.codeActions(d, { start: { line: 0, character: 0 }, end: { line: d.lineCount, character: 0 } }, diags))
          for (const e of a.edit?.changes?.[d.uri] ?? []) assert.ok(rangeInside(d, e.range), JSON.stringify(e));
        for (const lens of s.codeLens(d)) assert.ok(rangeInside(d, lens.range));
        s.inlayHints(d, { start: { line: 0, character: 0 }, end: { line: d.lineCount, character: 0 } });
      }),
      { numRuns: 300 },
    );
  });
});
