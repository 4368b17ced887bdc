import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordUntrustedInput } from '../../src/pipeline.js';
import type { Runtime } from '../../src/runtime.js';
import { demoRuntime, json, jsonRequest, KEYS, memorySink } from '../helpers/runtime.js';

const bigRefund = {
  paymentId: 'pay_8f3a91c2e7',
  amount: 1500,
  currency: 'EUR',
  reason: 'order lost in transit',
};

describe('review decisions and the approvals API (in-process, real server wiring)', () => {
  let rt: Runtime;
  const sink = memorySink();
  beforeAll(async () => {
    rt = await demoRuntime({ audit: sink });
  });
  afterAll(() => rt.close());

  const guard = (body: unknown, key: string = KEYS.support) =>
    rt.app.request('/v1/guard/tool-call', jsonRequest(body, key));
  const get = (path: string, key: string) =>
    rt.app.request(path, { headers: { authorization: `Bearer ${key}` } });
  const decide = (id: string, body: unknown, key: string = KEYS.approver) =>
    rt.app.request(`/v1/approvals/${id}`, jsonRequest(body, key));

  it('should hold a call for review, let an approver release it once, for exactly those arguments', async () => {
    const held = await json(await guard({ tool: 'payment_refund', args: bigRefund, session: 'a1' }));
    expect(held).toMatchObject({ decision: 'review', reasons: [{ rule: 'support-refund-review' }] });
    expect(held.approvalId).toMatch(/^apr_/);

    const list = await json(await get('/v1/approvals?status=pending', KEYS.approver));
    expect(list.items.map((a: { id: string }) => a.id)).toContain(held.approvalId);

    // The agent polls its own approval; repeating the call while pending stays in review.
    expect(await json(await get(`/v1/approvals/${held.approvalId}`, KEYS.support))).toMatchObject({
      status: 'pending',
    });
    const again = await json(
      await guard({ tool: 'payment_refund', args: bigRefund, session: 'a1', approvalId: held.approvalId }),
    );
    expect(again).toMatchObject({ decision: 'review', approvalId: held.approvalId });

    const ok = await decide(held.approvalId, { decision: 'approve', reason: 'customer verified by phone' });
    expect(ok.status).toBe(200);
    expect(await json(ok)).toMatchObject({ status: 'approved', decidedBy: 'user:approver' });

    const other = await json(
      await guard({
        tool: 'payment_refund',
        args: { ...bigRefund, amount: 1999 },
        session: 'a1',
        approvalId: held.approvalId,
      }),
    );
    expect(other).toMatchObject({ decision: 'deny', reasons: [{ rule: 'approval_invalid' }] });

    const released = await json(
      await guard({ tool: 'payment_refund', args: bigRefund, session: 'a1', approvalId: held.approvalId }),
    );
    expect(released.decision).toBe('allow');
    expect(released.reasons[0]).toMatchObject({ rule: 'approval_granted' });

    const replay = await json(
      await guard({ tool: 'payment_refund', args: bigRefund, session: 'a1', approvalId: held.approvalId }),
    );
    expect(replay).toMatchObject({ decision: 'deny', reasons: [{ rule: 'approval_invalid' }] });
    expect(sink.events.some((e) => e.kind === 'approval')).toBe(true);
  });

  it('should deny a rejected call with the approver reason', async () => {
    const held = await json(
      await guard({ tool: 'payment_refund', args: { ...bigRefund, amount: 1200 }, session: 'a2' }),
    );
    await decide(held.approvalId, { decision: 'reject', reason: 'duplicate' });
    const body = await json(
      await guard({
        tool: 'payment_refund',
        args: { ...bigRefund, amount: 1200 },
        session: 'a2',
        approvalId: held.approvalId,
      }),
    );
    expect(body).toMatchObject({ decision: 'deny', reasons: [{ rule: 'approval_rejected' }] });
    expect((await decide(held.approvalId, { decision: 'approve' })).status).toBe(409);
  });

  it('should keep agents and other tenants away from approving', async () => {
    const held = await json(
      await guard({ tool: 'payment_refund', args: { ...bigRefund, amount: 1300 }, session: 'a3' }),
    );
    expect((await decide(held.approvalId, { decision: 'approve' }, KEYS.support)).status).toBe(403);
    expect((await get('/v1/approvals', KEYS.support)).status).toBe(403);
    expect((await get(`/v1/approvals/${held.approvalId}`, KEYS.ops)).status).toBe(404);
    expect((await get(`/v1/approvals/${held.approvalId}`, KEYS.globex)).status).toBe(404);
    expect((await get('/v1/approvals/../../etc', KEYS.approver)).status).toBe(404);
    expect((await decide(held.approvalId, { decision: 'maybe' })).status).toBe(400);
    expect((await decide(held.approvalId, { decision: 'approve', extra: 1 })).status).toBe(400);
  });

  it('should review an external tool after untrusted input entered the session, and deny exfiltration', async () => {
    const principal = { id: 'agent:support-bot', tenant: 'acme', roles: ['agent' as const], keyId: 'k' };
    expect(await recordUntrustedInput(rt.deps, { principal, session: 't1', source: 'retrieval' })).toBe(true);
    const refund = await json(
      await guard({ tool: 'payment_refund', args: { ...bigRefund, amount: 20 }, session: 't1' }),
    );
    expect(refund).toMatchObject({
      decision: 'review',
      reasons: [{ layer: 'flow', rule: 'tainted_session' }],
    });
    const mail = await json(
      await guard({
        tool: 'send_email',
        args: { to: ['x@example.com'], subject: 's', body: 'b' },
        session: 't1',
      }),
    );
    expect(mail).toMatchObject({ decision: 'deny', reasons: [{ layer: 'flow', rule: 'tainted_session' }] });
    const clean = await json(
      await guard({
        tool: 'send_email',
        args: { to: ['x@example.com'], subject: 's', body: 'b' },
        session: 't2',
      }),
    );
    expect(clean.decision).toBe('allow');
  });

  it('should deny a loop with rule loop_detected', async () => {
    const decisions = [];
    for (let i = 0; i < 5; i++) {
      decisions.push(
        (await json(await guard({ tool: 'calculator', args: { expression: '6*7' }, session: 'loop' })))
          .decision,
      );
    }
    expect(decisions).toEqual(['allow', 'allow', 'allow', 'allow', 'deny']);
  });
});
