/**
 * Audit append throughput with the hash chain, signed checkpoints and group commit, each event
 * acknowledged only after its transaction committed. Measured with synchronous=FULL (fsync per
 * commit, the default) and NORMAL, with many appends in flight as a busy server would have.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSigner, memoryKeyring } from '../src/audit/keys.js';
import { openAuditStore } from '../src/audit/open.js';
import { makeEvent } from '../src/audit/testing.js';
import { flag, percentiles, report, round } from './lib/stats.js';

const total = flag('events', 100_000);
const inFlight = flag('in-flight', 1024);

async function run(synchronous: 'FULL' | 'NORMAL') {
  const dir = mkdtempSync(join(tmpdir(), 'aw-bench-append-'));
  const store = openAuditStore({
    path: join(dir, 'audit.db'),
    keys: memoryKeyring(generateSigner()),
    synchronous,
    checkpointEvery: 1000,
    checkpointIntervalMs: 0,
  });
  const events = Array.from({ length: total }, (_, i) => makeEvent(i, {}, Date.now()));
  const latency: number[] = [];
  let next = 0;
  const started = performance.now();
  async function producer() {
    while (next < total) {
      const e = events[next++]!;
      const t0 = performance.now();
      await store.append(e);
      latency.push(performance.now() - t0);
    }
  }
  await Promise.all(Array.from({ length: inFlight }, producer));
  const seconds = (performance.now() - started) / 1000;
  const verified = (await store.verify({ full: true })).ok;
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  return {
    eventsPerSecond: Math.round(total / seconds),
    ackLatencyMs: percentiles(latency),
    verified,
    seconds: round(seconds, 2),
  };
}

const full = await run('FULL');
const normal = await run('NORMAL');
report({
  events: total,
  inFlight,
  full,
  normal,
  loadAverage1m: round(loadavg()[0] ?? 0, 1),
  target: { eventsPerSecond: 10_000 },
});
