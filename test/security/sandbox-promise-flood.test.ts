/**
 * Promise floods: microtask chains that never yield and promise fan-outs that grow without bound.
 * Evaluation timeouts do not cover continuations, so the watchdogs must; unhandled rejections in
 * the guest must not reach the host's unhandled-rejection handling (vm2 CVE-2026-44001 class).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.js';
import { expectHealthy, hostileSandbox, runGuest } from '../helpers/sandbox.js';

describe('sandbox: promise floods', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = hostileSandbox();
    await sb.ready();
  });
  afterAll(() => sb.close());

  it('should stop a self-feeding microtask chain', async () => {
    const r = await runGuest(
      sb,
      `const f = () => Promise.resolve().then(f); f(); await new Promise(() => {});`,
      {
        limits: { cpuMs: 200, wallMs: 400 },
      },
    );
    expect(r).toMatchObject({
      ok: false,
      error: { code: expect.stringMatching(/^(cpu_limit|timeout|memory_limit)$/) },
    });
  });

  it('should stop an exponential promise fan-out', async () => {
    const r = await runGuest(
      sb,
      `const f = () => { Promise.resolve().then(f); Promise.resolve().then(f); }; f(); await new Promise(() => {});`,
      { limits: { cpuMs: 200, wallMs: 400 } },
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toMatch(/^(cpu_limit|timeout|memory_limit|sandbox_crashed)$/);
  });

  it('should cap pending timers', async () => {
    const r = await runGuest(
      sb,
      `const ps = []; for (let i = 0; i < 1000; i++) ps.push(new Promise((res) => setTimeout(res, 10))); await Promise.all(ps); return 'all fired';`,
    );
    // The guest's setTimeout rejects past the cap, so the 1000 timers never all fire.
    expect(r.ok && r.value === 'all fired').toBe(false);
  });

  it('should keep unhandled guest rejections inside the guest', async () => {
    const r = await runGuest(
      sb,
      `Promise.reject(new Error('unhandled 1'));
       new Promise((_, reject) => reject(new Error('unhandled 2')));
       (async () => { throw new Error('unhandled 3'); })();
       return 'done';`,
    );
    // isolated-vm raises an unhandled rejection as the error of the run: the call fails, nothing else.
    expect(r).toMatchObject({ ok: false, error: { code: 'tool_error' } });
    const handled = await runGuest(sb, `Promise.reject(new Error('late')).catch(() => {}); return 'done';`);
    expect(handled).toMatchObject({ ok: true, value: 'done' });
  });

  it('should flood capability calls without taking the host down', async () => {
    const r = await runGuest(
      sb,
      `const ps = []; for (let i = 0; i < 20000; i++) ps.push(ctx.kv.get('k' + i)); await Promise.all(ps); return ps.length;`,
      {
        limits: { wallMs: 2000, cpuMs: 2000 },
      },
    );
    expect(String(r.ok ? r.value : r.error.code)).toMatch(
      /^(20000|timeout|cpu_limit|memory_limit|capability_denied)$/,
    );
  });

  it('should leave the host and other calls working', async () => {
    await expectHealthy(sb);
  });
});
