/**
 * Leetspeak read as letters ("1gn0r3" -> "ignore", "p@$$w0rd" -> "password"): digits and symbols
 * that stand for letters inside word-sized tokens. Returns null when no token reads differently.
 */
import { isAlnum, isLetter } from './charclass.js';
import type { Decoded } from './decoders.js';

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
function isLetterAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 0x80) return (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;
  // The low half of a pair: classify the whole code point.
  if (c >= 0xdc00 && c <= 0xdfff && i > 0) return isLetter(text.codePointAt(i - 1)!);
  return isLetter(text.codePointAt(i)!);
}

// Leet characters outside ASCII: € £ ¥.
const isWideLeet = (c: number): boolean => c === 0x20ac || c === 0xa3 || c === 0xa5;

// Digits and the symbols with a letter reading ("2" included): only a letter next to one of them
// makes text worth reading. Found by the regex engine, without match objects (test() and lastIndex).
const DIGIT_OR_LEET = /[0-9@$!|+\u20AC\u00A3\u00A5]/g;
// The leet characters proper: a token holding none reads as it is.
const LEET_CHAR = /[013-9@$!|+\u20AC\u00A3\u00A5]/g;

/** A leet character touching a letter: without one there is nothing to read. */
function leetNextToLetter(text: string): boolean {
  DIGIT_OR_LEET.lastIndex = 0;
  while (DIGIT_OR_LEET.test(text)) {
    const i = DIGIT_OR_LEET.lastIndex - 1;
    if ((i > 0 && isLetterAt(text, i - 1)) || (i + 1 < text.length && isLetterAt(text, i + 1))) return true;
  }
  return false;
}
const MAX_LEET_TOKEN = 24;
// Per ASCII code: 1 letter, 2 digit with a letter reading, 3 symbol with a letter reading, 4 other digit.
const ASCII_KIND = new Uint8Array(128);
for (let c = 0x41; c <= 0x5a; c++) ASCII_KIND[c] = 1;
for (let c = 0x61; c <= 0x7a; c++) ASCII_KIND[c] = 1;
for (const ch of '013456789') ASCII_KIND[ch.charCodeAt(0)] = 2;
ASCII_KIND[0x32] = 4; // "2" has no letter reading
for (const ch of '@$!|+') ASCII_KIND[ch.charCodeAt(0)] = 3;
// Characters that open an escape ("%6e", "\\x41", "&#105;"): the token after them is not leetspeak.
const opensEscape = (c: number): boolean => c === 0x25 || c === 0x5c || c === 0x23 || c === 0x26;
// Trailing "!" and "|" are punctuation far more often than letters.
const isTrailingMark = (c: number): boolean => c === 0x21 || c === 0x7c;

// Per ASCII code, as a token reads it: 0 not a token character, 1 letter, 2 leet, 4 other digit.
const TOKEN_KIND = ASCII_KIND.map((k) => (k === 3 ? 2 : k));

function tokenKind(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 0x80) return TOKEN_KIND[c]!;
  if (isWideLeet(c)) return 2;
  if (c >= 0xd800 && c <= 0xdfff) return 0; // astral: emoji and rare scripts end a token
  return isAlnum(c) ? 1 : 0;
}

/**
 * Whether convertToken() would change text[start, end): it maps every leet character to a letter,
 * except an "@" it keeps. Most tokens it is asked about ("hello!", "5th") have none left once the
 * trailing marks are cut, and need no copy.
 */
function convertible(text: string, start: number, end: number, keepAt: boolean): boolean {
  for (let k = start; k < end; k++) {
    const c = text.charCodeAt(k);
    if (c < 0x80 ? ASCII_KIND[c] === 2 || (ASCII_KIND[c] === 3 && !(keepAt && c === 0x40)) : isWideLeet(c))
      return true;
  }
  return false;
}

function convertToken(core: string, keepAt: boolean): string {
  let word = '';
  for (let i = 0; i < core.length; i++) {
    const ch = core[i]!;
    if (ch === '@' && keepAt) {
      word += ch;
      continue;
    }
    // "1" is "l" when doubled ("a11" -> "all"), "i" otherwise ("1gnore", "gu1de").
    word += ch === '1' && (core[i - 1] === '1' || core[i + 1] === '1') ? 'l' : (LEET[ch] ?? ch);
  }
  return word;
}

