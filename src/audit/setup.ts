import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Checkpoint } from './checkpoint.js';
import { createKeyInDir, generateSigner, type Keyring, memoryKeyring } from './keys.js';
import { openAuditStore } from './open.js';
import type { AuditSink } from './sink.js';
import type { AuditStore } from './store.js';

export interface AuditConfig {
  readonly db: string;
  readonly keyDir: string;
  readonly synchronous: 'FULL' | 'NORMAL';
  readonly checkpointEvery: number;
  readonly checkpointIntervalMs: number;
  readonly maxBatch: number;
}

interface Log {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

export type OpenedStore = AuditStore & { readonly unavailable: string | null };

/**
 * The store the service runs with. A file store without a signing key gets one created (and a
 * warning: back up its public key); an in-memory store gets a throw-away key.
 */
export function openConfiguredStore(cfg: AuditConfig, log: Log): OpenedStore {
  let keys: string | Keyring = cfg.keyDir;
  if (cfg.db === ':memory:') {
    keys = memoryKeyring(generateSigner());
  } else if (!existsSync(join(cfg.keyDir, 'active'))) {
    try {
      const id = createKeyInDir(cfg.keyDir);
      log.warn(
        { keyId: id, keyDir: cfg.keyDir },
        'created a new audit checkpoint signing key; copy its .pub.pem to where logs are verified',
      );
    } catch {
      // openAuditStore reports the unreadable key directory and the store refuses appends.
    }
  }
  const store = openAuditStore({
    path: cfg.db,
    keys,
    synchronous: cfg.synchronous,
    checkpointEvery: cfg.checkpointEvery,
    checkpointIntervalMs: cfg.checkpointIntervalMs,
    maxBatch: cfg.maxBatch,
    // Checkpoints also go to the log stream: a copy outside the database pins its history.
    onCheckpoint: (cp: Checkpoint) => log.info({ checkpoint: cp }, 'audit checkpoint'),
  });
  if (store.unavailable) {
    log.warn({ reason: store.unavailable }, 'audit store unavailable: decisions will be denied');
    return store;
  }
  // Verify once in the background (it yields between chunks): the result is logged, and later
  // checks from the API and review page only need to cover what was appended since.
  void store.verify().then(
    (r) =>
      r.ok
        ? log.info({ events: r.events, checkpoints: r.checkpoints }, 'audit chain verified')
        : log.warn({ failure: r.failure }, 'AUDIT CHAIN DOES NOT VERIFY'),
    () => {},
  );
  return store;
}

/** The durable store as a sink: `record` resolves after COMMIT with the event id. */
export function createStoreSink(store: AuditStore): AuditSink {
  return {
    async record(event) {
      return (await store.append(event)).id;
    },
    close: () => store.close(),
  };
}
