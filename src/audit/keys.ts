import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Ed25519 keys for signed checkpoints. A key directory holds, per key id:
 *   <id>.key.pem  private key (PKCS#8, mode 0600) — only on the machine that writes the log
 *   <id>.pub.pem  public key (SPKI) — copy these to wherever logs are verified
 * and a file `active` naming the id that signs new checkpoints. Rotation adds a key and moves
 * `active`; old public keys stay so that old checkpoints still verify.
 */
export interface Signer {
  readonly keyId: string;
  readonly privateKey: KeyObject;
}

export interface Keyring {
  readonly signer: Signer | null;
  readonly publicKeys: ReadonlyMap<string, KeyObject>;
}

const KEY_ID = /^[0-9a-f]{16}$/;

/** Key id: the first 16 hex digits of SHA-256 over the public key's DER (SPKI) encoding. */
export function keyIdOf(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').slice(0, 16);
}

export function generateSigner(): Signer & { readonly publicKey: KeyObject } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { keyId: keyIdOf(publicKey), privateKey, publicKey };
}

/** Writes a new key pair into `dir` and, unless `activate` is false, makes it the signing key. */
export function createKeyInDir(dir: string, activate = true): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const key = generateSigner();
  const priv = join(dir, `${key.keyId}.key.pem`);
  writeFileSync(priv, key.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  chmodSync(priv, 0o600);
  writeFileSync(join(dir, `${key.keyId}.pub.pem`), key.publicKey.export({ type: 'spki', format: 'pem' }));
  if (activate) writeFileSync(join(dir, 'active'), `${key.keyId}\n`);
  return key.keyId;
}

/** Loads every public key in `dir` and, if present, the active private key. */
export function loadKeyring(dir: string): Keyring {
  const publicKeys = new Map<string, KeyObject>();
  if (!existsSync(dir)) return { signer: null, publicKeys };
  for (const name of readdirSync(dir)) {
    const m = /^([0-9a-f]{16})\.pub\.pem$/.exec(name);
    if (!m) continue;
    const key = createPublicKey(readFileSync(join(dir, name)));
    if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${name} is not an Ed25519 public key`);
    // The file name is only a label; the id that counts is derived from the key itself.
    if (keyIdOf(key) !== m[1]) throw new Error(`${name} does not match its key id`);
    publicKeys.set(m[1], key);
  }
  const activePath = join(dir, 'active');
  if (!existsSync(activePath)) return { signer: null, publicKeys };
  const keyId = readFileSync(activePath, 'utf8').trim();
  if (!KEY_ID.test(keyId)) throw new Error(`${activePath} does not name a key id`);
  const privateKey = createPrivateKey(readFileSync(join(dir, `${keyId}.key.pem`)));
  const publicKey = createPublicKey(privateKey);
  if (keyIdOf(publicKey) !== keyId) throw new Error(`private key ${keyId} does not match its id`);
  publicKeys.set(keyId, publicKey);
  return { signer: { keyId, privateKey }, publicKeys };
}

/** A keyring held in memory, for tests and benches. */
export function memoryKeyring(...signers: (Signer & { readonly publicKey: KeyObject })[]): Keyring {
  const publicKeys = new Map(signers.map((s) => [s.keyId, s.publicKey] as const));
  const active = signers[signers.length - 1];
  return { signer: active ? { keyId: active.keyId, privateKey: active.privateKey } : null, publicKeys };
}

export function signBytes(signer: Signer, message: string): string {
  // Ed25519 takes no digest algorithm: the `null` is required by node:crypto.
  return sign(null, Buffer.from(message, 'utf8'), signer.privateKey).toString('base64');
}

export function verifyBytes(publicKey: KeyObject, message: string, signature: string): boolean {
  try {
    return verify(null, Buffer.from(message, 'utf8'), publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
