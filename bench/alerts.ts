/**
 * Event → webhook delivery time: P0 incidents (canary leaks, one tenant each so none is folded)
 * raised on the event bus, classified, signed and POSTed to a local receiver that verifies the
 * signature. Measured at the receiver on the same monotonic clock as the event.
 * Also the time to classify a signal (bus emit → incident), without the network.
 * One incident at a time (the latency of a lone page), then a burst with many in flight.
 * Flags: --alerts N (burst size, default 500), --concurrency N (burst in flight, default 20).
 */
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { EventBus } from '../src/events.js';
import { startOps, verifySignature } from '../src/ops/index.js';
import { flag, percentiles, report, round } from './lib/stats.js';

const alerts = flag('alerts', 500);
const concurrency = flag('concurrency', 20);
const SECRET = 'bench-secret-0123456789abcdef';

const arrivals = new Map<string, number>();
let badSignatures = 0;
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    const now = performance.now();
    if (
      !verifySignature(
        SECRET,
        req.headers['x-agentwall-timestamp'] as string,
        req.headers['x-agentwall-signature'] as string,
        body,
      )
    )
      badSignatures++;
    const tenant = (JSON.parse(body) as { group: { tenant: string } }).group.tenant;
    arrivals.set(tenant, now);
    res.writeHead(204).end();
  });
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;

const bus = new EventBus();
const quiet = { info() {}, warn() {}, error() {} };
const ops = startOps(
  {
    metrics: { maxLabelValues: 50, defaultMetrics: false },
    safeMode: {
      cooldownSeconds: 60,
      triggers: { firewallBlocksPerMinute: 0, policyDenialsPerMinute: 0, auditUnavailable: false },
    },
    incidents: { rulesPath: resolve(import.meta.dirname, '../policies/incidents.yaml') },
    alerts: {
      webhooks: [{ name: 'bench', url, secret: SECRET, minSeverity: 'P3' }],
      deadLetterPath: join(mkdtempSync(join(tmpdir(), 'aw-bench-')), 'dlq.jsonl'),
      timeoutMs: 5000,
      maxAttempts: 3,
      backoffBaseMs: 50,
      backoffMaxMs: 500,
      maxInFlight: 10_000,
    },
  },
  { bus, logger: quiet },
);

async function measure(prefix: string, n: number, inFlight: number) {
  const emitted = new Map<string, number>();
  const classifyMs: number[] = [];
  const tenants: string[] = [];
  for (let i = 0; i < n; i += inFlight) {
    const batch: string[] = [];
    for (let k = i; k < Math.min(n, i + inFlight); k++) {
      const tenant = `${prefix}${k}`;
      batch.push(tenant);
      tenants.push(tenant);
      const t0 = performance.now();
      emitted.set(tenant, t0);
      bus.emit('canary.leak', { tenant, tool: 'web_fetch', canaryId: 'c' });
      classifyMs.push(performance.now() - t0);
    }
    while (batch.some((t) => !arrivals.has(t))) await new Promise((r) => setTimeout(r, 1));
  }
  const deliveryMs = tenants.flatMap((t) => {
    const got = arrivals.get(t);
    const at = emitted.get(t);
    return got === undefined || at === undefined ? [] : [got - at];
  });
  return {
    delivered: deliveryMs.length,
    eventToDeliveryMs: percentiles(deliveryMs, [50, 90, 99]),
    maxMs: round(Math.max(...deliveryMs), 3),
    emitAndClassifyMs: percentiles(classifyMs, [50, 99]),
  };
}

const single = await measure('one-', Math.min(alerts, 200), 1);
const burst = await measure('burst-', alerts, concurrency);
await ops.close(5000);
server.close();
report({
  oneAtATime: single,
  burst: { alerts, inFlight: concurrency, ...burst },
  badSignatures,
  target: 'event → incident → signed webhook delivered < 100 ms',
});
