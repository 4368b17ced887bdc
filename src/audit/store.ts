import type { AuditEvent, DecisionValue } from '../types.js';
import type { StoredAuditEvent } from './chain.js';
import type { Checkpoint } from './checkpoint.js';
import type { VerifyReport } from './verify.js';

/** Which events a query, an export or a summary covers. Every field narrows; absent means any. */
export interface AuditFilter {
  /** Inclusive lower bound on event time, epoch ms. */
  readonly from?: number;
  /** Exclusive upper bound on event time, epoch ms. */
  readonly to?: number;
  readonly tenant?: string;
  readonly principal?: string;
  readonly tool?: string;
  readonly decision?: DecisionValue;
  /** A reason's rule id. */
  readonly rule?: string;
  readonly session?: string;
  /** Case-insensitive text that some reason's rule or message contains. */
  readonly q?: string;
}

export type Order = 'asc' | 'desc';

export interface AuditQuery {
  readonly filter: AuditFilter;
  readonly order: Order;
  readonly limit: number;
  /** Position after which to continue, as returned in `AuditPage.next`. */
  readonly after?: CursorPosition;
}

/** Keyset position: events are ordered by (time, seq). */
export interface CursorPosition {
  readonly ts: number;
  readonly seq: number;
}

export interface AuditPage {
  readonly events: StoredAuditEvent[];
  /** Where the next page starts, or null on the last page. */
  readonly next: CursorPosition | null;
}

export interface AuditSummary {
  readonly total: number;
  readonly byDecision: Readonly<Record<DecisionValue, number>>;
  readonly topDeniedTools: readonly { readonly name: string; readonly count: number }[];
  readonly topDeniedPrincipals: readonly { readonly name: string; readonly count: number }[];
  /** Equal-width time buckets covering the filter's range (or the data's). */
  readonly series: readonly {
    readonly start: number;
    readonly allow: number;
    readonly deny: number;
    readonly review: number;
  }[];
}

export interface PruneResult {
  readonly removed: number;
  /** The signed checkpoint that now anchors the oldest remaining event, or null if nothing was removed. */
  readonly anchor: Checkpoint | null;
}

export interface VerifyOptions {
  /** Re-check everything even if an earlier run in this process covered a prefix. */
  readonly full?: boolean;
}

/**
 * The durable, hash-chained audit store. Narrow on purpose: a PostgreSQL store must pass the same
 * contract tests (`store.contract.ts`).
 */
export interface AuditStore {
  /** Resolves once the event is committed durably; rejects (AuditUnavailableError) otherwise. */
  append(event: AuditEvent): Promise<StoredAuditEvent>;
  get(id: string): Promise<StoredAuditEvent | null>;
  query(q: AuditQuery): Promise<AuditPage>;
  /** Counts for the review page. */
  summary(filter: AuditFilter, buckets: number): Promise<AuditSummary>;
  verify(opts?: VerifyOptions): Promise<VerifyReport>;
  /** Streams matching events in (time, seq) order, ascending, reading in bounded pages. */
  export(filter: AuditFilter): AsyncIterable<StoredAuditEvent>;
  /** Removes events older than `before` (epoch ms), leaving a signed checkpoint as the new anchor. */
  prune(before: number): Promise<PruneResult>;
  /** Writes a checkpoint now if events were appended since the last one. */
  checkpoint(): Promise<Checkpoint | null>;
  /** Events with seq greater than `afterSeq`, in seq order (for `audit tail --follow`). */
  tail(afterSeq: number, limit: number): Promise<StoredAuditEvent[]>;
  /** Highest seq stored (0 when empty). */
  head(): Promise<{ readonly count: number; readonly hash: string }>;
  close(): Promise<void>;
}

/** Thrown when an event cannot be stored. Callers fail closed: no allow without a stored event. */
export class AuditUnavailableError extends Error {
  readonly reason: string;
  constructor(reason: string, cause?: unknown) {
    super(`audit store unavailable: ${reason}`, cause === undefined ? undefined : { cause });
    this.name = 'AuditUnavailableError';
    this.reason = reason;
  }
}
