import type { AuditEvent } from '../types.js';
import type { StoredAuditEvent } from './chain.js';

interface Pending {
  readonly event: AuditEvent;
  readonly body: string;
  readonly resolve: (e: StoredAuditEvent) => void;
  readonly reject: (err: unknown) => void;
}

/** Writes one batch in one transaction and returns the stored events, or throws (nothing stored). */
export type BatchWriter = (batch: readonly { event: AuditEvent; body: string }[]) => StoredAuditEvent[];

/** Makes what was committed so far durable: asynchronously, or blocking for synchronous drains. */
export interface Durability {
  sync(): Promise<void>;
  syncNow(): void;
}

/**
 * Group commit: appends that arrive while the event loop is busy are written together in one
 * transaction (one fsync), and every caller's promise settles only after COMMIT returned.
 * Batches are cut at `maxBatch` so one slow commit cannot grow without bound.
 */
export class GroupCommitter {
  private pending: Pending[] = [];
  private scheduled = false;
  /** A flush to stable storage is running (only with a durability step). */
  private syncing = false;

  /** With `durable`, callers are answered only once their batch is flushed to stable storage. */
  constructor(
    private readonly write: BatchWriter,
    private readonly maxBatch: number,
    private readonly durable?: Durability,
  ) {}

  enqueue(event: AuditEvent, body: string): Promise<StoredAuditEvent> {
    return new Promise((resolve, reject) => {
      this.pending.push({ event, body, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // setImmediate runs after pending I/O callbacks, so requests parsed in the same loop
        // turn join the batch.
        setImmediate(this.flush);
      }
    });
  }

  get queued(): number {
    return this.pending.length;
  }

  /** Writes everything queued now, synchronously, and flushes it. */
  drain(): void {
    if (this.pending.length === 0) return;
    while (this.pending.length) this.flushOnce(true);
  }

  private readonly flush = (): void => {
    this.scheduled = false;
    // While a flush to disk runs, appends wait and join one larger batch: they could not be
    // answered before the next flush anyway, and one transaction costs less than several.
    if (this.syncing) return;
    this.flushOnce();
    this.reschedule();
  };

  private reschedule(): void {
    if (this.pending.length && !this.scheduled && !this.syncing) {
      this.scheduled = true;
      setImmediate(this.flush);
    }
  }

  private flushOnce(blocking = false): void {
    const batch = this.pending.splice(0, this.maxBatch);
    if (batch.length === 0) return;
    let stored: StoredAuditEvent[];
    try {
      stored = this.write(batch);
      if (blocking) this.durable?.syncNow();
    } catch (err) {
      for (const p of batch) p.reject(err);
      return;
    }
    const settle = (): void => {
      for (let i = 0; i < batch.length; i++) batch[i]!.resolve(stored[i]!);
    };
    if (blocking || !this.durable) {
      settle();
      return;
    }
    this.syncing = true;
    this.durable
      .sync()
      .then(settle, (err: unknown) => {
        for (const p of batch) p.reject(err);
      })
      .finally(() => {
        this.syncing = false;
        this.reschedule();
      });
  }
}
