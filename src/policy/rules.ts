import { Ajv } from 'ajv';
import { AgentwallError } from '../errors.js';
import { compileWhen, flowPolicyOf } from './compile-when.js';
import type { CompiledCondition, ConditionSpec } from './conditions/index.js';
import type { FlowPolicy } from './flow/engine.js';
import { rulesSchema } from './rules-schema.js';
import type { YamlSource } from './yaml-source.js';

export interface RoleDef {
  readonly id: string;
  readonly tenant: string;
  readonly description?: string;
  readonly members?: readonly string[];
  readonly inherits?: readonly string[];
}

export interface RuleDef {
  readonly id: string;
  readonly description?: string;
  readonly tenant: string;
  readonly effect: RuleEffect;
  readonly subjects: readonly string[];
  readonly tools: readonly string[];
  /** Argument conditions: the rule applies only when they hold (see conditions/index.ts). */
  readonly when?: readonly ConditionSpec[];
  /** 1-based line in rules.yaml, for explanations and lint. */
  readonly line: number;
}

export type RuleEffect = 'allow' | 'deny' | 'review';

export interface RuleSet {
  readonly tenants: readonly { readonly id: string; readonly description?: string }[];
  readonly roles: readonly RoleDef[];
  readonly rules: readonly RuleDef[];
  /** Compiled `when:` conditions by rule id (rules without conditions are absent). */
  readonly conditions: ReadonlyMap<string, readonly CompiledCondition[]>;
  readonly flow: FlowPolicy;
}

const validate = new Ajv({ allErrors: true, strict: true }).compile(rulesSchema);

/** Validates rules.yaml and checks what a schema cannot: unique ids, known tenants/roles/tools, no cycles. */
export function compileRules(src: YamlSource, toolNames: readonly string[]): RuleSet {
  if (!validate(src.value)) {
    const errors = (validate.errors ?? []).slice(0, 20).map((e) => {
      const msg =
        e.keyword === 'additionalProperties'
          ? `unknown field "${String(e.params.additionalProperty)}"`
          : (e.message ?? 'invalid');
      return {
        path: `${src.file}:${src.lineOf(e.instancePath)}`,
        message: `${e.instancePath || '(root)'} ${msg}`,
      };
    });
    throw new AgentwallError('policy_invalid', {
      detail: errors.map((e) => `${e.path}: ${e.message}`).join('; '),
      errors,
    });
  }
  const raw = src.value as Pick<RuleSet, 'tenants' | 'roles'> & {
    rules: Omit<RuleDef, 'line'>[];
    flow?: unknown;
  };
  const rules = raw.rules.map((r, i) => Object.freeze({ ...r, line: src.lineOf(['rules', i]) }));
  const set: RuleSet = {
    tenants: raw.tenants,
    roles: raw.roles,
    rules,
    conditions: compileWhen(src, rules),
    flow: flowPolicyOf(src, raw.flow, new Set(rules.map((r) => r.id)), toolNames),
  };
  checkReferences(src, set, toolNames);
  return set;
}

function checkReferences(src: YamlSource, set: RuleSet, toolNames: readonly string[]): void {
  const fail = (path: (string | number)[], message: string): never => {
    const where = `${src.file}:${src.lineOf(path)}`;
    throw new AgentwallError('policy_invalid', {
      detail: `${where}: ${message}`,
      errors: [{ path: where, message }],
    });
  };
  const tenants = new Set<string>();
  set.tenants.forEach((t, i) => {
    if (tenants.has(t.id)) fail(['tenants', i], `duplicate tenant id "${t.id}"`);
    tenants.add(t.id);
  });
  const roleKeys = new Set<string>();
  set.roles.forEach((r, i) => {
    if (!tenants.has(r.tenant))
      fail(['roles', i, 'tenant'], `role "${r.id}" names unknown tenant "${r.tenant}"`);
    const key = `${r.tenant}/${r.id}`;
    if (roleKeys.has(key)) fail(['roles', i], `duplicate role "${r.id}" in tenant "${r.tenant}"`);
    roleKeys.add(key);
  });
  set.roles.forEach((r, i) => {
    for (const parent of r.inherits ?? []) {
      if (!roleKeys.has(`${r.tenant}/${parent}`))
        fail(['roles', i, 'inherits'], `role "${r.id}" inherits unknown role "${parent}"`);
    }
  });
  const cycle = findCycle(set.roles);
  if (cycle) fail(['roles'], `role inheritance cycle: ${cycle.join(' -> ')}`);
  const ruleIds = new Set<string>();
  set.rules.forEach((rule, i) => {
    if (ruleIds.has(rule.id)) fail(['rules', i, 'id'], `duplicate rule id "${rule.id}"`);
    ruleIds.add(rule.id);
    if (!tenants.has(rule.tenant))
      fail(['rules', i, 'tenant'], `rule "${rule.id}" names unknown tenant "${rule.tenant}"`);
    for (const s of rule.subjects) {
      if (s.startsWith('role:') && !roleKeys.has(`${rule.tenant}/${s.slice(5)}`)) {
        fail(
          ['rules', i, 'subjects'],
          `rule "${rule.id}" names unknown role "${s}" in tenant "${rule.tenant}"`,
        );
      }
    }
    for (const t of rule.tools) {
      const isGlob = t.includes('*') || t.includes('?');
      if (!isGlob && !toolNames.includes(t))
        fail(['rules', i, 'tools'], `rule "${rule.id}" names unknown tool "${t}"`);
    }
  });
}

/** A role inheritance cycle as a list of role ids, or null. */
function findCycle(roles: readonly RoleDef[]): string[] | null {
  const edges = new Map<string, string[]>();
  for (const r of roles)
    edges.set(
      `${r.tenant}/${r.id}`,
      (r.inherits ?? []).map((p) => `${r.tenant}/${p}`),
    );
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | null => {
    if (state.get(node) === 'done') return null;
    if (state.get(node) === 'open')
      return [...stack.slice(stack.indexOf(node)), node].map((k) => k.split('/')[1] ?? k);
    state.set(node, 'open');
    stack.push(node);
    for (const next of edges.get(node) ?? []) {
      const found = visit(next);
      if (found) return found;
    }
    stack.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of edges.keys()) {
    const found = visit(node);
    if (found) return found;
  }
  return null;
}

/** Casbin policy lines: `p, sub, dom, obj, act, eft, id` and `g, member, role, dom`. */
export function toCasbinLines(set: RuleSet): { p: string[][]; g: string[][] } {
  const p: string[][] = [];
  for (const rule of set.rules) {
    for (const sub of rule.subjects) {
      for (const tool of rule.tools) p.push([sub, rule.tenant, tool, 'call', rule.effect, rule.id]);
    }
  }
  const g: string[][] = [];
  for (const role of set.roles) {
    for (const m of role.members ?? []) g.push([m, `role:${role.id}`, role.tenant]);
    for (const parent of role.inherits ?? []) g.push([`role:${role.id}`, `role:${parent}`, role.tenant]);
  }
  return { p, g };
}
