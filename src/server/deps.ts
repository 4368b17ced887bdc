import type { AuditSink, OpenedStore } from '../audit/index.js';
import type { KeyRing } from '../auth/index.js';
import type { Config } from '../config/index.js';
import type { EventBus } from '../events.js';
import type { Firewall } from '../firewall/index.js';
import type { OutputLayer } from '../firewall/output/index.js';
import type { HealthRegistry } from '../health.js';
import type { Logger } from '../log.js';
import type { Ops } from '../ops/index.js';
import type { PolicyLayer, PolicyStore } from '../policy/index.js';
import type { PolicyReloader } from '../policy/reload.js';
import type { SandboxService } from '../sandbox/index.js';
import type { AccessControl } from './middleware/access.js';

/** A named readiness check: layers register theirs; `/readyz` is ready only when all pass. */
export interface ReadinessCheck {
  readonly name: string;
  check(): boolean | Promise<boolean>;
}

/** Everything the HTTP layer needs, built by the runtime (src/runtime.ts) or by a test. */
export interface AppDeps {
  readonly config: Config;
  readonly logger: Logger;
  readonly keys: KeyRing;
  readonly access: AccessControl;
  readonly policies: PolicyStore;
  readonly policyLayer: PolicyLayer;
  /** Validates, tests and swaps policy sets (admin API, hot reload). */
  readonly policyReloader: PolicyReloader;
  readonly audit: AuditSink;
  /** The durable audit store behind the audit API and review page, when there is one. */
  readonly auditStore?: OpenedStore;
  /** Prompt firewall (L1 sanitize + L2 detect), loaded once from policies/firewall.yaml. */
  readonly firewall: Firewall;
  /** L3 output filter: policy, canary store, L2 hook. */
  readonly output: OutputLayer;
  readonly readiness: readonly ReadinessCheck[];
  /** Checks layers register at run time; `/readyz` runs these and `readiness`. */
  readonly health: HealthRegistry;
  /** Metrics, safe mode, incidents and alerts. */
  readonly ops: Ops;
  readonly safeMode: Ops['safeMode'];
  readonly bus: EventBus;
  /** Runs tools for `POST /v1/tools/{name}/execute`; absent → that route answers 503. */
  readonly sandbox?: SandboxService;
}
