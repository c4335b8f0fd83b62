/**
 * sysctl quick fixes: each is applied to its document and the WHOLE resulting text compared.
 *
 *   node --import tsx --test test/service/sysctl-code-actions.test.ts
 *
 * A fix changes what it says and nothing else: indentation, the file's line breaks (CRLF stays
 * CRLF), the spelling of keys (slashes stay slashes), comments the user wrote.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type CodeAction, CodeActionKind } from 'vscode-languageserver-types';
import type { Settings } from '../../server/src/service';
import { applyEdits, lines } from '../fixtures';
import { SYSCTL_URI, sysctlDoc, sysctlService } from '../sysctlFixtures';

interface Options {
  settings?: Partial<Settings>;
  files?: Record<string, string>;
}

/** The quick fixes offered for the first diagnostic with this code, and a way to apply one. */
function actionsFor(text: string, code: string, o: Options = {}): { actions: CodeAction[]; apply(a: CodeAction): string } {
  const s = sysctlService({ ...(o.files ?? {}), [SYSCTL_URI]: text }, o.settings);
  const d = sysctlDoc(text);
  const diags = s.diagnostics(d).filter((x) => x.code === code);
  assert.ok(diags.length > 0, `the text has a ${code} diagnostic`);
  const actions = s.codeActions(d, diags[0].range, [diags[0]]);
  return {
    actions,
    apply: (a) => {
      const edits = a.edit?.changes?.[SYSCTL_URI];
      assert.ok(edits, `${a.title} edits the document`);
      return applyEdits(d, edits);
    },
  };
}

/** The text after the fix with this title (or the preferred one) of the first diagnostic with this code. */
function fixed(text: string, code: string, title?: string, o: Options = {}): string {
  const { actions, apply } = actionsFor(text, code, o);
  const action = title === undefined ? actions.find((a) => a.isPreferred) : actions.find((a) => a.title === title);
  assert.ok(action, `a fix ${title ?? '(preferred)'} among: ${actions.map((a) => a.title).join(' | ')}`);
  return apply(action);
}

/** The titles offered for the first diagnostic with this code. */
const titles = (text: string, code: string, o: Options = {}) => actionsFor(text, code, o).actions.map((a) => a.title);

const TIME = 'net.ipv4.tcp_keepalive_time';
const INTVL = 'net.ipv4.tcp_keepalive_intvl';
const PROBES = 'net.ipv4.tcp_keepalive_probes';

describe('the action itself', () => {
  test('a quick fix that carries its diagnostic, preferred when it is the one to take', () => {
    const text = lines(`${TIME} = 300s`, `${INTVL} = 30`, `${PROBES} = 5`);
    const s = sysctlService({ [SYSCTL_URI]: text });
    const d = sysctlDoc(text);
    const [diag] = s.diagnostics(d);
    assert.deepStrictEqual(s.codeActions(d, diag.range, [diag]), [
      {
        title: 'Write 300 (seconds)',
        kind: CodeActionKind.QuickFix,
        diagnostics: [diag],
        isPreferred: true,
        edit: { changes: { [SYSCTL_URI]: [{ range: { start: { line: 0, character: 30 }, end: { line: 0, character: 34 } }, newText: '300' }] } },
      },
    ]);
  });

  test('diagnostics of other sources or without fixes give no actions', () => {
    const text = lines(`${TIME} = 300`);
    const s = sysctlService({ [SYSCTL_URI]: text });
    const d = sysctlDoc(text);
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 27 } };
    assert.deepStrictEqual(s.codeActions(d, range, [{ range, message: 'x', source: 'other', data: { fixes: [{ kind: 'removeBom', title: 'x' }] } }]), []);
    assert.deepStrictEqual(s.codeActions(d, range, [{ range, message: 'x', source: 'keepalive-lens' }]), []);
  });
});

