import { Ajv } from 'ajv';
import { Hono } from 'hono';
import { AgentwallError } from '../../errors.js';
import { recordDecision, startTrace } from '../../pipeline.js';
import type { Approval, ApprovalStatus } from '../../policy/index.js';
import { readJson } from '../body.js';
import type { AppEnv } from '../context.js';
import type { AppDeps } from '../deps.js';
import { authorize } from '../middleware/access.js';

const ID = /^apr_[0-9a-f-]{36}$/;
const STATUSES: readonly ApprovalStatus[] = ['pending', 'approved', 'rejected', 'expired', 'used'];

interface ResolveBody {
  decision: 'approve' | 'reject';
  reason?: string;
}
const validateResolve = new Ajv({ strict: true, allErrors: true }).compile<ResolveBody>({
  type: 'object',
  additionalProperties: false,
  required: ['decision'],
  properties: { decision: { enum: ['approve', 'reject'] }, reason: { type: 'string', maxLength: 2000 } },
});

/** What an approver or the waiting agent sees: never the raw arguments, only their redacted form. */
function view(a: Approval) {
  return {
    id: a.id,
    status: a.status,
    principal: a.principal,
    session: a.session,
    tool: a.tool,
    argsDigest: a.argsDigest,
    args: a.args,
    reasons: a.reasons,
    createdAt: new Date(a.createdAt).toISOString(),
    expiresAt: new Date(a.expiresAt).toISOString(),
    ...(a.decidedBy === undefined ? {} : { decidedBy: a.decidedBy }),
    ...(a.decidedAt === undefined ? {} : { decidedAt: new Date(a.decidedAt).toISOString() }),
    ...(a.note === undefined ? {} : { note: a.note }),
  };
}

function idParam(raw: string): string {
  if (!ID.test(raw)) throw new AgentwallError('not_found', { detail: 'no such approval' });
  return raw;
}

/** Human-in-the-loop: approvers list and decide held calls; an agent polls its own. */
export function approvalRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const q = deps.policyLayer.approvals;
  const limits = { maxBytes: 16_384, maxDepth: 8 };

  app.get('/v1/approvals', authorize(deps.access, 'approvals', 'read'), (c) => {
    const status = c.req.query('status');
    if (status !== undefined && !STATUSES.includes(status as ApprovalStatus)) {
      throw new AgentwallError('invalid_request', { detail: `status must be one of ${STATUSES.join(', ')}` });
    }
    const items = q.list(c.get('principal').tenant, status as ApprovalStatus | undefined).slice(0, 500);
    return c.json({ items: items.map(view) });
  });

  app.get('/v1/approvals/:id', (c) => {
    const p = c.get('principal');
    const a = q.get(idParam(c.req.param('id')), p.tenant);
    const mayReadAll = deps.access.allowed(p.roles, 'approvals', 'read');
    const mayReadOwn = deps.access.allowed(p.roles, 'approvals.own', 'read');
    if (!mayReadAll && !mayReadOwn)
      throw new AgentwallError('forbidden', { detail: 'this key may not read approvals' });
    // An agent sees only its own held calls; others' are indistinguishable from missing ones.
    if (!a || (!mayReadAll && a.principal !== p.id))
      throw new AgentwallError('not_found', { detail: 'no such approval' });
    return c.json(view(a));
  });

  app.post('/v1/approvals/:id', authorize(deps.access, 'approvals', 'decide'), async (c) => {
    const id = idParam(c.req.param('id'));
    const body = await readJson(c, limits, validateResolve);
    const p = c.get('principal');
    const r = q.resolve(id, p.tenant, p.id, body.decision, body.reason ?? '');
    if (r === 'not_found') throw new AgentwallError('not_found', { detail: 'no such approval' });
    if (r === 'not_pending')
      throw new AgentwallError('conflict', { detail: 'the approval is no longer pending' });
    if (r === 'self_approval')
      throw new AgentwallError('forbidden', { detail: 'a principal may not approve its own call' });
    await recordDecision(deps, startTrace(), {
      kind: 'approval',
      principal: p,
      requestId: c.get('requestId'),
      session: r.session,
      tool: r.tool,
      args: null,
      decision: body.decision === 'approve' ? 'allow' : 'deny',
      reasons: [
        {
          layer: 'policy',
          rule: `approval_${r.status}`,
          message: `${r.id} for ${r.principal}: ${body.reason ?? ''}`.slice(0, 500),
        },
      ],
      policyVersion: deps.policies.current()?.version ?? 'none',
      usage: null,
    });
    return c.json(view(r));
  });

  return app;
}
