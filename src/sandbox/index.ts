/**
 * The sandbox layer: runs registry tools in isolated-vm isolates inside supervised worker
 * processes, with hard limits, host-performed capabilities and recovery. Its verb is `run`
 * (on the service returned by `createSandboxService`).
 */
export { MemoryKv } from './capabilities/kv.js';
export { buildCatalog, type Catalog, type CatalogEntry } from './catalog.js';
export { Breakers } from './recovery/breaker.js';
export { classify } from './recovery/classify.js';
export {
  executeWithRecovery,
  type FinalStatus,
  type Outcome,
  type StepReport,
} from './recovery/orchestrate.js';
export { createSandbox, type Sandbox, type SandboxOptions } from './sandbox.js';
export { createSandboxService, type SandboxService, type SandboxServiceOptions } from './service.js';
export type {
  RunContext,
  RunError,
  RunnableTool,
  RunResult,
  SandboxLimits,
  ToolSandboxSpec,
} from './types.js';
