import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { verifySignature } from '../../src/ops/index.js';
import type { Runtime } from '../../src/runtime.js';
import { createApp } from '../../src/server/app.js';
import { demoConfig, demoRuntime, json, jsonRequest, KEYS, memorySink } from '../helpers/runtime.js';

const EMAIL = { tool: 'send_email', args: { to: ['a@example.com'], subject: 'hi', body: 'x' } };
const QUERY = { tool: 'db_query', args: { table: 'orders', limit: 5 } };

let runtimes: Runtime[] = [];
afterEach(async () => {
  await Promise.all(runtimes.map((r) => r.close()));
  runtimes = [];
});

async function setup(opts: Parameters<typeof demoRuntime>[0] = {}) {
  const sink = memorySink();
  const rt = await demoRuntime({ audit: sink, ...opts });
  runtimes.push(rt);
  return { rt, app: rt.app, sink };
}

function safeMode(body: unknown, key: string | null = KEYS.admin) {
  return jsonRequest(body, key);
}

describe('GET /metrics', () => {
  it('should expose decisions, layer latency and process metrics in Prometheus text format', async () => {
    const { app } = await setup();
    await app.request('/v1/guard/tool-call', jsonRequest(QUERY));
    await app.request('/v1/guard/tool-call', jsonRequest({ tool: 'shell_exec', args: { command: 'ls' } }));
    const res = await app.request('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toMatch(
      /agentwall_decisions_total\{kind="tool-call",decision="allow",[^}]*tool="db_query",tenant="acme"\} 1/,
    );
    expect(text).toMatch(
      /agentwall_decisions_total\{kind="tool-call",decision="deny",layer="policy",[^}]*tool="shell_exec"/,
    );
    expect(text).toContain('agentwall_layer_duration_seconds_count{layer="policy"} 2');
    expect(text).toContain('agentwall_audit_append_duration_seconds_count 2');
    expect(text).toContain('process_resident_memory_bytes');
  });

  it('should require an admin or auditor key when metrics auth is "key"', async () => {
    const base = demoConfig();
    const config = demoConfig({ ops: { ...base.ops, metrics: { ...base.ops.metrics, auth: 'key' } } });
    const { app } = await setup({ config });
    expect((await app.request('/metrics')).status).toBe(401);
    const agent = await app.request('/metrics', { headers: { authorization: `Bearer ${KEYS.support}` } });
    expect(agent.status).toBe(403);
    const auditor = await app.request('/metrics', { headers: { authorization: `Bearer ${KEYS.auditor}` } });
    expect(auditor.status).toBe(200);
  });
});

