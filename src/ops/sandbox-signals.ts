/**
 * Derives the sandbox's operational events from the one event the execute path emits
 * (`sandbox.run`), so the sandbox needs no knowledge of ops: an open circuit shows up as the
 * `circuit_open` error, a capability violation as `capability_denied`, and worker crashes as a
 * rise of the pool's crash counter (which also catches crashes a retry hid).
 */
import type { EventBus } from '../events.js';

export interface PoolCrashes {
  readonly crashes: number;
}

export interface SandboxSignals {
  /** Reports crashes the pool counted since the last poll (also called on every metrics scrape). */
  poll(): void;
  off(): void;
}

export function attachSandboxSignals(bus: EventBus, poolStats: () => PoolCrashes | null): SandboxSignals {
  const open = new Set<string>();
  let crashes = 0;
  const poll = (): void => {
    const now = poolStats()?.crashes ?? crashes;
    for (; crashes < now; crashes++) bus.emit('sandbox.worker_crash', { detail: 'worker exited' });
  };
  const off = bus.on('sandbox.run', (e) => {
    if (e.errorClass === 'circuit_open' && !open.has(e.tool)) {
      if (open.size < 10_000) open.add(e.tool);
      bus.emit('sandbox.breaker', { tool: e.tool, state: 'open' });
    } else if (e.ok && open.delete(e.tool)) {
      bus.emit('sandbox.breaker', { tool: e.tool, state: 'closed' });
    }
    if (e.errorClass === 'capability_denied') {
      bus.emit('sandbox.escape_attempt', { tool: e.tool, tenant: e.tenant, detail: 'capability_denied' });
    }
    poll();
  });
  return { poll, off };
}
