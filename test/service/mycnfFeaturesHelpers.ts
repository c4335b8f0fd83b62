/**
 * Shared fixtures of the option-file feature tests (test/service/mycnf-features-*.test.ts): the example server file
 * and a representative file, and the timeline summaries their CodeLenses and hovers share.
 *
 * Durations: the server's dead-client detection is tcp_keepalive_time + interval × probes, each 0 (or above what the
 * kernel takes) replaced by the kernel value (7200 / 75 / 9); a client's connect bound is its connect_timeout when
 * that is shorter than the kernel's SYN retries (6 retries with 4 linear timeouts: 5 × 1 + 2 + 4 + ... + 64 = 131 s).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lines } from '../fixtures';

const ROOT = path.resolve(__dirname, '..', '..');
export const SERVER_EXAMPLE = fs.readFileSync(path.join(ROOT, 'examples/server.my.cnf'), 'utf8');

/** A server block, a [client] block that breaks programs, a [mysql] block, a group we do not model, a typo group. */
export const FILE = lines(
  '# A server for pooled connections', //       0
  '[mysqld]', //                                1
  'wait_timeout = 3600', //                     2  name 0..12, value 15..19
  'tcp_keepalive_time = 300', //                3  name 0..18, value 21..24
  'tcp_keepalive_interval = 30', //             4  name 0..22, value 25..27
  'tcp_keepalive_probes = 5', //                5  name 0..20, value 23..24
  '', //                                        6
  '[client]', //                                7
  'connect_timeout = 10', //                    8  name 0..15
  'read_timeout = 300', //                      9  name 0..12
  '', //                                        10
  '[mysql]', //                                 11
  'connect_timeout = 10', //                    12 name 0..15, value 18..20
  '', //                                        13
  '[mysqld_safe]', //                           14
  'log-error = /var/log/mysql/error.log', //    15 name 0..9, value 12..36
  '', //                                        16
  '[mysqd]', //                                 17
  'port = 3306', //                             18
);

/** 300 + 30 × 5 = 450 s. */
export const SERVER_450 = 'idle sessions closed after 1 h · dead clients found after 7 min 30 s (MariaDB keepalive)';
export const NOT_MODELLED = 'not read by the MariaDB or MySQL programs Keepalive Lens models';
