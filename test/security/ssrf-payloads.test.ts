import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileCondition, ruleApplies } from '../../src/policy/conditions/index.js';
import { checkUrl, classifyAddress } from '../../src/policy/conditions/url.js';
import type { Runtime } from '../../src/runtime.js';
import { hostFetch } from '../../src/sandbox/capabilities/fetch.js';
import type { FetchGrant } from '../../src/sandbox/types.js';
import { demoRuntime, json, jsonRequest, KEYS } from '../helpers/runtime.js';

/**
 * SSRF payloads from public collections, run through the URL condition a policy rule compiles,
 * the policy decision over the real app, and the sandbox's fetch capability against a local
 * server. Payload classes follow swisskyrepo/PayloadsAllTheThings ("Server Side Request
 * Forgery"), cujanovic/SSRF-Testing (README URL bypasses, cloud-metadata.txt) and Orange Tsai's
 * URL-parser confusion examples ("A New Era of SSRF", Black Hat USA 2017); the strings are
 * short representatives of each class, not the lists themselves.
 */

/** A rule that allows any public host over http(s) on the usual ports: the widest sane policy. */
const publicWeb = compileCondition({
  arg: 'url',
  url: { allowHosts: ['*'], schemes: ['http', 'https'], ports: [80, 443, 8080] },
});
/** A rule with a small allow-list, the shape of the demo policy's research-web rule. */
const allowList = compileCondition({
  arg: 'url',
  url: { allowHosts: ['allowed.example', '*.docs.example'], schemes: ['http', 'https'] },
});

const verdict = (c: ReturnType<typeof compileCondition>, url: unknown) => {
  const r = c.evaluate({ url });
  return { allowed: ruleApplies('allow', [r]), code: r.code ?? 'ok' };
};

