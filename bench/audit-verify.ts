/** Full verification speed over a 1,000,000-event log: every hash, link, column and signature. */
import { loadavg } from 'node:os';
import { openAuditStore } from '../src/audit/open.js';
import { auditFixture } from './lib/audit-fixture.js';
import { flag, report } from './lib/stats.js';

const n = flag('events', 1_000_000);
const fx = await auditFixture(n);
const store = openAuditStore({ path: fx.db, keys: fx.keys, checkpointIntervalMs: 0 });
const t0 = performance.now();
const r = await store.verify({ full: true });
const seconds = (performance.now() - t0) / 1000;
await store.close();
report({
  loadAverage1m: Math.round((loadavg()[0] ?? 0) * 10) / 10,
  events: r.events,
  ok: r.ok,
  checkpoints: r.checkpoints,
  seconds: Math.round(seconds * 100) / 100,
  eventsPerSecond: Math.round(r.events / seconds),
  target: { eventsPerSecond: 100_000 },
});