describe('fixes on one line', () => {
  test('not-an-assignment: the line becomes a comment, its indentation and the other lines unchanged', () => {
    assert.equal(
      fixed(lines('# tuning', `    ${TIME} 300`, `${INTVL} = 30`), 'sysctl/not-an-assignment', 'Turn the line into a comment'),
      lines('# tuning', `    # ${TIME} 300`, `${INTVL} = 30`),
    );
  });

  test('invalid-value: 300s keeps the number', () => {
    assert.equal(fixed(lines(`${TIME} = 300s`, ''), 'sysctl/invalid-value', 'Write 300 (seconds)'), lines(`${TIME} = 300`, ''));
    assert.equal(fixed(lines(`${TIME} = 5m`, ''), 'sysctl/invalid-value', 'Write 300 (seconds)'), lines(`${TIME} = 300`, ''));
  });

  test('invalid-value: a glued comment goes onto its own line above, indented like the line', () => {
    assert.equal(fixed(lines(`\t${TIME}=10#x`, `${INTVL}=10`), 'sysctl/invalid-value'), lines('\t#x', `\t${TIME}=10`, `${INTVL}=10`));
    assert.equal(fixed(lines(`${TIME} = 60;one minute`), 'sysctl/invalid-value'), lines(';one minute', `${TIME} = 60`));
  });

  test('inline-comment: the article line: comment above, the assignment as the article meant it', () => {
    const text = lines(`${TIME}=60 # 1 minute`, `${INTVL}=10 # 10 seconds`, `${PROBES}=6 # 1 minute total`, '');
    assert.equal(fixed(text, 'sysctl/inline-comment'), lines('# 1 minute', `${TIME}=60`, `${INTVL}=10 # 10 seconds`, `${PROBES}=6 # 1 minute total`, ''));
  });

  test('inline-comment: CRLF stays CRLF, indentation kept', () => {
    const text = [`  ${TIME} = 300 ; five minutes`, `  ${INTVL} = 30`, `  ${PROBES} = 5`, ''].join('\r\n');
    assert.equal(fixed(text, 'sysctl/inline-comment'), ['  ; five minutes', `  ${TIME} = 300`, `  ${INTVL} = 30`, `  ${PROBES} = 5`, ''].join('\r\n'));
  });

  test('extra-value: keep only the number the key takes', () => {
    assert.equal(
      fixed(lines(`${TIME} = 300 600`, `${INTVL} = 30`, `${PROBES} = 5`), 'sysctl/extra-value', 'Keep 300'),
      lines(`${TIME} = 300`, `${INTVL} = 30`, `${PROBES} = 5`),
    );
  });

  test('octal-value: write what the kernel reads, in decimal; a trailing comment survives', () => {
    assert.equal(
      fixed(lines(`net/ipv4/tcp_keepalive_intvl = 010`), 'sysctl/octal-value', 'Write 8 in decimal (what the kernel reads now)'),
      lines('net/ipv4/tcp_keepalive_intvl = 8'),
    );
    assert.equal(
      fixed(lines(`net/ipv4/tcp_keepalive_intvl = 010`), 'sysctl/octal-value', 'Drop the leading zeros (if 010 meant decimal)'),
      lines('net/ipv4/tcp_keepalive_intvl = 10'),
    );
    assert.equal(fixed(lines(`${TIME} = 0x12c`), 'sysctl/octal-value', 'Write 300 in decimal (what the kernel reads now)'), lines(`${TIME} = 300`));
    assert.equal(
      fixed(lines(`${TIME} = 0300 # five minutes`), 'sysctl/octal-value', 'Write 192 in decimal (what the kernel reads now)'),
      lines(`${TIME} = 192 # five minutes`),
    );
    assert.equal(
      fixed(lines(`${TIME} = 0300 # five minutes`), 'sysctl/octal-value', 'Drop the leading zeros (if 0300 meant decimal)'),
      lines(`${TIME} = 300 # five minutes`),
    );
  });

  test('unknown-key: the suggested key replaces the typo, dotted or slashed as written, the dash kept', () => {
    assert.equal(fixed(lines(`-${TIME.replace('time', 'tme')} = 300`), 'sysctl/unknown-key', `Change to ${TIME}`), lines(`-${TIME} = 300`));
    assert.equal(
      fixed(lines('net/ipv4/tcp_keepalive_intvll = 30'), 'sysctl/unknown-key', 'Change to net/ipv4/tcp_keepalive_intvl'),
      lines('net/ipv4/tcp_keepalive_intvl = 30'),
    );
  });

  test('keepalive-time-above-idle-timeout: the number changes, what follows it stays', () => {
    assert.equal(
      fixed(lines(`${TIME} = 600`, `${INTVL} = 30`, `${PROBES} = 5`), 'sysctl/keepalive-time-above-idle-timeout', 'Set tcp_keepalive_time to 225'),
      lines(`${TIME} = 225`, `${INTVL} = 30`, `${PROBES} = 5`),
    );
    assert.equal(
      fixed(lines(`${TIME} = 600 # ten minutes`, `${INTVL} = 30`, `${PROBES} = 5`), 'sysctl/keepalive-time-above-idle-timeout'),
      lines(`${TIME} = 225 # ten minutes`, `${INTVL} = 30`, `${PROBES} = 5`),
    );
  });

  test('invalid-value: no fix turns 5m into 5 seconds or 1e3 into 1', () => {
    for (const [value, wrong] of [
      ['5m', '5'],
      ['1e3', '1'],
    ]) {
      const text = lines(`${TIME} = ${value}`);
      const { actions, apply } = actionsFor(text, 'sysctl/invalid-value');
      assert.deepStrictEqual(
        actions.map(apply).filter((t) => t === lines(`${TIME} = ${wrong}`)),
        [],
        `${value}: ${actions.map((a) => a.title).join(' | ')}`,
      );
    }
  });
});

