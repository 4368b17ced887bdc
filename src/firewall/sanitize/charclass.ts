/**
 * Character classes for the hand-written scanners, without a Unicode-property regex per character:
 * ASCII by a fixed table, other code points classified once by regex and remembered. The scanners
 * call this for every character of every view, so a lookup must cost an array read, not a Map probe.
 */
export type CharClass = 'alnum' | 'symbol' | 'other';

const ALNUM = /^[\p{L}\p{N}]$/u;
const SYMBOL = /^(?:[\p{Extended_Pictographic}\p{So}\p{Sk}]|\u20E3)$/u;
const CACHE_LIMIT = 8192;

// Per BMP code unit: 0 not yet classified, else 1 + index in CLASSES. 64 KiB, filled lazily.
const CLASSES: readonly CharClass[] = ['alnum', 'symbol', 'other'];
const bmp = new Uint8Array(0x10000);
for (let c = 0; c < 0x80; c++) {
  const alnum = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
  bmp[c] = alnum ? 1 : 3;
}
// Astral code points (emoji, rare scripts) are few per text: a bounded cache is enough.
const astral = new Map<number, CharClass>();

function classify(cp: number): CharClass {
  const ch = String.fromCodePoint(cp);
  return ALNUM.test(ch) ? 'alnum' : SYMBOL.test(ch) ? 'symbol' : 'other';
}

export function classOf(cp: number): CharClass {
  if (cp < 0x10000) {
    let k = bmp[cp]!;
    if (k === 0) {
      k = CLASSES.indexOf(classify(cp)) + 1;
      bmp[cp] = k;
    }
    return CLASSES[k - 1]!;
  }
  let k = astral.get(cp);
  if (k === undefined) {
    k = classify(cp);
    if (astral.size >= CACHE_LIMIT) astral.clear();
    astral.set(cp, k);
  }
  return k;
}

/** True for a letter or digit: `classOf(cp) === 'alnum'` with the ASCII case answered inline. */
export function isAlnum(cp: number): boolean {
  if (cp < 0x80) return bmp[cp] === 1;
  return classOf(cp) === 'alnum';
}

/** `text.codePointAt(i)`, reading the second code unit only at a high surrogate (the rare case). */
export function codePointAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff ? text.codePointAt(i)! : c;
}
