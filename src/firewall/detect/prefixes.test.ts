import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CLASSES, presentClasses, readNegations, SHARED_CLASSES, unionClasses } from './lexicon.js';
import { PrefixTrie, screen } from './prefixes.js';

describe('screen', () => {
  it('takes the word-start prefixes of alternatives led by \\b', () => {
    const s = screen(/\b(bombs?|meth\w*|you are|e-?mail|step[- ]by)\b/);
    expect(new Set(s.prefixes)).toEqual(
      new Set(['bomb', 'bombs', 'meth', 'you are', 'e-mail', 'email', 'step-by', 'step by']),
    );
    expect(s.rest).toBeNull();
  });

  it('splits off alternatives that do not start a word', () => {
    const s = screen(/\b(secret|key)\b|mot de passe|密码/);
    expect(new Set(s.prefixes)).toEqual(new Set(['secret', 'key']));
    expect(s.rest?.source).toBe('mot de passe|密码');
  });

  it('does not screen what it cannot follow', () => {
    for (const re of [
      /\b\w+ing\b/,
      /^(how|what)\b/,
      /(https?:\/\/|www\.)/,
      /\b(a|b?)\b/,
      /\b(x)\b/iu,
      /\b(x)\b/m,
    ]) {
      expect(screen(re).screened, re.source).toBeNull();
    }
  });

  it('lower-cases the prefixes of a case-insensitive pattern', () => {
    const s = screen(/\b(IGNORE|Reveal)\s+all\b/i);
    expect(new Set(s.prefixes)).toEqual(new Set(['ignore', 'reveal']));
    expect(s.screened?.flags).toBe('i');
  });

  it('ends a prefix at what it does not follow, and keeps it as a necessary start', () => {
    expect(new Set(screen(/\bwhere (does )?\w+ lives?\b/).prefixes)).toEqual(new Set(['where ', 'where do']));
    expect([...screen(/\b(no (rules|limits))\b/).prefixes].sort()).toEqual(['no limit', 'no rules']);
  });
});

describe('PrefixTrie', () => {
  it('finds word prefixes only at \\b word starts, letter prefixes after any non-letter', () => {
    const t = new PrefixTrie();
    const word = t.addPattern(['ignore'], 'word') as number;
    const letter = t.addPattern(['olvid'], 'letter') as number;
    expect(t.scan('please ignore that')).toBe(word);
    expect(t.scan('x_ignore 1ignore signore')).toBe(0);
    expect(t.scan('_olvida 2olvida')).toBe(letter);
    expect(t.scan('éolvida')).toBe(letter);
    expect(t.scan('zolvida')).toBe(0);
  });

  it('folds the case of ASCII letters when asked', () => {
    const t = new PrefixTrie(true);
    const bit = t.addPattern(['ignore'], 'word') as number;
    expect(t.scan('Please IGNORE that')).toBe(bit);
    expect(new PrefixTrie(false).scan('IGNORE')).toBe(0);
  });

  it('says where each pattern first has a prefix', () => {
    const t = new PrefixTrie();
    t.addPattern(['ignore'], 'word');
    t.addPattern(['olvid', 'dime'], 'letter');
    expect(t.scan('a dime, then ignore and olvida')).toBe(3);
    expect([t.first[0], t.first[1]]).toEqual([13, 2]);
  });

  it('refuses a prefix that does not start with an ASCII word character', () => {
    expect(new PrefixTrie().addPattern(['<sys'], 'word')).toBeNull();
  });
});

/** Pieces near the class words: whole, cut, inside words, after digits and underscores, in other scripts. */
const piece = fc.oneof(
  fc.constantFrom(
    'ignore',
    "don't forget",
    'non dimenticare',
    'не забудь',
    'ignoring',
    'signore',
    '_ignore',
    '1ignore',
    'you are',
    'youare',
    'your',
    'bomb',
    'bombs',
    'meth',
    'method',
    'secret',
    'password',
    'system prompt',
    'tell me',
    'act as',
    'actas',
    'no rules',
    'olvida',
    'ignora',
    'dime',
    'dimension',
    'contraseña',
    'пароль',
    '忽略',
    // More scripts, so that texts in three to six script groups (read two groups per pattern) occur.
    'تجاهل',
    'अनदेखा',
    '무시',
    'αγνόησε',
    'ละเว้น',
    'התעלם',
    'ai',
    'e-mail',
    'email',
    'step-by-step',
    'İ',
    'ß',
    'é',
  ),
  fc.string({ unit: 'grapheme-ascii', maxLength: 6 }),
  fc.constantFrom(' ', '  ', '.', ',', '-', '_', '\n', '1', "'", '<', '[', 'é'),
);
const text = fc.array(piece, { maxLength: 30 }).map((xs) => xs.join(''));

describe('screened word classes', () => {
  it('find exactly the classes their unscreened patterns find', () => {
    fc.assert(
      fc.property(text, (t) => {
        const s = t.toLowerCase();
        const read = readNegations(s);
        const found = Object.keys(CLASSES).filter((n) => CLASSES[n]?.test(read));
        const shared = SHARED_CLASSES.filter(([ml]) => found.includes(ml)).map(([, en]) => en);
        const reference = unionClasses(found, shared);
        expect(presentClasses(s).filter((n) => n !== 'math')).toEqual(reference);
      }),
      { numRuns: 2000 },
    );
  });
});
