import { describe, expect, it } from 'vitest';
import { capabilityHandler } from './index.js';
import { MemoryKv } from './kv.js';

const fetchGrant = { hosts: ['api.example.com'], methods: ['GET'], maxBytes: 1000, timeoutMs: 1000 };
const req = JSON.stringify({ url: 'https://api.example.com/x', method: 'GET', headers: {}, body: null });

describe('capabilityHandler', () => {
  it('should refuse a capability the tool was not granted, whatever the worker asks', async () => {
    const call = capabilityHandler({ log: true }, 't', Date.now() + 1000, { kv: new MemoryKv() });
    await expect(call('fetch', req)).rejects.toMatchObject({ code: 'capability_denied' });
    await expect(call('kv.get', '{"key":"k"}')).rejects.toMatchObject({ code: 'capability_denied' });
    await expect(call('process.exit', '{}')).rejects.toMatchObject({ code: 'capability_denied' });
    await expect(call('kv.get', 'not json')).rejects.toMatchObject({ code: 'invalid_request' });
  });

  it('should bound concurrent capability calls and fetches per run', async () => {
    const hang = () => new Promise<readonly string[]>(() => {});
    const call = capabilityHandler({ fetch: fetchGrant }, 't', Date.now() + 60_000, {
      kv: new MemoryKv(),
      fetch: { resolve: hang },
    });
    for (let i = 0; i < 32; i++) void call('fetch', req).catch(() => undefined);
    await expect(call('fetch', req)).rejects.toMatchObject({
      message: expect.stringMatching(/fetches in one run/),
    });
    const many = capabilityHandler(
      { fetch: fetchGrant, kv: { namespace: 'n', write: false } },
      't',
      Date.now() + 60_000,
      {
        kv: new MemoryKv(),
        fetch: { resolve: hang },
      },
    );
    for (let i = 0; i < 64; i++) void many('fetch', req).catch(() => undefined);
    await expect(many('kv.get', '{"key":"k"}')).rejects.toMatchObject({
      message: expect.stringMatching(/in flight/),
    });
  });

  it('should scope kv to the caller tenant and honour read-only grants', async () => {
    const kv = new MemoryKv();
    const a = capabilityHandler({ kv: { namespace: 'n', write: true } }, 'a', Date.now() + 1000, { kv });
    const b = capabilityHandler({ kv: { namespace: 'n', write: false } }, 'b', Date.now() + 1000, { kv });
    await a('kv.set', '{"key":"k","value":1}');
    expect(await b('kv.get', '{"key":"k"}')).toBe('null');
    await expect(b('kv.set', '{"key":"k","value":2}')).rejects.toMatchObject({ code: 'capability_denied' });
  });
});
