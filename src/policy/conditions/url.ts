/**
 * URL checks against SSRF. Parsing is WHATWG (Node's `URL`), the same parser `fetch` uses, so
 * the host we check is the host that would be contacted: `http://2130706433`, `http://0x7f.1`,
 * `http://127.1` and `http://%31%32%37.0.0.1` all become `127.0.0.1` before any comparison.
 *
 * Input that parsers disagree on is refused rather than interpreted (backslashes, control
 * characters, whitespace, userinfo): a parser differential between us and the tool's HTTP client
 * is exactly how allow-lists are bypassed (Orange Tsai, "A New Era of SSRF", Black Hat 2017).
 */
import {
  type AddressClass,
  addressToBigInt,
  classifyBigInt,
  embeddedV4,
  parseCidr,
  V4_PREFIX,
} from './ip.js';

export { classifyAddress, isPrivateAddress } from './ip.js';

export interface UrlCheckOptions {
  /** Host patterns: `example.com` (exact), `*.example.com` (subdomains only), IP literal, CIDR, or `*` (any public host). */
  readonly allowHosts: readonly string[];
  readonly denyHosts?: readonly string[];
  /** Allow private, loopback, link-local and CGNAT addresses (cloud metadata stays blocked unless listed exactly). */
  readonly allowPrivate?: boolean;
  /** Allowed schemes without `:`. Default `['https']`. */
  readonly schemes?: readonly string[];
  /** Allowed ports. Default: only the scheme's default port. */
  readonly ports?: readonly number[];
}

export type UrlCheckResult =
  | { readonly ok: true; readonly url: URL; readonly host: string }
  | { readonly ok: false; readonly code: UrlCheckCode; readonly reason: string };

export type UrlCheckCode =
  | 'url_invalid'
  | 'url_scheme'
  | 'url_userinfo'
  | 'url_port'
  | 'url_host_denied'
  | 'url_host_not_allowed'
  | 'url_private_address'
  | 'url_metadata';

export const MAX_URL_LENGTH = 4096;

const DEFAULT_PORTS: Readonly<Record<string, number>> = { http: 80, https: 443, ws: 80, wss: 443, ftp: 21 };

/** Hostnames that reach cloud metadata services or the local machine without an IP literal. */
const METADATA_NAMES = new Set([
  'metadata.google.internal',
  'metadata.goog',
  'metadata',
  'instance-data',
  'instance-data.ec2.internal',
  'metadata.azure.internal',
]);
const LOCAL_SUFFIXES = ['.localhost', '.local', '.internal', '.localdomain', '.home.arpa'];

function fail(code: UrlCheckCode, reason: string): UrlCheckResult {
  return { ok: false, code, reason };
}

/** Lower-cases, IDNA-maps (to punycode) and strips one trailing dot; null when not a valid host. */
export function normaliseHostPattern(pattern: string): string | null {
  if (typeof pattern !== 'string' || pattern.length === 0 || pattern.length > 255) return null;
  const wild = pattern.startsWith('*.');
  const bare = wild ? pattern.slice(2) : pattern;
  if (bare.includes('/') || bare.includes('*')) return null;
  let host: string;
  try {
    host = new URL(`http://${bare}/`).hostname;
  } catch {
    return null;
  }
  if (host.endsWith('.')) host = host.slice(0, -1);
  if (host.split('.').includes('')) return null;
  return wild ? `*.${host}` : host;
}

export interface CompiledPatterns {
  readonly names: Set<string>;
  readonly suffixes: readonly string[];
  readonly nets: readonly ((a: bigint) => boolean)[];
  /** Patterns that name one single address (a literal, `/32` or `/128`), as 128-bit values. */
  readonly addrs: ReadonlySet<bigint>;
  /** `*` was listed: any host that passes the private/metadata checks. */
  readonly any: boolean;
}

const patternCache = new Map<readonly string[], CompiledPatterns>();
const NONE: readonly string[] = Object.freeze([]);

/** Compiles host patterns once (cached by array identity, which policy sets keep frozen). */
export function compileHostPatterns(patterns: readonly string[]): CompiledPatterns {
  const cached = patternCache.get(patterns);
  if (cached) return cached;
  const names = new Set<string>();
  const suffixes: string[] = [];
  const nets: ((a: bigint) => boolean)[] = [];
  const addrs = new Set<bigint>();
  let any = false;
  for (const p of patterns) {
    if (p === '*') {
      any = true;
      continue;
    }
    const bare = p.replace(/^\[|\]$/g, '');
    const net = p.includes('/') || p.includes(':') ? parseCidr(bare) : null;
    if (net) {
      nets.push(net);
      const [a, bits] = bare.split('/');
      const single = addressToBigInt(a ?? '');
      if (single !== null && (bits === undefined || Number(bits) === (bare.includes(':') ? 128 : 32)))
        addrs.add(single);
      continue;
    }
    const n = normaliseHostPattern(p);
    if (n === null) throw new TypeError(`invalid host pattern ${JSON.stringify(p).slice(0, 80)}`);
    if (n.startsWith('*.')) suffixes.push(n.slice(1));
    else {
      names.add(n);
      // An IPv4 literal is also matched as an address, so its IPv6 spellings (`[::ffff:a.b.c.d]`)
      // hit the same allow or deny entry.
      const single = addressToBigInt(n);
      if (single !== null) {
        addrs.add(single);
        nets.push((a) => a === single);
      }
    }
  }
  const out = { names, suffixes, nets, addrs, any };
  if (patternCache.size > 1000) patternCache.clear();
  patternCache.set(patterns, out);
  return out;
}

