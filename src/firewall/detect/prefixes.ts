/**
 * Word-start prefixes of a regex: a cheap necessary condition for it to match. Most word-class
 * patterns are `\b(word|other word|stem\w*…)`; on a text without any of those words they still
 * try every position, a few nanoseconds per character each. The text's word starts are walked once
 * through a trie of every pattern's prefixes, and a pattern runs only if one of its prefixes is
 * there: the answer is the pattern's own, the trie only skips patterns that cannot match.
 *
 * The analysis is conservative. It follows literals, small character classes, groups, alternation
 * and quantifiers; anything else (`\w`, `.`, a negated class) ends a prefix where it stands, and
 * an alternative that could start with it, or that does not start a word (`\b` then a word
 * character), cannot be screened: it is split off and always runs.
 */

/**
 * Prefixes longer than this are cut: longer ones cost more to walk. Eight rather than six since the
 * word lists of other languages hold stems that share six letters with common English words
 * ("instrucciones" and "instructions", "secreto" and "secret"): cut at six, they ran their class's
 * pattern on most English text for nothing.
 */
export const PREFIX_MAX = 8;
/** Give up on a pattern whose prefix set grows past this (optional parts multiply it). */
const MAX_SET = 512;
const WB = '\u0000';

/** A possible start of a match: its characters (after a leading WB when `\b` came first), and whether the pattern may go on after them. */
interface Start {
  readonly s: string;
  readonly open: boolean;
}

class Unsupported extends Error {}

function isWordCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

function isAsciiLetter(c: number): boolean {
  return ((c | 32) - 97) >>> 0 < 26;
}

const len = (s: string) => (s.startsWith(WB) ? s.length - 1 : s.length);

function concat(a: readonly Start[], b: readonly Start[]): Start[] {
  const out: Start[] = [];
  for (const x of a) {
    if (x.open || len(x.s) >= PREFIX_MAX) {
      out.push({ s: x.s, open: true });
      continue;
    }
    for (const y of b) {
      // A \b after the first character constrains nothing this analysis checks: drop it.
      const ys = y.s.startsWith(WB) && x.s.length > 0 ? y.s.slice(1) : y.s;
      const s = x.s === WB && ys.startsWith(WB) ? ys : x.s + ys;
      const cut = len(s) > PREFIX_MAX;
      out.push({ s: cut ? s.slice(0, s.length - (len(s) - PREFIX_MAX)) : s, open: y.open || cut });
    }
  }
  return dedupe(out);
}

function dedupe(xs: readonly Start[]): Start[] {
  const seen = new Map<string, Start>();
  for (const x of xs) {
    const k = `${x.s}|${x.open}`;
    if (!seen.has(k)) seen.set(k, x);
  }
  if (seen.size > MAX_SET) throw new Unsupported('prefix set too large');
  return [...seen.values()];
}

/** Recursive descent over the subset of regex syntax the analysis follows. */
class Parser {
  i = 0;
  constructor(private readonly src: string) {}

  alternation(): Start[][] {
    const alts = [this.sequence()];
    while (this.src[this.i] === '|') {
      this.i++;
      alts.push(this.sequence());
    }
    return alts;
  }

