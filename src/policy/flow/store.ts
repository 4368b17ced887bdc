/**
 * Session flow state behind a narrow interface. Every operation is one atomic step keyed by a
 * string, so a shared store (Redis: a Lua script per method, keys with PEXPIRE) can implement
 * it and pass the same contract suite (`test/contracts/flow-store.ts`) as the in-memory store.
 */

export interface TaintInfo {
  /** What made the session untrusted: `input:tool`, `input:retrieval`, `output:<tool>`. */
  readonly source: string;
  /** Epoch ms. */
  readonly at: number;
}

export interface CallRecord {
  readonly tool: string;
  readonly argsDigest: string;
  readonly at: number;
}

export interface ConsumeResult {
  readonly allowed: boolean;
  /** Usage after this call (unchanged when not allowed). */
  readonly used: number;
}

export interface FlowStore {
  /** Marks the key tainted until `ttlMs` from now; keeps the earliest taint source. */
  taint(key: string, info: TaintInfo, ttlMs: number): Promise<void>;
  getTaint(key: string, now: number): Promise<TaintInfo | null>;
  /**
   * Adds `amount` to a fixed-window counter if the total stays within `limit`; a window starts
   * at the first use and lasts `windowMs`. Atomic check-and-add.
   */
  consume(key: string, amount: number, limit: number, windowMs: number, now: number): Promise<ConsumeResult>;
  /** Appends to a bounded call history (newest last), drops entries older than `windowMs`, returns it. */
  appendHistory(
    key: string,
    rec: CallRecord,
    maxLen: number,
    windowMs: number,
  ): Promise<readonly CallRecord[]>;
  /** Current flow state of a session prefix, for explanations and the approvals view. */
  size(): number;
  clear(): Promise<void>;
}
