/**
 * Query latency over a 1,000,000-event log: one tenant, a random time window (1 h to 3 days),
 * newest first, a page of 50 — what the review page and `GET /v1/audit` do. Also a filtered page
 * (tenant + decision) and a second page through a keyset cursor.
 */
import { loadavg } from 'node:os';
import { openAuditStore } from '../src/audit/open.js';
import { auditFixture, BASE_TIME, SPAN_MS } from './lib/audit-fixture.js';
import { flag, percentiles, report } from './lib/stats.js';

const n = flag('events', 1_000_000);
const queries = flag('queries', 2000);
const fx = await auditFixture(n);
const store = openAuditStore({ path: fx.db, keys: fx.keys, checkpointIntervalMs: 0 });
const tenants = ['acme', 'globex', 'initech', 'umbrella'];
let seed = 42;
/** A fixed-seed LCG, so every run asks the same queries. */
function rand(): number {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
}

async function sample(kind: 'range' | 'decision' | 'page2') {
  const ms: number[] = [];
  let rows = 0;
  for (let i = 0; i < queries; i++) {
    const width = 3_600_000 + rand() * 3 * 86_400_000;
    const from = BASE_TIME + rand() * (SPAN_MS - width);
    const filter = {
      tenant: tenants[i % 4]!,
      from: Math.floor(from),
      to: Math.floor(from + width),
      ...(kind === 'decision' ? { decision: 'deny' as const } : {}),
    };
    const t0 = performance.now();
    let page = await store.query({ filter, order: 'desc', limit: 50 });
    if (kind === 'page2' && page.next)
      page = await store.query({ filter, order: 'desc', limit: 50, after: page.next });
    ms.push(performance.now() - t0);
    rows += page.events.length;
  }
  return { ms: percentiles(ms), meanRows: Math.round(rows / queries) };
}

const range = await sample('range');
const decision = await sample('decision');
const page2 = await sample('page2');
await store.close();
report({
  loadAverage1m: Math.round((loadavg()[0] ?? 0) * 10) / 10,
  events: n,
  queries,
  fixtureBuildSeconds: fx.buildSeconds,
  tenantTimeRange: range,
  tenantTimeRangeDecision: decision,
  secondPageViaCursor: page2,
  target: { p99Ms: 50 },
});
