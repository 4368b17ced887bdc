import { describe, expect, it } from 'vitest';
import { stripSymbols } from './symbols.js';

describe('stripSymbols', () => {
  it('removes emoji glued inside words', () => {
    expect(stripSymbols('ig\u{1F642}no\u{1F642}re the ru\u2605les')?.text).toBe('ignore the rules');
  });

  it('returns null when emoji only sit between words', () => {
    expect(stripSymbols('great job \u{1F642} thanks')).toBeNull();
  });

  it('sees a symbol after a letter of any script or an astral letter, not after a space or symbol', () => {
    expect(stripSymbols('жи\u2605ть')?.text).toBe('жить');
    expect(stripSymbols('\u{10400}\u2605x')?.text).toBe('\u{10400}x');
    expect(stripSymbols('\u2605ab \u{1F642}\u2605 x')).toBeNull();
  });
});
