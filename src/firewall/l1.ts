/**
 * The one seam between L1 (sanitize) and L2 (detect): the views of a text that the detector
 * scores. The trainer, the eval command and the service all go through here, so the model is
 * measured on exactly the views it sees in production.
 */
export interface L1View {
  readonly kind: string;
  readonly text: string;
}

export interface L1Result {
  readonly normalized: string;
  readonly views: readonly L1View[];
  readonly findings: readonly { readonly type: string; readonly layer: string; readonly message: string; readonly count?: number }[];
  readonly truncated: boolean;
}

export function runL1(text: string): L1Result {
  const normalized = text.normalize('NFKC');
  return { normalized, views: [{ kind: 'normalized', text: normalized }], findings: [], truncated: false };
}