// [payload, the refusal code the condition gives]
const LOOPBACK_AND_PRIVATE: readonly (readonly [string, string])[] = [
  // Decimal, octal, hex, shortened and mixed IPv4 notations (canonicalised by the WHATWG parser).
  ['http://2130706433/', 'url_private_address'],
  ['http://3232235521/', 'url_private_address'],
  ['http://0x7f.1/', 'url_private_address'],
  ['http://0x7f000001/', 'url_private_address'],
  ['http://0x7f.0x00.0x00.0x01/', 'url_private_address'],
  ['http://0x0000007f.0x00000000.0x00000000.0x00000001/', 'url_private_address'],
  ['http://0177.0.0.1/', 'url_private_address'],
  ['http://0177.0000.0000.0001/', 'url_private_address'],
  ['http://00000177.00000000.00000000.00000001/', 'url_private_address'],
  ['http://017700000001/', 'url_private_address'],
  ['http://127.000000000000000.1/', 'url_private_address'],
  ['http://0x7f.0.1/', 'url_private_address'],
  ['http://127.1/', 'url_private_address'],
  ['http://127.0.1/', 'url_private_address'],
  ['http://127.127.127.127/', 'url_private_address'],
  ['http://127.0.0.0/', 'url_private_address'],
  ['http://0/', 'url_private_address'],
  ['http://0.0.0.0/', 'url_private_address'],
  ['http:@0/', 'url_private_address'],
  ['http://%31%32%37.0.0.1/', 'url_private_address'],
  ['http://10.0.0.1/', 'url_private_address'],
  ['http://172.16.0.1/', 'url_private_address'],
  ['http://192.168.1.1/', 'url_private_address'],
  ['http://100.64.0.1/', 'url_private_address'],
  ['http://198.18.0.1/', 'url_private_address'],
  ['http://255.255.255.255/', 'url_private_address'],
  ['http://224.0.0.1/', 'url_private_address'],
  // Unicode: enclosed alphanumerics, fullwidth digits and dots, ideographic full stops.
  ['http://①②⑦.⓪.⓪.①/', 'url_private_address'],
  ['http://１２７.０.０.１/', 'url_private_address'],
  ['http://127。0。0。1/', 'url_private_address'],
  ['http://127．0．0．1/', 'url_private_address'],
  ['http://127%E3%80%820%E3%80%820%E3%80%821/', 'url_private_address'],
  ['http://ⓛⓞⓒⓐⓛⓗⓞⓢⓣ/', 'url_private_address'],
  // IPv6 loopback, unspecified and the forms that embed an IPv4 address.
  ['http://[::1]/', 'url_private_address'],
  ['http://[0000::1]/', 'url_private_address'],
  ['http://[0:0:0:0:0:0:0:1]/', 'url_private_address'],
  ['http://[::]/', 'url_private_address'],
  ['http://[::ffff:127.0.0.1]/', 'url_private_address'],
  ['http://[::ffff:7f00:1]/', 'url_private_address'],
  ['http://[0:0:0:0:0:ffff:127.0.0.1]/', 'url_private_address'],
  ['http://[::127.0.0.1]/', 'url_private_address'], // IPv4-compatible (deprecated)
  ['http://[::ffff:0:127.0.0.1]/', 'url_private_address'], // IPv4-translated (SIIT, RFC 6145)
  ['http://[64:ff9b::127.0.0.1]/', 'url_private_address'], // NAT64 well-known prefix
  ['http://[64:ff9b::10.0.0.1]/', 'url_private_address'],
  ['http://[64:ff9b:1::a00:1]/', 'url_private_address'], // NAT64 local-use prefix (RFC 8215)
  ['http://[2002:7f00:1::]/', 'url_private_address'], // 6to4 of 127.0.0.1
  ['http://[2002:c0a8:101::1]/', 'url_private_address'], // 6to4 of 192.168.1.1
  ['http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/', 'url_private_address'], // Teredo
  ['http://[fe80::1]/', 'url_private_address'],
  ['http://[fc00::1]/', 'url_private_address'],
  ['http://[fd12:3456::1]/', 'url_private_address'],
  ['http://[ff02::1]/', 'url_private_address'],
  // Zone ids: refused outright (no client agrees on them).
  ['http://[fe80::1%25eth0]/', 'url_invalid'],
  ['http://[::1%25lo]/', 'url_invalid'],
  ['http://[::ffff:127.0.0.1%25eth0]/', 'url_invalid'],
  // Names that reach the local machine or the local network without DNS.
  ['http://localhost/', 'url_private_address'],
  ['http://LoCaLhOsT/', 'url_private_address'],
  ['http://localhost./', 'url_private_address'],
  ['http://%6c%6f%63%61%6c%68%6f%73%74/', 'url_private_address'],
  ['http://foo.localhost/', 'url_private_address'],
  ['http://localhost.localdomain/', 'url_private_address'],
  ['http://ip6-localhost/', 'url_private_address'],
  ['http://printer.local/', 'url_private_address'],
  ['http://db.internal/', 'url_private_address'],
  ['http://router.home.arpa/', 'url_private_address'],
  ['http://intranet/', 'url_private_address'],
];

const METADATA: readonly string[] = [
  'http://169.254.169.254/latest/meta-data/iam/security-credentials/',
  'http://169.254.169.254/computeMetadata/v1/',
  'http://169.254.169.254/metadata/v1.json',
  'http://169.254.169.254/metadata/instance?api-version=2017-04-02',
  'http://2852039166/',
  'http://0xa9fea9fe/',
  'http://0xa9.0xfe.0xa9.0xfe/',
  'http://0251.0376.0251.0376/',
  'http://169.254.43518/',
  'http://[::ffff:169.254.169.254]/',
  'http://[::ffff:a9fe:a9fe]/',
  'http://[::169.254.169.254]/',
  'http://[64:ff9b::169.254.169.254]/',
  'http://[2002:a9fe:a9fe::]/',
  'http://[fd00:ec2::254]/latest/meta-data/',
  'http://169.254.170.2/v2/credentials/',
  'http://100.100.100.200/latest/meta-data/',
  'http://metadata.google.internal/computeMetadata/v1/',
  'http://METADATA.GOOGLE.INTERNAL./',
  'http://metadata/computeMetadata/v1/',
  'http://metadata.goog/',
  'http://instance-data/latest/',
];

