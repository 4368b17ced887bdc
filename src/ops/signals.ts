/**
 * Bus events → incident signals. A signal carries ids and classes only (tenant, tool, rule,
 * detector), never text or arguments, so an incident sent to a webhook cannot leak what it is
 * about.
 */
import type { EventMeta, OpsEventName, OpsEvents } from '../events.js';
import type { FieldValue } from './incident-rules.js';
import type { Signal } from './incidents.js';

type Fields = Record<string, FieldValue>;

type Mapped = [string, Fields];

/** Output-filter findings that mean a planted canary or the system prompt got out. */
const LEAK_RULES = new Set(['canary_leak', 'system_prompt_leak']);

const MAPPERS: { [K in OpsEventName]?: (e: OpsEvents[K]) => Mapped[] } = {
  decision: (e) => {
    const out: Mapped[] = [];
    // A leak is an incident whatever the decision (the filter may have redacted and allowed).
    const leak = e.reasons.find((r) => LEAK_RULES.has(r.rule));
    if (leak) out.push(['canary_leak', { tenant: e.tenant, tool: e.tool ?? 'none', canaryId: leak.rule }]);
    const first = e.reasons[0];
    if (
      e.decision !== 'deny' ||
      first === undefined ||
      first.rule === 'safe_mode' ||
      first.rule === 'internal_error'
    ) {
      return out;
    }
    const fields: Fields = { tenant: e.tenant, tool: e.tool ?? 'none', rule: first.rule, kind: e.kind };
    if (first.layer === 'firewall' || first.layer === 'output') out.push(['firewall_block', fields]);
    if (first.layer === 'policy' || first.layer === 'flow') out.push(['policy_deny', fields]);
    return out;
  },
  'canary.leak': (e) => [['canary_leak', { tenant: e.tenant, tool: e.tool ?? 'none', canaryId: e.canaryId }]],
  'sandbox.escape_attempt': (e) => [['sandbox_escape', { tenant: e.tenant, tool: e.tool }]],
  'sandbox.run': (e) => [
    ['sandbox_run', { tenant: e.tenant, tool: e.tool, ok: e.ok, errorClass: e.errorClass ?? 'none' }],
  ],
  'sandbox.breaker': (e) => (e.state === 'open' ? [['breaker_open', { tool: e.tool }]] : []),
  'sandbox.worker_crash': () => [['worker_crash', {}]],
  'audit.status': (e) => (e.available ? [] : [['audit_unavailable', {}]]),
  'detector.error': (e) => [['judge_error', { detector: e.detector }]],
  'policy.reload': (e) => (e.ok ? [] : [['policy_reload_failed', { version: e.version }]]),
  'safe_mode.changed': (e) => [
    [
      e.enabled ? 'safe_mode_entered' : 'safe_mode_left',
      { scope: e.scope, actor: e.actor, trigger: e.trigger ?? 'admin' },
    ],
  ],
};

export function toSignals(payload: unknown, meta: EventMeta): Signal[] {
  const map = MAPPERS[meta.name] as ((e: unknown) => Mapped[]) | undefined;
  if (map === undefined) return [];
  return map(payload).map(([type, fields]) => ({ type, fields, at: meta.at, mono: meta.mono }));
}
