/**
 * IP address parsing and range classification for SSRF checks.
 *
 * Addresses are compared as 128-bit values (IPv4 mapped into ::ffff:0:0/96) so one table covers
 * both families, and IPv6 forms that embed an IPv4 address (mapped, compatible, NAT64, 6to4) are
 * classified by the IPv4 address they carry: `[::ffff:127.0.0.1]` is loopback, not "global v6".
 */

export type AddressClass =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'cgnat'
  | 'metadata'
  | 'unspecified'
  | 'multicast'
  | 'reserved'
  | 'invalid';

interface Range {
  readonly base: bigint;
  readonly bits: number;
  readonly cls: AddressClass;
}

export const V4_PREFIX = 0xffffn << 32n;

/** Parses canonical dotted-quad IPv4 (the WHATWG parser has already canonicalised odd notations). */
export function parseIPv4(s: string): number | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p)) return null;
    const v = Number(p);
    if (v > 255) return null;
    n = n * 256 + v;
  }
  return n;
}

/** Parses an IPv6 address (no brackets, no zone id) into a 128-bit bigint. */
export function parseIPv6(input: string): bigint | null {
  let s = input;
  if (s.length > 45 || s.length < 2) return null;
  let tail: bigint[] = [];
  const lastColon = s.lastIndexOf(':');
  const maybeV4 = s.slice(lastColon + 1);
  if (maybeV4.includes('.')) {
    const v4 = parseIPv4(maybeV4);
    if (v4 === null) return null;
    tail = [BigInt(v4 >>> 16), BigInt(v4 & 0xffff)];
    s = `${s.slice(0, lastColon + 1)}${tail.length ? '0:0' : ''}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const parse = (h: string): bigint[] | null => {
    if (h === '') return [];
    const out: bigint[] = [];
    for (const g of h.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
      out.push(BigInt(Number.parseInt(g, 16)));
    }
    return out;
  };
  const head = parse(halves[0] ?? '');
  const rest = halves.length === 2 ? parse(halves[1] ?? '') : [];
  if (head === null || rest === null) return null;
  let groups: bigint[];
  if (halves.length === 2) {
    const missing = 8 - head.length - rest.length;
    if (missing < 1) return null;
    groups = [...head, ...new Array<bigint>(missing).fill(0n), ...rest];
  } else {
    groups = head;
  }
  if (groups.length !== 8) return null;
  if (tail.length === 2) {
    groups[6] = tail[0]!;
    groups[7] = tail[1]!;
  }
  return groups.reduce((acc, g) => (acc << 16n) | g, 0n);
}

function v4(cidr: string, cls: AddressClass): Range {
  const [a, b] = cidr.split('/');
  return { base: V4_PREFIX | BigInt(parseIPv4(a ?? '') ?? 0), bits: 96 + Number(b), cls };
}
function v6(cidr: string, cls: AddressClass): Range {
  const [a, b] = cidr.split('/');
  return { base: parseIPv6(a ?? '') ?? 0n, bits: Number(b), cls };
}

// Most specific first: the first match wins. Sources: RFC 6890 special-purpose registries,
// cloud metadata endpoints (AWS 169.254.169.254 and fd00:ec2::254, Alibaba 100.100.100.200).
const RANGES: readonly Range[] = [
  v4('169.254.169.254/32', 'metadata'),
  v4('169.254.170.2/32', 'metadata'),
  v4('100.100.100.200/32', 'metadata'),
  v6('fd00:ec2::254/128', 'metadata'),
  v4('0.0.0.0/8', 'unspecified'),
  v4('10.0.0.0/8', 'private'),
  v4('100.64.0.0/10', 'cgnat'),
  v4('127.0.0.0/8', 'loopback'),
  v4('169.254.0.0/16', 'link-local'),
  v4('172.16.0.0/12', 'private'),
  v4('192.0.0.0/24', 'reserved'),
  v4('192.0.2.0/24', 'reserved'),
  v4('192.88.99.0/24', 'reserved'),
  v4('192.168.0.0/16', 'private'),
  v4('198.18.0.0/15', 'reserved'),
  v4('198.51.100.0/24', 'reserved'),
  v4('203.0.113.0/24', 'reserved'),
  v4('224.0.0.0/4', 'multicast'),
  v4('240.0.0.0/4', 'reserved'),
  v6('::/128', 'unspecified'),
  v6('::1/128', 'loopback'),
  v6('64:ff9b:1::/48', 'reserved'), // local-use NAT64 (RFC 8215): the IPv4 position depends on the prefix length
  v6('100::/64', 'reserved'),
  v6('2001::/32', 'reserved'), // Teredo: tunnels to an obfuscated IPv4 address
  v6('2001:db8::/32', 'reserved'),
  v6('fc00::/7', 'private'),
  v6('fe80::/10', 'link-local'),
  v6('fec0::/10', 'private'),
  v6('ff00::/8', 'multicast'),
];

function inRange(addr: bigint, r: Range): boolean {
  const shift = BigInt(128 - r.bits);
  return addr >> shift === r.base >> shift;
}

/** Returns the IPv4 address an IPv6 address embeds (mapped, compatible, NAT64, 6to4), if any. */
export function embeddedV4(addr: bigint): bigint | null {
  const high96 = addr >> 32n;
  if (high96 === 0xffffn || high96 === 0n) return addr & 0xffffffffn; // ::ffff:a.b.c.d, ::a.b.c.d
  // ::ffff:0:a.b.c.d, IPv4-translated (SIIT, RFC 6145): a translator on the path delivers it to a.b.c.d.
  if (high96 === 0xffff0000n) return addr & 0xffffffffn;
  if (high96 === 0x64ff9b0000000000000000n) return addr & 0xffffffffn; // 64:ff9b::/96 NAT64
  if (addr >> 112n === 0x2002n) return (addr >> 80n) & 0xffffffffn; // 2002:AABB:CCDD::/16 6to4
  return null;
}

/** Parses a literal (IPv4 canonical, IPv6 with or without brackets) to 128 bits, IPv4 mapped. */
export function addressToBigInt(ip: string): bigint | null {
  const s = ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
  if (s.includes(':')) return parseIPv6(s);
  const n = parseIPv4(s);
  return n === null ? null : V4_PREFIX | BigInt(n);
}

export function classifyBigInt(addr: bigint): AddressClass {
  // :: and ::1 would otherwise read as the IPv4-compatible 0.0.0.0 and 0.0.0.1.
  if (addr === 0n) return 'unspecified';
  if (addr === 1n) return 'loopback';
  const inner = embeddedV4(addr);
  const subject = inner === null ? addr : V4_PREFIX | inner;
  for (const r of RANGES) if (inRange(subject, r)) return r.cls;
  return 'public';
}

/**
 * Classifies an address. IPv4 in any notation the WHATWG parser accepts (`2130706433`, `0x7f.1`,
 * `0177.0.0.1`, `127.1`) is canonicalised first; anything that is not an IP literal is `invalid`.
 */
export function classifyAddress(ip: string): AddressClass {
  if (typeof ip !== 'string' || ip.length === 0 || ip.length > 64) return 'invalid';
  let literal = ip;
  if (!ip.includes(':')) {
    try {
      literal = new URL(`http://${ip}/`).hostname;
    } catch {
      return 'invalid';
    }
  }
  const n = addressToBigInt(literal);
  return n === null ? 'invalid' : classifyBigInt(n);
}

