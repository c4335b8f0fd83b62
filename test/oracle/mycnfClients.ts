/**
 * How the option-file oracles start a client program of either family so that it reads its option files and then
 * tries to connect: to 127.0.0.1:9 over TCP, where nothing listens, so a client that starts says "Can't connect".
 * Used by test/oracle/mycnf-programs.test.ts, mysql-programs.test.ts, mycnf-analysis.test.ts and mysql-analysis.test.ts.
 */
import type { MycnfProgram } from '../../server/src/service/catalog/mycnf';

/** What a client needs besides its options before it connects: a database, a command, a file to import. */
const CONNECT_ARGS: Partial<Record<MycnfProgram, readonly string[]>> = {
  'mariadb-dump': ['mysql'],
  'mariadb-admin': ['ping'],
  'mariadb-check': ['mysql'],
  'mariadb-import': ['mysql', '/nonexistent/t.txt'],
  mysqldump: ['mysql'],
  mysqladmin: ['ping'],
  mysqlcheck: ['mysql'],
  mysqlimport: ['mysql', '/nonexistent/t.txt'],
};

/** The command line of a client start with the option file `file`. */
export const clientStart = (program: MycnfProgram, file: string): string[] => [
  `--defaults-file=${file}`,
  '--protocol=tcp',
  '--host=127.0.0.1',
  '--port=9',
  ...(CONNECT_ARGS[program] ?? []),
];
