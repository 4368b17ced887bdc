/**
 * Shapes shared by the three firewall layers (L1 sanitize, L2 detect, L3 output filter).
 * Pure data: no layer-specific logic lives here, so every layer can import it without cycles.
 */

export type Severity = 'info' | 'low' | 'medium' | 'high' | 'critical';

/** Which firewall layer produced a finding: `firewall` for inbound text (L1/L2), `output` for L3. */
export type FindingLayer = 'firewall' | 'output';

/**
 * Something a layer noticed. Findings explain; they never change a decision by themselves —
 * the caller (detector threshold, output policy) turns them into allow/deny.
 */
export interface Finding {
  /** Stable snake_case id, e.g. `invisible_characters`, `encoded_payload`, `aws_access_key`, `canary_leak`. */
  readonly type: string;
  readonly layer: FindingLayer;
  /** Human-readable, client-safe: never echoes a secret or the full payload. */
  readonly message: string;
  /** How many occurrences (characters, matches) the finding covers. */
  readonly count?: number;
  readonly severity?: Severity;
  /** JSON pointer of the string the finding came from, for findings inside JSON values (L3). */
  readonly path?: string;
}

/**
 * One reading of the input text that the detector scores. `normalized` is always present and first;
 * the others exist only when a transform changed something (decoded base64, folded homoglyphs...).
 */
export interface View {
  /** The last transform that produced this view: `normalized`, `skeleton`, `tags`, `base64`, `hex`, `url`, ... */
  readonly kind: ViewKind | (string & {});
  readonly text: string;
  /** The chain of transforms from the normalized text, e.g. `base64>skeleton`. Equals `kind` at depth 1. */
  readonly path?: string;
}

export const VIEW_KINDS = [
  'normalized',
  'tags',
  'invisible_gaps',
  'skeleton',
  'stripped',
  'despaced',
  'delimited',
  'leet',
  'rot13',
  'rewritten',
  'base64',
  'hex',
  'unicode_escape',
  'url',
  'html',
] as const;
export type ViewKind = (typeof VIEW_KINDS)[number];

/** Source of text entering or leaving the model; thresholds differ per source. */
export type TextSource = 'user' | 'tool' | 'retrieval';
