import { createHash, hash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { KeyEntry } from '../config/index.js';
import type { Principal } from '../types.js';

/** Longest credential considered; anything longer is rejected before hashing. */
const MAX_KEY_LENGTH = 512;

export function hashKey(key: string): string {
  return `sha256:${createHash('sha256').update(key, 'utf8').digest('hex')}`;
}

/** A new random API key: 32 bytes of entropy, URL-safe, with a recognisable prefix for secret scanners. */
export function generateKey(): string {
  return `aw_${randomBytes(32).toString('base64url')}`;
}

export interface KeyRing {
  /** The principal for a presented key, or null. Time does not depend on which entry matches. */
  authenticate(key: string): Principal | null;
  /** Ids of configured entries whose key is one of the public demo keys. */
  readonly demoKeyIds: readonly string[];
}

interface Entry {
  readonly digest: Buffer;
  readonly principal: Principal;
}

export function createKeyRing(entries: readonly KeyEntry[]): KeyRing {
  const list: Entry[] = entries.map((e) => ({
    digest: Buffer.from(e.hash.slice('sha256:'.length), 'hex'),
    principal: Object.freeze({
      id: e.principal,
      tenant: e.tenant,
      roles: Object.freeze([...e.roles]),
      keyId: e.id,
    }),
  }));
  const demo = new Set(DEMO_KEYS.map((k) => hashKey(k.key)));
  return {
    demoKeyIds: entries.filter((e) => demo.has(e.hash)).map((e) => e.id),
    authenticate(key) {
      if (key.length === 0 || key.length > MAX_KEY_LENGTH) return null;
      const presented = hash('sha256', key, 'buffer');
      // Compare against every entry without an early exit, so timing reveals neither whether
      // nor where a key matched.
      let found: Principal | null = null;
      for (const entry of list) {
        if (timingSafeEqual(entry.digest, presented) && found === null) found = entry.principal;
      }
      return found;
    },
  };
}

/**
 * The demo keys shipped in agentwall.yaml and listed in the README. They are public, so start-up
 * warns loudly whenever one of them is configured.
 */
export const DEMO_KEYS = [
  { id: 'demo-support', key: 'aw_demo_support_agent_key', principal: 'agent:support-bot' },
  { id: 'demo-research', key: 'aw_demo_research_agent_key', principal: 'agent:research-bot' },
  { id: 'demo-ops', key: 'aw_demo_ops_agent_key', principal: 'agent:ops-bot' },
  { id: 'demo-admin', key: 'aw_demo_policy_admin_key', principal: 'user:policy-admin' },
  { id: 'demo-auditor', key: 'aw_demo_auditor_key', principal: 'user:auditor' },
  { id: 'demo-approver', key: 'aw_demo_approver_key', principal: 'user:approver' },
  { id: 'demo-globex', key: 'aw_demo_other_tenant_key', principal: 'agent:globex-bot' },
] as const;
