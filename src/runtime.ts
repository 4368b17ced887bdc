/**
 * Composition root: builds every layer from a validated config. The CLI's `serve` and the
 * integration tests both start here, so tests run the same wiring as production.
 */

import { type AuditSink, createLogSink } from './audit/index.js';
import { createKeyRing } from './auth/index.js';
import type { Config } from './config/index.js';
import { EventBus } from './events.js';
import { HealthRegistry } from './health.js';
import { createLogger, type Logger } from './log.js';
import { instrumentAuditSink, opsRuntimeConfig, safeModeAuditEvent, startOps } from './ops/index.js';
import { createPolicyStore, loadPolicySet } from './policy/index.js';
import { createApp } from './server/app.js';
import type { AppDeps, ReadinessCheck } from './server/deps.js';
import { createAccessControl } from './server/middleware/access.js';

export interface RuntimeOptions {
  readonly logger?: Logger;
  /** Replaces the default audit sink (tests inject failing or slow sinks here). */
  readonly audit?: AuditSink;
  /** Event bus for operational events; a new one by default. */
  readonly bus?: EventBus;
}

export interface Runtime {
  readonly deps: AppDeps;
  readonly app: ReturnType<typeof createApp>;
  close(): Promise<void>;
}

export async function createRuntime(config: Config, opts: RuntimeOptions = {}): Promise<Runtime> {
  const logger = opts.logger ?? createLogger(config.log.level);
  const policies = createPolicyStore(
    await loadPolicySet(config.policies.dir, { cacheSize: config.policies.cacheSize }),
  );
  const keys = createKeyRing(config.keys);
  if (keys.demoKeyIds.length > 0) {
    logger.warn(
      { keys: keys.demoKeyIds },
      '!!! PUBLIC DEMO API KEYS ARE CONFIGURED — anyone can use them. Generate real keys with `agentwall keygen` and remove the demo entries before exposing agentwall.',
    );
  }
  if (config.keys.length === 0) logger.warn('no API keys are configured: every /v1 request will be refused');
  const bus = opts.bus ?? new EventBus();
  const audit = instrumentAuditSink(opts.audit ?? createLogSink(logger), bus);
  const ops = startOps(opsRuntimeConfig(config.ops, config.policies.dir), {
    bus,
    logger: logger.child({ component: 'ops' }),
    recordTransition: (t, requestId) =>
      audit.record(safeModeAuditEvent(t, policies.current()?.version ?? 'none', requestId)),
  });
  const health = new HealthRegistry();
  const readiness: ReadinessCheck[] = [
    { name: 'policies', check: () => policies.current() !== null },
    { name: 'audit', check: () => audit.writable() },
  ];
  const deps: AppDeps = {
    config,
    logger,
    keys,
    access: await createAccessControl(),
    policies,
    audit,
    readiness,
    health,
    ops,
    safeMode: ops.safeMode,
    bus,
  };
  return {
    deps,
    app: createApp(deps),
    async close() {
      health.setDraining();
      await ops.close(config.ops.alerts.drainMs);
      await audit.close();
    },
  };
}
