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
