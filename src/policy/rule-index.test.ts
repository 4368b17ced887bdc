import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMatcher } from './casbin.js';
import { isStandardModel } from './rule-index.js';

const MODEL = readFileSync(resolve(import.meta.dirname, '../../policies/model.conf'), 'utf8');
const TOOLS = ['web_fetch', 'web_search', 'file_read', 'file_write', 'send_email', 'payment_refund'];
const PATTERNS = [...TOOLS, 'web_*', 'file_?ead', '*', 'send_*', 'pay*'];
const SUBJECTS = ['agent:a', 'agent:b', 'agent:c', 'role:r0', 'role:r1', 'role:r2', 'role:r3'];
const TENANTS = ['acme', 'globex'];

const lineArb = fc.tuple(
  fc.constantFrom(...SUBJECTS),
  fc.constantFrom(...TENANTS),
  fc.constantFrom(...PATTERNS),
  fc.constantFrom('allow', 'deny', 'review'),
);
// Role edges only from lower to higher role numbers, so the hierarchy has no cycles (as loading guarantees).
const edgeArb = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('agent:a', 'agent:b', 'agent:c'),
      fc.integer({ min: 0, max: 3 }),
      fc.constantFrom(...TENANTS),
    )
    .map(([m, r, t]) => [m, `role:r${r}`, t]),
  fc
    .tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 1, max: 3 }), fc.constantFrom(...TENANTS))
    .filter(([a, b]) => b > a)
    .map(([a, b, t]) => [`role:r${a}`, `role:r${b}`, t]),
);

describe('rule index in front of Casbin', () => {
  it('should recognise the shipped model and nothing else', () => {
    expect(isStandardModel(MODEL)).toBe(true);
    expect(isStandardModel(MODEL.replace('toolMatch(r.obj, p.obj)', 'keyMatch(r.obj, p.obj)'))).toBe(false);
  });

  it('should return exactly the rules Casbin matches, in policy order, for any rule set', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(lineArb, { maxLength: 40 }),
        fc.array(edgeArb, { maxLength: 12 }),
        async (ls, g) => {
          const p = ls.map(([s, t, o, e], i) => [s, t, o, 'call', e, `rule-${i}`]);
          const m = await createMatcher(
            MODEL,
            { p, g: [...new Set(g.map((x) => x.join()))].map((x) => x.split(',')) },
            0,
          );
          expect(m.indexed).toBe(true);
          for (const sub of SUBJECTS) {
            for (const tenant of TENANTS) {
              for (const tool of TOOLS)
                expect(m.match(sub, tenant, tool)).toEqual(m.matchByCasbin(sub, tenant, tool));
            }
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('should fall back to Casbin for a custom model', async () => {
    const custom = MODEL.replace('r.act == p.act &&', 'r.act == p.act && r.obj != "x" &&');
    const m = await createMatcher(custom, { p: [['agent:a', 'acme', '*', 'call', 'allow', 'r1']], g: [] }, 0);
    expect(m.indexed).toBe(false);
    expect(m.match('agent:a', 'acme', 'web_fetch')).toEqual(['r1']);
  });
});
