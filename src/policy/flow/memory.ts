/**
 * In-memory FlowStore: one process, bounded (LRU over keys), entries expire. Eviction under
 * pressure forgets the least recently used sessions first; a forgotten taint errs towards
 * allowing, so `maxKeys` should exceed the number of live sessions (see `flow.maxSessions`).
 */
import type { CallRecord, ConsumeResult, FlowStore, TaintInfo } from './store.js';

type Entry =
  | { readonly kind: 'taint'; readonly info: TaintInfo; expires: number }
  | { readonly kind: 'counter'; used: number; expires: number }
  | { readonly kind: 'history'; list: CallRecord[]; expires: number };

export interface MemoryFlowStoreOptions {
  readonly maxKeys?: number;
}

export class MemoryFlowStore implements FlowStore {
  readonly #map = new Map<string, Entry>();
  readonly #maxKeys: number;

  constructor(opts: MemoryFlowStoreOptions = {}) {
    this.#maxKeys = opts.maxKeys ?? 100_000;
  }

  #get<K extends Entry['kind']>(key: string, kind: K, now: number): Extract<Entry, { kind: K }> | undefined {
    const e = this.#map.get(key);
    if (!e) return undefined;
    if (e.kind !== kind || e.expires <= now) {
      this.#map.delete(key);
      return undefined;
    }
    // Re-insert to mark as most recently used.
    this.#map.delete(key);
    this.#map.set(key, e);
    return e as Extract<Entry, { kind: K }>;
  }

  #set(key: string, e: Entry): void {
    this.#map.delete(key);
    this.#map.set(key, e);
    while (this.#map.size > this.#maxKeys) {
      const oldest = this.#map.keys().next().value;
      if (oldest === undefined) break;
      this.#map.delete(oldest);
    }
  }

  async taint(key: string, info: TaintInfo, ttlMs: number): Promise<void> {
    const now = info.at;
    const cur = this.#get(key, 'taint', now);
    const expires = Math.max(cur?.expires ?? 0, now + ttlMs);
    this.#set(key, { kind: 'taint', info: cur?.info ?? info, expires });
  }

  async getTaint(key: string, now: number): Promise<TaintInfo | null> {
    return this.#get(key, 'taint', now)?.info ?? null;
  }

  async consume(
    key: string,
    amount: number,
    limit: number,
    windowMs: number,
    now: number,
  ): Promise<ConsumeResult> {
    let e = this.#get(key, 'counter', now);
    if (!e) {
      e = { kind: 'counter', used: 0, expires: now + windowMs };
      this.#set(key, e);
    }
    if (e.used + amount > limit) return { allowed: false, used: e.used };
    e.used += amount;
    return { allowed: true, used: e.used };
  }

  async appendHistory(
    key: string,
    rec: CallRecord,
    maxLen: number,
    windowMs: number,
  ): Promise<readonly CallRecord[]> {
    const now = rec.at;
    let e = this.#get(key, 'history', now);
    if (!e) {
      e = { kind: 'history', list: [], expires: now + windowMs };
      this.#set(key, e);
    }
    e.list = e.list.filter((r) => r.at > now - windowMs);
    e.list.push(rec);
    if (e.list.length > maxLen) e.list.splice(0, e.list.length - maxLen);
    e.expires = now + windowMs;
    return [...e.list];
  }

  size(): number {
    return this.#map.size;
  }

  async clear(): Promise<void> {
    this.#map.clear();
  }
}
