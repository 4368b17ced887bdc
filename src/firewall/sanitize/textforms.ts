/**
 * Rewritings that keep the alphabet but break a detector's tokens: spacing letters out
 * ("i g n o r e"), interleaving emoji or symbols, leetspeak ("1gn0r3"), ROT13. Each returns the
 * rewritten text, or null when the rewriting does not apply. Linear: flat regexes, single passes.
 */
import { type CharClass, classOf } from './charclass.js';
import type { Decoded } from './decoders.js';

const NON_ASCII = /[\u0080-\uFFFF]/;
const MIN_SPACED_LETTERS = 4;
// Wide enough for glue around up to four literal characters (" : / / ").
const MAX_SEPARATOR = 9;

interface Single {
  readonly start: number;
  readonly end: number;
}

/** "·x·y·" shapes: the same glue character at every even position, literal characters between. */
function gluedLiterals(sep: readonly string[]): string | null {
  if (sep.length < 3 || sep.length % 2 === 0) return null;
  for (let k = 2; k < sep.length; k += 2) if (sep[k] !== sep[0]) return null;
  let literals = '';
  for (let k = 1; k < sep.length; k += 2) literals += sep[k];
  return literals;
}

/**
 * Joins one run of single characters. The narrowest separator is the glue and vanishes; a wider one
 * made of glue around other characters keeps those characters ("h t t p : / / x" -> "http://x",
 * "r . e" -> "r.e"); any other wider gap is a word break ("i g n o r e   a l l").
 */
function joinRun(text: string, run: readonly Single[]): string {
  const seps: string[][] = [];
  let narrow = Number.POSITIVE_INFINITY;
  for (let k = 1; k < run.length; k++) {
    const sep = Array.from(text.slice(run[k - 1]!.end, run[k]!.start));
    seps.push(sep);
    narrow = Math.min(narrow, sep.length);
  }
  let joined = text.slice(run[0]!.start, run[0]!.end);
  for (let k = 1; k < run.length; k++) {
    const sep = seps[k - 1]!;
    const glue = sep.length === narrow && !/[\r\t]/.test(sep.join('')) ? '' : (gluedLiterals(sep) ?? ' ');
    joined += glue + text.slice(run[k]!.start, run[k]!.end);
  }
  return joined;
}

/**
 * Joins spaced-out letters: four or more single letters/digits, each separated by 1-4 non-alphanumeric
 * characters on one line ("i g n o r e", "i.g.n.o.r.e", "i🔥g🔥n"). Where the separators differ in
 * width ("i g n o r e   a l l") the wider ones are word breaks. One scan over the text.
 */
export function despace(text: string): Decoded | null {
  const out: string[] = [];
  let pos = 0;
  let count = 0;
  let run: Single[] = [];
  let sepLen = 0;
  let sepOk = true;
  const closeRun = (): void => {
    if (run.length >= MIN_SPACED_LETTERS) {
      out.push(text.slice(pos, run[0]!.start), joinRun(text, run));
      pos = run[run.length - 1]!.end;
      count++;
    }
    run = [];
  };
  const n = text.length;
  let i = 0;
  while (i < n) {
    const cp = text.codePointAt(i)!;
    const w = cp > 0xffff ? 2 : 1;
    if (classOf(cp) !== 'alnum') {
      sepLen++;
      if (cp === 0x0a) sepOk = false;
      i += w;
      continue;
    }
    const start = i;
    let len = 0;
    while (i < n) {
      const c2 = text.codePointAt(i)!;
      if (classOf(c2) !== 'alnum') break;
      len++;
      i += c2 > 0xffff ? 2 : 1;
    }
    const joinsRun = run.length > 0 && sepOk && sepLen >= 1 && sepLen <= MAX_SEPARATOR;
    if (len !== 1 || !joinsRun) closeRun();
    if (len === 1) run.push({ start, end: i });
    sepLen = 0;
    sepOk = true;
  }
  closeRun();
  if (count === 0) return null;
  out.push(text.slice(pos));
  return { text: out.join(''), count };
}