  private sequence(): Start[] {
    let acc: Start[] = [{ s: '', open: false }];
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') {
      acc = concat(acc, this.quantified());
    }
    return acc;
  }

  private quantified(): Start[] {
    const atom = this.atom();
    const q = this.src[this.i];
    if (q === '?' || q === '*' || q === '+' || q === '{') {
      let min = q === '+' ? 1 : 0;
      let max = q === '?' ? 1 : Number.POSITIVE_INFINITY;
      if (q === '{') {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i));
        if (!m) throw new Unsupported('bad repeat');
        min = Number(m[1]);
        max = m[2] === undefined ? min : m[3] === '' ? Number.POSITIVE_INFINITY : Number(m[3]);
        this.i += m[0].length - 1;
      }
      this.i++;
      if (this.src[this.i] === '?') this.i++; // lazy: same set of matches
      // One repetition, and maybe more after it: the prefix set of one copy, left open.
      const once = max > 1 ? atom.map((x) => ({ s: x.s, open: true })) : atom;
      return min === 0 ? dedupe([{ s: '', open: false }, ...once]) : once;
    }
    return atom;
  }

  private atom(): Start[] {
    const src = this.src;
    const c = src[this.i] as string;
    if (c === '(') {
      this.i++;
      if (src.startsWith('?:', this.i)) this.i += 2;
      else if (src.startsWith('?=', this.i) || src.startsWith('?!', this.i)) {
        // A lookahead takes no characters: skip it, its constraint unchecked.
        this.i += 2;
        this.alternation();
        this.expect(')');
        return [{ s: '', open: false }];
      } else if (src[this.i] === '?') throw new Unsupported('group kind');
      const alts = this.alternation();
      this.expect(')');
      return dedupe(alts.flat());
    }
    if (c === '[') return this.charClass();
    if (c === '\\') {
      const e = src[this.i + 1] ?? '';
      this.i += 2;
      if (e === 'b') return [{ s: WB, open: false }];
      // Classes, other escapes and control characters: not followed.
      if (/[a-zA-Z0-9]/.test(e)) return [{ s: '', open: true }];
      return [{ s: e, open: false }];
    }
    this.i++;
    if (c === '.' || c === '^' || c === '$') return [{ s: '', open: true }];
    return [{ s: c, open: false }];
  }

  private charClass(): Start[] {
    const end = this.src.indexOf(']', this.i + 1);
    if (end < 0) throw new Unsupported('unclosed class');
    const body = this.src.slice(this.i + 1, end);
    this.i = end + 1;
    if (body.startsWith('^') || body.includes('\\')) return [{ s: '', open: true }];
    const chars = new Set<string>();
    for (let k = 0; k < body.length; k++) {
      const a = body[k] as string;
      if (body[k + 1] === '-' && k + 2 < body.length) {
        const b = body[k + 2] as string;
        for (let x = a.charCodeAt(0); x <= b.charCodeAt(0); x++) chars.add(String.fromCharCode(x));
        k += 2;
      } else chars.add(a);
    }
    if (chars.size > 8) return [{ s: '', open: true }];
    return [...chars].map((s) => ({ s, open: false }));
  }

  private expect(ch: string): void {
    if (this.src[this.i] !== ch) throw new Unsupported(`expected ${ch}`);
    this.i++;
  }
}

/** A pattern's top-level alternatives, as sources, cut where the parser saw the `|`. */
function topLevel(src: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      out.push(src.slice(from, i));
      from = i + 1;
    }
  }
  out.push(src.slice(from));
  return out;
}

/** What the screen knows of one pattern. */
export interface Screened {
  /** Word-start prefixes of the alternatives that can be screened. */
  readonly prefixes: readonly string[];
  /** The alternatives that cannot: they always run (null when there are none). */
  readonly rest: RegExp | null;
  /** The screened alternatives, run only when one of `prefixes` starts a word of the text. */
  readonly screened: RegExp | null;
}

/**
 * Split a pattern into alternatives that only match at a word start with one of `prefixes`, and
 * the rest. Flags other than `i` (and `g`) are not followed: the whole pattern is the rest. Under
 * `i` without `u`, an ASCII letter matches its other case and nothing else, so the prefixes are
 * lower-cased and the text must be scanned case-folded (PrefixTrie foldCase).
 */
export function screen(re: RegExp): Screened {
  const flags = re.flags.replace('g', '');
  if (flags !== '' && flags !== 'i') return { prefixes: [], rest: re, screened: null };
  const screenedSrc: string[] = [];
  const restSrc: string[] = [];
  const prefixes = new Set<string>();
  for (const alt of topLevel(re.source)) {
    const starts = startsOf(alt);
    const ok = starts?.every((x) => x.s.startsWith(WB) && x.s.length > 1 && isWordCode(x.s.charCodeAt(1)));
    if (!ok || starts === null) {
      restSrc.push(alt);
      continue;
    }
    screenedSrc.push(alt);
    for (const x of starts) prefixes.add(flags === 'i' ? asciiLower(x.s.slice(1)) : x.s.slice(1));
  }
  return {
    prefixes: [...prefixes],
    rest: restSrc.length > 0 ? new RegExp(restSrc.join('|'), flags) : null,
    screened: screenedSrc.length > 0 ? new RegExp(screenedSrc.join('|'), flags) : null,
  };
}

