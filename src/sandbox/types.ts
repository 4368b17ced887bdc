/**
 * Shapes of the sandbox layer. Everything that crosses a process or isolate boundary is plain data.
 */
import type { JsonValue, SandboxUsage } from '../types.js';

export interface SandboxLimits {
  readonly memoryMb: number;
  /** CPU time the guest may use (isolate CPU clock). */
  readonly cpuMs: number;
  /** Wall-clock time for the whole run, async continuations and capability calls included. */
  readonly wallMs: number;
  readonly maxOutputBytes: number;
}

export interface FetchGrant {
  readonly hosts: readonly string[];
  readonly methods: readonly string[];
  readonly maxBytes: number;
  readonly timeoutMs: number;
  /** Explicit ports allowed (default: only the scheme's default port). */
  readonly ports?: readonly number[];
}

export interface KvGrant {
  readonly namespace: string;
  readonly write: boolean;
}

export interface CapabilityGrants {
  readonly fetch?: FetchGrant;
  readonly kv?: KvGrant;
  readonly log?: boolean;
}

export interface RetrySpec {
  readonly maxAttempts: number;
  readonly baseMs: number;
  readonly maxMs: number;
  readonly budgetMs: number;
}

export interface StepSpec {
  /** Key of this step's arguments inside the parent's arguments. */
  readonly id: string;
  readonly tool: string;
}

/** The `sandbox` object of a tool registry entry (policies/tools/<name>.json). */
export interface ToolSandboxSpec {
  /** Path of the tool's JavaScript module under tools/. Absent for multi-step tools. */
  readonly module?: string;
  readonly memoryMb?: number;
  readonly cpuMs?: number;
  readonly wallMs?: number;
  readonly maxOutputBytes?: number;
  readonly capabilities?: CapabilityGrants;
  readonly retry?: RetrySpec;
  readonly fallback?: string;
  readonly compensation?: string;
  readonly steps?: readonly StepSpec[];
}

/** One tool ready to run: its code and what it may do. `source` never comes from a request. */
export interface RunnableTool {
  readonly name: string;
  readonly source: string;
  readonly limits: SandboxLimits;
  readonly capabilities: CapabilityGrants;
}

export interface RunContext {
  readonly tenant: string;
  readonly requestId?: string;
}

export const SANDBOX_ERROR_CODES = [
  'timeout',
  'cpu_limit',
  'memory_limit',
  'output_too_large',
  'sandbox_crashed',
  'sandbox_busy',
  'tool_error',
  'invalid_output',
  'capability_denied',
  'network',
  'rate_limited',
  'upstream_5xx',
  'upstream_4xx',
  'internal_error',
] as const;
export type SandboxErrorCode = (typeof SANDBOX_ERROR_CODES)[number];

export interface RunError {
  readonly code: SandboxErrorCode | string;
  readonly message: string;
  readonly retryAfterMs?: number;
}

export type RunResult =
  | {
      readonly ok: true;
      readonly value: JsonValue;
      readonly usage: SandboxUsage;
      readonly logs: readonly string[];
    }
  | {
      readonly ok: false;
      readonly error: RunError;
      readonly usage: SandboxUsage;
      readonly logs: readonly string[];
    };

export const ZERO_USAGE: SandboxUsage = Object.freeze({ cpuMs: 0, wallMs: 0, memoryBytes: 0 });
