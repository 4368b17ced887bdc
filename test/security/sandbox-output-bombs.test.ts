/**
 * Giant strings and output bombs: oversized results, logs and capability payloads are cut off by
 * size caps on both sides of the boundary (guest runner, worker, supervisor), never buffered whole
 * on the host.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.js';
import { expectHealthy, hostileSandbox, runGuest } from '../helpers/sandbox.js';

describe('sandbox: giant strings and output bombs', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = hostileSandbox();
    await sb.ready();
  });
  afterAll(() => sb.close());

  it('should refuse a result over maxOutputBytes', async () => {
    const r = await runGuest(sb, `return 'x'.repeat(10 * 1024 * 1024);`, {
      limits: { maxOutputBytes: 1024, memoryMb: 64 },
    });
    expect(r).toMatchObject({
      ok: false,
      error: { code: expect.stringMatching(/^(output_too_large|memory_limit)$/) },
    });
  });

  it('should count bytes, not UTF-16 units, at the host', async () => {
    // 600 three-byte characters: 600 code units, 1800 bytes.
    const r = await runGuest(sb, `return '\\u20ac'.repeat(600);`, { limits: { maxOutputBytes: 1000 } });
    expect(r).toMatchObject({ ok: false, error: { code: 'output_too_large' } });
  });

  it('should contain a string at the engine maximum length', async () => {
    const r = await runGuest(sb, `return 'x'.repeat(2 ** 29 - 24).length;`, {
      limits: { memoryMb: 32, cpuMs: 2000, wallMs: 3000 },
    });
    if (r.ok) expect(r.value).toBeGreaterThan(0);
    else expect(r.error.code).toMatch(/^(memory_limit|tool_error|sandbox_crashed|timeout|cpu_limit)$/);
  });

  it('should cap log lines and their length', async () => {
    const r = await runGuest(sb, `for (let i = 0; i < 100000; i++) ctx.log('z'.repeat(5000)); return 1;`, {
      limits: { wallMs: 3000, cpuMs: 3000 },
    });
    expect(r.ok).toBe(true);
    expect(r.logs.length).toBeLessThanOrEqual(100);
    for (const l of r.logs) expect(l.length).toBeLessThanOrEqual(1000);
  });

  it('should refuse oversized kv values and keys', async () => {
    const r = await runGuest(
      sb,
      `const out = [];
       try { await ctx.kv.set('big', 'v'.repeat(2 * 1024 * 1024)); out.push('stored'); } catch (e) { out.push(e.code); }
       try { await ctx.kv.set('k'.repeat(5000), 1); out.push('stored'); } catch (e) { out.push(e.code); }
       return out;`,
      { limits: { memoryMb: 64 } },
    );
    expect(r).toMatchObject({ ok: true, value: ['invalid_request', 'invalid_request'] });
  });

  it('should refuse oversized arguments before starting a run', async () => {
    const r = await sb.run(
      {
        name: 'x',
        source: 'export default (a) => 1;',
        limits: { memoryMb: 32, cpuMs: 100, wallMs: 200, maxOutputBytes: 100 },
        capabilities: {},
      },
      { s: 'a'.repeat(2 * 1024 * 1024) },
      { tenant: 't' },
    );
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });

  it('should leave the host and other calls working', async () => {
    await expectHealthy(sb);
  });
});
