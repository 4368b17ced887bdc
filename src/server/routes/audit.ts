import { randomBytes } from 'node:crypto';
import { type Context, Hono } from 'hono';
import {
  type AuditFilter,
  type AuditStore,
  AuditUnavailableError,
  csvHeader,
  csvRow,
  jsonLine,
  makeCursor,
  type OpenedStore,
  ParamError,
  parseFilter,
  parseQuery,
  type RawParams,
  type StoredAuditEvent,
} from '../../audit/index.js';
import { AgentwallError } from '../../errors.js';
import type { Principal } from '../../types.js';
import type { AppEnv } from '../context.js';
import type { AppDeps } from '../deps.js';
import { authorize } from '../middleware/access.js';

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** Query parameters as the parsers want them: one value → string, repeated → array. */
export function rawParams(c: Context): RawParams {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(c.req.queries())) out[k] = v.length === 1 ? v[0]! : v;
  return out;
}

export function badParam(err: unknown): never {
  if (err instanceof ParamError) {
    throw new AgentwallError('invalid_request', {
      detail: err.message,
      errors: [{ path: err.param, message: err.message }],
    });
  }
  throw err;
}

export function storeOf(deps: AppDeps): OpenedStore {
  const store = deps.auditStore;
  if (!store) throw new AgentwallError('unavailable', { detail: 'no audit store is configured' });
  if (store.unavailable)
    throw new AgentwallError('unavailable', { detail: `audit store unavailable: ${store.unavailable}` });
  return store;
}

/** Auditors see their own tenant's events only; asking for another tenant is refused, not widened. */
export function scoped(filter: AuditFilter, principal: Principal): AuditFilter {
  if (filter.tenant !== undefined && filter.tenant !== principal.tenant) {
    throw new AgentwallError('forbidden', { detail: 'this key may read only its own tenant' });
  }
  return { ...filter, tenant: principal.tenant };
}

/** A store fault while reading is a 503 with the reason, never a stack. */
export async function reading<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof AuditUnavailableError)
      throw new AgentwallError('unavailable', { detail: err.message, cause: err });
    throw err;
  }
}

export function auditRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // Per-process key: cursors stop working after a restart, which only costs a re-query.
  const cursorKey = randomBytes(32);
  const paramOpts = { defaultLimit: 50, maxLimit: deps.config.audit.maxPageSize, cursorKey };
  const read = authorize(deps.access, 'audit', 'read');

  app.get('/v1/audit', read, async (c) => {
    const store = storeOf(deps);
    let q: ReturnType<typeof parseQuery>;
    try {
      q = parseQuery(rawParams(c), paramOpts);
    } catch (err) {
      badParam(err);
    }
    const query = { ...q, filter: scoped(q.filter, c.get('principal')) };
    const page = await reading(() => store.query(query));
    // Bound to the filter as the client sent it, which is what it will send with the cursor.
    const next = page.next ? makeCursor(page.next, q, cursorKey) : null;
    return c.json({ events: page.events, next, limit: q.limit });
  });

  app.get('/v1/audit/verify', read, async (c) => {
    const raw = rawParams(c);
    const extra = Object.keys(raw).find((k) => k !== 'full');
    if (extra !== undefined || (raw.full !== undefined && raw.full !== 'true' && raw.full !== 'false')) {
      throw new AgentwallError('invalid_request', { detail: 'the only parameter is full=true|false' });
    }
    const report = await storeOf(deps).verify({ full: raw.full === 'true' });
    return c.json(report);
  });

  app.get('/v1/audit/export', authorize(deps.access, 'audit.export', 'read'), async (c) => {
    const store = storeOf(deps);
    const { format = 'jsonl', ...rest } = rawParams(c);
    if (format !== 'jsonl' && format !== 'csv') {
      throw new AgentwallError('invalid_request', { detail: 'format must be jsonl or csv' });
    }
    let filter: AuditFilter;
    try {
      filter = scoped(parseFilter(rest), c.get('principal'));
    } catch (err) {
      badParam(err);
    }
    const csv = format === 'csv';
    const stamp = new Date().toISOString().replaceAll(':', '-').slice(0, 19);
    return new Response(exportStream(store, filter, csv), {
      headers: {
        'content-type': csv ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
        'content-disposition': `attachment; filename="agentwall-audit-${stamp}.${format}"`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      },
    });
  });

  app.get('/v1/audit/:id', read, async (c) => {
    const id = c.req.param('id');
    if (!ULID.test(id)) throw new AgentwallError('invalid_request', { detail: 'id must be a ULID' });
    const event = await reading(() => storeOf(deps).get(id));
    // Another tenant's event is "not found", so ids of other tenants cannot be probed.
    if (!event || event.tenant !== c.get('principal').tenant)
      throw new AgentwallError('not_found', { detail: 'no such audit event' });
    return c.json(event);
  });

  return app;
}

/**
 * Pull-based: a chunk is read from the store only when the client has taken the previous one,
 * so memory stays bounded however many rows match and however slow the reader is.
 */
function exportStream(store: AuditStore, filter: AuditFilter, csv: boolean): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const rows = store.export(filter)[Symbol.asyncIterator]();
  let started = false;
  const line = csv ? csvRow : jsonLine;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let chunk = started || !csv ? '' : csvHeader();
        started = true;
        for (let i = 0; i < 500; i++) {
          const next = await rows.next();
          if (next.done) {
            if (chunk) controller.enqueue(encoder.encode(chunk));
            controller.close();
            return;
          }
          chunk += line(next.value as StoredAuditEvent);
        }
        controller.enqueue(encoder.encode(chunk));
      },
      async cancel() {
        await rows.return?.();
      },
    },
    { highWaterMark: 1 },
  );
}