const SCHEMES: readonly string[] = [
  'file:///etc/passwd',
  'file://\\/\\/etc/passwd',
  'file://localhost/etc/passwd',
  'gopher://127.0.0.1:6379/_config%20set%20dir%20%2Fvar%2Fwww',
  'gopher://allowed.example/_GET / HTTP/1.1',
  'dict://127.0.0.1:6379/info',
  'ftp://allowed.example/',
  'sftp://allowed.example:11111/',
  'tftp://allowed.example:12346/x',
  'ldap://localhost:11211/%0astats%0aquit',
  'netdoc:///etc/passwd',
  'jar:http://127.0.0.1!/',
  'data:text/html,<script>alert(1)</script>',
  'javascript:alert(1)',
  'ws://allowed.example/',
  'blob:https://allowed.example/uuid',
  'view-source:https://allowed.example/',
  '0://evil.example:80;http://allowed.example:80/',
  'localhost:+11211aaa',
  '//allowed.example/',
  'allowed.example',
];

// Parser confusion against the allow-list: every one of these must not reach an allowed host's
// check with a different host behind it.
const CONFUSION: readonly (readonly [string, string])[] = [
  ['http://allowed.example@evil.example/', 'url_userinfo'],
  ['http://allowed.example:80@evil.example/', 'url_userinfo'],
  ['http://allowed.example%40evil.example/', 'url_invalid'],
  ['http://evil.example%23@allowed.example/', 'url_userinfo'],
  ['http://evil.example#@allowed.example/', 'url_host_not_allowed'],
  ['http://evil.example?@allowed.example/', 'url_host_not_allowed'],
  ['http://evil.example\\@allowed.example/', 'url_invalid'],
  ['http://evil.example\\.allowed.example/', 'url_invalid'],
  ['http://allowed.example.evil.example/', 'url_host_not_allowed'],
  ['http://ALLOWED.EXAMPLE.evil.example./', 'url_host_not_allowed'],
  ['http://evilallowed.example/', 'url_host_not_allowed'],
  ['http://evil.example/allowed.example', 'url_host_not_allowed'],
  ['http://evil.example/?u=http://allowed.example/', 'url_host_not_allowed'],
  ['http://docs.example/', 'url_host_not_allowed'],
  ['http://evildocs.example/', 'url_host_not_allowed'],
  ['http://x.docs.example.evil.example/', 'url_host_not_allowed'],
  ['http://аllowed.example/', 'url_host_not_allowed'], // Cyrillic а
  ['http://allowed.examp1e/', 'url_host_not_allowed'],
  ['http://allowed.example%2eevil.example/', 'url_host_not_allowed'],
  ['http://allowed.example%E3%80%82evil.example/', 'url_host_not_allowed'],
  ['http://allowed.example%00.evil.example/', 'url_invalid'],
  ['http://allowed.example../', 'url_invalid'],
  ['http://1.1.1.1 &@2.2.2.2# @allowed.example/', 'url_invalid'],
  ['http://127.1.1.1:80\\@127.2.2.2:80/', 'url_invalid'],
  ['http://127.1.1.1:80\\@@127.2.2.2:80/', 'url_invalid'],
  ['http://127.1.1.1:80:\\@@127.2.2.2:80/', 'url_invalid'],
  ['http://127.1.1.1:80#\\@127.2.2.2:80/', 'url_invalid'],
  ['http://allowed.example:80+&@127.88.23.245:22/#+@allowed.example:80/', 'url_userinfo'],
  ['http://127.88.23.245:22/+&@allowed.example:80#+@allowed.example:80/', 'url_port'],
  ['http://127.88.23.245/?@allowed.example:80/', 'url_private_address'],
  ['http://127.88.23.245/#@allowed.example:80/', 'url_private_address'],
  ['http://93.184.216.34/?@allowed.example/', 'url_host_not_allowed'],
  ['http://93.184.216.34/#@allowed.example/', 'url_host_not_allowed'],
  ['http://allowed.example:8443/', 'url_port'],
  ['http://allowed.example:0080/', 'ok'], // leading zeros in the port are the default port
  ['http://allowed.example:65536/', 'url_invalid'],
  // CRLF, tab, NUL and spaces: WHATWG strips some of them, other clients do not.
  ['http://allowed.example/%0d%0aHost:%20evil.example', 'ok'], // encoded: stays in the path
  ['http://allowed.example/\r\nHost: evil.example', 'url_invalid'],
  ['http://allowed.example\r\n.evil.example/', 'url_invalid'],
  ['http://allowed.exam\tple/', 'url_invalid'],
  ['http://allowed.example\u0000/', 'url_invalid'],
  [' http://allowed.example/', 'url_invalid'],
  ['http://allowed.example /', 'url_invalid'],
  ['http://allowed.example\u00a0/', 'url_invalid'],
  ['http://allowed.example\u0085/', 'url_invalid'],
];

