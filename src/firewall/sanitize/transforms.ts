/**
 * The registry of transforms sanitize() applies to every view. Text rewritings (`chain: false`) run at
 * most once along any chain of views; decoders (`chain: true`) may nest, up to the depth limit.
 */
import type { Severity } from '../types.js';
import { skeleton, skeletonIsLowercase } from './confusables.js';
import { base64, type Decoded, hex, html, unicodeEscape, url } from './decoders.js';
import { undelimit } from './delimited.js';
import { unleet } from './leet.js';
import { reversed } from './reversed.js';
import { rot13 } from './rot13.js';
import { despace } from './spaced.js';
import { stripSymbols } from './symbols.js';
import { upsideDown } from './upside-down.js';

export interface TransformResult extends Decoded {
  /** Extra findings a transform can report about what it saw (e.g. mixed-script words). */
  readonly notes?: readonly Note[];
}

export interface Note {
  readonly type: string;
  readonly severity: Severity;
  readonly message: string;
  readonly count: number;
}

export interface Transform {
  readonly kind: string;
  /** A decoder: its output is a new layer of text and counts toward the depth limit. */
  readonly decoder: boolean;
  readonly finding: { readonly type: string; readonly severity: Severity; readonly message: string } | null;
  readonly run: (text: string) => TransformResult | null;
}

// Two case changes after a word's first letter include a lower-case letter followed by an
// upper-case one: only words holding that pair are looked at (in prose, next to none).
const LOWER_THEN_UPPER = /[a-z][A-Z]/g;

const isAsciiLetter = (c: number): boolean => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const isUpper = (c: number): boolean => c >= 0x41 && c <= 0x5a;

/** A word of 4-24 ASCII letters with three or more case runs after its first letter. */
function isFlipped(text: string, start: number, end: number): boolean {
  if (end - start < 4 || end - start > 24) return false;
  let runs = 1;
  let prevUpper = isUpper(text.charCodeAt(start + 1));
  for (let i = start + 2; i < end; i++) {
    const upper = isUpper(text.charCodeAt(i));
    if (upper !== prevUpper) runs++;
    prevUpper = upper;
  }
  return runs >= 3;
}

/**
 * Words (maximal runs of ASCII letters) with three or more case runs after the first letter
 * ("iGnOrE", "IgNoRE"). The regex finds the candidates without match objects (test() and lastIndex).
 */
function caseFlippedWords(text: string): number {
  let words = 0;
  const n = text.length;
  LOWER_THEN_UPPER.lastIndex = 0;
  while (LOWER_THEN_UPPER.test(text)) {
    const at = LOWER_THEN_UPPER.lastIndex - 2;
    let start = at;
    while (start > 0 && isAsciiLetter(text.charCodeAt(start - 1))) start--;
    let end = at + 2;
    while (end < n && isAsciiLetter(text.charCodeAt(end))) end++;
    if (isFlipped(text, start, end)) words++;
    LOWER_THEN_UPPER.lastIndex = end;
  }
  return words;
}

function skeletonTransform(text: string): TransformResult | null {
  const flipped = caseFlippedWords(text);
  const lowercase = skeletonIsLowercase(text);
  if (flipped === 0 && lowercase) return null; // the skeleton would be the lower case
  const sk = skeleton(text, lowercase);
  // Plain lower-casing alone is no new reading: the detector folds case itself.
  if (sk.folded === 0 && flipped === 0 && (sk.plainLowercase || sk.text === text.toLowerCase())) return null;
  const notes: Note[] = [];
  if (sk.mixedWords > 0) {
    notes.push({
      type: 'homoglyphs',
      severity: 'medium',
      message: 'words spelled with look-alike letters from other scripts were folded to Latin',
      count: sk.mixedWords,
    });
  }
  if (flipped > 0) {
    notes.push({
      type: 'case_flipping',
      severity: 'low',
      message: 'words with alternating letter case',
      count: flipped,
    });
  }
  return { text: sk.text, count: sk.folded, notes };
}

// Decoders first: breadth-first collection gives their views the budget before rewritings'.
export const TRANSFORMS: readonly Transform[] = [
  {
    kind: 'base64',
    decoder: true,
    finding: { type: 'encoded_payload', severity: 'medium', message: 'base64 text decoded for scanning' },
    run: base64,
  },
  {
    kind: 'hex',
    decoder: true,
    finding: {
      type: 'encoded_payload',
      severity: 'medium',
      message: 'hex-encoded text decoded for scanning',
    },
    run: hex,
  },
  {
    kind: 'unicode_escape',
    decoder: true,
    finding: { type: 'encoded_payload', severity: 'medium', message: '\\u escapes decoded for scanning' },
    run: unicodeEscape,
  },
  {
    kind: 'url',
    decoder: true,
    finding: {
      type: 'encoded_payload',
      severity: 'low',
      message: 'percent-encoded text decoded for scanning',
    },
    run: url,
  },
  {
    kind: 'html',
    decoder: true,
    finding: {
      type: 'encoded_payload',
      severity: 'low',
      message: 'HTML character references decoded for scanning',
    },
    run: html,
  },
  // Before the skeleton: a turned line is read back first, then folded like any other text.
  {
    kind: 'upside_down',
    decoder: false,
    finding: { type: 'upside_down_text', severity: 'medium', message: 'upside-down text turned back' },
    run: upsideDown,
  },
  { kind: 'skeleton', decoder: false, finding: null, run: skeletonTransform },
  {
    kind: 'stripped',
    decoder: false,
    finding: {
      type: 'symbol_interleaving',
      severity: 'low',
      message: 'emoji or symbols inside words removed',
    },
    run: stripSymbols,
  },
  {
    kind: 'despaced',
    decoder: false,
    finding: {
      type: 'spaced_out_text',
      severity: 'low',
      message: 'letters separated by spaces or symbols joined',
    },
    run: despace,
  },
  {
    kind: 'delimited',
    decoder: false,
    finding: {
      type: 'delimited_words',
      severity: 'info',
      message: 'words joined by punctuation read with spaces',
    },
    run: undelimit,
  },
  {
    kind: 'leet',
    decoder: false,
    finding: {
      type: 'leetspeak',
      severity: 'low',
      message: 'digits and symbols standing for letters read as letters',
    },
    run: unleet,
  },
  {
    kind: 'rot13',
    decoder: false,
    finding: { type: 'rot13', severity: 'medium', message: 'text that reads as English only after ROT13' },
    run: rot13,
  },
  {
    kind: 'reversed',
    decoder: false,
    finding: { type: 'reversed_text', severity: 'medium', message: 'text written backwards read forwards' },
    run: reversed,
  },
];
