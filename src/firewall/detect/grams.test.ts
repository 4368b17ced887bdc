import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { charGrams, GramCounts, hashString, SEED_BIGRAM, SEED_CHAR, SEED_WORD, wordGrams } from './grams.js';

const BITS = 18;
const MASK = (1 << BITS) - 1;

/** The plain definitions the fast loops must equal. */
function referenceChar(s: string): number[] {
  const padded = ` ${s} `;
  const out: number[] = [];
  for (let i = 0; i < padded.length; i++) {
    for (let k = 1; k < 5 && i + k < padded.length; k++) {
      // FNV over the gram's code units, tagged with its length.
      const h = hashString(padded.slice(i, i + k + 1), SEED_CHAR);
      out.push(((h ^ (k << 24)) >>> 0) & MASK);
    }
  }
  return out;
}

function referenceWord(s: string): number[] {
  const out: number[] = [];
  let prev = '<s>';
  for (const m of s.matchAll(/[\p{L}\p{N}_']+/gu)) {
    out.push(hashString(m[0], SEED_WORD) & MASK, hashString(`${prev} ${m[0]}`, SEED_BIGRAM) & MASK);
    prev = m[0];
  }
  return out;
}

function collect(read: (acc: { add(k: number): void }) => void): number[] {
  const out: number[] = [];
  read({ add: (k) => out.push(k) });
  return out;
}

const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.constantFrom("it's a_b 12'3", '😀 hello 𝒜𝒷 wörld', '\ud800x\udc00', '', ' ', 'ab'),
);

describe('n-gram hashing', () => {
  it('should give exactly the char n-grams of the plain definition', () => {
    fc.assert(
      fc.property(text, (s) => {
        expect(collect((acc) => charGrams(acc, s, MASK))).toEqual(referenceChar(s));
      }),
    );
  });

  it('should give exactly the word unigrams and bigrams of the plain definition', () => {
    fc.assert(
      fc.property(text, (s) => {
        expect(collect((acc) => wordGrams(acc, s, MASK))).toEqual(referenceWord(s));
      }),
    );
  });
});

describe('GramCounts', () => {
  it('should count past 255 and forget everything on clear', () => {
    const g = new GramCounts(10);
    for (let i = 0; i < 300; i++) g.add(7);
    g.add(9);
    expect([g.n, g.total, g.count(7), g.count(9), g.keyAt(0), g.countAt(1)]).toEqual([2, 301, 300, 1, 7, 1]);
    g.clear();
    expect([g.n, g.total, g.count(7), g.count(9)]).toEqual([0, 0, 0, 0]);
  });
});
