import { describe, expect, it } from 'vitest';
import { CodePointMemo } from './memo.js';

describe('CodePointMemo', () => {
  it('computes each answer once and returns it again, BMP and astral alike', () => {
    const asked: number[] = [];
    const memo = new CodePointMemo((cp) => {
      asked.push(cp);
      return cp % 7;
    });
    for (const cp of [0, 65, 0xffff, 0x10000, 0x1f600, 65, 0x1f600, 0]) expect(memo.get(cp)).toBe(cp % 7);
    expect(asked).toEqual([0, 65, 0xffff, 0x10000, 0x1f600]);
  });

  it('keeps answers of 0 and 254 apart from "not yet computed"', () => {
    const memo = new CodePointMemo((cp) => (cp === 1 ? 254 : 0));
    expect([memo.get(1), memo.get(2), memo.get(1), memo.get(2)]).toEqual([254, 0, 254, 0]);
  });

  it('stays correct past the astral bound', () => {
    const memo = new CodePointMemo((cp) => cp & 0xff);
    for (let cp = 0x10000; cp < 0x10000 + 10_000; cp++) expect(memo.get(cp)).toBe(cp & 0xff);
    expect(memo.get(0x10001)).toBe(1);
  });
});
