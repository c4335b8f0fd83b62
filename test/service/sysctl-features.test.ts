/**
 * sysctl features at the service boundary: CodeLens, hover, inlay hints, completion, document
 * symbols, folding ranges and the timeline command, each result compared whole.
 *
 *   node --import tsx --test test/service/sysctl-features.test.ts
 *
 * Every duration is derived from the formulas (semantics.md section 3): keepalive death at
 * time + intvl × probes; tcp_retries2 N <= 9: (2^(N+1) - 1) × 0.2 s, N > 9: 204.6 + (N - 9) × 120 s;
 * SYN retries n with L linear timeouts: L + 1 waits of 1 s, then 2, 4, ... 2^n s.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CodeLens, CompletionItem, MarkupContent } from 'vscode-languageserver-types';
import { SHOW_TIMELINE } from '../../server/src/service';
import { fixture, lines, range } from '../fixtures';
import { plain, rangeOf, SYSCTL_URI, sysctlDoc, sysctlService } from '../sysctlFixtures';

const TIME = 'net.ipv4.tcp_keepalive_time';
const INTVL = 'net.ipv4.tcp_keepalive_intvl';
const PROBES = 'net.ipv4.tcp_keepalive_probes';

/** The article's values plus tcp_retries2 8 and tcp_syn_retries 3 (one line each, the comment first). */
const FILE = lines(
  '# keepalive for long-lived connections', // 0
  `${TIME} = 300`, //                          1  key 0..27, value 30..33
  `${INTVL} = 30`, //                          2  key 0..28, value 31..33
  `${PROBES} = 5`, //                          3  key 0..29, value 32..33
  'net.ipv4.tcp_retries2 = 8', //              4  key 0..21, value 24..25
  'net.ipv4.tcp_syn_retries = 3', //           5  key 0..24, value 27..28
  '',
);

/** 300 + 5 × 30 = 450 s. */
const KEEPALIVE_450 = 'idle peer declared dead after 7 min 30 s (300 s + 5 × 30 s)';
/** (2^9 - 1) × 0.2 = 102.2 s. */
const RETRIES_8 = 'stalled send gives up after 1 min 42.2 s (tcp_retries2 = 8)';
/** 4 + 1 waits of 1 s, then 2, 4 and 8 s: 19 s. */
const SYN_3 = 'connect gives up after 19 s (tcp_syn_retries = 3 + 4 linear)';

function lens(line: number, end: number, title: string, uri = SYSCTL_URI): CodeLens {
  return { range: range(line, 0, end), command: { title, command: SHOW_TIMELINE, arguments: [uri, line] } };
}

