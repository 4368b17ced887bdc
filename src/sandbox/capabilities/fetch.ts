/**
 * The `fetch` capability, performed by the host on the guest's behalf. Every request — and every
 * redirect hop — is checked against the tool's grant with the policy layer's WHATWG/SSRF URL
 * check; the host name is then resolved and every resolved address checked again, and the
 * connection is pinned to the checked address through `lookup`, so a DNS answer that changes
 * between check and connect (rebinding) cannot reach a private or metadata address.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { checkUrl, classifyAddress } from '../../policy/conditions/url.js';
import type { FetchGrant, RunError } from '../types.js';

export interface FetchRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | null;
}

export interface FetchResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly url: string;
  readonly retryAfterMs?: number;
}

export interface FetchOptions {
  /** Resolver, replaceable in tests. */
  readonly resolve?: (host: string) => Promise<readonly string[]>;
  readonly maxRedirects?: number;
}

const MAX_HEADERS = 32;
const FORBIDDEN_HEADERS = new Set([
  'host',
  'connection',
  'content-length',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'keep-alive',
  'proxy-authorization',
  'proxy-connection',
  'expect',
  'cookie',
]);
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$/;

export function denied(code: string, message: string): RunError {
  return { code, message };
}

function defaultResolve(host: string): Promise<readonly string[]> {
  return new Promise((resolve, reject) => {
    dnsLookup(host, { all: true, verbatim: true }, (err, addrs: LookupAddress[]) =>
      err ? reject(err) : resolve(addrs.map((a) => a.address)),
    );
  });
}

/** Validates the guest's request shape; throws a RunError for anything off. */
export function parseFetchRequest(raw: unknown, grant: FetchGrant): FetchRequest {
  const r = raw as Partial<FetchRequest> | null;
  if (!r || typeof r.url !== 'string' || typeof r.method !== 'string')
    throw denied('invalid_request', 'fetch needs url and method');
  const method = r.method.toUpperCase();
  if (!grant.methods.map((m) => m.toUpperCase()).includes(method))
    throw denied('capability_denied', `method ${method.slice(0, 16)} is not granted`);
  const headers: Record<string, string> = {};
  const entries = r.headers && typeof r.headers === 'object' ? Object.entries(r.headers) : [];
  if (entries.length > MAX_HEADERS) throw denied('invalid_request', 'too many headers');
  for (const [k, v] of entries) {
    const name = k.toLowerCase();
    if (!TOKEN.test(k) || FORBIDDEN_HEADERS.has(name) || name.startsWith('proxy-'))
      throw denied('capability_denied', `header ${k.slice(0, 64)} is not allowed`);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: header injection guard
    if (typeof v !== 'string' || v.length > 4096 || /[\r\n\u0000]/.test(v))
      throw denied('invalid_request', `header ${name} has a bad value`);
    headers[name] = v;
  }
  const body = typeof r.body === 'string' ? r.body : null;
  if (body !== null && Buffer.byteLength(body) > grant.maxBytes)
    throw denied('invalid_request', 'request body too large');
  return { url: r.url, method, headers, body };
}

/** Checks `url` and resolves it to one address that is allowed to be contacted. */
async function vet(
  url: string,
  grant: FetchGrant,
  resolve: (h: string) => Promise<readonly string[]>,
): Promise<{ url: URL; address: string }> {
  const check = checkUrl(url, {
    allowHosts: grant.hosts,
    schemes: ['https', 'http'],
    ...(grant.ports ? { ports: grant.ports } : {}),
  });
  if (!check.ok) throw denied('capability_denied', check.reason);
  const host = check.host.replace(/^\[|\]$/g, '');
  const literal = classifyAddress(host) !== 'invalid';
  let addrs: readonly string[];
  try {
    addrs = literal ? [host] : await resolve(host);
  } catch {
    throw denied('network', `cannot resolve ${host}`);
  }
  if (addrs.length === 0) throw denied('network', `cannot resolve ${host}`);
  // Every answer must be acceptable, not just the first: the client may pick any of them.
  for (const a of addrs) {
    const cls = classifyAddress(a);
    if (cls !== 'public' && !grantListsAddress(grant, a))
      throw denied('capability_denied', `${host} resolves to a ${cls} address`);
  }
  return { url: check.url, address: addrs[0]! };
}

