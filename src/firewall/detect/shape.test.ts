import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addShape, countShape, tokenFlags, tokenSoup } from './shape.js';

describe('tokenFlags', () => {
  it('should find the tokens that String.split on white space finds, with their offsets', () => {
    const text = fc.string({
      unit: fc.constantFrom('a', 'B', ']', '(', '*', ' ', '\n', '\u00a0', '\u3000', '\\', 'é'),
    });
    fc.assert(
      fc.property(text, (s) => {
        const { starts } = tokenFlags(s);
        const pieces = s.split(/\s+/).filter((t) => t.length > 0);
        expect(starts.map((at, i) => s.slice(at, at + (pieces[i] as string).length))).toEqual(pieces);
      }),
    );
  });

  it('should flag exactly the tokens the regex definition of a suffix fragment flags', () => {
    // The definition, as Unicode property regexes: what the code-point walk in soupy() stands for.
    const PUNCT = /[\\[\]{}()<>|^~`"*@$#!?;:=+_]/g;
    const reference = (tok: string): number => {
      if (tok.length < 2 || tok.length > 40) return 0;
      const punct = tok.match(PUNCT)?.length ?? 0;
      if (punct === 0) return 0;
      if (/^(https?:|www\.)/i.test(tok) || /^[\d.,:%/+-]+$/.test(tok)) return 0;
      const letters = /\p{L}/u.test(tok);
      const caseJoin = /\p{Ll}{2,}\p{Lu}/u.test(tok) || /[^\p{L}\s]\p{Lu}{2,}/u.test(tok);
      return (letters && (caseJoin || punct >= 2)) || (!letters && punct >= 2) || tok.includes('\\') ? 1 : 0;
    };
    const unit = fc.constantFrom(
      'a',
      'b',
      'B',
      'Q',
      'É',
      'é',
      'ǅ',
      'ß',
      '中',
      '𝐀',
      '𝐚',
      '\uD800',
      '1',
      '.',
      ']',
      '(',
      '*',
      '\\',
      '!',
      '-',
      '/',
      ':',
      'h',
      't',
      'p',
      's',
      'w',
      ' ',
    );
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 45 }), (s) => {
        const pieces = s.split(/\s+/).filter((t) => t.length > 0);
        expect(tokenFlags(s).flags).toEqual(pieces.map(reference));
      }),
      { numRuns: 3000 },
    );
  });

  it('should stop at 4096 pieces, as the split it stands for does', () => {
    const many = ' a]({b'.repeat(5000);
    expect(tokenFlags(many).starts).toHaveLength(4095);
    expect(tokenFlags(many.trimStart()).starts).toHaveLength(4096);
    expect(tokenSoup(many).peak).toBeLessThanOrEqual(10);
  });
});

describe('countShape', () => {
  it('should add up over the pieces of a text', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const sum = countShape(a);
        addShape(sum, countShape(b), 1);
        expect(sum).toEqual(countShape(a + b));
        addShape(sum, countShape(b), -1);
        expect(sum).toEqual(countShape(a));
      }),
    );
  });
});