// Pictographs, emoji modifiers, other symbols and the keycap mark, as glued between letters.
// Skin-tone modifiers (U+1F3FB-1F3FF) are Sk; the keycap mark U+20E3 is a separate alternative
// because it is a combining mark.
// ASCII Sk characters (^ and `) are left alone: they are punctuation in code and markup.
const SYMBOLS = /(?:(?![\^`])[\p{Extended_Pictographic}\p{So}\p{Sk}]|\u20E3)+/gu;

function symbolAfterLetter(text: string): boolean {
  let prev: CharClass = 'other';
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!;
    const k = classOf(cp);
    if (k === 'symbol' && prev === 'alnum') return true;
    prev = k;
    i += cp > 0xffff ? 2 : 1;
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
const LETTER = /^\p{L}$/u;

function isLetterAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 0x80) return (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;
  const cp = text.codePointAt(i) as number;
  // The low half of a pair: classify the whole code point.
  if (c >= 0xdc00 && c <= 0xdfff && i > 0)
    return LETTER.test(String.fromCodePoint(text.codePointAt(i - 1) as number));
  return LETTER.test(String.fromCodePoint(cp));
}

/**
 * A leet character touching a letter: without one there is nothing to read. A scan for the leet
 * characters, then a look at their neighbours, instead of a Unicode-letter test at every position.
 */
function leetNextToLetter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const leet =
      c < 0x80 ? ASCII_KIND[c] === 2 || ASCII_KIND[c] === 3 || ASCII_KIND[c] === 4 : LEET_WIDE.has(c);
    if (!leet) continue;
    if ((i > 0 && isLetterAt(text, i - 1)) || (i + 1 < text.length && isLetterAt(text, i + 1))) return true;
  }
  return false;
}
const MAX_LEET_TOKEN = 24;
// Leet characters outside ASCII.
const LEET_WIDE = new Set([0x20ac, 0xa3, 0xa5]);
// Per ASCII code: 1 letter, 2 digit with a letter reading, 3 symbol with a letter reading, 4 other digit.
const ASCII_KIND = new Uint8Array(128);
for (let c = 0x41; c <= 0x5a; c++) ASCII_KIND[c] = 1;
for (let c = 0x61; c <= 0x7a; c++) ASCII_KIND[c] = 1;
for (const ch of '013456789') ASCII_KIND[ch.charCodeAt(0)] = 2;
ASCII_KIND[0x32] = 4; // "2" has no letter reading
for (const ch of '@$!|+') ASCII_KIND[ch.charCodeAt(0)] = 3;
// Characters that open an escape ("%6e", "\\x41", "&#105;"): the token after them is not leetspeak.
const ESCAPE_OPENERS = new Set(['%', '\\', '#', '&']);

/** 0 not a token character, 1 letter, 2 leet, 4 other digit. */
function tokenKind(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 0x80) {
    const k = ASCII_KIND[c]!;
    return k === 3 ? 2 : k;
  }
  if (LEET_WIDE.has(c)) return 2;
  if (c >= 0xd800 && c <= 0xdfff) return 0; // astral: emoji and rare scripts end a token
  return classOf(c) === 'alnum' ? 1 : 0;
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

/**
 * Reads leetspeak: word-sized tokens (letters, digits, @$!|+€£¥) that mix letters with leet characters
 * ("1gn0r3", "p@$$w0rd"). Pure numbers, long runs (hashes, base64) and escape sequences are left
 * alone. One scan; only mixed tokens are rebuilt.
 */
function unleetPass(text: string, readPure: boolean): { result: Decoded | null; mixed: number } {
  const out: string[] = [];
  let pos = 0;
  let count = 0;
  let mixed = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (tokenKind(text, i) === 0) {
      i++;
      continue;
    }
    const start = i;
    let letters = 0;
    let leet = 0;
    let other = 0;
    for (let k = tokenKind(text, i); k !== 0 && i < n; k = i < n ? tokenKind(text, i) : 0) {
      if (k === 1) letters++;
      else if (k === 2) leet++;
      else other++;
      i++;
    }
    if (leet === 0 || i - start > MAX_LEET_TOKEN || ESCAPE_OPENERS.has(text[start - 1] ?? '')) continue;
    if (letters === 0 && (!readPure || other > 0 || i - start > 6)) continue;
    if (letters > 0) mixed++;
    const token = text.slice(start, i);
    // Trailing "!" and "|" are punctuation far more often than letters.
    const core = token.replace(/[!|]+$/, '');
    // "name@host." is an address: its "@" stays.
    const word = convertToken(core, text[i] === '.' && core.indexOf('@') > 0);
    if (word === core) continue;
    out.push(text.slice(pos, start), word, token.slice(core.length));
    pos = i;
    count++;
  }
  if (count === 0) return { result: null, mixed };
  out.push(text.slice(pos));
  return { result: { text: out.join(''), count }, mixed };
}

export function unleet(text: string): Decoded | null {
  if (!leetNextToLetter(text)) return null;
  const first = unleetPass(text, false);
  // All-leet tokens ("70" for "to") are read only in text that shows two or more mixed tokens.
  return first.mixed >= 2 ? unleetPass(text, true).result : first.result;
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

// A run of letters joined by "_", "-", ".", "+", "*", "~" or "/" into one long token: "ignore_all_rules".
// Runs start at a word start: without the lookbehind the engine retried every position inside a
// word, backtracking over up to 40 letters each time (the same runs, found twice as slowly).
const DELIMITED =
  /(?<![A-Za-z\u00C0-\uFFFF])[A-Za-z\u00C0-\uFFFF]{1,40}(?:[_.+*~/-]{1,3}[A-Za-z\u00C0-\uFFFF]{1,40}){3,}/g;
const DELIMITERS = /[_.+*~/-]{1,3}/g;

/**
 * Words joined by punctuation instead of spaces ("ignore_all_previous_rules", "reveal-the-key") are
 * read with spaces: detectors tokenise on spaces. Four or more words per token, so "e.g." and
 * ordinary hyphenation stay.
 */
const DELIMITER_CODES = new Uint8Array(128);
for (const ch of '_.+*~/-') DELIMITER_CODES[ch.charCodeAt(0)] = 1;

/** A run needs three delimiters that each follow a letter: a necessary condition, in one cheap scan. */
function mayHoldDelimitedRun(text: string): boolean {
  let joins = 0;
  for (let i = 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 || DELIMITER_CODES[c] !== 1) continue;
    const p = text.charCodeAt(i - 1);
    if (((p | 0x20) >= 0x61 && (p | 0x20) <= 0x7a) || p >= 0xc0) joins++;
    if (joins >= 3) return true;
  }
  return false;
}

export function undelimit(text: string): Decoded | null {
  if (!mayHoldDelimitedRun(text)) return null;
  let count = 0;
  const out = text.replace(DELIMITED, (run) => {
    count++;
    return run.replace(DELIMITERS, ' ');
  });
  return count === 0 ? null : { text: out, count };
}
