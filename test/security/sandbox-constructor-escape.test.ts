/**
 * Constructor chains to a host `Function`: the classic escape from node:vm
 * (`this.constructor.constructor('return process')()`). In an isolate every reachable function —
 * including the capability functions the host injects — belongs to the guest realm, so every
 * chain ends at the guest's own Function, whose global has no process, require or module.
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

describe('sandbox: constructor chains to the host Function', () => {
  let sb: Sandbox;
  const canary = canaryPath();
  beforeAll(async () => {
    sb = hostileSandbox();
    await sb.ready();
  });
  afterAll(() => sb.close());

  const chains: Record<string, string> = {
    'this.constructor.constructor': `this.constructor.constructor('return process')()`,
    'globalThis.constructor': `globalThis.constructor.constructor('return this.process')()`,
    'Function()': `Function('return typeof process === "undefined" ? undefined : process')()`,
    'async function constructor': `(async () => {}).constructor('return process')()`,
    'generator function constructor': `(function* () {}).constructor('return process')().next().value`,
    'capability function (kv.get)': `ctx.kv.get.constructor('return process')()`,
    'capability function (log)': `ctx.log.constructor.constructor('return process')()`,
    'bounded setTimeout': `setTimeout.constructor('return process')()`,
    'promise from a capability': `ctx.kv.get('x').constructor.constructor('return process')()`,
    'arguments object': `arguments.constructor.constructor('return process')()`,
    'ctx object': `ctx.constructor.constructor('return process')()`,
  };

  for (const [name, expr] of Object.entries(chains)) {
    it(`should find no process through ${name}`, async () => {
      const r = await runGuest(sb, `return { type: ${escapePayload(canary, expr)} };`);
      expect(r).toMatchObject({ ok: true, value: { type: expect.stringMatching(NOTHING) } });
    });
  }

  it('should find no process through the constructor of an error the host rejected with', async () => {
    const r = await runGuest(
      sb,
      `try { await ctx.kv.set('', 1); return 'no error'; } catch (e) {
         const type = ${escapePayload(canary, 'e.constructor.constructor("return process")()')};
         return { code: e.code, type, proto: Object.getPrototypeOf(e) === Error.prototype };
       }`,
    );
    expect(r).toMatchObject({
      ok: true,
      value: { code: 'invalid_request', type: expect.stringMatching(NOTHING), proto: true },
    });
  });

  it('should expose no ambient authority on the guest global', async () => {
    const r = await runGuest(
      sb,
      `return ['process','require','module','exports','Buffer','global','__agentwall_send','__agentwall_deliver',
        '__agentwall_invoke','setInterval','setImmediate','queueMicrotask','fetch','WebAssembly','SharedArrayBuffer','Atomics']
        .filter((n) => typeof globalThis[n] !== 'undefined');`,
    );
    expect(r).toMatchObject({ ok: true, value: [] });
  });

  it('should refuse dynamic import and an import statement', async () => {
    const dyn = await runGuest(
      sb,
      `try { await import('fs'); return 'imported'; } catch (e) { return 'refused'; }`,
    );
    expect(dyn.ok ? dyn.value : dyn.error.code).not.toBe('imported');
    const stat = await sb.run(
      {
        name: 'i',
        source: "import fs from 'fs';\nexport default () => 1;",
        limits: { memoryMb: 32, cpuMs: 300, wallMs: 500, maxOutputBytes: 100 },
        capabilities: {},
      },
      {},
      { tenant: 't' },
    );
    expect(stat).toMatchObject({ ok: false, error: { code: 'tool_invalid' } });
  });

  it('should leave the host and other calls working', async () => {
    await expectHealthy(sb, canary);
  });
});
