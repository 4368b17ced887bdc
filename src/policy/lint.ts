/**
 * Lint for policy sets: what loads fine but is probably wrong. Load errors (syntax, unknown
 * fields, duplicate ids, cycles, unknown tools, unsafe regexes) are thrown by the loader with
 * file:line; these are the findings that need judgement.
 */
import type { SideEffect } from '../types.js';
import { globMatch } from './glob.js';
import type { RoleDef, RuleDef } from './rules.js';
import type { PolicySet } from './set.js';

export interface LintFinding {
  readonly level: 'error' | 'warning';
  readonly check: string;
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

const RISKY: readonly SideEffect[] = ['write', 'exfiltration'];

/** Roles each role confers, transitively (a role confers itself and everything it inherits). */
function conferred(roles: readonly RoleDef[], tenant: string): Map<string, Set<string>> {
  const byId = new Map(roles.filter((r) => r.tenant === tenant).map((r) => [r.id, r]));
  const out = new Map<string, Set<string>>();
  const walk = (id: string, acc: Set<string>) => {
    if (acc.has(id)) return;
    acc.add(id);
    for (const p of byId.get(id)?.inherits ?? []) walk(p, acc);
  };
  for (const id of byId.keys()) {
    const acc = new Set<string>();
    walk(id, acc);
    out.set(id, acc);
  }
  return out;
}

/** Roles (as `role:<id>`) a subject holds in a tenant, including itself. */
function holdings(set: PolicySet, tenant: string, subject: string): Set<string> {
  const conf = conferred(set.rules.roles, tenant);
  const out = new Set<string>([subject]);
  const direct = subject.startsWith('role:')
    ? [subject.slice(5)]
    : set.rules.roles
        .filter((r) => r.tenant === tenant && (r.members ?? []).includes(subject))
        .map((r) => r.id);
  for (const d of direct) for (const c of conf.get(d) ?? []) out.add(`role:${c}`);
  return out;
}

function toolsOf(set: PolicySet, rule: RuleDef): string[] {
  return set.registry.names().filter((n) => rule.tools.some((g) => globMatch(n, g)));
}

/** Does `outer` (unconditional) cover every subject and tool of `inner`? */
function covers(set: PolicySet, outer: RuleDef, inner: RuleDef): boolean {
  if (outer.tenant !== inner.tenant || outer.when) return false;
  const subjectsCovered = inner.subjects.every((s) => {
    const held = holdings(set, inner.tenant, s);
    return outer.subjects.some((o) => held.has(o));
  });
  if (!subjectsCovered) return false;
  const tools = toolsOf(set, inner);
  return tools.length > 0 && tools.every((t) => outer.tools.some((g) => globMatch(t, g)));
}

function ruleChecks(set: PolicySet, push: (f: Omit<LintFinding, 'file'>) => void): void {
  const rules = set.rules.rules;
  for (const r of rules) {
    const tools = toolsOf(set, r);
    if (tools.length === 0)
      push({
        level: 'warning',
        check: 'no-tools',
        line: r.line,
        message: `rule "${r.id}" matches no tool in the registry`,
      });
    if (r.effect !== 'deny') {
      const killer = rules.find((d) => d.effect === 'deny' && covers(set, d, r));
      if (killer)
        push({
          level: 'warning',
          check: 'unreachable',
          line: r.line,
          message: `rule "${r.id}" can never apply: deny rule "${killer.id}" always overrides it`,
        });
    }
    if (r.effect === 'allow' && r.when) {
      const shadow = rules.find((a) => a !== r && a.effect === 'allow' && covers(set, a, r));
      if (shadow)
        push({
          level: 'warning',
          check: 'shadowed',
          line: r.line,
          message: `the conditions of "${r.id}" restrict nothing: "${shadow.id}" allows the same calls unconditionally`,
        });
    }
    if (r.effect === 'allow') {
      const risky = tools.filter((t) => set.registry.get(t)?.spec.sideEffects.some((s) => RISKY.includes(s)));
      const broad = r.tools.filter((g) => g.includes('*') || g.includes('?'));
      if (broad.length > 0 && risky.length > 0 && !r.when) {
        push({
          level: 'warning',
          check: 'broad-glob',
          line: r.line,
          message: `rule "${r.id}" allows ${broad.join(', ')} unconditionally, which covers write/exfiltration tools: ${risky.join(', ')}`,
        });
      }
      for (const c of r.when ?? []) {
        const wide = c.path?.allow.filter((g) => /^\/?\*\*$/.test(g)) ?? [];
        if (wide.length > 0 && risky.length > 0)
          push({
            level: 'warning',
            check: 'broad-glob',
            line: r.line,
            message: `rule "${r.id}" allows any path (${wide.join(', ')}) on ${risky.join(', ')}`,
          });
        if (c.url?.allowHosts.includes('*') && risky.length > 0)
          push({
            level: 'warning',
            check: 'broad-glob',
            line: r.line,
            message: `rule "${r.id}" allows any host on ${risky.join(', ')}`,
          });
      }
    }
    for (const c of r.when ?? []) {
      const top = c.arg.split('.')[0]!;
      const missing = tools.filter((t) => {
        const props = set.registry.get(t)?.spec.input.properties;
        return !props || typeof props !== 'object' || !Object.hasOwn(props, top);
      });
      if (missing.length > 0)
        push({
          level: 'error',
          check: 'unknown-arg',
          line: r.line,
          message: `rule "${r.id}" has a condition on "${c.arg}", which ${missing.join(', ')} does not take`,
        });
      const re = c.pattern?.regex;
      if (re && (re.startsWith('.*') || re.endsWith('.*'))) {
        push({
          level: 'warning',
          check: 'unanchored-regex',
          line: r.line,
          message: `rule "${r.id}" pattern on "${c.arg}" starts or ends with .*, so it is effectively unanchored`,
        });
      }
    }
  }
}

export function lintPolicySet(set: PolicySet): LintFinding[] {
  const out: LintFinding[] = [];
  const pushRules = (f: Omit<LintFinding, 'file'>) => out.push({ ...f, file: 'rules.yaml' });
  ruleChecks(set, pushRules);
  for (const role of set.rules.roles) {
    const conf = conferred(set.rules.roles, role.tenant);
    const holders = set.rules.roles.filter(
      (r) => r.tenant === role.tenant && (r.members ?? []).length > 0 && conf.get(r.id)?.has(role.id),
    );
    if (holders.length === 0) {
      pushRules({
        level: 'warning',
        check: 'role-members',
        line: 1,
        message: `role "${role.id}" in tenant "${role.tenant}" has no members, directly or through roles that inherit it`,
      });
    }
  }
  for (const name of set.registry.names()) {
    const input = set.registry.get(name)!.spec.input;
    if (input.type !== 'object' || !input.properties || input.additionalProperties !== false) {
      out.push({
        level: 'warning',
        check: 'tool-schema',
        file: `tools/${name}.json`,
        line: 1,
        message: `tool "${name}" accepts arguments its schema does not describe (need type object, properties, additionalProperties: false)`,
      });
    }
  }
  return out;
}
