/**
 * Soak: steady load on one agentwall process for --seconds (default 600), sampling its RSS and
 * heap from its own GET /metrics every few seconds (`series`: one string per sample). Requests vary tool names, sessions and
 * tenants so that anything keyed by caller input (metric labels, policy memo, flow state) would
 * grow if it were unbounded. Reports throughput, errors, p99 and the memory series.
 * Flags: --seconds N, --connections N (default 8), --samples N (default 20).
 */
import autocannon from 'autocannon';
import { KEYS } from '../test/helpers/runtime.js';
import { startServer, stopServer } from './lib/child.js';
import { flag, report, round } from './lib/stats.js';

const seconds = flag('seconds', 600);
const connections = flag('connections', 8);
const samples = Math.max(3, flag('samples', 20));
const MB = 1024 * 1024;

interface Sample {
  t: number;
  rssMB: number;
  heapMB: number;
}

async function memory(url: string): Promise<{ rssMB: number; heapMB: number }> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const pick = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
  return {
    rssMB: round(pick('process_resident_memory_bytes') / MB, 1),
    heapMB: round(pick('nodejs_heap_size_used_bytes') / MB, 1),
  };
}

/** Least-squares slope of y over t (per minute). */
function slopePerMinute(xs: Sample[], key: 'rssMB' | 'heapMB'): number {
  const n = xs.length;
  const mt = xs.reduce((s, x) => s + x.t, 0) / n;
  const my = xs.reduce((s, x) => s + x[key], 0) / n;
  let num = 0;
  let den = 0;
  for (const x of xs) {
    num += (x.t - mt) * (x[key] - my);
    den += (x.t - mt) ** 2;
  }
  return den === 0 ? 0 : round((num / den) * 60, 2);
}

const { child, url } = await startServer(['bench/servers/agentwall-fault.ts', 'none']);
const series: Sample[] = [];
const started = Date.now();
try {
  const first = await memory(url);
  series.push({ t: 0, ...first });
  let i = 0;
  const run = autocannon({
    url,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: '/v1/guard/tool-call',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${KEYS.support}` },
        setupRequest: (req) => {
          i++;
          // Every 4th call names a never-seen tool: unknown tools are denied, and every name
          // is a fresh label value and policy-memo key.
          const tool =
            i % 4 === 0 ? `tool_${i}` : i % 4 === 1 ? 'db_query' : i % 4 === 2 ? 'shell_exec' : 'send_email';
          const args =
            tool === 'db_query'
              ? { table: 'orders', limit: 5 }
              : tool === 'send_email'
                ? { to: ['a@example.com'], subject: `s${i}`, body: 'b' }
                : { command: 'id' };
          return { ...req, body: JSON.stringify({ tool, args, session: `soak-${i % 5000}` }) };
        },
      },
    ],
  });
  const timer = setInterval(
    async () => {
      try {
        series.push({ t: round((Date.now() - started) / 1000, 1), ...(await memory(url)) });
      } catch {
        // A missed sample is visible as a gap in the series.
      }
    },
    (seconds * 1000) / samples,
  );
  const r = await run;
  clearInterval(timer);
  series.push({ t: round((Date.now() - started) / 1000, 1), ...(await memory(url)) });
  // Growth is judged after warm-up (JIT, caches filling): the first 20% of the run is excluded.
  const steady = series.filter((s) => s.t >= seconds * 0.2);
  report({
    seconds,
    connections,
    requests: r.requests.total,
    rps: round(r.requests.average, 1),
    p99Ms: r.latency.p99,
    errors: r.errors + r.non2xx + r.timeouts,
    rssMB: { start: first.rssMB, max: Math.max(...series.map((s) => s.rssMB)), end: series.at(-1)?.rssMB },
    heapMB: {
      start: first.heapMB,
      max: Math.max(...series.map((s) => s.heapMB)),
      end: series.at(-1)?.heapMB,
    },
    steadyStateSlope: {
      rssMBPerMin: slopePerMinute(steady, 'rssMB'),
      heapMBPerMin: slopePerMinute(steady, 'heapMB'),
    },
    series: series.map((s) => `${s.t}s: rss ${s.rssMB} MB, heap ${s.heapMB} MB`),
  });
} finally {
  await stopServer(child);
}
