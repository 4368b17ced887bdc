/**
 * Per-tenant key-value store behind the `kv` capability. Tenants and namespaces are separate key
 * spaces built from length-prefixed parts, so no key can be crafted to reach another tenant's.
 * Bounded: key length, value size and keys per space are capped.
 */
import type { JsonValue } from '../../types.js';
import type { RunError } from '../types.js';

export interface KvLimits {
  readonly maxKeyLength: number;
  readonly maxValueBytes: number;
  readonly maxKeysPerSpace: number;
}

export const KV_DEFAULTS: KvLimits = {
  maxKeyLength: 256,
  maxValueBytes: 256 * 1024,
  maxKeysPerSpace: 10_000,
};

export class MemoryKv {
  private readonly spaces = new Map<string, Map<string, string>>();

  constructor(private readonly limits: KvLimits = KV_DEFAULTS) {}

  get(tenant: string, ns: string, key: string): JsonValue {
    const raw = this.space(tenant, ns, false)?.get(this.checkKey(key));
    return raw === undefined ? null : (JSON.parse(raw) as JsonValue);
  }

  set(tenant: string, ns: string, key: string, value: JsonValue): void {
    const k = this.checkKey(key);
    const raw = JSON.stringify(value);
    if (Buffer.byteLength(raw) > this.limits.maxValueBytes)
      throw err('invalid_request', 'kv value too large');
    const space = this.space(tenant, ns, true)!;
    if (!space.has(k) && space.size >= this.limits.maxKeysPerSpace)
      throw err('capability_denied', 'kv is full');
    space.set(k, raw);
  }

  delete(tenant: string, ns: string, key: string): boolean {
    return this.space(tenant, ns, false)?.delete(this.checkKey(key)) ?? false;
  }

  list(tenant: string, ns: string, prefix: string): string[] {
    const space = this.space(tenant, ns, false);
    if (!space) return [];
    return [...space.keys()]
      .filter((k) => k.startsWith(prefix))
      .sort()
      .slice(0, 1000);
  }

  private space(tenant: string, ns: string, create: boolean): Map<string, string> | undefined {
    const id = `${tenant.length}:${tenant}|${ns.length}:${ns}`;
    let s = this.spaces.get(id);
    if (!s && create) {
      s = new Map();
      this.spaces.set(id, s);
    }
    return s;
  }

  private checkKey(key: string): string {
    if (typeof key !== 'string' || key.length === 0 || key.length > this.limits.maxKeyLength)
      throw err('invalid_request', 'kv key must be 1..256 characters');
    return key;
  }
}

function err(code: string, message: string): RunError {
  return { code, message };
}
