/**
 * Error classes decide recovery: only transient failures are retried. Resource breaches that a
 * tool causes itself (CPU, memory, output size) are permanent — the same input breaches again —
 * while a wall-clock timeout (slow upstream) and a worker crash are worth one more try.
 */
const TRANSIENT = new Set([
  'timeout',
  'sandbox_crashed',
  'sandbox_busy',
  'network',
  'rate_limited',
  'upstream_5xx',
]);

export type ErrorClass = 'transient' | 'permanent';

export function classify(code: string): ErrorClass {
  return TRANSIENT.has(code) ? 'transient' : 'permanent';
}
