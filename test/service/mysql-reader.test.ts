/**
 * How MySQL's programs read option files (readMycnf(..., 'mysql')) where MariaDB's read otherwise, and what the
 * analysis and `explain` make of it for the mysql flavor and for both families:
 * - MYSQL_PRINT_DEFAULTS_FACTS (test/mycnfFacts.ts, measured with MySQL 9.7's my_print_defaults and re-checked by
 *   test/oracle/mysql-reader.test.ts) reproduced on real files; each is a real difference: MariaDB's reading of the
 *   same files prints otherwise;
 * - the two families get the same options from every MY_PRINT_DEFAULTS_FACT and every generated tree except where an
 *   `!include` path stands on a last line without a line break: the one thing that makes a file of unknown family
 *   worth reading twice;
 * - what MySQL's programs print about a file they cannot open (measured as root without CAP_DAC_OVERRIDE, which a
 *   test run as root cannot reproduce: a stand-in environment here);
 * - findings for the mysql flavor and for both families: mycnf/include-last-line, include-not-read,
 *   includedir-unreadable in the right family's words; each family's programs get their own reading's options;
 * - explain --mysql-flavor both: MariaDB's reading, and a note when MySQL's differs.
 *
 *   node --import tsx --test test/service/mysql-reader.test.ts
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { runCli } from '../../server/src/cli';
import { createNodeEnvironment } from '../../server/src/node/environment';
import type { Environment, Settings } from '../../server/src/service';
import { analyzeMycnf } from '../../server/src/service/analysis/mycnf';
import { mycnfContext } from '../../server/src/service/analysis/mycnf/context';
import { effectiveInt } from '../../server/src/service/analysis/mycnf/programs';
import { MYCNF_WORDS, type MycnfRead, mycnfGroupArgs, mycnfIncludePath, mycnfReadsAlike, readMycnf } from '../../server/src/service/analysis/mycnf/read';
import type { MycnfIncludeResult } from '../../server/src/service/analysis/types';
import type { MycnfFlavor } from '../../server/src/service/catalog/mycnf';
import { mycnfSymbols } from '../../server/src/service/features/symbols';
import { tokenizeMycnf } from '../../server/src/service/syntax/mycnf';
import { lines, range, TEST_SETTINGS } from '../fixtures';
import { generateMycnfTree, mulberry32 } from '../genMycnf';
import { MY_PRINT_DEFAULTS_FACTS, type MycnfSetup, type WrittenFact, writeMycnfFact } from '../mycnfFacts';
import { fileUri, printedBy, readFact, recordedIn, tempTree } from '../mycnfFixtures';
import { MYSQL_PRINT_DEFAULTS_ABORTED, MYSQL_PRINT_DEFAULTS_FACTS } from '../mysqlFacts';

const scratch = mkdtempSync(join(tmpdir(), 'mysql-reader-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
let written = 0;
const write = (setup: MycnfSetup): WrittenFact => {
  const dir = join(scratch, `f${written++}`);
  mkdirSync(dir);
  return writeMycnfFact(setup, dir);
};

describe("readMycnf(..., 'mysql') + mycnfGroupArgs print what MySQL's my_print_defaults prints (MYSQL_PRINT_DEFAULTS_FACTS)", () => {
  for (const fact of MYSQL_PRINT_DEFAULTS_FACTS) {
    test(fact.title, () => {
      const w = write(fact);
      assert.deepStrictEqual(printedBy(readFact(w, 'mysql'), w, fact.groups), recordedIn(fact, MYSQL_PRINT_DEFAULTS_ABORTED));
      // A difference indeed: MariaDB's programs print something else for the same files.
      assert.notDeepStrictEqual(printedBy(readFact(w, 'mariadb'), w, fact.groups), recordedIn(fact, MYSQL_PRINT_DEFAULTS_ABORTED));
    });
  }
});

/** A reading's options and where it stopped, without the words. */
const options = (read: MycnfRead) => ({
  entries: read.entries.map((e) => `${e.uri}:${e.line.line + 1} [${e.group}] ${e.arg}`),
  fatal: read.fatal ? `${read.fatal.uri}:${read.fatal.span.line + 1}` : undefined,
});

