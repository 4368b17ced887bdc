import { describe, expect, it } from 'vitest';
import { ApprovalQueue } from './approvals.js';

const call = {
  tenant: 'acme',
  principal: 'agent:research-bot',
  session: 's1',
  tool: 'web_fetch',
  argsDigest: 'sha256:a',
  args: {},
  reasons: [],
};

function queue(now = { t: 0 }) {
  return { q: new ApprovalQueue({ ttlMs: 1000, redeemMs: 500, maxItems: 3, clock: () => now.t }), now };
}

describe('ApprovalQueue', () => {
  it('should hold a call once and reuse the pending approval for the identical call', () => {
    const { q } = queue();
    const a = q.hold(call);
    expect(a.status).toBe('pending');
    expect(q.hold(call).id).toBe(a.id);
    expect(q.hold({ ...call, argsDigest: 'sha256:b' }).id).not.toBe(a.id);
  });

  it('should release the exact call once after approval, and never other arguments', () => {
    const { q } = queue();
    const a = q.hold(call);
    expect(q.redeem(a.id, call)).toMatchObject({ ok: false, status: 'pending' });
    expect(q.resolve(a.id, 'acme', 'user:alice', 'approve', 'looked fine')).toMatchObject({
      status: 'approved',
      decidedBy: 'user:alice',
    });
    expect(q.redeem(a.id, { ...call, argsDigest: 'sha256:other' })).toMatchObject({
      ok: false,
      status: 'mismatch',
    });
    expect(q.redeem(a.id, { ...call, principal: 'agent:other' })).toMatchObject({
      ok: false,
      status: 'mismatch',
    });
    expect(q.redeem(a.id, call)).toMatchObject({ ok: true });
    expect(q.redeem(a.id, call)).toMatchObject({ ok: false, status: 'used' });
  });

  it('should keep tenants apart', () => {
    const { q } = queue();
    const a = q.hold(call);
    expect(q.get(a.id, 'globex')).toBeUndefined();
    expect(q.list('globex')).toEqual([]);
    expect(q.resolve(a.id, 'globex', 'user:eve', 'approve', '')).toBe('not_found');
    expect(q.redeem(a.id, { ...call, tenant: 'globex' })).toMatchObject({ ok: false, status: 'not_found' });
  });

  it('should refuse rejected, decided-twice and self-approved calls', () => {
    const { q } = queue();
    const a = q.hold(call);
    expect(q.resolve(a.id, 'acme', call.principal, 'approve', '')).toBe('self_approval');
    expect(q.resolve(a.id, 'acme', 'user:bob', 'reject', 'no')).toMatchObject({ status: 'rejected' });
    expect(q.resolve(a.id, 'acme', 'user:bob', 'approve', 'changed my mind')).toBe('not_pending');
    expect(q.redeem(a.id, call)).toMatchObject({ ok: false, status: 'rejected' });
  });

  it('should expire pending and unredeemed approvals', () => {
    const { q, now } = queue();
    const a = q.hold(call);
    now.t = 1000;
    expect(q.get(a.id, 'acme')?.status).toBe('expired');
    expect(q.resolve(a.id, 'acme', 'user:bob', 'approve', '')).toBe('not_pending');
    const b = q.hold({ ...call, argsDigest: 'sha256:c' });
    q.resolve(b.id, 'acme', 'user:bob', 'approve', '');
    now.t = 1600;
    expect(q.redeem(b.id, { ...call, argsDigest: 'sha256:c' })).toMatchObject({
      ok: false,
      status: 'expired',
    });
  });

  it('should stay within its bound, dropping finished entries first', () => {
    const { q } = queue();
    const first = q.hold(call);
    q.resolve(first.id, 'acme', 'user:bob', 'reject', '');
    const pending = q.hold({ ...call, argsDigest: 'x1' });
    q.hold({ ...call, argsDigest: 'x2' });
    q.hold({ ...call, argsDigest: 'x3' });
    expect(q.size()).toBe(3);
    expect(q.get(first.id, 'acme')).toBeUndefined();
    expect(q.get(pending.id, 'acme')?.status).toBe('pending');
  });
});
