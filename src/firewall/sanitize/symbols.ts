/**
 * Emoji and symbols interleaved with letters ("ig🔥nore") removed: they break a detector's tokens
 * while a reader skips them.
 */
import { classOf, codePointAt, isAlnum } from './charclass.js';
import type { Decoded } from './decoders.js';

const NON_ASCII = /[\u0080-\uFFFF]/;

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
 * classified, each against the one before it.
 */
function symbolAfterLetter(text: string): boolean {
  for (let i = 1; i < text.length; i++) {
    if (text.charCodeAt(i) < 0x80) continue;
    const cp = codePointAt(text, i);
    if (classOf(cp) === 'symbol' && isAlnum(codePointBefore(text, i))) return true;
    if (cp > 0xffff) i++;
  }
  return false;
}

/** Removes emoji and symbols that sit inside words ("ig🔥nore"); null when no word contains one. */
export function stripSymbols(text: string): Decoded | null {
  if (!NON_ASCII.test(text) || !symbolAfterLetter(text)) return null;
  let count = 0;
  const out = text.replace(SYMBOLS, () => {
    count++;
    return '';
  });
  return count === 0 ? null : { text: out, count };
}