function matchesHost(c: CompiledPatterns, host: string, addr: bigint | null): boolean {
  if (c.any || c.names.has(host)) return true;
  if (addr !== null) return c.nets.some((m) => m(addr));
  return c.suffixes.some((s) => host.endsWith(s) && host.length > s.length);
}

/** Listed by name, address or CIDR (not by `*` or `*.suffix`): enough for a private address. */
function listed(c: CompiledPatterns, host: string, addr: bigint | null): boolean {
  if (c.names.has(host)) return true;
  return addr !== null && c.nets.some((m) => m(addr));
}

/**
 * Listed as this one name or this one address. Cloud metadata needs this: a CIDR that merely
 * covers it (`169.254.0.0/16`, `0.0.0.0/0`) grants a range of services, not the credential store.
 */
function listedExactly(c: CompiledPatterns, host: string, addr: bigint | null): boolean {
  if (c.names.has(host)) return true;
  return addr !== null && c.addrs.has(addr);
}

function hostClass(host: string, addr: bigint | null): AddressClass | 'local-name' {
  if (addr !== null) return classifyBigInt(addr);
  if (METADATA_NAMES.has(host)) return 'metadata';
  if (host === 'localhost' || LOCAL_SUFFIXES.some((s) => host.endsWith(s))) return 'local-name';
  if (!host.includes('.')) return 'local-name';
  return 'public';
}

// Many rules check the same argument within one decision; the parse is reused (URL is not mutated).
let lastRaw: string | null = null;
let lastUrl: URL | null = null;

function parseStrict(raw: string): URL | UrlCheckResult {
  if (typeof raw !== 'string') return fail('url_invalid', 'url must be a string');
  if (raw === lastRaw && lastUrl !== null) return lastUrl;
  if (raw.length === 0 || raw.length > MAX_URL_LENGTH) return fail('url_invalid', 'url is empty or too long');
  // WHATWG silently drops tabs/newlines and trims C0/space; other clients do not. Refuse instead.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we refuse
  if (/[\u0000-\u0020\u007f-\u009f\\]/.test(raw)) {
    return fail('url_invalid', 'url contains whitespace, control characters or backslashes');
  }
  try {
    const url = new URL(raw);
    lastRaw = raw;
    lastUrl = url;
    return url;
  } catch {
    return fail('url_invalid', 'url does not parse');
  }
}

/** Decides whether a URL may be fetched under `opts`. Never throws on hostile input. */
export function checkUrl(raw: string, opts: UrlCheckOptions): UrlCheckResult {
  return checkUrlWith(
    raw,
    opts,
    compileHostPatterns(opts.allowHosts),
    compileHostPatterns(opts.denyHosts ?? NONE),
  );
}

/** checkUrl with host patterns compiled once (policy conditions compile them at load). */
export function checkUrlWith(
  raw: string,
  opts: UrlCheckOptions,
  allow: CompiledPatterns,
  deny: CompiledPatterns,
): UrlCheckResult {
  const parsed = parseStrict(raw);
  if (!(parsed instanceof URL)) return parsed;
  const url = parsed;
  const scheme = url.protocol.slice(0, -1);
  const schemes = opts.schemes ?? ['https'];
  if (!schemes.includes(scheme)) return fail('url_scheme', `scheme ${scheme} is not allowed`);
  if (url.username !== '' || url.password !== '') {
    return fail('url_userinfo', 'credentials in the url (user@host) are not allowed');
  }
  const port = url.port === '' ? DEFAULT_PORTS[scheme] : Number(url.port);
  if (opts.ports ? port === undefined || !opts.ports.includes(port) : url.port !== '') {
    return fail('url_port', `port ${url.port || String(port)} is not allowed`);
  }
  let host = url.hostname;
  if (host.endsWith('.')) host = host.slice(0, -1);
  if (host.split('.').includes('')) return fail('url_invalid', 'url has an empty host label');
  const addr = addressToBigInt(host);
  // An IPv6 form that carries an IPv4 address (NAT64, 6to4, translated) reaches that IPv4 host,
  // so a denied IPv4 address or range is denied in those spellings too.
  const inner = addr === null ? null : embeddedV4(addr);
  if (matchesHost(deny, host, addr) || (inner !== null && matchesHost(deny, host, V4_PREFIX | inner))) {
    return fail('url_host_denied', `host ${host} is on the deny list`);
  }
  const cls = hostClass(host, addr);
  if (cls === 'metadata' && !listedExactly(allow, host, addr)) {
    return fail('url_metadata', `host ${host} is a cloud metadata endpoint`);
  }
  if (cls !== 'public' && cls !== 'metadata' && !opts.allowPrivate && !listed(allow, host, addr)) {
    return fail('url_private_address', `host ${host} is a ${cls} address`);
  }
  if (!matchesHost(allow, host, addr)) {
    const idn = host.split('.').some((l) => l.startsWith('xn--'));
    const note = idn ? ' (internationalised name, compared in punycode form)' : '';
    return fail('url_host_not_allowed', `host ${host} is not on the allow list${note}`);
  }
  return { ok: true, url, host };
}