describe('POST /v1/admin/safe-mode', () => {
  it('should refuse keys without the admin API role', async () => {
    const { app } = await setup();
    for (const key of [KEYS.support, KEYS.auditor, KEYS.approver]) {
      const res = await app.request('/v1/admin/safe-mode', safeMode({ enabled: true, reason: 'x' }, key));
      expect(res.status).toBe(403);
    }
    expect(
      (await app.request('/v1/admin/safe-mode', safeMode({ enabled: true, reason: 'x' }, null))).status,
    ).toBe(401);
    const auditorIncidents = await app.request('/v1/admin/incidents', {
      headers: { authorization: `Bearer ${KEYS.auditor}` },
    });
    expect(auditorIncidents.status).toBe(403);
    const agentStatus = await app.request('/v1/admin/safe-mode', {
      headers: { authorization: `Bearer ${KEYS.support}` },
    });
    expect(agentStatus.status).toBe(403);
  });

  it('should deny non-read tools with rule safe_mode, keep read tools, audit the switch, and leave on request', async () => {
    const { app, sink } = await setup();
    expect((await json(await app.request('/v1/guard/tool-call', jsonRequest(EMAIL)))).decision).toBe('allow');

    const on = await app.request(
      '/v1/admin/safe-mode',
      safeMode({ enabled: true, reason: 'incident drill' }),
    );
    expect(on.status).toBe(200);
    const onBody = await json(on);
    expect(onBody).toMatchObject({
      changed: true,
      safeMode: { global: { scope: 'global', actor: 'admin' } },
    });
    const audited = sink.events.find((e) => e.id === onBody.auditId);
    expect(audited).toMatchObject({
      kind: 'admin',
      principal: 'user:policy-admin',
      reasons: [{ rule: 'safe_mode' }],
    });

    const denied = await json(await app.request('/v1/guard/tool-call', jsonRequest(EMAIL)));
    expect(denied).toMatchObject({ decision: 'deny', reasons: [{ rule: 'safe_mode' }] });
    expect(denied.auditId).not.toBeNull();
    expect((await json(await app.request('/v1/guard/tool-call', jsonRequest(QUERY)))).decision).toBe('allow');
    // Safe mode only narrows: a read tool the policy denies stays denied.
    const research = await json(
      await app.request(
        '/v1/guard/tool-call',
        jsonRequest({ tool: 'db_query', args: { table: 'orders' } }, KEYS.research),
      ),
    );
    expect(research.decision).toBe('deny');

    const again = await json(
      await app.request('/v1/admin/safe-mode', safeMode({ enabled: true, reason: 'again' })),
    );
    expect(again.changed).toBe(false);
    const off = await json(
      await app.request('/v1/admin/safe-mode', safeMode({ enabled: false, reason: 'drill over' })),
    );
    expect(off).toMatchObject({ changed: true, safeMode: { global: null, tenants: [] } });
    expect((await json(await app.request('/v1/guard/tool-call', jsonRequest(EMAIL)))).decision).toBe('allow');
    expect(sink.events.filter((e) => e.kind === 'admin')).toHaveLength(2);
  });

  it('should apply to sandboxed execution too: write tools are not run, read tools are', async () => {
    const { app } = await setup();
    await app.request('/v1/admin/safe-mode', safeMode({ enabled: true, reason: 'read-only drill' }));
    const write = await json(
      await app.request(
        '/v1/tools/file_write/execute',
        jsonRequest({ args: { path: '/notes/x.txt', content: 'x' } }, KEYS.ops),
      ),
    );
    expect(write).toMatchObject({ decision: 'deny', status: 'not_run', reasons: [{ rule: 'safe_mode' }] });
    const calc = await json(
      await app.request('/v1/tools/calculator/execute', jsonRequest({ args: { expression: '6*7' } })),
    );
    expect(calc).toMatchObject({ decision: 'allow', status: 'completed' });
    const metrics = await (await app.request('/metrics')).text();
    expect(metrics).toContain('agentwall_sandbox_runs_total{tool="calculator",outcome="ok"} 1');
    expect((await app.request('/readyz')).status).toBe(200);
  });

  it('should scope safe mode to one tenant', async () => {
    const { app } = await setup();
    await app.request(
      '/v1/admin/safe-mode',
      safeMode({ enabled: true, reason: 'globex only', tenant: 'globex' }),
    );
    expect((await json(await app.request('/v1/guard/tool-call', jsonRequest(EMAIL)))).decision).toBe('allow');
    const status = await json(
      await app.request('/v1/admin/safe-mode', { headers: { authorization: `Bearer ${KEYS.admin}` } }),
    );
    expect(status.safeMode.tenants).toMatchObject([{ scope: 'tenant:globex' }]);
  });

  it.each([
    ['a missing reason', { enabled: true }],
    ['an empty reason', { enabled: true, reason: '' }],
    ['a non-boolean enabled', { enabled: 'yes', reason: 'x' }],
    ['an unknown field', { enabled: true, reason: 'x', global: true }],
    ['control characters in the reason', { enabled: true, reason: 'a\nb' }],
    ['a bidi override in the reason', { enabled: true, reason: 'a\u202eb' }],
    ['an oversized reason', { enabled: true, reason: 'x'.repeat(501) }],
    ['a tenant with odd characters', { enabled: true, reason: 'x', tenant: '../acme' }],
    ['an array body', [true]],
    ['a prototype key', '{"enabled":true,"reason":"x","__proto__":{"admin":true}}'],
    ['malformed JSON', '{"enabled":true,'],
  ])('should answer 400 problem+json for %s and stay off', async (_name, body) => {
    const { app, rt } = await setup();
    const res = await app.request('/v1/admin/safe-mode', safeMode(body));
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await res.text()).not.toMatch(/\n\s+at /);
    expect(rt.deps.safeMode.status().global).toBeNull();
  });
});

