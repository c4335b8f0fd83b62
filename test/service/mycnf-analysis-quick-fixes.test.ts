/**
 * Option-file quick fixes, each applied and the whole resulting text compared: moving a line to the groups of the
 * programs that have it, replacing, inserting and deleting, and the seed article fixed one preferred fix at a time
 * (helpers and conventions: test/service/mycnfAnalysisHelpers.ts).
 *
 *   node --import tsx --test test/service/mycnf-analysis-quick-fixes.test.ts
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { MycnfCode } from '../../server/src/service/analysis/mycnf/rules';
import { lines } from '../fixtures';
import { fixAll } from '../mycnfFixtures';
import { ARTICLE, ARTICLE_FIXED, check, findings, fixed, LOOSE, MOVE_CONNECT, NET_READ, NET_WRITE } from './mycnfAnalysisHelpers';

/** The non-blank lines of a text, trimmed, as a sorted multiset. */
function lineSet(text: string): string[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .sort();
}

const crlf = (...ls: string[]) => ls.join('\r\n');

describe('quick fixes: moving a line to the groups of the programs that have it', () => {
  test('the article: connect_timeout into new [mysql] and [mysqladmin] groups at the end', () => {
    assert.equal(
      fixed(ARTICLE, 'mycnf/rejected-option'),
      lines(
        "# The keepalive article's my.cnf advice",
        '[client]',
        'read_timeout=300',
        'write_timeout=300',
        '',
        '[mysql]',
        'connect_timeout=10',
        '',
        '[mysqladmin]',
        'connect_timeout=10',
        '',
      ),
    );
  });

  test('the article: read_timeout becomes net_read_timeout in a new [mysqld]', () => {
    assert.equal(
      fixed(ARTICLE, 'mycnf/unknown-option'),
      lines("# The keepalive article's my.cnf advice", '[client]', 'connect_timeout=10', 'write_timeout=300', '', '[mysqld]', 'net_read_timeout=300', ''),
    );
  });

  test('into existing groups, after their last line; the inline comment goes along', () => {
    const before = lines('[client]', 'user=bob', 'connect_timeout=10 # ten seconds', '', '[mysql]', 'auto-rehash', '', '[mysqladmin]', 'force', '');
    const after = fixed(before, 'mycnf/rejected-option');
    assert.equal(
      after,
      lines(
        '[client]',
        'user=bob',
        '',
        '[mysql]',
        'auto-rehash',
        'connect_timeout=10 # ten seconds',
        '',
        '[mysqladmin]',
        'force',
        'connect_timeout=10 # ten seconds',
        '',
      ),
    );
    assert.deepStrictEqual(findings(after), []);
  });

  test('into an existing group and a new one; group names compare without case', () => {
    assert.equal(
      fixed(lines('[CLIENT]', 'connect_timeout=10', '[MySQL]', 'user=x', ''), 'mycnf/rejected-option'),
      lines('[CLIENT]', '[MySQL]', 'user=x', 'connect_timeout=10', '', '[mysqladmin]', 'connect_timeout=10', ''),
    );
  });

  test('into the last group of a file without a final line break, and a new group after it', () => {
    assert.equal(
      fixed(lines('[client]', 'connect_timeout=10', '[mysql]', 'user=x'), 'mycnf/rejected-option'),
      lines('[client]', '[mysql]', 'user=x', 'connect_timeout=10', '', '[mysqladmin]', 'connect_timeout=10'),
    );
  });

  test('the moved line is the last line, without a final line break', () => {
    assert.equal(
      fixed(lines('[client]', 'user=bob', 'read_timeout=300'), 'mycnf/unknown-option'),
      lines('[client]', 'user=bob', '', '[mysqld]', 'net_read_timeout=300'),
    );
    assert.equal(fixed(lines('[client]', 'read_timeout=300'), 'mycnf/unknown-option'), lines('[client]', '', '[mysqld]', 'net_read_timeout=300'));
  });

  test('CRLF stays CRLF: into a new group, and into an existing one with the comment kept', () => {
    assert.equal(
      fixed(crlf('[client]', 'read_timeout=300', 'user=bob'), 'mycnf/unknown-option'),
      crlf('[client]', 'user=bob', '', '[mysqld]', 'net_read_timeout=300'),
    );
    assert.equal(
      fixed(crlf('[mysqld]', 'wait_timeout=3600', '', '[client]', 'write_timeout = 300 # article', ''), 'mycnf/unknown-option'),
      crlf('[mysqld]', 'wait_timeout=3600', 'net_write_timeout = 300 # article', '', '[client]', ''),
    );
  });

  test('a server variable to [mysqld]: the indentation goes, the value and comment stay', () => {
    const before = lines('[client]', 'user = app', '  wait_timeout = 600 # ten minutes', '');
    const after = fixed(before, 'mycnf/server-option-in-client-group');
    assert.equal(after, lines('[client]', 'user = app', '', '[mysqld]', 'wait_timeout = 600 # ten minutes', ''));
    assert.deepStrictEqual(lineSet(after), [...lineSet(before), '[mysqld]'].sort());
  });

  test('timeout in [client]: connect_timeout in [mysql]', () => {
    assert.equal(fixed(lines('[client]', 'timeout=10', ''), 'mycnf/unknown-option'), lines('[client]', '', '[mysql]', 'connect_timeout=10', ''));
  });

  test('timeout in [mysql] itself: renamed where it is', () => {
    assert.equal(fixed(lines('[mysql]', 'timeout=10', ''), 'mycnf/unknown-option'), lines('[mysql]', 'connect_timeout=10', ''));
  });

  test('loose- instead: the line stays where it is, with its indentation', () => {
    assert.equal(
      fixed(lines('[client]', '  connect_timeout = 10   # x', ''), 'mycnf/rejected-option', LOOSE),
      lines('[client]', '  loose-connect_timeout = 10   # x', ''),
    );
  });
});

