import {
  charGrams,
  type GramCounts,
  hashString,
  isSpace,
  type KeySink,
  scratchCounts,
  wordGrams,
} from './grams.js';
import { classFeatures, presentClasses, unionClasses } from './lexicon.js';
import type { Weights } from './model.js';
import {
  addShape,
  countShape,
  SEED_SHAPE,
  type ShapeCounts,
  type Soup,
  shapeFeatures,
  soupOf,
  type TokenFlags,
  tokenFlags,
  tokenSoup,
} from './shape.js';
import { SparseAcc } from './sparse-acc.js';

/**
 * Hashed sparse features shared by the trainer and the runtime, so that a model is always
 * scored with exactly the features it was trained on (FEATURE_VERSION is stored in the model).
 *
 * Groups (each L2-normalised on its own so that no group dominates by sheer count):
 * - char 2..5-grams of the lower-cased, whitespace-collapsed text (robust to spelling, works
 *   for scripts without spaces such as CJK);
 * - word unigrams and bigrams;
 * - shape features (length, punctuation/symbol density, line count, digit ratio) bucketed, which
 *   carry the "optimised gibberish suffix" and "document vs chat" signals across sources;
 * - word classes and their conjunctions (lexicon.ts);
 * - rule hits from the signature rules, so the model learns how much each rule is worth.
 */
export const FEATURE_VERSION = 8;

export interface SparseVector {
  readonly idx: Int32Array;
  readonly val: Float32Array;
}

const SEED_RULE = 0x5000;

/** Lower-case and collapse whitespace; the text is already NFKC-normalised by L1. */
export function canonical(text: string): string {
  return collapse(text.toLowerCase());
}

/** Where finished feature values go: a sparse vector (training) or a running dot product (scoring). */
interface Sink {
  add(key: number, v: number): void;
}

/** Scoring needs only w·x: summing as values come skips building (and reading back) the vector. */
class DotSink implements Sink {
  /** In units of the weights' scale. */
  z = 0;
  weights: Int16Array = new Int16Array(0);
  add(key: number, v: number): void {
    this.z += (this.weights[key] as number) * v;
  }
}
const dot = new DotSink();
/** The vector being built by featurize (training), reused. */
const vector = new SparseAcc(12);

/** Sub-linear counts (sqrt) then L2 normalisation of one group, added to `out`; clears `g`. */
function flushGroup(g: GramCounts, out: Sink, weight: number): void {
  // Sum of squares of sqrt(count) = sum(count).
  const inv = g.total > 0 ? weight / Math.sqrt(g.total) : 0;
  if (inv > 0) for (let i = 0; i < g.n; i++) out.add(g.keyAt(i), Math.sqrt(g.countAt(i)) * inv);
  g.clear();
}

export interface FeatureOptions {
  /** log2 of the hashed feature space. */
  readonly bits: number;
  /** Weight of each feature group (chosen by the trainer, stored in the model header). */
  readonly groups?: FeatureGroups;
}

export interface FeatureGroups {
  readonly char: number;
  readonly word: number;
  readonly shape: number;
  readonly lex: number;
  readonly rule: number;
}

export const DEFAULT_GROUPS: FeatureGroups = { char: 1, word: 1, shape: 0.5, lex: 1, rule: 0.7 };

/** Sparse hashed features of one text plus the ids of the rules that matched it. */
export function featurize(text: string, ruleHits: readonly string[], opts: FeatureOptions): SparseVector {
  // Groups can hash to the same bucket: the vector holds each bucket once, with the sum.
  extract(text, ruleHits, opts, vector);
  const idx = new Int32Array(vector.n);
  const val = new Float32Array(vector.n);
  for (let i = 0; i < vector.n; i++) {
    idx[i] = vector.keyAt(i);
    val[i] = vector.valueAt(i);
  }
  vector.clear();
  return { idx, val };
}

/** w·x for the features of one text: what featurize then a dot product gives, without the vector. */
export function featureDot(
  text: string,
  ruleHits: readonly string[],
  opts: FeatureOptions,
  weights: Weights,
): number {
  return readBase(text, ruleHits, opts, weights).z;
}

/** Training: every group through one sink. */
function extract(text: string, ruleHits: readonly string[], opts: FeatureOptions, sink: Sink): void {
  const mask = (1 << opts.bits) - 1;
  const g = opts.groups ?? DEFAULT_GROUPS;
  const s = canonical(text);
  const group = scratchCounts(opts.bits);
  if (g.char > 0) {
    charGrams(group, s, mask);
    flushGroup(group, sink, g.char);
  }
  if (g.word > 0) {
    wordGrams(group, s, mask);
    flushGroup(group, sink, g.word);
  }
  const present = g.lex > 0 ? presentClasses(s.slice(0, LEX_WINDOW)) : [];
  extractRest(countShape(text), tokenSoup(text), present, ruleHits, opts, sink);
}

/** The lexical window is bounded: the classes are about phrasing, and the regexes then run on at most 8 KB. */
const LEX_WINDOW = 8192;

