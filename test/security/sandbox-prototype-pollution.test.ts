/**
 * Prototype pollution of host objects. The guest's built-ins are its own, and every call gets a
 * fresh context, so polluting them affects neither the host nor the next call; results cross as
 * a JSON string, so a `__proto__` key becomes an ordinary own property on the host.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.js';
import { expectHealthy, hostileSandbox, runGuest } from '../helpers/sandbox.js';

describe('sandbox: prototype pollution', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = hostileSandbox(1);
    await sb.ready();
  });
  afterAll(() => sb.close());

  it('should not let polluted guest built-ins reach the host or the next call', async () => {
    const r = await runGuest(
      sb,
      `Object.prototype.polluted = 'yes';
       Array.prototype.polluted = 'yes';
       Object.defineProperty(Object.prototype, 'isAdmin', { get() { return true; } });
       JSON.parse = () => ({ hijacked: true });
       JSON.stringify = () => '{"hijacked":true}';
       Function.prototype.call = function () { return 'hijacked'; };
       Promise.prototype.then = function () { return 'hijacked'; };
       String.prototype.slice = () => 'hijacked';
       return { done: true };`,
    );
    // The runner captured JSON.stringify before the tool ran.
    expect(r).toMatchObject({ ok: true, value: { done: true } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    // Same worker (one worker in this pool), fresh context: the pollution is gone.
    const next = await runGuest(
      sb,
      `return [({}).polluted, [].polluted, ({}).isAdmin, JSON.stringify({ a: 1 })];`,
    );
    expect(next).toMatchObject({ ok: true, value: [null, null, null, '{"a":1}'] });
  });

  it('should turn a __proto__ key in a result into a plain own property on the host', async () => {
    const r = await runGuest(
      sb,
      `return JSON.parse('{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}}');`,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const v = r.value as Record<string, unknown>;
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(Object.hasOwn(v, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('should not let a guest pollute another tenant through kv keys', async () => {
    const r = await runGuest(
      sb,
      `await ctx.kv.set('__proto__', { polluted: 1 }); await ctx.kv.set('constructor', 1); return await ctx.kv.list('');`,
    );
    expect(r).toMatchObject({ ok: true, value: ['__proto__', 'constructor'] });
    expect(sb.kv.get('victim', 'scratch', '__proto__')).toBeNull();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('should leave the host and other calls working', async () => {
    await expectHealthy(sb);
  });
});
