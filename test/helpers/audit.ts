import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSigner, memoryKeyring } from '../../src/audit/keys.js';
import { openAuditStore } from '../../src/audit/open.js';
import type { OpenedStore } from '../../src/audit/setup.js';

/** A real SQLite audit store in a fresh temporary directory. */
export function tempStore(opts: { checkpointEvery?: number } = {}): {
  store: OpenedStore;
  path: string;
  dir: string;
  cleanup: () => Promise<void>;
} {
  const dir = mkdtempSync(join(tmpdir(), 'aw-audit-it-'));
  const path = join(dir, 'audit.db');
  const store = openAuditStore({
    path,
    keys: memoryKeyring(generateSigner()),
    checkpointEvery: opts.checkpointEvery ?? 10,
    checkpointIntervalMs: 0,
  });
  return {
    store,
    path,
    dir,
    async cleanup() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
