import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64Spans, hexPairSpans, longRuns, replaceFound, type Spans } from './spans.js';

// The regexes the finders replace: the finders must return exactly their matches.
const BASE64 = /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{16,}={0,2}/g;
const HEX_PAIRS = /(?<![0-9A-Fa-f])(?:[0-9A-Fa-f]{2}[ :,-]?){8,}/g;

const regexSpans = (re: RegExp, text: string): Spans =>
  [...text.matchAll(re)].flatMap((m) => [m.index, m.index + m[0].length]);

// Strings over the characters that matter to both finders, so runs and near-misses are frequent.
const alphabet = fc.constantFrom(
  ...'aB0f9Fz+/_-= :,-=\n.xé\u{1F600}'.split(''),
  'QUFB',
  'Zz09',
  'ab',
  'c0 ',
  '9f:',
  'E1-',
  '7d,',
);
const hexish = fc.constantFrom('ab', 'c0 ', '9f:', 'E1-', '7d,', '0', 'x', ' ', '::');
const tricky = fc.oneof(
  fc.array(alphabet, { maxLength: 120 }).map((parts) => parts.join('')),
  fc.array(hexish, { maxLength: 40 }).map((parts) => parts.join('')),
);

describe('longRuns', () => {
  const abc = new Uint8Array(128);
  for (const ch of 'abc') abc[ch.charCodeAt(0)] = 1;

  it('finds each maximal run of at least min set characters', () => {
    expect(longRuns('abcab x ab cabcabc', abc, 3)).toEqual([0, 5, 11, 18]);
    expect(longRuns('ab ab', abc, 3)).toEqual([]);
    expect(longRuns('abc', abc, 3)).toEqual([0, 3]);
    expect(longRuns('', abc, 1)).toEqual([]);
  });

  it('returns what /[abc]{min,}/g matches, for any min', () => {
    const text = fc
      .array(fc.constantFrom('a', 'b', 'c', 'x', ' ', 'é'), { maxLength: 80 })
      .map((p) => p.join(''));
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 20 }), (t, min) => {
        expect(longRuns(t, abc, min)).toEqual(regexSpans(new RegExp(`[abc]{${min},}`, 'g'), t));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('base64Spans', () => {
  it('finds each run of 16+ base64 characters with up to two "=" after it', () => {
    const text = 'key QUJDREVGR0hJSktMTU5PUA== then dGVzdA short and ab-cd_ef+gh/ij0123==== end';
    expect(base64Spans(text)).toEqual(regexSpans(BASE64, text));
    expect(base64Spans(text)).toHaveLength(4);
  });

  it('ignores runs shorter than 16 characters', () => {
    expect(base64Spans('internationalise antidisestablishment')).toEqual([0, 16, 17, 37]);
    expect(base64Spans('short words, even fifteen-chars')).toEqual([]);
  });

  it('returns exactly the regex matches on arbitrary text', () => {
    fc.assert(
      fc.property(tricky, (t) => {
        expect(base64Spans(t)).toEqual(regexSpans(BASE64, t));
      }),
      {
        numRuns: 2000,
      },
    );
  });
});

describe('hexPairSpans', () => {
  it('finds eight or more hex pairs, each optionally followed by one separator', () => {
    const text = 'id 69 67 6e 6f 72 65 20 61 6c 6c, hash 0123456789abcdef0 and de:ad:be:ef:de:ad:be:ef:';
    expect(hexPairSpans(text)).toEqual(regexSpans(HEX_PAIRS, text));
    expect(hexPairSpans(text)).toHaveLength(6);
  });

  it('finds a later start after a failed one inside a separated run', () => {
    // From "1a" the odd "b" ends the pairs at one; from "2c" there are eight.
    const text = 'x1ab 2c 3d 4e 5f 6a 7b 8c 9d';
    expect(hexPairSpans(text)).toEqual(regexSpans(HEX_PAIRS, text));
    expect(hexPairSpans(text)).toEqual([5, 28]);
  });

  it('returns exactly the regex matches on arbitrary text', () => {
    fc.assert(
      fc.property(tricky, (t) => {
        expect(hexPairSpans(t)).toEqual(regexSpans(HEX_PAIRS, t));
      }),
      {
        numRuns: 2000,
      },
    );
  });
});

describe('replaceFound', () => {
  it('replaces the spans that decode and keeps the others, like String.replace', () => {
    const text = 'a [x] b [y] c';
    const spans = [2, 5, 8, 11];
    const decode = (s: string): string | null => (s === '[x]' ? 'X' : null);
    expect(replaceFound(text, spans, decode)).toEqual({ text: 'a X b [y] c', count: 1 });
  });

  it('returns null when no span decodes', () => {
    expect(replaceFound('a [x] b', [2, 5], () => null)).toBeNull();
    expect(replaceFound('a b', [], () => 'z')).toBeNull();
  });
});
