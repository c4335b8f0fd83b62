// The measuring helpers shared by scripts/gen-mycnf-options.mjs (MariaDB) and scripts/gen-mysql-options.mjs (MySQL):
// running the programs, reading `--help --verbose` and `--version`, the names to measure, reading a probe's outcome,
// turning the outcomes into option tables, the programs' exact words, the groups a program reads, the clamped ranges
// of numeric client options, the summary, and writing the file. Each generator keeps what its family does otherwise:
// how a start is probed and read (MariaDB's programs report every option error, MySQL's stop at the first; MySQL's
// mysql skips the first unknown option), and where the server variables come from.
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { mycnfTablesJson } from './mycnf-tables.mjs';

export const SENTINEL = 'zz_keepalive_lens_sentinel';
export const CLIENT_TAIL = ['--protocol=tcp', '--host=127.0.0.1', '--port=9'];
const PARALLEL = Math.max(4, availableParallelism() * 3);

/** Names measured although no program lists them: the article's advice, MySQL 8 client options, startup-only options. */
export const EXTRA_CANDIDATES = [
  'read_timeout',
  'write_timeout',
  'timeout',
  'connect_timeout',
  'max_allowed_packet',
  'net_read_timeout',
  'net_write_timeout',
  'wait_timeout',
  'interactive_timeout',
  'tcp_keepalive_time',
  'tcp_keepalive_interval',
  'tcp_keepalive_probes',
  'net_retry_count',
  'reconnect',
  'ssl_mode',
  'get_server_public_key',
  'server_public_key_path',
  'compression_algorithms',
  'zstd_compression_level',
  'tls_ciphersuites',
  'ssl_fips_mode',
  'login_path',
  'bind_address',
  'defaults_file',
  'defaults_extra_file',
  'defaults_group_suffix',
  'no_defaults',
  'print_defaults',
];

/**
 * A `run(program, args, { timeout, input })` that runs one process in `cwd` with `env` and a time limit and never
 * rejects; `where(program)` is the file to start (the name itself, looked up on PATH, by default).
 */
export function runner(cwd, env, where = (program) => program) {
  return (program, args, { timeout = 15_000, input } = {}) =>
    new Promise((resolve) => {
      const child = spawn(where(program), args, { cwd, env, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => {
        if (stdout.length < 65536) stdout += d;
      });
      child.stderr.on('data', (d) => {
        if (stderr.length < 65536) stderr += d;
      });
      if (input !== undefined) child.stdin.end(input);
      const timer = setTimeout(() => child.kill('SIGKILL'), timeout);
      child.on('close', (status, signal) => {
        clearTimeout(timer);
        resolve({ status, signal, stdout, stderr });
      });
      child.on('error', (e) => {
        clearTimeout(timer);
        resolve({ status: null, signal: null, stdout, stderr: String(e) });
      });
    });
}

/** `fn` over `items`, a few at a time; the results in the items' order. */
export async function pool(items, fn) {
  const out = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, items.length) }, worker));
  return out;
}

