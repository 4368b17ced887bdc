import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createKeyInDir } from '../../src/audit/keys.js';
import { openAuditStore } from '../../src/audit/open.js';
import { ROOT } from '../helpers/runtime.js';

const WRITER = resolve(ROOT, 'test/fixtures/audit-writer.ts');

describe('audit store under kill -9', () => {
  it('should keep every acknowledged event and a chain that verifies', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aw-crash-'));
    const db = join(dir, 'audit.db');
    const keys = join(dir, 'keys');
    createKeyInDir(keys);
    const acked: string[] = [];
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, db, keys], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let buf = '';
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const killed = new Promise<NodeJS.Signals | null>((res) => child.on('exit', (_code, sig) => res(sig)));
    await new Promise<void>((res, rej) => {
      const timer = setTimeout(
        () => rej(new Error(`writer too slow: ${acked.length} acks; ${stderr}`)),
        25_000,
      );
      child.stdout.on('data', (d: Buffer) => {
        buf += d.toString();
        const lines = buf.split('\n');
        buf = lines.pop() ?? '';
        acked.push(...lines);
        // Kill mid-stream, with appends in flight and a batch possibly half written.
        if (acked.length >= 3000) {
          clearTimeout(timer);
          child.kill('SIGKILL');
          res();
        }
      });
    });
    expect(await killed).toBe('SIGKILL');
    // Lines that arrived before the kill landed are acknowledged too: read what is left.
    const store = openAuditStore({ path: db, keys, checkpointIntervalMs: 0 });
    expect(store.unavailable).toBeNull();
    const report = await store.verify({ full: true });
    expect(report.ok).toBe(true);
    expect(report.checkpoints).toBeGreaterThan(0);
    const raw = new Database(db, { readonly: true });
    const ids = new Set((raw.prepare('SELECT id FROM events').all() as { id: string }[]).map((r) => r.id));
    raw.close();
    const missing = acked.filter((id) => !ids.has(id));
    expect(missing).toEqual([]);
    expect(ids.size).toBeGreaterThanOrEqual(acked.length);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }, 40_000);
});
