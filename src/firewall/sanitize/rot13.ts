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
// Each letter's expected share, computed as the test always did (per cent / 100).
const SHARE = Float64Array.from(ENGLISH, (p) => p / 100);

function chiSquared(counts: Int32Array, total: number, shift: number): number {
  let chi = 0;
  for (let k = 0; k < 26; k++) {
    const expected = SHARE[k]! * total;
    const observed = counts[(k + shift) % 26]!;
    chi += ((observed - expected) * (observed - expected)) / expected;
  }
  return chi;
}

/**
 * `chiSquared(counts, total, 13) * 3 < plain`, stopping as soon as the rotated sum is too large: its
 * terms are never negative, so a partial sum already at `plain / 3` settles it. English segments
 * settle after a few letters instead of all 26.
 */
function rotatedFitsBetter(counts: Int32Array, total: number, plain: number): boolean {
  let chi = 0;
  for (let k = 0; k < 26; k++) {
    const expected = SHARE[k]! * total;
    const observed = counts[(k + 13) % 26]!;
    chi += ((observed - expected) * (observed - expected)) / expected;
    if (chi * 3 >= plain) return false;
  }
  return chi * 3 < plain;
}

/** ASCII letters in text[from, to). */
function lettersIn(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (ROLE[text.charCodeAt(i)]! < 26) n++;
  return n;
}

/**
 * Ciphered text is one run: a segment too short to judge on its own ("Lbh ner" between quotes)
 * between two rotated ones is rotated with them.
 */
function bridgeShortGaps(text: string, ranges: readonly [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  for (const [a, b] of ranges) {
    const last = out.at(-1);
    if (last !== undefined && lettersIn(text, last[1], a) < MIN_ROT13_LETTERS) last[1] = b;
    else out.push([a, b]);
  }
  return out;
}

export function rot13Text(text: string): string {
  return text.replace(/[A-Za-z]/g, (c) => {
    const base = c <= 'Z' ? 65 : 97;
    return String.fromCharCode(((c.charCodeAt(0) - base + 13) % 26) + base);
  });
}

// Characters that end a segment: ROT13 is judged per sentence-like segment, so a ciphered sentence
// inside plain text is still found.
// Per UTF-16 code unit: 0-25 a letter's index, SEGMENT_END a line break or sentence punctuation,
// OTHER anything else. Every character is counted in its slot, so the scan has no branch per
// character but the rare segment end.
const OTHER = 26;
const SEGMENT_END = 27;
const ROLE = new Uint8Array(0x10000).fill(OTHER);
for (let k = 0; k < 26; k++) {
  ROLE[0x41 + k] = k;
  ROLE[0x61 + k] = k;
}
for (const c of [0x0a, 0x2e, 0x3a, 0x3b, 0x21, 0x3f, 0x22]) ROLE[c] = SEGMENT_END;

/** Whether the segment counted in `counts` reads as ROT13 of English; empties the counter. */
function closeSegment(counts: Int32Array): boolean {
  let total = 0;
  for (let k = 0; k < 26; k++) total += counts[k]!;
  const rotated =
    total >= MIN_ROT13_LETTERS && rotatedFitsBetter(counts, total, chiSquared(counts, total, 0));
  counts.fill(0);
  return rotated;
}

/**
 * ROT13 view: each segment whose rotated letters look far more like English than its own letters
 * (chi-squared against English letter frequencies) is rotated. A cipher test, not a word list.
 * One pass with a reused counter; the text is rebuilt only when some segment qualifies.
 */
export function rot13(text: string): Decoded | null {
  const counts = new Int32Array(28);
  const ranges: [number, number][] = [];
  let start = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const role = ROLE[text.charCodeAt(i)]!;
    counts[role]!++;
    if (role !== SEGMENT_END) continue;
    if (closeSegment(counts)) ranges.push([start, i]);
    start = i + 1;
  }
  if (closeSegment(counts)) ranges.push([start, n]);
  if (ranges.length === 0) return null;
  let out = '';
  let pos = 0;
  for (const [a, b] of bridgeShortGaps(text, ranges)) {
    out += text.slice(pos, a) + rot13Text(text.slice(a, b));
    pos = b;
  }
  return { text: out + text.slice(pos), count: ranges.length };
}
