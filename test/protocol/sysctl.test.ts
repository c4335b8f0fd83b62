/**
 * The bundled language server over stdio with sysctl documents (languageId `sysctl`).
 *
 *   node --import tsx --test test/protocol/sysctl.test.ts
 *
 * Every document lives under a fresh temporary root (`<tmp>/etc/sysctl.d/...`), so the server reads
 * that tree for the rest of the set and never this machine's /etc/sysctl.d. The client does not
 * claim workspace.configuration; initializationOptions pin the path idle timeout to 300 s.
 * Each wait is for a notification, with a timeout: no sleeps.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import {
  CodeLensRequest,
  type CompletionList,
  CompletionRequest,
  type Diagnostic,
  DidChangeTextDocumentNotification,
  ExecuteCommandRequest,
  InlayHintRequest,
} from 'vscode-languageserver-protocol/node';
import { applyAction, ensureBundle, LspSession, README, range, SHOW_TIMELINE, span, tempTree, uriOf } from './lsp';

const INIT = { settings: { network: { idleTimeout: 300 }, ssh: { version: '9.2' } } };

const TIME = 'net.ipv4.tcp_keepalive_time';
const INTVL = 'net.ipv4.tcp_keepalive_intvl';
const PROBES = 'net.ipv4.tcp_keepalive_probes';

/** The keepalive article's "aggressive" values pasted with their shell comment: 60 + 6 × 10 = 120 s. */
const ARTICLE = [
  '# pasted from the keepalive article', // 0
  `${TIME}=60 # 1 minute`, //               1  key 0..27, value 28..41, `# 1 minute` 31..41
  `${INTVL}=10`, //                         2  key 0..28, value 29..31
  `${PROBES}=6`, //                         3  key 0..29, value 30..31
  'net.ipv4.tcp_retries2 = 8', //           4  key 0..21, value 24..25
  '',
].join('\n');

/** 60 + 6 × 10 = 120 s. */
const KEEPALIVE_120 = 'idle peer declared dead after 2 min (60 s + 6 × 10 s)';
/** (2^9 - 1) × 0.2 = 102.2 s. */
const RETRIES_8 = 'stalled send gives up after 1 min 42.2 s (tcp_retries2 = 8)';

const MOVE_COMMENT = {
  kind: 'replace',
  title: 'Move the comment onto its own line',
  span: { line: 1, start: 0, end: 41 },
  text: `# 1 minute\n${TIME}=60`,
  preferred: true,
};

const INLINE: Diagnostic = {
  range: span(1, 31, 41),
  severity: 2,
  code: 'sysctl/inline-comment',
  codeDescription: { href: `${README}#sysctl-inline-comment` },
  source: 'keepalive-lens',
  message:
    '`# 1 minute` is not a comment: the loader writes `60 # 1 minute` to the kernel, which reads 60 and ignores the rest. Put comments on their own line.',
  data: { fixes: [MOVE_COMMENT] },
};

