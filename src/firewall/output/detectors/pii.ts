/**
 * Personal data in text. Each pattern is followed by a validator that real identifiers satisfy and
 * look-alike numbers rarely do: Luhn for payment cards (ISO/IEC 7812) and Canadian SINs, ISO 7064
 * mod-97 for IBANs (ISO 13616), the SSA's never-issued ranges for US SSNs, HMRC's excluded prefixes
 * for UK NINOs.
 */
import { type Detector, type Match, regexMatches } from './types.js';

export function luhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Issuer prefixes (IIN ranges) of the card networks in use; a Luhn-valid number outside them is not a card. */
function knownIssuer(d: string): boolean {
  const two = Number(d.slice(0, 2));
  const four = Number(d.slice(0, 4));
  if (d[0] === '4') return d.length === 13 || d.length === 16 || d.length === 19; // Visa
  if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) return d.length === 16; // Mastercard
  if (two === 34 || two === 37) return d.length === 15; // American Express
  if (d.startsWith('6011') || two === 65 || (four >= 6440 && four <= 6499)) return d.length >= 16; // Discover
  if (two === 35) return d.length >= 16; // JCB
  if (two === 36 || two === 38 || two === 30) return d.length >= 14; // Diners
  if (two === 62) return d.length >= 16; // UnionPay
  return false;
}

// 13-19 digits, optionally grouped by single spaces or dashes.
const CARD = /(?<![0-9])[0-9](?:[ -]?[0-9]){12,18}(?![0-9])/dg;

function isCard(raw: string): boolean {
  const d = raw.replace(/[ -]/g, '');
  return d.length >= 13 && d.length <= 19 && knownIssuer(d) && luhn(d) && !/^(\d)\1+$/.test(d);
}

export function ibanValid(raw: string): boolean {
  const s = raw.replace(/ /g, '').toUpperCase();
  if (s.length < 15 || s.length > 34) return false;
  const rearranged = s.slice(4) + s.slice(0, 4);
  let rem = 0;
  for (const ch of rearranged) {
    const c = ch.charCodeAt(0);
    const v = c >= 65 && c <= 90 ? c - 55 : c - 48;
    if (v < 0 || v > 35) return false;
    rem = v >= 10 ? (rem * 100 + v) % 97 : (rem * 10 + v) % 97;
  }
  return rem === 1;
}

const IBAN = /(?<![A-Za-z0-9])[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?(?![A-Za-z0-9])/dg;

// US SSN written with dashes or spaces; bare nine-digit numbers are too often something else.
const SSN = /(?<![0-9-])([0-9]{3})([- ])([0-9]{2})\2([0-9]{4})(?![0-9-])/dg;

function ssnValid(_v: string, m: RegExpExecArray): boolean {
  const area = Number(m[1]);
  // Never issued: area 000, 666, 900-999; group 00; serial 0000 (SSA, Social Security Number Randomization).
  return area !== 0 && area !== 666 && area < 900 && m[3] !== '00' && m[4] !== '0000';
}

const NINO =
  /(?<![A-Za-z0-9])([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]) ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-D](?![A-Za-z0-9])/dg;
const NINO_EXCLUDED = new Set(['BG', 'GB', 'NK', 'KN', 'TN', 'NT', 'ZZ']);

const SIN = /(?<![0-9-])[1-79][0-9]{2}([- ])[0-9]{3}\1[0-9]{3}(?![0-9-])/dg;

const LOCAL_CHAR = /[A-Za-z0-9._%+-]/;
const DOMAIN = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}/;

/**
 * Emails found from each "@" outwards instead of by one regex: the expansion stops at the previous or
 * next "@", so the scan is linear even on "a@a@a@...".
 */
function findEmails(text: string): Match[] {
  const out: Match[] = [];
  let prevAt = -1;
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > prevAt + 1 && at - start < 64 && LOCAL_CHAR.test(text[start - 1]!)) start--;
    prevAt = at;
    if (start === at || text[start] === '.' || text[at - 1] === '.') continue;
    const nextAt = text.indexOf('@', at + 1);
    const limit = Math.min(nextAt < 0 ? text.length : nextAt, at + 1 + 253);
    const domain = DOMAIN.exec(text.slice(at + 1, limit));
    if (domain === null) continue;
    out.push({ type: 'email', start, end: at + 1 + domain[0].length });
  }
  return out;
}

// International numbers (+ and 8-15 digits) and North American numbers written with separators.
const PHONE = /(?<![\w+])\+?\(?[0-9][0-9 ().-]{6,20}[0-9](?![\w])/dg;

function phoneValid(v: string): boolean {
  const digits = v.replace(/[^0-9]/g, '');
  if (/^(\d)\1+$/.test(digits)) return false;
  if (/^\d{4}-\d{2}-\d{2}/.test(v) || /^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}/.test(v)) return false; // dates
  if (v.startsWith('+')) return digits.length >= 8 && digits.length <= 15 && digits[0] !== '0';
  const nanp = digits.length === 11 && digits[0] === '1' ? digits.slice(1) : digits;
  if (nanp.length !== 10) return false;
  const separated = /^(?:1[ .-]?)?(?:\([0-9]{3}\) ?|[0-9]{3}[ .-])[0-9]{3}[ .-][0-9]{4}$/.test(v);
  return separated && nanp[0]! >= '2' && nanp[3]! >= '2';
}

export const PII_DETECTORS: readonly Detector[] = [
  {
    id: 'email',
    category: 'pii',
    description: 'email address',
    mayMatch: (t) => t.includes('@'),
    find: findEmails,
  },
  {
    id: 'payment_card',
    category: 'pii',
    description: 'payment card number (known issuer prefix and Luhn checksum)',
    find: (t) => regexMatches(t, CARD, 'payment_card', isCard),
  },
  {
    id: 'iban',
    category: 'pii',
    description: 'IBAN (mod-97 checksum)',
    find: (t) => regexMatches(t, IBAN, 'iban', ibanValid),
  },
  {
    id: 'us_ssn',
    category: 'pii',
    description: 'US Social Security number',
    find: (t) => regexMatches(t, SSN, 'us_ssn', ssnValid),
  },
  {
    id: 'uk_nino',
    category: 'pii',
    description: 'UK National Insurance number',
    find: (t) => regexMatches(t, NINO, 'uk_nino', (_v, m) => !NINO_EXCLUDED.has(m[1] ?? '')),
  },
  {
    id: 'ca_sin',
    category: 'pii',
    description: 'Canadian Social Insurance Number (Luhn checksum)',
    find: (t) => regexMatches(t, SIN, 'ca_sin', (v) => luhn(v.replace(/[- ]/g, ''))),
  },
  {
    id: 'phone',
    category: 'pii',
    description: 'phone number',
    find: (t) => regexMatches(t, PHONE, 'phone', phoneValid),
  },
];
