/**
 * SharedArrayBuffer, Atomics and WebAssembly are removed from the guest: Atomics.wait can block the
 * isolate thread where termination may not reach it, shared memory is a timing primitive, and wasm
 * memory grows outside the V8 heap the memory limit watches. Attempts to get them back fail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.js';
import { expectHealthy, hostileSandbox, runGuest } from '../helpers/sandbox.js';

describe('sandbox: SharedArrayBuffer, Atomics, WebAssembly', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = hostileSandbox();
    await sb.ready();
  });
  afterAll(() => sb.close());

  it('should not expose them on the global', async () => {
    const r = await runGuest(sb, `return [typeof SharedArrayBuffer, typeof Atomics, typeof WebAssembly];`);
    expect(r).toMatchObject({ ok: true, value: ['undefined', 'undefined', 'undefined'] });
  });

  it('should not hand them back through other realms or prototypes', async () => {
    const r = await runGuest(
      sb,
      `const out = [];
       try { out.push(typeof Object.getPrototypeOf(new Int8Array(1).buffer).constructor.name); } catch (e) { out.push('err'); }
       try { out.push(String(new Function('return typeof SharedArrayBuffer')())); } catch (e) { out.push('err'); }
       try { out.push(String(Object.getOwnPropertyNames(globalThis).filter((n) => /Shared|Atomics|WebAssembly/.test(n)))); } catch (e) { out.push('err'); }
       return out;`,
    );
    expect(r).toMatchObject({ ok: true, value: ['string', 'undefined', ''] });
  });

  it('should stop a guest that tries to block with a busy wait instead of Atomics.wait', async () => {
    const r = await runGuest(sb, `const end = Date.now() + 60000; while (Date.now() < end) {} return 1;`, {
      limits: { cpuMs: 100, wallMs: 300 },
    });
    expect(r).toMatchObject({ ok: false, error: { code: expect.stringMatching(/^(cpu_limit|timeout)$/) } });
  });

  it('should leave the host and other calls working', async () => {
    await expectHealthy(sb);
  });
});