/** A pattern's test that runs only what a scan of its trie allows; `words` is what the scan returned. */
export type ScreenedTest = (text: string, words: number) => boolean;

/**
 * `re` registered in `trie`: its screened alternatives run when the scan found one of their
 * prefixes, searching from the first word that has one; the rest always runs. Null when no
 * alternative can be screened or the trie is full (then run `re` itself).
 */
export function screenedTest(re: RegExp, trie: PrefixTrie): ScreenedTest | null {
  const { prefixes, screened, rest } = screen(re);
  const bit = screened === null ? null : trie.addPattern(prefixes, 'word');
  if (screened === null || bit === null) return null;
  const from = new RegExp(screened.source, `${screened.flags}g`);
  const index = 31 - Math.clz32(bit);
  return (text, words) => {
    if ((words & bit) !== 0) {
      from.lastIndex = trie.first[index] as number;
      if (from.test(text)) return true;
    }
    return rest?.test(text) ?? false;
  };
}

// Non-ASCII characters that case-fold to ASCII under `iu` (long s → s, Kelvin sign → k).
const FOLDS_TO_ASCII = [0x017f, 0x212a];

const nonAsciiCode = (c: number) => c > 127 && !FOLDS_TO_ASCII.includes(c);

/**
 * When every match of a pattern holds one of the non-ASCII characters written in it, a class of
 * those characters (case-insensitive): a text without any of them cannot match, and most text
 * (English, or another script than the pattern's) has none. A sequence needs one when one of its
 * mandatory parts does, an alternation when all its alternatives do. Conservative: what the parse
 * does not follow (`\s`, `.`, negated sets, lookarounds) needs nothing, and null means no gate.
 */
export function nonAsciiGate(src: string): RegExp | null {
  let i = 0;
  // The non-ASCII characters and ranges written in the pattern, as class members.
  const members = new Set<string>();
  const hex = (c: number) => `\\u{${c.toString(16)}}`;
  const member = (lo: number, hi: number) => members.add(lo === hi ? hex(lo) : `${hex(lo)}-${hex(hi)}`);

  /** The code point of an escape at `i` (\xHH, \uHHHH or an escaped symbol); null for classes like \s. */
  const escaped = (): number | null => {
    const e = src[i + 1] ?? '';
    const digits = e === 'x' ? 2 : e === 'u' ? 4 : 0;
    const h = digits > 0 ? new RegExp(`^[0-9a-fA-F]{${digits}}`).exec(src.slice(i + 2)) : null;
    i += 2 + (h?.[0].length ?? 0);
    if (h) return Number.parseInt(h[0], 16);
    return /[a-zA-Z0-9]/.test(e) ? null : e.charCodeAt(0);
  };
  const literal = (): number | null => {
    if (src[i] === '\\') return escaped();
    const c = src.codePointAt(i) as number;
    i += c > 0xffff ? 2 : 1;
    return c;
  };

  const charClass = (): boolean => {
    i++;
    // A negated set holds ASCII characters.
    let all = src[i] !== '^';
    if (!all) i++;
    while (i < src.length && src[i] !== ']') {
      const lo = literal();
      let hi = lo;
      if (src[i] === '-' && i + 1 < src.length && src[i + 1] !== ']') {
        i++;
        hi = literal();
      }
      if (lo === null || hi === null) all = false;
      else {
        if (!nonAsciiCode(lo) || FOLDS_TO_ASCII.some((f) => f >= lo && f <= hi)) all = false;
        if (lo > 127) member(lo, hi);
      }
    }
    if (src[i] !== ']') throw new Unsupported('unclosed class');
    i++;
    return all;
  };

  const atom = (): boolean => {
    const c = src[i];
    if (c === '(') {
      i++;
      let look = false;
      if (src.startsWith('?:', i)) i += 2;
      else if (/^\?<?[=!]/.test(src.slice(i))) {
        look = true;
        i += src[i + 1] === '<' ? 3 : 2;
      } else if (src[i] === '?') throw new Unsupported('group kind');
      const needs = alternation();
      if (src[i] !== ')') throw new Unsupported('unclosed group');
      i++;
      return needs && !look;
    }
    if (c === '[') return charClass();
    if (c === '.' || c === '^' || c === '$') {
      i++;
      return false;
    }
    const code = literal();
    if (code !== null && code > 127) member(code, code);
    return code !== null && nonAsciiCode(code);
  };

  const sequence = (): boolean => {
    let any = false;
    while (i < src.length && src[i] !== '|' && src[i] !== ')') {
      const needs = atom();
      let min = 1;
      const q = src[i];
      if (q === '?' || q === '*' || q === '+') {
        min = q === '+' ? 1 : 0;
        i++;
      } else if (q === '{') {
        const m = /^\{(\d+)(,\d*)?\}/.exec(src.slice(i));
        if (!m) throw new Unsupported('bad repeat');
        min = Number(m[1]);
        i += m[0].length;
      }
      if (q !== undefined && '?*+{'.includes(q) && src[i] === '?') i++; // lazy: same matches
      if (needs && min > 0) any = true;
    }
    return any;
  };

  function alternation(): boolean {
    let all = sequence();
    while (src[i] === '|') {
      i++;
      all = sequence() && all;
    }
    return all;
  }

  try {
    if (!alternation() || i !== src.length) return null;
  } catch (e) {
    if (e instanceof Unsupported) return null;
    throw e;
  }
  return new RegExp(`[${[...members].join('')}]`, 'iu');
}

