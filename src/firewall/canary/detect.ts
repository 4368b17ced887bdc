import type { Finding } from '../types.js';
import type { Canary, CanaryStore } from './store.js';
import { CANARY_BODY_LENGTH, CANARY_PREFIX } from './token.js';

const KEY_LENGTH = CANARY_PREFIX.length + CANARY_BODY_LENGTH;

/**
 * Finds live canaries in any of the given texts (typically every L1 view of an output). Each text is
 * reduced to its lower-case letters, then every occurrence of the prefix is looked up: linear, and
 * independent of how many canaries are live.
 */
export function findCanaries(texts: readonly string[], store: CanaryStore): Canary[] {
  if (store.size() === 0) return [];
  const found = new Map<string, Canary>();
  for (const text of texts) {
    const letters = text.toLowerCase().replace(/[^a-z]/g, '');
    for (let i = letters.indexOf(CANARY_PREFIX); i >= 0; i = letters.indexOf(CANARY_PREFIX, i + 1)) {
      if (i + KEY_LENGTH > letters.length) break;
      const key = letters.slice(i, i + KEY_LENGTH);
      const canary = store.getByKey(key);
      if (canary !== undefined) found.set(canary.token, canary);
    }
  }
  return [...found.values()];
}

/** One critical finding per leaked canary; says whose session, never the token itself. */
export function canaryFindings(
  leaks: readonly Canary[],
  session: string | undefined,
  path?: string,
): Finding[] {
  return leaks.map((c) => ({
    type: 'canary_leak',
    layer: 'output',
    severity: 'critical',
    message:
      session !== undefined && c.session === session
        ? 'a canary issued for this session appeared in the output (system prompt leak)'
        : 'a canary issued for another session appeared in the output (cross-session leak)',
    count: 1,
    ...(path === undefined ? {} : { path }),
  }));
}
