/**
 * A sparse accumulator of (bucket → value) for hashed features: an open-addressing table sized
 * to the text rather than to the feature space. A 1 KB text touches a few thousand buckets of a
 * 2^18 space; a dense scratch array of the whole space made every add a cache miss, while this
 * table stays in the CPU cache. Entries are read back in insertion order, so the features come out
 * in the same order, with the same sums, as a dense accumulator would give.
 */
const EMPTY = -1;
const GOLDEN = 0x9e3779b1;

export class SparseAcc {
  private keys: Int32Array;
  private vals: Float64Array;
  /** Slot of each entry, in insertion order. */
  private order: Int32Array;
  private shift: number;
  /** Number of distinct keys held. */
  n = 0;

  constructor(log2Capacity = 10) {
    const cap = 1 << log2Capacity;
    this.keys = new Int32Array(cap).fill(EMPTY);
    this.vals = new Float64Array(cap);
    this.order = new Int32Array(cap >> 1);
    this.shift = 32 - log2Capacity;
  }

  /** Add `v` to the value of `key` (a non-negative bucket index). */
  add(key: number, v: number): void {
    const keys = this.keys;
    const mask = keys.length - 1;
    let slot = Math.imul(key, GOLDEN) >>> this.shift;
    for (;;) {
      const k = keys[slot] as number;
      if (k === key) {
        this.vals[slot] = (this.vals[slot] as number) + v;
        return;
      }
      if (k === EMPTY) break;
      slot = (slot + 1) & mask;
    }
    keys[slot] = key;
    this.vals[slot] = v;
    this.order[this.n++] = slot;
    // Keep the load factor at or under one half so that probe chains stay short.
    if (this.n >= this.order.length) this.grow();
  }

  keyAt(i: number): number {
    return this.keys[this.order[i] as number] as number;
  }

  valueAt(i: number): number {
    return this.vals[this.order[i] as number] as number;
  }

  /** Forget every entry; costs what was written, not the capacity. */
  clear(): void {
    const keys = this.keys;
    for (let i = 0; i < this.n; i++) keys[this.order[i] as number] = EMPTY;
    this.n = 0;
  }

  private grow(): void {
    const n = this.n;
    const oldKeys = new Int32Array(n);
    const oldVals = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      oldKeys[i] = this.keyAt(i);
      oldVals[i] = this.valueAt(i);
    }
    const log2 = 32 - this.shift + 1;
    const cap = 1 << log2;
    this.keys = new Int32Array(cap).fill(EMPTY);
    this.vals = new Float64Array(cap);
    this.order = new Int32Array(cap >> 1);
    this.shift = 32 - log2;
    this.n = 0;
    for (let i = 0; i < n; i++) this.add(oldKeys[i] as number, oldVals[i] as number);
  }
}
