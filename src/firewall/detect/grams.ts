/**
 * Hashed character and word n-grams of a canonical text, read straight from its UTF-16 code units
 * and counted in a byte per bucket. This is the hot loop of the detector: a regex word iterator,
 * per-word string keys and a general hash table each cost more than the hashing itself. The
 * features are exactly the ones the plain definitions give (see grams.test.ts):
 * - char 2..5-grams of the text padded with one space on each side;
 * - word unigrams and bigrams, a word being a maximal run of [\p{L}\p{N}_'] code points, the first
 *   bigram pairing the word with "<s>"; both FNV-1a over code units, with their own seeds.
 */

export const FNV_OFFSET = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;
export const SEED_CHAR = 0x1000;
export const SEED_WORD = 0x2000;
export const SEED_BIGRAM = 0x3000;

/** Same set as the \s of a regex, which is what the canonical form collapses. */
export function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 160) return false;
  return (
    c === 160 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** FNV-1a of a string's code units, from a seeded offset basis. */
export function hashString(s: string, seed: number): number {
  let h = (FNV_OFFSET ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h >>> 0;
}

/** Where the buckets of a text's n-grams go, one call per occurrence. */
export interface KeySink {
  add(key: number): void;
}

/**
 * Counts per bucket of one feature group, read back in first-seen order. A byte per bucket of the
 * whole space (256 KB at 18 bits) stays in the CPU's cache, unlike a wider dense array, and needs no
 * probing, unlike a hash table; the rare count past 255 goes to a map.
 */
export class GramCounts implements KeySink {
  private readonly counts: Uint8Array;
  private readonly over = new Map<number, number>();
  private touched = new Int32Array(1024);
  /** Distinct buckets held. */
  n = 0;
  /** Sum of all counts. */
  total = 0;

  constructor(bits: number) {
    this.counts = new Uint8Array(1 << bits);
  }

  add(key: number): void {
    const c = this.counts[key] as number;
    if (c === 0) {
      if (this.n === this.touched.length) {
        const t = new Int32Array(this.n * 2);
        t.set(this.touched);
        this.touched = t;
      }
      this.touched[this.n++] = key;
      this.counts[key] = 1;
    } else if (c < 255) this.counts[key] = c + 1;
    else this.over.set(key, (this.over.get(key) ?? 255) + 1);
    this.total++;
  }

  /** The count of one bucket. */
  count(key: number): number {
    const c = this.counts[key] as number;
    return c === 255 ? (this.over.get(key) ?? 255) : c;
  }

  keyAt(i: number): number {
    return this.touched[i] as number;
  }

  countAt(i: number): number {
    return this.count(this.touched[i] as number);
  }

  /** Forget every count; costs what was written, not the space. */
  clear(): void {
    for (let i = 0; i < this.n; i++) this.counts[this.touched[i] as number] = 0;
    if (this.over.size > 0) this.over.clear();
    this.n = 0;
    this.total = 0;
  }
}

const byBits = new Map<string, GramCounts>();

/**
 * A scratch counter for a feature space, by role: scoring is synchronous, so one of each suffices
 * ('group' for the group being read, 'char' and 'word' for the counts a base reading keeps).
 */
export function scratchCounts(bits: number, role: 'group' | 'char' | 'word' = 'group'): GramCounts {
  const key = `${role}:${bits}`;
  let g = byBits.get(key);
  if (g === undefined) {
    g = new GramCounts(bits);
    byBits.set(key, g);
  }
  return g;
}

/** UTF-16 code units of the text between two spaces, reused across calls. */
let codes = new Uint16Array(4096);

/** Char 2..5-grams of ` ${s} `. */
export function charGrams(acc: KeySink, s: string, mask: number): void {
  const n = s.length + 2;
  if (codes.length < n) codes = new Uint16Array(Math.max(n, codes.length * 2));
  const c = codes;
  c[0] = 32;
  for (let i = 0; i < s.length; i++) c[i + 1] = s.charCodeAt(i);
  c[n - 1] = 32;
  const start = (FNV_OFFSET ^ SEED_CHAR) | 0;
  for (let i = 0; i < n; i++) {
    let h = Math.imul(start ^ (c[i] as number), FNV_PRIME);
    const end = Math.min(5, n - i);
    for (let k = 1; k < end; k++) {
      h = Math.imul(h ^ (c[i + k] as number), FNV_PRIME);
      acc.add((h ^ (k << 24)) & mask);
    }
  }
}

/** 1 for the BMP code points that are [\p{L}\p{N}_'], built on first use (surrogates stay 0). */
let wordBmp: Uint8Array | undefined;
const WORD_CHAR = /^[\p{L}\p{N}_']$/u;
const astralWord = new Map<number, boolean>();

function wordTable(): Uint8Array {
  if (wordBmp) return wordBmp;
  const t = new Uint8Array(65536);
  for (let cp = 0; cp < 65536; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    if (WORD_CHAR.test(String.fromCharCode(cp))) t[cp] = 1;
  }
  wordBmp = t;
  return t;
}

function isAstralWord(cp: number): boolean {
  let w = astralWord.get(cp);
  if (w === undefined) {
    w = WORD_CHAR.test(String.fromCodePoint(cp));
    if (astralWord.size < 4096) astralWord.set(cp, w);
  }
  return w;
}

/** True when s[from, to) holds a character that is part of a word (as wordGrams reads words). */
export function hasWordChar(s: string, from: number, to: number): boolean {
  const table = wordTable();
  for (let i = from; i < to; i++) {
    const u = s.charCodeAt(i);
    if (u >= 0xd800 && u <= 0xdbff && i + 1 < to) {
      const lo = s.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff && isAstralWord(((u - 0xd800) << 10) + (lo - 0xdc00) + 0x10000))
        return true;
    } else if (table[u] === 1) return true;
  }
  return false;
}

/** FNV state after "<s>" under the bigram seed: the left side of a text's first bigram. */
const BIGRAM_START = (() => {
  let h = (FNV_OFFSET ^ SEED_BIGRAM) | 0;
  for (const ch of '<s>') h = Math.imul(h ^ ch.charCodeAt(0), FNV_PRIME);
  return h;
})();

/** Word unigrams and bigrams of `s`, hashed while it is walked once. */
export function wordGrams(acc: KeySink, s: string, mask: number): void {
  const table = wordTable();
  const wordStart = (FNV_OFFSET ^ SEED_WORD) | 0;
  const bigramStart = (FNV_OFFSET ^ SEED_BIGRAM) | 0;
  // prev: the previous word under the bigram seed; hw: this word; hb: "prev this"; hp: this word
  // under the bigram seed, to become prev.
  let prev = BIGRAM_START;
  let hw = 0;
  let hb = 0;
  let hp = 0;
  let inWord = false;
  const len = s.length;
  for (let i = 0; i < len; ) {
    const u = s.charCodeAt(i);
    let units = 1;
    let word: boolean;
    if (u >= 0xd800 && u <= 0xdbff && i + 1 < len) {
      const lo = s.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        units = 2;
        word = isAstralWord(((u - 0xd800) << 10) + (lo - 0xdc00) + 0x10000);
      } else word = false;
    } else word = table[u] === 1;
    if (word) {
      if (!inWord) {
        inWord = true;
        hw = wordStart;
        hp = bigramStart;
        hb = Math.imul(prev ^ 32, FNV_PRIME);
      }
      for (let k = 0; k < units; k++) {
        const cu = s.charCodeAt(i + k);
        hw = Math.imul(hw ^ cu, FNV_PRIME);
        hp = Math.imul(hp ^ cu, FNV_PRIME);
        hb = Math.imul(hb ^ cu, FNV_PRIME);
      }
    } else if (inWord) {
      acc.add(hw & mask);
      acc.add(hb & mask);
      prev = hp;
      inWord = false;
    }
    i += units;
  }
  if (inWord) {
    acc.add(hw & mask);
    acc.add(hb & mask);
  }
}
