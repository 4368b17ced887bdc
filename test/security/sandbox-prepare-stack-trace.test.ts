/**
 * `Error.prepareStackTrace` hands call sites (with getThis/getFunction) to guest code. In vm2
 * this exposed host frames (CVE-2023-29017). Here no host frame ever runs inside the isolate —
 * capability calls cross as an asynchronous message — so call sites can only show guest code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.js';
import { canaryPath, escapePayload, expectHealthy, hostileSandbox, runGuest } from '../helpers/sandbox.js';

describe('sandbox: Error.prepareStackTrace', () => {
  let sb: Sandbox;
  const canary = canaryPath();
  beforeAll(async () => {
    sb = hostileSandbox();
    await sb.ready();
  });
  afterAll(() => sb.close());

  it('should give call sites that lead to no host object', async () => {
    const r = await runGuest(
      sb,
      `const found = [];
       Error.prepareStackTrace = (err, frames) => {
         for (const f of frames) {
           for (const v of [f.getThis(), f.getFunction()]) {
             if (v && typeof v.constructor === 'function') {
               found.push(${escapePayload(canary, 'v.constructor.constructor("return process")()')});
             }
           }
           found.push(String(f.getFileName()));
         }
         return 'custom';
       };
       try { await ctx.kv.set('', 1); } catch (e) { void e.stack; }
       try { null.x; } catch (e) { void e.stack; }
       void new Error('x').stack;
       return found.filter((x) => x === 'object' || x === 'function' || /node:|\\.js$|\\.ts$/.test(x));`,
    );
    expect(r).toMatchObject({ ok: true, value: [] });
  });

  it('should survive a prepareStackTrace that throws or loops while the host formats an error', async () => {
    const throwing = await runGuest(
      sb,
      `Error.prepareStackTrace = () => { throw new Error('boom'); };
       throw new Error('outer');`,
    );
    expect(throwing.ok).toBe(false);
    const looping = await runGuest(
      sb,
      `Error.prepareStackTrace = () => { for (;;) {} }; throw new Error('outer');`,
    );
    expect(looping).toMatchObject({
      ok: false,
      error: { code: expect.stringMatching(/^(cpu_limit|timeout|tool_error)$/) },
    });
  });

  it('should leave the host and other calls working', async () => {
    await expectHealthy(sb, canary);
  });
});
