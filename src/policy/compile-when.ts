/**
 * Compiles the `when:` conditions of every rule and the `flow:` section of rules.yaml once per
 * policy set. A bad condition (unsafe regex, malformed host pattern, glob) is a load error that
 * names the file and line, so the last good set keeps serving.
 */
import { AgentwallError } from '../errors.js';
import { type CompiledCondition, compileCondition } from './conditions/index.js';
import { DEFAULT_FLOW_POLICY, type FlowPolicy } from './flow/engine.js';
import { globMatch } from './glob.js';
import type { RuleDef } from './rules.js';
import type { YamlSource } from './yaml-source.js';

function invalid(src: YamlSource, path: (string | number)[], message: string): AgentwallError {
  const where = `${src.file}:${src.lineOf(path)}`;
  return new AgentwallError('policy_invalid', {
    detail: `${where}: ${message}`,
    errors: [{ path: where, message }],
  });
}

export function compileWhen(
  src: YamlSource,
  rules: readonly RuleDef[],
): Map<string, readonly CompiledCondition[]> {
  const out = new Map<string, readonly CompiledCondition[]>();
  rules.forEach((rule, i) => {
    if (!rule.when) return;
    const compiled = rule.when.map((spec, j) => {
      try {
        return compileCondition(spec);
      } catch (err) {
        throw invalid(
          src,
          ['rules', i, 'when', j],
          `rule "${rule.id}" condition on "${spec.arg}": ${(err as Error).message}`,
        );
      }
    });
    out.set(rule.id, Object.freeze(compiled));
  });
  return out;
}

type RawFlow = {
  taint?: Partial<FlowPolicy['taint']>;
  budgets?: FlowPolicy['budgets'];
  loops?: Partial<FlowPolicy['loops']>;
};

/** Merges `flow:` over the defaults and checks budget ids against rule ids and tool names. */
export function flowPolicyOf(
  src: YamlSource,
  raw: unknown,
  ruleIds: ReadonlySet<string>,
  tools: readonly string[],
): FlowPolicy {
  const f = (raw ?? {}) as RawFlow;
  const d = DEFAULT_FLOW_POLICY;
  const budgets = f.budgets ?? [];
  const seen = new Set<string>();
  budgets.forEach((b, i) => {
    if (seen.has(b.id) || ruleIds.has(b.id))
      throw invalid(
        src,
        ['flow', 'budgets', i, 'id'],
        `duplicate id "${b.id}" (budget ids share the rule id namespace)`,
      );
    seen.add(b.id);
    for (const t of b.tools) {
      if (!tools.some((name) => globMatch(name, t)))
        throw invalid(
          src,
          ['flow', 'budgets', i, 'tools'],
          `budget "${b.id}" names no known tool with "${t}"`,
        );
    }
  });
  return Object.freeze({
    taint: { ...d.taint, ...f.taint, onSideEffect: { ...(f.taint?.onSideEffect ?? d.taint.onSideEffect) } },
    budgets,
    loops: { ...d.loops, ...f.loops },
  });
}
