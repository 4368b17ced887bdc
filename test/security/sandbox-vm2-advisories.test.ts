/**
 * Public vm2 sandbox-escape proofs of concept, adapted to our API (no `Buffer`, no `require` in
 * the guest; the payload tries to use a host `process` to create a canary file). vm2 ran guest
 * code in the host's V8 heap behind proxies, so each bug leaked one host object. An isolate has no
 * host object to leak; these tests keep it that way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.js';
import {
  canaryPath,
  escapePayload,
  expectHealthy,
  hostileSandbox,
  NOTHING,
  runGuest,
} from '../helpers/sandbox.js';

describe('sandbox: vm2 advisory proofs of concept', () => {
  let sb: Sandbox;
  const canary = canaryPath();
  const pwn = (fn: string) => escapePayload(canary, fn);
  const nothing = (v: unknown) => typeof v === 'string' && NOTHING.test(v);
  beforeAll(async () => {
    sb = hostileSandbox();
    await sb.ready();
  });
  afterAll(() => sb.close());

  it('CVE-2023-29017: host objects passed to Error.prepareStackTrace for async errors', async () => {
    const r = await runGuest(
      sb,
      `const seen = [];
       Error.prepareStackTrace = (e, frames) => { seen.push(${pwn("frames.constructor.constructor('return process')()")}); return ''; };
       try { (async () => {}).constructor('return process')(); } catch (e) { void e.stack; }
       try { await (async () => { throw new Error('a'); })(); } catch (e) { void e.stack; }
       return seen;`,
    );
    // The un-awaited async error is an unhandled rejection: it fails this call and nothing else.
    if (r.ok) expect((r.value as string[]).every(nothing)).toBe(true);
    else
      expect(r.error).toMatchObject({
        code: 'tool_error',
        message: expect.stringMatching(/^uncaught in the tool/),
      });
  });

  it('CVE-2023-29199: exception sanitisation bypass through a caught stack overflow', async () => {
    const r = await runGuest(
      sb,
      `function stack() { new Error().stack; stack(); }
       try { stack(); } catch (e) { return ${pwn("e.constructor.constructor('return process')()")}; }
       return 'no error';`,
      { limits: { cpuMs: 1000, wallMs: 1500 } },
    );
    // Formatting a stack at every level is slow enough that the CPU limit may end it first, or the
    // retained stack strings may reach the heap limit; every ending is contained, none reaches the host.
    if (r.ok) expect(nothing(r.value)).toBe(true);
    else expect(r.error.code).toMatch(/^(cpu_limit|timeout|memory_limit)$/);
  });

  it('CVE-2023-30547: host exception raised from a Proxy toString during stack formatting', async () => {
    const r = await runGuest(
      sb,
      `const err = new Error();
       let got = 'none';
       err.name = { toString: new Proxy(() => '', { apply(t, self, args) { got = ${pwn("args.constructor.constructor('return process')()")}; return ''; } }) };
       try { void err.stack; } catch (e) { got = ${pwn("e.constructor.constructor('return process')()")}; }
       return got;`,
    );
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value === 'none' || nothing(r.value)).toBe(true);
  });

  it('CVE-2023-32314: host object via a Symbol getter thrown from a host built-in', async () => {
    const r = await runGuest(
      sb,
      `const realSymbol = Symbol;
       let got = 'none';
       globalThis.Symbol = { get toStringTag() { throw (f) => f.constructor('return process')(); } };
       try { Object.prototype.toString.call(new Map()); await ctx.kv.set('m', new Map()); } catch (f) {
         globalThis.Symbol = realSymbol;
         got = typeof f === 'function' ? ${pwn('f(() => {})')} : typeof f;
       }
       globalThis.Symbol = realSymbol;
       return got;`,
    );
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value === 'none' || r.value === 'object' || nothing(r.value)).toBe(true);
  });

  it('CVE-2023-37466: Promise species swapped to receive an unsanitised rejection', async () => {
    const r = await runGuest(
      sb,
      `const seen = [];
       async function fn() { (function stack() { new Error().stack; stack(); })(); }
       const p = fn();
       p.constructor = { [Symbol.species]: class FakePromise { constructor(executor) {
         executor((x) => x, (err) => { seen.push(${pwn("err.constructor.constructor('return process')()")}); });
       } } };
       p.then();
       await new Promise((r) => setTimeout(r, 20));
       return seen;`,
      { limits: { cpuMs: 1000, wallMs: 1500 } },
    );
    // The recursion may end on the CPU, wall or heap limit (contained endings); what must never
    // happen is a guest handler receiving a host object.
    if (r.ok) expect((r.value as string[]).every(nothing)).toBe(true);
    else expect(r.error.code).toMatch(/^(cpu_limit|timeout|memory_limit|tool_error)$/);
  });

  it('CVE-2023-37903: Node custom inspect function reached through a host call', async () => {
    const r = await runGuest(
      sb,
      `const seen = [];
       const obj = { [Symbol.for('nodejs.util.inspect.custom')]: (depth, opt, inspect) => { seen.push(${pwn("inspect && inspect.constructor('return process')()")}); return ''; }, valueOf: undefined, constructor: undefined };
       try { await ctx.kv.set('o', obj); } catch (e) { seen.push('refused'); }
       ctx.log(obj);
       try { await ctx.fetch(obj); } catch (e) { seen.push(e.code || 'err'); }
       return seen;`,
    );
    // The host only ever sees JSON strings: no inspect() of a guest object ever runs on the host.
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value).not.toContain('object');
  });

  it('CVE-2026-44001 class: an unhandled rejection in the guest does not crash the host', async () => {
    const r = await runGuest(
      sb,
      `new Promise((_, reject) => reject(new Error('x'))); Promise.reject(1); return 'ok';`,
    );
    // Like node's default, an unhandled rejection fails the call — and only the call.
    expect(r).toMatchObject({ ok: false, error: { code: 'tool_error' } });
    if (!r.ok) expect(r.error.message).toMatch(/^uncaught in the tool/);
  });

  it('should leave the host and other calls working, with no canary written', async () => {
    await expectHealthy(sb, canary);
  });
});
