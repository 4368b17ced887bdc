import { hash } from 'node:crypto';
import { canonicalize } from './jcs.js';

/** Canonical JSON (RFC 8785); one implementation, shared with the audit chain. */
export const canonicalJson = canonicalize;

/** `sha256:<hex>` over the canonical JSON of a value: the arguments digest of an audit event. */
export function digestJson(value: unknown): string {
  return `sha256:${hash('sha256', canonicalize(value), 'hex')}`;
}
