import { describe, expect, it } from 'vitest';
import { createKeyRing, DEMO_KEYS, generateKey, hashKey } from './index.js';

describe('key ring', () => {
  const key = generateKey();
  const ring = createKeyRing([
    { id: 'k1', hash: hashKey(key), principal: 'agent:a', tenant: 't1', roles: ['agent'] },
    { id: 'k2', hash: hashKey(DEMO_KEYS[0].key), principal: 'agent:demo', tenant: 't1', roles: ['agent'] },
  ]);

  it('should map a key to its principal, tenant and roles', () => {
    expect(ring.authenticate(key)).toEqual({ id: 'agent:a', tenant: 't1', roles: ['agent'], keyId: 'k1' });
  });

  it('should refuse wrong, empty, near-miss and oversized keys', () => {
    for (const k of ['', key.slice(0, -1), `${key} `, key.toUpperCase(), 'x'.repeat(10_000)])
      expect(ring.authenticate(k)).toBeNull();
  });

  it('should notice configured demo keys', () => {
    expect(ring.demoKeyIds).toEqual(['k2']);
  });

  it('should generate distinct high-entropy keys', () => {
    expect(generateKey()).not.toBe(generateKey());
    expect(generateKey()).toMatch(/^aw_[A-Za-z0-9_-]{43}$/);
  });
});
