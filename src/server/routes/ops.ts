import { Ajv } from 'ajv';
import { Hono } from 'hono';
import { readJson } from '../body.js';
import type { AppEnv } from '../context.js';
import type { AppDeps } from '../deps.js';
import { authorize } from '../middleware/access.js';
import { authenticate } from '../middleware/auth.js';

interface SafeModeBody {
  enabled: boolean;
  reason: string;
  tenant?: string;
}

// The reason lands in logs, alerts and the audit log: no control or bidi characters.
const REASON = {
  type: 'string',
  pattern: '^[^\\u0000-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]{1,500}$',
};

const validateSafeMode = new Ajv({ strict: true, allErrors: true }).compile<SafeModeBody>({
  type: 'object',
  additionalProperties: false,
  required: ['enabled', 'reason'],
  properties: {
    enabled: { type: 'boolean' },
    reason: REASON,
    tenant: { type: 'string', pattern: '^[A-Za-z0-9_.-]{1,64}$' },
  },
});

/** `GET /metrics` (Prometheus). Mounted before the `/v1` authentication. */
export function metricsRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { ops } = deps;
  const cfg = deps.config.ops.metrics;
  if (cfg.enabled) {
    if (cfg.auth === 'key')
      app.use('/metrics', authenticate(deps.keys), authorize(deps.access, 'metrics', 'read'));
    app.get('/metrics', async (c) => {
      const { body, contentType } = await ops.metrics.render();
      return c.body(body, 200, { 'content-type': contentType, 'cache-control': 'no-store' });
    });
  }
  return app;
}

/** Safe mode and recent incidents, for the admin API role. Mounted after `/v1` authentication. */
export function adminOpsRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { ops } = deps;
  const limits = { maxBytes: deps.config.server.bodyLimitBytes, maxDepth: deps.config.server.maxJsonDepth };

  app.get('/v1/admin/safe-mode', authorize(deps.access, 'admin.safe-mode', 'read'), (c) =>
    c.json({ safeMode: ops.safeMode.status() }),
  );

  app.post('/v1/admin/safe-mode', authorize(deps.access, 'admin.safe-mode', 'write'), async (c) => {
    const body = await readJson(c, limits, validateSafeMode);
    const principal = c.get('principal');
    const { transition, auditId } = await ops.setSafeMode({
      enabled: body.enabled,
      reason: body.reason,
      principal: principal.id,
      requestId: c.get('requestId'),
      ...(body.tenant === undefined ? {} : { tenant: body.tenant }),
    });
    return c.json({ changed: transition !== null, auditId, safeMode: ops.safeMode.status() });
  });

  app.get('/v1/admin/incidents', authorize(deps.access, 'admin', 'read'), (c) =>
    c.json({ incidents: ops.recentIncidents().map(({ eventMono: _m, ...i }) => i) }),
  );

  return app;
}
