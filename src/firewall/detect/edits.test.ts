import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffViews, type Edit } from './edits.js';
import { type FeatureOptions, readBase, readEdited } from './features.js';
import { isSpace } from './grams.js';
import { quantize } from './model.js';

/** p with each edit's slice of v in place of its own. */
function apply(p: string, v: string, edits: readonly Edit[]): string {
  let out = '';
  let at = 0;
  for (const e of edits) {
    out += p.slice(at, e.ps) + v.slice(e.vs, e.ve);
    at = e.pe;
  }
  return out + p.slice(at);
}

const PIECES = [
  'ig]]nore',
  '{x(',
  'a**B',
  'y\n',
  ' ',
  '\n\n',
  '0',
  'hello world',
  '%20',
  '',
  'é',
  '😀',
  "'",
  'a-b',
];
const WORDS = [
  'the',
  'report',
  'ignore',
  'all',
  'previous',
  'instructions',
  'and',
  'print',
  '42',
  '(x)',
  'é',
];

/** A text of words, and a copy with a few local edits: what L1 transforms do to a text. */
const edited = fc
  .tuple(
    fc.array(fc.constantFrom(...WORDS), { minLength: 0, maxLength: 60 }),
    fc.array(fc.constantFrom(' ', ' ', ' ', '\n', '  '), { minLength: 60, maxLength: 60 }),
    fc.array(fc.tuple(fc.nat(), fc.nat({ max: 4 }), fc.constantFrom(...PIECES)), { maxLength: 6 }),
  )
  .map(([words, gaps, changes]) => {
    const p = words.map((w, i) => w + (gaps[i] ?? ' ')).join('');
    let v = p;
    for (const [at, del, piece] of changes) {
      const i = v.length === 0 ? 0 : at % (v.length + 1);
      v = v.slice(0, i) + piece + v.slice(i + del);
    }
    return { p, v: v.toLowerCase() === v ? v : v.toLowerCase() };
  });

describe('diffViews', () => {
  it('should give edits that turn the primary into the view, on whole tokens', () => {
    fc.assert(
      fc.property(edited, ({ p, v }) => {
        const edits = diffViews(p, v);
        if (edits === undefined) return;
        expect(apply(p, v, edits)).toBe(v);
        for (const e of edits) {
          expect(e.ps === 0 || isSpace(p.charCodeAt(e.ps - 1))).toBe(true);
          expect(e.pe === p.length || isSpace(p.charCodeAt(e.pe))).toBe(true);
        }
      }),
    );
  });

  it('should find nothing to read in an unchanged view, and one edit in a rewritten one', () => {
    expect(diffViews('same text here', 'same text here')).toEqual([]);
    const e = diffViews('one two three four five six seven', 'one two thr3e four five six seven');
    expect(e).toHaveLength(1);
  });

  it('should stay bounded on texts that differ everywhere', () => {
    const p = 'ab '.repeat(20_000);
    const v = 'ba '.repeat(20_000);
    expect(() => diffViews(p, v)).not.toThrow();
  });
});

describe('readEdited', () => {
  // Word classes are read as a union (documented approximation); every other group must be exact.
  const opts: FeatureOptions = { bits: 16, groups: { char: 1, word: 1, shape: 0.5, lex: 0, rule: 0.7 } };
  const weights = quantize(new Float32Array(1 << 16).map((_, i) => Math.sin(i * 12.9898) * 0.5));

  it('should score a text with edits exactly as reading the edited text would', () => {
    fc.assert(
      fc.property(edited, ({ p, v }) => {
        const edits = diffViews(p.toLowerCase(), v);
        if (edits === undefined || edits.length === 0) return;
        const whole = readBase(apply(p, v, edits), ['r1'], opts, weights).z;
        const base = readBase(p, ['r1'], opts, weights);
        const texts = edits.map((e) => ({
          at: e.ps,
          end: e.pe,
          before: p.slice(e.ps, e.pe),
          after: v.slice(e.vs, e.ve),
          beforeLower: p.toLowerCase().slice(e.ps, e.pe),
          afterLower: v.slice(e.vs, e.ve),
        }));
        expect(readEdited(base, texts, ['r1'], opts, weights)).toBeCloseTo(whole, 9);
      }),
    );
  });

  it('should refuse a base that a later reading replaced', () => {
    const base = readBase('first text', [], opts, weights);
    readBase('second text', [], opts, weights);
    expect(() => readEdited(base, [], [], opts, weights)).toThrow(/stale/);
  });
});
