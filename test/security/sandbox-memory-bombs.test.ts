/**
 * Memory bombs. isolated-vm's memory limit is a guideline and one large allocation can abort the
 * whole process before it triggers — which is why isolates live in worker processes: the worst
 * case is a dead worker (`sandbox_crashed`), answered for that call, then replaced.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.js';
import { expectHealthy, hostileSandbox, runGuest } from '../helpers/sandbox.js';

const CONTAINED = /^(memory_limit|sandbox_crashed|timeout|cpu_limit|tool_error)$/;

describe('sandbox: memory bombs', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = hostileSandbox();
    await sb.ready();
  });
  afterAll(() => sb.close());

  const bombs: Record<string, string> = {
    'an incremental array of objects': `const a = []; for (;;) a.push({ s: 'x'.repeat(64) + a.length });`,
    'a single huge allocation': `return new Array(2e8).fill(0).length;`,
    'a huge typed array': `return new Float64Array(2 ** 28).length;`,
    'a huge ArrayBuffer': `return new ArrayBuffer(2 ** 31).byteLength;`,
    'a growing Map': `const m = new Map(); for (let i = 0; ; i++) m.set(i, [i, i, i]);`,
    'string doubling': `let s = 'x'; for (;;) s += s;`,
    'an array of arrays allocated asynchronously': `const a = []; for (;;) { a.push(new Array(1e5).fill(1)); await null; }`,
  };

  for (const [name, body] of Object.entries(bombs)) {
    it(`should contain ${name}`, async () => {
      const r = await runGuest(sb, body, { limits: { memoryMb: 32, cpuMs: 2000, wallMs: 3000 } });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toMatch(CONTAINED);
      expect(process.memoryUsage().rss).toBeLessThan(2 * 1024 ** 3);
      await expectHealthy(sb);
    });
  }

  it('should report memory_limit for an incremental bomb', async () => {
    const r = await runGuest(sb, `const a = []; for (;;) a.push({ s: 'y'.repeat(32) + a.length });`, {
      limits: { memoryMb: 16, cpuMs: 5000, wallMs: 8000 },
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'memory_limit' } });
  });

  it('should leave the host and other calls working', async () => {
    await expectHealthy(sb);
    expect(sb.stats().workers).toBe(2);
  });
});
