/**
 * Proxy, Symbol and getter tricks on returned values. The guest serialises its own result inside
 * the isolate and only a JSON string crosses, so no guest getter, Proxy trap, toJSON or
 * Symbol.toPrimitive ever runs on the host — at worst they run (and are limited) in the guest.
 */
import { types } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.js';
import { expectHealthy, hostileSandbox, runGuest } from '../helpers/sandbox.js';

describe('sandbox: Proxy / Symbol / getter tricks on results', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = hostileSandbox();
    await sb.ready();
  });
  afterAll(() => sb.close());

  it('should return a getter as the plain value it produced in the guest', async () => {
    const r = await runGuest(sb, `let n = 0; return { get x() { n++; return 'read ' + n; } };`);
    expect(r).toMatchObject({ ok: true, value: { x: 'read 1' } });
  });

  it('should return a Proxy as the plain data its traps produced in the guest', async () => {
    const r = await runGuest(
      sb,
      `return new Proxy({}, { ownKeys: () => ['a'], getOwnPropertyDescriptor: () => ({ value: 1, enumerable: true, configurable: true }), get: () => 'trap' });`,
    );
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value).toEqual({ a: 'trap' });
      expect(Object.getPrototypeOf(r.value)).toBe(Object.prototype);
      expect(types.isProxy(r.value)).toBe(false);
    }
  });

  it('should drop symbols, functions and undefined, and refuse BigInt and cycles as tool errors', async () => {
    const r = await runGuest(
      sb,
      `return { [Symbol('s')]: 1, f() {}, u: undefined, [Symbol.toPrimitive]: () => 1, ok: 1 };`,
    );
    expect(r).toMatchObject({ ok: true, value: { ok: 1 } });
    expect(await runGuest(sb, `return { n: 10n };`)).toMatchObject({
      ok: false,
      error: { code: 'tool_error' },
    });
    expect(await runGuest(sb, `const a = {}; a.a = a; return a;`)).toMatchObject({
      ok: false,
      error: { code: 'tool_error' },
    });
  });

  it('should stop a toJSON or getter that loops forever with the CPU limit', async () => {
    const r = await runGuest(sb, `return { toJSON() { for (;;) {} } };`);
    expect(r).toMatchObject({ ok: false, error: { code: expect.stringMatching(/^(cpu_limit|timeout)$/) } });
    const g = await runGuest(sb, `return { get x() { for (;;) {} } };`);
    expect(g).toMatchObject({ ok: false, error: { code: expect.stringMatching(/^(cpu_limit|timeout)$/) } });
  });

  it('should stop a thenable that never settles with the wall-clock limit', async () => {
    const t0 = performance.now();
    const r = await runGuest(sb, `return { then() {} };`, { limits: { wallMs: 200 } });
    expect(r).toMatchObject({ ok: false, error: { code: 'timeout' } });
    expect(performance.now() - t0).toBeLessThan(5_000);
  });

  it('should not run guest code when the host reads a thrown error', async () => {
    const r = await runGuest(
      sb,
      `const e = new Proxy(new Error('x'), { get(t, k) { if (k === 'code') return 'rate_limited'; if (k === 'message') return { toString() { for (;;) {} } }; return t[k]; } });
       throw e;`,
    );
    // The guest's own runner stringifies the message (and is stopped by the CPU limit if it loops).
    expect(r.ok).toBe(false);
    if (!r.ok) expect(typeof r.error.message).toBe('string');
  });

  it('should leave the host and other calls working', async () => {
    await expectHealthy(sb);
  });
});
