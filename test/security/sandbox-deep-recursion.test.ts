/**
 * Deep recursion: stack overflows in the guest stay guest RangeErrors; deeply nested results are
 * refused before the host would recurse into them when it serialises the response.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.js';
import { expectHealthy, hostileSandbox, runGuest } from '../helpers/sandbox.js';

describe('sandbox: deep recursion', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = hostileSandbox();
    await sb.ready();
  });
  afterAll(() => sb.close());

  it('should turn unbounded recursion into a tool error', async () => {
    const r = await runGuest(sb, `const f = (n) => f(n + 1) + 1; return f(0);`);
    expect(r).toMatchObject({ ok: false, error: { code: 'tool_error' } });
    if (!r.ok) expect(r.error.message).toMatch(/call stack/i);
  });

  it('should contain recursion through getters, toString and Proxy traps', async () => {
    const a = await runGuest(sb, `const o = { get x() { return o.x; } }; return o.x;`);
    expect(a.ok).toBe(false);
    const b = await runGuest(sb, `const p = new Proxy({}, { get: (t, k, r) => r[k] }); return p.x;`);
    expect(b.ok).toBe(false);
  });

  it('should refuse a result nested deeper than the limit without overflowing the host', async () => {
    const r = await runGuest(sb, `let v = 0; for (let i = 0; i < 1000; i++) v = [v]; return v;`, {
      limits: { maxOutputBytes: 1_000_000 },
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_output' } });
    // Too deep for the guest's own serialiser: a guest RangeError, contained.
    const deeper = await runGuest(sb, `let v = 0; for (let i = 0; i < 1e6; i++) v = [v]; return v;`, {
      limits: { cpuMs: 2000, wallMs: 3000 },
    });
    expect(deeper.ok).toBe(false);
  });

  it('should accept a moderately nested result', async () => {
    const r = await runGuest(sb, `let v = 0; for (let i = 0; i < 30; i++) v = { v }; return v;`);
    expect(r.ok).toBe(true);
  });

  it('should leave the host and other calls working', async () => {
    await expectHealthy(sb);
  });
});