/**
 * True unless `ip` is a public unicast address. Fails closed: a string that is not an IP literal
 * counts as private. Use it on resolved addresses right before connecting (DNS rebinding).
 */
export function isPrivateAddress(ip: string): boolean {
  return classifyAddress(ip) !== 'public';
}

/** Parses `a.b.c.d/n`, `v6::/n` or a bare literal into a matcher; null when malformed. */
export function parseCidr(spec: string): ((addr: bigint) => boolean) | null {
  const [addr, bitsStr, extra] = spec.split('/');
  if (extra !== undefined || addr === undefined) return null;
  const isV6 = addr.includes(':');
  const base = addressToBigInt(addr);
  if (base === null) return null;
  const max = isV6 ? 128 : 32;
  const bits = bitsStr === undefined ? max : Number(bitsStr);
  if (!Number.isInteger(bits) || bits < 0 || bits > max || !/^\d*$/.test(bitsStr ?? '')) return null;
  const total = isV6 ? bits : 96 + bits;
  const shift = BigInt(128 - total);
  // IPv4 lives in ::ffff:0:0/96 here. An IPv6 range wider than that block (`::/0`, `::/64`) is
  // about IPv6 hosts and must not admit every IPv4 address, 127.0.0.1 and 10/8 included.
  if (isV6 && total < 96) return (a: bigint) => a >> 32n !== 0xffffn && a >> shift === base >> shift;
  return (a: bigint) => a >> shift === base >> shift;
}
