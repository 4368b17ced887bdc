import { describe, expect, it } from 'vitest';
import type { Reason } from '../types.js';
import { type SafeModeConfig, SafeModeController, type Transition } from './safe-mode.js';

const cfg: SafeModeConfig = {
  cooldownSeconds: 60,
  triggers: { firewallBlocksPerMinute: 5, policyDenialsPerMinute: 3, auditUnavailable: true },
};

function setup(config = cfg) {
  let now = 1_000_000;
  const transitions: Transition[] = [];
  const sm = new SafeModeController(config, { now: () => now, onTransition: (t) => transitions.push(t) });
  return { sm, transitions, advance: (ms: number) => (now += ms) };
}

function denial(layer: Reason['layer'], rule = 'r', tenant = 'acme') {
  return {
    kind: 'tool-call' as const,
    decision: 'deny' as const,
    tenant,
    tool: 'x',
    reasons: [{ layer, rule, message: 'm' }],
    latencyMs: 1,
    timings: {},
  };
}

describe('SafeModeController', () => {
  it('should allow everything while off', () => {
    const { sm } = setup();
    expect(sm.check('acme', ['write'])).toBeNull();
  });

  it('should allow only read tools while on globally, denying with rule safe_mode', () => {
    const { sm, transitions } = setup();
    sm.set({ enabled: true, reason: 'incident 42', principal: 'admin:alice' });
    expect(sm.check('acme', ['read'])).toBeNull();
    expect(sm.check('acme', ['read', 'write'])).toMatchObject({ layer: 'pipeline', rule: 'safe_mode' });
    expect(sm.check('acme', ['external'])?.rule).toBe('safe_mode');
    expect(transitions).toHaveLength(1);
    expect(transitions[0]).toMatchObject({
      enabled: true,
      scope: 'global',
      actor: 'admin',
      principal: 'admin:alice',
    });
  });

  it('should fail closed for a tool with unknown or empty side effects', () => {
    const { sm } = setup();
    sm.set({ enabled: true, reason: 'r' });
    expect(sm.check('acme', undefined)?.rule).toBe('safe_mode');
    expect(sm.check('acme', [])?.rule).toBe('safe_mode');
  });

  it('should scope a tenant entry to that tenant only', () => {
    const { sm } = setup();
    sm.set({ enabled: true, reason: 'r', tenant: 'acme' });
    expect(sm.check('acme', ['write'])?.rule).toBe('safe_mode');
    expect(sm.check('other', ['write'])).toBeNull();
    expect(sm.status().tenants.map((t) => t.scope)).toEqual(['tenant:acme']);
  });

  it('should report no transition for a no-op and one for leaving', () => {
    const { sm, transitions } = setup();
    expect(sm.set({ enabled: false, reason: 'r' })).toBeNull();
    sm.set({ enabled: true, reason: 'r' });
    expect(sm.set({ enabled: true, reason: 'again' })).toBeNull();
    expect(sm.set({ enabled: false, reason: 'fixed' })).toMatchObject({ enabled: false, scope: 'global' });
    expect(transitions.map((t) => t.enabled)).toEqual([true, false]);
  });

  it('should enter tenant safe mode when firewall blocks per minute reach the threshold', () => {
    const { sm, transitions, advance } = setup();
    for (let i = 0; i < 4; i++) sm.noteDecision(denial('firewall'));
    expect(sm.active('acme')).toBeUndefined();
    advance(1000);
    sm.noteDecision(denial('firewall'));
    expect(sm.active('acme')).toMatchObject({
      scope: 'tenant:acme',
      actor: 'auto',
      trigger: 'firewall_blocks',
    });
    expect(sm.active('someone-else')).toBeUndefined();
    expect(transitions).toHaveLength(1);
  });

  it('should not count blocks that fell out of the minute', () => {
    const { sm, advance } = setup();
    for (let i = 0; i < 4; i++) sm.noteDecision(denial('firewall'));
    advance(61_000);
    sm.noteDecision(denial('firewall'));
    expect(sm.active('acme')).toBeUndefined();
  });

  it('should trigger on policy denials but ignore its own safe_mode and internal_error denials', () => {
    const { sm } = setup();
    for (let i = 0; i < 10; i++) sm.noteDecision(denial('pipeline', 'safe_mode'));
    for (let i = 0; i < 10; i++) sm.noteDecision(denial('policy', 'internal_error'));
    expect(sm.active('acme')).toBeUndefined();
    for (let i = 0; i < 3; i++) sm.noteDecision(denial('policy', 'no-shell'));
    expect(sm.active('acme')?.trigger).toBe('policy_denials');
  });

  it('should leave an automatic entry after the cool-down, but not an admin one', () => {
    const { sm, transitions, advance } = setup();
    for (let i = 0; i < 5; i++) sm.noteDecision(denial('firewall'));
    sm.set({ enabled: true, reason: 'manual', tenant: 'pinned' });
    advance(59_000);
    expect(sm.active('acme')).toBeDefined();
    advance(2_000);
    expect(sm.active('acme')).toBeUndefined();
    expect(sm.active('pinned')).toBeDefined();
    expect(transitions.at(-1)).toMatchObject({ enabled: false, actor: 'auto', scope: 'tenant:acme' });
  });

  it('should stay in global safe mode while the audit store is down, then cool down', () => {
    const { sm, advance } = setup();
    sm.noteAudit(false);
    expect(sm.active('anyone')).toMatchObject({ scope: 'global', trigger: 'audit_unavailable' });
    advance(600_000);
    expect(sm.active('anyone')).toBeDefined();
    sm.noteAudit(true);
    advance(30_000);
    expect(sm.active('anyone')).toBeDefined();
    advance(31_000);
    expect(sm.active('anyone')).toBeUndefined();
  });

  it('should not trigger when thresholds are disabled', () => {
    const { sm } = setup({
      cooldownSeconds: 1,
      triggers: { firewallBlocksPerMinute: 0, policyDenialsPerMinute: 0, auditUnavailable: false },
    });
    for (let i = 0; i < 100; i++) sm.noteDecision(denial('firewall'));
    sm.noteAudit(false);
    expect(sm.status()).toEqual({ global: null, tenants: [] });
  });
});