describe('CodeLens', () => {
  test('a negative tcp_keepalive_time (accepted by the kernel) means no probe in practice, not an earlier one', () => {
    const text = lines(`${TIME} = -5`, `${INTVL} = 30`, `${PROBES} = 5`);
    const s = sysctlService();
    const doc = sysctlDoc(text);
    assert.ok(!s.codeLens(doc)[0]?.command?.title.startsWith('idle peer declared dead after 2 min 25 s'), s.codeLens(doc)[0]?.command?.title);
    assert.deepStrictEqual(
      s.diagnostics(doc).filter((d) => d.code === 'sysctl/aggressive-keepalive'),
      [],
    );
  });

  test('one lens per outcome, above the first line that feeds it (not one per line: adjacent lines would repeat it)', () => {
    assert.deepStrictEqual(sysctlService().codeLens(sysctlDoc(FILE)), [lens(1, 27, KEEPALIVE_450), lens(4, 21, RETRIES_8), lens(5, 24, SYN_3)]);
  });

  test('nothing set: the kernel defaults (7200 + 9 × 75 = 7875 s; tcp_retries2 15: 204.6 + 6 × 120 = 924.6 s)', () => {
    assert.deepStrictEqual(sysctlService().codeLens(sysctlDoc(lines('# nothing yet', 'vm.swappiness = 10'))), [
      lens(0, 0, 'idle peer declared dead after 2 h 11 min 15 s (7200 s + 9 × 75 s, kernel defaults)'),
      lens(0, 0, 'stalled send gives up after 15 min 24.6 s (tcp_retries2 = 15)'),
    ]);
  });

  test('tcp_syn_retries 6 with the default 4 linear timeouts: 5 × 1 + 2 + 4 + 8 + 16 + 32 + 64 = 131 s; without them 127 s', () => {
    assert.deepStrictEqual(
      sysctlService().codeLens(sysctlDoc(lines('# syn', 'net.ipv4.tcp_syn_retries = 6')))[2],
      lens(1, 24, 'connect gives up after 2 min 11 s (tcp_syn_retries = 6 + 4 linear)'),
    );
    assert.deepStrictEqual(
      sysctlService()
        .codeLens(sysctlDoc(lines('# syn', 'net.ipv4.tcp_syn_retries = 6', 'net.ipv4.tcp_syn_linear_timeouts = 0')))
        .slice(2),
      [lens(1, 24, 'connect gives up after 2 min 7 s (tcp_syn_retries = 6)')],
    );
  });

  test('tcp_rto_max_ms 1000 caps both backoffs: tcp_retries2 15 gives up after 7 × 0.2 + 13 × 1 = 14.4 s, a connect after 1 + 6 × 1 = 7 s', () => {
    // The line feeds two outcomes (OUTCOME_KEYS): both lenses sit above it.
    assert.deepStrictEqual(sysctlService().codeLens(sysctlDoc(lines('# fast', 'net.ipv4.tcp_rto_max_ms = 1000'))), [
      lens(0, 0, 'idle peer declared dead after 2 h 11 min 15 s (7200 s + 9 × 75 s, kernel defaults)'),
      lens(1, 23, 'stalled send gives up after 14.4 s (tcp_retries2 = 15)'),
      lens(1, 23, 'connect gives up after 7 s (tcp_syn_retries = 6 + 4 linear)'),
    ]);
  });

  test('the values of the whole set: a later file wins, its lens counts with it', () => {
    const a = 'file:///etc/sysctl.d/10-a.conf';
    const b = 'file:///etc/sysctl.d/20-b.conf';
    const textA = lines('# a', `${TIME} = 600`, `${INTVL} = 30`, `${PROBES} = 5`);
    const s = sysctlService({ [a]: textA, [b]: lines(`${TIME} = 300`) });
    // 300 (from 20-b) + 5 × 30 = 450 s, on 10-a's lines too.
    assert.deepStrictEqual(s.codeLens(sysctlDoc(textA, a)), [
      lens(0, 0, 'stalled send gives up after 15 min 24.6 s (tcp_retries2 = 15)', a),
      lens(1, 27, KEEPALIVE_450, a),
    ]);
  });

  test('a masked file gets only the outcomes at the top (its lines are not read)', () => {
    const vendor = 'file:///usr/lib/sysctl.d/60-keepalive.conf';
    const mine = 'file:///etc/sysctl.d/60-keepalive.conf';
    const s = sysctlService({ [vendor]: lines('# old', `${TIME} = 3600`), [mine]: lines(`${TIME} = 300`, `${INTVL} = 30`, `${PROBES} = 5`) });
    assert.deepStrictEqual(s.codeLens(sysctlDoc(lines('# old', `${TIME} = 3600`), vendor)), [
      lens(0, 0, KEEPALIVE_450, vendor),
      lens(0, 0, 'stalled send gives up after 15 min 24.6 s (tcp_retries2 = 15)', vendor),
    ]);
  });

  test('a keepalive key on the first line does not repeat the top lens title on the same line', () => {
    const titles = sysctlService()
      .codeLens(sysctlDoc(lines(`${TIME} = 300`, `${INTVL} = 30`, `${PROBES} = 5`)))
      .filter((l) => l.range.start.line === 0)
      .map((l) => l.command?.title);
    assert.deepStrictEqual(titles, [...new Set(titles)]);
  });
});

/**
 * The hover markdown split into its parts: the keyword line, the effective value (the two share the first section,
 * so the value is seen without scrolling), the documentation, the timeline.
 */
function hoverParts(text: string, at: string, files: Record<string, string> = {}, uri = SYSCTL_URI) {
  const { text: t, position } = fixture(at);
  assert.equal(t, text, 'the cursor fixture is the text with a | marker');
  const h = sysctlService({ ...files, [uri]: text }).hover(sysctlDoc(text, uri), position);
  if (!h) return null;
  const c = h.contents as MarkupContent;
  assert.equal(c.kind, 'markdown');
  const sections = c.value.split('\n\n---\n\n');
  const [title, ...value] = sections.length > 1 ? sections[0].split('\n\n') : [sections[0]];
  return { range: h.range, parts: [title, ...(value.length ? [value.join('\n\n')] : []), ...sections.slice(1)] };
}

