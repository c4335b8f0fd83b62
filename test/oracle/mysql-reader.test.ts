/**
 * Oracle test: `keepalive-lens explain --mysql-flavor mysql --group G... FILE` against MySQL 9.7's
 * `my_print_defaults --defaults-file=FILE --show G...`, the MySQL twin of test/oracle/mycnf-reader.test.ts (same
 * driver, test/oracle/mycnfReaderOracle.ts: the seeded trees of test/genMycnf.ts, stdout byte for byte, stderr line
 * by line without the program's name and its closing "[ERROR] Fatal error in defaults handling. Program aborted!",
 * the exit status class).
 *
 *   bash scripts/mysql-root.sh && node --import tsx --test test/oracle/mysql-reader.test.ts
 *
 * Compared: every tree; every MY_PRINT_DEFAULTS_FACT (measured with MariaDB's program: here the setups only, against
 * what MySQL's prints); every MYSQL_PRINT_DEFAULTS_FACT (test/mysqlFacts.ts: where MySQL's program prints otherwise),
 * whose records are checked against the program as well. And:
 * - MY_PRINT_DEFAULTS_LIMITS, the README's known limits of the reader, hold for MySQL's program too;
 * - `--show`: without it MySQL's my_print_defaults prints `--password=*****` for every argument that starts with
 *   `--password=` (only those: `--loose-password=x`, `--PASSWORD=x`, a bare `--password` are printed as they are).
 *   That is how it prints, not what the programs get, so explain prints the value (as with --show) and the
 *   comparison runs with --show;
 * - a missing or world-writable OPTION_FILE: explain prints what MySQL's programs print. my_print_defaults itself
 *   reads a missing file named with a directory part (`./x.cnf`, `/etc/x.cnf`) as empty, silently, with exit 0,
 *   where `mysql --defaults-file=...` stops ("Failed to open required defaults file"); explain follows the programs.
 *
 * The root is $KEEPALIVE_MYSQL_ROOT or ${XDG_CACHE_HOME:-~/.cache}/keepalive-lens/mysql-sid; when it is missing the
 * test skips, unless CI is set: then it fails, because .ci/run builds it. Some 15 s on two cores.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { MY_PRINT_DEFAULTS_FACTS, MY_PRINT_DEFAULTS_LIMITS, stderrLines, type WrittenFact, withoutProgramName } from '../mycnfFacts';
import { MYSQL_PRINT_DEFAULTS_ABORTED, MYSQL_PRINT_DEFAULTS_FACTS } from '../mysqlFacts';
import { MYSQL_ROOT, unavailableOracle } from './harness';
import { describeReaderOracle } from './mycnfReaderOracle';

const TITLE = "mysql reader oracle: explain --mysql-flavor mysql --group vs MySQL's my_print_defaults";
const BIN = join(MYSQL_ROOT, 'bin');
const MPD = join(BIN, 'my_print_defaults');

function unavailable(): string | undefined {
  if (process.platform !== 'linux') return `not Linux (${process.platform}); the MySQL oracle runs Debian's MySQL programs`;
  for (const p of [MPD, join(BIN, 'mysql')]) {
    if (!existsSync(p)) return `the private MySQL root is missing (no ${p}); build it with: bash scripts/mysql-root.sh`;
  }
  return undefined;
}

const reason = unavailable();
if (reason) {
  unavailableOracle(TITLE, reason, "agrees with MySQL's my_print_defaults");
} else {
  describeReaderOracle({
    title: TITLE,
    seed: 0x6d796364,
    program: MPD,
    programArgs: ['--show'],
    cliArgs: ['--mysql-flavor', 'mysql'],
    aborted: MYSQL_PRINT_DEFAULTS_ABORTED,
    facts: [
      { name: 'MY_PRINT_DEFAULTS_FACTS', list: MY_PRINT_DEFAULTS_FACTS },
      { name: 'MYSQL_PRINT_DEFAULTS_FACTS', list: MYSQL_PRINT_DEFAULTS_FACTS, recorded: true },
    ],
    scratch: 'mysql-reader-oracle-',
    more: (env) => {
      const explain = (args: readonly string[], w: WrittenFact) => env().run(process.execPath, [env().cli, 'explain', '--mysql-flavor', 'mysql', ...args], w);

      it("MySQL's my_print_defaults does what MY_PRINT_DEFAULTS_LIMITS records (the reader's known limits are the same for MySQL)", async () => {
        for (const limit of MY_PRINT_DEFAULTS_LIMITS) {
          const w = env().write(limit);
          const real = await env().run(MPD, [`--defaults-file=${w.main}`, '--show', ...limit.groups], w);
          assert.deepEqual(
            { status: real.status, stdout: real.stdout, stderr: stderrLines(real.stderr, w.dir).map(withoutProgramName) },
            { status: limit.status, stdout: limit.stdout, stderr: limit.stderr ?? [] },
            limit.title,
          );
        }
      });

      it('without --show it masks the values of --password= arguments, and only those; explain prints them as --show does', async () => {
        const setup = {
          title: 'passwords',
          files: { 'my.cnf': '[client]\npassword=a\nloose-password=b\npassword\nPASSWORD=d\npassword_x=e\npassword = "f g"\n' },
          groups: ['client'],
        };
        const w = env().write(setup);
        const masked = await env().run(MPD, [`--defaults-file=${w.main}`, 'client'], w);
        const shown = await env().run(MPD, [`--defaults-file=${w.main}`, '--show', 'client'], w);
        const ours = await explain(['--group', 'client', w.main], w);
        assert.deepEqual(
          { masked: masked.stdout, shown: shown.stdout },
          {
            masked: '--password=*****\n--loose-password=b\n--password\n--PASSWORD=d\n--password_x=e\n--password=*****\n',
            shown: '--password=a\n--loose-password=b\n--password\n--PASSWORD=d\n--password_x=e\n--password=f g\n',
          },
        );
        assert.deepEqual({ status: ours.status, stdout: ours.stdout, stderr: ours.stderr }, { status: 0, stdout: shown.stdout, stderr: '' });
      });

      it("a missing OPTION_FILE: explain stops as MySQL's programs do (my_print_defaults reads ./missing.cnf as empty)", async () => {
        const w = env().write({ title: 'missing', files: { 'other.cnf': '[client]\na=1\n' }, groups: ['client'] });
        const line = `[ERROR] Failed to open required defaults file: ${join(w.dir, 'missing.cnf')}`;
        for (const arg of ['missing.cnf', './missing.cnf', join(w.dir, 'missing.cnf')]) {
          const client = await env().run(join(BIN, 'mysql'), [`--defaults-file=${arg}`, '--print-defaults'], w);
          const mpd = await env().run(MPD, [`--defaults-file=${arg}`, '--show', 'client'], w);
          const ours = await explain(['--group', 'client', arg], w);
          assert.deepEqual(
            {
              status: client.status,
              stderr: client.stderr
                .split('\n')
                .filter(Boolean)
                .map((l) => l.replace(/^mysql: /, '')),
            },
            { status: 1, stderr: [line, MYSQL_PRINT_DEFAULTS_ABORTED] },
            arg,
          );
          assert.deepEqual({ status: ours.status, stdout: ours.stdout, stderr: ours.stderr }, { status: 2, stdout: '', stderr: `${line}\n` }, arg);
          // my_print_defaults' own way: only a bare name is looked for as the programs do.
          const quirk =
            arg === 'missing.cnf'
              ? { status: 2, stderr: `my_print_defaults: ${line}\nmy_print_defaults: ${MYSQL_PRINT_DEFAULTS_ABORTED}\n` }
              : { status: 0, stderr: '' };
          assert.deepEqual({ status: mpd.status, stderr: mpd.stderr }, quirk, arg);
        }
      });

      it('a world-writable OPTION_FILE is ignored with a warning: explain prints what my_print_defaults prints', async () => {
        const w = env().write({ title: 'ww', files: { 'my.cnf': '[client]\na=1\n' }, mode: { 'my.cnf': 0o666 }, groups: ['client'] });
        const real = await env().run(MPD, [`--defaults-file=${w.main}`, '--show', 'client'], w);
        const ours = await explain(['--group', 'client', w.main], w);
        const warning = `[Warning] World-writable config file '${w.main}' is ignored.`;
        assert.deepEqual(
          { status: real.status, stdout: real.stdout, stderr: real.stderr },
          { status: 0, stdout: '', stderr: `my_print_defaults: ${warning}\n` },
        );
        assert.deepEqual({ status: ours.status, stdout: ours.stdout, stderr: ours.stderr }, { status: 0, stdout: '', stderr: `${warning}\n` });
      });
    },
  });
}