/**
 * Hashes of the feature names of a set of word classes. Building and hashing up to a hundred
 * conjunction names was a good part of a reading, and the derived views of a text mostly share
 * their primary's classes; the sets seen are few, so they are remembered (full hashes, masked by
 * the caller).
 */
const classKeyMemo = new Map<string, Int32Array>();

function classKeys(present: readonly string[], soupy: boolean): Int32Array {
  const id = `${present.join(',')}${soupy ? '+soup' : ''}`;
  let keys = classKeyMemo.get(id);
  if (keys === undefined) {
    keys = Int32Array.from(classFeatures(present, soupy ? ['soup'] : []), (name) =>
      hashString(name, SEED_SHAPE),
    );
    if (classKeyMemo.size >= 4096) classKeyMemo.clear();
    classKeyMemo.set(id, keys);
  }
  return keys;
}

/** Shape, word-class and rule features: everything but the n-grams. */
function extractRest(
  shape: ShapeCounts,
  soup: Soup,
  present: readonly string[],
  ruleHits: readonly string[],
  opts: FeatureOptions,
  sink: Sink,
): void {
  const mask = (1 << opts.bits) - 1;
  const g = opts.groups ?? DEFAULT_GROUPS;
  const group = scratchCounts(opts.bits);
  shapeFeatures(group, shape, soup, mask);
  flushGroup(group, sink, g.shape);
  // Suffix soup in prose (not multi-line code) is a class, so that it meets the harmful-goal classes.
  if (g.lex > 0) {
    const soupy = soup.peak >= 2 && shape.newlines + 1 <= 3;
    for (const key of classKeys(present, soupy)) group.add(key & mask);
    flushGroup(group, sink, g.lex);
  }
  for (const id of ruleHits) sink.add(hashString(`rule:${id}`, SEED_RULE) & mask, g.rule);
  const count = Math.min(3, ruleHits.length) * 0.4 * g.rule;
  if (count > 0) sink.add(hashString('rule-count', SEED_RULE) & mask, count);
}

/**
 * A scored text whose n-gram counts are kept (until the next base reading), so that copies of it
 * with local edits, the derived views of L1, can be scored from the difference alone.
 */
export interface BaseReading {
  /** w·x of the text (no bias). */
  readonly z: number;
  readonly present: readonly string[];
  readonly generation: number;
  /** Σ q·sqrt(count) over the char and word buckets, in units of the weights' scale. */
  readonly charSum: number;
  readonly wordSum: number;
  readonly shape: Readonly<ShapeCounts>;
  readonly tokens: TokenFlags;
}

let generation = 0;

/** Σ q·sqrt(count) over a group's buckets, in units of the weights' scale. */
function sqrtSum(g: GramCounts, weights: Int16Array): number {
  let sum = 0;
  for (let i = 0; i < g.n; i++) sum += (weights[g.keyAt(i)] as number) * Math.sqrt(g.countAt(i));
  return sum;
}

/** Sub-linear counts, L2-normalised: Σ(sqrt c)² = Σc, so the norm is the square root of the total. */
function groupDot(weight: number, sum: number, total: number): number {
  return total > 0 ? (weight * sum) / Math.sqrt(total) : 0;
}

export function readBase(
  text: string,
  ruleHits: readonly string[],
  opts: FeatureOptions,
  weights: Weights,
): BaseReading {
  const q = weights.q;
  if (q.length !== 1 << opts.bits) throw new RangeError('weights do not match the feature space');
  const mask = (1 << opts.bits) - 1;
  const g = opts.groups ?? DEFAULT_GROUPS;
  const s = canonical(text);
  const chars = scratchCounts(opts.bits, 'char');
  const words = scratchCounts(opts.bits, 'word');
  chars.clear();
  words.clear();
  if (g.char > 0) charGrams(chars, s, mask);
  if (g.word > 0) wordGrams(words, s, mask);
  const charSum = sqrtSum(chars, q);
  const wordSum = sqrtSum(words, q);
  const present = g.lex > 0 ? presentClasses(s.slice(0, LEX_WINDOW)) : [];
  const shape = countShape(text);
  const tokens = tokenFlags(text);
  dot.z = 0;
  dot.weights = q;
  extractRest(shape, soupOf(tokens.flags), present, ruleHits, opts, dot);
  const z =
    weights.scale * (groupDot(g.char, charSum, chars.total) + groupDot(g.word, wordSum, words.total) + dot.z);
  return { z, present, generation: ++generation, charSum, wordSum, shape, tokens };
}

/**
 * One edit: the primary's slice and the view's, as written and lower-cased (widened to whole
 * tokens, edits.ts), and where the primary's slice lies in the base text.
 */
export interface EditText {
  readonly at: number;
  readonly end: number;
  readonly before: string;
  readonly after: string;
  readonly beforeLower: string;
  readonly afterLower: string;
}

