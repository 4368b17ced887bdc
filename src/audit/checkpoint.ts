import { canonicalize } from './jcs.js';
import { type Keyring, type Signer, signBytes, verifyBytes } from './keys.js';

export type CheckpointKind = 'periodic' | 'prune' | 'manual';

/**
 * A signed statement "this log had `count` events and its head hash was `headHash` at `time`",
 * in the spirit of Certificate Transparency's signed tree heads (RFC 6962 §3.5). Copies kept
 * outside the database (they are also logged) pin the log's history up to that point.
 */
export interface Checkpoint {
  readonly logId: string;
  readonly count: number;
  readonly headHash: string;
  readonly time: string;
  readonly keyId: string;
  readonly kind: CheckpointKind;
  /** Base64 Ed25519 signature over `checkpointMessage`. */
  readonly signature: string;
}

export function checkpointMessage(cp: Omit<Checkpoint, 'signature'>): string {
  return canonicalize({
    type: 'agentwall.audit.checkpoint.v1',
    logId: cp.logId,
    count: cp.count,
    headHash: cp.headHash,
    time: cp.time,
    keyId: cp.keyId,
    kind: cp.kind,
  });
}

export function signCheckpoint(
  signer: Signer,
  fields: { logId: string; count: number; headHash: string; kind: CheckpointKind; time?: string },
): Checkpoint {
  const unsigned = {
    logId: fields.logId,
    count: fields.count,
    headHash: fields.headHash,
    time: fields.time ?? new Date().toISOString(),
    keyId: signer.keyId,
    kind: fields.kind,
  };
  return { ...unsigned, signature: signBytes(signer, checkpointMessage(unsigned)) };
}

export type CheckpointCheck = 'ok' | 'unknown_key' | 'bad_signature';

export function checkCheckpoint(cp: Checkpoint, keyring: Keyring): CheckpointCheck {
  const key = keyring.publicKeys.get(cp.keyId);
  if (!key) return 'unknown_key';
  return verifyBytes(key, checkpointMessage(cp), cp.signature) ? 'ok' : 'bad_signature';
}
