import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../types.js';
import type { Catalog, CatalogEntry } from '../catalog.js';
import type { RetrySpec, RunResult } from '../types.js';
import { backoffDelay } from './backoff.js';
import { Breakers } from './breaker.js';
import { classify } from './classify.js';
import { executeWithRecovery, type RunOnce } from './orchestrate.js';

const usage = { cpuMs: 1, wallMs: 1, memoryBytes: 10 };
const ok = (value: JsonValue): RunResult => ({ ok: true, value, usage, logs: [] });
const err = (code: string, retryAfterMs?: number): RunResult => ({
  ok: false,
  error: retryAfterMs === undefined ? { code, message: code } : { code, message: code, retryAfterMs },
  usage,
  logs: [],
});
const RETRY: RetrySpec = { maxAttempts: 3, baseMs: 100, maxMs: 1000, budgetMs: 10_000 };

function entry(name: string, over: Partial<CatalogEntry> = {}): CatalogEntry {
  return { name, runnable: null, retry: RETRY, fallback: null, compensation: null, steps: [], ...over };
}

function harness(entries: CatalogEntry[], script: Record<string, RunResult[]>) {
  const catalog: Catalog = new Map(entries.map((e) => [e.name, e]));
  const calls: { tool: string; args: JsonValue }[] = [];
  const sleeps: number[] = [];
  let clock = 0;
  const runOnce: RunOnce = async (tool, args) => {
    calls.push({ tool: tool.name, args });
    const next = script[tool.name]?.shift();
    return next ?? ok(null);
  };
  const deps = {
    catalog,
    runOnce,
    breakers: new Breakers({ threshold: 100, windowMs: 1000, cooldownMs: 1000 }, () => clock),
    sleep: async (ms: number) => {
      sleeps.push(ms);
      clock += ms;
    },
    random: () => 0.5,
    now: () => clock,
  };
  return { deps, calls, sleeps };
}

describe('classify', () => {
  it('should retry only transient classes', () => {
    for (const c of ['timeout', 'sandbox_crashed', 'network', 'rate_limited', 'upstream_5xx'])
      expect(classify(c)).toBe('transient');
    for (const c of [
      'invalid_arguments',
      'capability_denied',
      'policy',
      'context_length',
      'cpu_limit',
      'memory_limit',
      'tool_error',
      'weird',
    ])
      expect(classify(c)).toBe('permanent');
  });
});

describe('backoffDelay', () => {
  it('should grow exponentially under the cap with full jitter', () => {
    expect(backoffDelay(RETRY, 1, undefined, () => 0.999)).toBe(99);
    expect(backoffDelay(RETRY, 3, undefined, () => 0.999)).toBe(399);
    expect(backoffDelay(RETRY, 10, undefined, () => 0.999)).toBe(999);
    expect(backoffDelay(RETRY, 3, undefined, () => 0)).toBe(0);
  });

  it('should never wait less than Retry-After', () => {
    expect(backoffDelay(RETRY, 1, 2500, () => 0.5)).toBe(2500);
  });
});

describe('Breakers', () => {
  it('should open after N failures in the window, probe once when half-open, and close on success', () => {
    let t = 0;
    const b = new Breakers({ threshold: 3, windowMs: 1000, cooldownMs: 500 }, () => t);
    b.failure('x');
    b.failure('x');
    expect(b.allow('x')).toBe(true);
    b.failure('x');
    expect(b.state('x')).toBe('open');
    expect(b.allow('x')).toBe(false);
    t = 600;
    expect(b.state('x')).toBe('half-open');
    expect(b.allow('x')).toBe(true);
    expect(b.allow('x')).toBe(false);
    b.success('x');
    expect(b.state('x')).toBe('closed');
  });

  it('should re-open when the probe fails and forget failures outside the window', () => {
    let t = 0;
    const b = new Breakers({ threshold: 2, windowMs: 100, cooldownMs: 50 }, () => t);
    b.failure('y');
    t = 200;
    b.failure('y');
    expect(b.state('y')).toBe('closed');
    b.failure('y');
    expect(b.state('y')).toBe('open');
    t = 260;
    expect(b.allow('y')).toBe(true);
    b.failure('y');
    expect(b.state('y')).toBe('open');
  });
});

