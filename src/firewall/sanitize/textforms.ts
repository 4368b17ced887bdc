/**
 * Rewritings that keep the alphabet but break a detector's tokens: spacing letters out
 * ("i g n o r e"), interleaving emoji or symbols, leetspeak ("1gn0r3"), ROT13. Each returns the
 * rewritten text, or null when the rewriting does not apply. Linear: flat regexes, single passes.
 */
import type { Decoded } from './decoders.js';

// Four or more single letters/digits, each separated by 1-4 non-alphanumeric characters on one line.
// The lookarounds pin every token to exactly one character, so there is one way to match: linear.
const SPACED = /(?<![\p{L}\p{N}])[\p{L}\p{N}](?:[^\p{L}\p{N}\n]{1,4}[\p{L}\p{N}](?![\p{L}\p{N}])){3,}/gu;
const SEPARATOR = /[^\p{L}\p{N}\n]{1,4}/gu;

/**
 * Joins spaced-out letters. Where the separators differ in width ("i g n o r e   a l l"), the wider
 * ones are word breaks; uniform separators join everything into one token.
 */
export function despace(text: string): Decoded | null {
  let count = 0;
  const out = text.replace(SPACED, (run) => {
    const seps = run.match(SEPARATOR) ?? [];
    const letters = run.split(SEPARATOR);
    let narrow = Number.POSITIVE_INFINITY;
    for (const s of seps) narrow = Math.min(narrow, Array.from(s).length);
    count++;
    let joined = letters[0] ?? '';
    for (let i = 0; i < seps.length; i++) {
      const sep = seps[i]!;
      const wide = Array.from(sep).length > narrow || /[\r\t/|]/.test(sep);
      joined += (wide ? ' ' : '') + (letters[i + 1] ?? '');
    }
    return joined;
  });
  return count === 0 ? null : { text: out, count };
}

// Pictographs, emoji modifiers, other symbols and the keycap mark, as glued between letters.
// Skin-tone modifiers (U+1F3FB-1F3FF) are Sk; the keycap mark U+20E3 is a separate alternative
// because it is a combining mark.
const SYMBOLS = /(?:[\p{Extended_Pictographic}\p{So}\p{Sk}]|\u20E3)+/gu;
const LETTER_SYMBOL_LETTER = /[\p{L}\p{N}](?:[\p{Extended_Pictographic}\p{So}\p{Sk}]|\u20E3)/u;

/** Removes emoji and symbols that sit inside words ("ig🔥nore"); null when no word contains one. */
export function stripSymbols(text: string): Decoded | null {
  if (!LETTER_SYMBOL_LETTER.test(text)) return null;
  let count = 0;
  const out = text.replace(SYMBOLS, () => {
    count++;
    return '';
  });
  return count === 0 ? null : { text: out, count };
}

const LEET: Readonly<Record<string, string>> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '6': 'g',
  '7': 't',
  '8': 'b',
  '9': 'g',
  '@': 'a',
  $: 's',
  '!': 'i',
  '|': 'l',
  '+': 't',
  '€': 'e',
  '£': 'l',
  '¥': 'y',
};
// A word-sized token mixing letters with leet characters; pure numbers ("2024"), long runs (hashes,
// base64) and escape sequences (%6e, \x41, &#105;) are left alone.
const LEET_TOKEN = /(?<![%\\#&\p{L}0-9@$!|+€£¥])[\p{L}0-9@$!|+€£¥]+/gu;
const MAX_LEET_TOKEN = 24;
const HAS_LETTER = /\p{L}/u;
const HAS_LEET = /[0-9@$!|+€£¥]/;

export function unleet(text: string): Decoded | null {
  let count = 0;
  const out = text.replace(LEET_TOKEN, (token) => {
    if (token.length > MAX_LEET_TOKEN || !HAS_LEET.test(token) || !HAS_LETTER.test(token)) return token;
    // Trailing "!" and "|" are punctuation far more often than letters.
    const core = token.replace(/[!|]+$/, '');
    const tail = token.slice(core.length);
    let word = '';
    for (let i = 0; i < core.length; i++) {
      const ch = core[i]!;
      // "1" is "l" when doubled ("a11" -> "all"), "i" otherwise ("1gnore", "gu1de").
      if (ch === '1' && (core[i - 1] === '1' || core[i + 1] === '1')) {
        word += 'l';
      } else {
        word += LEET[ch] ?? ch;
      }
    }
    if (word === core) return token;
    count++;
    return word + tail;
  });
  return count === 0 ? null : { text: out, count };
}

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

// Segments scored on their own, so a ROT13 sentence inside plain text is still found.
const SEGMENT = /[^\n.:;!?"]+/g;

function looksRot13(segment: string): boolean {
  const counts = new Array<number>(26).fill(0);
  let total = 0;
  for (let i = 0; i < segment.length; i++) {
    const c = segment.charCodeAt(i) | 0x20;
    if (c >= 0x61 && c <= 0x7a) {
      counts[c - 0x61]!++;
      total++;
    }
  }
  if (total < MIN_ROT13_LETTERS) return false;
  return chiSquared(counts, total, 13) * 3 < chiSquared(counts, total, 0);
}

/**
 * ROT13 view: each segment whose rotated letters look far more like English than its own letters
 * (chi-squared against English letter frequencies) is rotated. A cipher test, not a word list.
 */
export function rot13(text: string): Decoded | null {
  let count = 0;
  const out = text.replace(SEGMENT, (segment) => {
    if (!looksRot13(segment)) return segment;
    count++;
    return rot13Text(segment);
  });
  return count === 0 ? null : { text: out, count };
}
