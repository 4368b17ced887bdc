/**
 * The contract every FlowStore implementation must pass. A shared store registers itself with
 * `flowStoreContract('redis', () => new RedisFlowStore(...))` in its own test file.
 */
import { describe, expect, it } from 'vitest';
import type { FlowStore } from '../../src/policy/flow/store.js';

export function flowStoreContract(name: string, make: (opts: { maxKeys: number }) => FlowStore): void {
  describe(`FlowStore contract: ${name}`, () => {
    it('should keep the first taint source and expire taint after its ttl', async () => {
      const s = make({ maxKeys: 100 });
      const now = Date.now();
      await s.taint('k', { source: 'input:retrieval', at: now }, 10_000);
      await s.taint('k', { source: 'output:web_fetch', at: now + 1 }, 10_000);
      expect(await s.getTaint('k', now + 5)).toEqual({ source: 'input:retrieval', at: now });
      expect(await s.getTaint('k', now + 20_000)).toBeNull();
      expect(await s.getTaint('other', now)).toBeNull();
    });

    it('should consume up to the limit within a window and refuse beyond it', async () => {
      const s = make({ maxKeys: 100 });
      const now = 1_000_000;
      const results = [];
      for (let i = 0; i < 5; i++) results.push(await s.consume('c', 1, 3, 1000, now + i));
      expect(results.map((r) => r.allowed)).toEqual([true, true, true, false, false]);
      expect(results[4]!.used).toBe(3);
      expect((await s.consume('c', 1, 3, 1000, now + 1001)).allowed).toBe(true);
    });

    it('should refuse an amount that would cross the limit without consuming it', async () => {
      const s = make({ maxKeys: 100 });
      expect(await s.consume('cost', 80, 100, 60_000, 1)).toEqual({ allowed: true, used: 80 });
      expect(await s.consume('cost', 30, 100, 60_000, 2)).toEqual({ allowed: false, used: 80 });
      expect(await s.consume('cost', 20, 100, 60_000, 3)).toEqual({ allowed: true, used: 100 });
    });

    it('should keep a bounded, windowed call history', async () => {
      const s = make({ maxKeys: 100 });
      let h: readonly { tool: string }[] = [];
      for (let i = 0; i < 10; i++)
        h = await s.appendHistory('h', { tool: `t${i}`, argsDigest: 'd', at: 1000 + i }, 4, 60_000);
      expect(h.map((r) => r.tool)).toEqual(['t6', 't7', 't8', 't9']);
      h = await s.appendHistory('h', { tool: 'late', argsDigest: 'd', at: 1000 + 70_000 }, 4, 60_000);
      expect(h.map((r) => r.tool)).toEqual(['late']);
    });

    it('should stay within its key bound under many sessions', async () => {
      const s = make({ maxKeys: 50 });
      for (let i = 0; i < 500; i++) await s.consume(`k${i}`, 1, 10, 60_000, 1);
      expect(s.size()).toBeLessThanOrEqual(50);
      await s.clear();
      expect(s.size()).toBe(0);
    });

    it('should serialise concurrent consumption without exceeding the limit', async () => {
      const s = make({ maxKeys: 100 });
      const all = await Promise.all(Array.from({ length: 50 }, () => s.consume('par', 1, 10, 60_000, 5)));
      expect(all.filter((r) => r.allowed)).toHaveLength(10);
    });
  });
}
