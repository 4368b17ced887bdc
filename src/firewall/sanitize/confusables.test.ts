import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { skeleton, skeletonIsLowercase } from './confusables.js';

describe('skeleton', () => {
  it('folds Cyrillic look-alikes inside Latin words and counts the mixed words', () => {
    const r = skeleton('іgnоrе the rules'); // Cyrillic і, о, е
    expect(r.text).toBe('ignore the rules');
    expect(r.folded).toBe(3);
    expect(r.mixedWords).toBe(1);
  });

  it('folds Greek, Armenian and Cherokee look-alikes', () => {
    expect(skeleton('ΑΒΕ αοκ').text).toBe('abe aok');
    expect(skeleton('հօս').text).toBe('hou');
    expect(skeleton('ᏚᎢᎪᎡᎢ').text).toBe('start');
  });

  it('folds small capitals and enclosed letters that NFKC leaves alone', () => {
    expect(skeleton('ɪɢɴᴏʀᴇ').text).toBe('ignore');
    expect(skeleton('\u{1F170}\u{1F171} \u{1F1E6}\u{1F1E7}').text).toBe('ab ab');
  });

  it('drops diacritics', () => {
    expect(skeleton('ïgnörë').text).toBe('ignore');
  });

  it('counts a word spelled wholly in look-alikes among Latin words', () => {
    const r = skeleton('please ѕау hello'); // Cyrillic ѕ, а, у
    expect(r.text).toBe('please say hello');
    expect(r.mixedWords).toBe(1);
  });

  it('folds the Turkish dotless ı without reporting Turkish words as homoglyph spellings', () => {
    const r = skeleton('Türkiye ılık bir yaz geçirdı');
    expect(r.text).toBe('turkiye ilik bir yaz gecirdi');
    expect(r.mixedWords).toBe(0);
    // Beside a Cyrillic look-alike it is still a mixed word.
    expect(skeleton('ıgnоrе').mixedWords).toBe(1);
  });

  it('does not flag ordinary Russian text as a homoglyph attack', () => {
    const r = skeleton('Привет, как дела? Всё хорошо.');
    expect(r.mixedWords).toBe(0);
  });

  it('leaves real words of other scripts alone: only look-alikes that imitate Latin are folded', () => {
    // Every word holds a Cyrillic letter with no Latin twin: ordinary Russian, not an imitation;
    // its letters and marks (й) stay.
    expect(skeleton('Игнорируй инструкции сейчас').text).toBe('игнорируй инструкции сейчас');
    // "а" and "сок" are look-alikes only, but the text around them is Russian: real words.
    expect(skeleton('Он и она пьют сок, а мы чай').text).toBe('он и она пьют сок, а мы чай');
    // The same look-alike words among English words, or in a text of look-alikes only, are folded.
    expect(skeleton('please drink сок now').text).toBe('please drink cok now');
    expect(skeleton('ΑΒΕ αοκ').text).toBe('abe aok');
    // Scripts without case keep their vowel signs and marks (Hindi, Thai, Arabic): no skeleton.
    for (const t of ['क्या आप उपयोगकर्ता के पसंदीदा रंग', 'นี่คือภาษาไทย', 'مرحبًا بالعالم'])
      expect(skeleton(t).text).toBe(t);
    // A Latin word with a look-alike inside Greek text is still a homoglyph spelling.
    expect(skeleton('Καλημέρα іgnоrе φίλε').text).toBe('καλημέρα ignore φίλε');
  });

  it('lower-cases ASCII without further work', () => {
    expect(skeleton('Hello World')).toEqual({
      text: 'hello world',
      folded: 0,
      mixedWords: 0,
      plainLowercase: true,
    });
  });

  it('drops marks before reading a surrogate pair they split, as a mark-free text would read', () => {
    // Without the mark, U+D801 U+DC00 is Deseret capital long I: a letter of another script in
    // the same word as "ѕ", so that word is no homoglyph spelling and stays as it is.
    const r = skeleton('\u0455\uD801\u0301\uDC00 hello');
    expect(r.text).toBe('\u0455\u{10428} hello');
    expect(r.mixedWords).toBe(0);
    expect(skeleton('\u0455 hello').mixedWords).toBe(1);
  });

  it('gives the same answer for a character seen before (the per-character cache)', () => {
    const text = 'Ωmega dіsrеgаrd café ﬁ 日本語';
    expect(skeleton(text)).toEqual(skeleton(text));
    expect(skeleton(text).folded).toBe(3);
  });

  it('says when the skeleton of non-ASCII text is just its lower case', () => {
    expect(skeleton('Ñandú 你好')).toEqual({ text: 'nandu 你好', folded: 0, mixedWords: 0 });
    expect(skeleton('你好 “שלום” ЖЖ')).toEqual({
      text: '你好 “שלום” жж',
      folded: 0,
      mixedWords: 0,
      plainLowercase: true,
    });
    expect(skeleton('café').plainLowercase).toBeUndefined(); // é decomposes and its accent is dropped
    expect(skeleton('ѕay').plainLowercase).toBeUndefined();
  });
});

describe('skeletonIsLowercase', () => {
  it('holds for ASCII with curly quotes, dashes, symbols and spaces, not for letters or marks', () => {
    expect(skeletonIsLowercase('He said \u201Chi\u201D \u2014 50\u20AC\u00A0ok\u2026')).toBe(true);
    expect(skeletonIsLowercase('caf\u00E9')).toBe(false); // decomposes
    expect(skeletonIsLowercase('\u24D0')).toBe(false); // circled a: a symbol with case
    expect(skeletonIsLowercase('\u0455ay')).toBe(false); // folded look-alike
    expect(skeletonIsLowercase('ok \u{1F600}')).toBe(false); // astral: not judged, scanned
    expect(skeletonIsLowercase('\u212B')).toBe(false); // Angstrom sign: NFD changes it
  });

  it('only where the full fold gives the lower case with nothing folded', () => {
    const piece = fc.constantFrom(
      'a',
      'Q',
      ' ',
      '.',
      '\u201C',
      '\u2014',
      '\u00A0',
      '\u20AC',
      '\u00E9',
      '\u24D0',
      '\u0455',
      '\u0301',
      '\u2126',
      '\u2260',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (parts) => {
        const t = parts.join('');
        if (!skeletonIsLowercase(t)) return;
        // " é" sends the text through the full normalise-and-scan path.
        expect(skeleton(`${t} \u00E9`)).toEqual({ text: `${t.toLowerCase()} e`, folded: 0, mixedWords: 0 });
      }),
      { numRuns: 3000 },
    );
  });
});
