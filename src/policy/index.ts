export {
  decide,
  type MatchedRule,
  type PolicyDecision,
  type PolicyExplanation,
  type PolicyRequest,
} from './decide.js';
export { type SchemaIssue, schemaIssues, type Tool, type ToolRegistry, type ToolSpec } from './registry.js';
export { buildPolicySet, loadPolicySet, type PolicySet, versionOf } from './set.js';
export { createPolicyStore, type PolicyStore } from './store.js';
