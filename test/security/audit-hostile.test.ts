import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeSinks, createStoreSink } from '../../src/audit/index.js';
import { makeEvent } from '../../src/audit/testing.js';
import type { Runtime } from '../../src/runtime.js';
import { tempStore } from '../helpers/audit.js';
import { demoRuntime, json, KEYS } from '../helpers/runtime.js';

describe('audit API and review page under hostile input', () => {
  const t = tempStore({ checkpointEvery: 1000 });
  let rt: Runtime;
  beforeAll(async () => {
    rt = await demoRuntime({ auditStore: t.store, audit: composeSinks(createStoreSink(t.store)) });
    await Promise.all(
      Array.from({ length: 600 }, (_, i) => t.store.append(makeEvent(i, { tenant: 'acme' }))),
    );
  });
  afterAll(async () => {
    await rt.close();
    await t.cleanup();
  });

  const get = (path: string, headers: Record<string, string> = {}) =>
    rt.app.request(path, { headers: { authorization: `Bearer ${KEYS.auditor}`, ...headers } });

  it.each([
    '/v1/audit?limit=-1',
    '/v1/audit?limit=abc',
    '/v1/audit?limit=1e3',
    '/v1/audit?from=yesterday',
    '/v1/audit?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z',
    '/v1/audit?decision=maybe',
    '/v1/audit?order=random()',
    '/v1/audit?tenant=acme&tenant=globex',
    '/v1/audit?sort=seq',
    "/v1/audit?principal=x'%20OR%201=1%20--",
    '/v1/audit?tool=%00',
    `/v1/audit?q=${'a'.repeat(201)}`,
    '/v1/audit?cursor=eyJ0IjowLCJzIjo5OTk5OTl9.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    '/v1/audit?cursor=%27%3B%20DROP%20TABLE%20events%3B--',
    '/v1/audit/not-a-ulid',
    "/v1/audit/01ARZ3NDEKTSV4RRFFQ69G5FA'",
    '/v1/audit/export?format=xml',
    '/v1/audit/export?format=jsonl&limit=5',
    '/v1/audit/verify?full=yes',
    '/v1/audit/verify?x=1',
  ])('should answer %s with a 400 problem, no stack', async (path) => {
    const res = await get(path);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const body = await res.text();
    expect(body).not.toMatch(/at .*\.ts:\d+|SQLITE|SELECT/);
    expect(JSON.parse(body).code).toBe('invalid_request');
  });

  it('should cap a huge page size at the configured maximum', async () => {
    const body = await json(await get('/v1/audit?limit=100000000'));
    expect(body.limit).toBe(500);
    expect(body.events).toHaveLength(500);
  });

  it('should treat SQL in free text as text and leave the log intact', async () => {
    for (const q of ["' OR 1=1 --", '"; DROP TABLE events; --', '%', '%_%', "\\' OR ''='"]) {
      const res = await get(`/v1/audit?q=${encodeURIComponent(q)}`);
      expect(res.status).toBe(200);
      expect((await json(res)).events).toEqual([]);
    }
    expect(await json(await get('/v1/audit/verify?full=true'))).toMatchObject({ ok: true, events: 600 });
  });

  it('should refuse a cursor minted for another filter or order', async () => {
    const first = await json(await get('/v1/audit?limit=5&decision=deny'));
    expect(first.next).toEqual(expect.any(String));
    expect(
      (await get(`/v1/audit?limit=5&decision=allow&cursor=${encodeURIComponent(first.next)}`)).status,
    ).toBe(400);
    expect(
      (await get(`/v1/audit?limit=5&decision=deny&order=asc&cursor=${encodeURIComponent(first.next)}`))
        .status,
    ).toBe(400);
    expect(
      (await get(`/v1/audit?limit=5&decision=deny&cursor=${encodeURIComponent(first.next)}`)).status,
    ).toBe(200);
  });

  it('should stream a large export completely', async () => {
    const res = await get('/v1/audit/export?format=csv');
    const text = await res.text();
    expect(text.split('\r\n').filter(Boolean)).toHaveLength(601);
  });

  describe('review page', () => {
    const form = (key: string, headers: Record<string, string> = {}) =>
      rt.app.request('http://aw.test/ui/audit/login', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', host: 'aw.test', ...headers },
        body: new URLSearchParams({ key }).toString(),
      });

    async function login(): Promise<string> {
      const res = await form(KEYS.auditor, { origin: 'http://aw.test' });
      expect(res.status).toBe(303);
      const cookie = res.headers.get('set-cookie') ?? '';
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Strict/);
      expect(cookie).toMatch(/Path=\/ui/);
      expect(cookie).not.toContain(KEYS.auditor);
      return cookie.split(';')[0]!;
    }

    it('should send pages with a strict CSP and never a script', async () => {
      const cookie = await login();
      const res = await rt.app.request('http://aw.test/ui/audit', { headers: { cookie } });
      expect(res.status).toBe(200);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      const html = await res.text();
      expect(html).not.toMatch(/<script/i);
      expect(html).toContain('Chain verified');
    });

    it('should refuse a cross-site sign-in, an agent key and a wrong key', async () => {
      expect((await form(KEYS.auditor, { origin: 'https://evil.example' })).status).toBe(403);
      expect((await form(KEYS.auditor, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
      expect((await form(KEYS.support, { origin: 'http://aw.test' })).status).toBe(401);
      expect((await form('aw_wrong', { origin: 'http://aw.test' })).status).toBe(401);
      expect((await form('x'.repeat(100_000), { origin: 'http://aw.test' })).status).toBe(401);
    });

    it('should ignore a key in the URL and send forged or missing cookies to sign-in', async () => {
      for (const headers of [
        {},
        { cookie: 'aw_ui=eyJwIjoidXNlcjphdWRpdG9yIn0.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
        { cookie: `aw_ui=${'A'.repeat(5000)}` },
        { authorization: `Bearer ${KEYS.auditor}` },
      ]) {
        const res = await rt.app.request(`http://aw.test/ui/audit?key=${KEYS.auditor}`, { headers });
        expect(res.status).toBe(303);
        expect(res.headers.get('location')).toBe('/ui/audit/login');
      }
    });

    it('should escape filter values echoed into the page', async () => {
      const cookie = await login();
      const res = await rt.app.request(
        `http://aw.test/ui/audit?q=${encodeURIComponent('"><script>alert(1)</script>')}`,
        { headers: { cookie } },
      );
      const html = await res.text();
      expect(html).not.toContain('<script>alert(1)</script>');
      expect(html).toContain('&lt;script&gt;');
    });

    it('should keep the session on a sign-out without the CSRF token', async () => {
      const cookie = await login();
      const res = await rt.app.request('http://aw.test/ui/audit/logout', {
        method: 'POST',
        headers: {
          cookie,
          host: 'aw.test',
          origin: 'http://aw.test',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'csrf=wrong',
      });
      expect(res.headers.get('set-cookie')).toBeNull();
      expect((await rt.app.request('http://aw.test/ui/audit', { headers: { cookie } })).status).toBe(200);
    });
  });
});
