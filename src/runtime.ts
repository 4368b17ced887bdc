/**
 * Composition root: builds every layer from a validated config. The CLI's `serve` and the
 * integration tests both start here, so tests run the same wiring as production.
 */

import { join } from 'node:path';
import {
  type AuditSink,
  composeSinks,
  createLogSink,
  createStoreSink,
  type OpenedStore,
  openConfiguredStore,
} from './audit/index.js';
import { createKeyRing } from './auth/index.js';
import type { Config } from './config/index.js';
import { EventBus } from './events.js';
import { createFirewall } from './firewall/index.js';
import { createOutputLayer } from './firewall/output/index.js';
import { HealthRegistry } from './health.js';
import { createLogger, type Logger } from './log.js';
import {
  attachSandboxSignals,
  instrumentAuditSink,
  instrumentFirewall,
  opsRuntimeConfig,
  safeModeAuditEvent,
  startOps,
} from './ops/index.js';
import {
  ApprovalQueue,
  createPolicyStore,
  loadPolicySet,
  MemoryFlowStore,
  PolicyLayer,
} from './policy/index.js';
import { PolicyReloader } from './policy/reload.js';
import { createSandboxService, type SandboxServiceOptions } from './sandbox/index.js';
import { createApp } from './server/app.js';
import type { AppDeps, ReadinessCheck } from './server/deps.js';
import { createAccessControl } from './server/middleware/access.js';

export interface RuntimeOptions {
  readonly logger?: Logger;
  /** Replaces the default audit sink (tests inject failing or slow sinks here). */
  readonly audit?: AuditSink;
  /** Event bus for operational events; a new one by default. */
  readonly bus?: EventBus;
  /** The durable store the audit API reads (and, without `audit`, writes). */
  readonly auditStore?: OpenedStore;
  /** Sandbox capabilities' back-ends (tests inject a resolver or a shared kv). */
  readonly sandbox?: SandboxServiceOptions;
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
    config.policies.keep,
  );
  const policyLayer = new PolicyLayer({
    flowStore: new MemoryFlowStore({ maxKeys: config.flow.maxKeys }),
    approvals: new ApprovalQueue({
      ttlMs: config.approvals.ttlSeconds * 1000,
      redeemMs: config.approvals.redeemSeconds * 1000,
      maxItems: config.approvals.maxItems,
    }),
  });
  const bus = opts.bus ?? new EventBus();
  const policyReloader = new PolicyReloader(policies, {
    dir: config.policies.dir,
    cacheSize: config.policies.cacheSize,
    onEvent: (e) => {
      bus.emit(
        'policy.reload',
        e.kind === 'refused'
          ? { ok: false, version: 'none', detail: e.source }
          : { ok: true, version: e.version },
      );
      return e.kind === 'refused'
        ? logger.error({ policyReload: e }, 'policy set refused; the last good set keeps serving')
        : logger.info({ policyReload: e }, `policy set ${e.kind}`);
    },
  });
  if (config.policies.watch) policyReloader.watch();
  const keys = createKeyRing(config.keys);
  if (keys.demoKeyIds.length > 0) {
    logger.warn(
      { keys: keys.demoKeyIds },
      '!!! PUBLIC DEMO API KEYS ARE CONFIGURED — anyone can use them. Generate real keys with `agentwall keygen` and remove the demo entries before exposing agentwall.',
    );
  }
  if (config.keys.length === 0) logger.warn('no API keys are configured: every /v1 request will be refused');
  // Store first, then the log line: an event is logged only once it is durable.
  const auditStore = opts.auditStore ?? (opts.audit ? undefined : openConfiguredStore(config.audit, logger));
  const audit = instrumentAuditSink(
    opts.audit ?? composeSinks(...(auditStore ? [createStoreSink(auditStore)] : []), createLogSink(logger)),
    bus,
  );
  const ops = startOps(opsRuntimeConfig(config.ops, config.policies.dir), {
    bus,
    logger: logger.child({ component: 'ops' }),
    recordTransition: (t, requestId) =>
      audit.record(safeModeAuditEvent(t, policies.current()?.version ?? 'none', requestId)),
  });
  const health = new HealthRegistry();
  const readiness: ReadinessCheck[] = [
    { name: 'policies', check: () => policies.current() !== null },
    // Writable: the last append succeeded and the store does not report itself unavailable.
    { name: 'audit', check: () => audit.writable() && (auditStore?.unavailable ?? null) === null },
  ];
  const firewallFile = join(config.policies.dir, 'firewall.yaml');
  const firewall = instrumentFirewall(createFirewall({ file: firewallFile }), bus);
  // L3 asks L2 whether tool and retrieval output reads as an injection.
  const inspectOutput = async (text: string, ctx: { source: 'tool' | 'retrieval'; session?: string }) => {
    const r = await firewall.inspect(text, ctx);
    return { score: r.score, flagged: r.decision === 'deny', threshold: r.threshold };
  };
  const sandbox = createSandboxService(config.sandbox, opts.sandbox);
  // Every sandboxed tool module is read and checked now: a missing module stops start-up.
  const initial = policies.current();
  if (initial) sandbox.check(initial.registry);
  // The pool starts on first use: until then there is nothing to be unready about.
  let sandboxUsed = false;
  bus.on('sandbox.run', () => {
    sandboxUsed = true;
  });
  const sandboxSignals = attachSandboxSignals(bus, () => (sandboxUsed ? sandbox.sandbox().stats() : null));
  ops.metrics.onScrape(() => sandboxSignals.poll());
  health.register({
    name: 'sandbox',
    check: () => {
      if (!sandboxUsed) return { ok: true, detail: 'idle: workers start on first use' };
      const s = sandbox.sandbox().stats();
      return s.workers > 0 ? { ok: true } : { ok: false, detail: 'no sandbox workers running' };
    },
  });
  const deps: AppDeps = {
    config,
    logger,
    keys,
    access: await createAccessControl(),
    policies,
    policyLayer,
    policyReloader,
    audit,
    ...(auditStore ? { auditStore } : {}),
    firewall,
    output: createOutputLayer(firewallFile, inspectOutput),
    readiness,
    health,
    ops,
    safeMode: ops.safeMode,
    bus,
    sandbox,
  };
  return {
    deps,
    app: createApp(deps),
    async close() {
      health.setDraining();
      await ops.close(config.ops.alerts.drainMs);
      await sandbox.close();
      policyReloader.close();
      await audit.close();
      if (opts.audit && auditStore) await auditStore.close();
    },
  };
}
