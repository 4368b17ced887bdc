/**
 * Host side of the guest's capability calls. The grant is the tool's registry entry; each call is
 * checked against it when it is made (a guest that found the raw bridge still gets nothing it was
 * not granted), and the tenant comes from the authenticated principal, never from the guest.
 */
import type { JsonValue } from '../../types.js';
import type { CapabilityCall } from '../pool.js';
import type { CapabilityGrants, RunError } from '../types.js';
import { type FetchOptions, hostFetch, parseFetchRequest } from './fetch.js';
import type { MemoryKv } from './kv.js';

export interface CapabilityDeps {
  readonly kv: MemoryKv;
  readonly fetch?: FetchOptions;
}

export function capabilityHandler(
  grants: CapabilityGrants,
  tenant: string,
  deadline: number,
  deps: CapabilityDeps,
): CapabilityCall {
  return async (op, json) => {
    const payload = parse(json);
    if (op === 'fetch') {
      if (!grants.fetch) throw deny('fetch');
      const req = parseFetchRequest(payload, grants.fetch);
      return JSON.stringify(await hostFetch(req, grants.fetch, deadline - Date.now(), deps.fetch));
    }
    if (op.startsWith('kv.')) {
      const kv = grants.kv;
      if (!kv) throw deny('kv');
      const p = (payload ?? {}) as { key?: unknown; value?: unknown; prefix?: unknown };
      switch (op) {
        case 'kv.get':
          return JSON.stringify(deps.kv.get(tenant, kv.namespace, String(p.key)));
        case 'kv.list':
          return JSON.stringify(deps.kv.list(tenant, kv.namespace, String(p.prefix ?? '')));
        case 'kv.set':
          if (!kv.write) throw deny('kv write');
          deps.kv.set(tenant, kv.namespace, String(p.key), (p.value ?? null) as JsonValue);
          return 'true';
        case 'kv.delete':
          if (!kv.write) throw deny('kv write');
          return JSON.stringify(deps.kv.delete(tenant, kv.namespace, String(p.key)));
      }
    }
    throw { code: 'capability_denied', message: `unknown capability ${op.slice(0, 32)}` } satisfies RunError;
  };
}

function parse(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    throw { code: 'invalid_request', message: 'capability payload is not JSON' } satisfies RunError;
  }
}

function deny(what: string): RunError {
  return { code: 'capability_denied', message: `the tool was not granted ${what}` };
}
