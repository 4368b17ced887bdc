/**
 * Hand-written finders for the spans the base64 and hex decoders look at. Each returns exactly the
 * matches of the regex named in its comment (spans.test.ts checks this against the regex itself), but
 * as one table-driven pass over char codes: on ordinary prose the regexes cost more than all of the
 * other transforms together, because their lookbehind is tried at every position of every view.
 */

/** Spans as [start0, end0, start1, end1, ...], in order and not overlapping. */
export type Spans = number[];

const BASE64_CHAR = new Uint8Array(128);
for (const ch of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-')
  BASE64_CHAR[ch.charCodeAt(0)] = 1;
const HEX_DIGIT = new Uint8Array(128);
for (const ch of '0123456789ABCDEFabcdef') HEX_DIGIT[ch.charCodeAt(0)] = 1;
const HEX_SEPARATOR = new Uint8Array(128);
for (const ch of ' :,-') HEX_SEPARATOR[ch.charCodeAt(0)] = 1;
// Every character a hex-pair match can hold.
const HEX_OR_SEPARATOR = HEX_DIGIT.map((d, c) => d | HEX_SEPARATOR[c]!);

const isHexDigit = (c: number): boolean => c < 0x80 && HEX_DIGIT[c] === 1;
const isHexSeparator = (c: number): boolean => c < 0x80 && HEX_SEPARATOR[c] === 1;

const MIN_BASE64_RUN = 16;
const MIN_HEX_PAIRS = 8;

function inSet(text: string, set: Uint8Array, k: number): boolean {
  const c = text.charCodeAt(k);
  return c < 0x80 && set[c] === 1;
}

/**
 * Maximal runs of at least `min` characters from an ASCII set. Skips ahead: when the character `min`
 * places after a possible run start is outside the set, no long run starts before it, so prose is
 * settled reading one character in several instead of each one (every character is read at most
 * twice).
 */
export function longRuns(text: string, set: Uint8Array, min: number): Spans {
  const spans: Spans = [];
  const n = text.length;
  // Invariant: i is 0 or text[i - 1] is outside the set, so a run found at i is maximal on the left.
  let i = 0;
  while (i + min <= n) {
    let k = i + min - 1;
    while (k >= i && inSet(text, set, k)) k--;
    if (k >= i) {
      i = k + 1;
      continue;
    }
    let end = i + min;
    while (end < n && inSet(text, set, end)) end++;
    spans.push(i, end);
    i = end + 1;
  }
  return spans;
}

/**
 * `/(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{16,}={0,2}/g`: every maximal run of 16 or more base64
 * characters, with up to two "=" after it. Shorter runs match nowhere: the lookbehind rules out
 * starting inside a run.
 */
export function base64Spans(text: string): Spans {
  const spans = longRuns(text, BASE64_CHAR, MIN_BASE64_RUN);
  for (let k = 1; k < spans.length; k += 2) {
    let end = spans[k]!;
    if (text.charCodeAt(end) === 0x3d) end++;
    if (text.charCodeAt(end) === 0x3d) end++;
    spans[k] = end;
  }
  return spans;
}

/**
 * End of the greedy match of `(?:[0-9A-Fa-f]{2}[ :,-]?)+` at `start`, and how many pairs it holds.
 * Backtracking never finds a longer one: a separator left out would have to start the next pair.
 */
function hexPairsFrom(text: string, start: number): [end: number, pairs: number] {
  const n = text.length;
  let i = start;
  let pairs = 0;
  while (i + 1 < n && isHexDigit(text.charCodeAt(i)) && isHexDigit(text.charCodeAt(i + 1))) {
    pairs++;
    i += 2;
    if (i < n && isHexSeparator(text.charCodeAt(i))) i++;
  }
  return [i, pairs];
}

/**
 * `/(?<![0-9A-Fa-f])(?:[0-9A-Fa-f]{2}[ :,-]?){8,}/g`: eight or more hex pairs, each optionally
 * followed by one separator, starting where no hex digit precedes. A match is at least 16 characters
 * of hex digits and separators, so only such runs are searched.
 */
export function hexPairSpans(text: string): Spans {
  const spans: Spans = [];
  const runs = longRuns(text, HEX_OR_SEPARATOR, 2 * MIN_HEX_PAIRS);
  for (let r = 0; r < runs.length; r += 2) {
    const runEnd = runs[r + 1]!;
    let i = runs[r]!;
    while (i < runEnd) {
      if (!isHexDigit(text.charCodeAt(i)) || (i > 0 && isHexDigit(text.charCodeAt(i - 1)))) {
        i++;
        continue;
      }
      const [end, pairs] = hexPairsFrom(text, i);
      if (pairs >= MIN_HEX_PAIRS) {
        spans.push(i, end);
        i = end;
      } else {
        i++;
      }
    }
  }
  return spans;
}

/**
 * `text.replace(re, fn)` for spans found by hand: each span is replaced by `decode(span)`, or kept when
 * that is null. Null when nothing was replaced.
 */
export function replaceFound(
  text: string,
  spans: Spans,
  decode: (span: string) => string | null,
): { text: string; count: number } | null {
  let count = 0;
  let out = '';
  let pos = 0;
  for (let k = 0; k < spans.length; k += 2) {
    const start = spans[k]!;
    const end = spans[k + 1]!;
    const decoded = decode(text.slice(start, end));
    if (decoded === null) continue;
    out += text.slice(pos, start) + decoded;
    pos = end;
    count++;
  }
  return count === 0 ? null : { text: out + text.slice(pos), count };
}
