import { describe, expect, it } from 'vitest';
import { WindowCounter } from './window.js';

describe('WindowCounter', () => {
  it('should count events inside the window and forget older ones', () => {
    const w = new WindowCounter(60);
    expect(w.add('a', 0)).toBe(1);
    expect(w.add('a', 30_000)).toBe(2);
    expect(w.add('a', 59_999)).toBe(3);
    expect(w.count('a', 60_500)).toBe(2);
    expect(w.count('a', 200_000)).toBe(0);
    expect(w.count('missing', 0)).toBe(0);
  });

  it('should keep keys apart and cap how many it tracks', () => {
    const w = new WindowCounter(10, 2);
    w.add('a', 0);
    w.add('b', 0);
    w.add('c', 0);
    expect(w.size()).toBe(2);
    expect(w.count('a', 0)).toBe(0);
    expect(w.count('c', 0)).toBe(1);
  });

  it('should refuse a window shorter than one second', () => {
    expect(() => new WindowCounter(0)).toThrow(RangeError);
  });
});
