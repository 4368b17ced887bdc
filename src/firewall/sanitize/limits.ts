/**
 * Bounds that keep sanitize() linear and its output bounded whatever the input: how much text is
 * scanned, how deep decoders recurse into decoded payloads, and how many views (and characters across
 * them) go to the detector.
 */
export interface SanitizeOptions {
  /**
   * Characters (UTF-16 code units) scanned. Longer input is truncated to its first `maxChars` and a
   * `truncated` finding (high) is raised, so the caller can refuse what it could not fully scan.
   */
  readonly maxChars?: number;
  /** Nested decodings followed (base64 inside hex inside base64...). Deeper payloads raise `decode_depth_exceeded`. */
  readonly maxDepth?: number;
  /** Views returned, `normalized` included. */
  readonly maxViews?: number;
  /** Characters across all views, as a multiple of the scanned text's length (with a floor of 64 KiB). */
  readonly viewBudgetFactor?: number;
}

export interface SanitizeLimits {
  readonly maxChars: number;
  readonly maxDepth: number;
  readonly maxViews: number;
  readonly viewBudgetFactor: number;
}

export const DEFAULT_LIMITS: SanitizeLimits = Object.freeze({
  maxChars: 1_048_576,
  maxDepth: 4,
  maxViews: 24,
  viewBudgetFactor: 8,
});

export const MIN_VIEW_BUDGET = 65_536;

function pick(v: number | undefined, d: number, min: number, max: number): number {
  return v === undefined || !Number.isFinite(v) ? d : Math.min(max, Math.max(min, Math.floor(v)));
}

export function resolveLimits(opts: SanitizeOptions | undefined): SanitizeLimits {
  if (opts === undefined) return DEFAULT_LIMITS; // the common call: no closure, no new object
  return {
    maxChars: pick(opts?.maxChars, DEFAULT_LIMITS.maxChars, 1, 64 * 1_048_576),
    maxDepth: pick(opts?.maxDepth, DEFAULT_LIMITS.maxDepth, 0, 16),
    maxViews: pick(opts?.maxViews, DEFAULT_LIMITS.maxViews, 1, 256),
    viewBudgetFactor: pick(opts?.viewBudgetFactor, DEFAULT_LIMITS.viewBudgetFactor, 1, 64),
  };
}
