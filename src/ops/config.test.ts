import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/index.js';
import { AgentwallError } from '../errors.js';
import { OPS_DEFAULTS, opsRuntimeConfig } from './config.js';

const hook = { name: 'pager', url: 'https://hooks.example.net/x', secret: 'a'.repeat(32), minSeverity: 'P1' };

function load(ops: unknown) {
  return loadConfig({ env: {}, overrides: { ops } as never });
}

describe('ops configuration', () => {
  it('should default to safe mode on audit outage only, no webhooks, open metrics', () => {
    const c = loadConfig({ env: {} });
    expect(c.ops).toEqual(OPS_DEFAULTS);
    expect(c.ops.safeMode.triggers).toEqual({
      firewallBlocksPerMinute: 0,
      policyDenialsPerMinute: 0,
      auditUnavailable: true,
    });
  });

  it('should accept a webhook and resolve paths', () => {
    const c = load({ alerts: { webhooks: [hook] } });
    const rt = opsRuntimeConfig(c.ops, '/etc/agentwall/policies');
    expect(rt.incidents.rulesPath).toBe('/etc/agentwall/policies/incidents.yaml');
    expect(rt.alerts.webhooks).toHaveLength(1);
  });

  it.each([
    ['a short webhook secret', { alerts: { webhooks: [{ ...hook, secret: 'short' }] } }, 'secret'],
    ['a non-http webhook URL', { alerts: { webhooks: [{ ...hook, url: 'file:///etc/passwd' }] } }, 'url'],
    ['an unknown severity', { alerts: { webhooks: [{ ...hook, minSeverity: 'P5' }] } }, 'minSeverity'],
    [
      'a negative trigger',
      { safeMode: { triggers: { firewallBlocksPerMinute: -1 } } },
      'firewallBlocksPerMinute',
    ],
    ['a zero cool-down', { safeMode: { cooldownSeconds: 0 } }, 'cooldownSeconds'],
    ['an unknown metrics auth', { metrics: { auth: 'basic' } }, 'auth'],
    ['an unknown field', { alerts: { retries: 3 } }, 'retries'],
  ])('should refuse %s, naming the field', (_name, ops, field) => {
    let err: unknown;
    try {
      load(ops);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AgentwallError);
    expect((err as AgentwallError).code).toBe('config_invalid');
    expect((err as AgentwallError).detail).toContain(field);
  });
});
