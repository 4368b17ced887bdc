import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from './sandbox.js';
import type { RunnableTool } from './types.js';

const limits = { memoryMb: 32, cpuMs: 500, wallMs: 1000, maxOutputBytes: 10_000 };
const tool = (source: string, over: Partial<RunnableTool> = {}): RunnableTool => ({
  name: 't',
  source,
  limits,
  capabilities: {},
  ...over,
});

describe('sandbox', () => {
  let sb: Sandbox | null = null;
  const make = (over: Partial<Parameters<typeof createSandbox>[0]> = {}) => {
    sb = createSandbox({
      workers: 2,
      maxQueue: 8,
      recycleAfterRuns: 1000,
      maxWorkerRssMb: 1024,
      killGraceMs: 200,
      prewarmMemoryMb: 32,
      ...over,
    });
    return sb;
  };
  afterEach(async () => {
    await sb?.close();
    sb = null;
  });

  it('should run a tool with its arguments and return plain data and usage', async () => {
    const s = make();
    const r = await s.run(
      tool('export default (a) => ({ twice: a.n * 2, s: "é" })'),
      { n: 21 },
      { tenant: 't' },
    );
    expect(r).toMatchObject({ ok: true, value: { twice: 42, s: 'é' } });
    expect(r.usage.wallMs).toBeGreaterThan(0);
    expect(r.usage.memoryBytes).toBeGreaterThan(0);
  });

  it('should give each call a fresh context', async () => {
    const s = make({ workers: 1 });
    const t = tool('export default () => { globalThis.n = (globalThis.n ?? 0) + 1; return globalThis.n; }');
    // Enough calls to go through both isolates of the size and their prepared contexts twice over.
    for (let i = 0; i < 8; i++)
      expect(await s.run(t, {}, { tenant: 't' })).toMatchObject({ ok: true, value: 1 });
  });

  it("should keep a module's top-level declarations out of the guest global", async () => {
    const s = make({ workers: 1 });
    const t = tool(
      'var v = 1; function helper() { return 2; }\nexport default () => [typeof globalThis.v, typeof globalThis.helper, helper()];',
    );
    expect(await s.run(t, {}, { tenant: 't' })).toMatchObject({
      ok: true,
      value: ['undefined', 'undefined', 2],
    });
  });

  it('should not let released contexts pile up in the isolate heap', async () => {
    // A tool with top-level functions: run as a bare script, each run would keep its context
    // (~150 KB) reachable, and 300 runs would fill far more than half of the 32 MiB limit.
    const s = make({ workers: 1 });
    const t = tool('function add(a) { return a.x + a.y; }\nexport default (a) => add(a);');
    let peak = 0;
    for (let i = 0; i < 300; i++) {
      const r = await s.run(t, { x: i, y: 1 }, { tenant: 't' });
      expect(r).toMatchObject({ ok: true, value: i + 1 });
      peak = Math.max(peak, r.usage.memoryBytes);
    }
    expect(peak).toBeLessThan(16 * 1024 * 1024);
  });

  it('should replace an isolate left with a large heap and keep serving from fresh contexts', async () => {
    const s = make({ workers: 1 });
    const big = tool(
      'export default () => { globalThis.keep = new Float64Array(2.5e6).fill(1); return keep.length; }',
    );
    const r = await s.run(big, {}, { tenant: 't' });
    expect(r).toMatchObject({ ok: true, value: 2.5e6 });
    expect(r.usage.memoryBytes).toBeGreaterThan(16 * 1024 * 1024);
    const t = tool('export default () => { globalThis.n = (globalThis.n ?? 0) + 1; return globalThis.n; }');
    for (let i = 0; i < 6; i++)
      expect(await s.run(t, {}, { tenant: 't' })).toMatchObject({ ok: true, value: 1 });
  });

  it('should answer sandbox_crashed for the call in flight when its worker dies, then keep serving', async () => {
    const s = make();
    await s.ready();
    const pending = s.run(
      tool('export default () => new Promise(() => {})', {
        limits: { ...limits, wallMs: 10_000, cpuMs: 10_000 },
      }),
      {},
      { tenant: 't' },
    );
    let busy: readonly number[] = [];
    for (let i = 0; i < 200 && busy.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 10));
      busy = s.stats().busyPids;
    }
    expect(busy).toHaveLength(1);
    process.kill(busy[0]!, 'SIGKILL');
    expect(await pending).toMatchObject({ ok: false, error: { code: 'sandbox_crashed' } });
    expect(await s.run(tool('export default () => "still here"'), {}, { tenant: 't' })).toMatchObject({
      ok: true,
      value: 'still here',
    });
    expect(s.stats().crashes).toBe(1);
    await s.ready();
    expect(s.stats().workers).toBe(2);
  });

  it.runIf(process.platform === 'linux')('should start workers with an empty environment', async () => {
    const s = make({ workers: 1 });
    await s.ready();
    const environ = readFileSync(`/proc/${s.stats().pids[0]}/environ`, 'utf8').split('\0').filter(Boolean);
    // Only what node itself sets up for the IPC channel.
    expect(environ.every((v) => v.startsWith('NODE_CHANNEL_'))).toBe(true);
  });

  it('should recycle a worker after its run budget', async () => {
    const s = make({ workers: 1, recycleAfterRuns: 2 });
    await s.ready();
    const pid0 = s.stats().pids[0];
    for (let i = 0; i < 2; i++) await s.run(tool('export default () => 1'), {}, { tenant: 't' });
    await s.ready();
    expect(s.stats().recycled).toBe(1);
    expect(s.stats().pids[0]).not.toBe(pid0);
    expect(await s.run(tool('export default () => 2'), {}, { tenant: 't' })).toMatchObject({
      ok: true,
      value: 2,
    });
  });

  it('should send each call to the worker that has been idle longest', async () => {
    const s = make();
    await s.ready();
    const slow = tool('export default () => new Promise((r) => setTimeout(r, 40))');
    const pids: number[] = [];
    for (let i = 0; i < 4; i++) {
      const pending = s.run(slow, {}, { tenant: 't' });
      await new Promise((r) => setTimeout(r, 15));
      pids.push(...s.stats().busyPids);
      expect(await pending).toMatchObject({ ok: true });
    }
    expect(pids).toHaveLength(4);
    expect(pids[0]).not.toBe(pids[1]);
    expect(pids[2]).toBe(pids[0]);
    expect(pids[3]).toBe(pids[1]);
  });

  it('should refuse work beyond the queue bound instead of buffering it', async () => {
    const s = make({ workers: 1, maxQueue: 1 });
    const slow = tool('export default () => new Promise((r) => setTimeout(r, 300))');
    const results = await Promise.all([0, 1, 2, 3].map(() => s.run(slow, {}, { tenant: 't' })));
    expect(results.filter((r) => !r.ok && r.error.code === 'sandbox_busy').length).toBeGreaterThan(0);
  });

  it('should give a tool only the capabilities it was granted', async () => {
    const s = make();
    const probe = tool('export default async (a, ctx) => Object.keys(ctx).sort()', {
      capabilities: { kv: { namespace: 'n', write: false }, log: true },
    });
    expect(await s.run(probe, {}, { tenant: 't' })).toMatchObject({ ok: true, value: ['kv', 'log'] });
    const writer = tool('export default async (a, ctx) => ctx.kv.set("k", 1)', {
      capabilities: { kv: { namespace: 'n', write: false } },
    });
    expect(await s.run(writer, {}, { tenant: 't' })).toMatchObject({
      ok: false,
      error: { code: 'capability_denied' },
    });
  });

  it('should keep tenants apart in kv', async () => {
    const s = make();
    const caps = { kv: { namespace: 'n', write: true } };
    const set = tool(
      'export default async (a, ctx) => { await ctx.kv.set("k", a.v); return ctx.kv.get("k"); }',
      { capabilities: caps },
    );
    expect(await s.run(set, { v: 'A' }, { tenant: 'a' })).toMatchObject({ ok: true, value: 'A' });
    const get = tool('export default async (a, ctx) => ctx.kv.get("k")', { capabilities: caps });
    expect(await s.run(get, {}, { tenant: 'b' })).toMatchObject({ ok: true, value: null });
    expect(s.kv.get('a', 'n', 'k')).toBe('A');
  });

  it('should report a tool without a default export as tool_invalid', async () => {
    const s = make();
    expect(await s.run(tool('const x = 1;'), {}, { tenant: 't' })).toMatchObject({
      ok: false,
      error: { code: 'tool_invalid' },
    });
    expect(await s.run(tool('export default ('), {}, { tenant: 't' })).toMatchObject({
      ok: false,
      error: { code: 'tool_invalid' },
    });
  });

  it('should honour the bounded setTimeout and refuse plain timers', async () => {
    const s = make();
    const t = tool(
      'export default async () => { const t0 = Date.now(); await new Promise((r) => setTimeout(r, 30)); return [Date.now() - t0 >= 25, typeof setInterval]; }',
    );
    expect(await s.run(t, {}, { tenant: 't' })).toMatchObject({ ok: true, value: [true, 'undefined'] });
  });
});
