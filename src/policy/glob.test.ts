import { describe, expect, it } from 'vitest';
import { globMatch } from './glob.js';

describe('globMatch', () => {
  it.each([
    ['send_email', 'send_*', true],
    ['send_email', 'send_email', true],
    ['send_email_all', 'send_email', false],
    ['ns7x', 'ns7*', true],
    ['ns7', 'ns7?', false],
    ['payment_refund', 'payment_refun?', true],
    ['xpayment_refund', 'payment_*', false],
    ['payment.refund', 'payment_refund', false],
    ['a.b', 'a?b', true],
    ['anything', '*', true],
  ])('%s against %s → %s (anchored, no regex leaks)', (name, pattern, expected) => {
    expect(globMatch(name, pattern)).toBe(expected);
  });
});
