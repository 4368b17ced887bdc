import type { Checkpoint } from './checkpoint.js';
import { type Keyring, loadKeyring } from './keys.js';
import type { SyncMode } from './schema.js';
import { describeSqliteError } from './sqlite-errors.js';
import { SqliteAuditStore } from './sqlite-store.js';
import { type AuditStore, AuditUnavailableError } from './store.js';
import { EMPTY_COUNTS, type VerifyReport } from './verify.js';

export interface OpenAuditStoreOptions {
  readonly path: string;
  /** Key directory (see keys.ts), or a keyring built in memory. */
  readonly keys: string | Keyring;
  readonly synchronous?: SyncMode;
  readonly checkpointEvery?: number;
  readonly checkpointIntervalMs?: number;
  readonly maxBatch?: number;
  readonly onCheckpoint?: (cp: Checkpoint) => void;
}

/**
 * Opens the durable store. A store that cannot be opened (not SQLite, corrupt, unreadable keys)
 * does not stop the service: it comes back as a store that refuses every append with the reason,
 * so decisions fail closed and readiness reports why.
 */
export function openAuditStore(
  opts: OpenAuditStoreOptions,
): AuditStore & { readonly unavailable: string | null } {
  let keyring: Keyring;
  try {
    keyring = typeof opts.keys === 'string' ? loadKeyring(opts.keys) : opts.keys;
  } catch (err) {
    return new UnavailableStore(
      `audit signing keys unreadable: ${err instanceof Error ? err.message : 'unknown'}`,
    );
  }
  try {
    const store = new SqliteAuditStore({ ...opts, keyring });
    return Object.assign(store, { unavailable: null });
  } catch (err) {
    return new UnavailableStore(describeSqliteError(err));
  }
}

/** The store of last resort: it stores nothing and says why, so nothing is allowed unrecorded. */
export class UnavailableStore implements AuditStore {
  constructor(readonly unavailable: string) {}
  private fail(): Promise<never> {
    return Promise.reject(new AuditUnavailableError(this.unavailable));
  }
  append() {
    return this.fail();
  }
  get() {
    return this.fail();
  }
  query() {
    return this.fail();
  }
  summary() {
    return this.fail();
  }
  async verify(): Promise<VerifyReport> {
    return {
      ok: false,
      ...EMPTY_COUNTS,
      failure: { seq: 0, problem: 'unreadable', detail: this.unavailable },
      durationMs: 0,
    };
  }
  export(): AsyncIterable<never> {
    const err = new AuditUnavailableError(this.unavailable);
    return { [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(err) }) };
  }
  tail() {
    return this.fail();
  }
  prune() {
    return this.fail();
  }
  checkpoint() {
    return this.fail();
  }
  head() {
    return this.fail();
  }
  async close() {}
}