/** The timeline of FILE, as markdown, from the formulas. */
const FILE_TIMELINE_MARKDOWN = [
  '### sysctl settings',
  '',
  `**${KEEPALIVE_450}**`,
  '',
  'Computed for the files in load order: 60-keepalive.conf.',
  '',
  '| after the last data from the peer | what happens |',
  '|---|---|',
  '| 5 min | keepalive probe 1 of 5 (unanswered) |',
  '| 5 min 30 s | keepalive probe 2 of 5 (unanswered) |',
  '| 6 min | keepalive probe 3 of 5 (unanswered) |',
  '| 6 min 30 s | keepalive probe 4 of 5 (unanswered) |',
  '| 7 min | keepalive probe 5 of 5 (unanswered) |',
  '| 7 min 30 s | no answer to the last probe: the connection is reset, the application sees ETIMEDOUT |',
  '',
  '| value | from |',
  '|---|---|',
  `| tcp_keepalive_time = \`300\` | line 2 (${TIME} = 300) |`,
  `| tcp_keepalive_intvl = \`30\` | line 3 (${INTVL} = 30) |`,
  `| tcp_keepalive_probes = \`5\` | line 4 (${PROBES} = 5) |`,
  '| tcp_retries2 = `8` | line 5 (net.ipv4.tcp_retries2 = 8) |',
  '| tcp_syn_retries = `3` | line 6 (net.ipv4.tcp_syn_retries = 3) |',
  '| tcp_syn_linear_timeouts = `4` | kernel default (4) |',
  '| tcp_rto_max_ms = `120000` | kernel default (120000) |',
  '| nf_conntrack_tcp_timeout_established = `432000` | kernel default (432000) |',
  '',
  '- Unacknowledged data (a stalled send) gives up after 1 min 42.2 s (tcp_retries2 = 8): tcp_retries2 = 8, RTO from 200 ms doubling up to 2 min; keepalive does not run while data is unacknowledged.',
  '- connect() gives up after 19 s (tcp_syn_retries = 3 + 4 linear).',
  '- Keepalive runs only on sockets that enable SO_KEEPALIVE; per-socket TCP_KEEPIDLE, TCP_KEEPINTVL and TCP_KEEPCNT override these values, and TCP_USER_TIMEOUT replaces the probe count and tcp_retries2.',
  '- These values are per network namespace: a container starts from the kernel defaults, not from the host.',
].join('\n');

