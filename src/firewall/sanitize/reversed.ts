/**
 * Text written backwards ("snoitcurtsni suoiverp lla erongI", or word by word "erongI lla"): a
 * model asked to read it in reverse follows it, a detector sees no word it knows. A line is read
 * back when its letter pairs look like English backwards: the commonest English bigrams ("th",
 * "he", "in" …) are rare in it and their mirror images ("ht", "eh", "ni" …) common. A test on letter
 * pairs, not a word list; other languages and ordinary English do not pass it (reversed.test.ts).
 */
import type { Decoded } from './decoders.js';

// Frequent English letter pairs whose mirror image is rare in English ("th" and "ht", "he" and
// "eh", "nd" and "dn" …); pairs common both ways ("er"/"re", "it"/"ti", "of"/"fo") are left out.
const FORWARD = ['th', 'he', 'in', 'an', 'nd', 'ng', 'ou', 'ea', 'ha', 'wh', 'is', 'at'];
const PAIR = new Int8Array(26 * 26);
for (const bg of FORWARD) {
  const a = bg.charCodeAt(0) - 97;
  const b = bg.charCodeAt(1) - 97;
  PAIR[a * 26 + b] = 1;
  PAIR[b * 26 + a] = -1;
}

/** Mirror pairs needed in a line, and how many times the forward pairs they must outnumber. */
const MIN_MIRRORED = 5;
const RATIO = 4;

/** Letter index (0-25) of an ASCII code, 255 for anything else: a table read per character. */
const LETTER = new Uint8Array(128).fill(255);
for (let k = 0; k < 26; k++) {
  LETTER[65 + k] = k;
  LETTER[97 + k] = k;
}

/**
 * Characters of a line that are tested: a line written backwards is backwards from its start, and
 * testing every character of long lines cost as much as the ROT13 test.
 */
const PROBE = 240;

/** Whether text[from, to) (one line) reads as English written backwards. */
function looksReversed(text: string, from: number, to: number): boolean {
  let forward = 0;
  let mirrored = 0;
  let prev = 255;
  const end = Math.min(to, from + PROBE);
  for (let i = from; i < end; i++) {
    const c = text.charCodeAt(i);
    const l = c < 128 ? (LETTER[c] as number) : 255;
    if (l !== 255 && prev !== 255) {
      const p = PAIR[prev * 26 + l] as number;
      if (p > 0) forward++;
      else if (p < 0) mirrored++;
    }
    prev = l;
  }
  return mirrored >= MIN_MIRRORED && mirrored >= RATIO * forward;
}

/**
 * The line read forwards. Reversed whole, a sentence ends where it began: its final stop comes
 * first or its opening capital last, and the whole line is turned. Otherwise each word is turned in
 * place ("erongI lla"), which also reads a whole-reversed line word by word, in reverse order.
 */
function readForwards(line: string): string {
  const t = line.trim();
  const last = t.charCodeAt(t.length - 1);
  if (/^[.!?]/.test(t) || (last >= 65 && last <= 90)) return Array.from(line).reverse().join('');
  return line.replace(/[^\s]+/g, (w) => Array.from(w).reverse().join(''));
}

/** The text with each backwards line read forwards; null when no line looks backwards. */
export function reversed(text: string): Decoded | null {
  // Lines are tested in place: nearly all text has none backwards, and splitting it cost more.
  let out = '';
  let pos = 0;
  let count = 0;
  for (let start = 0; start <= text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (looksReversed(text, start, end)) {
      out += text.slice(pos, start) + readForwards(text.slice(start, end));
      pos = end;
      count++;
    }
    start = end + 1;
  }
  return count === 0 ? null : { text: out + text.slice(pos), count };
}
