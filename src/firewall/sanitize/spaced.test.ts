import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { despace } from './spaced.js';

describe('despace', () => {
  it('joins spaced-out letters, using wider gaps as word breaks', () => {
    expect(despace('say: i g n o r e   t h e   r u l e s')?.text).toBe('say: ignore the rules');
  });

  it('joins letters separated by dots, dashes or emoji', () => {
    expect(despace('r.e.v.e.a.l it')?.text).toBe('reveal it');
    expect(despace('d-u-m-p')?.text).toBe('dump');
    expect(despace('s\u{1F525}e\u{1F525}c\u{1F525}r\u{1F525}e\u{1F525}t')?.text).toBe('secret');
  });

  it('keeps punctuation that was spaced out with the letters', () => {
    expect(despace('g o   t o   h t t p : / / x . i o')?.text).toBe('go to http://x.io');
    expect(despace('h.t.t.p.:././.a.b...c.d')?.text).toBe('http://ab.cd');
  });

  it('leaves ordinary prose and short letter lists alone', () => {
    expect(despace('I am a big fan of it')).toBeNull();
    expect(despace('options a, b or c')).toBeNull();
  });

  it('measures separators in characters, emoji as one, and reads a tab as a word break', () => {
    expect(despace('a b\u{1F525}\u{1F525}c d e')?.text).toBe('ab cde');
    expect(despace('w \u{1F525} x \u{1F525} y z')?.text).toBe('w\u{1F525}x\u{1F525}yz');
    expect(despace('a\tb c d e')?.text).toBe('a bcde');
  });

  it('joins letters up to nine characters apart, not ten', () => {
    const nine = ' '.repeat(9);
    expect(despace(['a', 'b', 'c', 'd'].join(nine))?.text).toBe('abcd');
    expect(despace(['a', 'b', 'c', 'd'].join(`${nine} `))).toBeNull();
  });

  it('decides text whose letters are all ASCII by its quick test, exactly as the full scan does', () => {
    // A letter outside ASCII after a line break joins no run but sends the text through the full scan.
    const tail = '\n\u0436';
    const pieces = ['a', 'B', '7', ' ', '  ', '.', '-', '\n', '\t', '\r', 'ab', ' : ', '    ', '         '];
    const text = fc
      .array(fc.constantFrom(...pieces, '\u2014', '\u201C', '\u00A0'), { maxLength: 40 })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, (t) => {
        const quick = despace(t);
        const full = despace(t + tail);
        expect(full === null ? null : full.text).toBe(quick === null ? null : quick.text + tail);
      }),
      { numRuns: 3000 },
    );
  });
});
