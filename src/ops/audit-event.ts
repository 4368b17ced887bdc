/**
 * The audit event for a safe-mode transition: kind `admin`, rule `safe_mode`, who and why in the
 * explanation, so the log shows when the service ran degraded and on whose word.
 */
import { ulid } from '../audit/index.js';
import type { AuditEvent } from '../types.js';
import { GLOBAL, type Transition } from './safe-mode.js';

export function safeModeAuditEvent(t: Transition, policyVersion: string, requestId?: string): AuditEvent {
  const tenant = t.scope === GLOBAL ? '*' : t.scope.replace(/^tenant:/, '');
  const verb = t.enabled ? 'entered' : 'left';
  return {
    id: ulid(),
    time: t.at,
    requestId: requestId ?? `safe-mode-${verb}`,
    kind: 'admin',
    principal: t.principal ?? 'system:agentwall',
    tenant,
    session: null,
    tool: null,
    argsDigest: null,
    args: null,
    decision: 'allow',
    reasons: [
      { layer: 'pipeline', rule: 'safe_mode', message: `safe mode ${verb} (${t.actor}): ${t.reason}` },
    ],
    policyVersion,
    latencyMs: 0,
    timings: {},
    usage: null,
    explanation: {
      safeMode: {
        enabled: t.enabled,
        scope: t.scope,
        actor: t.actor,
        reason: t.reason,
        trigger: t.trigger ?? null,
      },
    },
  };
}
