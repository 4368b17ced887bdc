/**
 * In-process decision latency: the policy layer alone (`decide`) and the whole tool-call pipeline
 * (policy + argument schema + audit event, into an in-memory sink), on the demo policy and on
 * 1,000 generated rules. Cold = first decision for a (principal, tool) pair (Casbin evaluates
 * every rule); warm = later decisions (memoised matched-rule set).
 */
import type { AuditSink } from '../src/audit/index.js';
import { createLogger } from '../src/log.js';
import { guardToolCall } from '../src/pipeline.js';
import {
  createPolicyStore,
  decide,
  loadPolicySet,
  PolicyLayer,
  type PolicySet,
} from '../src/policy/index.js';
import type { JsonObject, Principal } from '../src/types.js';
import { DEMO_POLICIES, generatedPolicies } from './lib/policies.js';
import { percentiles, report, round } from './lib/stats.js';

const ARGS: Record<string, JsonObject> = {
  calculator: { expression: '(1+2)*3' },
  db_query: { table: 'orders', where: { customer_id: 'c_123' }, limit: 10 },
  payment_refund: { paymentId: 'pay_12345678', amount: 25, currency: 'USD', reason: 'damaged' },
  send_email: { to: ['a@example.com'], subject: 'Your order', body: 'x'.repeat(900) },
  web_fetch: { url: 'https://example.com/page' },
  file_read: { path: 'docs/readme.md' },
  file_write: { path: 'notes/today.md', content: 'hello' },
  shell_exec: { command: 'uptime' },
};

const sink: AuditSink = { record: async (e) => e.id, close: async () => {} };
const logger = createLogger('silent');

async function measure(set: PolicySet, principals: string[], tools: string[], iterations: number) {
  const who = (i: number): Principal => ({
    id: principals[i % principals.length] as string,
    tenant: 'acme',
    roles: ['agent'],
    keyId: 'k',
  });
  const cold: number[] = [];
  for (let p = 0; p < principals.length; p++) {
    for (const tool of tools) {
      const t0 = performance.now();
      decide(set, { principal: who(p), tool, args: ARGS[tool] ?? {} });
      cold.push((performance.now() - t0) * 1000);
    }
  }
  const warm: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const tool = tools[(i * 7) % tools.length] as string;
    const t0 = performance.now();
    decide(set, { principal: who(i * 13), tool, args: ARGS[tool] ?? {} });
    warm.push((performance.now() - t0) * 1000);
  }
  const deps = { policies: createPolicyStore(set), policyLayer: new PolicyLayer(), audit: sink, logger };
  const pipeline: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const tool = tools[(i * 7) % tools.length] as string;
    const t0 = performance.now();
    await guardToolCall(deps, {
      principal: who(i * 13),
      requestId: 'r',
      tool,
      args: ARGS[tool] ?? {},
      session: 's',
    });
    pipeline.push((performance.now() - t0) * 1000);
  }
  return {
    rules: set.rules.rules.length,
    coldDecideUs: percentiles(cold, [50, 99]),
    warmDecideUs: percentiles(warm),
    pipelineUs: percentiles(pipeline),
  };
}

const demo = await loadPolicySet(DEMO_POLICIES);
const demoFigures = await measure(
  demo,
  ['agent:support-bot', 'agent:research-bot', 'agent:ops-bot'],
  Object.keys(ARGS),
  50_000,
);
const gen = generatedPolicies(1000);
const big = await loadPolicySet(gen.dir);
const bigFigures = await measure(big, gen.principals, gen.tools, 50_000);
report({
  unit: 'microseconds',
  demo: demoFigures,
  rules1000: bigFigures,
  targetP99Ms: 1,
  pipelineP99MsWith1000Rules: round((bigFigures.pipelineUs.p99 ?? Number.NaN) / 1000),
});