// Names whose DNS answer is private. The condition cannot see that (they are public names), so
// only the fetch capability's resolve-then-check stops them; see the fetch tests below.
const REBINDING_NAMES: readonly string[] = [
  'localtest.me',
  '127.0.0.1.nip.io',
  'customer1.app.localhost.my.company.127.0.0.1.nip.io',
  '169.254.169.254.nip.io',
  '192.168.0.1.xip.io',
  'make-1.2.3.4-rebind-169.254-169.254-rr.1u.ms',
  'spoofed.burpcollaborator.net',
];

describe('SSRF payloads against the url condition', () => {
  it.each(LOOPBACK_AND_PRIVATE)('should refuse the local address form %s (%s)', (url, code) => {
    expect(verdict(publicWeb, url)).toEqual({ allowed: false, code });
  });

  it.each(METADATA)('should refuse the cloud metadata endpoint %s', (url) => {
    expect(verdict(publicWeb, url)).toEqual({ allowed: false, code: 'url_metadata' });
    const loose = checkUrl(url, { allowHosts: ['*'], schemes: ['http'], allowPrivate: true });
    expect(loose).toMatchObject({ ok: false, code: 'url_metadata' });
  });

  it.each(SCHEMES)('should refuse the scheme or schemeless form %s', (url) => {
    const v = verdict(allowList, url);
    expect(v.allowed).toBe(false);
    expect(['url_scheme', 'url_invalid']).toContain(v.code);
  });

  it.each(CONFUSION)('should read %s the way the client would (%s)', (url, code) => {
    expect(verdict(allowList, url)).toEqual({ allowed: code === 'ok', code });
  });

  it('should refuse cloud metadata through a CIDR that merely covers it', () => {
    for (const allowHosts of [['169.254.0.0/16'], ['0.0.0.0/0'], ['::/0'], ['::ffff:0:0/96']]) {
      for (const url of ['http://169.254.169.254/', 'http://[fd00:ec2::254]/', 'http://100.100.100.200/']) {
        expect(checkUrl(url, { allowHosts, schemes: ['http'] })).toMatchObject({
          ok: false,
          code: 'url_metadata',
        });
      }
    }
    // Listed exactly, the operator meant it.
    expect(
      checkUrl('http://169.254.169.254/', { allowHosts: ['169.254.169.254'], schemes: ['http'] }).ok,
    ).toBe(true);
    expect(
      checkUrl('http://[fd00:ec2::254]/', { allowHosts: ['fd00:ec2::254/128'], schemes: ['http'] }).ok,
    ).toBe(true);
  });

  it('should not let an IPv6 CIDR admit IPv4 loopback or private addresses', () => {
    for (const url of ['http://127.0.0.1/', 'http://10.0.0.1/', 'http://[::ffff:127.0.0.1]/']) {
      expect(checkUrl(url, { allowHosts: ['::/0'], schemes: ['http'] })).toMatchObject({
        ok: false,
        code: 'url_private_address',
      });
    }
    // An IPv4 CIDR still admits the IPv4-mapped spelling of its own addresses.
    expect(checkUrl('http://[::ffff:10.0.0.1]/', { allowHosts: ['10.0.0.0/8'], schemes: ['http'] }).ok).toBe(
      true,
    );
  });

  it.each([
    'http://93.184.216.34/',
    'http://1572395042/',
    'http://0x5d.0xb8.0xd8.0x22/',
    'http://[::ffff:93.184.216.34]/',
    'http://[::ffff:5db8:d822]/',
    'http://[::93.184.216.34]/',
    'http://[::ffff:0:93.184.216.34]/',
    'http://[64:ff9b::93.184.216.34]/',
    'http://[2002:5db8:d822::1]/',
  ])('should hit a denied IPv4 address in its other spelling %s', (url) => {
    for (const denyHosts of [['93.184.216.34'], ['93.184.216.0/24'], ['[::ffff:93.184.216.34]']]) {
      expect(checkUrl(url, { allowHosts: ['*'], denyHosts, schemes: ['http'] })).toMatchObject({
        ok: false,
        code: 'url_host_denied',
      });
    }
    expect(checkUrl(url, { allowHosts: ['*'], denyHosts: ['93.184.217.0/24'], schemes: ['http'] }).ok).toBe(
      true,
    );
  });

  it.each(REBINDING_NAMES)('should leave the public-looking name %s to the fetch-time DNS check', (host) => {
    // Documented limit: a name is judged by its spelling here, by its addresses in the fetch capability.
    expect(verdict(publicWeb, `http://${host}/`)).toEqual({ allowed: true, code: 'ok' });
    expect(verdict(allowList, `http://${host}/`).allowed).toBe(false);
  });

  it.each([
    ['https://allowed.example/a?b=1#c', allowList],
    ['https://ALLOWED.example./path', allowList],
    ['https://api.docs.example/v1', allowList],
    ['https://ａｌｌｏｗｅｄ.example/', allowList],
    ['https://example.com/', publicWeb],
    ['http://93.184.216.34/', publicWeb],
    ['https://[2606:4700:4700::1111]/', publicWeb],
    ['https://[::ffff:8.8.8.8]/', publicWeb],
    ['https://[2002:808:808::]/', publicWeb],
    ['https://xn--bcher-kva.example/', publicWeb],
    ['https://bücher.example/', publicWeb],
    ['http://example.com:8080/x', publicWeb],
    ['https://en.wikipedia.org/wiki/Server-side_request_forgery', publicWeb],
  ] as const)('should still allow the legitimate url %s', (url, cond) => {
    expect(verdict(cond, url)).toEqual({ allowed: true, code: 'ok' });
  });

  it('should judge non-strings and oversize input as invalid, so deny rules still apply', () => {
    for (const v of [
      ['http://allowed.example/'],
      { href: 'http://allowed.example/' },
      42,
      null,
      'x'.repeat(5000),
    ]) {
      const r = allowList.evaluate({ url: v });
      expect(r).toMatchObject({ ok: false, invalid: true });
      expect(ruleApplies('deny', [r])).toBe(true);
    }
  });

  it('should classify the embedded-IPv4 forms by the address they carry', () => {
    expect(classifyAddress('::1')).toBe('loopback');
    expect(classifyAddress('::')).toBe('unspecified');
    expect(classifyAddress('::ffff:0:7f00:1')).toBe('loopback');
    expect(classifyAddress('::ffff:0:a9fe:a9fe')).toBe('metadata');
    expect(classifyAddress('64:ff9b:1::a00:1')).toBe('reserved');
    expect(classifyAddress('64:ff9b::808:808')).toBe('public');
  });
});