/** Adds ±1 per n-gram occurrence: the count delta between the two sides of the edits. */
class SignedSink implements KeySink {
  acc = new SparseAcc(10);
  sign = 1;
  add(key: number): void {
    this.acc.add(key, this.sign);
  }
}
const charDelta = new SignedSink();
const wordDelta = new SignedSink();

function deltaSum(d: SparseAcc, base: GramCounts, weights: Int16Array): [number, number] {
  let sum = 0;
  let total = 0;
  for (let i = 0; i < d.n; i++) {
    const change = d.valueAt(i);
    if (change === 0) continue;
    const key = d.keyAt(i);
    const c = base.count(key);
    sum += (weights[key] as number) * (Math.sqrt(c + change) - Math.sqrt(c));
    total += change;
  }
  d.clear();
  return [sum, total];
}

/**
 * w·x of the base text with `edits` (in order) applied. The n-gram and shape groups are exact:
 * their counts change only inside the widened edits; so is the token soup, the base's token flags
 * with those of the edited tokens spliced in. The word classes are the base's plus those found in the edited slices: a transform reveals words
 * rather than hides them, and testing every class on every view was most of the cost.
 */
export function readEdited(
  base: BaseReading,
  edits: readonly EditText[],
  ruleHits: readonly string[],
  opts: FeatureOptions,
  weights: Weights,
): number {
  if (base.generation !== generation) throw new Error('stale base reading');
  const mask = (1 << opts.bits) - 1;
  const g = opts.groups ?? DEFAULT_GROUPS;
  const shape = { ...base.shape };
  const afters: string[] = [];
  for (const e of edits) {
    const after = collapse(e.afterLower);
    afters.push(after);
    for (const [side, sign] of [
      [after, 1],
      [collapse(e.beforeLower), -1],
    ] as const) {
      charDelta.sign = sign;
      wordDelta.sign = sign;
      if (g.char > 0) charGrams(charDelta, side, mask);
      if (g.word > 0) wordGrams(wordDelta, side, mask);
    }
    addShape(shape, countShape(e.after), 1);
    addShape(shape, countShape(e.before), -1);
  }
  // A newline cannot join two slices into one phrase: the canonical text has none.
  const present =
    g.lex > 0 ? unionClasses(base.present, presentClasses(afters.join('\n'), base.present)) : [];
  const chars = scratchCounts(opts.bits, 'char');
  const words = scratchCounts(opts.bits, 'word');
  const [cs, ct] = deltaSum(charDelta.acc, chars, weights.q);
  const [ws, wt] = deltaSum(wordDelta.acc, words, weights.q);
  dot.z = 0;
  dot.weights = weights.q;
  extractRest(shape, soupOf(splicedFlags(base.tokens, edits)), present, ruleHits, opts, dot);
  return (
    weights.scale *
    (groupDot(g.char, base.charSum + cs, chars.total + ct) +
      groupDot(g.word, base.wordSum + ws, words.total + wt) +
      dot.z)
  );
}

/** The base's token flags with each edit's tokens in place of those it replaces. */
function splicedFlags(base: TokenFlags, edits: readonly EditText[]): number[] {
  const out: number[] = [];
  let t = 0;
  for (const e of edits) {
    while (t < base.starts.length && (base.starts[t] as number) < e.at) out.push(base.flags[t++] as number);
    out.push(...tokenFlags(e.after).flags);
    while (t < base.starts.length && (base.starts[t] as number) < e.end) t++;
  }
  while (t < base.flags.length) out.push(base.flags[t++] as number);
  return out;
}

/** Code units of the canonical text being built, reused across calls. */
let collapsed = new Uint16Array(4096);
const utf16 = new TextDecoder('utf-16le');

/**
 * The canonical form of an already lower-cased text: `s.replace(/\s+/g, ' ').trim()` (isSpace is the
 * set \s stands for). One pass into a reused buffer, and the text itself when nothing changes: the
 * regex replacement built a piece per white-space run, most of a reading's garbage.
 */
export function collapse(s: string): string {
  const n = s.length;
  if (collapsed.length < n) collapsed = new Uint16Array(Math.max(n, collapsed.length * 2));
  const out = collapsed;
  let k = 0;
  let space = false;
  let same = true;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) {
      const lo = s.charCodeAt(i + 1);
      // A pair is copied whole. The decoder would turn a lone surrogate into U+FFFD (L1 has already
      // replaced those in its views), so such text takes the regex.
      if (c > 0xdbff || !(lo >= 0xdc00 && lo <= 0xdfff)) return s.replace(/\s+/g, ' ').trim();
      if (space && k > 0) out[k++] = 32;
      space = false;
      out[k++] = c;
      out[k++] = lo;
      i++;
      continue;
    }
    if ((c <= 32 || c >= 160) && isSpace(c)) {
      // Changed unless it is one plain space between two other characters.
      if (c !== 32 || space || k === 0) same = false;
      space = true;
      continue;
    }
    if (space && k > 0) out[k++] = 32;
    space = false;
    out[k++] = c;
  }
  if (space) same = false;
  return same ? s : utf16.decode(new Uint8Array(out.buffer, 0, k * 2));
}
