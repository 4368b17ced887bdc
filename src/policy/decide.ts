import type { DecisionValue, JsonObject, Principal, Reason } from '../types.js';
import type { PolicySet } from './set.js';

export interface PolicyRequest {
  readonly principal: Principal;
  readonly tool: string;
  readonly args: JsonObject;
  readonly session?: string | undefined;
}

export interface MatchedRule {
  readonly id: string;
  readonly effect: 'allow' | 'deny';
  readonly line: number;
  readonly description?: string;
}

export interface PolicyExplanation {
  readonly subject: string;
  readonly tenant: string;
  readonly tool: string;
  readonly matchedAllow: readonly MatchedRule[];
  readonly matchedDeny: readonly MatchedRule[];
}

export interface PolicyDecision {
  readonly decision: DecisionValue;
  readonly reasons: readonly Reason[];
  readonly explanation: PolicyExplanation;
}

/**
 * Deny overrides allow; no matching rule is a deny. The tenant always comes from the principal
 * (its API key), never from the request.
 */
export function decide(set: PolicySet, req: PolicyRequest): PolicyDecision {
  const { principal, tool } = req;
  const base = { subject: principal.id, tenant: principal.tenant, tool };
  if (!set.registry.get(tool)) {
    return {
      decision: 'deny',
      reasons: [{ layer: 'policy', rule: 'unknown_tool', message: 'the tool is not in the registry' }],
      explanation: { ...base, matchedAllow: [], matchedDeny: [] },
    };
  }
  const matched = set.matcher.match(principal.id, principal.tenant, tool).map((id) => {
    const rule = set.ruleById.get(id);
    return {
      id,
      effect: rule?.effect ?? 'deny',
      line: rule?.line ?? 0,
      ...(rule?.description === undefined ? {} : { description: rule.description }),
    } satisfies MatchedRule;
  });
  const matchedAllow = matched.filter((r) => r.effect === 'allow');
  const matchedDeny = matched.filter((r) => r.effect === 'deny');
  const explanation = { ...base, matchedAllow, matchedDeny };
  if (matchedDeny.length > 0) {
    return {
      decision: 'deny',
      reasons: matchedDeny.map((r) => ({
        layer: 'policy',
        rule: r.id,
        message: r.description ?? `denied by rule ${r.id}`,
      })),
      explanation,
    };
  }
  if (matchedAllow.length > 0) {
    return {
      decision: 'allow',
      reasons: matchedAllow.map((r) => ({
        layer: 'policy',
        rule: r.id,
        message: r.description ?? `allowed by rule ${r.id}`,
      })),
      explanation,
    };
  }
  return {
    decision: 'deny',
    reasons: [
      {
        layer: 'policy',
        rule: 'no_matching_rule',
        message: 'no rule allows this tool for this principal (default deny)',
      },
    ],
    explanation,
  };
}
