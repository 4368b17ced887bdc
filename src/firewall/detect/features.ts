import { lexicalClasses } from './lexicon.js';
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
export const FEATURE_VERSION = 7;

export interface SparseVector {
  readonly idx: Int32Array;
  readonly val: Float32Array;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function hashString(s: string, seed: number): number {
  let h = (FNV_OFFSET ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h >>> 0;
}

const SEED_CHAR = 0x1000;
const SEED_WORD = 0x2000;
const SEED_BIGRAM = 0x3000;
const SEED_SHAPE = 0x4000;
const SEED_RULE = 0x5000;

let lastText: string | undefined;
let lastCanonical = '';

/** Lower-case and collapse whitespace; the text is already NFKC-normalised by L1. */
export function canonical(text: string): string {
  // The detector asks for a view's canonical form to skip repeated readings, then the features of
  // that same view (usually one window, the same string) ask again: remember the last answer.
  if (text === lastText) return lastCanonical;
  lastText = text;
  lastCanonical = text.toLowerCase().replace(/\s+/g, ' ').trim();
  return lastCanonical;
}

const WORD = /[\p{L}\p{N}_']+/gu;

/** Scratch accumulators, reused by every call (scoring is synchronous). */
const group = new SparseAcc(12);
const out = new SparseAcc(12);

/** UTF-16 code units of the padded text, reused across calls (scoring is synchronous). */
let codes = new Uint16Array(4096);

function charGrams(acc: SparseAcc, s: string, mask: number): void {
  // Code units come from a typed array rather than charCodeAt on a (cons) string: several times
  // faster in this loop, same hashes.
  const n = s.length + 2;
  if (codes.length < n) codes = new Uint16Array(Math.max(n, codes.length * 2));
  const c = codes;
  c[0] = 32;
  for (let i = 0; i < s.length; i++) c[i + 1] = s.charCodeAt(i);
  c[n - 1] = 32;
  for (let i = 0; i < n; i++) {
    let h = (FNV_OFFSET ^ SEED_CHAR) | 0;
    const end = Math.min(5, n - i);
    for (let k = 0; k < end; k++) {
      h = Math.imul(h ^ (c[i + k] as number), FNV_PRIME);
      if (k >= 1) acc.add((h ^ (k << 24)) & mask, 1);
    }
  }
}

function wordGrams(acc: SparseAcc, s: string, mask: number): void {
  let prev = '<s>';
  for (const m of s.matchAll(WORD)) {
    const w = m[0];
    acc.add(hashString(w, SEED_WORD) & mask, 1);
    acc.add(hashString(`${prev} ${w}`, SEED_BIGRAM) & mask, 1);
    prev = w;
  }
}

function bucket(x: number, edges: readonly number[]): number {
  let b = 0;
  while (b < edges.length && x > (edges[b] ?? Number.POSITIVE_INFINITY)) b++;
  return b;
}

function shapeFeatures(acc: SparseAcc, raw: string, soup: Soup, mask: number): void {
  const len = raw.length;
  let punct = 0;
  let upper = 0;
  let digit = 0;
  let lines = 1;
  let nonAscii = 0;
  for (let i = 0; i < len; i++) {
    const c = raw.charCodeAt(i);
    if (c === 10) lines++;
    else if (c >= 48 && c <= 57) digit++;
    else if (c >= 65 && c <= 90) upper++;
    else if (c > 127) nonAscii++;
    else if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126))
      punct++;
  }
  const d = Math.max(1, len);
  const feats: [string, number][] = [
    ['len', bucket(len, [16, 32, 64, 128, 256, 512, 1024, 2048, 4096])],
    ['punct', bucket(punct / d, [0.02, 0.05, 0.08, 0.12, 0.18, 0.25])],
    ['upper', bucket(upper / d, [0.02, 0.05, 0.1, 0.2, 0.4])],
    ['digit', bucket(digit / d, [0.01, 0.05, 0.15, 0.3])],
    ['lines', bucket(lines, [1, 2, 4, 8, 16, 64])],
    ['nonascii', bucket(nonAscii / d, [0.01, 0.1, 0.3, 0.6])],
  ];
  feats.push(['soup', bucket(soup.peak, [0, 1, 2, 3, 5])], ['soupTail', bucket(soup.tail, [0, 1, 2, 4])]);
  for (const [name, b] of feats) acc.add(hashString(`${name}:${b}`, SEED_SHAPE) & mask, 1);
  // Soup in prose (one or two lines) is the optimised-suffix signature; in multi-line text it is code.
  const soupB = bucket(soup.peak, [0, 1, 2, 3, 5]);
  acc.add(hashString(`soup&lines:${soupB}:${Math.min(lines, 3)}`, SEED_SHAPE) & mask, 1);
  // Code and JSON balance their brackets; optimised suffixes rarely do.
  acc.add(hashString(`soup&unbalanced:${soupB}:${bracketImbalance(raw) > 0 ? 1 : 0}`, SEED_SHAPE) & mask, 1);
}

function lineCount(raw: string): number {
  let n = 1;
  for (let i = raw.indexOf('\n'); i >= 0; i = raw.indexOf('\n', i + 1)) n++;
  return n;
}

/** Sum over (), [] and {} of |openers - closers|: 0 for code, JSON and math, rarely 0 for suffix soup. */
function bracketImbalance(raw: string): number {
  let p = 0;
  let b = 0;
  let c = 0;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw.charCodeAt(i);
    if (ch === 40) p++;
    else if (ch === 41) p--;
    else if (ch === 91) b++;
    else if (ch === 93) b--;
    else if (ch === 123) c++;
    else if (ch === 125) c--;
  }
  return Math.abs(p) + Math.abs(b) + Math.abs(c);
}

