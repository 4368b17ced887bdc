import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FetchGrant } from '../types.js';
import { hostFetch, parseFetchRequest, parseRetryAfter } from './fetch.js';

describe('fetch capability', () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/big') return res.end('x'.repeat(10_000));
      if (req.url === '/slow') return void setTimeout(() => res.end('late'), 2_000);
      if (req.url === '/to-metadata') {
        res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
        return res.end();
      }
      if (req.url === '/to-other') {
        res.writeHead(302, { location: 'http://evil.test/' });
        return res.end();
      }
      if (req.url === '/hop') {
        res.writeHead(303, { location: '/ok' });
        return res.end();
      }
      if (req.url === '/limited') {
        res.writeHead(429, { 'retry-after': '2' });
        return res.end('slow down');
      }
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`${req.method} ${req.url} host=${req.headers.host}`);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const grant = (over: Partial<FetchGrant> = {}): FetchGrant => ({
    hosts: ['127.0.0.1'],
    methods: ['GET'],
    maxBytes: 1000,
    timeoutMs: 1000,
    ports: [port],
    ...over,
  });
  const get = (url: string, g = grant(), resolve?: (h: string) => Promise<readonly string[]>) =>
    hostFetch({ url, method: 'GET', headers: {}, body: null }, g, 5_000, resolve ? { resolve } : {});

  it('should fetch from an explicitly granted address and port', async () => {
    const res = await get(`http://127.0.0.1:${port}/ok`);
    expect(res).toMatchObject({
      status: 200,
      body: `GET /ok host=127.0.0.1:${port}`,
      headers: { 'content-type': 'text/plain' },
    });
  });

  it('should refuse hosts, ports and schemes outside the grant', async () => {
    await expect(get(`http://127.0.0.2:${port}/`)).rejects.toMatchObject({ code: 'capability_denied' });
    await expect(get(`http://127.0.0.1:${port + 1}/`)).rejects.toMatchObject({ code: 'capability_denied' });
    await expect(get(`file:///etc/passwd`)).rejects.toMatchObject({ code: 'capability_denied' });
    await expect(get(`http://user:pw@127.0.0.1:${port}/`)).rejects.toMatchObject({
      code: 'capability_denied',
    });
  });

  it('should refuse a granted name that resolves to a private or metadata address (DNS rebinding)', async () => {
    const g = grant({ hosts: ['api.example.com'], ports: [port] });
    await expect(get(`http://api.example.com:${port}/`, g, async () => ['127.0.0.1'])).rejects.toMatchObject({
      code: 'capability_denied',
      message: expect.stringMatching(/loopback/),
    });
    await expect(
      get(`http://api.example.com:${port}/`, g, async () => ['93.184.216.34', '169.254.169.254']),
    ).rejects.toMatchObject({
      code: 'capability_denied',
    });
    await expect(
      get(`http://api.example.com:${port}/`, g, async () => ['::ffff:10.0.0.1']),
    ).rejects.toMatchObject({
      code: 'capability_denied',
    });
  });

  it('should pin the connection to the address it checked', async () => {
    // The name is allowed and "resolves" to the granted loopback address; the request reaches our server.
    const g = grant({ hosts: ['svc.test', '127.0.0.1'] });
    const res = await get(`http://svc.test:${port}/pinned`, g, async () => ['127.0.0.1']);
    expect(res.body).toBe(`GET /pinned host=svc.test:${port}`);
  });

  it('should re-check every redirect hop', async () => {
    await expect(get(`http://127.0.0.1:${port}/to-metadata`)).rejects.toMatchObject({
      code: 'capability_denied',
    });
    await expect(get(`http://127.0.0.1:${port}/to-other`)).rejects.toMatchObject({
      code: 'capability_denied',
    });
    expect((await get(`http://127.0.0.1:${port}/hop`)).body).toBe(`GET /ok host=127.0.0.1:${port}`);
  });

  it('should cap the response size and the time', async () => {
    await expect(get(`http://127.0.0.1:${port}/big`)).rejects.toMatchObject({ code: 'output_too_large' });
    const t0 = Date.now();
    await expect(get(`http://127.0.0.1:${port}/slow`, grant({ timeoutMs: 200 }))).rejects.toMatchObject({
      code: 'timeout',
    });
    expect(Date.now() - t0).toBeLessThan(1_500);
  });

  it('should pass Retry-After through as milliseconds', async () => {
    const res = await get(`http://127.0.0.1:${port}/limited`);
    expect(res).toMatchObject({ status: 429, retryAfterMs: 2000 });
    expect(
      parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:00 GMT')),
    ).toBe(60_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });

  it('should refuse methods and headers that are not granted', () => {
    const g = grant();
    expect(() =>
      parseFetchRequest({ url: 'http://x/', method: 'POST', headers: {}, body: null }, g),
    ).toThrow();
    for (const h of ['Host', 'cookie', 'Proxy-Authorization', 'transfer-encoding', 'bad header']) {
      expect(() =>
        parseFetchRequest({ url: 'http://x/', method: 'GET', headers: { [h]: 'v' }, body: null }, g),
      ).toThrow();
    }
    expect(() =>
      parseFetchRequest(
        { url: 'http://x/', method: 'GET', headers: { 'x-a': 'a\r\nInjected: 1' }, body: null },
        g,
      ),
    ).toThrow();
    expect(
      parseFetchRequest({ url: 'http://x/', method: 'get', headers: { Accept: 'text/html' }, body: null }, g),
    ).toMatchObject({
      method: 'GET',
      headers: { accept: 'text/html' },
    });
  });
});
