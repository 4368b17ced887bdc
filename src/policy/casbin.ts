import { type Enforcer, newEnforcer, newModelFromString } from 'casbin';
import { AgentwallError } from '../errors.js';
import { globMatch } from './glob.js';
import { buildRuleIndex, isStandardModel } from './rule-index.js';

/**
 * Casbin answers "which rules apply to this subject, tenant and tool?" — RBAC with domains and
 * role inheritance. The matcher ends in `hit(p.id)`, a function that records every rule whose
 * other terms matched, so one enforcement yields the whole set of matched rules (Casbin's
 * `enforceEx` names only one) and deny-override is applied to that set by `decide`.
 *
 * Casbin evaluates its matcher expression once per policy line (~3.5 µs each here), so the set is
 * memoised per (subject, tenant, tool). It depends only on the immutable policy set, so the memo
 * lives and dies with it.
 */
export interface RuleMatcher {
  /** Ids of rules (allow and deny) whose subject, tenant and tool pattern match. */
  match(subject: string, tenant: string, tool: string): readonly string[];
  /** The same answer straight from Casbin, bypassing the memo and the index (tests, verification). */
  matchByCasbin(subject: string, tenant: string, tool: string): readonly string[];
  /** Whether an index answers in front of Casbin (the shipped model) or Casbin evaluates every line. */
  readonly indexed: boolean;
  /** Roles the subject holds in the tenant, directly or by inheritance. */
  rolesOf(subject: string, tenant: string): Promise<string[]>;
  readonly enforcer: Enforcer;
}

export const REQUIRED_MATCHER_FUNCTIONS = ['toolMatch', 'hit'] as const;

export async function createMatcher(
  modelText: string,
  lines: { p: string[][]; g: string[][] },
  cacheSize: number,
): Promise<RuleMatcher> {
  const matcherLine = modelText.split('\n').find((l) => /^\s*m\s*=/.test(l)) ?? '';
  if (!/&&\s*hit\(p\.id\)\s*$/.test(matcherLine)) {
    throw new AgentwallError('policy_invalid', {
      detail: 'model.conf: the matcher must end with `&& hit(p.id)`',
    });
  }
  let enforcer: Enforcer;
  try {
    enforcer = await newEnforcer(newModelFromString(modelText));
  } catch (err) {
    throw new AgentwallError('policy_invalid', { detail: `model.conf: ${(err as Error).message}` });
  }
  let hits: string[] = [];
  await enforcer.addFunction('toolMatch', (name: string, pattern: string) => globMatch(name, pattern));
  // `hit` records the rule and answers false, so no line ever "matches" as far as Casbin's effector
  // is concerned: the effector stops at the first decisive match (the first deny under
  // deny-override, the first allow under allow-override), which would hide every later rule.
  // With no match it evaluates every line, and `hits` holds all of them.
  await enforcer.addFunction('hit', (id: string) => {
    hits.push(id);
    return false;
  });
  if (lines.p.length > 0) await enforcer.addPolicies(lines.p);
  if (lines.g.length > 0) await enforcer.addGroupingPolicies(lines.g);

  const memo = new Map<string, readonly string[]>();
  const index = isStandardModel(modelText) ? buildRuleIndex(lines) : null;
  const byCasbin = (subject: string, tenant: string, tool: string): readonly string[] => {
    hits = [];
    // enforceSync runs the matcher synchronously, so `hits` cannot interleave with another call.
    enforcer.enforceSync(subject, tenant, tool, 'call');
    return Object.freeze([...new Set(hits)]);
  };
  return {
    enforcer,
    indexed: index !== null,
    matchByCasbin: byCasbin,
    match(subject, tenant, tool) {
      const key = `${subject}\u0000${tenant}\u0000${tool}`;
      const cached = memo.get(key);
      if (cached) return cached;
      const found = index
        ? Object.freeze(index.match(subject, tenant, tool))
        : byCasbin(subject, tenant, tool);
      if (cacheSize > 0) {
        if (memo.size >= cacheSize) memo.delete(memo.keys().next().value as string);
        memo.set(key, found);
      }
      return found;
    },
    rolesOf: (subject, tenant) => enforcer.getImplicitRolesForUser(subject, tenant),
  };
}