const SOUP_WINDOW = 10;
const SOUP_MAX_TOKENS = 4096;

/** The punctuation that optimised suffixes are made of: \ [ ] { } ( ) < > | ^ ~ ` " * @ $ # ! ? ; : = + _ */
const SOUP_PUNCT = new Uint8Array(128);
for (const ch of '\\[]{}()<>|^~`"*@$#!?;:=+_') SOUP_PUNCT[ch.charCodeAt(0)] = 1;

/** True when a whitespace token looks like an optimised-suffix fragment rather than a word, URL or number. */
function soupy(tok: string): boolean {
  if (tok.length < 2 || tok.length > 40) return false;
  // Most tokens are plain words: count the suffix punctuation first, and only then pay for the
  // Unicode-aware checks (none can make a token soupy without at least one such character).
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
  const letters = /\p{L}/u.test(tok);
  // A case switch inside a run of letters ("similarlyNow", "giving**ONE") that is not a leading capital.
  const caseJoin = /\p{Ll}{2,}\p{Lu}/u.test(tok) || /[^\p{L}\s]\p{Lu}{2,}/u.test(tok);
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
  const toks = raw.split(/\s+/, SOUP_MAX_TOKENS).filter((t) => t.length > 0);
  const flags = toks.map(soupy);
  let win = 0;
  let peak = 0;
  for (let i = 0; i < flags.length; i++) {
    if (flags[i]) win++;
    if (i >= SOUP_WINDOW && flags[i - SOUP_WINDOW]) win--;
    if (win > peak) peak = win;
  }
  const tail = flags.slice(-12).filter(Boolean).length;
  return { peak, tail };
}

/** Sub-linear counts (sqrt) then L2 normalisation of one group, added to `out`; clears `g`. */
/** Where finished feature values go: a sparse vector (training) or a running dot product (scoring). */
interface Sink {
  add(key: number, v: number): void;
}

/** Scoring needs only w·x: summing as values come skips building (and reading back) the vector. */
class DotSink implements Sink {
  z = 0;
  weights: Float32Array = new Float32Array(0);
  add(key: number, v: number): void {
    this.z += (this.weights[key] as number) * v;
  }
}
const dot = new DotSink();

function flushGroup(g: SparseAcc, out: Sink, weight: number): void {
  let ss = 0;
  for (let i = 0; i < g.n; i++) ss += g.valueAt(i);
  // Sum of squares of sqrt(count) = sum(count).
  const inv = ss > 0 ? weight / Math.sqrt(ss) : 0;
  if (inv > 0) for (let i = 0; i < g.n; i++) out.add(g.keyAt(i), Math.sqrt(g.valueAt(i)) * inv);
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
  extract(text, ruleHits, opts, out);
  const idx = new Int32Array(out.n);
  const val = new Float32Array(out.n);
  for (let i = 0; i < out.n; i++) {
    idx[i] = out.keyAt(i);
    val[i] = out.valueAt(i);
  }
  out.clear();
  return { idx, val };
}

/** w·x for the features of one text: what featurize then a dot product gives, without the vector. */
export function featureDot(
  text: string,
  ruleHits: readonly string[],
  opts: FeatureOptions,
  weights: Float32Array,
): number {
  if (weights.length !== 1 << opts.bits) throw new RangeError('weights do not match the feature space');
  dot.z = 0;
  dot.weights = weights;
  extract(text, ruleHits, opts, dot);
  return dot.z;
}

function extract(text: string, ruleHits: readonly string[], opts: FeatureOptions, sink: Sink): void {
  const mask = (1 << opts.bits) - 1;
  const g = opts.groups ?? DEFAULT_GROUPS;
  const s = canonical(text);
  if (g.char > 0) {
    charGrams(group, s, mask);
    flushGroup(group, sink, g.char);
  }
  if (g.word > 0) {
    wordGrams(group, s, mask);
    flushGroup(group, sink, g.word);
  }
  const soup = tokenSoup(text);
  shapeFeatures(group, text, soup, mask);
  flushGroup(group, sink, g.shape);
  // The lexical window is bounded: the classes are about phrasing, and the regexes then run on at most 8 KB.
  // Suffix soup in prose (not multi-line code) is a class, so that it meets the harmful-goal classes.
  if (g.lex > 0) {
    const extra = soup.peak >= 2 && lineCount(text) <= 3 ? ['soup'] : [];
    for (const name of lexicalClasses(s.slice(0, 8192), extra))
      group.add(hashString(name, SEED_SHAPE) & mask, 1);
    flushGroup(group, sink, g.lex);
  }
  for (const id of ruleHits) sink.add(hashString(`rule:${id}`, SEED_RULE) & mask, g.rule);
  const count = Math.min(3, ruleHits.length) * 0.4 * g.rule;
  if (count > 0) sink.add(hashString('rule-count', SEED_RULE) & mask, count);
}
