import type { DecisionValue, JsonObject, Principal, Reason } from '../types.js';
import { type ConditionResult, evaluateConditions, ruleApplies } from './conditions/index.js';
import type { RuleEffect } from './rules.js';
import type { PolicySet } from './set.js';

export interface PolicyRequest {
  readonly principal: Principal;
  readonly tool: string;
  readonly args: JsonObject;
  readonly session?: string | undefined;
}

export interface MatchedRule {
  readonly id: string;
  readonly effect: RuleEffect;
  readonly line: number;
  readonly description?: string;
}

/** A condition that kept a rule from applying (allow/review) or that could not be read (deny). */
export interface FailedCondition {
  readonly rule: string;
  readonly effect: RuleEffect;
  readonly arg: string;
  readonly kind: string;
  readonly code: string;
  readonly reason: string;
}

export interface PolicyExplanation {
  readonly subject: string;
  readonly tenant: string;
  readonly tool: string;
  /** Rules whose subject, tenant, tool and conditions all matched, by effect. */
  readonly matchedAllow: readonly MatchedRule[];
  readonly matchedDeny: readonly MatchedRule[];
  readonly matchedReview: readonly MatchedRule[];
  /** Rules that matched subject, tenant and tool but not their `when:` conditions. */
  readonly notApplied: readonly MatchedRule[];
  readonly failedConditions: readonly FailedCondition[];
}

export interface PolicyDecision {
  readonly decision: DecisionValue;
  readonly reasons: readonly Reason[];
  readonly explanation: PolicyExplanation;
}

function toMatched(set: PolicySet, id: string): MatchedRule {
  const rule = set.ruleById.get(id);
  return {
    id,
    // A rule id the set does not know can only come from a corrupted matcher: treat it as deny.
    effect: rule?.effect ?? 'deny',
    line: rule?.line ?? 0,
    ...(rule?.description === undefined ? {} : { description: rule.description }),
  };
}

function failuresOf(rule: MatchedRule, results: readonly ConditionResult[]): FailedCondition[] {
  return results
    .filter((r) => !r.ok)
    .map((r) => ({
      rule: rule.id,
      effect: rule.effect,
      arg: r.arg,
      kind: r.kind,
      code: r.code ?? 'condition_failed',
      reason: r.reason ?? 'condition not met',
    }));
}

const ruleReason =
  (verb: string) =>
  (r: MatchedRule): Reason => ({
    layer: 'policy',
    rule: r.id,
    message: r.description ?? `${verb} by rule ${r.id}`,
  });

/**
 * Deny overrides review, review overrides allow; no applicable rule is a deny. Casbin (memoised)
 * says which rules match subject, tenant and tool; their `when:` conditions are then evaluated on
 * the arguments. The tenant always comes from the principal (its API key), never the request.
 */
export function decide(set: PolicySet, req: PolicyRequest): PolicyDecision {
  const { principal, tool } = req;
  const base = { subject: principal.id, tenant: principal.tenant, tool };
  const empty = {
    matchedAllow: [],
    matchedDeny: [],
    matchedReview: [],
    notApplied: [],
    failedConditions: [],
  };
  if (!set.registry.get(tool)) {
    return {
      decision: 'deny',
      reasons: [{ layer: 'policy', rule: 'unknown_tool', message: 'the tool is not in the registry' }],
      explanation: { ...base, ...empty },
    };
  }
  const applied: MatchedRule[] = [];
  const notApplied: MatchedRule[] = [];
  const failedConditions: FailedCondition[] = [];
  for (const id of set.matcher.match(principal.id, principal.tenant, tool)) {
    const rule = toMatched(set, id);
    const conds = set.rules.conditions.get(id);
    if (!conds) {
      applied.push(rule);
      continue;
    }
    const results = evaluateConditions(conds, req.args);
    failedConditions.push(...failuresOf(rule, results));
    (ruleApplies(rule.effect === 'allow' ? 'allow' : 'deny', results) ? applied : notApplied).push(rule);
  }
  const matchedAllow = applied.filter((r) => r.effect === 'allow');
  const matchedDeny = applied.filter((r) => r.effect === 'deny');
  const matchedReview = applied.filter((r) => r.effect === 'review');
  const explanation = { ...base, matchedAllow, matchedDeny, matchedReview, notApplied, failedConditions };
  if (matchedDeny.length > 0)
    return { decision: 'deny', reasons: matchedDeny.map(ruleReason('denied')), explanation };
  if (matchedReview.length > 0) {
    return { decision: 'review', reasons: matchedReview.map(ruleReason('held for review')), explanation };
  }
  if (matchedAllow.length > 0)
    return { decision: 'allow', reasons: matchedAllow.map(ruleReason('allowed')), explanation };
  const unmet = notApplied.filter((r) => r.effect === 'allow');
  if (unmet.length > 0) {
    return {
      decision: 'deny',
      reasons: unmet.map((r) => ({
        layer: 'policy',
        rule: r.id,
        message: `condition not met: ${failedConditions
          .filter((f) => f.rule === r.id)
          .map((f) => `${f.arg}: ${f.reason}`)
          .join('; ')}`,
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