describe('incident webhooks from configuration', () => {
  it('should deliver a signed incident for an admin safe-mode switch to the configured webhook', async () => {
    const bodies: { body: string; ts: string; sig: string }[] = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        bodies.push({
          body,
          ts: String(req.headers['x-agentwall-timestamp']),
          sig: String(req.headers['x-agentwall-signature']),
        });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    try {
      const secret = 'integration-secret-0123456789';
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
      const base = demoConfig();
      const config = demoConfig({
        ops: {
          ...base.ops,
          alerts: {
            ...base.ops.alerts,
            webhooks: [{ name: 'oncall', url, secret, minSeverity: 'P3' }],
            deadLetterPath: join(mkdtempSync(join(tmpdir(), 'aw-ops-it-')), 'dlq.jsonl'),
          },
        },
      });
      const { app, rt } = await setup({ config });
      await app.request('/v1/admin/safe-mode', safeMode({ enabled: true, reason: 'webhook check' }));
      await rt.close();
      expect(bodies).toHaveLength(1);
      const got = bodies[0]!;
      expect(verifySignature(secret, got.ts, got.sig, got.body)).toBe(true);
      expect(JSON.parse(got.body)).toMatchObject({
        rule: 'safe-mode-admin',
        severity: 'P3',
        group: { scope: 'global' },
      });
      // The reason an admin typed is in the audit log, not in the alert sent outside.
      expect(got.body).not.toContain('webhook check');
    } finally {
      receiver.closeAllConnections();
      receiver.close();
    }
  });
});

describe('automatic safe mode', () => {
  it('should enter tenant safe mode when policy denials per minute reach the trigger', async () => {
    const base = demoConfig();
    const config = demoConfig({
      ops: {
        ...base.ops,
        safeMode: {
          ...base.ops.safeMode,
          triggers: { ...base.ops.safeMode.triggers, policyDenialsPerMinute: 5 },
        },
      },
    });
    const { app, sink } = await setup({ config });
    for (let i = 0; i < 5; i++) {
      await app.request('/v1/guard/tool-call', jsonRequest({ tool: 'shell_exec', args: { command: 'id' } }));
    }
    const res = await json(await app.request('/v1/guard/tool-call', jsonRequest(EMAIL)));
    expect(res).toMatchObject({ decision: 'deny', reasons: [{ rule: 'safe_mode' }] });
    const other = await json(
      await app.request(
        '/v1/guard/tool-call',
        jsonRequest({ tool: 'calculator', args: { expression: '1+1' } }, KEYS.globex),
      ),
    );
    expect(other.reasons[0].rule).not.toBe('safe_mode');
    await new Promise((r) => setTimeout(r, 20));
    expect(sink.events.some((e) => e.kind === 'admin' && e.principal === 'system:agentwall')).toBe(true);
    const incidents = await json(
      await app.request('/v1/admin/incidents', { headers: { authorization: `Bearer ${KEYS.admin}` } }),
    );
    expect(incidents.incidents.map((i: { rule: string }) => i.rule)).toContain('safe-mode-auto');
  });
});

describe('GET /readyz', () => {
  it('should be ready with policies and a writable audit store, and list its checks', async () => {
    const { app } = await setup();
    const res = await app.request('/readyz');
    expect(res.status).toBe(200);
    expect((await json(res)).checks).toMatchObject({ policies: 'ok', audit: 'ok' });
  });

  it('should report the audit store unready after a failed append, and ready again after a good one', async () => {
    let failing = true;
    const sink = memorySink();
    const { app } = await setup({
      audit: {
        record: (e) => (failing ? Promise.reject(new Error('disk full')) : sink.record(e)),
        close: async () => {},
      },
    });
    const denied = await json(await app.request('/v1/guard/tool-call', jsonRequest(QUERY)));
    expect(denied.reasons[0].rule).toBe('audit_unavailable');
    const res = await app.request('/readyz');
    expect(res.status).toBe(503);
    expect((await json(res)).errors).toEqual([{ path: 'audit', message: 'check failed' }]);
    failing = false;
    // Read tools still pass in the automatic safe mode the outage triggered; the good append recovers.
    expect((await json(await app.request('/v1/guard/tool-call', jsonRequest(QUERY)))).decision).toBe('allow');
    expect((await app.request('/readyz')).status).toBe(200);
  });

  it('should run checks layers register at run time', async () => {
    const { app, rt } = await setup();
    rt.deps.health.register({ name: 'sandbox', check: () => ({ ok: false, detail: 'pool down' }) });
    const res = await app.request('/readyz');
    expect(res.status).toBe(503);
    expect((await json(res)).errors).toEqual([{ path: 'sandbox', message: 'pool down' }]);
  });

  it('should report unready while draining', async () => {
    const { rt } = await setup();
    rt.deps.health.setDraining();
    const app = createApp(rt.deps);
    expect((await app.request('/readyz')).status).toBe(503);
  });
});