/** Non-public addresses are reachable only when the grant names that exact address. */
function grantListsAddress(grant: FetchGrant, address: string): boolean {
  return grant.hosts.includes(address) || grant.hosts.includes(`[${address}]`);
}

export async function hostFetch(
  req: FetchRequest,
  grant: FetchGrant,
  timeoutMs: number,
  opts: FetchOptions = {},
): Promise<FetchResponse> {
  const resolve = opts.resolve ?? defaultResolve;
  const maxRedirects = opts.maxRedirects ?? 3;
  const deadline = Date.now() + Math.min(grant.timeoutMs, timeoutMs);
  let current = req;
  for (let hop = 0; ; hop++) {
    const { url, address } = await vet(current.url, grant, resolve);
    const res = await send(url, address, current, grant.maxBytes, deadline - Date.now());
    const location = res.headers.location;
    if (res.status >= 300 && res.status < 400 && location !== undefined) {
      if (hop >= maxRedirects) throw denied('network', 'too many redirects');
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        throw denied('network', 'bad redirect location');
      }
      // 303 (and 301/302 on POST, as browsers do) becomes GET without a body (RFC 9110 §15.4).
      const toGet =
        res.status === 303 || ((res.status === 301 || res.status === 302) && current.method === 'POST');
      current = {
        url: next.href,
        method: toGet ? 'GET' : current.method,
        headers: next.origin === url.origin ? current.headers : withoutCredentials(current.headers),
        body: toGet ? null : current.body,
      };
      continue;
    }
    return res;
  }
}

/**
 * A credential the guest set for one origin is not replayed to another that a redirect names
 * (the Fetch standard drops `Authorization` on a cross-origin redirect): both hosts may be
 * granted, but the token was meant for the first.
 */
function withoutCredentials(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() !== 'authorization') out[k] = v;
  return out;
}

function send(
  url: URL,
  address: string,
  req: FetchRequest,
  maxBytes: number,
  timeoutMs: number,
): Promise<FetchResponse> {
  if (timeoutMs <= 0) return Promise.reject(denied('timeout', 'fetch timed out'));
  const family = address.includes(':') ? 6 : 4;
  const pinned: LookupFunction = (_host, options, cb) => {
    if ((options as { all?: boolean }).all)
      (cb as unknown as (e: null, a: LookupAddress[]) => void)(null, [{ address, family }]);
    else cb(null, address, family);
  };
  const mod = url.protocol === 'https:' ? https : http;
  return new Promise<FetchResponse>((resolve, reject) => {
    const request = mod.request(
      url,
      { method: req.method, headers: req.headers, lookup: pinned, timeout: timeoutMs, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > maxBytes) {
            request.destroy();
            reject(denied('output_too_large', `response exceeds ${maxBytes} bytes`));
            return;
          }
          chunks.push(c);
        });
        res.on('end', () => {
          const headers: Record<string, string> = {};
          for (const k of [
            'content-type',
            'location',
            'retry-after',
            'content-language',
            'etag',
            'last-modified',
          ]) {
            const v = res.headers[k];
            if (typeof v === 'string') headers[k] = v.slice(0, 2048);
          }
          const retryAfterMs = parseRetryAfter(headers['retry-after']);
          const base = {
            status: res.statusCode ?? 0,
            headers,
            body: Buffer.concat(chunks).toString('utf8'),
            url: url.href,
          };
          resolve(retryAfterMs === undefined ? base : { ...base, retryAfterMs });
        });
        res.on('error', () => reject(denied('network', 'connection failed while reading')));
      },
    );
    const timer = setTimeout(() => {
      request.destroy();
      reject(denied('timeout', 'fetch timed out'));
    }, timeoutMs);
    request.on('close', () => clearTimeout(timer));
    request.on('timeout', () => {
      request.destroy();
      reject(denied('timeout', 'fetch timed out'));
    });
    request.on('error', () => reject(denied('network', `connection to ${url.host} failed`)));
    if (req.body !== null) request.write(req.body);
    request.end();
  });
}

/** Retry-After is either delay-seconds or an HTTP-date (RFC 9110 §10.2.3). */
export function parseRetryAfter(v: string | undefined, now = Date.now()): number | undefined {
  if (v === undefined) return undefined;
  if (/^\d{1,9}$/.test(v.trim())) return Number(v.trim()) * 1000;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}
