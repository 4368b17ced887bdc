/**
 * Character classes for the hand-written scanners, without a Unicode-property regex per character:
 * ASCII by a fixed table, other code points classified once by regex and remembered. The scanners
 * call this for every character of every view.
 */
import { CodePointMemo } from './memo.js';

export type CharClass = 'alnum' | 'symbol' | 'other';

const ALNUM = /^[\p{L}\p{N}]$/u;
const SYMBOL = /^(?:[\p{Extended_Pictographic}\p{So}\p{Sk}]|\u20E3)$/u;
const LETTER = /^\p{L}$/u;
const CLASSES: readonly CharClass[] = ['alnum', 'symbol', 'other'];

const ASCII_ALNUM = new Uint8Array(128);
for (let c = 0; c < 0x80; c++) {
  ASCII_ALNUM[c] = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) ? 1 : 0;
}

// ASCII symbols (^ and `) are punctuation in code and markup: ASCII is only alnum or other.
const classes = new CodePointMemo((cp) => {
  if (cp < 0x80) return ASCII_ALNUM[cp] === 1 ? 0 : 2;
  const ch = String.fromCodePoint(cp);
  return ALNUM.test(ch) ? 0 : SYMBOL.test(ch) ? 1 : 2;
});
const letters = new CodePointMemo((cp) => (LETTER.test(String.fromCodePoint(cp)) ? 1 : 0));

export function classOf(cp: number): CharClass {
  return CLASSES[classes.get(cp)]!;
}

/** True for a letter or digit: `classOf(cp) === 'alnum'` with the ASCII case answered inline. */
export function isAlnum(cp: number): boolean {
  if (cp < 0x80) return ASCII_ALNUM[cp] === 1;
  return classes.get(cp) === 0;
}

/** True for a letter of any script (`\p{L}`). */
export function isLetter(cp: number): boolean {
  return letters.get(cp) === 1;
}

/** `text.codePointAt(i)`, reading the second code unit only at a high surrogate (the rare case). */
export function codePointAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff ? text.codePointAt(i)! : c;
}
