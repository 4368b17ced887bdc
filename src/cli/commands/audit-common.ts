import { existsSync } from 'node:fs';
import { openAuditStore } from '../../audit/open.js';
import { ParamError, parseFilter } from '../../audit/params.js';
import type { OpenedStore } from '../../audit/setup.js';
import type { AuditFilter } from '../../audit/store.js';
import { loadConfig } from '../../config/index.js';
import { AgentwallError } from '../../errors.js';
import { UsageError } from '../command.js';

export const STORE_OPTIONS = {
  config: { type: 'string', short: 'c' },
  db: { type: 'string' },
  keys: { type: 'string' },
} as const;

export const FILTER_OPTIONS = {
  from: { type: 'string' },
  to: { type: 'string' },
  tenant: { type: 'string' },
  principal: { type: 'string' },
  tool: { type: 'string' },
  decision: { type: 'string' },
  rule: { type: 'string' },
  session: { type: 'string' },
  q: { type: 'string' },
} as const;

export const STORE_HELP = `  -c, --config <file>     config file (default: $AGENTWALL_CONFIG or ./agentwall.yaml)
      --db <path>         audit database (default: the config's audit.db)
      --keys <dir>        checkpoint key directory (default: the config's audit.keyDir)`;

export const FILTER_HELP = `      --from <time>       events at or after this RFC 3339 time
      --to <time>         events before this time
      --tenant, --principal, --tool, --decision, --rule, --session <value>
      --q <text>          text in a reason's rule or message`;

export function locate(values: { config?: string; db?: string; keys?: string }): {
  db: string;
  keys: string;
} {
  const config = loadConfig({ file: values.config, defaultFile: 'agentwall.yaml' });
  return { db: values.db ?? config.audit.db, keys: values.keys ?? config.audit.keyDir };
}

/** Opens an existing log; never creates one (a typo in --db must not "verify" an empty file). */
export function openExisting(values: { config?: string; db?: string; keys?: string }): OpenedStore {
  const where = locate(values);
  if (!existsSync(where.db))
    throw new AgentwallError('not_found', { detail: `no audit database at ${where.db}` });
  const store = openAuditStore({ path: where.db, keys: where.keys, checkpointIntervalMs: 0 });
  if (store.unavailable)
    throw new AgentwallError('unavailable', { detail: `${where.db}: ${store.unavailable}` });
  return store;
}

export function filterFrom(values: Record<string, unknown>): AuditFilter {
  const raw: Record<string, string> = {};
  for (const k of Object.keys(FILTER_OPTIONS)) {
    const v = values[k];
    if (typeof v === 'string') raw[k] = v;
  }
  try {
    return parseFilter(raw);
  } catch (err) {
    if (err instanceof ParamError) throw new UsageError(err.message);
    throw err;
  }
}
