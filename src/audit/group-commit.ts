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

/**
 * Group commit: appends that arrive while the event loop is busy are written together in one
 * transaction (one fsync), and every caller's promise settles only after COMMIT returned.
 * Batches are cut at `maxBatch` so one slow commit cannot grow without bound.
 */
export class GroupCommitter {
  private pending: Pending[] = [];
  private scheduled = false;

  constructor(
    private readonly write: BatchWriter,
    private readonly maxBatch: number,
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

  /** Writes everything queued now, synchronously. */
  drain(): void {
    while (this.pending.length) this.flushOnce();
  }

  private readonly flush = (): void => {
    this.scheduled = false;
    this.flushOnce();
    if (this.pending.length && !this.scheduled) {
      this.scheduled = true;
      setImmediate(this.flush);
    }
  };

  private flushOnce(): void {
    const batch = this.pending.splice(0, this.maxBatch);
    if (batch.length === 0) return;
    let stored: StoredAuditEvent[];
    try {
      stored = this.write(batch);
    } catch (err) {
      for (const p of batch) p.reject(err);
      return;
    }
    for (let i = 0; i < batch.length; i++) batch[i]!.resolve(stored[i]!);
  }
}