describe('the families read the same options, but for an !include path on a last line without a line break', () => {
  test('every MY_PRINT_DEFAULTS_FACT', () => {
    let cut = 0;
    for (const fact of MY_PRINT_DEFAULTS_FACTS) {
      const w = write(fact);
      const [mariadb, mysql] = [readFact(w, 'mariadb'), readFact(w, 'mysql')];
      // Either family's reading tells (the analysis looks at the first family's only).
      assert.equal(mycnfReadsAlike(mysql), mycnfReadsAlike(mariadb), fact.title);
      if (mycnfReadsAlike(mariadb)) assert.deepStrictEqual(options(mysql), options(mariadb), fact.title);
      else {
        cut++;
        assert.notDeepStrictEqual(options(mysql), options(mariadb), fact.title);
      }
    }
    assert.equal(cut, 4, 'the facts about a cut path (x.cnf, x.cnf \\tX, a one-character path, the quoted depth-limit directive)');
  });

  test('200 generated trees (test/genMycnf.ts)', () => {
    const r = mulberry32(0x6d79736c);
    const counts = { alike: 0, cut: 0, cutAndDifferent: 0 };
    for (let i = 0; i < 200; i++) {
      const tree = generateMycnfTree(r, i);
      const w = write(tree);
      const [mariadb, mysql] = [readFact(w, 'mariadb'), readFact(w, 'mysql')];
      assert.equal(mycnfReadsAlike(mysql), mycnfReadsAlike(mariadb), `tree #${i}`);
      if (mycnfReadsAlike(mariadb)) {
        counts.alike++;
        assert.deepStrictEqual(options(mysql), options(mariadb), `tree #${i}`);
      } else {
        counts.cut++;
        if (JSON.stringify(options(mysql)) !== JSON.stringify(options(mariadb))) counts.cutAndDifferent++;
      }
    }
    assert.ok(counts.alike >= 100 && counts.cutAndDifferent >= 10, JSON.stringify(counts));
  });
});

describe('mycnfIncludePath: the path each family takes', () => {
  const pathOf = (text: string, flavor: MycnfFlavor) => {
    const l = tokenizeMycnf(text).lines.find((x) => x.include)!;
    return mycnfIncludePath(l, flavor);
  };
  test('a terminated line: the same, trailing whitespace trimmed', () => {
    for (const f of ['mariadb', 'mysql'] as const) assert.equal(pathOf('!include  /a b.cnf \t\n', f), '/a b.cnf');
  });
  test('a last line without a line break: MariaDB cuts a character, then whitespace; MySQL takes it whole', () => {
    assert.deepStrictEqual(
      ['!include /etc/x.cnf', '!include /etc/x.cnf \tX', '!include x', '!includedir /d/ '].map((t) => [pathOf(t, 'mariadb'), pathOf(t, 'mysql')]),
      [
        ['/etc/x.cn', '/etc/x.cnf'],
        ['/etc/x.cnf', '/etc/x.cnf \tX'],
        ['', 'x'],
        ['/d/', '/d/'],
      ],
    );
  });
});