describe('keepalive-language-server over stdio: sysctl', () => {
  let s: LspSession;
  const roots: string[] = [];

  before(async () => {
    await ensureBundle();
    s = await LspSession.start({ initializationOptions: INIT });
  });

  after(() => {
    s?.kill();
    for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
  });

  describe('one file: the article pasted into /etc/sysctl.d', () => {
    let uri: string;

    before(() => {
      const root = tempTree({});
      roots.push(root);
      uri = uriOf(root, 'etc/sysctl.d/60-keepalive.conf');
    });

    it('didOpen: exactly the inline-comment warning', async () => {
      assert.deepStrictEqual(await s.open(uri, ARTICLE, 'sysctl'), { uri, version: 1, diagnostics: [INLINE] });
    });

    it('codeLens: one per outcome, above the first line that feeds it', async () => {
      const lens = (line: number, end: number, title: string) => ({
        range: span(line, 0, end),
        command: { title, command: SHOW_TIMELINE, arguments: [uri, line] },
      });
      assert.deepStrictEqual(await s.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri } }), [lens(1, 27, KEEPALIVE_120), lens(4, 21, RETRIES_8)]);
    });

    it('hover on the pasted key: documentation, the 60 the kernel reads, the timeline', async () => {
      const { range: r, sections: parts } = await s.hoverSections(uri, { line: 1, character: 5 });
      assert.deepStrictEqual(r, span(1, 0, 27));
      assert.equal(parts.length, 3);
      // The keyword line and the value the kernel reads first, the documentation below.
      assert.equal(parts[0], `**${TIME}** \`seconds, -8589934..8589934\`\n\nEffective: **60**, from this line.`);
      assert.ok(parts[1].startsWith('How long a connection with SO_KEEPALIVE must be idle'), parts[1]);
      assert.ok(parts[2].startsWith(`### sysctl settings\n\n**${KEEPALIVE_120}**\n\nComputed for the files in load order: 60-keepalive.conf.`), parts[2]);
      // Probes at 60, 70, ..., 110 s; dead at 120 s.
      assert.ok(parts[2].includes('| 1 min 50 s | keepalive probe 6 of 6 (unanswered) |\n| 2 min | no answer to the last probe'), parts[2]);
    });

    it('inlay hints: after the number the kernel reads', async () => {
      assert.deepStrictEqual(await s.conn.sendRequest(InlayHintRequest.type, { textDocument: { uri }, range: range(0, 0, 5, 0) }), [
        { position: { line: 1, character: 30 }, label: '= 1 min', paddingLeft: true },
        { position: { line: 3, character: 31 }, label: '× 10 s = 1 min', paddingLeft: true },
        { position: { line: 4, character: 25 }, label: 'gives up after 1 min 42.2 s', paddingLeft: true },
      ]);
    });

    it('codeAction: the comment moves onto its own line, nothing is lost', async () => {
      const actions = await s.codeActions(uri, INLINE);
      assert.deepStrictEqual(actions, [
        {
          title: 'Move the comment onto its own line',
          kind: 'quickfix',
          diagnostics: [INLINE],
          isPreferred: true,
          edit: { changes: { [uri]: [{ range: span(1, 0, 41), newText: `# 1 minute\n${TIME}=60` }] } },
        },
      ]);
      assert.equal(
        applyAction(ARTICLE, uri, actions[0]),
        ['# pasted from the keepalive article', '# 1 minute', `${TIME}=60`, `${INTVL}=10`, `${PROBES}=6`, 'net.ipv4.tcp_retries2 = 8', ''].join('\n'),
      );
    });

    it('completion after `=`: interval values and what each comes to with time 60 and 6 probes', async () => {
      const list = (await s.conn.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 2, character: 29 } })) as CompletionList;
      const item = (label: string, detail: string, sortText: string) => ({
        label,
        kind: 12,
        detail,
        sortText,
        textEdit: { range: span(2, 29, 31), newText: label },
      });
      assert.deepStrictEqual(list, {
        isIncomplete: false,
        items: [
          item('10', 'probes 10 s apart; idle peer dead after 2 min', '00'),
          item('15', 'probes 15 s apart; idle peer dead after 2 min 30 s', '01'),
          item('30', 'probes 30 s apart; idle peer dead after 4 min', '02'),
          item('75', 'probes 1 min 15 s apart; idle peer dead after 8 min 30 s; the kernel default', '03'),
        ],
      });
    });

    it('completion of a key: the dotted prefix is replaced', async () => {
      const list = (await s.conn.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 5, character: 0 } })) as CompletionList;
      const first = list.items[0];
      assert.equal(first.label, TIME);
      assert.deepStrictEqual(first.textEdit, { range: span(5, 0, 0), newText: `${TIME} = ` });
    });

    it('the timeline command answers with the set timeline', async () => {
      const got = (await s.conn.sendRequest(ExecuteCommandRequest.type, { command: SHOW_TIMELINE, arguments: [uri, 0] })) as { markdown: string; text: string };
      assert.ok(got, 'a result');
      assert.deepStrictEqual(got.text.split('\n').slice(0, 2), [
        `sysctl settings: ${KEEPALIVE_120}`,
        '  computed for the files in load order: 60-keepalive.conf',
      ]);
      assert.ok(got.markdown.startsWith(`### sysctl settings\n\n**${KEEPALIVE_120}**`), got.markdown);
    });
  });

  describe('a set of two files on disk: editing one republishes the other', () => {
    let a: string;
    let b: string;
    const textA = [`${TIME} = 600`, `${INTVL} = 30`, `${PROBES} = 5`, ''].join('\n');
    const textB = [`${TIME} = 300`, ''].join('\n');

    const overridden: Diagnostic = {
      range: span(0, 0, 27),
      severity: 3,
      code: 'sysctl/overridden',
      codeDescription: { href: `${README}#sysctl-overridden` },
      source: 'keepalive-lens',
      message: `20-b.conf (read later) sets ${TIME} = 300 on line 1; this line has no effect.`,
      tags: [1],
      data: { fixes: [] },
      relatedInformation: [{ location: { uri: '', range: span(0, 0, 27) }, message: 'the assignment that counts' }],
    };

    before(() => {
      const root = tempTree({ 'etc/sysctl.d/10-a.conf': textA, 'etc/sysctl.d/20-b.conf': textB });
      roots.push(root);
      a = uriOf(root, 'etc/sysctl.d/10-a.conf');
      b = uriOf(root, 'etc/sysctl.d/20-b.conf');
      overridden.relatedInformation = [{ location: { uri: b, range: span(0, 0, 27) }, message: 'the assignment that counts' }];
    });

    it('10-a (read first): its tcp_keepalive_time is overridden by 20-b, read from disk', async () => {
      assert.deepStrictEqual(await s.open(a, textA, 'sysctl'), { uri: a, version: 1, diagnostics: [overridden] });
    });

    it('opening 20-b: nothing for it (the set has all three keys); 10-a is published again, unchanged', async () => {
      const againA = s.nextDiagnostics(a);
      assert.deepStrictEqual(await s.open(b, textB, 'sysctl'), { uri: b, version: 1, diagnostics: [] });
      assert.deepStrictEqual(await againA, { uri: a, version: 1, diagnostics: [overridden] });
    });

    it('removing the line from the open 20-b (unsaved): 10-a loses sysctl/overridden and now sets the time itself', async () => {
      // 10-a is also republished (unchanged) by the timers of the opens above; the one that follows the edit is the
      // first without sysctl/overridden.
      const republishedA = s.nextDiagnostics(a, (p) => !p.diagnostics.some((d) => d.code === 'sysctl/overridden'));
      const republishedB = s.nextDiagnostics(b, (p) => p.version === 2);
      await s.conn.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri: b, version: 2 },
        contentChanges: [{ range: span(0, 0, 33), text: '# moved to 10-a' }],
      });
      assert.deepStrictEqual(await republishedB, { uri: b, version: 2, diagnostics: [] });
      // 600 s is now the effective time, above the 300 s idle timeout; the fix suggests 0.75 × 300 = 225 s.
      assert.deepStrictEqual(await republishedA, {
        uri: a,
        version: 1,
        diagnostics: [
          {
            range: span(0, 30, 33),
            severity: 2,
            code: 'sysctl/keepalive-time-above-idle-timeout',
            codeDescription: { href: `${README}#sysctl-keepalive-time-above-idle-timeout` },
            source: 'keepalive-lens',
            message:
              "The first keepalive probe leaves after 10 min, later than the path's idle timeout (5 min, setting keepaliveLens.network.idleTimeout): by then a NAT or firewall has dropped the idle connection.",
            data: { fixes: [{ kind: 'replace', title: 'Set tcp_keepalive_time to 225', span: { line: 0, start: 30, end: 33 }, text: '225', preferred: true }] },
          },
        ],
      });
      // The lens of 10-a follows: 600 + 5 × 30 = 750 s.
      const lenses = await s.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri: a } });
      assert.equal(lenses?.[0].command?.title, 'idle peer declared dead after 12 min 30 s (600 s + 5 × 30 s)');
    });

    it('no request failed on the server', () => {
      assert.deepStrictEqual(s.errorLogs(), []);
      assert.ok(s.alive);
    });
  });
});
