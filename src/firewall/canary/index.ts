import { AgentwallError } from '../../errors.js';
import type { Canary, CanaryStore } from './store.js';
import { newCanaryToken } from './token.js';

export { canaryFindings, findCanaries } from './detect.js';
export { type Canary, type CanaryStore, MemoryCanaryStore, type MemoryCanaryStoreOptions } from './store.js';
export { CANARY_PREFIX, canaryKey, newCanaryToken } from './token.js';

export const DEFAULT_CANARY_TTL_MS = 24 * 60 * 60 * 1000;

/** Issues a fresh canary for a session, to be embedded in that session's system prompt. Throws `rate_limited` when the store is full. */
export function issueCanary(
  store: CanaryStore,
  session: string,
  opts: { ttlMs?: number; now?: number } = {},
): Canary {
  const issuedAt = opts.now ?? Date.now();
  const canary = {
    token: newCanaryToken(),
    session,
    issuedAt,
    expiresAt: issuedAt + (opts.ttlMs ?? DEFAULT_CANARY_TTL_MS),
  };
  if (!store.put(canary)) {
    throw new AgentwallError('rate_limited', {
      detail: 'too many live canaries; retry when some have expired',
    });
  }
  return canary;
}
