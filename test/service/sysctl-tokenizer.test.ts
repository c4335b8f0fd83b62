/**
 * The sysctl tokenizer: exact SysctlLine results, spans included.
 *
 *   node --import tsx --test test/service/sysctl-tokenizer.test.ts
 *
 * What the loaders do (systemd-sysctl parse_file, procps sysctl -p): strip the line; skip it when
 * empty or when its first character is `#` or `;`; split at the first `=`; strip key and value. No
 * inline comments. A leading `-` on the key ignores a failure to set it; `-key` without `=` is a
 * negative match. Keys are normalised like sysctl_normalize: when the first separator is `.`, dots
 * and slashes swap.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { normalizeSysctlKey, type SysctlLine, tokenizeSysctl } from '../../server/src/service/syntax/sysctl';
import { plain } from '../sysctlFixtures';

/** A span [start, end) on a line. */
const span = (line: number, start: number, end: number) => ({ line, start, end });

/** The span of the nth `needle` in `text` (a line of the fixture). */
function at(line: number, text: string, needle: string, nth = 0) {
  let from = -1;
  for (let i = 0; i <= nth; i++) {
    from = text.indexOf(needle, from + 1);
    assert.ok(from >= 0, `${needle} in ${text}`);
  }
  return span(line, from, from + needle.length);
}

/** The one line of a one-line text, without undefined fields. */
function one(text: string): SysctlLine {
  const doc = tokenizeSysctl(text);
  assert.equal(doc.lines.length, 1);
  return plain(doc.lines[0]);
}

const TIME = 'net.ipv4.tcp_keepalive_time';

describe('assignments', () => {
  test('key = value: key, equals and value spans', () => {
    const text = `${TIME} = 300`;
    assert.deepStrictEqual(one(text), {
      line: 0,
      text,
      kind: 'assignment',
      indent: '',
      key: { raw: TIME, name: TIME, path: 'net/ipv4/tcp_keepalive_time', glob: false, span: span(0, 0, 27) },
      equals: span(0, 28, 29),
      value: { raw: '300', span: span(0, 30, 33) },
    });
  });

  test('no spaces around = (the article pastes it this way)', () => {
    const text = `${TIME}=60`;
    assert.deepStrictEqual(one(text), {
      line: 0,
      text,
      kind: 'assignment',
      indent: '',
      key: { raw: TIME, name: TIME, path: 'net/ipv4/tcp_keepalive_time', glob: false, span: span(0, 0, 27) },
      equals: span(0, 27, 28),
      value: { raw: '60', span: span(0, 28, 30) },
    });
  });

  test('tabs around = and as indentation; trailing blanks are not part of the value', () => {
    const text = '\tnet.ipv4.tcp_keepalive_probes\t=\t5 \t';
    assert.deepStrictEqual(one(text), {
      line: 0,
      text,
      kind: 'assignment',
      indent: '\t',
      key: {
        raw: 'net.ipv4.tcp_keepalive_probes',
        name: 'net.ipv4.tcp_keepalive_probes',
        path: 'net/ipv4/tcp_keepalive_probes',
        glob: false,
        span: span(0, 1, 30),
      },
      equals: span(0, 31, 32),
      value: { raw: '5', span: span(0, 33, 34) },
    });
  });

  test('there are no inline comments: `60 # 1 minute` is the whole value', () => {
    const text = `${TIME}=60 # 1 minute`;
    const l = one(text);
    assert.deepStrictEqual(l.value, { raw: '60 # 1 minute', span: at(0, text, '60 # 1 minute') });
    assert.equal(l.kind, 'assignment');
    assert.equal(l.comment, undefined);
  });

  test('the first = splits; later ones belong to the value', () => {
    const text = 'a.b = c = d';
    assert.deepStrictEqual(one(text), {
      line: 0,
      text,
      kind: 'assignment',
      indent: '',
      key: { raw: 'a.b', name: 'a.b', path: 'a/b', glob: false, span: span(0, 0, 3) },
      equals: span(0, 4, 5),
      value: { raw: 'c = d', span: span(0, 6, 11) },
    });
  });

  test('empty value: an empty span right at the end of the line', () => {
    const text = `${TIME} =`;
    assert.deepStrictEqual(one(text), {
      line: 0,
      text,
      kind: 'assignment',
      indent: '',
      key: { raw: TIME, name: TIME, path: 'net/ipv4/tcp_keepalive_time', glob: false, span: span(0, 0, 27) },
      equals: span(0, 28, 29),
      value: { raw: '', span: span(0, 29, 29) },
    });
  });

  test('`= 5`: an assignment with an empty key', () => {
    const text = '= 5';
    assert.deepStrictEqual(one(text), {
      line: 0,
      text,
      kind: 'assignment',
      indent: '',
      key: { raw: '', name: '', path: '', glob: false, span: span(0, 0, 0) },
      equals: span(0, 0, 1),
      value: { raw: '5', span: span(0, 2, 3) },
    });
  });

  test('`-key = value`: the dash is its own token, the key starts after it (blanks after the dash skipped)', () => {
    const text = '  - net.ipv4.tcp_keepalive_intvl = 30';
    assert.deepStrictEqual(one(text), {
      line: 0,
      text,
      kind: 'assignment',
      indent: '  ',
      dash: span(0, 2, 3),
      key: {
        raw: 'net.ipv4.tcp_keepalive_intvl',
        name: 'net.ipv4.tcp_keepalive_intvl',
        path: 'net/ipv4/tcp_keepalive_intvl',
        glob: false,
        span: span(0, 4, 32),
      },
      equals: span(0, 33, 34),
      value: { raw: '30', span: span(0, 35, 37) },
    });
  });
});

