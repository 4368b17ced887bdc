import { randomInt } from 'node:crypto';

/**
 * Canary tokens: `awc-` followed by 24 random lower-case letters (~113 bits from a CSPRNG).
 * Letters only, so a canary survives the firewall's readings unchanged: case folding, leetspeak
 * (no digits to misread), spaced-out or emoji-separated letters joined back, base64 decoded.
 */
export const CANARY_PREFIX = 'awc';
export const CANARY_BODY_LENGTH = 24;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz';

export function newCanaryToken(): string {
  let body = '';
  for (let i = 0; i < CANARY_BODY_LENGTH; i++) body += ALPHABET[randomInt(ALPHABET.length)];
  return `${CANARY_PREFIX}-${body}`;
}

/** The letters a canary is matched on: case and every separator dropped. */
export function canaryKey(token: string): string {
  return token.toLowerCase().replace(/[^a-z]/g, '');
}
