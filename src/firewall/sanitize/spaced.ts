/**
 * Spaced-out letters joined ("i g n o r e", "i.g.n.o.r.e", "i🔥g🔥n" -> "ignore"): spacing letters
 * out breaks a detector's tokens while a reader still sees the word.
 */
import { codePointAt, isAlnum } from './charclass.js';
import type { Decoded } from './decoders.js';

const NON_ASCII = /[\u0080-\uFFFF]/g;
const MIN_SPACED_LETTERS = 4;
// Wide enough for glue around up to four literal characters (" : / / ").
const MAX_SEPARATOR = 9;

/** "·x·y·" shapes: the same glue character at every even position, literal characters between. */
function gluedLiterals(sep: readonly string[]): string | null {
  if (sep.length < 3 || sep.length % 2 === 0) return null;
  for (let k = 2; k < sep.length; k += 2) if (sep[k] !== sep[0]) return null;
  let literals = '';
  for (let k = 1; k < sep.length; k += 2) literals += sep[k];
  return literals;
}

/** Code points in text[start, end), a pair counted once (the width Array.from() would give). */
function codePointCount(text: string, start: number, end: number): number {
  let count = 0;
  for (let i = start; i < end; i++) {
    count++;
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < end) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
  }
  return count;
}

function hasTabOrReturn(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x09 || c === 0x0d) return true;
  }
  return false;
}

/**
 * Joins one run of single characters. The narrowest separator is the glue and vanishes; a wider one
 * made of glue around other characters keeps those characters ("h t t p : / / x" -> "http://x",
 * "r . e" -> "r.e"); any other wider gap is a word break ("i g n o r e   a l l"). Separators are
 * split into characters only when wider than the glue. `run` holds [start, end] of each character.
 */
function joinRun(text: string, run: readonly number[]): string {
  const widths: number[] = [];
  let narrow = Number.POSITIVE_INFINITY;
  for (let k = 2; k < run.length; k += 2) {
    const width = codePointCount(text, run[k - 1]!, run[k]!);
    widths.push(width);
    narrow = Math.min(narrow, width);
  }
  let joined = text.slice(run[0]!, run[1]!);
  for (let k = 2; k < run.length; k += 2) {
    const start = run[k - 1]!;
    const end = run[k]!;
    const glue =
      widths[k / 2 - 1] === narrow && !hasTabOrReturn(text, start, end)
        ? ''
        : (gluedLiterals(Array.from(text.slice(start, end))) ?? ' ');
    joined += glue + text.slice(end, run[k + 1]!);
  }
  return joined;
}

/**
 * True when every letter or digit of the text is ASCII and no character is astral: then code units
 * are code points and the ASCII classes are despace()'s classes, so SPACED_ASCII decides it. Prose
 * with a few curly quotes or dashes is such text.
 */
function alnumIsAscii(text: string): boolean {
  // The regex engine jumps from one non-ASCII character to the next (no match objects).
  NON_ASCII.lastIndex = 0;
  while (NON_ASCII.test(text)) {
    const c = text.charCodeAt(NON_ASCII.lastIndex - 1);
    if ((c >= 0xd800 && c <= 0xdfff) || isAlnum(c)) return false;
  }
  return true;
}

// In ASCII text, exactly what makes despace() fire: four single letters or digits in a row, each
// separated from the next by one to nine other characters on one line. The regex engine settles it
// several times faster than the scan. (Outside ASCII, classes and widths differ: see alnumIsAscii.)
// Letters and separators are disjoint classes, so nothing backtracks.
const SPACED_ASCII = /(?:^|[^A-Za-z0-9])[A-Za-z0-9](?:[^A-Za-z0-9\n]{1,9}[A-Za-z0-9](?![A-Za-z0-9])){3}/;