describe('key normalisation', () => {
  test('slash keys: the path as written, the dotted name as sysctl -a prints it', () => {
    const text = 'net/ipv4/tcp_keepalive_intvl = 30';
    assert.deepStrictEqual(one(text).key, {
      raw: 'net/ipv4/tcp_keepalive_intvl',
      name: 'net.ipv4.tcp_keepalive_intvl',
      path: 'net/ipv4/tcp_keepalive_intvl',
      glob: false,
      span: span(0, 0, 28),
    });
  });

  test('eth0/100 written with dots: the slash inside the interface name becomes a dot in the path', () => {
    const text = 'net.ipv4.conf.eth0/100.rp_filter = 1';
    assert.deepStrictEqual(one(text).key, {
      raw: 'net.ipv4.conf.eth0/100.rp_filter',
      name: 'net.ipv4.conf.eth0/100.rp_filter',
      path: 'net/ipv4/conf/eth0.100/rp_filter',
      glob: false,
      span: span(0, 0, 32),
    });
  });

  test('eth0.100 written with slashes: the same key', () => {
    const text = 'net/ipv4/conf/eth0.100/rp_filter = 1';
    assert.deepStrictEqual(one(text).key, {
      raw: 'net/ipv4/conf/eth0.100/rp_filter',
      name: 'net.ipv4.conf.eth0/100.rp_filter',
      path: 'net/ipv4/conf/eth0.100/rp_filter',
      glob: false,
      span: span(0, 0, 32),
    });
  });

  test('normalizeSysctlKey: path_simplify drops empty and `.` segments and a leading slash', () => {
    const cases: Array<[string, { path: string; name: string }]> = [
      ['net.ipv4.tcp_keepalive_time', { path: 'net/ipv4/tcp_keepalive_time', name: 'net.ipv4.tcp_keepalive_time' }],
      ['net/ipv4/tcp_keepalive_time', { path: 'net/ipv4/tcp_keepalive_time', name: 'net.ipv4.tcp_keepalive_time' }],
      ['/net/ipv4/tcp_keepalive_time', { path: 'net/ipv4/tcp_keepalive_time', name: 'net.ipv4.tcp_keepalive_time' }],
      ['net..ipv4.tcp_keepalive_time.', { path: 'net/ipv4/tcp_keepalive_time', name: 'net.ipv4.tcp_keepalive_time' }],
      ['net//ipv4/./tcp_keepalive_time', { path: 'net/ipv4/tcp_keepalive_time', name: 'net.ipv4.tcp_keepalive_time' }],
      ['kernel', { path: 'kernel', name: 'kernel' }],
      ['', { path: '', name: '' }],
    ];
    for (const [raw, want] of cases) assert.deepStrictEqual(normalizeSysctlKey(raw), want, raw);
  });

  test('globs: *, ? and [ mark a key as a glob', () => {
    for (const [raw, glob] of [
      ['net.ipv4.conf.*.rp_filter', true],
      ['net.ipv4.tcp_keepalive_?ime', true],
      ['net.ipv4.conf.eth[01].rp_filter', true],
      ['net.ipv4.conf.eth0.rp_filter', false],
    ] as const) {
      assert.equal(one(`${raw} = 1`).key?.glob, glob, raw);
    }
    assert.deepStrictEqual(one('net.ipv4.conf.*.rp_filter = 2').key, {
      raw: 'net.ipv4.conf.*.rp_filter',
      name: 'net.ipv4.conf.*.rp_filter',
      path: 'net/ipv4/conf/*/rp_filter',
      glob: true,
      span: span(0, 0, 25),
    });
  });
});

