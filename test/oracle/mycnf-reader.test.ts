/**
 * Oracle test: `keepalive-lens explain --mysql-flavor mariadb --group G... FILE` against MariaDB's
 * `my_print_defaults --defaults-file=FILE G...`, on the seeded trees of test/genMycnf.ts and every
 * MY_PRINT_DEFAULTS_FACT (test/mycnfFacts.ts); the driver (what is compared, the knobs) is
 * test/oracle/mycnfReaderOracle.ts, shared with the MySQL twin test/oracle/mysql-reader.test.ts.
 *
 *   node --import tsx --test test/oracle/mycnf-reader.test.ts
 *
 * Skips when my_print_defaults is missing (apt-get install mariadb-client), unless CI is set: then it fails.
 */
import { spawnSync } from 'node:child_process';
import { MY_PRINT_DEFAULTS_ABORTED, MY_PRINT_DEFAULTS_FACTS } from '../mycnfFacts';
import { unavailableOracle } from './harness';
import { describeReaderOracle } from './mycnfReaderOracle';

const TITLE = 'mycnf reader oracle: explain --group vs my_print_defaults';

function unavailable(): string | undefined {
  if (process.platform !== 'linux') return `not Linux (${process.platform}); the mycnf oracle runs the Debian MariaDB programs`;
  if (spawnSync('sh', ['-c', 'command -v my_print_defaults']).status !== 0) return 'my_print_defaults is not installed (apt-get install mariadb-client)';
  return undefined;
}

const reason = unavailable();
if (reason) {
  unavailableOracle(TITLE, reason, 'agrees with my_print_defaults');
} else {
  describeReaderOracle({
    title: TITLE,
    seed: 0x6d796364,
    program: 'my_print_defaults',
    programArgs: [],
    cliArgs: ['--mysql-flavor', 'mariadb'],
    aborted: MY_PRINT_DEFAULTS_ABORTED,
    facts: [{ name: 'MY_PRINT_DEFAULTS_FACTS', list: MY_PRINT_DEFAULTS_FACTS }],
    scratch: 'mycnf-reader-oracle-',
  });
}
