import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GroupCommitter } from './group-commit.js';
import { generateSigner, memoryKeyring } from './keys.js';
import { SqliteAuditStore } from './sqlite-store.js';
import { AuditUnavailableError } from './store.js';
import { makeEvent } from './testing.js';
import { WalSync } from './wal-sync.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'aw-wal-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('WalSync', () => {
  it('should coalesce concurrent flushes and resolve every caller', async () => {
    const file = join(dir, 'x-wal');
    writeFileSync(file, 'frames');
    const wal = new WalSync(file);
    const waits = Array.from({ length: 50 }, () => wal.sync());
    await expect(Promise.all(waits)).resolves.toHaveLength(50);
    // At most two distinct flushes serve all fifty callers: the running one and the queued one.
    expect(new Set(waits).size).toBeLessThanOrEqual(2);
    await wal.settled();
    wal.close();
  });

  it('should reject when the file cannot be flushed, and recover once it can', async () => {
    const file = join(dir, 'absent-wal');
    const wal = new WalSync(file);
    await expect(wal.sync()).rejects.toThrow(/ENOENT/);
    writeFileSync(file, 'frames');
    await expect(wal.sync()).resolves.toBeUndefined();
    wal.close();
  });
});

describe('GroupCommitter with a durability step', () => {
  const write = (batch: readonly { event: ReturnType<typeof makeEvent>; body: string }[]) =>
    batch.map((b, i) => ({ ...b.event, seq: i + 1, prevHash: 'p', hash: 'h' }));

  it('should answer callers only after the flush, and fail them all when it fails', async () => {
    let release: (() => void) | undefined;
    const flushed = new Promise<void>((r) => {
      release = r;
    });
    const ok = new GroupCommitter(write, 100, { sync: () => flushed, syncNow: () => {} });
    let answered = false;
    const p = ok.enqueue(makeEvent(1), '{}').then(() => {
      answered = true;
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(answered).toBe(false);
    release?.();
    await p;
    expect(answered).toBe(true);

    const bad = new GroupCommitter(write, 100, {
      sync: () => Promise.reject(new AuditUnavailableError('disk gone')),
      syncNow: () => {},
    });
    const all = [bad.enqueue(makeEvent(1), '{}'), bad.enqueue(makeEvent(2), '{}')];
    for (const a of all) await expect(a).rejects.toBeInstanceOf(AuditUnavailableError);
  });
});

describe('SqliteAuditStore at synchronous FULL', () => {
  it('should flush the WAL before acknowledging, with many appends in flight', async () => {
    const path = join(dir, 'audit.db');
    const store = new SqliteAuditStore({
      path,
      keyring: memoryKeyring(generateSigner()),
      synchronous: 'FULL',
      checkpointIntervalMs: 0,
    });
    const stored = await Promise.all(Array.from({ length: 500 }, (_, i) => store.append(makeEvent(i))));
    expect(stored.map((e) => e.seq)).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
    expect((await store.verify({ full: true })).ok).toBe(true);
    await store.close();
  });
});
