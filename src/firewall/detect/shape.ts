/**
 * Shape features: length, punctuation, letter case, digits, lines and "token soup" (the
 * optimised-suffix signature), bucketed. They carry the "gibberish suffix" and "document vs chat"
 * signals across sources.
 */
import { CodePointMemo } from '../sanitize/memo.js';
import { hashString, isSpace, type KeySink } from './grams.js';

export const SEED_SHAPE = 0x4000;

function bucket(x: number, edges: readonly number[]): number {
  let b = 0;
  while (b < edges.length && x > (edges[b] ?? Number.POSITIVE_INFINITY)) b++;
  return b;
}

/**
 * Character counts behind the shape features. They add up over pieces of a text, so a copy of the
 * text with local edits is counted from the edits alone (features.ts, readEdited).
 */
export interface ShapeCounts {
  len: number;
  punct: number;
  upper: number;
  digit: number;
  /** Line breaks (lines = newlines + 1). */
  newlines: number;
  nonAscii: number;
  /** Openers minus closers of (), [] and {}. */
  paren: number;
  bracket: number;
  brace: number;
}

export function countShape(raw: string, from = 0, to = raw.length): ShapeCounts {
  const k: ShapeCounts = {
    len: to - from,
    punct: 0,
    upper: 0,
    digit: 0,
    newlines: 0,
    nonAscii: 0,
    paren: 0,
    bracket: 0,
    brace: 0,
  };
  for (let i = from; i < to; i++) {
    const c = raw.charCodeAt(i);
    if (c === 10) k.newlines++;
    else if (c >= 48 && c <= 57) k.digit++;
    else if (c >= 65 && c <= 90) k.upper++;
    else if (c > 127) k.nonAscii++;
    else if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126)) {
      k.punct++;
      if (c === 40) k.paren++;
      else if (c === 41) k.paren--;
      else if (c === 91) k.bracket++;
      else if (c === 93) k.bracket--;
      else if (c === 123) k.brace++;
      else if (c === 125) k.brace--;
    }
  }
  return k;
}

/** a += sign * b, field by field. */
export function addShape(a: ShapeCounts, b: ShapeCounts, sign: 1 | -1): void {
  a.len += sign * b.len;
  a.punct += sign * b.punct;
  a.upper += sign * b.upper;
  a.digit += sign * b.digit;
  a.newlines += sign * b.newlines;
  a.nonAscii += sign * b.nonAscii;
  a.paren += sign * b.paren;
  a.bracket += sign * b.bracket;
  a.brace += sign * b.brace;
}

export function shapeFeatures(acc: KeySink, k: ShapeCounts, soup: Soup, mask: number): void {
  const d = Math.max(1, k.len);
  const lines = k.newlines + 1;
  const feats: [string, number][] = [
    ['len', bucket(k.len, [16, 32, 64, 128, 256, 512, 1024, 2048, 4096])],
    ['punct', bucket(k.punct / d, [0.02, 0.05, 0.08, 0.12, 0.18, 0.25])],
    ['upper', bucket(k.upper / d, [0.02, 0.05, 0.1, 0.2, 0.4])],
    ['digit', bucket(k.digit / d, [0.01, 0.05, 0.15, 0.3])],
    ['lines', bucket(lines, [1, 2, 4, 8, 16, 64])],
    ['nonascii', bucket(k.nonAscii / d, [0.01, 0.1, 0.3, 0.6])],
  ];
  feats.push(['soup', bucket(soup.peak, [0, 1, 2, 3, 5])], ['soupTail', bucket(soup.tail, [0, 1, 2, 4])]);
  for (const [name, b] of feats) acc.add(shapeKey(`${name}:`, b) & mask);
  // Soup in prose (one or two lines) is the optimised-suffix signature; in multi-line text it is code.
  const soupB = bucket(soup.peak, [0, 1, 2, 3, 5]);
  acc.add(shapeKey(`soup&lines:${soupB}:`, Math.min(lines, 3)) & mask);
  // Code and JSON balance their brackets (sum of |openers - closers| is 0); optimised suffixes rarely do.
  const unbalanced = Math.abs(k.paren) + Math.abs(k.bracket) + Math.abs(k.brace) > 0 ? 1 : 0;
  acc.add(shapeKey(`soup&unbalanced:${soupB}:`, unbalanced) & mask);
}

/** hashString(`${prefix}${n}`, SEED_SHAPE), remembered: the names are few and every reading hashes them. */
const shapeKeys = new Map<string, number[]>();

function shapeKey(prefix: string, n: number): number {
  let row = shapeKeys.get(prefix);
  if (row === undefined) {
    row = [];
    shapeKeys.set(prefix, row);
  }
  let h = row[n];
  if (h === undefined) {
    h = hashString(`${prefix}${n}`, SEED_SHAPE);
    row[n] = h;
  }
  return h;
}

const SOUP_WINDOW = 10;
const SOUP_MAX_TOKENS = 4096;