/** The run of single characters after a token of `length` ends, given the separator before it. */
function runAfter(singles: number, length: number, sepLen: number, sepOk: boolean): number {
  if (length !== 1) return 0;
  return singles > 0 && sepOk && sepLen >= 1 && sepLen <= MAX_SEPARATOR ? singles + 1 : 1;
}

/**
 * Whether despace() fires: a run of four single letters or digits, each one to nine characters from
 * the last on one line. The scan of despace() without building anything, for text the regex cannot
 * decide; tokens are judged as they end, against the separator before them.
 */
export function hasSpacedRun(text: string): boolean {
  const n = text.length;
  let singles = 0; // length of the current run of single characters
  let token = 0; // length of the letter-or-digit token being read; 0 inside a separator
  let sepLen = 0;
  let sepOk = true;
  for (let i = 0; i < n; ) {
    const cp = codePointAt(text, i);
    i += cp > 0xffff ? 2 : 1;
    if (isAlnum(cp)) {
      token++;
      continue;
    }
    if (token > 0) {
      singles = runAfter(singles, token, sepLen, sepOk);
      if (singles >= MIN_SPACED_LETTERS) return true;
      token = 0;
      sepLen = 0;
      sepOk = true;
    }
    sepLen++;
    if (cp === 0x0a) sepOk = false;
  }
  return token > 0 && runAfter(singles, token, sepLen, sepOk) >= MIN_SPACED_LETTERS;
}

/**
 * Joins spaced-out letters: four or more single letters/digits, each separated by 1-4 non-alphanumeric
 * characters on one line ("i g n o r e", "i.g.n.o.r.e", "i🔥g🔥n"). Where the separators differ in
 * width ("i g n o r e   a l l") the wider ones are word breaks. One scan over the text.
 */
export function despace(text: string): Decoded | null {
  if (alnumIsAscii(text) ? !SPACED_ASCII.test(text) : !hasSpacedRun(text)) return null;
  const joiner = new RunJoiner(text);
  const n = text.length;
  let token = 0; // length of the letter-or-digit token being read; 0 inside a separator
  let tokenStart = 0;
  let sepLen = 0; // the separator before the token: its length, and whether it stays on one line
  let sepOk = true;
  for (let i = 0; i < n; ) {
    const cp = codePointAt(text, i);
    const w = cp > 0xffff ? 2 : 1;
    if (isAlnum(cp)) {
      if (token === 0) tokenStart = i;
      token++;
    } else {
      if (token > 0) {
        joiner.token(tokenStart, i, token, sepOk && sepLen >= 1 && sepLen <= MAX_SEPARATOR);
        token = 0;
        sepLen = 0;
        sepOk = true;
      }
      sepLen++;
      if (cp === 0x0a) sepOk = false;
    }
    i += w;
  }
  if (token > 0) joiner.token(tokenStart, n, token, sepOk && sepLen >= 1 && sepLen <= MAX_SEPARATOR);
  return joiner.result();
}

/** The join pass of despace(): fed each token as it ends, with whether its separator can glue. */
class RunJoiner {
  private readonly out: string[] = [];
  private pos = 0;
  private count = 0;
  // [start, end] of each single character in the current run.
  private readonly run: number[] = [];

  constructor(private readonly text: string) {}

  token(start: number, end: number, length: number, glues: boolean): void {
    if (length !== 1 || !glues) this.close();
    if (length === 1) this.run.push(start, end);
  }

  result(): Decoded | null {
    this.close();
    if (this.count === 0) return null;
    this.out.push(this.text.slice(this.pos));
    return { text: this.out.join(''), count: this.count };
  }

  /** Ends the current run, joining it when long enough; most words close no run at all. */
  private close(): void {
    if (this.run.length === 0) return;
    if (this.run.length >= 2 * MIN_SPACED_LETTERS) {
      this.out.push(this.text.slice(this.pos, this.run[0]!), joinRun(this.text, this.run));
      this.pos = this.run[this.run.length - 1]!;
      this.count++;
    }
    this.run.length = 0;
  }
}
