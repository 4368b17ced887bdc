/**
 * An index in front of Casbin for the shipped model. Casbin evaluates its matcher once per policy
 * line (~3.5 µs each), so a first decision over 10,000 rules costs ~35 ms. For the standard model
 * (`r.dom == p.dom && r.act == p.act && toolMatch(r.obj, p.obj) && g(r.sub, p.sub, r.dom)`)
 * the same answer comes from lines indexed by (tenant, subject): the subject's roles in the
 * tenant (transitively, from the g lines) select a few lines, and only those are glob-matched.
 * Any other model.conf falls back to Casbin; a property test checks both agree.
 */
import { globMatch } from './glob.js';

interface Line {
  readonly seq: number;
  readonly tool: string;
  readonly act: string;
  readonly id: string;
}

export interface RuleIndex {
  match(subject: string, tenant: string, tool: string): string[];
}

const STANDARD_MATCHER =
  'r.dom == p.dom && r.act == p.act && toolMatch(r.obj, p.obj) && g(r.sub, p.sub, r.dom) && hit(p.id)';

/** True when the model's matcher is the shipped one, so the index answers exactly as Casbin would. */
export function isStandardModel(modelText: string): boolean {
  const m = /^\s*m\s*=\s*(.+)$/m.exec(modelText.split('[matchers]')[1] ?? '');
  return m !== null && m[1]!.replace(/\s+/g, ' ').trim() === STANDARD_MATCHER;
}

export function buildRuleIndex(lines: { p: readonly string[][]; g: readonly string[][] }): RuleIndex {
  // tenant → subject → lines
  const byTenant = new Map<string, Map<string, Line[]>>();
  lines.p.forEach(([sub, dom, obj, act, , id], seq) => {
    if (sub === undefined || dom === undefined || obj === undefined || act === undefined || id === undefined)
      return;
    const subs = byTenant.get(dom) ?? new Map<string, Line[]>();
    byTenant.set(dom, subs);
    const list = subs.get(sub) ?? [];
    subs.set(sub, list);
    list.push({ seq, tool: obj, act, id });
  });
  // tenant → member → direct roles
  const parents = new Map<string, Map<string, string[]>>();
  for (const [member, role, dom] of lines.g) {
    if (member === undefined || role === undefined || dom === undefined) continue;
    const m = parents.get(dom) ?? new Map<string, string[]>();
    parents.set(dom, m);
    m.set(member, [...(m.get(member) ?? []), role]);
  }
  const closure = new Map<string, readonly string[]>();
  const rolesOf = (subject: string, tenant: string): readonly string[] => {
    const key = `${tenant}\u0000${subject}`;
    const cached = closure.get(key);
    if (cached) return cached;
    const seen = new Set<string>([subject]);
    const stack = [subject];
    const edges = parents.get(tenant);
    while (stack.length > 0) {
      // Pop outside the optional chain: `edges?.get(stack.pop())` skips the pop when edges is undefined.
      const next = stack.pop()!;
      for (const r of edges?.get(next) ?? []) {
        if (!seen.has(r)) {
          seen.add(r);
          stack.push(r);
        }
      }
    }
    const out = [...seen];
    closure.set(key, out);
    return out;
  };
  return {
    match(subject, tenant, tool) {
      const subs = byTenant.get(tenant);
      if (!subs) return [];
      const hits: Line[] = [];
      for (const s of rolesOf(subject, tenant)) {
        for (const line of subs.get(s) ?? [])
          if (line.act === 'call' && globMatch(tool, line.tool)) hits.push(line);
      }
      hits.sort((a, b) => a.seq - b.seq);
      return [...new Set(hits.map((h) => h.id))];
    },
  };
}
