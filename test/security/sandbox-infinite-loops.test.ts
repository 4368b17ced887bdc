/**
 * Sync and async infinite loops. A sync loop is stopped by the evaluation timeout; an async loop
 * (its continuations run after the evaluation returned a promise) by the worker's CPU poll and
 * wall-clock watchdog, which dispose the isolate; the supervisor's kill timer is the last resort.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.js';
import { expectHealthy, hostileSandbox, runGuest } from '../helpers/sandbox.js';

const STOPPED = /^(cpu_limit|timeout)$/;

describe('sandbox: infinite loops', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = hostileSandbox();
    await sb.ready();
  });
  afterAll(() => sb.close());

  const loops: Record<string, string> = {
    'a sync for(;;)': 'for (;;) {}',
    'a sync while(true) with work': 'let x = 0; while (true) { x = (x + 1) % 7; }',
    'an async loop of awaits': 'for (;;) { await null; }',
    'an async loop of resolved promises': 'for (;;) { await Promise.resolve(1); }',
    'a loop inside a timer callback': 'await new Promise(() => setTimeout(() => { for (;;) {} }, 1));',
    'a loop after a capability call': 'await ctx.kv.get("k"); for (;;) {}',
    'a self-rescheduling timer':
      'const tick = () => setTimeout(tick, 0); tick(); await new Promise(() => {});',
    'a loop in a module top level': '',
  };

  for (const [name, body] of Object.entries(loops)) {
    it(`should stop ${name} near its limit`, async () => {
      const t0 = performance.now();
      const r =
        name === 'a loop in a module top level'
          ? await sb.run(
              {
                name: 'l',
                source: 'for (;;) {}\nexport default () => 1;',
                limits: { memoryMb: 32, cpuMs: 200, wallMs: 400, maxOutputBytes: 100 },
                capabilities: {},
              },
              {},
              { tenant: 't' },
            )
          : await runGuest(sb, body, { limits: { cpuMs: 200, wallMs: 400 } });
      const took = performance.now() - t0;
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toMatch(STOPPED);
      // Generous bound: this asserts the loop was stopped, not how fast (bench/sandbox.ts measures that).
      expect(took).toBeLessThan(5_000);
    });
  }

  it('should leave the host and other calls working', async () => {
    await expectHealthy(sb);
  });
});