describe('executeWithRecovery', () => {
  it('should retry transient errors and complete', async () => {
    const h = harness([entry('t')], { t: [err('timeout'), err('upstream_5xx'), ok(1)] });
    const o = await executeWithRecovery(h.deps, 't', {});
    expect(o).toMatchObject({ status: 'completed', result: 1, attempts: 3 });
    expect(h.sleeps).toEqual([50, 100]);
    expect(o.usage.cpuMs).toBe(3);
  });

  it('should never retry a permanent error', async () => {
    const h = harness([entry('t')], { t: [err('capability_denied'), ok(1)] });
    expect(await executeWithRecovery(h.deps, 't', {})).toMatchObject({
      status: 'failed',
      attempts: 1,
      error: { code: 'capability_denied' },
    });
  });

  it('should honour Retry-After and stop when it exceeds the budget', async () => {
    const h = harness([entry('t', { retry: { ...RETRY, budgetMs: 3000 } })], {
      t: [err('rate_limited', 1000), err('rate_limited', 5000), ok(1)],
    });
    const o = await executeWithRecovery(h.deps, 't', {});
    expect(h.sleeps).toEqual([1000]);
    expect(o).toMatchObject({ status: 'failed', attempts: 2, error: { code: 'rate_limited' } });
  });

  it('should fall back after retries are exhausted', async () => {
    const h = harness([entry('t', { fallback: 'cache' }), entry('cache')], {
      t: [err('network'), err('network'), err('network')],
      cache: [ok('cached')],
    });
    expect(await executeWithRecovery(h.deps, 't', { u: 1 })).toMatchObject({
      status: 'fell_back',
      result: 'cached',
      fallback: 'cache',
      attempts: 4,
    });
    expect(h.calls.at(-1)).toEqual({ tool: 'cache', args: { u: 1 } });
  });

  it('should compensate completed steps in reverse order from their checkpoints', async () => {
    const h = harness(
      [
        entry('flow', {
          steps: [
            { id: 'a', tool: 'A' },
            { id: 'b', tool: 'B' },
            { id: 'c', tool: 'C' },
          ],
        }),
        entry('A', { compensation: 'undoA' }),
        entry('B', { compensation: 'undoB' }),
        entry('C'),
        entry('undoA'),
        entry('undoB'),
      ],
      { A: [ok('ra')], B: [ok('rb')], C: [err('invalid_arguments')] },
    );
    const o = await executeWithRecovery(h.deps, 'flow', { a: { x: 1 }, b: { y: 2 }, c: {} });
    expect(o.status).toBe('rolled_back');
    expect(h.calls.map((c) => c.tool)).toEqual(['A', 'B', 'C', 'undoB', 'undoA']);
    expect(h.calls[3]!.args).toEqual({ args: { y: 2 }, result: 'rb' });
    expect(o.steps).toEqual([
      { id: 'a', tool: 'A', status: 'compensated' },
      { id: 'b', tool: 'B', status: 'compensated' },
      { id: 'c', tool: 'C', status: 'failed' },
    ]);
  });

  it('should end failed when a compensation fails or a step has none', async () => {
    const h = harness(
      [
        entry('flow', {
          steps: [
            { id: 'a', tool: 'A' },
            { id: 'b', tool: 'B' },
          ],
        }),
        entry('A'),
        entry('B'),
      ],
      { A: [ok(1)], B: [err('tool_error')] },
    );
    const o = await executeWithRecovery(h.deps, 'flow', {});
    expect(o.status).toBe('failed');
    expect(o.steps?.[0]?.status).toBe('compensation_failed');
  });

  it('should refuse calls while the circuit is open', async () => {
    const h = harness([entry('t', { retry: { ...RETRY, maxAttempts: 1 } })], {});
    const b = new Breakers({ threshold: 2, windowMs: 10_000, cooldownMs: 10_000 }, () => 0);
    const deps = { ...h.deps, breakers: b, runOnce: async () => err('upstream_5xx') };
    await executeWithRecovery(deps, 't', {});
    await executeWithRecovery(deps, 't', {});
    const o = await executeWithRecovery(deps, 't', {});
    expect(o).toMatchObject({ status: 'failed', attempts: 0, error: { code: 'circuit_open' } });
  });

  it('should fail a tool that is not in the catalog', async () => {
    const h = harness([], {});
    expect(await executeWithRecovery(h.deps, 'nope', {})).toMatchObject({
      status: 'failed',
      error: { code: 'not_executable' },
    });
  });
});
