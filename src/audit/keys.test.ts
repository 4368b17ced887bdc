import { mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkCheckpoint, signCheckpoint } from './checkpoint.js';
import { createKeyInDir, loadKeyring } from './keys.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'aw-keys-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('checkpoint keys', () => {
  it('creates a private key only its owner can read and signs checkpoints that verify', () => {
    const id = createKeyInDir(dir);
    expect(statSync(join(dir, `${id}.key.pem`)).mode & 0o077).toBe(0);
    const ring = loadKeyring(dir);
    expect(ring.signer?.keyId).toBe(id);
    const cp = signCheckpoint(ring.signer!, {
      logId: 'log-1',
      count: 10,
      headHash: 'a'.repeat(64),
      kind: 'periodic',
    });
    expect(checkCheckpoint(cp, ring)).toBe('ok');
    expect(checkCheckpoint({ ...cp, count: 11 }, ring)).toBe('bad_signature');
    expect(checkCheckpoint({ ...cp, logId: 'log-2' }, ring)).toBe('bad_signature');
    expect(checkCheckpoint({ ...cp, signature: 'AAAA' }, ring)).toBe('bad_signature');
  });

  it('rotates: the new key signs, old public keys still verify', () => {
    const a = createKeyInDir(dir);
    const ringA = loadKeyring(dir);
    const old = signCheckpoint(ringA.signer!, {
      logId: 'l',
      count: 1,
      headHash: 'b'.repeat(64),
      kind: 'periodic',
    });
    const b = createKeyInDir(dir);
    rmSync(join(dir, `${a}.key.pem`));
    const ringB = loadKeyring(dir);
    expect(ringB.signer?.keyId).toBe(b);
    expect(checkCheckpoint(old, ringB)).toBe('ok');
  });

  it('refuses a public key filed under another key id', () => {
    const a = createKeyInDir(dir);
    const b = createKeyInDir(dir, false);
    const pubA = readFileSync(join(dir, `${a}.pub.pem`));
    renameSync(join(dir, `${b}.pub.pem`), join(dir, 'spare.pem'));
    writeFileSync(join(dir, `${b}.pub.pem`), pubA);
    expect(() => loadKeyring(dir)).toThrow(/does not match its key id/);
  });

  it('reports an unknown key rather than trusting the id a checkpoint names', () => {
    const other = mkdtempSync(join(tmpdir(), 'aw-keys-other-'));
    createKeyInDir(other);
    const cp = signCheckpoint(loadKeyring(other).signer!, {
      logId: 'l',
      count: 1,
      headHash: 'c'.repeat(64),
      kind: 'periodic',
    });
    createKeyInDir(dir);
    expect(checkCheckpoint(cp, loadKeyring(dir))).toBe('unknown_key');
    rmSync(other, { recursive: true, force: true });
  });
});