export const norm = (name) => name.toLowerCase().replaceAll('-', '_');
export const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * `--no-defaults --help --verbose`: the groups read, the options listed with their syntax, the variables with
 * their values. `dots`: option names may hold a `.` (MySQL's component options).
 */
export function parseHelp(text, { dots = false } = {}) {
  const groupsLine = /^The following groups are read: (.*)$/m.exec(text);
  const groups = groupsLine ? groupsLine[1].trim().split(/\s+/) : [];
  const listed = new Map(); // normalised name -> syntax ('' | '=#' | '=name' | '[=#]' | '[=name]')
  const lines = text.split('\n');
  const option = dots ? /^ {2}(?:-., )?--([A-Za-z0-9_.-]+)(\[?=(?:#|name)\]?)?/ : /^ {2}(?:-., )?--([A-Za-z0-9_-]+)(\[?=(?:#|name)\]?)?/;
  let i = lines.findIndex((l) => /^ {2}(-., )?--/.test(l));
  for (; i < lines.length && !/^Variables \(--variable-name=value\)/.test(lines[i]); i++) {
    const m = option.exec(lines[i]);
    if (m && !listed.has(norm(m[1]))) listed.set(norm(m[1]), m[2] ?? '');
  }
  const variables = new Map(); // normalised name -> value as printed
  for (i += 3; i < lines.length && lines[i].trim() !== ''; i++) {
    const m = /^(\S+)\s+(.*)$/.exec(lines[i]);
    if (m) variables.set(norm(m[1]), m[2].trim());
    else if (/^\S+$/.test(lines[i])) variables.set(norm(lines[i]), '');
  }
  return { groups, listed, variables };
}

/** A program's first `--version` line, its path left off (`/root/.cache/.../usr/sbin/mysqld  Ver ...` -> `mysqld Ver ...`). */
export const versionLine = (text) =>
  (text.split('\n')[0] ?? '')
    .replace(/^\S*\//, '')
    .replace(/\s+/g, ' ')
    .trim();

/**
 * Each program's `--no-defaults --help --verbose`, parsed with `parse`, and its `--version` line; `runSync(p, args)`
 * runs a program synchronously. Also the release the server names (`10.11.19-MariaDB-0+deb12u1`, `9.7.4-2`), its
 * `X.Y`, and my_print_defaults' version line.
 */
export function helpAndVersions(programs, server, runSync, parse) {
  const help = {};
  const versions = {};
  for (const p of programs) {
    const r = runSync(p, ['--no-defaults', '--help', '--verbose']);
    // MySQL's mysqladmin ends its help with exit 1, and mysqlslap prints no table of variables: the groups line tells.
    if (!/^The following groups are read: /m.test(r.stdout)) throw new Error(`${p} --help --verbose failed: ${r.stderr}`);
    help[p] = parse(r.stdout);
    versions[p] = versionLine(runSync(p, ['--no-defaults', '--version']).stdout);
  }
  const serverVersion = /Ver (\S+)/.exec(versions[server])?.[1] ?? 'unknown';
  const xy = /^(\d+\.\d+)/.exec(serverVersion)?.[1] ?? '0.0';
  const mpdVersion = versionLine(runSync('my_print_defaults', ['--version']).stdout);
  return { help, versions, serverVersion, xy, mpdVersion };
}

/**
 * The names to measure: for the clients, EXTRA_CANDIDATES and every name a client's --help lists; for the server,
 * those and every name its own --help lists. `candidatesOf(p)` reads the sets as they are then (a generator may add
 * names it found later).
 */
export function candidateNames(clients, server, help) {
  const clientNames = new Set(EXTRA_CANDIDATES);
  for (const p of clients) for (const n of [...help[p].listed.keys(), ...help[p].variables.keys()]) clientNames.add(n);
  const serverNames = new Set([...clientNames, ...help[server].listed.keys(), ...help[server].variables.keys()]);
  return { clientNames, serverNames, candidatesOf: (p) => [...(p === server ? serverNames : clientNames)].sort() };
}

/** The refusal a start's output shows for the probe `line`, if any (unknown, argument errors, disabled, ambiguous). */
export function refusalOf(text, line) {
  if (new RegExp(`unknown (variable '|option '--)${esc(line)}'`).test(text)) return 'unknown';
  if (/cannot take an argument/.test(text)) return 'no-argument';
  if (/requires an argument/.test(text)) return 'requires-argument';
  if (/used, but is disabled/.test(text)) return 'disabled';
  if (/ambiguous option|is not unique/.test(text)) return 'ambiguous';
  return undefined;
}

/** `probe(p, 'name=1')` for every job, then `probe(p, 'name')` for the ones not refused as unknown. */
export async function measure(list, probe) {
  const first = await pool(list, ({ p, name }) => probe(p, `${name}=1`));
  const again = list.map((j, i) => ({ ...j, first: first[i] })).filter((j) => j.first.outcome !== 'unknown');
  const second = await pool(again, ({ p, name }) => probe(p, name));
  return { first, again, second };
}

/** `skip_database` -> `database` when stripping my_getopt's special `modifiers` leaves a name `listedHere` by p. */
const modifierResolver = (modifiers, listedHere) => (p, name) => {
  let rest = name;
  for (;;) {
    const m = modifiers.find((x) => rest.startsWith(`${x}_`));
    if (!m) return undefined;
    rest = rest.slice(m.length + 1);
    if (listedHere(p, rest)) return rest;
  }
};

/**
 * Records the accepted option `name` of p in its table `m`: its argument kind (from `name=1`'s outcome `first`,
 * the bare name's among `bareJobs`/`bare`, and the syntax --help shows), the effect that stops the program, the
 * refused value; a name --help does not list goes to `m.unlisted`.
 */
function recordOption(m, { p, name, first, bareJobs, bare, help, listed }) {
  if (!listed) m.unlisted.push(name);
  const second = bareJobs.findIndex((j) => j.p === p && j.name === name);
  const b = second >= 0 ? bare[second] : undefined;
  const syntax = help[p].listed.get(name) ?? '';
  let arg;
  if (first.outcome === 'no-argument') arg = 'none';
  else if (b?.outcome === 'requires-argument') arg = 'required';
  else if (syntax.startsWith('[')) arg = 'optional';
  else if (syntax.startsWith('=')) arg = 'required';
  else arg = 'bool';
  m.options[name] = arg;
  const effect = [first.outcome, b?.outcome].find((o) => o === 'disabled' || o === 'exits');
  if (effect) m.effects[name] = effect;
  if (first.outcome === 'error') m.valueErrors[name] = first.message;
}

/** The options --help lists that an option file does not set under that name. */
const listedButRejected = (helpOfP, m) => [...helpOfP.listed.keys()].filter((n) => m.options[n] === undefined).sort();

/**
 * Each program's measured table from the outcomes of `name=1` (`first`, one per job of `jobs`) and of the bare name
 * (`bareJobs`, `bare`; see measure): a refused name (unknown, ambiguous) is left out; one that sets another option goes
 * to `resolvedAs` (a unique prefix, the outcome's `prefixOf`; or one of my_getopt's `modifiers` before a name the
 * program's --help lists); the others are recorded by recordOption, with the outcome's deprecation warning if any.
 */
export function measuredTables(programs, help, modifiers, { jobs, first, bareJobs, bare }) {
  const listedHere = (p, n) => help[p].listed.has(n) || help[p].variables.has(n);
  const viaModifier = modifierResolver(modifiers, listedHere);
  const measured = Object.fromEntries(programs.map((p) => [p, { options: {}, effects: {}, resolvedAs: {}, unlisted: [], valueErrors: {}, deprecated: {} }]));
  jobs.forEach(({ p, name }, i) => {
    const m = measured[p];
    const outcome = first[i];
    if (outcome.outcome === 'unknown' || outcome.outcome === 'ambiguous') return;
    if (outcome.prefixOf !== undefined && norm(outcome.prefixOf) !== name) {
      m.resolvedAs[name] = norm(outcome.prefixOf);
      return;
    }
    const base = listedHere(p, name) ? undefined : viaModifier(p, name);
    if (base !== undefined) {
      m.resolvedAs[name] = base;
      return;
    }
    recordOption(m, { p, name, first: outcome, bareJobs, bare, help, listed: listedHere(p, name) });
    if (outcome.deprecated !== undefined) m.deprecated[name] = outcome.deprecated;
  });
  for (const p of programs) measured[p].listedButRejected = listedButRejected(help[p], measured[p]);
  return measured;
}

/** The lines found for the probes `read_timeout=300`, bare `read_timeout` and `loose-read_timeout=300`, as templates. */
const MESSAGE_PROBES = ['read_timeout=300', 'read_timeout', 'loose-read_timeout=300'];
const messageTemplates = ([variable, option, loose]) => ({
  unknownVariable: variable.replace('read_timeout=300', '%s'),
  unknownOption: option.replace('read_timeout', '%s'),
  looseWarning: loose.replace('loose-read_timeout=300', '%s'),
});

/**
 * Each program's exact words for MESSAGE_PROBES, as templates, and its exit statuses after the first two.
 * `start(p, line)` runs the program with `line` in a probe file; `clean` takes a line's timestamp off.
 */
export async function messagesOf(programs, start, clean) {
  const messages = {};
  const exitStatuses = {};
  await pool(programs, async (p) => {
    const [variable, option, loose] = await Promise.all(
      MESSAGE_PROBES.map(async (line) => {
        const r = await start(p, line);
        const lines = r.stderr
          .split('\n')
          .map(clean)
          .filter((l) => l.includes(line));
        return { line: lines[0] ?? '', status: r.status };
      }),
    );
    messages[p] = messageTemplates([variable.line, option.line, loose.line]);
    exitStatuses[p] = { unknownVariable: variable.status, unknownOption: option.status };
  });
  return { messages, exitStatuses };
}

/**
 * The groups each program reads: `groupFile` gets one marker option per candidate group, `printDefaults(p, file)`
 * (the program's `--print-defaults`, synchronously) shows the ones it read, which must be the ones --help lists.
 */
export function groupsReadBy(programs, help, groupCandidates, groupFile, printDefaults) {
  writeFileSync(groupFile, groupCandidates.map((g, i) => `[${g}]\nmarker_${i}=1\n`).join(''));
  const groupsRead = {};
  for (const p of programs) {
    const r = printDefaults(p, groupFile);
    const got = [...r.stdout.matchAll(/--marker_(\d+)=1/g)].map((m) => groupCandidates[Number(m[1])]);
    const listed = help[p].groups;
    if (got.length !== listed.length || got.some((g) => !listed.includes(g))) {
      throw new Error(`${p}: --print-defaults read [${got.join(' ')}] but --help lists [${listed.join(' ')}]`);
    }
    groupsRead[p] = listed; // in the order the program names them
  }
  return groupsRead;
}

/**
 * Ranges of numeric client options: the value a program reports after clamping 0 and a huge number. `refused`:
 * stderr that says the value was not taken. `parse`: the program's --help --verbose parser.
 */
export async function clientRangesOf(clients, measured, help, run, { refused, parse }) {
  const clientRanges = {};
  await pool(
    clients.flatMap((p) =>
      Object.entries(measured[p].options)
        .filter(([n, arg]) => arg === 'required' && /^-?\d+$/.test(help[p].variables.get(n) ?? ''))
        .map(([n]) => ({ p, n })),
    ),
    async ({ p, n }) => {
      const value = async (v) => {
        const r = await run(p, ['--no-defaults', `--${n}=${v}`, '--help', '--verbose']);
        if (refused.test(r.stderr)) return undefined;
        return parse(r.stdout).variables.get(n);
      };
      // Unsigned options refuse -1 ("Incorrect unsigned value"), so their floor is what 0 becomes; signed ones
      // clamp a very negative number. strtoll/strtoull overflow is an error, hence two candidates for the top.
      const [zero, negative, top] = await Promise.all([value('0'), value('-9223372036854775808'), value('18446744073709551615')]);
      const max = top ?? (await value('9223372036854775807'));
      const min = negative ?? zero;
      const def = help[p].variables.get(n);
      if (![min, max, def].every((v) => v !== undefined && /^-?\d+$/.test(v))) return;
      clientRanges[p] ??= {};
      clientRanges[p][n] = { default: def, min, max };
    },
  );
  return clientRanges;
}

export const sortedEntries = (o) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** A program's ranges as written: JSON has no bigint, so decimal strings (the catalog module turns them back). */
export const rangesJson = (ranges) =>
  sortedEntries(Object.fromEntries(Object.entries(ranges ?? {}).map(([n, r]) => [n, { default: String(r.default), min: String(r.min), max: String(r.max) }])));

/** The lines of the summary both generators print about a program's table. */
export function reportLines(p, m) {
  const lines = [];
  if (m.listedButRejected.length) lines.push(`  ${p}: listed by --help but not taken under that name from a file: ${m.listedButRejected.join(' ')}`);
  if (m.unlisted.length) lines.push(`  ${p}: accepted although --help does not list them: ${m.unlisted.join(' ')}`);
  const refused = Object.entries(m.valueErrors);
  if (refused.length) lines.push(`  ${p}: value 1 refused (name accepted): ${refused.map(([n, e]) => `${n} (${e})`).join('; ')}`);
  if (Object.keys(m.deprecated).length) lines.push(`  ${p}: deprecated: ${Object.keys(m.deprecated).join(' ')}`);
  return lines;
}

/** Writes the tables to `out`, formatted by the repository's formatter (it decides quotes and line breaks). */
export function writeTables(out, data, repo) {
  writeFileSync(out, mycnfTablesJson(data));
  const fmt = spawnSync('npx', ['biome', 'format', '--write', out], { cwd: repo, encoding: 'utf8' });
  if (fmt.status !== 0) console.warn(`biome format failed: ${fmt.stderr}`);
}
