/**
 * HTTP throughput and latency of POST /v1/guard/tool-call against a bare Hono route answering a
 * JSON body of the same size, side by side in one run: same machine, same runtime and loader,
 * same load generator (autocannon), each server in its own child process. Rounds alternate
 * between the two servers so that machine noise falls on both.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { startServer, stopServer } from './lib/child.js';
import { flag, report, round } from './lib/stats.js';

const seconds = flag('seconds', 10);
const rounds = flag('rounds', 2);
const connections = flag('connections', 32);

const body = JSON.stringify({
  tool: 'db_query',
  args: { table: 'orders', where: { customer_id: 'c_123' }, limit: 10 },
  session: 'bench-session',
});

async function load(url: string, headers: Record<string, string>) {
  const r = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    connections,
    duration: seconds,
  });
  return {
    rps: r.requests.average,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    errors: r.errors + r.non2xx,
    total: r.requests.total,
  };
}

// A fresh audit log in a temporary directory: the figure must not depend on what earlier runs left.
const auditDir = mkdtempSync(join(tmpdir(), 'agentwall-bench-http-'));
const agentwall = await startServer(['src/cli/main.ts', 'serve', '--port', '0'], {
  AGENTWALL_AUDIT_DB: join(auditDir, 'audit.db'),
  AGENTWALL_AUDIT_KEY_DIR: join(auditDir, 'keys'),
});
const bare = await startServer(['bench/servers/bare.ts']);
try {
  const auth = { authorization: 'Bearer aw_demo_support_agent_key' };
  // Warm both (JIT, memo) before measuring.
  await autocannon({
    url: `${agentwall.url}/v1/guard/tool-call`,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auth },
    body,
    duration: 2,
    connections,
  });
  await autocannon({
    url: `${bare.url}/echo`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    duration: 2,
    connections,
  });
  const a: Awaited<ReturnType<typeof load>>[] = [];
  const b: Awaited<ReturnType<typeof load>>[] = [];
  for (let i = 0; i < rounds; i++) {
    a.push(await load(`${agentwall.url}/v1/guard/tool-call`, auth));
    b.push(await load(`${bare.url}/echo`, {}));
  }
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const summary = (rs: typeof a) => ({
    rps: round(mean(rs.map((r) => r.rps)), 1),
    p50Ms: round(mean(rs.map((r) => r.p50Ms)), 2),
    p99Ms: round(mean(rs.map((r) => r.p99Ms)), 2),
    errors: rs.reduce((s, r) => s + r.errors, 0),
  });
  const aw = summary(a);
  const bareSummary = summary(b);
  report({
    connections,
    secondsPerRound: seconds,
    rounds,
    agentwall: aw,
    bareHono: bareSummary,
    throughputRatio: round(aw.rps / bareSummary.rps, 3),
    target: 'throughputRatio >= 0.5',
  });
} finally {
  await stopServer(agentwall.child);
  await stopServer(bare.child);
  rmSync(auditDir, { recursive: true, force: true });
}
