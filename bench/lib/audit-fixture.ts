import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKeyInDir } from '../../src/audit/keys.js';
import { openAuditStore } from '../../src/audit/open.js';
import { makeEvent } from '../../src/audit/testing.js';

/** Thirty days of history, so time-range queries select a realistic slice. */
export const SPAN_MS = 30 * 86_400_000;
export const BASE_TIME = Date.UTC(2026, 0, 1);

/**
 * A log of `n` chained, checkpointed events shared by the query, verify and export benches.
 * Built once per size under the OS temp dir (about 1 KB per event) through the real store.
 */
export async function auditFixture(
  n: number,
): Promise<{ db: string; keys: string; buildSeconds: number | null }> {
  const dir = join(tmpdir(), `agentwall-bench-audit-${n}`);
  const db = join(dir, 'audit.db');
  const keys = join(dir, 'keys');
  if (existsSync(join(dir, 'complete'))) return { db, keys, buildSeconds: null };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  createKeyInDir(keys);
  const started = performance.now();
  // NORMAL while building only: the fixture is scratch data, rebuilt if a run is interrupted.
  const store = openAuditStore({
    path: `${db}.tmp`,
    keys,
    synchronous: 'NORMAL',
    checkpointEvery: 10_000,
    checkpointIntervalMs: 0,
    maxBatch: 20_000,
  });
  if (store.unavailable) throw new Error(store.unavailable);
  const step = SPAN_MS / n;
  const chunk = 20_000;
  for (let i = 0; i < n; i += chunk) {
    const batch: Promise<unknown>[] = [];
    for (let j = i; j < Math.min(n, i + chunk); j++)
      batch.push(store.append(makeEvent(j, {}, BASE_TIME + Math.floor(j * step) - j * 1000)));
    await Promise.all(batch);
    if (i % 200_000 === 0) process.stderr.write(`  fixture: ${i}/${n}\n`);
  }
  await store.checkpoint();
  await store.close();
  for (const suffix of ['', '-wal', '-shm'])
    if (existsSync(`${db}.tmp${suffix}`)) renameSync(`${db}.tmp${suffix}`, `${db}${suffix}`);
  mkdirSync(join(dir, 'complete'));
  return { db, keys, buildSeconds: Math.round((performance.now() - started) / 1000) };
}
