import { describe, expect, it } from 'vitest';
import { ibanValid, luhn, PII_DETECTORS } from './pii.js';

const types = (text: string): string[] => PII_DETECTORS.flatMap((d) => d.find(text).map((m) => m.type));

describe('checksums', () => {
  it('luhn accepts valid and rejects altered numbers', () => {
    expect(luhn('4111111111111111')).toBe(true);
    expect(luhn('4111111111111112')).toBe(false);
  });

  it('IBAN mod-97 accepts valid and rejects altered numbers', () => {
    expect(ibanValid('GB82 WEST 1234 5698 7654 32')).toBe(true);
    expect(ibanValid('GB82 WEST 1234 5698 7654 33')).toBe(false);
    expect(ibanValid('DE89370400440532013000')).toBe(true);
  });
});

describe('PII detectors: true positives', () => {
  it.each([
    ['email', 'write to jane.doe+ops@mail.example.co.uk today'],
    ['payment_card', 'card 4111 1111 1111 1111 exp 12/29'],
    ['payment_card', 'amex 3782-822463-10005'],
    ['payment_card', 'mc 5555555555554444'],
    ['iban', 'pay to GB82 WEST 1234 5698 7654 32 please'],
    ['iban', 'IBAN DE89370400440532013000'],
    ['us_ssn', 'SSN 123-45-6789 on file'],
    ['uk_nino', 'NI number AB 12 34 56 C'],
    ['ca_sin', 'SIN 130-692-544'],
    ['phone', 'call +44 20 7946 0958 now'],
    ['phone', 'US office (415) 555-2671'],
    ['phone', 'mobile 212-555-0199'],
  ])('finds %s', (type, text) => {
    expect(types(text)).toContain(type);
  });
});

describe('PII detectors: benign near-misses', () => {
  it.each([
    ['a 16-digit number failing Luhn', 'order 4111 1111 1111 1112'],
    ['a Luhn-valid number with no card issuer prefix', 'ref 1000000000000009'],
    ['a repeated-digit number', '0000 0000 0000 0000'],
    ['an IBAN-shaped string failing mod-97', 'code GB82 WEST 1234 5698 7654 33'],
    ['SSNs in never-issued ranges', '000-12-3456 666-12-3456 900-12-3456 123-00-4567 123-45-0000'],
    ['a UK NINO with an excluded prefix', 'GB 12 34 56 A'],
    ['an @ mention and a decorator', '@here and @Component({}) and user@localhost'],
    ['dates and times', 'on 2024-11-22 10:00:00 or 12/31/2024'],
    ['a bare ten-digit number', 'invoice 4155552671'],
    ['a version string', 'v1.2.3.4567.89'],
  ])('ignores %s', (_name, text) => {
    expect(types(text)).toEqual([]);
  });
});

describe('PII detectors: hostile input', () => {
  it('stays linear on ReDoS-shaped strings', () => {
    const shapes = [
      'a@'.repeat(300_000),
      `${'a'.repeat(500_000)}@`,
      `x@${'a.'.repeat(300_000)}`,
      '1 '.repeat(300_000),
      '1-'.repeat(300_000),
      `GB82${' WEST'.repeat(100_000)}`,
      '('.repeat(300_000),
    ];
    for (const s of shapes) expect(Array.isArray(types(s))).toBe(true);
  });
});