describe('fixes on whole lines', () => {
  test('bom: only the byte order mark goes', () => {
    assert.equal(fixed(`\uFEFF${TIME} = 300\r\n${INTVL} = 30\r\n`, 'sysctl/bom'), `${TIME} = 300\r\n${INTVL} = 30\r\n`);
  });

  test('duplicate-key: the dead line goes, with its line break', () => {
    assert.equal(
      fixed(lines('# a', `${TIME} = 600`, `${TIME} = 300`, `${INTVL} = 30`, `${PROBES} = 5`, ''), 'sysctl/duplicate-key'),
      lines('# a', `${TIME} = 300`, `${INTVL} = 30`, `${PROBES} = 5`, ''),
    );
  });

  test('duplicate-key: CRLF', () => {
    const text = [`${TIME} = 600`, `${INTVL} = 30`, `${TIME} = 300`, `${PROBES} = 5`].join('\r\n');
    assert.equal(fixed(text, 'sysctl/duplicate-key'), [`${INTVL} = 30`, `${TIME} = 300`, `${PROBES} = 5`].join('\r\n'));
  });

  test('keepalive-incomplete: the missing keys right after the last keepalive line, in the file style', () => {
    assert.equal(
      fixed(lines('# keepalive', `${TIME} = 300`, '', 'net.ipv4.tcp_retries2 = 8', ''), 'sysctl/keepalive-incomplete'),
      lines('# keepalive', `${TIME} = 300`, `${INTVL} = 30`, `${PROBES} = 5`, '', 'net.ipv4.tcp_retries2 = 8', ''),
    );
  });

  test('keepalive-incomplete: tabs, no spaces around =, slashes', () => {
    assert.equal(
      fixed(lines('\tnet/ipv4/tcp_keepalive_intvl=30'), 'sysctl/keepalive-incomplete'),
      lines('\tnet/ipv4/tcp_keepalive_intvl=30', '\tnet/ipv4/tcp_keepalive_time=300', '\tnet/ipv4/tcp_keepalive_probes=5'),
    );
  });

  test('keepalive-incomplete: at the end of a file with and without a final newline, and in CRLF', () => {
    assert.equal(fixed(`${TIME} = 300\n`, 'sysctl/keepalive-incomplete'), `${TIME} = 300\n${INTVL} = 30\n${PROBES} = 5\n`);
    assert.equal(fixed(`${TIME} = 300`, 'sysctl/keepalive-incomplete'), `${TIME} = 300\n${INTVL} = 30\n${PROBES} = 5`);
    assert.equal(fixed(`# k\r\n${TIME} = 300\r\n`, 'sysctl/keepalive-incomplete'), `# k\r\n${TIME} = 300\r\n${INTVL} = 30\r\n${PROBES} = 5\r\n`);
  });

  test('keepalive-incomplete: the values derived from a 120 s idle timeout (90 / 15 / 5)', () => {
    const text = lines(`${PROBES} = 5`);
    assert.deepStrictEqual(titles(text, 'sysctl/keepalive-incomplete', { settings: { idleTimeout: 120 } }), [
      'Add tcp_keepalive_time and tcp_keepalive_intvl (300 / 30 / 5, for long-lived connections)',
      'Add tcp_keepalive_time and tcp_keepalive_intvl for a 2 min idle timeout (90 / 15 / 5)',
    ]);
    assert.equal(
      fixed(text, 'sysctl/keepalive-incomplete', 'Add tcp_keepalive_time and tcp_keepalive_intvl for a 2 min idle timeout (90 / 15 / 5)', {
        settings: { idleTimeout: 120 },
      }),
      lines(`${PROBES} = 5`, `${TIME} = 90`, `${INTVL} = 15`),
    );
  });
});
