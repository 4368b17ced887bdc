import { Hono } from 'hono';
import { AgentwallError } from '../../errors.js';
import type { AppEnv } from '../context.js';
import type { AppDeps } from '../deps.js';

export function healthRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    const results = await Promise.all(
      deps.readiness.map(async (r) => {
        try {
          return { name: r.name, ok: await r.check() };
        } catch {
          return { name: r.name, ok: false };
        }
      }),
    );
    const failed = results.filter((r) => !r.ok);
    if (failed.length > 0) {
      throw new AgentwallError('not_ready', {
        detail: `not ready: ${failed.map((f) => f.name).join(', ')}`,
        errors: failed.map((f) => ({ path: f.name, message: 'check failed' })),
      });
    }
    return c.json({ status: 'ready', checks: Object.fromEntries(results.map((r) => [r.name, 'ok'])) });
  });
  return app;
}
