/**
 * OpenSSH's address lists (addrmatch.c: addr_match_list), as `Match Address` and `Match LocalAddress`
 * of sshd_config use them: comma-separated entries, `!` negates; an entry is an address or a CIDR block
 * (`10.0.0.0/8`, `2001:db8::/32`), or failing that a wildcard pattern matched against the address text.
 */
import { matchPattern } from './patterns';

/** An address as 16 bytes (IPv4 in the first 4) and its family. */
interface Addr {
  readonly v6: boolean;
  readonly bytes: readonly number[];
}

function parseV4(s: string): Addr | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const bytes: number[] = [];
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    bytes.push(Number(p));
  }
  return { v6: false, bytes };
}

function parseV6(s: string): Addr | undefined {
  // A scope (`fe80::1%eth0`) is not part of the address.
  const text = s.replace(/%.*$/, '');
  if (!/^[0-9a-fA-F:.]+$/.test(text) || !text.includes(':')) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string): number[] | undefined => {
    if (h === '') return [];
    const out: number[] = [];
    const parts = h.split(':');
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i];
      if (i === parts.length - 1 && p.includes('.')) {
        const v4 = parseV4(p);
        if (!v4) return undefined;
        out.push((v4.bytes[0] << 8) | v4.bytes[1], (v4.bytes[2] << 8) | v4.bytes[3]);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(p)) return undefined;
        out.push(Number.parseInt(p, 16));
      }
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const all = [...head, ...new Array(halves.length === 2 ? missing : 0).fill(0), ...tail];
  return { v6: true, bytes: all.flatMap((g) => [g >> 8, g & 0xff]) };
}

/** addr_pton: a numeric IPv4 or IPv6 address. */
export function parseAddress(s: string): Addr | undefined {
  return parseV4(s) ?? parseV6(s);
}

/** addr_pton_cidr: 0 and the block, -1 when the text is no address/len, -2 when the address has bits outside the mask. */
function parseCidr(s: string): { readonly r: 0; readonly addr: Addr; readonly len: number } | { readonly r: -1 | -2 } {
  const slash = s.indexOf('/');
  const addr = parseAddress(slash < 0 ? s : s.slice(0, slash));
  if (!addr) return { r: -1 };
  const max = addr.v6 ? 128 : 32;
  let len = max;
  if (slash >= 0) {
    const l = s.slice(slash + 1);
    if (!/^\d+$/.test(l) || Number(l) > 128) return { r: -1 };
    len = Number(l);
    // masklen_valid: a length the family cannot have is an error, not a wildcard.
    if (len > max) return { r: -2 };
  }
  for (let bit = len; bit < max; bit++) if (addr.bytes[bit >> 3] & (0x80 >> (bit & 7))) return { r: -2 };
  return { r: 0, addr, len };
}

function inBlock(a: Addr, block: Addr, len: number): boolean {
  if (a.v6 !== block.v6) return false;
  for (let bit = 0; bit < len; bit++) {
    const m = 0x80 >> (bit & 7);
    if ((a.bytes[bit >> 3] & m) !== (block.bytes[bit >> 3] & m)) return false;
  }
  return true;
}

/**
 * addr_match_list: 1 when a positive entry matches (and no negated one did before), -1 when a negated
 * entry matches, 0 when none does, -2 when the list is malformed (an empty entry, a block with bits set
 * outside its mask). With `addr` undefined only the list's syntax is checked (0 or -2).
 */
export function addrMatchList(addr: string | undefined, list: string): 1 | 0 | -1 | -2 {
  const tryAddr = addr === undefined ? undefined : parseAddress(addr);
  if (addr !== undefined && !tryAddr) return 0;
  let ret: 1 | 0 = 0;
  for (const item of list.split(',')) {
    const neg = item.startsWith('!');
    const entry = neg ? item.slice(1) : item;
    if (entry === '') return -2;
    const c = parseCidr(entry);
    if (c.r === -2) return -2;
    const found = c.r === 0 ? tryAddr !== undefined && inBlock(tryAddr, c.addr, c.len) : addr !== undefined && matchPattern(addr, entry);
    if (found) {
      if (neg) return -1;
      ret = 1;
    }
  }
  return ret;
}
