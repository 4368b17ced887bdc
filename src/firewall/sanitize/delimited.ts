/**
 * Words joined by punctuation instead of spaces ("ignore_all_previous_rules", "reveal-the-key") are
 * read with spaces: detectors tokenise on spaces. Four or more words per token, so "e.g." and
 * ordinary hyphenation stay. Words written one per line (four lines or more) are read as one line:
 * phrases, and the rules that look for them, do not cross line breaks.
 */
import type { Decoded } from './decoders.js';

// A run of letters joined by "_", "-", ".", "+", "*", "~" or "/" into one long token: "ignore_all_rules".
// A quote or bracket may sit on either side of a joint (with_"You_are"_and), as it would beside a
// space. Runs start at a word start: without the lookbehind the engine retried every position inside
// a word, backtracking over up to 40 letters each time (the same runs, found twice as slowly).
const DELIMITED =
  /(?<![A-Za-z\u00C0-\uFFFF])[A-Za-z\u00C0-\uFFFF]{1,40}(?:["'()[\]]?[_.+*~/-]{1,3}["'()[\]]?[A-Za-z\u00C0-\uFFFF]{1,40}){3,}/g;
const DELIMITERS = /[_.+*~/-]{1,3}/g;

// What every DELIMITED match holds, far cheaper to find: four letter runs, each joined to the next
// by one to three delimiters (DELIMITED's lookbehind and 40-letter caps only narrow it down). Letter
// and delimiter classes do not overlap, so a failed attempt backs off one letter run at most: linear.
const CHAINED =
  /[A-Za-z\u00C0-\uFFFF]["'()[\]]?[_.+*~/-]{1,3}["'()[\]]?[A-Za-z\u00C0-\uFFFF]+["'()[\]]?[_.+*~/-]{1,3}["'()[\]]?[A-Za-z\u00C0-\uFFFF]+["'()[\]]?[_.+*~/-]{1,3}["'()[\]]?[A-Za-z\u00C0-\uFFFF]/g;

// Delimiters, and the quotes and brackets that may flank a joint: a token spans all of them.
const DELIMITER_CODES = new Uint8Array(128);
for (const ch of '_.+*~/-"\'()[]') DELIMITER_CODES[ch.charCodeAt(0)] = 1;

/** A letter (in DELIMITED's sense: ASCII letters and every code unit from U+00C0), a delimiter, a quote or bracket. */
function isTokenUnit(c: number): boolean {
  if (c >= 0xc0) return true;
  return c < 0x80 && (DELIMITER_CODES[c] === 1 || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a));
}

/**
 * DELIMITED run only over the tokens (maximal runs of letters and delimiters) that hold a CHAINED
 * match. Its matches never leave a token and its lookbehind sees only a non-letter before one, so
 * the result is that of running it over the whole text, without its backtracking on every word.
 */
export function undelimit(input: string): Decoded | null {
  const joined = joinWordLines(input);
  const text = joined.text;
  let count = joined.count;
  let out = '';
  let pos = 0;
  const n = text.length;
  CHAINED.lastIndex = 0;
  for (let m = CHAINED.exec(text); m !== null; m = CHAINED.exec(text)) {
    let start = m.index;
    while (start > pos && isTokenUnit(text.charCodeAt(start - 1))) start--;
    let end = m.index + m[0].length;
    while (end < n && isTokenUnit(text.charCodeAt(end))) end++;
    const token = text.slice(start, end).replace(DELIMITED, (run) => {
      count++;
      return run.replace(DELIMITERS, ' ');
    });
    out += text.slice(pos, start) + token;
    pos = end;
    CHAINED.lastIndex = end;
  }
  return count === 0 ? null : { text: out + text.slice(pos), count };
}

const MIN_WORD_LINES = 4;
const MAX_WORD = 40;

const ONE_WORD = /^\s*\S+\s*$/;

/** Whether text[from, to) is one token of 1 to MAX_WORD characters (a little padding allowed). */
function oneWord(text: string, from: number, to: number): boolean {
  if (to - from > MAX_WORD + 8) return false;
  const line = text.slice(from, to);
  return ONE_WORD.test(line) && line.trim().length <= MAX_WORD;
}

/** Runs of MIN_WORD_LINES or more lines of one word each, joined by spaces. */
function joinWordLines(text: string): { text: string; count: number } {
  if (!text.includes('\n')) return { text, count: 0 };
  let out = '';
  let pos = 0;
  let count = 0;
  // Start of the current run of one-word lines, and how many lines it has.
  let runStart = 0;
  let runLines = 0;
  const close = (end: number) => {
    if (runLines >= MIN_WORD_LINES) {
      // The line breaks inside the run become spaces (a line break is one character, so are they).
      out += text.slice(pos, runStart) + text.slice(runStart, end).replace(/[\r\n]+/g, ' ');
      pos = end;
      count++;
    }
    runLines = 0;
  };
  for (let start = 0; start <= text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (oneWord(text, start, end)) {
      if (runLines === 0) runStart = start;
      runLines++;
    } else close(start > 0 ? start - 1 : 0);
    start = end + 1;
  }
  close(text.length);
  return count === 0 ? { text, count: 0 } : { text: out + text.slice(pos), count };
}