/** The punctuation that optimised suffixes are made of: \ [ ] { } ( ) < > | ^ ~ ` " * @ $ # ! ? ; : = + _ */
const SOUP_PUNCT = new Uint8Array(128);
for (const ch of '\\[]{}()<>|^~`"*@$#!?;:=+_') SOUP_PUNCT[ch.charCodeAt(0)] = 1;

/** Letter class of a code point for the case tests: 0 no letter, 1 lower case, 2 upper case, 3 other letter. */
const LETTER_CLASS = new CodePointMemo((cp) => {
  const ch = String.fromCodePoint(cp);
  if (/\p{Ll}/u.test(ch)) return 1;
  if (/\p{Lu}/u.test(ch)) return 2;
  return /\p{L}/u.test(ch) ? 3 : 0;
});

/**
 * True when a whitespace token looks like an optimised-suffix fragment rather than a word, URL or
 * number: suffix punctuation with letters joined across a case switch ("similarlyNow",
 * "giving**ONE") or with more punctuation; two punctuation marks without letters; any backslash.
 * The Unicode case tests walk the token's code points through a memo rather than run three
 * property regexes per token (code and suffixes have many such tokens, and every view reads them).
 */
function soupy(tok: string): boolean {
  if (tok.length < 2 || tok.length > 40) return false;
  // Most tokens are plain words: count the suffix punctuation first, and only then pay for the
  // other checks (none can make a token soupy without at least one such character).
  let punct = 0;
  let backslash = false;
  for (let i = 0; i < tok.length; i++) {
    const c = tok.charCodeAt(i);
    if (c < 128 && SOUP_PUNCT[c] === 1) {
      punct++;
      if (c === 92) backslash = true;
    }
  }
  if (punct === 0) return false;
  if (/^(https?:|www\.)/i.test(tok) || /^[\d.,:%/+-]+$/.test(tok)) return false;
  let letters = false;
  let caseJoin = false;
  // Lower-case letters just before; upper-case letters since a character that is no letter (-1:
  // the run of capitals did not start right after one).
  let lowerRun = 0;
  let upperAfterOther = -1;
  for (let i = 0; i < tok.length && !caseJoin; i++) {
    const cp = tok.codePointAt(i) as number;
    if (cp > 0xffff) i++;
    const k = LETTER_CLASS.get(cp);
    if (k !== 0) letters = true;
    if (k === 2) {
      // \p{Ll}{2,}\p{Lu}, or [^\p{L}\s]\p{Lu}{2,} (a token holds no white space).
      if (lowerRun >= 2 || (upperAfterOther >= 0 && ++upperAfterOther >= 2)) caseJoin = true;
    } else upperAfterOther = k === 0 ? 0 : -1;
    lowerRun = k === 1 ? lowerRun + 1 : 0;
  }
  return (letters && (caseJoin || punct >= 2)) || (!letters && punct >= 2) || backslash;
}

/**
 * "Token soup": the largest number of suffix-like tokens in any window of 10 consecutive
 * whitespace tokens, and the number among the last 12 tokens. One pass over at most 4096 tokens.
 */
export interface Soup {
  readonly peak: number;
  readonly tail: number;
}

export function tokenSoup(raw: string): Soup {
  return soupOf(tokenFlags(raw).flags);
}

/** The soup of a sequence of token flags (1 = suffix-like). */
export function soupOf(flags: ArrayLike<number>): Soup {
  let win = 0;
  let peak = 0;
  for (let i = 0; i < flags.length; i++) {
    if (flags[i]) win++;
    if (i >= SOUP_WINDOW && flags[i - SOUP_WINDOW]) win--;
    if (win > peak) peak = win;
  }
  let tail = 0;
  for (let i = Math.max(0, flags.length - 12); i < flags.length; i++) if (flags[i]) tail++;
  return { peak, tail };
}

/** Whitespace-separated tokens of a text: where each starts, and whether it is suffix-like. */
export interface TokenFlags {
  readonly starts: number[];
  readonly flags: number[];
}

/**
 * The tokens of `raw.split(/\s+/, 4096)`, empty pieces dropped: a text starting with white space
 * has an empty first piece, which counts toward the 4096.
 */
export function tokenFlags(raw: string): TokenFlags {
  const starts: number[] = [];
  const flags: number[] = [];
  let pieces = raw.length > 0 && isSpace(raw.charCodeAt(0)) ? 1 : 0;
  let i = 0;
  while (i < raw.length && pieces < SOUP_MAX_TOKENS) {
    while (i < raw.length && isSpace(raw.charCodeAt(i))) i++;
    if (i === raw.length) break;
    const start = i;
    let punct = false;
    for (let c = raw.charCodeAt(i); i < raw.length && !isSpace(c); c = raw.charCodeAt(++i))
      if (c < 128 && SOUP_PUNCT[c] === 1) punct = true;
    starts.push(start);
    // Only a token with suffix punctuation can be soupy: the others are not copied out at all.
    flags.push(punct && soupy(raw.slice(start, i)) ? 1 : 0);
    pieces++;
  }
  return { starts, flags };
}
