/**
 * A per-code-point answer computed once: the scanners classify characters with Unicode-property
 * regexes, far too slow to run per character of every view, and text repeats the same few hundred
 * code points. BMP answers live in a flat table (an array read per lookup); the rare astral ones in a
 * bounded map.
 */
const ASTRAL_LIMIT = 4096;

export class CodePointMemo {
  // 0 = not yet computed, else 1 + the answer.
  private readonly bmp = new Uint8Array(0x10000);
  private readonly astral = new Map<number, number>();

  /** `compute` returns an integer in 0..254 and must depend on the code point alone. */
  constructor(private readonly compute: (cp: number) => number) {}

  get(cp: number): number {
    if (cp < 0x10000) {
      const k = this.bmp[cp]!;
      if (k !== 0) return k - 1;
      const v = this.compute(cp);
      this.bmp[cp] = v + 1;
      return v;
    }
    let v = this.astral.get(cp);
    if (v === undefined) {
      v = this.compute(cp);
      if (this.astral.size >= ASTRAL_LIMIT) this.astral.clear();
      this.astral.set(cp, v);
    }
    return v;
  }
}
