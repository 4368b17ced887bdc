import { Hono } from 'hono';
import { AgentwallError } from '../../errors.js';
import type { AppEnv } from '../context.js';
import type { AppDeps } from '../deps.js';

export function healthRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    const report = await deps.health.run(deps.readiness);
    const failed = report.checks.filter((r) => !r.ok && r.critical);
    if (!report.ready) {
      throw new AgentwallError('not_ready', {
        detail: `not ready: ${failed.map((f) => f.name).join(', ')}`,
        errors: failed.map((f) => ({ path: f.name, message: f.detail ?? 'check failed' })),
      });
    }
    return c.json({
      status: 'ready',
      checks: Object.fromEntries(report.checks.map((r) => [r.name, r.ok ? 'ok' : (r.detail ?? 'failing')])),
    });
  });
  return app;
}
