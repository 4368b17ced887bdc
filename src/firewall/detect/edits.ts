/**
 * Where a derived view (skeleton, de-leeted, URL-decoded …) differs from the primary text. L1
 * transforms edit text locally: a homoglyph folded here, an escape decoded there. Reading every
 * view in full made a text with a dozen views cost a dozen readings; reading only what each view
 * changed makes it cost what the transforms changed (see features.ts, readEdited).
 *
 * Both texts are compared lower-cased (the features fold case). An edit is widened to whole
 * whitespace-separated tokens plus a margin of unchanged tokens on each side (at least two tokens,
 * one of them holding a word, and five non-space characters), so that every character n-gram and
 * word bigram that crosses an edit's border is the same in both texts. The delta of the n-gram
 * counts of the two widened slices is then exactly the delta between the two texts.
 */
import { hasWordChar, isSpace } from './grams.js';

export interface Edit {
  /** [ps, pe) of the primary text is replaced by [vs, ve) of the view. */
  readonly ps: number;
  readonly pe: number;
  readonly vs: number;
  readonly ve: number;
  /** Characters of the view inside the edit before widening: what the transform actually wrote. */
  readonly changed: number;
  /** [cs, ce) of the view: from the first to the last character written, before widening. */
  readonly cs: number;
  readonly ce: number;
}

/** Characters compared to find where an edit ends. */
const PROBE = 12;
/** More separate edits than this (per 64 characters, at least 48), and the view is read whole. */
const MAX_EDITS = 48;
/** How far past a difference the end of an edit is looked for. */
const MAX_SKIP = 8192;

/**
 * The widened edits that turn `p` into `v` (both lower-cased, same lengths as the texts they
 * stand for), or undefined when the view differs in too many places to be worth it. Equal parts
 * are equal character for character, so the result is exact whatever alignment is found: a poor
 * one only makes the edits larger.
 */
export function diffViews(p: string, v: string): Edit[] | undefined {
  const raw: Edit[] = [];
  const pl = p.length;
  const vl = v.length;
  const maxEdits = Math.max(MAX_EDITS, pl >> 6);
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < pl && j < vl && p.charCodeAt(i) === v.charCodeAt(j)) {
      i++;
      j++;
    }
    if (i === pl && j === vl) break;
    if (raw.length === maxEdits) return undefined;
    const r = i < pl && j < vl ? resync(p, v, i, j) : undefined;
    if (r === undefined) {
      raw.push({ ps: i, pe: pl, vs: j, ve: vl, changed: vl - j, cs: j, ce: vl });
      break;
    }
    raw.push({ ps: i, pe: r[0], vs: j, ve: r[1], changed: r[1] - j, cs: j, ce: r[1] });
    i = r[0];
    j = r[1];
  }
  return widen(raw, p);
}

/**
 * The first place after a difference at (i, j) where the texts agree again: a probe of the view
 * taken at growing distances past j, looked for in a bounded stretch of the primary past i.
 */
function resync(p: string, v: string, i: number, j: number): [number, number] | undefined {
  for (let s = 0; s <= MAX_SKIP && j + s < v.length; s = s < 4 ? s + 1 : Math.ceil(s * 1.5)) {
    const probe = v.slice(j + s, j + s + PROBE);
    const from = s === 0 ? i + 1 : i;
    // A probe at the very end of the view must end the primary too.
    if (probe.length < PROBE) {
      const at = p.length - probe.length;
      return at >= from && p.endsWith(probe) ? [at, j + s] : undefined;
    }
    const to = Math.min(p.length, i + 2 * s + 64 + PROBE);
    const q = p.slice(from, to).indexOf(probe);
    if (q >= 0) return [from + q, j + s];
  }
  return undefined;
}

/** Widen each edit to its margins (bounded by its neighbours), merging edits whose margins meet. */
function widen(raw: readonly Edit[], p: string): Edit[] {
  const out: Edit[] = [];
  for (let k = 0; k < raw.length; k++) {
    const e = raw[k] as Edit;
    const floor = k > 0 ? (raw[k - 1] as Edit).pe : 0;
    const ceil = k + 1 < raw.length ? (raw[k + 1] as Edit).ps : p.length;
    const a = marginBefore(p, e.ps, floor);
    const b = marginAfter(p, e.pe, ceil);
    const w = { ...e, ps: a, pe: b, vs: a + (e.vs - e.ps), ve: b + (e.ve - e.pe) };
    const last = out.at(-1);
    if (last !== undefined && w.ps <= last.pe)
      out[out.length - 1] = { ...last, pe: w.pe, ve: w.ve, changed: last.changed + w.changed, ce: w.ce };
    else out.push(w);
  }
  return out;
}

/** True when the tokens between a margin and an edit are enough for the n-grams that cross it. */
function enough(tokens: number, chars: number, words: number): boolean {
  return tokens >= 2 && chars >= 5 && words >= 1;
}

/** Start of the margin before an edit starting at `x`; `floor` (an edit's end, or 0) when too close. */
function marginBefore(p: string, x: number, floor: number): number {
  // The token the edit starts in belongs to the edit.
  while (x > floor && !isSpace(p.charCodeAt(x - 1))) x--;
  let tokens = 0;
  let chars = 0;
  let words = 0;
  while (!enough(tokens, chars, words)) {
    while (x > floor && isSpace(p.charCodeAt(x - 1))) x--;
    if (x <= floor) return floor;
    const end = x;
    while (x > floor && !isSpace(p.charCodeAt(x - 1))) x--;
    // A token cut by the floor is no margin: the edits meet.
    if (x === floor && floor > 0) return floor;
    tokens++;
    chars += end - x;
    if (hasWordChar(p, x, end)) words++;
  }
  return x;
}

/** End of the margin after an edit ending at `x`; `ceil` (an edit's start, or the end) when too close. */
function marginAfter(p: string, x: number, ceil: number): number {
  while (x < ceil && !isSpace(p.charCodeAt(x))) x++;
  let tokens = 0;
  let chars = 0;
  let words = 0;
  while (!enough(tokens, chars, words)) {
    while (x < ceil && isSpace(p.charCodeAt(x))) x++;
    if (x >= ceil) return ceil;
    const start = x;
    while (x < ceil && !isSpace(p.charCodeAt(x))) x++;
    if (x === ceil && ceil < p.length) return ceil;
    tokens++;
    chars += x - start;
    if (hasWordChar(p, start, x)) words++;
  }
  return x;
}
