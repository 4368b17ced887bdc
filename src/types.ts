/**
 * Shapes shared by every layer. Layers import these; none of them import the web framework.
 */

/** Who is calling, as established by the API key. Never taken from a request body. */
export interface Principal {
  /** Stable id, e.g. `agent:support-bot`. Used as the Casbin subject. */
  readonly id: string;
  readonly tenant: string;
  /** API roles: what the key may do with agentwall itself (`agent`, `policy-admin`, `auditor`, `approver`, `admin`). */
  readonly roles: readonly ApiRole[];
  /** Id of the key entry that authenticated the request (not the key). */
  readonly keyId: string;
}

export const API_ROLES = ['agent', 'policy-admin', 'auditor', 'approver', 'admin'] as const;
export type ApiRole = (typeof API_ROLES)[number];

export type DecisionValue = 'allow' | 'deny' | 'review';

/** The layer that produced a reason. */
export type Layer =
  | 'request'
  | 'firewall'
  | 'policy'
  | 'flow'
  | 'schema'
  | 'sandbox'
  | 'output'
  | 'audit'
  | 'pipeline';

export interface Reason {
  readonly layer: Layer;
  /** Stable snake_case or rule id, e.g. `unknown_tool`, `internal_error`, `support-email`. */
  readonly rule: string;
  readonly message: string;
  readonly score?: number;
}

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export const SIDE_EFFECTS = ['read', 'write', 'external', 'exfiltration'] as const;
export type SideEffect = (typeof SIDE_EFFECTS)[number];

export const RISK_LEVELS = ['low', 'medium', 'high', 'critical'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** Sandbox usage of one execution, reported in the response and the audit event. */
export interface SandboxUsage {
  readonly cpuMs: number;
  readonly wallMs: number;
  readonly memoryBytes: number;
}

/**
 * One audit event per decision. This is the shape the durable store keeps; the hash chain
 * (`prevHash`, `hash`) is filled in by the store when the event is appended.
 */
export interface AuditEvent {
  /** Sortable id (ULID). */
  readonly id: string;
  /** ISO-8601 UTC. */
  readonly time: string;
  readonly requestId: string;
  /** What was decided: a tool call, an execution, an input or output scan, an admin action. */
  readonly kind: AuditKind;
  readonly principal: string;
  readonly tenant: string;
  readonly session: string | null;
  readonly tool: string | null;
  /** `sha256:<hex>` of the canonical JSON of the raw arguments, or null when there were none. */
  readonly argsDigest: string | null;
  /** Arguments with secrets and long strings redacted; never the raw arguments. */
  readonly args: JsonValue | null;
  readonly decision: DecisionValue;
  readonly reasons: readonly Reason[];
  readonly policyVersion: string;
  readonly latencyMs: number;
  /** Milliseconds spent per layer. */
  readonly timings: Readonly<Record<string, number>>;
  readonly usage: SandboxUsage | null;
  /** Free-form, explain-grade detail (matched rules, failed conditions, flow state). */
  readonly explanation: JsonValue | null;
}

export type AuditKind = 'tool-call' | 'execute' | 'input' | 'output' | 'approval' | 'admin';
