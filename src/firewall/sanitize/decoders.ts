/**
 * Decoders for encodings attackers wrap instructions in: base64, hex, \u escapes, percent-encoding,
 * HTML entities. Each replaces the encoded spans in place (so the detector sees the decoded payload
 * with its surrounding words) and returns null when nothing decoded to readable text. Every regex here
 * is a flat run of one character class with no nested or overlapping quantifiers: linear on any input.
 */
import { base64Spans, hexPairSpans, replaceFound } from './spans.js';

export interface Decoded {
  readonly text: string;
  /** Spans decoded. */
  readonly count: number;
}

export type Decoder = (text: string) => Decoded | null;

const MIN_DECODED_CHARS = 4;

// C0 controls other than tab and line breaks, and DEL: bytes that decode to an unreadable character.
const CONTROL_BYTE = new Uint8Array(256);
for (let b = 0; b < 0x20; b++) CONTROL_BYTE[b] = b === 0x09 || b === 0x0a || b === 0x0d ? 0 : 1;
CONTROL_BYTE[0x7f] = 1;

/**
 * True when readableText() must refuse the bytes whatever the rest decodes to: each control byte
 * decodes to one unreadable character (UTF-8 never folds an ASCII byte into another sequence) and the
 * text is never longer than the bytes, so more than 3% of the bytes is more than 3% of the text.
 * Random bytes (ids, hashes) are ~12% control bytes: most are refused without building a string.
 */
function tooManyControlBytes(bytes: Buffer): boolean {
  let control = 0;
  for (let i = 0; i < bytes.length; i++) control += CONTROL_BYTE[bytes[i]!]!;
  return control > bytes.length * 0.03;
}

/**
 * Decoded bytes count as text only when nearly all of it is readable; random bytes almost never are
 * (12 random bytes are all printable ASCII with probability ~1e-5), so ids and hashes stay undecoded.
 */
export function readableText(bytes: Buffer): string | null {
  if (bytes.length < MIN_DECODED_CHARS || tooManyControlBytes(bytes)) return null;
  const text = bytes.toString('utf8');
  let bad = 0;
  let letters = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0xfffd || (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || (c >= 0x7f && c <= 0x9f))
      bad++;
    else if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c >= 0xc0) letters++;
  }
  if (bad > text.length * 0.03 || letters < text.length * 0.3) return null;
  return text;
}

function replaceSpans(text: string, re: RegExp, decode: (span: string) => string | null): Decoded | null {
  let count = 0;
  const out = text.replace(re, (span) => {
    const decoded = decode(span);
    if (decoded === null) return span;
    count++;
    return decoded;
  });
  return count === 0 ? null : { text: out, count };
}

// Standard and URL-safe alphabets; runs of 16+ characters keep ordinary words out (see base64Spans).
export const base64: Decoder = (text) =>
  replaceFound(text, base64Spans(text), (span) => {
    // Runs of ids and hashes are many: no regex per span.
    let end = span.length;
    while (end > 0 && span.charCodeAt(end - 1) === 0x3d) end--;
    const body = span.slice(0, end);
    if (body.length % 4 === 1) return null;
    const urlSafe = body.includes('-') || body.includes('_');
    return readableText(Buffer.from(body, urlSafe ? 'base64url' : 'base64'));
  });

// Bare hex pairs (optionally separated by one space, colon, comma or dash; see hexPairSpans) and
// \x / 0x escapes.
const HEX_ESCAPES = /(?:(?:\\x|0x)[0-9A-Fa-f]{2}[ ,;]?){4,}/g;

const NOT_HEX = /[^0-9A-Fa-f]/;

function hexBytes(span: string): string | null {
  // A bare run of digits (a hash) has nothing to remove.
  const digits = NOT_HEX.test(span) ? span.replace(/\\x|0x|[^0-9A-Fa-f]/g, '') : span;
  if (digits.length % 2 !== 0) return null;
  return readableText(Buffer.from(digits, 'hex'));
}