describe('hover', () => {
  test('on a keepalive key: the documentation, the effective value and its origin, the whole timeline', () => {
    const h = hoverParts(FILE, FILE.replace(`${TIME} = 300`, `net.ipv4.tcp_keep|alive_time = 300`));
    assert.ok(h);
    assert.deepStrictEqual(h.range, range(1, 0, 27));
    assert.equal(h.parts.length, 4);
    assert.equal(h.parts[0], `**${TIME}** \`seconds, -8589934..8589934\``);
    assert.equal(h.parts[1], 'Effective: **300**, from this line.');
    assert.ok(h.parts[2].startsWith('How long a connection with SO_KEEPALIVE must be idle before the kernel sends the first keepalive probe.\n\n'), h.parts[2]);
    assert.ok(h.parts[2].includes('(defaults: 7200 + 75 × 9 = 7875 s, 2 h 11 min 15 s)'), h.parts[2]);
    assert.ok(h.parts[2].endsWith('\n\nDefault: `7200`'), h.parts[2]);
    assert.equal(h.parts[3], FILE_TIMELINE_MARKDOWN);
  });

  test('on the value: the range is the value', () => {
    const h = hoverParts(FILE, FILE.replace(`${PROBES} = 5`, `${PROBES} = |5`));
    assert.ok(h);
    assert.deepStrictEqual(h.range, range(3, 32, 33));
    assert.equal(h.parts[1], 'Effective: **5**, from this line.');
    assert.equal(h.parts[3], FILE_TIMELINE_MARKDOWN);
  });

  test('what the kernel really sets: octal 010 is 8, `60 # 1 minute` is 60, a vector prints with spaces', () => {
    const text = lines(`${INTVL} = 010`, `${TIME}=60 # 1 minute`, 'net.ipv4.tcp_rmem = 4096\t131072   6291456');
    assert.equal(hoverParts(text, text.replace(`${INTVL} = 010`, `${INTVL} = 0|10`))?.parts[1], 'Effective: **8**, from this line.');
    assert.equal(hoverParts(text, text.replace(`${TIME}=60`, `${TIME}=|60`))?.parts[1], 'Effective: **60**, from this line.');
    const rmem = hoverParts(text, text.replace('net.ipv4.tcp_rmem', 'net.ipv4.tcp_|rmem'));
    assert.ok(rmem);
    // Not a keepalive key: documentation and value, no timeline.
    assert.equal(rmem.parts.length, 3);
    assert.equal(rmem.parts[0], '**net.ipv4.tcp_rmem** `3 integers (bytes), each 1..2147483647`');
    assert.equal(rmem.parts[1], 'Effective: **4096 131072 6291456**, from this line.');
  });

  test('a rejected value: the key keeps the default of a new namespace', () => {
    const text = lines(`${TIME} = 300s`);
    assert.equal(
      hoverParts(text, `net.ipv4.|tcp_keepalive_time = 300s`)?.parts[1],
      'Rejected by the kernel; the key keeps its previous value (in a new network namespace: **7200**).',
    );
  });

  test('an overridden line names the line that counts and the load order', () => {
    const a = 'file:///etc/sysctl.d/10-a.conf';
    const b = 'file:///usr/lib/sysctl.d/20-b.conf';
    const textA = lines(`${TIME} = 600`);
    const h = hoverParts(textA, `|${TIME} = 600`, { [b]: lines('# vendor', `${TIME} = 300`) }, a);
    assert.ok(h);
    assert.deepStrictEqual(h.range, range(0, 0, 27));
    assert.equal(h.parts[1], 'Overridden: 20-b.conf line 2 sets `300`, read later.\n\nLoad order (systemd-sysctl): `10-a.conf`, `20-b.conf`.');
    // The timeline is the set's: 300 from 20-b, intvl and probes at their defaults: 300 + 9 × 75 = 975 s.
    assert.ok(
      h.parts[3].startsWith(
        '### sysctl settings\n\n**idle peer declared dead after 16 min 15 s (300 s + 9 × 75 s)**\n\nComputed for the files in load order: 10-a.conf, 20-b.conf.',
      ),
      h.parts[3],
    );
    assert.ok(h.parts[3].includes(`| tcp_keepalive_time = \`300\` | 20-b.conf line 2 (${TIME} = 300) |`), h.parts[3]);
  });

  test('globs and exclusions', () => {
    const text = lines('net.ipv4.conf.*.rp_filter = 2', '-net.ipv4.conf.lo.rp_filter');
    assert.deepStrictEqual(hoverParts(text, text.replace('conf.*', 'co|nf.*')), {
      range: range(0, 0, 25),
      parts: ['A glob: sets every existing key it matches that has no entry of its own.'],
    });
    const excl = hoverParts(text, text.replace('-net.ipv4.conf.lo', '-net.ipv4.conf.l|o'));
    assert.ok(excl);
    assert.deepStrictEqual(excl.range, range(1, 1, 27));
    assert.equal(excl.parts[1], 'Cancels earlier assignments of `net.ipv4.conf.lo.rp_filter` and keeps glob assignments off it: the key is left as it is.');
  });

  test('nothing off the tokens: a comment, a blank line, the indentation, past the value, an invalid line', () => {
    const text = lines('# c', '', `  ${TIME} = 300  `, 'garbage');
    const s = sysctlService();
    const doc = sysctlDoc(text);
    for (const position of [
      { line: 0, character: 1 },
      { line: 1, character: 0 },
      { line: 2, character: 1 },
      { line: 2, character: 36 },
      { line: 3, character: 2 },
    ]) {
      assert.equal(s.hover(doc, position), null, JSON.stringify(position));
    }
  });

  test('a key the kernel does not have sets nothing: the hover does not claim an effective value', () => {
    const text = lines('net.ipv4.tcp_keepalive_tme = 5');
    const h = hoverParts(text, 'net.ipv4.tcp_keepalive_t|me = 5');
    assert.ok(!h?.parts.some((p) => p.startsWith('Effective:')), JSON.stringify(h?.parts));
    const bom = `\uFEFF${TIME} = 300`;
    const hb = hoverParts(bom, `\uFEFFnet.ipv4.tcp_keep|alive_time = 300`);
    assert.ok(!hb?.parts.some((p) => p.startsWith('Effective:')), JSON.stringify(hb?.parts));
  });
});

