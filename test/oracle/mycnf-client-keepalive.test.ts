/**
 * Oracle test: the client programs turn TCP keepalive on for their connection to the server.
 *
 *   node --import tsx --test test/oracle/mycnf-client-keepalive.test.ts
 *
 * The client timeline says that a server dying while a client waits for an answer is found by the kernel's TCP
 * keepalive, "which the client library turns on". Here each client program of MariaDB (installed) and of MySQL (the
 * root scripts/mysql-root.sh unpacks) connects to a loopback listener that accepts and never answers; while it
 * waits for the server's greeting, `ss -tnoH` must show a keepalive timer on its socket (`timer:(keepalive,...)`).
 * No program is ever given a server that answers, so nothing else is exercised.
 *
 * Skips when the programs or `ss` are missing, unless CI is set: then it fails.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MARIADB_CLIENT_PROGRAMS, MYSQL_PROGRAM_NAMES, programTable } from '../../server/src/service/catalog/mycnf';
import { findOnPath, MYSQL_ROOT, unavailableOracle } from './harness';

const TITLE = 'the client programs turn TCP keepalive on (ss -o)';
const MYSQL_BIN = join(MYSQL_ROOT, 'bin');
const MYSQL_CLIENTS = MYSQL_PROGRAM_NAMES.filter((p) => programTable(p).kind === 'client');

const programs: Array<[name: string, file: string | undefined]> = [
  ...MARIADB_CLIENT_PROGRAMS.map((p): [string, string | undefined] => [p, findOnPath(p)]),
  ...MYSQL_CLIENTS.map((p): [string, string | undefined] => [p, existsSync(join(MYSQL_BIN, p)) ? join(MYSQL_BIN, p) : undefined]),
];
const missing = programs.filter(([, f]) => f === undefined).map(([p]) => p);
const ss = findOnPath('ss', ['/usr/sbin', '/sbin', '/usr/bin']);

/**
 * The `ss -tnoH` line of the connection from a client to 127.0.0.1:port: the first that shows a keepalive timer, or
 * the last seen after 5 s. The listener accepts as soon as the kernel has the connection, which is before the client
 * library's connect() returns and it sets SO_KEEPALIVE (a CI run caught the line in between), so one look is not enough.
 */
async function socketLine(port: number, accepted: Promise<Socket>): Promise<string> {
  const connected = await Promise.race([accepted.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), 5000))]);
  if (!connected) return 'no connection within 5 s';
  const deadline = Date.now() + 5000;
  for (;;) {
    const out = spawnSync(ss!, ['-tnoH', 'state', 'established', 'dst', `127.0.0.1:${port}`], { encoding: 'utf8' }).stdout.trim();
    if (KEEPALIVE_TIMER.test(out) || Date.now() > deadline) return out;
    await new Promise((r) => setTimeout(r, 50));
  }
}

const KEEPALIVE_TIMER = /timer:\(keepalive,/;

if (missing.length > 0 || !ss) {
  unavailableOracle(
    TITLE,
    `${[...missing, ...(ss ? [] : ['ss'])].join(', ')} not found (apt-get install mariadb-client iproute2; bash scripts/mysql-root.sh)`,
    'client programs set SO_KEEPALIVE',
  );
} else {
  describe(TITLE, () => {
    let server: Server;
    let port = 0;
    let waiting: ((s: Socket) => void) | undefined;
    const sockets: Socket[] = [];

    before(async () => {
      server = createServer((s) => {
        sockets.push(s);
        waiting?.(s);
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      port = (server.address() as { port: number }).port;
    });

    after(() => {
      for (const s of sockets) s.destroy();
      server.close();
    });

    for (const [name, file] of programs) {
      it(`${name}: keepalive timer on its connection while it waits for the greeting`, async () => {
        const accepted = new Promise<Socket>((r) => {
          waiting = r;
        });
        // The command-line clients would wait for a query after connecting; -e keeps mysql/mariadb non-interactive.
        const args = ['--no-defaults', '--protocol=tcp', '--host=127.0.0.1', `--port=${port}`, '--user=root'];
        if (name === 'mariadb' || name === 'mysql') args.push('-e', 'SELECT 1');
        // Each program connects before it looks at its arguments' objects; the import tools first want a file name.
        if (/import$/.test(name)) args.push('x', '/nonexistent/x.txt');
        else if (/(dump|show|check)$/.test(name)) args.push('x');
        else if (/admin$/.test(name)) args.push('ping');
        const child = spawn(file!, args, { stdio: ['ignore', 'ignore', 'pipe'] });
        try {
          const line = await socketLine(port, accepted);
          assert.match(line, KEEPALIVE_TIMER, `${name}: ss -tnoH shows ${JSON.stringify(line)}`);
        } finally {
          child.kill('SIGKILL');
        }
      });
    }
  });
}
