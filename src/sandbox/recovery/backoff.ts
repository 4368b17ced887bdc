/**
 * Capped exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And
 * Jitter", 2015): the delay is uniform in [0, min(max, base·2^(n-1))], which spreads retries of
 * many callers instead of synchronising them. A server's Retry-After is a floor, never shortened.
 */
import type { RetrySpec } from '../types.js';

export function backoffDelay(
  retry: RetrySpec,
  attempt: number,
  retryAfterMs: number | undefined,
  random: () => number,
): number {
  const ceiling = Math.min(retry.maxMs, retry.baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.floor(random() * ceiling);
  return retryAfterMs === undefined ? jittered : Math.max(jittered, Math.ceil(retryAfterMs));
}