describe('quick fixes: replacing', () => {
  const cases: Array<[string, MycnfCode, string | undefined, string, string]> = [
    ['a typo', 'mycnf/unknown-option', undefined, lines('[mysql]', 'conect_timeout=5 # x', ''), lines('[mysql]', 'connect_timeout=5 # x', '')],
    ['a typo, dashes kept', 'mycnf/unknown-option', undefined, lines('[mysqld]', 'wait-timout = 600', ''), lines('[mysqld]', 'wait-timeout = 600', '')],
    ['a typo behind loose-', 'mycnf/loose-unknown', undefined, lines('[mysql]', 'loose-conect_timeout=5', ''), lines('[mysql]', 'loose-connect_timeout=5', '')],
    ['a unique prefix', 'mycnf/option-prefix', undefined, lines('[mysql]', 'connect_time=5', ''), lines('[mysql]', 'connect_timeout=5', '')],
    ['an ambiguous prefix', 'mycnf/ambiguous-option', 'Change to compress', lines('[mysql]', 'co=5', ''), lines('[mysql]', 'compress=5', '')],
    ['a suffix', 'mycnf/invalid-number', undefined, lines('[mysqld]', 'wait_timeout = 28800s # 8 h', ''), lines('[mysqld]', 'wait_timeout = 28800 # 8 h', '')],
    ['a clamped value', 'mycnf/out-of-range', undefined, lines('[mysqld]', 'wait_timeout=99999999', ''), lines('[mysqld]', 'wait_timeout=31536000', '')],
    [
      'a kernel limit',
      'mycnf/keepalive-over-kernel-limit',
      undefined,
      lines('[mysqld]', 'tcp_keepalive_time=40000', ''),
      lines('[mysqld]', 'tcp_keepalive_time=32767', ''),
    ],
    ['an unclosed quote', 'mycnf/unbalanced-quote', undefined, lines('[client]', 'password="abc', ''), lines('[client]', 'password="abc"', '')],
    [
      'a glued comment, quoted',
      'mycnf/glued-comment',
      'Quote the value: "abc#123"',
      lines('[client]', 'password=abc#123', ''),
      lines('[client]', 'password="abc#123"', ''),
    ],
    [
      'a glued comment, moved onto its own line with the indentation',
      'mycnf/glued-comment',
      'Move the comment onto its own line above',
      lines('[client]', '  password=abc#123', ''),
      lines('[client]', '  #123', '  password=abc', ''),
    ],
    ['text after ]', 'mycnf/group-trailing-text', undefined, lines('[mysqld] extra # c', 'port=1', ''), lines('[mysqld] # extra # c', 'port=1', '')],
    ['a space in the group name', 'mycnf/group-space', undefined, lines('[ mysqld]', 'port=1', ''), lines('[mysqld]', 'port=1', '')],
    ['a group typo', 'mycnf/unknown-group', undefined, lines('[cleint]', 'user=x', ''), lines('[client]', 'user=x', '')],
    ['an unclosed group', 'mycnf/unclosed-group', undefined, lines('[mysqld', 'port=1', ''), lines('[mysqld]', 'port=1', '')],
    [
      'an upper-case directive',
      'mycnf/ignored-directive',
      undefined,
      lines('[mysqld]', '!Include /etc/x.cnf', ''),
      lines('[mysqld]', '!include /etc/x.cnf', ''),
    ],
  ];
  for (const [title, code, fixTitle, before, after] of cases) {
    test(title, () => {
      assert.equal(fixed(before, code, fixTitle), after);
      assert.equal(fixed(before.replaceAll('\n', '\r\n'), code, fixTitle), after.replaceAll('\n', '\r\n'), 'the same with CRLF');
    });
  }

  test('a glued comment followed by a no-break space (pasted from a web page): the quotes go around the whole value', () => {
    const after = fixed(lines('[client]', 'password=abc#123\u00A0', ''), 'mycnf/glued-comment', 'Quote the value: "abc#123\u00A0"');
    assert.deepStrictEqual(
      findings(after).map((x) => x.code),
      [],
      JSON.stringify(after),
    );
  });

  test('an unclosed group with a comment: the comment is kept', () => {
    assert.equal(fixed(lines('[mysqld # main server', 'port=1', ''), 'mycnf/unclosed-group'), lines('[mysqld] # main server', 'port=1', ''));
  });
});

