/**
 * The bench file: a deterministic (seeded) 10,000-line ssh_config of 1,000 Host blocks.
 * `node --import tsx bench/generate.ts > config` prints it.
 */
import type { Position } from 'vscode-languageserver-types';
import { mulberry32 as prng } from '../test/prng';

export interface Generated {
  readonly text: string;
  readonly lines: number;
  readonly blocks: number;
  readonly wildcardBlocks: number;
  /** Keyword positions of the keepalive lines (ServerAlive*, ConnectTimeout), for hovers. */
  readonly keepaliveKeywords: Position[];
}

const BLOCKS = 1000;
const WILDCARDS = ['*.corp.example', 'web-*', 'db-? db-??', '*.staging.example !bastion.staging.example', 'build-*', '10.0.*'];

/**
 * 1,000 Host blocks of 10 lines each (the header and 9 body lines: HostName, User, Port,
 * IdentityFile, ServerAliveInterval, ServerAliveCountMax, ConnectTimeout, ForwardAgent and a
 * comment, in varying order and with varying values): 10,000 lines. Every 50th block is a
 * wildcard block (Host *.corp.example, Host web-*, ...), the last is `Host *`; the rest
 * have literal names, some of which the wildcard blocks above them also match.
 */
export function generateConfig(seed = 0x5eed): Generated {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const out: string[] = [];
  const keepaliveKeywords: Position[] = [];
  let wildcardBlocks = 0;
  const domains = ['corp.example', 'prod.example.com', 'staging.example', 'lab.internal', 'example.org'];
  const roles = ['web', 'db', 'app', 'cache', 'build', 'bastion', 'queue', 'search', 'mon', 'git'];
  const users = ['deploy', 'admin', 'ubuntu', 'ec2-user', 'git', 'ops', 'root'];
  for (let b = 0; b < BLOCKS; b++) {
    const last = b === BLOCKS - 1;
    const wildcard = !last && b % 50 === 25;
    let header: string;
    if (last) header = 'Host *';
    else if (wildcard) header = `Host ${WILDCARDS[wildcardBlocks % WILDCARDS.length]}`;
    else {
      const role = pick(roles);
      const n = String(b).padStart(3, '0');
      const style = rnd();
      header =
        style < 0.3
          ? `Host ${role}-${n}`
          : style < 0.6
            ? `Host ${role}${n}.${pick(domains)}`
            : style < 0.8
              ? `Host ${role}-${n} ${role}-${n}.${pick(domains)}`
              : `Host h${n}-${role}`;
    }
    if (wildcard || last) wildcardBlocks++;
    const indent = rnd() < 0.85 ? '    ' : '\t';
    const body: Array<{ line: string; keepalive?: boolean }> = [];
    const ipOrName = rnd() < 0.5 ? `10.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}` : `${pick(roles)}-${b}.${pick(domains)}`;
    body.push({ line: `HostName ${last ? '%h' : wildcard ? `%h.${pick(domains)}` : ipOrName}` });
    body.push({ line: `User ${pick(users)}` });
    body.push({ line: `Port ${rnd() < 0.7 ? 22 : pick([2222, 2200, 8022, 443])}` });
    body.push({ line: `IdentityFile ~/.ssh/id_${pick(['ed25519', 'rsa', 'ecdsa'])}${rnd() < 0.3 ? `_${pick(roles)}` : ''}` });
    // Keepalive: mostly sensible, sometimes longer than a NAT timeout, in units, or absent.
    const sai = rnd();
    if (sai < 0.1) body.push({ line: '# no keepalive here: relies on Host * below' });
    else {
      const value = sai < 0.6 ? pick(['15', '30', '60', '120']) : sai < 0.8 ? pick(['30s', '1m', '2m', '45']) : pick(['600', '900', '10m']);
      body.push({ line: `ServerAliveInterval ${value}`, keepalive: true });
    }
    body.push(
      rnd() < 0.8 ? { line: `ServerAliveCountMax ${pick(['2', '3', '3', '5', '10'])}`, keepalive: true } : { line: `TCPKeepAlive ${pick(['yes', 'no'])}` },
    );
    body.push({ line: `ConnectTimeout ${pick(['5', '10', '15', '30', '1m'])}`, keepalive: true });
    body.push({ line: `ForwardAgent ${pick(['yes', 'no', 'no'])}` });
    body.push({ line: `# ${pick(['managed by ansible', 'ticket OPS-', 'owner: team-', 'see runbook'])}${int(1, 9999)}` });
    // Shuffle the body (Fisher-Yates) except the comment, which stays first or last.
    const comment = body.pop()!;
    for (let i = body.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [body[i], body[j]] = [body[j], body[i]];
    }
    if (rnd() < 0.5) body.unshift(comment);
    else body.push(comment);
    out.push(header);
    for (const l of body) {
      if (l.keepalive) keepaliveKeywords.push({ line: out.length, character: indent.length + 3 });
      out.push(indent + l.line);
    }
  }
  return { text: `${out.join('\n')}\n`, lines: out.length, blocks: BLOCKS, wildcardBlocks, keepaliveKeywords };
}

if (process.argv[1] && /generate\.ts$/.test(process.argv[1])) process.stdout.write(generateConfig().text);
