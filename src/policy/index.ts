export { type Approval, ApprovalQueue, type ApprovalStatus } from './approvals.js';
export {
  decide,
  type MatchedRule,
  type PolicyDecision,
  type PolicyExplanation,
  type PolicyRequest,
} from './decide.js';
export { MemoryFlowStore } from './flow/memory.js';
export type { FlowStore } from './flow/store.js';
export { type CallDecision, type CallExplanation, type CallRequest, PolicyLayer } from './layer.js';
export { type SchemaIssue, schemaIssues, type Tool, type ToolRegistry, type ToolSpec } from './registry.js';
export { buildPolicySet, loadPolicySet, type PolicySet, versionOf } from './set.js';
export { createPolicyStore, type PolicyStore } from './store.js';