export const hex: Decoder = (text) => {
  // An escape needs "\x" or "0x"; two substring searches are far cheaper than the regex scan.
  const mayHoldEscapes = text.includes('\\x') || text.includes('0x');
  const escaped = mayHoldEscapes ? replaceSpans(text, HEX_ESCAPES, hexBytes) : null;
  const base = escaped?.text ?? text;
  const pairs = replaceFound(base, hexPairSpans(base), (span) => {
    // A trailing separator belongs to the surrounding text, not the payload.
    const last = span.charCodeAt(span.length - 1);
    const separated = last === 0x20 || last === 0x3a || last === 0x2c || last === 0x2d;
    const trimmed = separated ? span.slice(0, -1) : span;
    const decoded = hexBytes(trimmed);
    return decoded === null ? null : decoded + span.slice(trimmed.length);
  });
  const count = (escaped?.count ?? 0) + (pairs?.count ?? 0);
  return count === 0 ? null : { text: pairs?.text ?? base, count };
};

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const UNICODE_ESCAPES = /(?:\\u[0-9A-Fa-f]{4}|\\u\{[0-9A-Fa-f]{1,6}\})+/g;

export const unicodeEscape: Decoder = (text) => {
  if (!text.includes('\\u')) return null; // a substring search instead of a regex scan
  return replaceSpans(text, UNICODE_ESCAPES, (span) => {
    const out: string[] = [];
    for (const m of span.matchAll(/\\u\{([0-9A-Fa-f]{1,6})\}|\\u([0-9A-Fa-f]{4})/g)) {
      const cp = Number.parseInt(m[1] ?? m[2] ?? '', 16);
      if (cp > 0x10ffff) return null;
      out.push(String.fromCodePoint(cp));
    }
    // Surrogate pairs written as two \u escapes recombine here; lone halves become U+FFFD.
    return out.join('').replace(LONE_SURROGATE, '\uFFFD');
  });
};

const PERCENT_RUN = /(?:%[0-9A-Fa-f]{2})+/g;

export const url: Decoder = (text) => {
  if (!text.includes('%')) return null;
  return replaceSpans(text, PERCENT_RUN, (span) => {
    const bytes = Buffer.from(span.replace(/%/g, ''), 'hex');
    const decoded = bytes.toString('utf8');
    return decoded.includes('\uFFFD') ? null : decoded;
  });
};

// Named references worth knowing for scanning; unknown names are left as written.
const NAMED: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  tab: '\t',
  newline: '\n',
  colon: ':',
  semi: ';',
  comma: ',',
  period: '.',
  excl: '!',
  quest: '?',
  sol: '/',
  bsol: '\\',
  lpar: '(',
  rpar: ')',
  lsqb: '[',
  rsqb: ']',
  lcub: '{',
  rcub: '}',
  num: '#',
  dollar: '$',
  percnt: '%',
  ast: '*',
  plus: '+',
  equals: '=',
  lowbar: '_',
  hyphen: '-',
  dash: '-',
  grave: '`',
  vert: '|',
  commat: '@',
  hat: '^',
  zwsp: '\u200B',
  shy: '\u00AD',
};

const ENTITY = /&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?/g;

export const html: Decoder = (text) => {
  if (!text.includes('&')) return null;
  return replaceSpans(text, ENTITY, (span) => {
    const body = span.slice(1, span.endsWith(';') ? -1 : undefined);
    if (body.startsWith('#')) {
      const hexForm = body[1] === 'x' || body[1] === 'X';
      const cp = Number.parseInt(body.slice(hexForm ? 2 : 1), hexForm ? 16 : 10);
      if (!Number.isFinite(cp) || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return '\uFFFD';
      return String.fromCodePoint(cp);
    }
    if (!span.endsWith(';')) return null;
    return NAMED[body.toLowerCase()] ?? null;
  });
};
