import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classOf, codePointAt, isAlnum } from './charclass.js';

// The definitions the lookup tables cache. ASCII symbols (^ and `) are punctuation in code and
// markup, so ASCII is only ever alnum or other.
const ALNUM = /^[\p{L}\p{N}]$/u;
const SYMBOL = /^(?:[\p{Extended_Pictographic}\p{So}\p{Sk}]|\u20E3)$/u;
const expected = (cp: number): string => {
  const ch = String.fromCodePoint(cp);
  if (ALNUM.test(ch)) return 'alnum';
  return cp >= 0x80 && SYMBOL.test(ch) ? 'symbol' : 'other';
};

describe('classOf', () => {
  it('classifies ASCII, letters of other scripts, emoji and marks', () => {
    expect(['a', 'Z', '7', ' ', '^', '-'].map((c) => classOf(c.codePointAt(0)!))).toEqual([
      'alnum',
      'alnum',
      'alnum',
      'other',
      'other',
      'other',
    ]);
    expect(classOf('ж'.codePointAt(0)!)).toBe('alnum');
    expect(classOf('٣'.codePointAt(0)!)).toBe('alnum');
    expect(classOf('★'.codePointAt(0)!)).toBe('symbol');
    expect(classOf(0x1f525)).toBe('symbol');
    expect(classOf(0x20e3)).toBe('symbol');
    expect(classOf(0x0301)).toBe('other');
    expect(classOf(0xd800)).toBe('other'); // a lone surrogate is no letter
  });

  it('agrees with the definitions on every code point below U+3000', () => {
    for (let cp = 0; cp < 0x3000; cp++) {
      if (classOf(cp) !== expected(cp)) expect([cp, classOf(cp)]).toEqual([cp, expected(cp)]);
    }
  });

  it('gives the same answer as the Unicode-property regexes, asked twice (cached) or once', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0, max: 0x10ffff })),
        (cp) => {
          expect(classOf(cp)).toBe(expected(cp));
          expect(classOf(cp)).toBe(expected(cp));
          expect(isAlnum(cp)).toBe(expected(cp) === 'alnum');
        },
      ),
      { numRuns: 5000 },
    );
  });
});

describe('codePointAt', () => {
  it('reads like String.prototype.codePointAt, lone surrogates included', () => {
    const text = 'a\u{1F600}\uD800x\uDC00é\uD83D';
    for (let i = 0; i < text.length; i++) expect(codePointAt(text, i)).toBe(text.codePointAt(i));
  });
});
