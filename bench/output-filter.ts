/**
 * L3 output filter latency: filterOutput() on JSON tool results of about 1 KB and 100 KB (records
 * with emails, phone numbers, card numbers and an API key mixed into prose), redaction included,
 * without the L2 hook (its cost is the detector's, measured by bench/detector.ts).
 * Flags: --iterations N (calls per 1 KB case; the 100 KB case runs N/20).
 */
import { issueCanary, MemoryCanaryStore } from '../src/firewall/canary/index.js';
import { filterOutput } from '../src/firewall/output/index.js';
import type { JsonValue } from '../src/types.js';
import { flag, percentiles, report } from './lib/stats.js';

function record(i: number): JsonValue {
  return {
    id: `c_${i}`,
    name: `Customer ${i}`,
    email: `customer${i}@example.com`,
    phone: '(415) 555-2671',
    note: `Paid with card 4111 1111 1111 1111 on order ${i}; the shipment left the warehouse on time and the customer was happy.`,
    tags: ['vip', 'newsletter'],
    config: i % 10 === 0 ? { api_key: 'Zx8Kq2LmN4pR7sT9vW1yB3cD5fG6hJ0k' } : {},
  };
}

function rows(bytes: number): JsonValue[] {
  const out: JsonValue[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const r = record(i);
    out.push(r);
    size += JSON.stringify(r).length;
  }
  return out;
}

async function measure(value: JsonValue, iterations: number, canaries?: MemoryCanaryStore) {
  const deps = canaries === undefined ? {} : { canaries };
  for (let i = 0; i < Math.min(20, iterations); i++) await filterOutput(value, { source: 'tool' }, deps);
  const samples: number[] = [];
  let findings = 0;
  const t0 = performance.now();
  for (let i = 0; i < iterations; i++) {
    const s = performance.now();
    findings = (await filterOutput(value, { source: 'tool' }, deps)).findings.length;
    samples.push(performance.now() - s);
  }
  const total = (performance.now() - t0) / 1000;
  const bytes = Buffer.byteLength(JSON.stringify(value));
  return {
    bytes,
    iterations,
    findings,
    ms: percentiles(samples, [50, 99]),
    bytesPerSecond: Math.round((bytes * iterations) / total),
  };
}

const iterations = flag('iterations', 1000);
const canaries = new MemoryCanaryStore();
for (let i = 0; i < 1000; i++) issueCanary(canaries, `s${i}`);
report({
  unit: 'ms per filterOutput() call',
  json_1kb: await measure(rows(1024), iterations),
  json_100kb: await measure(rows(100 * 1024), Math.max(10, Math.round(iterations / 20))),
  json_1kb_with_1000_live_canaries: await measure(rows(1024), iterations, canaries),
  json_100kb_with_1000_live_canaries: await measure(
    rows(100 * 1024),
    Math.max(10, Math.round(iterations / 20)),
    canaries,
  ),
});
