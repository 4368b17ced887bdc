import { describe, expect, it } from 'vitest';
import { EventBus, type OpsEvents } from '../events.js';
import { attachSandboxSignals } from './sandbox-signals.js';

function run(over: Partial<OpsEvents['sandbox.run']> = {}): OpsEvents['sandbox.run'] {
  return {
    tool: 'web_fetch',
    tenant: 'acme',
    ok: true,
    wallMs: 1,
    retries: 0,
    fallback: false,
    rollback: false,
    ...over,
  };
}

describe('attachSandboxSignals', () => {
  it('should report a breaker opening once, and closing on the next success', () => {
    const bus = new EventBus();
    const seen: string[] = [];
    bus.on('sandbox.breaker', (e) => seen.push(`${e.tool}:${e.state}`));
    attachSandboxSignals(bus, () => null);
    bus.emit('sandbox.run', run({ ok: false, errorClass: 'circuit_open' }));
    bus.emit('sandbox.run', run({ ok: false, errorClass: 'circuit_open' }));
    bus.emit('sandbox.run', run());
    bus.emit('sandbox.run', run());
    expect(seen).toEqual(['web_fetch:open', 'web_fetch:closed']);
  });

  it('should report a capability violation as an escape attempt', () => {
    const bus = new EventBus();
    const seen: string[] = [];
    bus.on('sandbox.escape_attempt', (e) => seen.push(e.tool));
    attachSandboxSignals(bus, () => null);
    bus.emit('sandbox.run', run({ ok: false, errorClass: 'capability_denied' }));
    expect(seen).toEqual(['web_fetch']);
  });

  it('should report each rise of the pool crash counter, even when a retry hid the crash', () => {
    const bus = new EventBus();
    let crashes = 0;
    let n = 0;
    bus.on('sandbox.worker_crash', () => n++);
    const signals = attachSandboxSignals(bus, () => ({ crashes }));
    crashes = 2;
    bus.emit('sandbox.run', run({ retries: 2 }));
    bus.emit('sandbox.run', run());
    expect(n).toBe(2);
    crashes = 3;
    signals.poll();
    expect(n).toBe(3);
  });
});