describe('quick fixes: inserting and deleting', () => {
  test('a group header above the first option', () => {
    assert.equal(fixed(lines('# server', 'wait_timeout=3600', ''), 'mycnf/option-before-group'), lines('# server', '[mysqld]', 'wait_timeout=3600', ''));
    assert.equal(fixed(lines('user=bob', 'port=3306'), 'mycnf/option-before-group'), lines('[client]', 'user=bob', 'port=3306'));
    assert.equal(fixed(crlf('user=bob', ''), 'mycnf/option-before-group', 'Insert [mysqld] above'), crlf('[mysqld]', 'user=bob', ''));
  });

  test('the byte order mark', () => {
    assert.equal(fixed(lines('\uFEFF[mysqld]', 'port=1', ''), 'mycnf/bom'), lines('[mysqld]', 'port=1', ''));
    assert.equal(fixed('\uFEFF[mysqld]\r\nport=1', 'mycnf/bom'), '[mysqld]\r\nport=1');
  });

  test('a line break at the end of the file', () => {
    assert.equal(fixed(lines('[mysqld]', '!include /etc/mysql/extra.cnf'), 'mycnf/include-last-line'), lines('[mysqld]', '!include /etc/mysql/extra.cnf', ''));
    assert.equal(fixed(crlf('[mysqld]', '!include /etc/mysql/extra.cnf'), 'mycnf/include-last-line'), crlf('[mysqld]', '!include /etc/mysql/extra.cnf', ''));
  });

  test('help: the line goes, in the middle and at the end (with and without a final line break)', () => {
    assert.equal(fixed(lines('[mysql]', 'help', 'user=x', ''), 'mycnf/exits-program'), lines('[mysql]', 'user=x', ''));
    assert.equal(fixed(lines('[mysql]', 'help', ''), 'mycnf/exits-program'), lines('[mysql]', ''));
    assert.equal(fixed(lines('[mysql]', 'user=x', 'help'), 'mycnf/exits-program'), lines('[mysql]', 'user=x'));
    assert.equal(fixed(crlf('[mysql]', 'help', 'user=x'), 'mycnf/exits-program'), crlf('[mysql]', 'user=x'));
  });

  test('an overridden line (not preferred: deleting is a choice)', () => {
    assert.equal(
      fixed(lines('[mysqld]', 'wait_timeout=3600 # old', 'wait_timeout=7200', ''), 'mycnf/overridden', 'Delete the line'),
      lines('[mysqld]', 'wait_timeout=7200', ''),
    );
  });
});

describe('quick fixes: the article, fixed one preferred fix at a time', () => {
  const HEADER = "# The keepalive article's advice after Keepalive Lens's quick fixes (test/fixtures/article-as-pasted.my.cnf)\n";

  test('the three moves, in order, give examples/article-fixed.my.cnf (after its one-line header)', () => {
    const { text, applied } = fixAll(ARTICLE);
    assert.deepStrictEqual(applied, [MOVE_CONNECT, NET_READ, NET_WRITE]);
    assert.ok(ARTICLE_FIXED.startsWith(HEADER), 'examples/article-fixed.my.cnf starts with its header line');
    assert.equal(text, ARTICLE_FIXED.slice(HEADER.length));
    assert.equal(
      text,
      lines(
        "# The keepalive article's my.cnf advice",
        '[client]',
        '',
        '[mysql]',
        'connect_timeout=10',
        '',
        '[mysqladmin]',
        'connect_timeout=10',
        '',
        '[mysqld]',
        'net_read_timeout=300',
        'net_write_timeout=300',
        '',
      ),
    );
  });

  test('examples/article-fixed.my.cnf has no findings at all', () => {
    check(ARTICLE_FIXED, []);
  });
});