describe('inlay hints', () => {
  const all = { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } };
  const hint = (line: number, character: number, label: string) => ({ position: { line, character }, label, paddingLeft: true });
  /** The hints of a text, without undefined fields (they do not travel over the wire). */
  const hintsOf = (text: string, r = all) => plain(sysctlService().inlayHints(sysctlDoc(text), r));
  /** The character right after the nth `needle` on a line. */
  const after = (text: string, line: number, needle: string) => rangeOf(text, line, needle).end.character;

  test('durations after the values, right after the number', () => {
    const text = lines(
      `${TIME} = 300`, //                                                   0 value 30..33
      `${INTVL} = 30`, //                                                   1 under a minute: nothing
      `${PROBES} = 5`, //                                                   2 5 × 30 s = 150 s
      'net.ipv4.tcp_retries2 = 8', //                                       3 102.2 s
      'net.ipv4.tcp_syn_retries = 3', //                                    4 19 s
      'net.ipv4.tcp_fin_timeout = 30', //                                   5 nothing
      'net.netfilter.nf_conntrack_tcp_timeout_established = 86400', //      6 one day
      'net.ipv4.tcp_rmem = 4096 131072 6291456', //                         7 a vector: nothing
      'vm.swappiness = 10', //                                              8 not ours
    );
    assert.deepStrictEqual(hintsOf(text), [
      hint(0, after(text, 0, '300'), '= 5 min'),
      hint(2, after(text, 2, '5'), '× 30 s = 2 min 30 s'),
      hint(3, after(text, 3, '8'), 'gives up after 1 min 42.2 s'),
      hint(4, after(text, 4, '3'), 'connect gives up after 19 s'),
      hint(6, after(text, 6, '86400'), '= 1 d'),
    ]);
  });

  test('after the number the kernel reads, not after the text it ignores', () => {
    const text = lines(`${TIME}=60 # 1 minute`, `${TIME.replace('time', 'intvl')} = 300 600`, 'net.ipv4.tcp_rto_max_ms = 060000');
    assert.deepStrictEqual(hintsOf(text), [
      hint(0, after(text, 0, '=60'), '= 1 min'),
      hint(1, after(text, 1, '300'), '= 5 min'),
      // 060000 is octal: 24576 ms.
      hint(2, after(text, 2, '060000'), '= 24.6 s'),
    ]);
  });

  test('tcp_retries2 follows tcp_rto_max_ms; the requested range limits the lines', () => {
    const text = lines('net.ipv4.tcp_rto_max_ms = 1000', 'net.ipv4.tcp_retries2 = 15', `${TIME} = 7200`);
    assert.deepStrictEqual(hintsOf(text), [
      hint(0, after(text, 0, '1000'), '= 1 s'),
      hint(1, after(text, 1, '15'), 'gives up after 14.4 s'),
      hint(2, after(text, 2, '7200'), '= 2 h'),
    ]);
    assert.deepStrictEqual(hintsOf(text, { start: { line: 1, character: 0 }, end: { line: 1, character: 5 } }), [
      hint(1, after(text, 1, '15'), 'gives up after 14.4 s'),
    ]);
  });

  test('no hint for a rejected value', () => {
    assert.deepStrictEqual(hintsOf(lines(`${TIME} = 300s`, `${PROBES} = 256`)), []);
  });
});

/** Completion at the | of a one-document fixture. */
function complete(at: string, files: Record<string, string> = {}) {
  const { text, position } = fixture(at);
  return sysctlService({ ...files, [SYSCTL_URI]: text }).completion(sysctlDoc(text), position);
}

/** Completion items without their documentation (checked separately). */
const bare = (items: CompletionItem[]) => items.map(({ documentation: _d, ...rest }) => rest);

