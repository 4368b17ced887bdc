/**
 * Invisible and format characters: the cheapest way to hide an instruction from a human reviewer or
 * to break a detector's tokens ("ig\u200Bnore"). Character-injection studies (e.g. Hackett et al.,
 * "Bypassing Prompt Injection and Jailbreak Detection in LLM Guardrails", 2025) report near-total
 * evasion of deployed guards with exactly these, so every one of them is removed before scanning and
 * each class that fired is reported.
 *
 * One pass over UTF-16 code units, no backtracking: linear in the input.
 */
import { CodePointMemo } from './memo.js';

export interface InvisibleCounts {
  zeroWidth: number;
  bidi: number;
  tags: number;
  variationSelectors: number;
  format: number;
  control: number;
  loneSurrogates: number;
}

export interface InvisibleResult {
  /** The text with every invisible/format/control character removed and lone surrogates replaced by U+FFFD. */
  readonly text: string;
  /**
   * The text with Unicode tag characters (U+E0020-E007E) decoded to the ASCII they shadow, in place.
   * "ASCII smuggling" hides a whole instruction this way; null when there were none.
   */
  readonly tagsDecoded: string | null;
  /**
   * The text with each run of removed zero-width/format/bidi/control characters read as a space:
   * "ignore\u200Ball\u200Bprevious" hides word breaks, and removing them alone would glue the words.
   * Null when nothing was removed between two visible characters.
   */
  readonly gapsAsSpaces: string | null;
  readonly counts: InvisibleCounts;
}

// Other default-ignorable or format (Cf) characters: soft hyphen, invisible operators, interlinear
// annotation marks, Hangul fillers, Khmer inherent vowels... Tested on one character at a time.
const OTHER_INVISIBLE = /^[\p{Cf}\p{Default_Ignorable_Code_Point}]$/u;

// Anything but printable ASCII, tab, newline or carriage return: where stripping may start. Most text
// has none, and the regex engine finds the first far faster than a loop of char codes.
const NOT_PLAIN = /[^\t\n\r\x20-\x7E]/;

type Kind = keyof InvisibleCounts | 'keep';

function classify(cp: number): Kind {
  if (cp < 0x20) return cp === 0x09 || cp === 0x0a || cp === 0x0d ? 'keep' : 'control';
  if (cp < 0x7f) return 'keep';
  if (cp <= 0x9f) return 'control'; // DEL and C1 controls
  if (cp === 0x200b || cp === 0x200c || cp === 0x200d || cp === 0x2060 || cp === 0xfeff || cp === 0x180e) {
    return 'zeroWidth';
  }
  if (cp === 0x200e || cp === 0x200f || cp === 0x061c || (cp >= 0x202a && cp <= 0x202e)) return 'bidi';
  if (cp >= 0x2066 && cp <= 0x2069) return 'bidi';
  if (cp >= 0xe0000 && cp <= 0xe007f) return 'tags';
  if ((cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef) || (cp >= 0x180b && cp <= 0x180d)) {
    return 'variationSelectors';
  }
  if (cp === 0x180f) return 'variationSelectors';
  if (cp < 0xa0) return 'keep';
  return OTHER_INVISIBLE.test(String.fromCodePoint(cp)) ? 'format' : 'keep';
}

// classify() remembered: the regex test per non-ASCII character was most of the cost of cleaning
// non-Latin text.
const KINDS: readonly Kind[] = [
  'keep',
  'zeroWidth',
  'bidi',
  'tags',
  'variationSelectors',
  'format',
  'control',
];
const kinds = new CodePointMemo((cp) => KINDS.indexOf(classify(cp)));

function kindOf(cp: number): Kind {
  return KINDS[kinds.get(cp)]!;
}

/**
 * True when stripInvisible() would keep every character from `from` on: no invisible, format or
 * control character and no lone surrogate. Nearly all text is like this, and one read-only pass
 * settles it.
 */
function nothingToStrip(input: string, from: number): boolean {
  const n = input.length;
  for (let i = from; i < n; i++) {
    const c = input.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f) continue;
    if (c < 0x20) {
      if (c === 0x09 || c === 0x0a || c === 0x0d) continue;
      return false;
    }
    if (c < 0xd800 || c > 0xdfff) {
      if (kindOf(c) !== 'keep') return false;
      continue;
    }
    const d = i + 1 < n ? input.charCodeAt(i + 1) : 0;
    if (c > 0xdbff || d < 0xdc00 || d > 0xdfff) return false; // a lone surrogate
    if (kindOf((c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000) !== 'keep') return false;
    i++;
  }
  return true;
}

function emptyCounts(): InvisibleCounts {
  return { zeroWidth: 0, bidi: 0, tags: 0, variationSelectors: 0, format: 0, control: 0, loneSurrogates: 0 };
}

const BLACK_FLAG = 0x1f3f4;
const CANCEL_TAG = 0xe007f;

/** Byte hidden in a variation selector, per the "emoji smuggling" scheme: FE00-FE0F = 0-15, E0100-E01EF = 16-255. */
function selectorByte(cp: number): number {
  return cp <= 0xfe0f ? cp - 0xfe00 : cp - 0xe0100 + 16;
}

/**
 * Removes invisible characters and lone surrogates, and rebuilds the text they hide: tag characters
 * decode to ASCII, and runs of two or more variation selectors decode to the UTF-8 bytes they carry.
 * Subdivision flags (U+1F3F4 followed by tags, e.g. the flag of Scotland) are legitimate and not counted.
 */
