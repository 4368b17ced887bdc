import type { Logger } from 'pino';
import type { AuditEvent } from '../types.js';

/**
 * Where decided events go. `record` resolves only once the event is durable for that sink, so a
 * caller that awaits it before answering never acknowledges a decision it could lose.
 */
export interface AuditSink {
  record(event: AuditEvent): Promise<string>;
  /** Flush and release resources. */
  close(): Promise<void>;
}

/** Writes each event as one JSON line through pino: fixed fields, argument digest, no raw arguments. */
export function createLogSink(logger: Logger): AuditSink {
  const log = logger.child({ component: 'audit' });
  return {
    async record(event) {
      log.info(
        {
          auditId: event.id,
          time: event.time,
          requestId: event.requestId,
          kind: event.kind,
          principal: event.principal,
          tenant: event.tenant,
          session: event.session,
          tool: event.tool,
          decision: event.decision,
          reasons: event.reasons,
          policyVersion: event.policyVersion,
          latencyMs: event.latencyMs,
          argsDigest: event.argsDigest,
        },
        'decision',
      );
      return event.id;
    },
    async close() {},
  };
}

/** Records to every sink in order; the first failure fails the whole record (fail closed). */
export function composeSinks(...sinks: AuditSink[]): AuditSink {
  return {
    async record(event) {
      for (const sink of sinks) await sink.record(event);
      return event.id;
    },
    async close() {
      for (const sink of sinks) await sink.close();
    },
  };
}
