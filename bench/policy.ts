/**
 * Policy figures with 10,000 rules, every one with an argument condition:
 * 1. decision latency in-process: `decide` (rules + conditions) and the policy layer with session
 *    flow rules, cold (first time a principal/tool pair is seen) and warm;
 * 2. reloading a 10,000-rule set through PUT /v1/policies, over and over, while autocannon drives
 *    POST /v1/guard/tool-call on a real socket: counts failed requests and responses whose
 *    decision does not belong to the version they name (a half-loaded set).
 * Usage: node --no-node-snapshot --import tsx bench/policy.ts [--rules 10000] [--seconds 20]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { loadConfig } from '../src/config/index.js';
import { createLogger } from '../src/log.js';
import { decide, loadPolicySet, PolicyLayer } from '../src/policy/index.js';
import { createRuntime } from '../src/runtime.js';
import { listen } from '../src/server/serve.js';
import type { JsonObject, Principal } from '../src/types.js';
import { BENCH_TOOLS, conditionedPolicies } from './lib/conditioned.js';
import { flag, percentiles, report, round } from './lib/stats.js';

const RULES = flag('rules', 10_000);
const SECONDS = flag('seconds', 20);

const ARGS: Record<string, (i: number) => JsonObject> = {
  web_fetch: (i) => ({ url: `https://h${i}.example.com/page` }),
  file_read: (i) => ({ path: `reports/${i}.md` }),
  file_write: (i) => ({ path: `notes/${i}.md`, content: 'x' }),
  send_email: () => ({ to: ['a@example.com'], subject: 'Order update', body: 'x'.repeat(500) }),
  db_query: (i) => ({ table: 'orders', limit: (i % 100) + 1 }),
  shell_exec: () => ({ command: 'uptime' }),
  payment_refund: (i) => ({
    paymentId: 'pay_12345678',
    amount: (i % 500) + 5,
    currency: 'USD',
    reason: 'damaged',
  }),
  calculator: () => ({ expression: '(1+2)*3' }),
};

async function latency() {
  const gen = conditionedPolicies(RULES);
  const t0 = performance.now();
  const set = await loadPolicySet(gen.dir);
  const loadMs = performance.now() - t0;
  const who = (i: number): Principal => ({
    id: gen.principals[i % gen.principals.length]!,
    tenant: 'acme',
    roles: ['agent'],
    keyId: 'k',
  });
  const cold: number[] = [];
  gen.principals.forEach((_, p) => {
    for (const tool of BENCH_TOOLS) {
      const s = performance.now();
      decide(set, { principal: who(p), tool, args: ARGS[tool]!(p) });
      cold.push((performance.now() - s) * 1000);
    }
  });
  const warm: number[] = [];
  for (let i = 0; i < 100_000; i++) {
    const tool = BENCH_TOOLS[(i * 7) % BENCH_TOOLS.length]!;
    const s = performance.now();
    decide(set, { principal: who(i * 13), tool, args: ARGS[tool]!(i) });
    warm.push((performance.now() - s) * 1000);
  }
  const layer = new PolicyLayer();
  const flow: number[] = [];
  for (let i = 0; i < 50_000; i++) {
    const tool = BENCH_TOOLS[(i * 7) % BENCH_TOOLS.length]!;
    const s = performance.now();
    await layer.decideCall(set, {
      principal: who(i * 13),
      tool,
      args: ARGS[tool]!(i),
      session: `s${i % 1000}`,
    });
    flow.push((performance.now() - s) * 1000);
  }
  // The same cold decisions straight from Casbin (no index), for comparison.
  const casbin: number[] = [];
  for (let p = 0; p < 20; p++) {
    const s = performance.now();
    set.matcher.matchByCasbin(who(p).id, 'acme', BENCH_TOOLS[p % BENCH_TOOLS.length]!);
    casbin.push((performance.now() - s) * 1000);
  }
  return {
    rules: set.rules.rules.length,
    indexed: set.matcher.indexed,
    loadMs: round(loadMs, 1),
    coldDecideUs: percentiles(cold, [50, 99]),
    warmDecideUs: percentiles(warm),
    layerWithFlowUs: percentiles(flow),
    casbinOnlyColdUs: percentiles(casbin, [50, 99]),
  };
}

async function reloadUnderLoad() {
  const a = conditionedPolicies(RULES, 100, 0);
  const b = conditionedPolicies(RULES, 100, 1);
  const config = loadConfig({
    file: join(import.meta.dirname, '../agentwall.yaml'),
    env: {},
    overrides: {
      server: { port: 0, bodyLimitBytes: 8_388_608, requestTimeoutMs: 120_000 },
      policies: { dir: a.dir },
      log: { level: 'silent' },
    },
  });
  const rt = await createRuntime(config, { logger: createLogger('silent') });
  const server = await listen(rt, config);
  const url = server.url;
  const filesOf = (dir: string) => ({ 'rules.yaml': readFileSync(join(dir, 'rules.yaml'), 'utf8') });
  // rule-0 (role r0, held by agent:ops-bot; web_fetch to h0.example.com) denies in set A and
  // allows in set B. A version is a content hash, so both are known before the first request.
  const expected = new Map<string, string>([
    [(await loadPolicySet(a.dir)).version, 'deny'],
    [(await loadPolicySet(b.dir)).version, 'allow'],
  ]);
  let mismatched = 0;
  let unknownVersion = 0;
  let n = 0;
  // A fresh session per request, so loop detection (same call 5 times) does not enter the figures.
  const nextBody = () =>
    JSON.stringify({ tool: 'web_fetch', args: { url: 'https://h0.example.com/x' }, session: `s${n++}` });
  let reloads = 0;
  let reloadFailures = 0;
  const reloadMs: number[] = [];
  let stop = false;
  const reloader = (async () => {
    let useB = true;
    while (!stop) {
      const s = performance.now();
      const res = await fetch(`${url}/v1/policies`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: 'Bearer aw_demo_policy_admin_key' },
        body: JSON.stringify({ files: filesOf(useB ? b.dir : a.dir) }),
      });
      const out = (await res.json()) as { activated?: { version: string } };
      if (res.status !== 200 || !out.activated) reloadFailures++;
      else if (!expected.has(out.activated.version)) reloadFailures++;
      reloadMs.push(performance.now() - s);
      reloads++;
      useB = !useB;
      await new Promise((r) => setTimeout(r, 200));
    }
  })();
  const result = await autocannon({
    url: `${url}/v1/guard/tool-call`,
    method: 'POST',
    connections: 16,
    // A reload blocks the event loop while the YAML is parsed; requests wait, they must not fail.
    timeout: 120,
    duration: SECONDS,
    headers: { 'content-type': 'application/json', authorization: 'Bearer aw_demo_ops_agent_key' },
    requests: [
      {
        setupRequest: (req) => ({ ...req, body: nextBody() }),
        onResponse: (status: number, resBody: string) => {
          if (status !== 200) return;
          const r = JSON.parse(resBody) as { policyVersion: string; decision: string };
          const want = expected.get(r.policyVersion);
          if (want === undefined) unknownVersion++;
          else if (r.decision !== want) mismatched++;
        },
      },
    ],
  });
  stop = true;
  await reloader;
  await server.stop();
  await rt.close();
  return {
    seconds: SECONDS,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    reloads,
    reloadFailures,
    reloadMs: percentiles(reloadMs, [50, 99]),
    unknownVersion,
    mismatched,
  };
}

const lat = await latency();
const reload = await reloadUnderLoad();
report({ unit: 'microseconds', latency: lat, targetP99Ms: 1, reloadUnderLoad: reload });
