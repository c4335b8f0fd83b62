/**
 * The ssh-config npm package as a cross-check: on complete lines (a keyword and its value),
 * its parse and our tokenizer must agree on every directive of the bundled examples.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import SSHConfig from 'ssh-config';
import { tokenize } from '../../server/src/service/syntax/ssh';

type Line = { type: number; param?: string; value?: unknown; config?: Line[] };

function flatten(lines: Line[], acc: Array<[string, string]> = []): Array<[string, string]> {
  for (const l of lines) {
    if (l.type !== 1 || !l.param) continue;
    const v = Array.isArray(l.value) ? (l.value as Array<{ val: string } | string>).map((x) => (typeof x === 'string' ? x : x.val)).join(' ') : String(l.value);
    acc.push([l.param.toLowerCase(), v]);
    if (l.config) flatten(l.config, acc);
  }
  return acc;
}

const dir = join(__dirname, '../../examples');
for (const name of readdirSync(dir).filter((f) => f.endsWith('.ssh_config'))) {
  test(`ssh-config and our tokenizer agree on ${name}`, () => {
    const text = readFileSync(join(dir, name), 'utf8');
    const theirs = flatten(SSHConfig.parse(text) as unknown as Line[]);
    const ours = tokenize(text)
      .lines.filter((l) => l.keyword)
      .map((l): [string, string] => [l.keyword!.value.toLowerCase(), l.args.map((a) => a.value).join(' ')]);
    assert.deepEqual(ours, theirs);
  });
}
