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
  let fetches = 0;
  let inFlight = 0;
  return async (op, json) => {
    // Enforced here, in the supervisor, not in the (untrusted) worker.
    if (inFlight >= MAX_IN_FLIGHT) throw limit(`more than ${MAX_IN_FLIGHT} capability calls in flight`);
    inFlight++;
    try {
      return await perform(op, json);
    } finally {
      inFlight--;
    }
  };

  async function perform(op: string, json: string): Promise<string> {
    const payload = parse(json);
    if (op === 'fetch') {
      if (!grants.fetch) throw deny('fetch');
      if (++fetches > MAX_FETCHES_PER_RUN) throw limit(`more than ${MAX_FETCHES_PER_RUN} fetches in one run`);
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
  }
}

/** One run may not turn the host into a request amplifier. */
const MAX_FETCHES_PER_RUN = 32;
const MAX_IN_FLIGHT = 64;

function limit(message: string): RunError {
  return { code: 'capability_denied', message };
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