describe('completion', () => {
  test('keys: the keepalive family first, the edit replaces the dotted prefix and adds " = "', () => {
    const list = complete('net.ipv4.tcp_kee|');
    const edit = (name: string) => ({ range: range(0, 0, 16), newText: `${name} = ` });
    assert.deepStrictEqual(bare(list.items.slice(0, 3)), [
      { label: TIME, kind: 10, detail: 'seconds, -8589934..8589934', sortText: `0${TIME}`, textEdit: edit(TIME) },
      { label: INTVL, kind: 10, detail: 'seconds, -8589934..8589934', sortText: `0${INTVL}`, textEdit: edit(INTVL) },
      { label: PROBES, kind: 10, detail: '0..255', sortText: `0${PROBES}`, textEdit: edit(PROBES) },
    ]);
    const doc = list.items[0].documentation as MarkupContent;
    assert.equal(doc.kind, 'markdown');
    assert.ok(doc.value.startsWith(`**${TIME}** \`seconds, -8589934..8589934\``), doc.value);
    // Every item edits the same range; names are unique.
    assert.deepStrictEqual(
      [...new Set(list.items.map((i) => JSON.stringify(i.textEdit && 'range' in i.textEdit ? i.textEdit.range : null)))],
      [JSON.stringify(range(0, 0, 16))],
    );
    assert.equal(new Set(list.items.map((i) => i.label)).size, list.items.length);
    // Catalog keys sort first (keepalive family 0, others 1) with their documentation; names only the kernel lists
    // come last (2) without any.
    const groups = new Map<string, boolean>();
    for (const i of list.items) groups.set(`${i.sortText?.[0]}:${i.documentation !== undefined}`, true);
    assert.deepStrictEqual([...groups.keys()].sort(), ['0:true', '1:true', '2:false']);
  });

  test('keys: slashes are part of the prefix; indentation and a `-` stay; an existing = means no suffix', () => {
    assert.deepStrictEqual((complete('net/ipv4/tcp_kee|').items[0].textEdit as { range: unknown }).range, range(0, 0, 16));
    assert.deepStrictEqual(complete('  -net.ipv4.tcp_kee|p = 5').items[0].textEdit, { range: range(0, 3, 20), newText: TIME });
    assert.deepStrictEqual(complete('\tnet.ipv4.tcp_keepalive_time|').items[0].textEdit, { range: range(0, 1, 28), newText: `${TIME} = ` });
  });

  test('nothing in a comment', () => {
    assert.deepStrictEqual(complete('# net.ipv4.tcp_kee|'), { isIncomplete: false, items: [] });
    assert.deepStrictEqual(complete('  ; x = |'), { isIncomplete: false, items: [] });
  });

  test('tcp_keepalive_time values: what each comes to with the file intvl 30 and probes 5 (t + 150 s)', () => {
    const list = complete(lines(`${TIME} = |`, `${INTVL} = 30`, `${PROBES} = 5`));
    const item = (label: string, detail: string, sortText: string) => ({
      label,
      kind: 12,
      detail,
      sortText,
      textEdit: { range: range(0, 30, 30), newText: label },
    });
    assert.deepStrictEqual(list, {
      isIncomplete: false,
      items: [
        item('60', 'first probe after 1 min; idle peer dead after 3 min 30 s', '00'),
        item('120', 'first probe after 2 min; idle peer dead after 4 min 30 s', '01'),
        item('300', 'first probe after 5 min; idle peer dead after 7 min 30 s', '02'),
        item('600', 'first probe after 10 min; idle peer dead after 12 min 30 s', '03'),
        item('7200', 'the kernel default', '90'),
      ],
    });
  });

  test('tcp_keepalive_probes values with 300 / 30 from the file: 300 + n × 30', () => {
    const list = complete(lines(`${TIME} = 300`, `${INTVL} = 30`, `${PROBES} = |`));
    assert.deepStrictEqual(
      list.items.map((i) => [i.label, i.detail]),
      [
        ['3', 'idle peer dead after 6 min 30 s'],
        ['5', 'idle peer dead after 7 min 30 s'],
        ['6', 'idle peer dead after 8 min'],
        ['9', 'idle peer dead after 9 min 30 s; the kernel default'],
      ],
    );
  });

  test('tcp_keepalive_intvl values with the kernel defaults for the rest: 7200 + 9 × i', () => {
    assert.deepStrictEqual(
      complete(`${INTVL}=|`).items.map((i) => [i.label, i.detail]),
      [
        ['10', 'probes 10 s apart; idle peer dead after 2 h 1 min 30 s'],
        ['15', 'probes 15 s apart; idle peer dead after 2 h 2 min 15 s'],
        ['30', 'probes 30 s apart; idle peer dead after 2 h 4 min 30 s'],
        ['75', 'probes 1 min 15 s apart; idle peer dead after 2 h 11 min 15 s; the kernel default'],
      ],
    );
  });

  test('tcp_retries2 values: 5 -> 12.6 s, 8 -> 102.2 s, 10 -> 324.6 s, 15 -> 924.6 s', () => {
    assert.deepStrictEqual(
      complete('net.ipv4.tcp_retries2 = |').items.map((i) => [i.label, i.detail]),
      [
        ['5', 'a stalled send gives up after 12.6 s'],
        ['8', 'a stalled send gives up after 1 min 42.2 s'],
        ['10', 'a stalled send gives up after 5 min 24.6 s'],
        ['15', 'a stalled send gives up after 15 min 24.6 s; the kernel default'],
      ],
    );
  });

  // connect() stops at n + L retransmissions or once (2^(n+1) - 1) s have passed, whichever comes first (measured,
  // see model/formulas.ts synTimeout): with L = 4, n = 2 stops at 7 s (1+1+1+1+1+2), n = 3 at 19 s, n = 4 at 35 s,
  // n = 6 at 131 s; with L = 0 the exponential 7, 15, 31 and 127 s.
  test('tcp_syn_retries values with 4 linear timeouts: 7, 19, 35 and 131 s; with 0: 7, 15, 31 and 127 s', () => {
    assert.deepStrictEqual(
      complete('net.ipv4.tcp_syn_retries = |').items.map((i) => [i.label, i.detail]),
      [
        ['2', 'connect gives up after 7 s'],
        ['3', 'connect gives up after 19 s'],
        ['4', 'connect gives up after 35 s'],
        ['6', 'connect gives up after 2 min 11 s; the kernel default'],
      ],
    );
    assert.deepStrictEqual(
      complete(lines('net.ipv4.tcp_syn_linear_timeouts = 0', 'net.ipv4.tcp_syn_retries = |')).items.map((i) => [i.label, i.detail]),
      [
        ['2', 'connect gives up after 7 s'],
        ['3', 'connect gives up after 15 s'],
        ['4', 'connect gives up after 31 s'],
        ['6', 'connect gives up after 2 min 7 s; the kernel default'],
      ],
    );
  });

  test('a flag: 0 and 1, the default marked; the edit replaces the value typed so far', () => {
    assert.deepStrictEqual(complete('net.ipv4.ip_forward = 1|'), {
      isIncomplete: false,
      items: [
        { label: '0', kind: 12, detail: 'off; the kernel default', sortText: '00', textEdit: { range: range(0, 22, 23), newText: '0' } },
        { label: '1', kind: 12, detail: 'on', sortText: '01', textEdit: { range: range(0, 22, 23), newText: '1' } },
      ],
    });
  });

  test('a slashed key and a `-` key get their values too; an unknown key gets none', () => {
    assert.deepStrictEqual(
      complete('-net/ipv4/tcp_retries2=|').items.map((i) => i.label),
      ['5', '8', '10', '15'],
    );
    assert.deepStrictEqual(complete('net.ipv4.tcp_no_such = |'), { isIncomplete: false, items: [] });
  });

  test('a value completion replaces the number, not the text after it', () => {
    const list = complete(`${PROBES} = |9 # x`);
    assert.deepStrictEqual(list.items[0].textEdit, { range: range(0, 32, 33), newText: '3' });
  });
});

