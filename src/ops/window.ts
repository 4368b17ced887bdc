/**
 * Sliding-window event counts per key, in one-second buckets: O(window) memory per key and no
 * per-event allocation, so a flood of denials costs a counter increment, not an array of
 * timestamps. The number of keys is capped; the stalest key is evicted first.
 */
export class WindowCounter {
  private readonly keys = new Map<string, { buckets: Uint32Array; lastSec: number }>();

  constructor(
    private readonly windowSeconds: number,
    private readonly maxKeys = 1000,
  ) {
    if (!Number.isInteger(windowSeconds) || windowSeconds < 1)
      throw new RangeError('windowSeconds must be >= 1');
  }

  /** Add `n` at time `nowMs`; returns the count over the window including it. */
  add(key: string, nowMs: number, n = 1): number {
    const slot = this.slot(key, nowMs);
    const i = slot.lastSec % this.windowSeconds;
    slot.buckets[i] = (slot.buckets[i] ?? 0) + n;
    return sum(slot.buckets);
  }

  count(key: string, nowMs: number): number {
    const slot = this.keys.get(key);
    if (slot === undefined) return 0;
    advance(slot, Math.floor(nowMs / 1000), this.windowSeconds);
    return sum(slot.buckets);
  }

  size(): number {
    return this.keys.size;
  }

  private slot(key: string, nowMs: number): { buckets: Uint32Array; lastSec: number } {
    const sec = Math.floor(nowMs / 1000);
    let slot = this.keys.get(key);
    if (slot === undefined) {
      if (this.keys.size >= this.maxKeys) this.evictOne();
      slot = { buckets: new Uint32Array(this.windowSeconds), lastSec: sec };
      this.keys.set(key, slot);
      return slot;
    }
    advance(slot, sec, this.windowSeconds);
    // Re-insert so Map order is least-recently-used first.
    this.keys.delete(key);
    this.keys.set(key, slot);
    return slot;
  }

  private evictOne(): void {
    const oldest = this.keys.keys().next();
    if (oldest.done !== true) this.keys.delete(oldest.value);
  }
}

function advance(slot: { buckets: Uint32Array; lastSec: number }, sec: number, w: number): void {
  if (sec <= slot.lastSec) return;
  const steps = Math.min(sec - slot.lastSec, w);
  for (let k = 1; k <= steps; k++) slot.buckets[(slot.lastSec + k) % w] = 0;
  slot.lastSec = sec;
}

function sum(b: Uint32Array): number {
  let s = 0;
  for (const v of b) s += v;
  return s;
}