/** "name@host." is an address: its "@" stays. (An "@" that opens the token does not make one.) */
function isAddress(text: string, start: number, coreEnd: number, end: number): boolean {
  if (text.charCodeAt(end) !== 0x2e) return false;
  for (let k = start; k < coreEnd; k++) if (text.charCodeAt(k) === 0x40) return k > start;
  return false;
}

/**
 * Tokens worth reading: word-sized runs of letters, digits and @$!|+€£¥ that hold a leet character,
 * not long (hashes, base64) and not opened by an escape. Flat [start, end, letters, other digits,
 * word-like] records, and how many are word-like. Only tokens around a leet character are looked at, and
 * the list serves both readings of the text.
 */
function leetTokens(text: string): { tokens: number[]; mixed: number } {
  const tokens: number[] = [];
  let mixed = 0;
  const n = text.length;
  LEET_CHAR.lastIndex = 0;
  while (LEET_CHAR.test(text)) {
    const hit = LEET_CHAR.lastIndex - 1;
    // The token ends where tokenKind() says 0; the one before ended on such a character.
    let start = hit;
    while (start > 0 && tokenKind(text, start - 1) !== 0) start--;
    let end = hit + 1;
    while (end < n && tokenKind(text, end) !== 0) end++;
    LEET_CHAR.lastIndex = end;
    if (end - start > MAX_LEET_TOKEN || opensEscape(text.charCodeAt(start - 1))) continue;
    let letters = 0;
    let other = 0;
    // Leet characters before the first letter, between letters, and after the last one.
    let before = 0;
    let inside = 0;
    let after = 0;
    for (let i = start; i < end; i++) {
      const k = tokenKind(text, i);
      if (k === 1) {
        letters++;
        inside += after;
        after = 0;
      } else if (k === 4) other++;
      else if (letters === 0) before++;
      else after++;
    }
    const word = wordLike(letters, other, before, inside, after);
    tokens.push(start, end, letters, other, word ? 1 : 0);
    if (word) mixed++;
  }
  return { tokens, mixed };
}

/**
 * A token that reads as a leetspeak word ("p4ssw0rd", "1gn0r3", "7h3", "h3ll0"): letters, no digit
 * without a letter reading, and not shaped like a number with a unit ("1950s", "05Z", "5850s": two or
 * more leading digits, then only letters). Rewritten, numbers with units turned timestamps and
 * durations into gibberish that read as attacks.
 */
function wordLike(letters: number, other: number, before: number, inside: number, after: number): boolean {
  if (letters === 0 || other > 0) return false;
  return !(inside === 0 && after === 0 && before >= 2);
}

/**
 * Rewrites the word-like leet tokens ("1gn0r3", "p@$$w0rd"); with `readPure` (a text that shows two or
 * more of those) every token that mixes letters in, and short all-leet ones too. Only tokens that
 * read differently are copied.
 */
function readTokens(text: string, tokens: readonly number[], readPure: boolean): Decoded | null {
  const out: string[] = [];
  let pos = 0;
  let count = 0;
  for (let q = 0; q < tokens.length; q += 5) {
    const start = tokens[q]!;
    const end = tokens[q + 1]!;
    if (!readPure && tokens[q + 4] === 0) continue;
    if (tokens[q + 2] === 0 && (!readPure || tokens[q + 3]! > 0 || end - start > 6)) continue;
    let coreEnd = end;
    while (coreEnd > start && isTrailingMark(text.charCodeAt(coreEnd - 1))) coreEnd--;
    const keepAt = isAddress(text, start, coreEnd, end);
    if (!convertible(text, start, coreEnd, keepAt)) continue;
    out.push(
      text.slice(pos, start),
      convertToken(text.slice(start, coreEnd), keepAt),
      text.slice(coreEnd, end),
    );
    pos = end;
    count++;
  }
  if (count === 0) return null;
  out.push(text.slice(pos));
  return { text: out.join(''), count };
}

/** Reads leetspeak; pure numbers, long runs and escape sequences are left alone. */
export function unleet(text: string): Decoded | null {
  if (!leetNextToLetter(text)) return null;
  const { tokens, mixed } = leetTokens(text);
  // Other tokens ("7h3", "70" for "to") are read only in text that shows two or more word-like ones.
  return readTokens(text, tokens, mixed >= 2);
}
