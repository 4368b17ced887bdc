import { describe, expect, it } from 'vitest';
import { EventBus } from './events.js';

const decision = {
  kind: 'tool-call' as const,
  decision: 'deny' as const,
  tenant: 't1',
  tool: 'fs.write',
  reasons: [],
  latencyMs: 1,
  timings: {},
};

describe('EventBus', () => {
  it('should deliver typed payloads with wall-clock and monotonic times', () => {
    const bus = new EventBus();
    const seen: unknown[] = [];
    bus.on('decision', (e, meta) => seen.push([e.tool, meta.name, typeof meta.mono, meta.at > 0]));
    bus.emit('decision', decision);
    expect(seen).toEqual([['fs.write', 'decision', 'number', true]]);
  });

  it('should isolate a throwing listener from the emitter and from other listeners', () => {
    const bus = new EventBus();
    let reached = 0;
    bus.on('decision', () => {
      throw new Error('listener bug');
    });
    bus.on('decision', () => reached++);
    bus.onAny(() => reached++);
    expect(() => bus.emit('decision', decision)).not.toThrow();
    expect(reached).toBe(2);
    expect(bus.listenerErrors).toBe(1);
  });

  it('should stop delivering after unsubscribe', () => {
    const bus = new EventBus();
    let n = 0;
    const off = bus.on('sandbox.worker_crash', () => n++);
    const offAny = bus.onAny(() => n++);
    bus.emit('sandbox.worker_crash', { detail: 'x' });
    off();
    offAny();
    bus.emit('sandbox.worker_crash', { detail: 'x' });
    expect(n).toBe(2);
    expect(bus.listenerCount()).toBe(0);
  });
});
