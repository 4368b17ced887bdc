import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import type { AppEnv } from './context.js';
import type { AppDeps } from './deps.js';
import { authenticate } from './middleware/auth.js';
import { apiHeaders, requestTimeout } from './middleware/limits.js';
import { errorHandler, notFound } from './problem.js';
import { approvalRoutes } from './routes/approvals.js';
import { auditRoutes } from './routes/audit.js';
import { executeRoutes } from './routes/execute.js';
import { guardRoutes } from './routes/guard.js';
import { guardInputRoutes } from './routes/guard-input.js';
import { healthRoutes } from './routes/health.js';
import { adminOpsRoutes, metricsRoutes } from './routes/ops.js';
import { outputRoutes } from './routes/output.js';
import { policyRoutes } from './routes/policies.js';
import { uiAuditRoutes } from './routes/ui-audit.js';

export type { AppDeps, ReadinessCheck } from './deps.js';

/** The HTTP surface: thin routes over the pipeline. Knows HTTP; the layers do not. */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>({ strict: true });
  app.onError(errorHandler(deps.logger));
  app.notFound(notFound);
  app.use(requestId({ headerName: 'x-request-id', limitLength: 128 }));
  app.use(apiHeaders());
  app.use(requestTimeout(deps.config.server.requestTimeoutMs));

  app.route('/', healthRoutes(deps));
  app.route('/', metricsRoutes(deps));
  app.route('/', uiAuditRoutes(deps));

  app.use('/v1/*', authenticate(deps.keys));
  app.route('/', guardRoutes(deps));
  app.route('/', adminOpsRoutes(deps));
  app.route('/', guardInputRoutes(deps));
  app.route('/', outputRoutes(deps));
  app.route('/', approvalRoutes(deps));
  app.route('/', policyRoutes(deps));
  app.route('/', executeRoutes(deps));
  app.route('/', auditRoutes(deps));
  return app;
}
