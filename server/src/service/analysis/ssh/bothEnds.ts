/**
 * Both ends of a session (issue 5): when the workspace holds exactly one server config, which end gives up
 * first when the network path between them dies silently. Each end's time is its own timeline's outcome
 * (sshClientOutcome for this client, sshdOutcome for the server): nothing here computes a detection time.
 */
import { formatDuration } from '../../model/duration';
import type { Outcome } from '../../model/timeline';
import { formatVersion } from '../../model/version';
import { fileName } from '../../syntax/text';
import { readAtStart, resolveSshd, sshdInput } from '../sshd/resolve';
import { sshdOutcome } from '../sshd/timeline';
import type { Environment, Settings } from '../types';

/** The one server config of the workspace, read for the connections no Match block applies to. */
export interface ServerEnd {
  /** The file's name, as the CodeLens shows it (`server.sshd_config`). */
  readonly name: string;
  /** sshd's outcome for a dead client, for the release in the settings. */
  readonly outcome: Outcome;
  /** The file has Match blocks (other than `Match all`), which may give some connections other values. */
  readonly matchBlocks: boolean;
  /** The OpenSSH release assumed for the server (the client's). */
  readonly version: string;
}

/** Drop-ins (`sshd_config.d/*.conf`) are read through their main file's Include, not as servers of their own. */
const DROP_IN = /(^|\/)sshd_config\.d\/[^/]+\.conf$/;

/**
 * The workspace's server, when it has exactly one server config (with several, which one a Host reaches is not
 * known: undefined). Its values are those of the start reading with the `Match all` blocks, as the file's own
 * global-section CodeLens shows them; the server is assumed to run the client's OpenSSH release.
 */
export function serverEnd(env: Environment, settings: Settings): ServerEnd | undefined {
  const files = env.serverConfigs?.().filter((f) => !DROP_IN.test(f.uri));
  if (files?.length !== 1) return undefined;
  const file = files[0];
  const version = settings.sshVersion;
  const input = sshdInput(file.uri, file.text, version, env);
  const { root } = input;
  // An empty connection: the start values and the `Match all` blocks, like the file's global-section lens.
  const res = resolveSshd(input, {}, readAtStart(input));
  return {
    name: fileName(file.uri),
    outcome: sshdOutcome(res, settings),
    matchBlocks: root.sections.some((s) => s.header && !s.header.all),
    version: formatVersion(version),
  };
}

type Order = 'client' | 'server' | 'same' | 'neither';

/** Which end gives up first (an end that never does comes last). */
function order(client: Outcome, server: Outcome): Order {
  const c = client.detectAfter;
  const s = server.detectAfter;
  if (c === undefined && s === undefined) return 'neither';
  if (s === undefined || (c !== undefined && c < s)) return 'client';
  if (c === undefined || s < c) return 'server';
  return 'same';
}

/** The CodeLens tail: `server.sshd_config drops you later, after 2 min`. */
export function bothEndsTail(client: Outcome, server: ServerEnd): string {
  const after = server.outcome.detectAfter;
  switch (order(client, server.outcome)) {
    case 'client':
      return after === undefined ? `${server.name} never drops you` : `${server.name} drops you later, after ${formatDuration(after)}`;
    case 'server':
      return `${server.name} drops you first, after ${formatDuration(after ?? 0)}`;
    case 'same':
      return `${server.name} drops you at about the same time, after ${formatDuration(after ?? 0)}`;
    case 'neither':
      return `${server.name} never drops you either`;
  }
}

/** An outcome's arithmetic, with the directive its probes come from (the TCP formula names itself). */
function how(o: Outcome, interval: string): string {
  return o.mechanism === 'server-alive' || o.mechanism === 'idle-cut' ? `${interval} ${o.formula}` : o.formula;
}

/** The timeline note: both ends' times, with their arithmetic, and which end gives up first. */
export function bothEndsNote(client: Outcome, server: ServerEnd): string {
  const s = server.outcome;
  const clientPart =
    client.detectAfter === undefined
      ? `this client never notices (${client.formula})`
      : `this client exits after ${formatDuration(client.detectAfter)} (${how(client, 'ServerAliveInterval')})`;
  const serverPart =
    s.detectAfter === undefined
      ? `the server in ${server.name} never drops the session (${s.formula})`
      : `the server in ${server.name} drops the session after ${formatDuration(s.detectAfter)} (${how(s, 'ClientAliveInterval')})`;
  const verdict = {
    client: s.detectAfter === undefined ? 'only the client gives up: the server keeps the dead session open' : 'the client gives up first',
    server: client.detectAfter === undefined ? 'only the server gives up: this client keeps the dead session open' : 'the server gives up first',
    same: 'both give up at about the same time',
    neither: 'neither end gives up: the dead session stays open at both ends',
  }[order(client, s)];
  const match = server.matchBlocks ? ` Those are the server's values for connections no Match block applies to: its Match blocks may change them.` : '';
  return `Both ends, when the path dies: ${clientPart}; ${serverPart}, so ${verdict}. The server is assumed to run OpenSSH ${server.version}, like this client.${match}`;
}
