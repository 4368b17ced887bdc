import { describe, expect, it } from 'vitest';
import { HealthRegistry } from './health.js';

describe('HealthRegistry', () => {
  it('should be ready when every critical check passes, accepting booleans and results', async () => {
    const h = new HealthRegistry();
    h.register({ name: 'policies', check: () => true });
    h.register({ name: 'audit', check: async () => ({ ok: true, detail: 'writable' }) });
    const r = await h.run();
    expect(r.ready).toBe(true);
    expect(r.checks.map((c) => c.name)).toEqual(['policies', 'audit']);
  });

  it('should be unready when a critical check fails, throws or hangs, without leaking the error', async () => {
    const h = new HealthRegistry(50);
    h.register({ name: 'fails', check: () => false });
    h.register({
      name: 'throws',
      check: () => {
        throw new Error('secret connection string');
      },
    });
    h.register({ name: 'hangs', check: () => new Promise<boolean>(() => {}) });
    const r = await h.run();
    expect(r.ready).toBe(false);
    const byName = Object.fromEntries(r.checks.map((c) => [c.name, c]));
    expect(byName.fails?.ok).toBe(false);
    expect(byName.throws?.detail).toBe('check failed');
    expect(JSON.stringify(r)).not.toContain('secret');
    expect(byName.hangs?.detail).toBe('check timed out');
  });

  it('should stay ready when only a non-critical check fails', async () => {
    const h = new HealthRegistry();
    h.register({ name: 'judge', critical: false, check: () => false });
    expect((await h.run()).ready).toBe(true);
  });

  it('should report unready once draining', async () => {
    const h = new HealthRegistry();
    h.register({ name: 'policies', check: () => true });
    h.setDraining();
    const r = await h.run();
    expect(r.ready).toBe(false);
    expect(r.checks.at(-1)).toMatchObject({ name: 'shutdown', ok: false });
  });

  it('should replace a check registered twice and unregister only its own', async () => {
    const h = new HealthRegistry();
    const offOld = h.register({ name: 'sandbox', check: () => false });
    h.register({ name: 'sandbox', check: () => true });
    offOld();
    expect(h.names()).toEqual(['sandbox']);
    expect((await h.run()).ready).toBe(true);
  });
});
