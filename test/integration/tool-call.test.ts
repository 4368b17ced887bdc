import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPolicyStore } from '../../src/policy/index.js';
import type { Runtime } from '../../src/runtime.js';
import { createApp } from '../../src/server/app.js';
import { demoRuntime, demoServer, json, jsonRequest, KEYS, memorySink } from '../helpers/runtime.js';

const refund = { paymentId: 'pay_12345678', amount: 25, currency: 'USD', reason: 'damaged on arrival' };

describe('POST /v1/guard/tool-call (in-process, real Casbin)', () => {
  let rt: Runtime;
  const sink = memorySink();
  beforeAll(async () => {
    rt = await demoRuntime({ audit: sink });
  });
  afterAll(() => rt.close());

  const call = (body: unknown, key: string | null = KEYS.support) =>
    rt.app.request('/v1/guard/tool-call', jsonRequest(body, key));

  it('should allow a tool the role grants, naming the rule, version and audit id', async () => {
    const res = await call({ tool: 'payment_refund', args: refund, session: 'sess-1' });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toMatchObject({
      decision: 'allow',
      reasons: [{ layer: 'policy', rule: 'support-refund-small' }],
    });
    expect(body.policyVersion).toMatch(/^[0-9a-f]{16}$/);
    expect(body.auditId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(typeof body.latencyMs).toBe('number');
    expect(res.headers.get('x-request-id')).toBeTruthy();
  });

  it('should deny ops every payment_* tool by a deny rule', async () => {
    const body = await json(await call({ tool: 'payment_refund', args: refund }, KEYS.ops));
    expect(body.decision).toBe('deny');
    expect(body.reasons).toEqual([expect.objectContaining({ layer: 'policy', rule: 'ops-no-payments' })]);
  });

  it('should allow ops the diagnostics its role grants', async () => {
    const body = await json(await call({ tool: 'shell_exec', args: { command: 'uptime' } }, KEYS.ops));
    expect(body.decision).toBe('allow');
    expect(body.reasons[0].rule).toBe('ops-diagnostics');
  });

  it('should deny by default when no rule grants the tool', async () => {
    const body = await json(await call({ tool: 'shell_exec', args: { command: 'uptime' } }));
    expect(body).toMatchObject({ decision: 'deny', reasons: [{ rule: 'no_matching_rule' }] });
  });

  it('should deny an unknown tool with rule unknown_tool', async () => {
    const body = await json(await call({ tool: 'launch_missiles', args: {} }));
    expect(body).toMatchObject({ decision: 'deny', reasons: [{ layer: 'policy', rule: 'unknown_tool' }] });
  });

  it('should inherit grants through roles (research → base → calculator)', async () => {
    const body = await (
      await call({ tool: 'calculator', args: { expression: '1+2' } }, KEYS.research)
    ).json();
    expect(body).toMatchObject({ decision: 'allow', reasons: [{ rule: 'base-calculator' }] });
  });

  it('should deny research any send_* tool even though nothing else would allow it', async () => {
    const body = await (
      await call({ tool: 'send_email', args: { to: ['a@b.co'], subject: 's', body: 'b' } }, KEYS.research)
    ).json();
    expect(body).toMatchObject({ decision: 'deny', reasons: [{ rule: 'research-no-email' }] });
  });

  it('should deny arguments that fail the tool schema, without echoing their values', async () => {
    const body = await json(
      await call({ tool: 'payment_refund', args: { ...refund, currency: 'XYZ', secret: 'hunter2' } }),
    );
    expect(body.decision).toBe('deny');
    expect(
      body.reasons.every(
        (r: { layer: string; rule: string }) => r.layer === 'schema' && r.rule === 'invalid_arguments',
      ),
    ).toBe(true);
    expect(JSON.stringify(body)).not.toContain('hunter2');
  });

  it('should take the tenant from the key: another tenant gets nothing', async () => {
    const body = await json(await call({ tool: 'calculator', args: { expression: '1' } }, KEYS.globex));
    expect(body).toMatchObject({ decision: 'deny', reasons: [{ rule: 'no_matching_rule' }] });
  });

  it('should ignore identity claims in the body (extra fields are refused)', async () => {
    const res = await call(
      { tool: 'calculator', args: { expression: '1' }, tenant: 'acme', principal: 'agent:ops-bot' },
      KEYS.globex,
    );
    expect(res.status).toBe(400);
    expect((await json(res)).code).toBe('invalid_request');
  });

  it('should write one audit event per decision with digest and redacted args, never raw secrets', async () => {
    const before = sink.events.length;
    await call({
      tool: 'send_email',
      args: { to: ['x@y.co'], subject: 'hi', body: 'b', apiKey: 'sk-live-123' },
    });
    expect(sink.events.length).toBe(before + 1);
    const event = sink.events.at(-1)!;
    expect(event).toMatchObject({
      kind: 'tool-call',
      principal: 'agent:support-bot',
      tenant: 'acme',
      tool: 'send_email',
    });
    expect(event.argsDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(JSON.stringify(event.args)).not.toContain('sk-live-123');
    expect(event.timings).toHaveProperty('policy');
  });

  it('should answer 403 when an agent key calls an endpoint for another API role', async () => {
    const res = await rt.app.request(
      '/v1/guard/tool-call',
      jsonRequest({ tool: 'calculator', args: {} }, KEYS.auditor),
    );
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });
});

describe('fail closed', () => {
  it('should deny with internal_error when the policy layer throws', async () => {
    const rt = await demoRuntime();
    const set = rt.deps.policies.current()!;
    rt.deps.policies.swap({
      ...set,
      matcher: {
        ...set.matcher,
        match() {
          throw new Error('boom');
        },
      },
    });
    const body = await (
      await rt.app.request(
        '/v1/guard/tool-call',
        jsonRequest({ tool: 'calculator', args: { expression: '1' } }),
      )
    ).json();
    expect(body).toMatchObject({ decision: 'deny', reasons: [{ layer: 'policy', rule: 'internal_error' }] });
    expect(JSON.stringify(body)).not.toContain('boom');
  });

  it('should deny with audit_unavailable when the audit sink cannot store the event', async () => {
    const rt = await demoRuntime({
      audit: {
        record: () => Promise.reject(new Error('disk full')),
        close: async () => {},
      },
    });
    const body = await (
      await rt.app.request(
        '/v1/guard/tool-call',
        jsonRequest({ tool: 'calculator', args: { expression: '1' } }, KEYS.research),
      )
    ).json();
    expect(body).toMatchObject({
      decision: 'deny',
      auditId: null,
      reasons: [{ layer: 'audit', rule: 'audit_unavailable' }],
    });
  });

  it('should report not ready, and deny, when no policy set is loaded', async () => {
    const rt = await demoRuntime();
    const policies = createPolicyStore(null);
    const app = createApp({
      ...rt.deps,
      policies,
      readiness: [{ name: 'policies', check: () => policies.current() !== null }],
    });
    expect((await app.request('/readyz')).status).toBe(503);
    const body = await (
      await app.request('/v1/guard/tool-call', jsonRequest({ tool: 'calculator', args: {} }))
    ).json();
    expect(body).toMatchObject({ decision: 'deny', reasons: [{ rule: 'internal_error' }] });
  });
});

describe('over a real socket', () => {
  it('should serve decisions, health and readiness on loopback', async () => {
    const { server } = await demoServer();
    try {
      expect(await json(await fetch(`${server.url}/healthz`))).toEqual({ status: 'ok' });
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      const res = await fetch(
        `${server.url}/v1/guard/tool-call`,
        jsonRequest({ tool: 'db_query', args: { table: 'orders', limit: 5 } }),
      );
      expect(res.status).toBe(200);
      expect((await json(res)).decision).toBe('allow');
    } finally {
      await server.stop();
    }
  });
});

describe('session budgets and malformed calls (in-process, real Casbin)', () => {
  let rt: Runtime;
  beforeAll(async () => {
    rt = await demoRuntime({ audit: memorySink() });
  });
  afterAll(() => rt.close());

  const call = (args: unknown) =>
    rt.app.request(
      '/v1/guard/tool-call',
      jsonRequest({ tool: 'payment_refund', args, session: 'budget-schema' }, KEYS.support),
    );

  it('should refuse calls that fail the schema without spending the session budget', async () => {
    // 60 refunds of 90 would pass the 5000 daily cap; each one lacks its currency, so none may count.
    for (let i = 0; i < 60; i++) {
      const body = await json(await call({ paymentId: 'pay_12345678', amount: 90, reason: 'damaged' }));
      expect(body).toMatchObject({
        decision: 'deny',
        reasons: [{ layer: 'schema', rule: 'invalid_arguments' }],
      });
    }
    const body = await json(await call({ ...refund, amount: 90 }));
    expect(body).toMatchObject({ decision: 'allow', reasons: [{ rule: 'support-refund-small' }] });
  });
});