describe('symbols and folding', () => {
  test('one symbol per assignment and exclusion, named as sysctl -a prints the key', () => {
    const text = lines(
      '# k',
      `  ${TIME} = 300`,
      'net/ipv4/tcp_keepalive_intvl=30',
      'garbage',
      ' = 5',
      'net.ipv4.conf.*.rp_filter = 2',
      '-net.ipv4.conf.lo.rp_filter',
      '',
    );
    assert.deepStrictEqual(sysctlService().documentSymbols(sysctlDoc(text)), [
      { name: TIME, detail: '300', kind: 7, range: range(1, 0, 35), selectionRange: range(1, 2, 29) },
      { name: INTVL, detail: '30', kind: 7, range: range(2, 0, 31), selectionRange: range(2, 0, 28) },
      { name: 'net.ipv4.conf.*.rp_filter', detail: '2', kind: 7, range: range(5, 0, 29), selectionRange: range(5, 0, 25) },
      { name: 'net.ipv4.conf.lo.rp_filter', detail: 'excluded from globs', kind: 7, range: range(6, 0, 27), selectionRange: range(6, 1, 27) },
    ]);
  });

  test('runs of two or more comment lines fold', () => {
    const text = lines('# a', '; b', '# c', `${TIME} = 300`, '# lone', '', '# d', '   # e');
    assert.deepStrictEqual(sysctlService().foldingRanges(sysctlDoc(text)), [
      { startLine: 0, endLine: 2, kind: 'comment' },
      { startLine: 6, endLine: 7, kind: 'comment' },
    ]);
  });
});