describe("what MySQL's programs print about a file they cannot open (a stand-in environment: root opens everything)", () => {
  const denied = { errno: 13, text: 'Permission denied' };
  // Measured (setpriv --bounding-set -dac_override,-dac_read_search): `File '/tmp/perm/locked.cnf' not found (OS
  // errno 13 - Permission denied)`, then the directive; in an !includedir the same, naming `includedir`.
  const env: Environment = {
    mycnfInclude: (kind, path): MycnfIncludeResult => {
      const skipped = { name: path, failed: { step: 'open', error: denied } } as const;
      if (kind === 'include') return { files: [], skipped };
      const locked = { ...skipped, name: `${path}/a.cnf` };
      return {
        files: [{ uri: 'file:///d/b.cnf', text: '[client]\nb=1\n' }],
        order: [locked, { uri: 'file:///d/b.cnf', text: '[client]\nb=1\n' }],
      };
    },
  };
  const text = lines('[client]', 'a=1', '!include /tmp/perm/locked.cnf', '!includedir /d', 'z=1', '');
  test('MySQL: the failure, then the directive; the file goes on', () => {
    const read = readMycnf('file:///etc/my.cnf', text, env, 'mysql');
    assert.deepStrictEqual(
      { args: mycnfGroupArgs(read, ['client']).map((e) => e.arg), messages: read.messages.map((m) => [m.via, m.message]), fatal: read.fatal },
      {
        args: ['--a=1', '--b=1', '--z=1'],
        messages: [
          [2, "File '/tmp/perm/locked.cnf' not found (OS errno 13 - Permission denied)"],
          [2, "[ERROR] Stopped processing the 'include' directive in file /etc/my.cnf at line 3."],
          [3, "File '/d/a.cnf' not found (OS errno 13 - Permission denied)"],
          [3, "[ERROR] Stopped processing the 'includedir' directive in file /etc/my.cnf at line 4."],
        ],
        fatal: undefined,
      },
    );
  });
  test('MariaDB: not a word', () => {
    const read = readMycnf('file:///etc/my.cnf', text, env, 'mariadb');
    assert.deepStrictEqual([mycnfGroupArgs(read, ['client']).map((e) => e.arg), read.messages], [['--a=1', '--b=1', '--z=1'], []]);
  });
  test('the analysis words the facts for the family (the finding and the hover say the same)', () => {
    const said = (mysqlFlavor: Settings['mysqlFlavor']) => {
      const a = analyzeMycnf('file:///etc/my.cnf', text, { ...TEST_SETTINGS, mysqlFlavor }, env);
      const notRead = a.findings.filter((f) => f.code === 'mycnf/include-not-read').map((f) => [f.span.line, f.message]);
      return { notRead, hover: a.factsAt(2, 3)?.effective };
    };
    const mysql = (name: string, kind: string, line: number) =>
      `\`File '${name}' not found (OS errno 13 - Permission denied)\` and \`[ERROR] Stopped processing the '${kind}' directive in file /etc/my.cnf at line ${line}.\``;
    const locked = "`/tmp/perm/locked.cnf`: Permission denied. MySQL's programs print";
    assert.deepStrictEqual((['mariadb', 'mysql', 'both'] as const).map(said), [
      {
        notRead: [
          [2, '/tmp/perm/locked.cnf cannot be read (Permission denied): the programs skip it without a word.'],
          [3, '/d/a.cnf cannot be read (Permission denied): the programs skip it without a word.'],
        ],
        hover: '/tmp/perm/locked.cnf cannot be read (Permission denied): the programs skip it without a word.',
      },
      {
        notRead: [
          [2, `${locked} ${mysql('/tmp/perm/locked.cnf', 'include', 3)} at every start, and go on without it.`],
          [3, `\`/d/a.cnf\`: Permission denied. MySQL's programs print ${mysql('/d/a.cnf', 'includedir', 4)} at every start, and go on without it.`],
        ],
        hover: `${locked} ${mysql('/tmp/perm/locked.cnf', 'include', 3)} at every start, and go on without it.`,
      },
      {
        notRead: [
          [
            2,
            `\`/tmp/perm/locked.cnf\`: Permission denied. MariaDB's programs skip it without a word; MySQL's print ${mysql('/tmp/perm/locked.cnf', 'include', 3)} at every start, and go on without it.`,
          ],
          [
            3,
            `\`/d/a.cnf\`: Permission denied. MariaDB's programs skip it without a word; MySQL's print ${mysql('/d/a.cnf', 'includedir', 4)} at every start, and go on without it.`,
          ],
        ],
        hover: `\`/tmp/perm/locked.cnf\`: Permission denied. MariaDB's programs skip it without a word; MySQL's print ${mysql('/tmp/perm/locked.cnf', 'include', 3)} at every start, and go on without it.`,
      },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------------
// The analysis

const MYSQL: Settings = { ...TEST_SETTINGS, mysqlFlavor: 'mysql', mysqlFlavorSource: 'setting' };
const BOTH: Settings = { ...TEST_SETTINGS, mysqlFlavor: 'both', mysqlFlavorSource: 'setting' };

const roots: string[] = [];
after(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});
const tree = (files: Record<string, string>, modes: Record<string, number> = {}) => {
  const root = tempTree(files, modes);
  roots.push(root);
  return root;
};

/** The findings of `text` as `root`/my.cnf, with the node environment: code, span and message. */
function found(root: string, text: string, settings: Settings) {
  return analyzeMycnf(fileUri(`${root}/my.cnf`), text, settings, createNodeEnvironment()).findings.map((f) => ({
    code: f.code,
    range: range(f.span.line, f.span.start, f.span.end),
    message: f.message,
  }));
}

describe('the analysis reads a file once for both families, twice only when their readings differ', () => {
  test('alike: one reading serves both families; a cut !include path: each family its own, sharing the lines both read', () => {
    const root = tree({ 'x.cnf': lines('[mysqld]', 'wait_timeout=3600', ''), 'x.cn': lines('[mysqld]', 'wait_timeout=7200', '') });
    const uri = fileUri(`${root}/my.cnf`);
    const readings = (text: string) => {
      const ctx = mycnfContext(uri, text, BOTH, createNodeEnvironment());
      const [mariadb, mysql] = [ctx.reads.get('mariadb')!, ctx.reads.get('mysql')!];
      return {
        same: mariadb === mysql,
        flavors: [mariadb.flavor, mysql.flavor],
        entries: [mariadb, mysql].map((r) => r.entries.map((e) => `${e.uri.replace(`file://${root}/`, '')}:${e.line.line + 1} ${e.arg}`)),
        sharedFirst: mariadb.entries[0] === mysql.entries[0],
      };
    };
    assert.deepStrictEqual(readings(lines('[mysqld]', 'port=1', `!include ${root}/x.cnf`, '')), {
      same: true,
      flavors: ['mariadb', 'mariadb'],
      entries: [
        ['my.cnf:2 --port=1', 'x.cnf:2 --wait_timeout=3600'],
        ['my.cnf:2 --port=1', 'x.cnf:2 --wait_timeout=3600'],
      ],
      sharedFirst: true,
    });
    assert.deepStrictEqual(readings(lines('[mysqld]', 'port=1', `!include ${root}/x.cnf`)), {
      same: false,
      flavors: ['mariadb', 'mysql'],
      entries: [
        ['my.cnf:2 --port=1', 'x.cn:2 --wait_timeout=7200'],
        ['my.cnf:2 --port=1', 'x.cnf:2 --wait_timeout=3600'],
      ],
      sharedFirst: true,
    });
  });
});

describe('findings for MySQL and for both families', () => {
  test('!include on the last line without a line break: nothing for MySQL (it reads the path whole); both families: who reads what', () => {
    const root = tree({ 'x.cnf': lines('[mysqld]', 'wait_timeout=3600', ''), 'x.cn': lines('[mysqld]', 'wait_timeout=7200', '') });
    const text = lines('[mysqld]', `!include ${root}/x.cnf`);
    const span = range(1, 9, 9 + root.length + 6);
    assert.deepStrictEqual(found(root, text, MYSQL), []);
    assert.deepStrictEqual(found(root, text, BOTH), [
      {
        code: 'mycnf/include-last-line',
        range: span,
        message: `The file ends without a line break after this line, so MariaDB's programs drop the path's last character and read \`${root}/x.cn\`, not \`${root}/x.cnf\` (MySQL's read \`${root}/x.cnf\`).`,
      },
    ]);
    // Each family's programs run with their own reading; the hover says who reads which file; the outline names the path read.
    const a = analyzeMycnf(fileUri(`${root}/my.cnf`), text, BOTH, createNodeEnvironment());
    assert.deepStrictEqual(
      ['mariadbd', 'mysqld'].map((p) => effectiveInt(a.views.get(p as 'mariadbd')!, 'wait_timeout')?.value),
      [7200, 3600],
    );
    assert.equal(a.factsAt(1, 3)?.effective, `MariaDB 10.11: Reads, in this order:\n\n- ${root}/x.cn\n\nMySQL 9.7: Reads, in this order:\n\n- ${root}/x.cnf`);
    const mysql = analyzeMycnf(fileUri(`${root}/my.cnf`), text, MYSQL, createNodeEnvironment());
    assert.equal(mysql.factsAt(1, 3)?.effective, `Reads, in this order:\n\n- ${root}/x.cnf`);
    assert.deepStrictEqual(
      [a, mysql].map((x) => mycnfSymbols(x)[0]!.children!.map((c) => c.detail)),
      [[`${root}/x.cn`], [`${root}/x.cnf`]],
    );
  });

  test('a one-character !include path on the last line: MariaDB stops, MySQL reads the file', () => {
    const root = tree({});
    const text = lines('[mysqld]', 'wait_timeout=3600', '!include x');
    const span = range(2, 9, 10);
    assert.deepStrictEqual(found(root, text, MYSQL), [
      {
        code: 'mycnf/include-not-read',
        range: span,
        message: "x is a relative path: the programs resolve it against their working directory, not this file's directory, so it is not followed here.",
      },
    ]);
    assert.deepStrictEqual(found(root, text, BOTH), [
      {
        code: 'mycnf/include-last-line',
        range: span,
        message:
          "The file ends without a line break after this line: MariaDB's programs drop the path's last character, are left without a path and stop (\"Wrong '!include' directive in config file\"); MySQL's read `x`.",
      },
      {
        code: 'mycnf/include-not-read',
        range: span,
        message: "x is a relative path: the programs resolve it against their working directory, not this file's directory, so it is not followed here.",
      },
    ]);
    // Only MariaDB's programs stop: their views say so, and the group's lens lists mariadbd as not starting (not "no
    // program starts"); the hover says what each family does.
    const a = analyzeMycnf(fileUri(`${root}/my.cnf`), text, BOTH, createNodeEnvironment());
    const stop = `Wrong '!include' directive in config file: ${root}/my.cnf at line 3`;
    assert.deepStrictEqual(
      (['mariadbd', 'mariadb', 'mysqld', 'mysql'] as const).map((p) => a.views.get(p)!.stopped?.message),
      [`error: ${stop}`, `error: ${stop}`, undefined, undefined],
    );
    assert.equal(
      a.scopes[0]!.summary,
      `[mysqld] mariadbd does not start (${stop}) · mysqld: idle sessions closed after 1 h · dead clients found after 1 h (wait_timeout)`,
    );
    assert.equal(
      a.factsAt(2, 3)?.effective,
      "MariaDB 10.11: stops here (no path).\n\nMySQL 9.7: x is a relative path: the programs resolve it against their working directory, not this file's directory, so it is not followed here.",
    );
  });

  test('a missing !include target: MySQL reports it at every start', () => {
    const root = tree({});
    const text = lines('[mysqld]', `!include ${root}/missing.cnf`, '');
    const span = range(1, 9, 9 + root.length + 12);
    const stat = `\`Can't get stat of '${root}/missing.cnf' (OS errno 2 - No such file or directory)\``;
    const stopped = `\`[ERROR] Stopped processing the 'include' directive in file ${root}/my.cnf at line 2.\``;
    assert.deepStrictEqual(found(root, text, MYSQL), [
      {
        code: 'mycnf/include-not-read',
        range: span,
        message: `\`${root}/missing.cnf\`: No such file or directory. MySQL's programs print ${stat} and ${stopped} at every start, and go on without it.`,
      },
    ]);
    assert.deepStrictEqual(found(root, text, BOTH), [
      {
        code: 'mycnf/include-not-read',
        range: span,
        message: `\`${root}/missing.cnf\`: No such file or directory. MariaDB's programs skip it without a word; MySQL's print ${stat} and ${stopped} at every start, and go on without it.`,
      },
    ]);
  });

  test('a world-writable !include target and one in an !includedir: the warnings in MySQL words, or both', () => {
    const root = tree({ 'ww.cnf': lines('[mysqld]', 'port=1', ''), 'd/a.cnf': lines('[mysqld]', 'port=2', '') }, { 'ww.cnf': 0o666, 'd/a.cnf': 0o666 });
    const text = lines('[mysqld]', `!include ${root}/ww.cnf`, `!includedir ${root}/d`, '');
    const spans = [range(1, 9, 9 + root.length + 7), range(2, 12, 12 + root.length + 2)];
    assert.deepStrictEqual(found(root, text, MYSQL), [
      { code: 'mycnf/include-not-read', range: spans[0]!, message: `[Warning] World-writable config file '${root}/ww.cnf' is ignored.` },
      { code: 'mycnf/include-not-read', range: spans[1]!, message: `[Warning] World-writable config file '${root}/d/a.cnf' is ignored.` },
    ]);
    const both = (f: string) =>
      `\`${root}/${f}\` is world-writable: the programs ignore it, with a warning (MariaDB's \`Warning: World-writable config file '${root}/${f}' is ignored\`, MySQL's \`[Warning] World-writable config file '${root}/${f}' is ignored.\`).`;
    assert.deepStrictEqual(found(root, text, BOTH), [
      { code: 'mycnf/include-not-read', range: spans[0]!, message: both('ww.cnf') },
      { code: 'mycnf/include-not-read', range: spans[1]!, message: both('d/a.cnf') },
    ]);
  });

  test('!includedir of a missing directory: every program stops, in MySQL words; the lens quotes the reason without [ERROR]', () => {
    const root = tree({});
    const text = lines('[mysqld]', 'wait_timeout=3600', `!includedir ${root}/nodir`, '');
    assert.deepStrictEqual(found(root, text, MYSQL), [
      {
        code: 'mycnf/includedir-unreadable',
        range: range(2, 12, 12 + root.length + 6),
        message: `Every program stops: \`Can't read dir of '${root}/nodir' (OS errno 2 - No such file or directory)\`.`,
      },
    ]);
    // The hover quotes the family's own words too (MariaDB's, for both families).
    const hover = (settings: Settings) => analyzeMycnf(fileUri(`${root}/my.cnf`), text, settings, createNodeEnvironment()).factsAt(2, 13)?.effective;
    assert.deepStrictEqual([MYSQL, BOTH].map(hover), [
      `Can't read dir of '${root}/nodir' (OS errno 2 - No such file or directory)`,
      `Can't read dir of '${root}/nodir' (Errcode: 2 "No such file or directory")`,
    ]);
    const orphan = analyzeMycnf(fileUri(`${root}/my.cnf`), lines('[mysqld]', `!include ${root}/nodir`, 'port=1', '[client'), MYSQL, createNodeEnvironment());
    assert.equal(orphan.scopes[0]!.summary, `[mysqld] no program starts: Wrong group definition in config file ${root}/my.cnf at line 4.`);
  });

  test('an included file with an error: quoted in MySQL words', () => {
    const root = tree({ 'nogroup.cnf': lines('wait_timeout=3600', '[mysqld]', '') });
    const text = lines('[mysqld]', `!include ${root}/nogroup.cnf`, '');
    const error = `[ERROR] Found option without preceding group in config file ${root}/nogroup.cnf at line 1.`;
    assert.deepStrictEqual(found(root, text, MYSQL), [
      {
        code: 'mycnf/included-file-error',
        range: range(1, 0, 21 + root.length),
        message: `The programs print \`${error}\` and stop reading nogroup.cnf there: the rest of that file is ignored (they go on with this one).`,
      },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------------
// explain

async function explain(cwd: string, args: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(['explain', ...args], { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd, env: process.env });
  return { code, out, err };
}

describe('explain --group for MySQL and for both families', () => {
  test("--mysql-flavor mysql: MySQL's reading in MySQL's words; a missing OPTION_FILE as MySQL's programs say it", async () => {
    const root = tree({ 'x.cnf': lines('[client]', 'whole=1', ''), 'my.cnf': lines('[client]', 'a=1', '!include missing.cnf', '!include x.cnf') });
    assert.deepStrictEqual(await explain(root, ['--mysql-flavor', 'mysql', '--group', 'client', 'my.cnf']), {
      code: 0,
      out: '--a=1\n--whole=1\n',
      err: `Can't get stat of 'missing.cnf' (OS errno 2 - No such file or directory)\n[ERROR] Stopped processing the 'include' directive in file ${root}/my.cnf at line 3.\n`,
    });
    assert.deepStrictEqual(await explain(root, ['--mysql-flavor', 'mysql', '--group', 'client', 'nope.cnf']), {
      code: 2,
      out: '',
      err: `${MYCNF_WORDS.mysql.missingDefaultsFile(`${root}/nope.cnf`)}\n`,
    });
  });

  test('--mysql-flavor both: what MariaDB reads, and a note when MySQL reads something else (JSON: otherFamily)', async () => {
    const root = tree({
      'x.cnf': lines('[client]', 'whole=1', ''),
      'x.cn': lines('[client]', 'cut=1', ''),
      'same.cnf': lines('[client]', 'a=1', ''),
      'gone.cnf': lines('[client]', 'a=1', '!include nope.cnf'),
      'my.cnf': lines('[client]', 'a=1', '!include x.cnf'),
    });
    assert.deepStrictEqual(await explain(root, ['--mysql-flavor', 'both', '--group', 'client', 'my.cnf']), {
      code: 0,
      out: '--a=1\n--cut=1\n',
      err: "keepalive-lens: MariaDB's and MySQL's programs read this file differently: the above is MariaDB's reading; MySQL's get --a=1 --whole=1 (--mysql-flavor mysql prints their reading)\n",
    });
    const json = JSON.parse((await explain(root, ['--json', '--mysql-flavor', 'both', '--group', 'client', 'my.cnf'])).out);
    assert.deepStrictEqual(
      [json.options.map((o: { arg: string }) => o.arg), json.otherFamily.flavor, json.otherFamily.options.map((o: { arg: string }) => o.arg)],
      [['--a=1', '--cut=1'], 'mysql', ['--a=1', '--whole=1']],
    );
    // Alike: no note, no otherFamily; nor when the paths differ but name files missing alike (MySQL's own words are
    // for --mysql-flavor mysql).
    assert.deepStrictEqual(await explain(root, ['--mysql-flavor', 'both', '--group', 'client', 'same.cnf']), { code: 0, out: '--a=1\n', err: '' });
    assert.equal(JSON.parse((await explain(root, ['--json', '--mysql-flavor', 'both', '--group', 'client', 'same.cnf'])).out).otherFamily, undefined);
    assert.deepStrictEqual(await explain(root, ['--mysql-flavor', 'both', '--group', 'client', 'gone.cnf']), { code: 0, out: '--a=1\n', err: '' });
    assert.equal(JSON.parse((await explain(root, ['--json', '--mysql-flavor', 'both', '--group', 'client', 'gone.cnf'])).out).otherFamily, undefined);
  });
});
