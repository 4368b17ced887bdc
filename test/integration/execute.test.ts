import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoRuntime, json, jsonRequest, KEYS, memorySink } from '../helpers/runtime.js';

describe('POST /v1/tools/{name}/execute', () => {
  const audit = memorySink();
  let rt: Awaited<ReturnType<typeof demoRuntime>>;
  const exec = (tool: string, args: unknown, key: string = KEYS.support) =>
    rt.app.request(`/v1/tools/${tool}/execute`, jsonRequest({ args }, key));

  beforeAll(async () => {
    rt = await demoRuntime({ audit });
  });
  afterAll(async () => {
    await rt.close();
  });

  it('should run the calculator in the sandbox and report usage and attempts', async () => {
    const res = await exec('calculator', { expression: '(2+3)*4^2' });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toMatchObject({
      decision: 'allow',
      status: 'completed',
      result: { value: 80 },
      attempts: 1,
    });
    expect(body.usage.wallMs).toBeGreaterThan(0);
    expect(typeof body.auditId).toBe('string');
    const event = audit.events.find((e) => e.id === body.auditId);
    expect(event?.kind).toBe('execute');
    expect(event?.usage?.wallMs).toBeGreaterThan(0);
  });

  it('should answer a tool error as a failed status with its code, not a 500', async () => {
    const body = await json(await exec('calculator', { expression: '1/0' }));
    expect(body).toMatchObject({
      decision: 'allow',
      status: 'failed',
      error: { code: 'invalid_expression' },
    });
  });

  it('should not run a tool the policy denies', async () => {
    const body = await json(await exec('web_fetch', { url: 'https://example.com/' }, KEYS.support));
    expect(body.decision).toBe('deny');
    expect(body.status).toBe('not_run');
    expect(body.attempts).toBe(0);
    expect(body.result).toBeUndefined();
  });

  it('should refuse arguments that fail the input schema before running anything', async () => {
    const body = await json(
      await exec('payment_refund', { paymentId: 'pay_A1b2C3d4', amount: 5, currency: 'XXX', reason: 'x' }),
    );
    expect(body.decision).toBe('deny');
    expect(body.reasons.map((r: { rule: string }) => r.rule)).toContain('invalid_arguments');
    expect(body.status).toBe('not_run');
    expect(rt.deps.sandbox!.sandbox().kv.get('acme', 'payments', 'refunds/pay_A1b2C3d4')).toBeNull();
  });

  it('should query the in-memory database', async () => {
    const body = await json(
      await exec('db_query', { table: 'customers', where: { tier: 'gold' }, columns: ['name'] }),
    );
    expect(body.result).toEqual({ rows: [{ name: 'Ada Byron' }, { name: 'Katherine Johnson' }] });
  });

  it('should keep each tenant in its own virtual file system', async () => {
    const w = await json(
      await exec('file_write', { path: '/workspace/notes/a.txt', content: 'acme secret' }, KEYS.ops),
    );
    expect(w).toMatchObject({
      status: 'completed',
      result: { path: '/workspace/notes/a.txt', bytesWritten: 11, previous: null },
    });
    const r = await json(await exec('file_read', { path: 'workspace/notes/./a.txt' }, KEYS.ops));
    expect(r.result).toEqual({ path: '/workspace/notes/a.txt', content: 'acme secret' });
    const sb = rt.deps.sandbox!.sandbox();
    expect(sb.kv.get('acme', 'fs', '/workspace/notes/a.txt')).toBe('acme secret');
    expect(sb.kv.get('globex', 'fs', '/workspace/notes/a.txt')).toBeNull();
  });

  it('should record sent email in the outbox and return the tool log', async () => {
    const body = await json(
      await exec('send_email', {
        to: ['ada@example.com'],
        subject: 'Your refund',
        body: 'It is on its way.',
      }),
    );
    expect(body).toMatchObject({
      status: 'completed',
      // firewall.yaml hashes email addresses in output (stable, so replies can still be correlated)
      result: { messageId: 'msg_1', accepted: [expect.stringMatching(/^\[HASH:email:[0-9a-f]{16}\]$/)] },
    });
    expect(rt.deps.sandbox!.sandbox().kv.get('acme', 'outbox', 'messages/msg_1')).toMatchObject({
      subject: 'Your refund',
    });
  });

  it('should redact secrets in tool output before it goes back to the model', async () => {
    const secret = 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE';
    const w = await json(
      await exec('file_write', { path: '/workspace/creds.txt', content: secret }, KEYS.ops),
    );
    expect(w.status).toBe('completed');
    const r = await json(await exec('file_read', { path: '/workspace/creds.txt' }, KEYS.ops));
    expect(r.status).toBe('completed');
    expect(JSON.stringify(r.result)).not.toContain('AKIAIOSFODNN7EXAMPLE');
    const event = audit.events.find((e) => e.id === r.auditId);
    expect(JSON.stringify(event?.explanation)).toMatch(/aws/i);
  });

  it('should complete a multi-step tool and return each step result', async () => {
    const body = await json(
      await exec('refund_and_notify', {
        refund: { paymentId: 'pay_A1b2C3d4', amount: 10, currency: 'GBP', reason: 'damaged item' },
        notify: { to: ['ada@example.com'], subject: 'Refund', body: 'Refunded 10 GBP.' },
      }),
    );
    expect(body.status).toBe('completed');
    expect(body.result.refund).toMatchObject({ status: 'succeeded', amount: 10 });
    expect(body.steps.map((s: { status: string }) => s.status)).toEqual(['completed', 'completed']);
  });

  it('should roll back the refund when the notification step fails', async () => {
    rt.deps.sandbox!.sandbox().kv.set('acme', 'outbox', 'suppressed/bounce@example.com', true);
    const body = await json(
      await exec('refund_and_notify', {
        refund: { paymentId: 'pay_E5f6G7h8', amount: 35, currency: 'USD', reason: 'never arrived' },
        notify: { to: ['bounce@example.com'], subject: 'Refund', body: 'Refunded.' },
      }),
    );
    expect(body.status).toBe('rolled_back');
    expect(body.error.code).toBe('recipient_suppressed');
    expect(body.steps).toEqual([
      { id: 'refund', tool: 'payment_refund', status: 'compensated' },
      { id: 'notify', tool: 'send_email', status: 'failed' },
    ]);
    const ledger = rt.deps.sandbox!.sandbox().kv.get('acme', 'payments', 'refunds/pay_E5f6G7h8') as {
      status: string;
    }[];
    expect(ledger.map((e) => e.status)).toEqual(['voided']);
  });

  it('should say a registry tool without a sandbox module is not executable', async () => {
    const body = await json(await exec('shell_exec', { command: 'ls' }, KEYS.ops));
    if (body.decision === 'allow') expect(body.error.code).toBe('not_executable');
    else expect(body.status).toBe('not_run');
  });

  it('should refuse a multi-step call whose step arguments fail the schema before any step runs', async () => {
    const body = await json(
      await exec('refund_and_notify', {
        refund: { paymentId: 'pay_I9j0K1l2', amount: 5, currency: 'USD', reason: 'late delivery' },
        notify: { to: ['not-an-email'], subject: 'Refund', body: 'Refunded.' },
      }),
    );
    expect(body).toMatchObject({ decision: 'deny', status: 'not_run', attempts: 0 });
    expect(rt.deps.sandbox!.sandbox().kv.get('acme', 'payments', 'refunds/pay_I9j0K1l2')).toBeNull();
  });

  it('should decide every step of a multi-step tool: a refund over the cap is not reachable through it', async () => {
    const body = await json(
      await exec('refund_and_notify', {
        refund: { paymentId: 'pay_M3n4O5p6', amount: 5000, currency: 'GBP', reason: 'goodwill' },
        notify: { to: ['ada@example.com'], subject: 'Refund', body: 'Refunded.' },
      }),
    );
    expect(body).toMatchObject({ decision: 'deny', status: 'not_run', attempts: 0 });
    expect(body.reasons[0].rule).toBe('step_denied');
    expect(rt.deps.sandbox!.sandbox().kv.get('acme', 'payments', 'refunds/pay_M3n4O5p6')).toBeNull();
    const held = await json(
      await exec('refund_and_notify', {
        refund: { paymentId: 'pay_M3n4O5p6', amount: 500, currency: 'GBP', reason: 'goodwill' },
        notify: { to: ['ada@example.com'], subject: 'Refund', body: 'Refunded.' },
      }),
    );
    expect(held).toMatchObject({ decision: 'deny', status: 'not_run' });
    expect(held.reasons[0].rule).toBe('step_needs_review');
  });

  it('should hold a refund over the review threshold, then run it once an approver released it', async () => {
    const args = { paymentId: 'pay_Q1w2E3r4', amount: 450, currency: 'USD', reason: 'wrong size, returned' };
    const call = (approvalId?: string) =>
      rt.app.request(
        '/v1/tools/payment_refund/execute',
        jsonRequest({ args, session: 'exec-review', ...(approvalId ? { approvalId } : {}) }),
      );
    const held = await json(await call());
    expect(held).toMatchObject({ decision: 'review', status: 'not_run', attempts: 0 });
    expect(typeof held.approvalId).toBe('string');
    const ok = await rt.app.request(
      `/v1/approvals/${held.approvalId}`,
      jsonRequest({ decision: 'approve', reason: 'receipt checked' }, KEYS.approver),
    );
    expect(ok.status).toBe(200);
    const done = await json(await call(held.approvalId));
    expect(done).toMatchObject({
      decision: 'allow',
      status: 'completed',
      result: { status: 'succeeded', amount: 450 },
    });
    expect(done.reasons[0]).toMatchObject({ rule: 'approval_granted' });
    // An approval releases one execution, not two.
    expect(await json(await call(held.approvalId))).toMatchObject({ decision: 'deny', status: 'not_run' });
  });

  it('should answer hostile bodies with a clear 4xx, never a crash', async () => {
    const deep = `{"args":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`;
    const cases = [
      deep,
      '{"args": {"expression": "1+1"}, "__proto__": {"x": 1}}',
      '{"args": [1, 2]}',
      '{"args": {"expression": "\ud800"}}',
      'not json',
      JSON.stringify({ args: { expression: '1'.repeat(2_000_000) } }),
    ];
    for (const body of cases) {
      const res = await rt.app.request('/v1/tools/calculator/execute', jsonRequest(body));
      expect(res.status).toBeGreaterThanOrEqual(200);
      expect(res.status).toBeLessThan(500);
      const text = await res.text();
      expect(text).not.toMatch(/at .*\.ts:\d+/);
    }
    // The sandbox still serves.
    expect((await json(await exec('calculator', { expression: '2*21' }))).result).toEqual({ value: 42 });
  });

  it('should reject a malformed body and an unknown tool name shape', async () => {
    expect((await rt.app.request('/v1/tools/calculator/execute', jsonRequest({ arg: {} }))).status).toBe(400);
    expect((await rt.app.request('/v1/tools/%E2%80%AEcalc/execute', jsonRequest({ args: {} }))).status).toBe(
      400,
    );
    expect(
      (await rt.app.request('/v1/tools/calculator/execute', jsonRequest({ args: {} }, null))).status,
    ).toBe(401);
  });
});
