/**
 * Completion: keywords at the start of a line, values after a keyword, Match criteria.
 * The `|` in a fixture is the cursor.
 *
 *   node --import tsx --test test/service/completion.test.ts
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CompletionItemKind, type CompletionList } from 'vscode-languageserver-types';
import type { Settings } from '../../server/src/service';
import { doc, fixture, service, withVersion } from '../fixtures';

function complete(textWithBar: string, settings: Partial<Settings> = {}): CompletionList {
  const { text, position } = fixture(textWithBar);
  return service(settings).completion(doc(text), position);
}

function labels(textWithBar: string, settings: Partial<Settings> = {}): string[] {
  return complete(textWithBar, settings).items.map((i) => i.label);
}

const value = (label: string, detail?: string) => ({ label, kind: CompletionItemKind.Value, detail });

describe('keywords', () => {
  test('at the start of a line: active keywords, no aliases, no deprecated ones', () => {
    for (const t of ['|', 'Host a\n  |', 'Host a\n  Server|', 'Host a\n\tServerAlive|Interval 30']) {
      const got = labels(t);
      assert.ok(got.includes('ServerAliveInterval'), t);
      assert.ok(got.includes('Host') && got.includes('Match'), t);
      assert.ok(!got.includes('KeepAlive') && !got.includes('UseRoaming') && !got.includes('Cipher'), t);
      assert.equal(new Set(got).size, got.length, 'no label twice');
    }
  });

  test('keepalive keywords and the block keywords sort first', () => {
    const items = complete('|', withVersion(10, 5)).items;
    const first = items
      .filter((i) => i.sortText?.startsWith('0'))
      .map((i) => i.label)
      .sort();
    assert.deepStrictEqual(first, [
      'ChannelTimeout',
      'ConnectTimeout',
      'ConnectionAttempts',
      'ControlPersist',
      'Host',
      'Match',
      'ServerAliveCountMax',
      'ServerAliveInterval',
      'TCPKeepAlive',
    ]);
  });

  test('a keyword item inserts the keyword and a space', () => {
    const item = complete('|').items.find((i) => i.label === 'ServerAliveInterval');
    assert.ok(item);
    assert.deepStrictEqual([item.kind, item.insertText, item.detail], [CompletionItemKind.Keyword, 'ServerAliveInterval ', 'time | none']);
  });

  test('nothing inside a comment', () => {
    assert.deepStrictEqual(complete('# Server|'), { isIncomplete: false, items: [] });
  });

  test('keywords the configured release does not know are not offered', () => {
    const got = labels('|', withVersion(9, 2));
    assert.deepStrictEqual(
      ['ChannelTimeout', 'Tag', 'RefuseConnection'].filter((k) => got.includes(k)),
      [],
    );
  });
});

describe('values', () => {
  test('ServerAliveInterval: intervals with their detection time', () => {
    assert.deepStrictEqual(complete('Host a\n  ServerAliveInterval |'), {
      isIncomplete: false,
      items: [
        value('15', 'with ServerAliveCountMax 3: dead server detected after 1 min'),
        value('30', 'with ServerAliveCountMax 3: dead server detected after 2 min'),
        value('60', 'with ServerAliveCountMax 3: dead server detected after 4 min'),
        value('120', 'with ServerAliveCountMax 3: dead server detected after 8 min'),
      ],
    });
  });

  test('ServerAliveInterval: intervals longer than the idle timeout say so', () => {
    assert.deepStrictEqual(
      complete('ServerAliveInterval=|', { idleTimeout: 60 }).items.map((i) => i.detail),
      [
        'with ServerAliveCountMax 3: dead server detected after 1 min',
        'with ServerAliveCountMax 3: dead server detected after 2 min',
        'with ServerAliveCountMax 3: dead server detected after 4 min',
        'with ServerAliveCountMax 3: dead server detected after 8 min (longer than the path idle timeout)',
      ],
    );
  });

  test('ServerAliveCountMax', () => {
    assert.deepStrictEqual(complete('ServerAliveCountMax |').items, [
      value('1'),
      value('2'),
      value('3', 'the default'),
      value('5'),
      value('0', 'exit at the first check, even when the server is fine'),
    ]);
  });

  test('flags', () => {
    assert.deepStrictEqual(complete('TCPKeepAlive |'), { isIncomplete: false, items: [value('yes'), value('no')] });
    assert.deepStrictEqual(labels('keepalive = |'), ['yes', 'no']);
  });

  test('times with none', () => {
    assert.deepStrictEqual(labels('ConnectTimeout |'), ['10', '30', '60', '5m', 'none']);
  });

  test('while typing the value', () => {
    assert.deepStrictEqual(labels('TCPKeepAlive y|'), ['yes', 'no']);
  });

  test('nothing after the value, for free text, or for unknown keywords', () => {
    for (const t of ['ServerAliveInterval 60 |', 'HostName |', 'Host |', 'Frobnicate |', 'TCPKeepAlive yes # |']) {
      assert.deepStrictEqual(complete(t), { isIncomplete: false, items: [] }, t);
    }
  });
});

describe('Match', () => {
  test('criteria after Match', () => {
    const got = labels('Match |');
    for (const c of ['all', 'host', 'originalhost', 'user', 'localuser', 'exec']) assert.ok(got.includes(c), c);
    assert.ok(complete('Match |').items.every((i) => i.kind === CompletionItemKind.Property));
  });

  test('criteria the configured release does not know are not offered', () => {
    const got = labels('Match |', withVersion(9, 2));
    assert.deepStrictEqual(
      ['localnetwork', 'tagged', 'command', 'version', 'sessiontype'].filter((c) => got.includes(c)),
      [],
    );
  });
});

describe('positions', () => {
  test('a position past the end of the line or the document does not throw', () => {
    const s = service();
    const d = doc('Host a\n  ServerAliveInterval 60');
    assert.deepStrictEqual(s.completion(d, { line: 1, character: 400 }), { isIncomplete: false, items: [] });
    assert.ok(Array.isArray(s.completion(d, { line: 9, character: 0 }).items));
  });

  test('values on the first line of a file with a byte order mark', () => {
    assert.deepStrictEqual(labels('\uFEFFTCPKeepAlive |\nHost a'), ['yes', 'no']);
  });

  test('CRLF: the line break is not part of the line', () => {
    assert.deepStrictEqual(labels('TCPKeepAlive |\r\nHost b'), ['yes', 'no']);
  });
});
