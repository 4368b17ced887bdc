/**
 * Latency under faults: POST /v1/guard/tool-call (and /execute where a sandbox exists) under
 * autocannon load, once with no fault and once per injected fault, each server in its own child
 * process (bench/servers/agentwall-fault.ts). Reports p50/p99, throughput and errors side by side.
 * Flags: --seconds N (per scenario, default 8), --connections N (default 16).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { type LoadRequest, runLoad } from '../test/helpers/load.js';
import { KEYS } from '../test/helpers/runtime.js';
import { startServer, stopServer } from './lib/child.js';
import { flag, report, round } from './lib/stats.js';

const seconds = flag('seconds', 8);
const connections = flag('connections', 16);
const hasSandbox = existsSync(resolve(import.meta.dirname, '../src/sandbox/index.ts'));

const guard: LoadRequest[] = [
  {
    path: '/v1/guard/tool-call',
    key: KEYS.support,
    body: { tool: 'db_query', args: { table: 'orders', limit: 5 } },
  },
  { path: '/v1/guard/tool-call', key: KEYS.support, body: { tool: 'shell_exec', args: { command: 'id' } } },
];
const execute: LoadRequest[] = [
  { path: '/v1/tools/calculator/execute', key: KEYS.support, body: { args: { expression: '6*7' } } },
];

const input: LoadRequest[] = [
  {
    path: '/v1/guard/input',
    key: KEYS.support,
    body: { text: 'Please summarise the attached quarterly report.' },
  },
];

const scenarios: { name: string; fault: string; requests: LoadRequest[] }[] = [
  { name: 'inputNoFault', fault: 'none', requests: input },
  { name: 'inputJudgeTimeout', fault: 'judge-timeout', requests: input },
  { name: 'noFault', fault: 'none', requests: guard },
  { name: 'slowAudit', fault: 'slow-audit', requests: guard },
  { name: 'policyReload', fault: 'policy-reload', requests: guard },
];
if (hasSandbox) {
  scenarios.push({ name: 'executeNoFault', fault: 'none', requests: execute });
  scenarios.push({ name: 'executeWorkerCrash', fault: 'sandbox-crash', requests: execute });
}

const out: Record<string, unknown> = {};
for (const s of scenarios) {
  const { child, url } = await startServer(['bench/servers/agentwall-fault.ts', s.fault]);
  try {
    await runLoad(url, s.requests, { seconds: 1, connections, keepAnswers: false });
    const r = await runLoad(url, s.requests, { seconds, connections, keepAnswers: false });
    out[s.name] = {
      rps: round(r.rps, 1),
      p50Ms: r.p50Ms,
      p99Ms: r.p99Ms,
      errors: r.errors + r.non2xx + r.timeouts,
      requests: r.total,
    };
    process.stderr.write(`${s.name}: ${JSON.stringify(out[s.name])}\n`);
  } finally {
    await stopServer(child);
  }
}
report({
  connections,
  secondsPerScenario: seconds,
  scenarios: out,
  policyReloadEveryMs: 1000,
  auditDelayMs: '2-25 (uniform)',
  workerKillEveryMs: hasSandbox ? 250 : null,
  judge: 'asked about every input; never answers; 200 ms timeout; fixed verdict attack',
  notMeasured: hasSandbox ? 'none' : 'executeWorkerCrash (no sandbox layer in this build)',
});