export function stripInvisible(input: string): InvisibleResult {
  const counts = emptyCounts();
  const first = input.search(NOT_PLAIN);
  if (first === -1 || nothingToStrip(input, first))
    return { text: input, tagsDecoded: null, gapsAsSpaces: null, counts };
  const out: string[] = [];
  const hidden: string[] = [];
  // Offsets in the stripped text where invisible characters stood.
  const gaps: number[] = [];
  let outLen = 0;
  let hiddenFound = false;
  let selectorBytes: number[] = [];
  let inFlag = false;
  let lastKept = 0;
  let runStart = 0;
  let i = 0;
  const n = input.length;
  const flush = (end: number): void => {
    if (end > runStart) {
      const s = input.slice(runStart, end);
      out.push(s);
      hidden.push(s);
      outLen += s.length;
    }
  };
  const endSelectorRun = (): void => {
    if (selectorBytes.length >= 2) {
      hidden.push(Buffer.from(selectorBytes).toString('utf8'));
      hiddenFound = true;
    } else if (selectorBytes.length === 1) {
      counts.variationSelectors--; // a single selector styles an emoji; not smuggling
    }
    selectorBytes = [];
  };
  while (i < n) {
    const c = input.charCodeAt(i);
    // Printable ASCII, tab and line breaks, most of any text: kept without classifying.
    if ((c >= 0x20 && c < 0x7f) || c === 0x09 || c === 0x0a || c === 0x0d) {
      if (selectorBytes.length > 0) endSelectorRun();
      lastKept = c;
      inFlag = false;
      i++;
      continue;
    }
    const d = c >= 0xd800 && c <= 0xdbff && i + 1 < n ? input.charCodeAt(i + 1) : 0;
    const width = d >= 0xdc00 && d <= 0xdfff ? 2 : 1;
    const cp = width === 2 ? (c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000 : c;
    const lone = width === 1 && cp >= 0xd800 && cp <= 0xdfff;
    const kind = lone ? 'loneSurrogates' : kindOf(cp);
    if (kind !== 'variationSelectors' && selectorBytes.length > 0) endSelectorRun();
    if (kind === 'keep') {
      lastKept = cp;
      inFlag = false;
      i += width;
      continue;
    }
    flush(i);
    runStart = i + width;
    i += width;
    if (kind === 'loneSurrogates') {
      counts.loneSurrogates++;
      out.push('\uFFFD');
      hidden.push('\uFFFD');
      outLen++;
    } else if (kind === 'tags' && (inFlag || lastKept === BLACK_FLAG)) {
      inFlag = cp !== CANCEL_TAG;
      lastKept = 0;
    } else if (kind === 'tags') {
      counts.tags++;
      // U+E0020..E007E shadow printable ASCII; the language tag and cancel tag carry nothing readable.
      if (cp >= 0xe0020 && cp <= 0xe007e) {
        hidden.push(String.fromCharCode(cp - 0xe0000));
        hiddenFound = true;
      }
    } else if (
      kind === 'variationSelectors' &&
      cp !== 0x180b &&
      cp !== 0x180c &&
      cp !== 0x180d &&
      cp !== 0x180f
    ) {
      counts.variationSelectors++;
      selectorBytes.push(selectorByte(cp));
    } else {
      counts[kind]++;
      if (outLen > 0 && gaps[gaps.length - 1] !== outLen) gaps.push(outLen);
    }
  }
  if (selectorBytes.length > 0) endSelectorRun();
  flush(n);
  const text = out.join('');
  return {
    text,
    tagsDecoded: hiddenFound ? hidden.join('') : null,
    gapsAsSpaces: withSpaces(text, gaps),
    counts,
  };
}

function withSpaces(text: string, gaps: readonly number[]): string | null {
  const inner = gaps.filter((g) => g < text.length);
  if (inner.length === 0) return null;
  let out = '';
  let pos = 0;
  for (const g of inner) {
    out += `${text.slice(pos, g)} `;
    pos = g;
  }
  return out + text.slice(pos);
}

const RLO = 0x202e;
const PDF = 0x202c;

/**
 * The text as it is displayed when right-to-left overrides (U+202E) reverse parts of it: each run
 * from an override to its pop (U+202C), the end of the line or of the text is reversed, by code
 * point. "Trojan source" and the bidi trick published against guards store an instruction backwards
 * so that it displays forwards: the stripped text reads as gibberish, this reading as it is shown.
 * Null when the text has no override. Only overrides reorder Latin letters; embeddings and isolates
 * (U+202A/B, U+2066-9) do not, so they are left to stripping.
 */
export function bidiVisual(text: string): string | null {
  if (!text.includes('\u202E')) return null;
  let out = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    const at = text.indexOf('\u202E', i);
    if (at < 0) {
      out += text.slice(i);
      break;
    }
    out += text.slice(i, at);
    let end = at + 1;
    while (end < n) {
      const c = text.charCodeAt(end);
      if (c === PDF || c === 0x0a || c === 0x0d || c === RLO) break;
      end++;
    }
    out += Array.from(text.slice(at + 1, end))
      .reverse()
      .join('');
    i = end < n && text.charCodeAt(end) === PDF ? end + 1 : end;
  }
  return out;
}