describe('SSRF payloads against the policy decision (demo policy, research agent)', () => {
  let rt: Runtime;
  let n = 0;
  beforeAll(async () => {
    rt = await demoRuntime();
  });
  afterAll(() => rt.close());

  const decide = async (url: unknown) =>
    (
      await json(
        await rt.app.request(
          '/v1/guard/tool-call',
          jsonRequest({ tool: 'web_fetch', args: { url }, session: `ssrf${n++}` }, KEYS.research),
        ),
      )
    ).decision;

  it.each([
    ...LOOPBACK_AND_PRIVATE.map(([u]) => u.replace(/^http:/, 'https:')),
    ...METADATA.map((u) => u.replace(/^http:/, 'https:')),
    ...SCHEMES,
    'https://arxiv.org@evil.example/',
    'https://evil.example#@arxiv.org/',
    'https://evil.example\\@arxiv.org/',
    'https://arxiv.org.evil.example/',
    'https://arxiv.org%2eevil.example/',
    'https://en.wikipedia.org.127.0.0.1.nip.io/',
    'https://аrxiv.org/',
    'https://arxiv.org:444/',
    'https://arxiv.org\r\n/',
    'http://arxiv.org/',
  ])('should deny %s', async (url) => {
    expect(await decide(url)).toBe('deny');
  });

  it.each([
    'https://arxiv.org/abs/2302.12173',
    'https://EN.wikipedia.org./wiki/SSRF',
    'https://docs.python.org/3/',
  ])('should allow %s', async (url) => {
    expect(await decide(url)).toBe('allow');
  });
});

