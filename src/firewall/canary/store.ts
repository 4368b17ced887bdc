import { canaryKey } from './token.js';

/**
 * Where issued canaries live until they expire. The interface is narrow so a shared store (Redis)
 * can replace the in-memory one for many replicas.
 */
export interface Canary {
  readonly token: string;
  readonly session: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
}

export interface CanaryStore {
  /** False when the store is full of live canaries: a live canary is never evicted to make room. */
  put(canary: Canary): boolean;
  /** The live canary whose letters (see `canaryKey`) are `key`, if any. */
  getByKey(key: string): Canary | undefined;
  /** How many live canaries are held (used to skip scanning when there are none). */
  size(): number;
}

export interface MemoryCanaryStoreOptions {
  /** Live canaries held at most. */
  readonly maxEntries?: number;
  readonly now?: () => number;
}

/**
 * Bounded in-memory store: insertion-ordered map, expired entries pruned lazily. When it is full of
 * live canaries a new one is refused rather than an old one evicted: eviction would let anyone able
 * to issue canaries silently switch off leak detection for other sessions.
 */
export class MemoryCanaryStore implements CanaryStore {
  private readonly byKey = new Map<string, Canary>();
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(opts: MemoryCanaryStoreOptions = {}) {
    this.maxEntries = Math.max(1, opts.maxEntries ?? 10_000);
    this.now = opts.now ?? Date.now;
  }

  put(canary: Canary): boolean {
    this.prune();
    const key = canaryKey(canary.token);
    if (!this.byKey.has(key) && this.byKey.size >= this.maxEntries) return false;
    this.byKey.delete(key);
    this.byKey.set(key, canary);
    return true;
  }

  getByKey(key: string): Canary | undefined {
    const c = this.byKey.get(key);
    if (c === undefined) return undefined;
    if (c.expiresAt <= this.now()) {
      this.byKey.delete(key);
      return undefined;
    }
    return c;
  }

  size(): number {
    this.prune();
    return this.byKey.size;
  }

  /** Drops expired canaries from the oldest end; stops at the first live one (amortised O(1)). */
  private prune(): void {
    const t = this.now();
    for (const [key, c] of this.byKey) {
      if (c.expiresAt > t) break;
      this.byKey.delete(key);
    }
  }
}
