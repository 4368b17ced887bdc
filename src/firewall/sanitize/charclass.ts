/**
 * Character classes for the hand-written scanners, without a Unicode-property regex per character:
 * ASCII by code ranges, other code points classified once by regex and cached (bounded).
 */
export type CharClass = 'alnum' | 'symbol' | 'other';

const ALNUM = /^[\p{L}\p{N}]$/u;
const SYMBOL = /^(?:[\p{Extended_Pictographic}\p{So}\p{Sk}]|\u20E3)$/u;
const CACHE_LIMIT = 8192;
const cache = new Map<number, CharClass>();

export function classOf(cp: number): CharClass {
  if (cp < 0x80) {
    return (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a)
      ? 'alnum'
      : 'other';
  }
  let k = cache.get(cp);
  if (k === undefined) {
    const ch = String.fromCodePoint(cp);
    k = ALNUM.test(ch) ? 'alnum' : SYMBOL.test(ch) ? 'symbol' : 'other';
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(cp, k);
  }
  return k;
}