describe('SSRF payloads against the sandbox fetch capability', () => {
  let server: Server;
  let port: number;
  const seen: { url: string; headers: IncomingHttpHeaders }[] = [];

  beforeAll(async () => {
    // /r?to=<url>&code=<3xx> redirects anywhere; everything else answers with what it saw.
    server = createServer((req, res) => {
      seen.push({ url: req.url ?? '', headers: req.headers });
      const u = new URL(req.url ?? '/', 'http://x');
      if (u.pathname === '/loop') {
        res.writeHead(307, { location: '/loop' });
        return res.end();
      }
      if (u.pathname === '/r') {
        res.writeHead(Number(u.searchParams.get('code') ?? 302), {
          location: u.searchParams.get('to') ?? '/',
        });
        return res.end();
      }
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`ok ${req.url}`);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const grant = (hosts: readonly string[] = ['127.0.0.1']): FetchGrant => ({
    hosts,
    methods: ['GET', 'POST'],
    maxBytes: 10_000,
    timeoutMs: 2_000,
    ports: [port, 80, 443],
  });
  /** A resolver that answers from a table, and refuses anything it does not know. */
  const resolver =
    (table: Record<string, readonly string[]>) =>
    async (host: string): Promise<readonly string[]> => {
      const a = table[host];
      if (!a) throw new Error(`unexpected lookup of ${host}`);
      return a;
    };
  const get = (url: string, g: FetchGrant, resolve = resolver({}), headers: Record<string, string> = {}) =>
    hostFetch({ url, method: 'GET', headers, body: null }, g, 5_000, { resolve });
  const redirect = (to: string, code = 302) =>
    `http://127.0.0.1:${port}/r?to=${encodeURIComponent(to)}&code=${code}`;

  it('should fetch from the granted address (baseline)', async () => {
    expect(await get(`http://127.0.0.1:${port}/a`, grant())).toMatchObject({ status: 200, body: 'ok /a' });
  });

  it.each([
    () => 'http://169.254.169.254/latest/meta-data/',
    (p: number) => `http://2852039166:${p}/`,
    (p: number) => `http://[::ffff:169.254.169.254]:${p}/`,
    (p: number) => `http://[fd00:ec2::254]:${p}/`,
    (p: number) => `http://metadata.google.internal:${p}/computeMetadata/v1/`,
    (p: number) => `http://127.0.0.2:${p}/`,
    (p: number) => `http://[::1]:${p}/`,
    (p: number) => `http://[::ffff:7f00:2]:${p}/`,
    (p: number) => `http://0:${p}/`,
    (p: number) => `http://localhost:${p}/`,
    (p: number) => `http://10.0.0.1:${p}/`,
    (p: number) => `http://127.0.0.1.nip.io:${p}/`,
    (p: number) => `//169.254.169.254:${p}/`,
    (p: number) => `/\\169.254.169.254:${p}/`,
    (p: number) => `http://169.254.169.254\t:${p}/`,
    () => 'file:///etc/passwd',
    () => 'gopher://127.0.0.1:6379/_INFO',
    () => 'dict://127.0.0.1:11211/stats',
    () => 'ftp://127.0.0.1/',
    () => 'data:text/plain,hi',
  ])('should re-check a redirect hop to a forbidden target (%#)', async (target) => {
    for (const code of [301, 302, 303, 307, 308]) {
      const before = seen.length;
      await expect(get(redirect(target(port), code), grant())).rejects.toMatchObject({
        code: 'capability_denied',
      });
      expect(seen.length).toBe(before + 1); // only the first hop reached a server
    }
  });

  it('should stop a redirect loop', async () => {
    await expect(get(`http://127.0.0.1:${port}/loop`, grant())).rejects.toMatchObject({
      code: 'network',
      message: 'too many redirects',
    });
  });

  it.each([
    ['127.0.0.1.nip.io', ['127.0.0.1']],
    ['localtest.me', ['127.0.0.1']],
    ['169.254.169.254.nip.io', ['169.254.169.254']],
    ['rebind.example', ['93.184.216.34', '127.0.0.1']],
    ['rebind6.example', ['2606:4700::1', '::1']],
    ['mapped.example', ['::ffff:127.0.0.1']],
    ['siit.example', ['::ffff:0:7f00:1']],
    ['nat64.example', ['64:ff9b::a9fe:a9fe']],
    ['sixtofour.example', ['2002:a00:1::1']],
    ['zone.example', ['fe80::1%eth0']],
    ['cgnat.example', ['100.64.0.1']],
    ['garbage.example', ['localhost']],
    ['garbage2.example', ['0x7f.1']],
    ['empty-string.example', ['']],
  ] as const)('should refuse %s, which resolves to %j (DNS rebinding)', async (host, addrs) => {
    const g = grant(['*', '127.0.0.2']);
    await expect(get(`http://${host}:${port}/`, g, resolver({ [host]: addrs }))).rejects.toMatchObject({
      code: 'capability_denied',
    });
  });

  it('should refuse a name with no addresses and a name that does not resolve', async () => {
    await expect(
      get(`http://none.example:${port}/`, grant(['*']), resolver({ 'none.example': [] })),
    ).rejects.toMatchObject({
      code: 'network',
    });
    await expect(get(`http://nx.example:${port}/`, grant(['*']), resolver({}))).rejects.toMatchObject({
      code: 'network',
    });
  });

  it('should resolve and check the name on every hop, not only the first', async () => {
    const g = grant(['127.0.0.1', 'svc.test', 'other.test']);
    const r = resolver({ 'svc.test': ['127.0.0.1'], 'other.test': ['169.254.169.254'] });
    expect(await get(`http://svc.test:${port}/pinned`, g, r)).toMatchObject({ body: 'ok /pinned' });
    await expect(get(redirect(`http://other.test:${port}/`), g, r)).rejects.toMatchObject({
      code: 'capability_denied',
      message: expect.stringMatching(/metadata/),
    });
  });

  it('should not replay the Authorization header to another origin on redirect', async () => {
    const g = grant(['127.0.0.1', 'svc.test']);
    const r = resolver({ 'svc.test': ['127.0.0.1'] });
    const auth = { authorization: 'Bearer secret-for-127.0.0.1' };
    seen.length = 0;
    await get(redirect(`http://svc.test:${port}/landed`), g, r, auth);
    expect(seen.map((s) => s.url)).toEqual([expect.stringMatching(/^\/r\?/), '/landed']);
    expect(seen[0]!.headers.authorization).toBe(auth.authorization);
    expect(seen[1]!.headers.authorization).toBeUndefined();
    // Same origin: kept.
    seen.length = 0;
    await get(redirect('/same'), g, r, auth);
    expect(seen[1]!.headers.authorization).toBe(auth.authorization);
  });
});
