import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { EventBus } from '../events.js';
import { type OpsConfig, startOps, type Transition } from './index.js';

const RULES = fileURLToPath(new URL('../../policies/incidents.yaml', import.meta.url));
const quiet = { info() {}, warn() {}, error() {} };
let server: Server | undefined;
afterEach(() => {
  server?.closeAllConnections();
  server?.close();
  server = undefined;
});

async function hook(): Promise<{ url: string; bodies: string[] }> {
  const bodies: string[] = [];
  server = createServer((req, res) => {
    let b = '';
    req.on('data', (c) => (b += c));
    req.on('end', () => {
      bodies.push(b);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, bodies };
}

function config(url: string): OpsConfig {
  return {
    metrics: { maxLabelValues: 50, defaultMetrics: false },
    safeMode: {
      cooldownSeconds: 60,
      triggers: { firewallBlocksPerMinute: 3, policyDenialsPerMinute: 0, auditUnavailable: true },
    },
    incidents: { rulesPath: RULES },
    alerts: {
      webhooks: [{ name: 'pager', url, secret: 's3cret', minSeverity: 'P3' }],
      deadLetterPath: join(mkdtempSync(join(tmpdir(), 'aw-ops-')), 'dlq.jsonl'),
      timeoutMs: 1000,
      maxAttempts: 2,
      backoffBaseMs: 10,
      backoffMaxMs: 50,
      maxInFlight: 10,
    },
  };
}

describe('startOps', () => {
  it('should turn a canary leak on the bus into a delivered P0 webhook and measure event-to-delivery time', async () => {
    const { url, bodies } = await hook();
    const bus = new EventBus();
    const ops = startOps(config(url), { bus, logger: quiet });
    bus.emit('canary.leak', { tenant: 'acme', tool: 'web.get', canaryId: 'c-7' });
    await ops.close(3000);
    expect(bodies).toHaveLength(1);
    expect(JSON.parse(bodies[0]!)).toMatchObject({
      severity: 'P0',
      rule: 'canary-leak',
      group: { tenant: 'acme' },
    });
    const text = await ops.metrics.registry.metrics();
    expect(text).toContain('agentwall_alert_delivery_seconds_count 1');
    expect(text).toContain('agentwall_incidents_total{severity="P0",rule="canary-leak"} 1');
    expect(bus.listenerCount()).toBe(0);
  });

  it('should enter safe mode on a spike of firewall blocks, audit the transition and alert on it', async () => {
    const { url, bodies } = await hook();
    const bus = new EventBus();
    const audited: Transition[] = [];
    const ops = startOps(config(url), {
      bus,
      logger: quiet,
      recordTransition: async (t) => {
        audited.push(t);
        return `audit-${audited.length}`;
      },
    });
    for (let i = 0; i < 3; i++) {
      bus.emit('decision', {
        kind: 'tool-call',
        decision: 'deny',
        tenant: 'acme',
        tool: 'email.send',
        reasons: [{ layer: 'firewall', rule: 'injection', message: 'x' }],
        latencyMs: 1,
        timings: {},
      });
    }
    expect(ops.safeMode.check('acme', ['write'])?.rule).toBe('safe_mode');
    expect(audited).toMatchObject([
      { enabled: true, scope: 'tenant:acme', actor: 'auto', trigger: 'firewall_blocks' },
    ]);
    await ops.close(3000);
    expect(bodies.map((b) => JSON.parse(b).rule)).toContain('safe-mode-auto');
    expect(await ops.metrics.registry.metrics()).toContain('agentwall_safe_mode{scope="tenant:acme"} 1');
  });

  it('should keep working when auditing a transition fails', async () => {
    const { url } = await hook();
    const bus = new EventBus();
    const ops = startOps(config(url), {
      bus,
      logger: quiet,
      recordTransition: () => Promise.reject(new Error('disk full')),
    });
    expect(ops.safeMode.set({ enabled: true, reason: 'drill' })).not.toBeNull();
    expect(ops.safeMode.check('t', ['write'])?.rule).toBe('safe_mode');
    await ops.close(3000);
  });
});