describe('the timeline command', () => {
  test('plain text of the set, every number with its origin', () => {
    assert.equal(
      sysctlService().timeline(sysctlDoc(FILE), 0, 'text'),
      [
        `sysctl settings: ${KEEPALIVE_450}`,
        '  computed for the files in load order: 60-keepalive.conf',
        '             5 min  keepalive probe 1 of 5 (unanswered)',
        '        5 min 30 s  keepalive probe 2 of 5 (unanswered)',
        '             6 min  keepalive probe 3 of 5 (unanswered)',
        '        6 min 30 s  keepalive probe 4 of 5 (unanswered)',
        '             7 min  keepalive probe 5 of 5 (unanswered)',
        '        7 min 30 s  no answer to the last probe: the connection is reset, the application sees ETIMEDOUT',
        '  values:',
        `    tcp_keepalive_time = 300  (line 2 (${TIME} = 300))`,
        `    tcp_keepalive_intvl = 30  (line 3 (${INTVL} = 30))`,
        `    tcp_keepalive_probes = 5  (line 4 (${PROBES} = 5))`,
        '    tcp_retries2 = 8  (line 5 (net.ipv4.tcp_retries2 = 8))',
        '    tcp_syn_retries = 3  (line 6 (net.ipv4.tcp_syn_retries = 3))',
        '    tcp_syn_linear_timeouts = 4  (kernel default (4))',
        '    tcp_rto_max_ms = 120000  (kernel default (120000))',
        '    nf_conntrack_tcp_timeout_established = 432000  (kernel default (432000))',
        '  - Unacknowledged data (a stalled send) gives up after 1 min 42.2 s (tcp_retries2 = 8): tcp_retries2 = 8, RTO from 200 ms doubling up to 2 min; keepalive does not run while data is unacknowledged.',
        '  - connect() gives up after 19 s (tcp_syn_retries = 3 + 4 linear).',
        '  - Keepalive runs only on sockets that enable SO_KEEPALIVE; per-socket TCP_KEEPIDLE, TCP_KEEPINTVL and TCP_KEEPCNT override these values, and TCP_USER_TIMEOUT replaces the probe count and tcp_retries2.',
        '  - These values are per network namespace: a container starts from the kernel defaults, not from the host.',
      ].join('\n'),
    );
  });

  test('markdown: the same timeline the hover shows; any line of the file gives it', () => {
    assert.equal(sysctlService().timeline(sysctlDoc(FILE), 4, 'markdown'), FILE_TIMELINE_MARKDOWN);
  });

  test('the path idle timeout and conntrack appear in time order when they come first; nine probes list the first six and the last', () => {
    const text = lines('# defaults, conntrack at 1 h', 'net.netfilter.nf_conntrack_tcp_timeout_established = 3600');
    const t = sysctlService({}, { idleTimeout: 240 }).timeline(sysctlDoc(text), 0, 'text');
    assert.ok(t);
    // 7200 + k × 75 for k = 0..5 and 8; dead at 7875 s.
    const row = (at: string, what: string) => `  ${at.padStart(16)}  ${what}`;
    assert.deepStrictEqual(t.split('\n').slice(2, 13), [
      row('4 min', 'the path forgets an idle flow (setting `keepaliveLens.network.idleTimeout`, 4 min)'),
      row('1 h', "this host's connection tracking forgets the idle flow (nf_conntrack_tcp_timeout_established)"),
      row('2 h', 'keepalive probe 1 of 9 (unanswered)'),
      row('2 h 1 min 15 s', 'keepalive probe 2 of 9 (unanswered)'),
      row('2 h 2 min 30 s', 'keepalive probe 3 of 9 (unanswered)'),
      row('2 h 3 min 45 s', 'keepalive probe 4 of 9 (unanswered)'),
      row('2 h 5 min', 'keepalive probe 5 of 9 (unanswered)'),
      row('2 h 6 min 15 s', 'keepalive probe 6 of 9 (unanswered)'),
      row('2 h 10 min', 'keepalive probe 9 of 9 (unanswered)'),
      row('2 h 11 min 15 s', 'no answer to the last probe: the connection is reset, the application sees ETIMEDOUT'),
      '  values:',
    ]);
  });
});
