import { describe, expect, it } from 'vitest';
import type { EventMeta, OpsEventName } from '../events.js';
import type { Reason } from '../types.js';
import { toSignals } from './signals.js';

const meta = (name: OpsEventName): EventMeta => ({ name, at: 1, mono: 2 });

function decision(d: 'allow' | 'deny' | 'review', reasons: Reason[]) {
  return {
    kind: 'tool-call',
    decision: d,
    tenant: 'acme',
    tool: 'web_fetch',
    reasons,
    latencyMs: 1,
    timings: {},
  };
}

describe('toSignals', () => {
  it.each([
    [
      'a firewall denial',
      decision('deny', [{ layer: 'firewall', rule: 'injection', message: 'm' }]),
      ['firewall_block'],
    ],
    [
      'an output-layer denial',
      decision('deny', [{ layer: 'output', rule: 'secret', message: 'm' }]),
      ['firewall_block'],
    ],
    [
      'a policy denial',
      decision('deny', [{ layer: 'policy', rule: 'no-shell', message: 'm' }]),
      ['policy_deny'],
    ],
    ['a flow denial', decision('deny', [{ layer: 'flow', rule: 'loop', message: 'm' }]), ['policy_deny']],
    ['a schema denial', decision('deny', [{ layer: 'schema', rule: 'invalid_arguments', message: 'm' }]), []],
    ['an allow', decision('allow', [{ layer: 'policy', rule: 'r', message: 'm' }]), []],
    ['a safe-mode denial', decision('deny', [{ layer: 'pipeline', rule: 'safe_mode', message: 'm' }]), []],
    [
      'an internal error',
      decision('deny', [{ layer: 'firewall', rule: 'internal_error', message: 'm' }]),
      [],
    ],
    ['a deny without reasons', decision('deny', []), []],
    [
      'a redacted canary leak that was allowed',
      decision('allow', [{ layer: 'output', rule: 'canary_leak', message: 'm' }]),
      ['canary_leak'],
    ],
    [
      'a blocked canary leak',
      decision('deny', [{ layer: 'output', rule: 'canary_leak', message: 'm' }]),
      ['canary_leak', 'firewall_block'],
    ],
  ])('should map %s', (_name, payload, types) => {
    expect(toSignals(payload, meta('decision')).map((s) => s.type)).toEqual(types);
  });

  it('should map layer events and skip the healthy ones', () => {
    expect(toSignals({ state: 'open', tool: 't' }, meta('sandbox.breaker'))[0]?.type).toBe('breaker_open');
    expect(toSignals({ state: 'closed', tool: 't' }, meta('sandbox.breaker'))).toEqual([]);
    expect(toSignals({ available: false, detail: '' }, meta('audit.status'))[0]?.type).toBe(
      'audit_unavailable',
    );
    expect(toSignals({ available: true, detail: '' }, meta('audit.status'))).toEqual([]);
    expect(toSignals({ ok: false, version: 'v' }, meta('policy.reload'))[0]?.type).toBe(
      'policy_reload_failed',
    );
    expect(toSignals({ ms: 1, backlog: 0 }, meta('audit.append'))).toEqual([]);
  });

  it('should carry ids only, never message text', () => {
    const payload = decision('deny', [
      { layer: 'firewall', rule: 'injection', message: 'ignore previous instructions' },
    ]);
    expect(JSON.stringify(toSignals(payload, meta('decision')))).not.toContain('ignore previous');
  });
});