describe('other line kinds', () => {
  test('`-key` without =: an exclusion with its dash and key', () => {
    const text = '-net.ipv4.conf.all.rp_filter';
    assert.deepStrictEqual(one(text), {
      line: 0,
      text,
      kind: 'exclusion',
      indent: '',
      dash: span(0, 0, 1),
      key: { raw: 'net.ipv4.conf.all.rp_filter', name: 'net.ipv4.conf.all.rp_filter', path: 'net/ipv4/conf/all/rp_filter', glob: false, span: span(0, 1, 28) },
    });
  });

  test('a lone `-`: an exclusion of the empty key', () => {
    assert.deepStrictEqual(one(' - '), {
      line: 0,
      text: ' - ',
      kind: 'exclusion',
      indent: ' ',
      dash: span(0, 1, 2),
      key: { raw: '', name: '', path: '', glob: false, span: span(0, 2, 2) },
    });
  });

  test('a line without = that is not a comment is invalid (no tokens)', () => {
    assert.deepStrictEqual(one(`  ${TIME} 300`), { line: 0, text: `  ${TIME} 300`, kind: 'invalid', indent: '  ' });
  });

  test('comments start with # or ; as the first non-blank; the span runs to the last non-blank', () => {
    assert.deepStrictEqual(one('# keepalive '), { line: 0, text: '# keepalive ', kind: 'comment', indent: '', comment: span(0, 0, 11) });
    assert.deepStrictEqual(one('\t; old = 5'), { line: 0, text: '\t; old = 5', kind: 'comment', indent: '\t', comment: span(0, 1, 10) });
  });

  test('blank lines: empty and whitespace only', () => {
    assert.deepStrictEqual(one(''), { line: 0, text: '', kind: 'blank', indent: '' });
    assert.deepStrictEqual(one(' \t '), { line: 0, text: ' \t ', kind: 'blank', indent: ' \t ' });
  });
});

describe('documents', () => {
  test('CRLF: lines without their \\r, eol reported as \\r\\n, a final empty line after the last break', () => {
    const doc = plain(tokenizeSysctl(`${TIME} = 300\r\n# c\r\n`));
    assert.deepStrictEqual(doc, {
      bom: false,
      eol: '\r\n',
      lines: [
        {
          line: 0,
          text: `${TIME} = 300`,
          kind: 'assignment',
          indent: '',
          key: { raw: TIME, name: TIME, path: 'net/ipv4/tcp_keepalive_time', glob: false, span: span(0, 0, 27) },
          equals: span(0, 28, 29),
          value: { raw: '300', span: span(0, 30, 33) },
        },
        { line: 1, text: '# c', kind: 'comment', indent: '', comment: span(1, 0, 3) },
        { line: 2, text: '', kind: 'blank', indent: '' },
      ],
    });
  });

  test('the dominant line break wins; a lone \\r also ends a line (as in LSP)', () => {
    const mixed = tokenizeSysctl('a.b=1\nc.d=2\r\ne.f=3\n');
    assert.equal(mixed.eol, '\n');
    assert.deepStrictEqual(
      mixed.lines.map((l) => l.text),
      ['a.b=1', 'c.d=2', 'e.f=3', ''],
    );
    assert.deepStrictEqual(
      tokenizeSysctl('a.b=1\rc.d=2').lines.map((l) => [l.line, l.kind, l.key?.name]),
      [
        [0, 'assignment', 'a.b'],
        [1, 'assignment', 'c.d'],
      ],
    );
  });

  test('BOM: reported, and (as for the loaders) part of the first key', () => {
    const text = `\uFEFF${TIME} = 300`;
    const doc = plain(tokenizeSysctl(text));
    assert.deepStrictEqual(doc, {
      bom: true,
      eol: '\n',
      lines: [
        {
          line: 0,
          text,
          kind: 'assignment',
          indent: '',
          key: { raw: `\uFEFF${TIME}`, name: `\uFEFF${TIME}`, path: '\uFEFFnet/ipv4/tcp_keepalive_time', glob: false, span: span(0, 0, 28) },
          equals: span(0, 29, 30),
          value: { raw: '300', span: span(0, 31, 34) },
        },
      ],
    });
  });

  test('BOM before a comment: the loaders do not see a comment, the line is not an assignment', () => {
    assert.deepStrictEqual(plain(tokenizeSysctl('\uFEFF# keepalive').lines), [{ line: 0, text: '\uFEFF# keepalive', kind: 'invalid', indent: '' }]);
  });

  test('a small file: every line in order with its kind and key', () => {
    const text = ['# TCP keepalive', `${TIME} = 300`, '', '-net.ipv4.conf.lo.rp_filter', 'net.ipv4.conf.*.rp_filter = 2', 'garbage', ' = 1'].join('\n');
    assert.deepStrictEqual(
      tokenizeSysctl(text).lines.map((l) => [l.line, l.kind, l.key?.name, l.value?.raw]),
      [
        [0, 'comment', undefined, undefined],
        [1, 'assignment', TIME, '300'],
        [2, 'blank', undefined, undefined],
        [3, 'exclusion', 'net.ipv4.conf.lo.rp_filter', undefined],
        [4, 'assignment', 'net.ipv4.conf.*.rp_filter', '2'],
        [5, 'invalid', undefined, undefined],
        [6, 'assignment', '', '1'],
      ],
    );
  });
});
