/**
 * Human-in-the-loop approvals for `review` decisions. An approval is bound to the exact
 * principal, tenant, tool and arguments digest of the held call: it can release that call once,
 * and never a call with other arguments. Pending approvals expire; the queue is bounded.
 */
import { randomUUID } from 'node:crypto';
import type { Reason } from '../types.js';

export type ApprovalStatus = 'pending' | 'approved' | 'rejected' | 'expired' | 'used';

export interface HeldCall {
  readonly tenant: string;
  readonly principal: string;
  readonly session: string | null;
  readonly tool: string;
  readonly argsDigest: string;
  /** Arguments with secrets redacted, for the approver to read. */
  readonly args: unknown;
  readonly reasons: readonly Reason[];
}

/** A held call as the approver sees it, and what became of it. */
export interface Approval extends HeldCall {
  readonly id: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly status: ApprovalStatus;
  readonly decidedBy?: string;
  readonly decidedAt?: number;
  readonly note?: string;
}

/** What a repeated guard call carrying an approval id gets. */
export type Redemption =
  | { readonly ok: true; readonly approval: Approval }
  | {
      readonly ok: false;
      readonly status: ApprovalStatus | 'not_found' | 'mismatch';
      readonly message: string;
    };

export interface ApprovalQueueOptions {
  readonly ttlMs?: number;
  /** How long a granted approval stays redeemable. */
  readonly redeemMs?: number;
  readonly maxItems?: number;
  readonly clock?: () => number;
}

export class ApprovalQueue {
  readonly #items = new Map<string, Approval>();
  readonly #ttlMs: number;
  readonly #redeemMs: number;
  readonly #max: number;
  readonly #clock: () => number;

  constructor(opts: ApprovalQueueOptions = {}) {
    this.#ttlMs = opts.ttlMs ?? 15 * 60_000;
    this.#redeemMs = opts.redeemMs ?? 15 * 60_000;
    this.#max = opts.maxItems ?? 10_000;
    this.#clock = opts.clock ?? Date.now;
  }

  /** Holds a call; an identical pending call from the same principal reuses its approval. */
  hold(call: HeldCall): Approval {
    const now = this.#clock();
    for (const a of this.#items.values()) {
      const live = this.#refresh(a, now);
      if (
        live.status === 'pending' &&
        live.tenant === call.tenant &&
        live.principal === call.principal &&
        live.tool === call.tool &&
        live.argsDigest === call.argsDigest
      ) {
        return live;
      }
    }
    const a: Approval = {
      id: `apr_${randomUUID()}`,
      ...call,
      createdAt: now,
      expiresAt: now + this.#ttlMs,
      status: 'pending',
    };
    this.#items.set(a.id, a);
    this.#evict();
    return a;
  }

  /** One approval, seen from a tenant; another tenant's approval is `undefined`. */
  get(id: string, tenant: string): Approval | undefined {
    const a = this.#items.get(id);
    return a && a.tenant === tenant ? this.#refresh(a, this.#clock()) : undefined;
  }

  list(tenant: string, status?: ApprovalStatus): Approval[] {
    const now = this.#clock();
    return [...this.#items.values()]
      .filter((a) => a.tenant === tenant)
      .map((a) => this.#refresh(a, now))
      .filter((a) => status === undefined || a.status === status)
      .reverse();
  }

  /** Approve or reject a pending call. Returns the new state, or an error word. */
  resolve(
    id: string,
    tenant: string,
    by: string,
    verdict: 'approve' | 'reject',
    note: string,
  ): Approval | 'not_found' | 'not_pending' | 'self_approval' {
    const a = this.get(id, tenant);
    if (!a) return 'not_found';
    if (a.status !== 'pending') return 'not_pending';
    if (a.principal === by) return 'self_approval';
    const now = this.#clock();
    const next: Approval = {
      ...a,
      status: verdict === 'approve' ? 'approved' : 'rejected',
      decidedBy: by,
      decidedAt: now,
      note,
      expiresAt: verdict === 'approve' ? now + this.#redeemMs : a.expiresAt,
    };
    this.#items.set(id, next);
    return next;
  }

  /** Redeems an approval for exactly the call it was granted for; single use. */
  redeem(id: string, call: Pick<HeldCall, 'tenant' | 'principal' | 'tool' | 'argsDigest'>): Redemption {
    const a = this.get(id, call.tenant);
    if (!a) return { ok: false, status: 'not_found', message: 'no such approval for this tenant' };
    if (a.principal !== call.principal || a.tool !== call.tool || a.argsDigest !== call.argsDigest) {
      return {
        ok: false,
        status: 'mismatch',
        message: 'the approval was granted for a different principal, tool or arguments',
      };
    }
    if (a.status !== 'approved')
      return { ok: false, status: a.status, message: `the approval is ${a.status}` };
    const used: Approval = { ...a, status: 'used' };
    this.#items.set(id, used);
    return { ok: true, approval: used };
  }

  size(): number {
    return this.#items.size;
  }

  #refresh(a: Approval, now: number): Approval {
    if ((a.status === 'pending' || a.status === 'approved') && a.expiresAt <= now) {
      const expired: Approval = { ...a, status: 'expired' };
      this.#items.set(a.id, expired);
      return expired;
    }
    return a;
  }

  /** Drops finished entries first, then the oldest, to stay within the bound. */
  #evict(): void {
    if (this.#items.size <= this.#max) return;
    const now = this.#clock();
    for (const [id, a] of this.#items) {
      if (this.#items.size <= this.#max) return;
      if (this.#refresh(a, now).status !== 'pending') this.#items.delete(id);
    }
    while (this.#items.size > this.#max) {
      const oldest = this.#items.keys().next().value;
      if (oldest === undefined) return;
      this.#items.delete(oldest);
    }
  }
}
