/**
 * Export of a 1,000,000-event log through the real HTTP route (`GET /v1/audit/export`), read by a
 * client that discards the bytes. Peak RSS shows memory stays bounded: rows are read in pages
 * only as fast as the client takes them.
 */
import { loadavg } from 'node:os';
import { composeSinks, createStoreSink } from '../src/audit/index.js';
import { openAuditStore } from '../src/audit/open.js';
import { loadConfig } from '../src/config/index.js';
import { createLogger } from '../src/log.js';
import { createRuntime } from '../src/runtime.js';
import { listen } from '../src/server/serve.js';
import { auditFixture } from './lib/audit-fixture.js';
import { flag, report } from './lib/stats.js';

const n = flag('events', 1_000_000);
const fx = await auditFixture(n);
const store = openAuditStore({ path: fx.db, keys: fx.keys, checkpointIntervalMs: 0 });
const config = loadConfig({
  file: 'agentwall.yaml',
  env: {},
  overrides: { server: { port: 0 }, log: { level: 'silent' } },
});
const runtime = await createRuntime(config, {
  logger: createLogger('silent'),
  auditStore: store,
  audit: composeSinks(createStoreSink(store)),
});
const server = await listen(runtime, config);
const mb = (b: number) => Math.round(b / 2 ** 20);
const result: Record<string, unknown> = { events: n };
for (const format of ['jsonl', 'csv'] as const) {
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t0 = performance.now();
  // The auditor key's tenant (acme) holds a quarter of the fixture's events.
  const res = await fetch(`${server.url}/v1/audit/export?format=${format}`, {
    headers: { authorization: 'Bearer aw_demo_auditor_key' },
  });
  let bytes = 0;
  let lines = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    for (const b of chunk) if (b === 10) lines++;
  }
  clearInterval(timer);
  const seconds = (performance.now() - t0) / 1000;
  result[format] = {
    rows: format === 'csv' ? lines - 1 : lines,
    megabytes: mb(bytes),
    seconds: Math.round(seconds * 10) / 10,
    rowsPerSecond: Math.round(lines / seconds),
    rssBeforeMiB: mb(rssBefore),
    peakRssMiB: mb(peak),
  };
}
{
  // The whole log, every tenant, as `agentwall audit export` reads it: same pages, same serializer.
  const { jsonLine } = await import('../src/audit/index.js');
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t0 = performance.now();
  let rows = 0;
  let bytes = 0;
  for await (const e of store.export({})) {
    bytes += jsonLine(e).length;
    rows++;
  }
  clearInterval(timer);
  const seconds = (performance.now() - t0) / 1000;
  result.allTenantsJsonl = {
    rows,
    megabytes: mb(bytes),
    seconds: Math.round(seconds * 10) / 10,
    rowsPerSecond: Math.round(rows / seconds),
    rssBeforeMiB: mb(rssBefore),
    peakRssMiB: mb(peak),
  };
}
await server.stop();
await runtime.close();
await store.close();
report({ ...result, loadAverage1m: Math.round((loadavg()[0] ?? 0) * 10) / 10 });
