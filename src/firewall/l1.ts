/**
 * The one seam between L1 (sanitize) and L2 (detect): the views of a text that the detector
 * scores. The trainer, the eval command and the service all go through here, so the model is
 * measured on exactly the views it sees in production.
 */
import { type SanitizeOptions, type SanitizeResult, sanitize } from './sanitize/index.js';

export type L1Result = SanitizeResult;

export function runL1(text: string, opts?: SanitizeOptions): L1Result {
  return sanitize(text, opts);
}
