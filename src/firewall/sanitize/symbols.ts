/**
 * Emoji and symbols interleaved with letters ("ig🔥nore") removed: they break a detector's tokens
 * while a reader skips them.
 */
import { classOf, codePointAt, isAlnum } from './charclass.js';
import type { Decoded } from './decoders.js';

const NON_ASCII = /[\u0080-\uFFFF]/g;

// Pictographs, emoji modifiers, other symbols and the keycap mark, as glued between letters.
// Skin-tone modifiers (U+1F3FB-1F3FF) are Sk; the keycap mark U+20E3 is a separate alternative
// because it is a combining mark.
// ASCII Sk characters (^ and `) are left alone: they are punctuation in code and markup.
const SYMBOLS = /(?:(?![\^`])[\p{Extended_Pictographic}\p{So}\p{Sk}]|\u20E3)+/gu;

/** The code point that ends just before `i` (a surrogate pair read whole). */
function codePointBefore(text: string, i: number): number {
  const c = text.charCodeAt(i - 1);
  if (c >= 0xdc00 && c <= 0xdfff && i >= 2) {
    const h = text.charCodeAt(i - 2);
    if (h >= 0xd800 && h <= 0xdbff) return (h - 0xd800) * 0x400 + (c - 0xdc00) + 0x10000;
  }
  return c;
}

/**
 * A symbol right after a letter or digit. Symbols are never ASCII, so only non-ASCII characters are
 * classified, each against the one before it; the regex engine jumps from one to the next (no match
 * objects).
 */
function symbolAfterLetter(text: string): boolean {
  NON_ASCII.lastIndex = 0;
  while (NON_ASCII.test(text)) {
    const i = NON_ASCII.lastIndex - 1;
    if (i === 0) continue;
    const c = text.charCodeAt(i);
    const h = text.charCodeAt(i - 1);
    if (c >= 0xdc00 && c <= 0xdfff && h >= 0xd800 && h <= 0xdbff) continue; // the end of a pair
    const cp = codePointAt(text, i);
    if (classOf(cp) === 'symbol' && isAlnum(codePointBefore(text, i))) return true;
  }
  return false;
}

/** Removes emoji and symbols that sit inside words ("ig🔥nore"); null when no word contains one. */
export function stripSymbols(text: string): Decoded | null {
  if (!symbolAfterLetter(text)) return null;
  let count = 0;
  const out = text.replace(SYMBOLS, () => {
    count++;
    return '';
  });
  return count === 0 ? null : { text: out, count };
}
