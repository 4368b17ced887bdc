import { type Enforcer, newEnforcer, newModelFromString, StringAdapter } from 'casbin';
import type { MiddlewareHandler } from 'hono';
import { AgentwallError } from '../../errors.js';

/**
 * Access to agentwall's own API, decided by a Casbin model of its own that is built into the
 * binary. It is separate from the tenants' tool policy on purpose: no policy upload can grant an
 * agent key the admin or audit API, or lock administrators out.
 */
const MODEL = `
[request_definition]
r = role, obj, act
[policy_definition]
p = role, obj, act
[policy_effect]
e = some(where (p.eft == allow))
[matchers]
m = r.role == p.role && keyMatch(r.obj, p.obj) && (r.act == p.act || p.act == "*")
`;

/** API roles → resources they may use. `keyMatch` is a prefix match on purpose here: `audit*`. */
export const API_POLICY = `
p, agent, guard, call
p, agent, tools.execute, call
p, agent, canaries, create
p, agent, approvals.own, read
p, approver, approvals, *
p, approver, approvals.own, read
p, policy-admin, policies, *
p, auditor, audit*, read
p, auditor, ui.audit, read
p, admin, admin*, *
p, admin, policies, read
`;

export type Resource =
  | 'guard'
  | 'tools.execute'
  | 'canaries'
  | 'approvals'
  | 'approvals.own'
  | 'policies'
  | 'audit'
  | 'audit.export'
  | 'ui.audit'
  | 'admin'
  | 'admin.safe-mode';

export interface AccessControl {
  allowed(roles: readonly string[], resource: Resource, action: string): boolean;
}

export async function createAccessControl(policy: string = API_POLICY): Promise<AccessControl> {
  const enforcer: Enforcer = await newEnforcer(newModelFromString(MODEL), new StringAdapter(policy));
  const memo = new Map<string, boolean>();
  return {
    allowed(roles, resource, action) {
      const key = `${roles.join(',')}|${resource}|${action}`;
      let ok = memo.get(key);
      if (ok === undefined) {
        ok = roles.some((role) => enforcer.enforceSync(role, resource, action));
        memo.set(key, ok);
      }
      return ok;
    },
  };
}

/** Route guard: the authenticated principal must hold an API role granted `action` on `resource`. */
export function authorize(access: AccessControl, resource: Resource, action: string): MiddlewareHandler {
  return async function authorize(c, next) {
    const principal = c.get('principal');
    if (!principal || !access.allowed(principal.roles, resource, action)) {
      throw new AgentwallError('forbidden', { detail: `this key may not ${action} ${resource}` });
    }
    await next();
  };
}
