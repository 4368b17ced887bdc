/**
 * Bus events → incident signals. A signal carries ids and classes only (tenant, tool, rule,
 * detector), never text or arguments, so an incident sent to a webhook cannot leak what it is
 * about.
 */
import type { EventMeta, OpsEventName, OpsEvents } from '../events.js';
import type { FieldValue } from './incident-rules.js';
import type { Signal } from './incidents.js';

type Fields = Record<string, FieldValue>;

const MAPPERS: { [K in OpsEventName]?: (e: OpsEvents[K]) => [string, Fields] | null } = {
  decision: (e) => {
    if (e.decision !== 'deny') return null;
    const first = e.reasons[0];
    if (first === undefined || first.rule === 'safe_mode' || first.rule === 'internal_error') return null;
    const fields: Fields = { tenant: e.tenant, tool: e.tool ?? 'none', rule: first.rule, kind: e.kind };
    if (first.layer === 'firewall' || first.layer === 'output') return ['firewall_block', fields];
    if (first.layer === 'policy' || first.layer === 'flow') return ['policy_deny', fields];
    return null;
  },
  'canary.leak': (e) => ['canary_leak', { tenant: e.tenant, tool: e.tool ?? 'none', canaryId: e.canaryId }],
  'sandbox.escape_attempt': (e) => ['sandbox_escape', { tenant: e.tenant, tool: e.tool }],
  'sandbox.run': (e) => [
    'sandbox_run',
    { tenant: e.tenant, tool: e.tool, ok: e.ok, errorClass: e.errorClass ?? 'none' },
  ],
  'sandbox.breaker': (e) => (e.state === 'open' ? ['breaker_open', { tool: e.tool }] : null),
  'sandbox.worker_crash': () => ['worker_crash', {}],
  'audit.status': (e) => (e.available ? null : ['audit_unavailable', {}]),
  'detector.error': (e) => ['judge_error', { detector: e.detector }],
  'policy.reload': (e) => (e.ok ? null : ['policy_reload_failed', { version: e.version }]),
  'safe_mode.changed': (e) => [
    e.enabled ? 'safe_mode_entered' : 'safe_mode_left',
    { scope: e.scope, actor: e.actor, trigger: e.trigger ?? 'admin' },
  ],
};

export function toSignal(payload: unknown, meta: EventMeta): Signal | null {
  const map = MAPPERS[meta.name] as ((e: unknown) => [string, Fields] | null) | undefined;
  if (map === undefined) return null;
  const r = map(payload);
  if (r === null) return null;
  return { type: r[0], fields: r[1], at: meta.at, mono: meta.mono };
}
