import { hash } from 'node:crypto';
import type { AuditEvent } from '../types.js';
import { canonicalize } from './jcs.js';

/** The `prevHash` of the first event ever appended to a log. */
export const GENESIS_HASH = '0'.repeat(64);

/** An event as the store keeps it: the decision's event plus its place in the chain. */
export interface StoredAuditEvent extends AuditEvent {
  /** 1-based position in the log; contiguous, never reused. */
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
}

/** The exact bytes that are hashed and stored: the RFC 8785 canonical JSON of the event. */
export function eventBody(event: AuditEvent): string {
  return canonicalize(event);
}

/**
 * hash = hex(SHA-256(prevHash ‖ JCS(event))). `prevHash` is always 64 hex characters, so the
 * concatenation is unambiguous; hashing the stored text directly keeps verification fast.
 */
export function chainHash(prevHash: string, body: string): string {
  // One-shot hash of the concatenation: the same digest as two updates, with less per-call overhead.
  return hash('sha256', prevHash + body, 'hex');
}
