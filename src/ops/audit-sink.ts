/**
 * Wraps the audit sink the pipeline writes to: times every append (metrics), and tracks whether
 * the store accepts writes, reporting changes on the bus (safe-mode trigger, P0 incident) and
 * to readiness. The wrapped sink's answers and failures pass through untouched: the pipeline
 * still fails closed on its own.
 */
import type { AuditSink } from '../audit/index.js';
import type { EventBus } from '../events.js';

export interface InstrumentedSink extends AuditSink {
  /** False from the first failed append until the next successful one. */
  writable(): boolean;
}

export function instrumentAuditSink(sink: AuditSink, bus: EventBus): InstrumentedSink {
  let available = true;
  let inFlight = 0;
  return {
    async record(event) {
      const t0 = performance.now();
      inFlight++;
      try {
        const id = await sink.record(event);
        bus.emit('audit.append', { ms: performance.now() - t0, backlog: inFlight - 1 });
        if (!available) {
          available = true;
          bus.emit('audit.status', { available: true, detail: 'append succeeded' });
        }
        return id;
      } catch (err) {
        if (available) {
          available = false;
          bus.emit('audit.status', { available: false, detail: 'append failed' });
        }
        throw err;
      } finally {
        inFlight--;
      }
    },
    close: () => sink.close(),
    writable: () => available,
  };
}