function asciiLower(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

function startsOf(src: string): Start[] | null {
  try {
    const p = new Parser(src);
    const alts = p.alternation();
    if (p.i !== src.length) return null;
    return dedupe(alts.flat());
  } catch (e) {
    if (e instanceof Unsupported) return null;
    throw e;
  }
}

/** Where a pattern's prefixes must start: after a non-word character (`\b`), or after a non-letter. */
export type PrefixStart = 'word' | 'letter';

/**
 * A trie of the prefixes of up to 32 patterns, each node marked with the patterns (a bit each) that
 * have a prefix ending there. Only ASCII is followed (a prefix ends at its first other character,
 * still a necessary start). The edges are an open-addressing table of (node, character) → child,
 * so a walk allocates nothing and mostly stays in the CPU cache.
 */
export class PrefixTrie {
  /** Read the text's ASCII letters lower-cased (for patterns screened under the `i` flag). */
  constructor(private readonly foldCase = false) {}

  private keys = new Int32Array(1024).fill(-1);
  private vals = new Int32Array(1024);
  private shift = 22;
  private edges = 0;
  /** Bits of the patterns whose prefix ends at each node, by where the prefix must start. */
  private readonly wordBits: number[] = [0];
  private readonly letterBits: number[] = [0];
  /** Patterns added: the next one gets bit `1 << size`. */
  size = 0;
  /** Where the last scan first found each pattern's prefix (by bit index; valid for bits it returned). */
  readonly first = new Int32Array(32);

  /** Add a pattern's prefixes (each starting with an ASCII word character); returns its bit, or null when the trie is full. */
  addPattern(prefixes: readonly string[], start: PrefixStart): number | null {
    if (this.size >= 32 || prefixes.some((p) => p.length === 0 || !isWordCode(p.charCodeAt(0)))) return null;
    const bit = 1 << this.size++;
    const bits = start === 'word' ? this.wordBits : this.letterBits;
    this.frozen = null;
    for (const p of prefixes) {
      let node = 0;
      for (let k = 0; k < p.length && p.charCodeAt(k) < 128; k++) {
        let child = this.child(node, p.charCodeAt(k));
        if (child < 0) {
          child = this.wordBits.length;
          this.wordBits.push(0);
          this.letterBits.push(0);
          this.link(node, p.charCodeAt(k), child);
        }
        node = child;
      }
      bits[node] = (bits[node] as number) | bit;
    }
    return bit;
  }

  private child(node: number, c: number): number {
    const key = node * 128 + c;
    const mask = this.keys.length - 1;
    for (let slot = Math.imul(key, 0x9e3779b1) >>> this.shift; ; slot = (slot + 1) & mask) {
      const k = this.keys[slot] as number;
      if (k === key) return this.vals[slot] as number;
      if (k === -1) return -1;
    }
  }

  private link(node: number, c: number, child: number): void {
    // Keep the load factor at or under one half so that probe chains stay short.
    if ((this.edges + 1) * 2 > this.keys.length) {
      const { keys, vals } = this;
      this.keys = new Int32Array(keys.length * 2).fill(-1);
      this.vals = new Int32Array(vals.length * 2);
      this.shift--;
      for (let i = 0; i < keys.length; i++)
        if (keys[i] !== -1) this.put(keys[i] as number, vals[i] as number);
    }
    this.put(node * 128 + c, child);
    this.edges++;
  }

  private put(key: number, val: number): void {
    const mask = this.keys.length - 1;
    let slot = Math.imul(key, 0x9e3779b1) >>> this.shift;
    while (this.keys[slot] !== -1) slot = (slot + 1) & mask;
    this.keys[slot] = key;
    this.vals[slot] = val;
  }

  /**
   * Bits of the patterns with a prefix in `text` where it may start: for 'word' patterns a `\b`
   * word start, for 'letter' ones any position after a character that is not an ASCII letter. No
   * match of a pattern starts before `first[bit index]`.
   */
  scan(text: string): number {
    if (this.frozen === null) this.frozen = this.freeze();
    // Everything the walk reads, in locals and typed arrays: this loop runs once per character.
    const { root, keys, vals, wordBits, letterBits } = this.frozen;
    const { first, shift, foldCase } = this;
    const mask = keys.length - 1;
    const n = text.length;
    let found = 0;
    for (let i = 0; i < n; i++) {
      let c = text.charCodeAt(i);
      if (c >= 128) continue;
      if (foldCase && c >= 65 && c <= 90) c |= 32;
      let node = root[c] as number;
      if (node > 0) {
        const atWord = i === 0 || !isWordCode(text.charCodeAt(i - 1));
        for (let k = i; ; ) {
          const bits = (letterBits[node] as number) | (atWord ? (wordBits[node] as number) : 0);
          if ((bits & ~found) !== 0) {
            for (let fresh = bits & ~found; fresh !== 0; fresh &= fresh - 1)
              first[31 - Math.clz32(fresh & -fresh)] = i;
            found |= bits;
          }
          if (++k >= n || k - i >= PREFIX_MAX) break;
          let next = text.charCodeAt(k);
          if (next >= 128) break;
          if (foldCase && next >= 65 && next <= 90) next |= 32;
          const key = node * 128 + next;
          node = -1;
          for (let slot = Math.imul(key, 0x9e3779b1) >>> shift; ; slot = (slot + 1) & mask) {
            const kk = keys[slot] as number;
            if (kk === key) {
              node = vals[slot] as number;
              break;
            }
            if (kk === -1) break;
          }
          if (node < 0) break;
        }
      }
      // The rest of a run of ASCII letters follows a letter: no prefix starts there.
      if (isAsciiLetter(c)) while (i + 1 < n && isAsciiLetter(text.charCodeAt(i + 1))) i++;
    }
    return found;
  }

  /** Typed copies of the trie for the walk (remade after patterns are added). */
  private frozen: {
    root: Int32Array;
    keys: Int32Array;
    vals: Int32Array;
    wordBits: Int32Array;
    letterBits: Int32Array;
  } | null = null;

  private freeze() {
    const root = new Int32Array(128);
    for (let c = 0; c < 128; c++) root[c] = Math.max(0, this.child(0, c));
    return {
      root,
      keys: this.keys,
      vals: this.vals,
      wordBits: Int32Array.from(this.wordBits),
      letterBits: Int32Array.from(this.letterBits),
    };
  }
}
