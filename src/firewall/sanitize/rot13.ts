/**
 * ROT13 undone where it makes text read as English: a cipher test on letter frequencies, per
 * sentence-like segment.
 */
import type { Decoded } from './decoders.js';

// English letter frequencies (per cent), a-z: the textbook table used to break Caesar ciphers.
const ENGLISH = [
  8.2, 1.5, 2.8, 4.3, 12.7, 2.2, 2.0, 6.1, 7.0, 0.15, 0.77, 4.0, 2.4, 6.7, 7.5, 1.9, 0.095, 6.0, 6.3, 9.1,
  2.8, 0.98, 2.4, 0.15, 2.0, 0.074,
];
const MIN_ROT13_LETTERS = 12;

function chiSquared(counts: readonly number[], total: number, shift: number): number {
  let chi = 0;
  for (let k = 0; k < 26; k++) {
    const expected = (ENGLISH[k]! / 100) * total;
    const observed = counts[(k + shift) % 26]!;
    chi += ((observed - expected) * (observed - expected)) / expected;
  }
  return chi;
}

export function rot13Text(text: string): string {
  return text.replace(/[A-Za-z]/g, (c) => {
    const base = c <= 'Z' ? 65 : 97;
    return String.fromCharCode(((c.charCodeAt(0) - base + 13) % 26) + base);
  });
}

// Characters that end a segment: ROT13 is judged per sentence-like segment, so a ciphered sentence
// inside plain text is still found.
/** Line breaks and sentence punctuation end a segment (a lookup table: this runs per character). */
const SEGMENT_END = new Uint8Array(128);
for (const c of [0x0a, 0x2e, 0x3a, 0x3b, 0x21, 0x3f, 0x22]) SEGMENT_END[c] = 1;

/**
 * ROT13 view: each segment whose rotated letters look far more like English than its own letters
 * (chi-squared against English letter frequencies) is rotated. A cipher test, not a word list.
 * One pass with a reused counter; the text is rebuilt only when some segment qualifies.
 */
export function rot13(text: string): Decoded | null {
  const counts = new Array<number>(26).fill(0);
  const ranges: [number, number][] = [];
  let start = 0;
  let total = 0;
  const n = text.length;
  for (let i = 0; i <= n; i++) {
    const raw = i < n ? text.charCodeAt(i) : 0x0a;
    if (raw < 128 && SEGMENT_END[raw] === 1) {
      if (total >= MIN_ROT13_LETTERS && chiSquared(counts, total, 13) * 3 < chiSquared(counts, total, 0)) {
        ranges.push([start, i]);
      }
      counts.fill(0);
      total = 0;
      start = i + 1;
      continue;
    }
    const c = raw | 0x20;
    if (c >= 0x61 && c <= 0x7a) {
      counts[c - 0x61]!++;
      total++;
    }
  }
  if (ranges.length === 0) return null;
  let out = '';
  let pos = 0;
  for (const [a, b] of ranges) {
    out += text.slice(pos, a) + rot13Text(text.slice(a, b));
    pos = b;
  }
  return { text: out + text.slice(pos), count: ranges.length };
}
