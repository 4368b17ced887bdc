/**
 * The one place where the layers are composed. Each layer is called through `runLayer`, which
 * turns a thrown fault into a `deny` with rule `internal_error`: fail closed, never allow.
 */
import { type AuditSink, AuditUnavailableError, digestJson, redactArgs, ulid } from './audit/index.js';
import type { EventBus } from './events.js';
import { type Firewall, scanToolCall } from './firewall/index.js';
import {
  filterOutput,
  type OutputLayer,
  type OutputResult,
  type OutputSource,
} from './firewall/output/index.js';
import type { Finding } from './firewall/types.js';
import type { Logger } from './log.js';
import { type PolicyLayer, type PolicySet, type PolicyStore, schemaIssues } from './policy/index.js';
import type {
  AuditEvent,
  AuditKind,
  DecisionValue,
  JsonObject,
  JsonValue,
  Principal,
  Reason,
  SandboxUsage,
  SideEffect,
} from './types.js';

export interface PipelineDeps {
  readonly policies: PolicyStore;
  /** Rules, conditions, approvals and session flow state (src/policy/layer.ts). */
  readonly policyLayer: PolicyLayer;
  readonly audit: AuditSink;
  readonly logger: Logger;
  /** Safe mode (src/ops): checked before policy. */
  readonly safeMode?: {
    check(tenant: string, sideEffects: readonly SideEffect[] | undefined): Reason | null;
  };
  /** Operational events: metrics, incident signals, safe-mode triggers. */
  readonly bus?: EventBus;
  /** Prompt firewall: scans the string leaves of tool-call arguments and context when present. */
  readonly firewall?: Firewall;
}

export interface ToolCallInput {
  readonly principal: Principal;
  readonly requestId: string;
  readonly tool: string;
  readonly args: JsonObject;
  readonly session?: string | undefined;
  readonly context?: JsonValue | undefined;
  /** Repeating a held call with the id of its granted approval. */
  readonly approvalId?: string | undefined;
}

export interface DecisionResponse {
  readonly decision: DecisionValue;
  readonly reasons: readonly Reason[];
  readonly policyVersion: string;
  readonly auditId: string | null;
  readonly latencyMs: number;
  /** Set when the decision is `review`: poll GET /v1/approvals/{id}, then repeat the call with it. */
  readonly approvalId?: string;
}

/** What one layer says: a verdict, or "no objection" (null). */
type LayerVerdict = { decision: DecisionValue; reasons: readonly Reason[] } | null;

export interface Trace {
  readonly started: number;
  readonly timings: Record<string, number>;
  readonly explanation: Record<string, JsonValue>;
}

export function startTrace(): Trace {
  return { started: performance.now(), timings: {}, explanation: {} };
}

/** Runs one layer, timing it; an exception becomes an `internal_error` deny. */
export async function runLayer(
  trace: Trace,
  layer: Reason['layer'],
  logger: Logger,
  fn: () => LayerVerdict | Promise<LayerVerdict>,
): Promise<LayerVerdict> {
  const t0 = performance.now();
  try {
    return await fn();
  } catch (err) {
    logger.error({ err, layer }, 'layer failed; failing closed');
    return {
      decision: 'deny',
      reasons: [{ layer, rule: 'internal_error', message: `the ${layer} layer failed; failing closed` }],
    };
  } finally {
    trace.timings[layer] = round(performance.now() - t0);
  }
}

/** The verdict on one tool call, before it is recorded. */
export interface CallVerdict {
  readonly decision: DecisionValue;
  readonly reasons: readonly Reason[];
  readonly policyVersion: string;
  readonly set: PolicySet | null;
  readonly approvalId?: string;
}

/** Policy, then the tool's argument schema. Shared by guard (decide only) and execute (decide, then run). */
export async function decideCall(
  deps: PipelineDeps,
  trace: Trace,
  input: ToolCallInput,
): Promise<CallVerdict> {
  const set = deps.policies.current();
  const policyVersion = set?.version ?? 'none';
  let verdict: LayerVerdict = null;

  // Injected instructions travel in arguments and retrieved context: deny here, review carries on.
  let firewallReview: readonly Reason[] = [];
  const { firewall } = deps;
  if (firewall) {
    const fv = await runLayer(trace, 'firewall', deps.logger, async () => {
      const agg = await scanToolCall(firewall, input.args, input.context, input.session);
      if (agg.decision === 'allow') return null;
      const reasons = agg.findings
        .filter((f) => f.type === 'prompt_injection' || f.type === 'signature_rule')
        .slice(0, 10)
        .map((f) => ({
          layer: 'firewall' as const,
          rule: f.type,
          message: `${f.path ?? ''} ${f.message}`.trim(),
          score: agg.score,
        }));
      return { decision: agg.decision, reasons };
    });
    if (fv?.decision === 'review') firewallReview = fv.reasons;
    else if (fv !== null) verdict = fv;
  }

  // Safe mode narrows what may run; it is checked after the firewall (an attack is still
  // reported as one) and before policy.
  if (verdict === null) verdict = await safeModeVerdict(deps, trace, set, input);

  let approvalId: string | undefined;
  if (verdict === null)
    verdict = await runLayer(trace, 'policy', deps.logger, async () => {
      if (!set) throw new Error('no policy set loaded');
      const d = await deps.policyLayer.decideCall(set, {
        principal: input.principal,
        tool: input.tool,
        args: input.args,
        session: input.session,
        approvalId: input.approvalId,
      });
      trace.explanation.policy = d.explanation as unknown as JsonValue;
      approvalId = d.approvalId;
      return { decision: d.decision, reasons: d.reasons };
    });
  const prior = verdict;

  if (prior !== null && prior.decision !== 'deny') {
    verdict = await runLayer(trace, 'schema', deps.logger, () => {
      const tool = set?.registry.get(input.tool);
      if (!tool) throw new Error('tool vanished from the registry');
      const issues = schemaIssues(tool.validateInput, input.args);
      if (issues.length === 0) return prior;
      return {
        decision: 'deny',
        reasons: issues.map((i) => ({
          layer: 'schema',
          rule: 'invalid_arguments',
          message: `${i.path}: ${i.message}`,
        })),
      };
    });
  }

  if (verdict?.decision === 'allow' && firewallReview.length > 0)
    verdict = { decision: 'review', reasons: firewallReview };
  const final = verdict ?? {
    decision: 'deny' as const,
    reasons: [{ layer: 'pipeline' as const, rule: 'no_decision', message: 'no layer decided' }],
  };
  return { ...final, policyVersion, set, ...(approvalId !== undefined ? { approvalId } : {}) };
}

/** Decide a tool call: policy, then the tool's argument schema. */
export async function guardToolCall(deps: PipelineDeps, input: ToolCallInput): Promise<DecisionResponse> {
  const trace = startTrace();
  const final = await decideCall(deps, trace, input);
  const response = await recordDecision(deps, trace, {
    kind: 'tool-call',
    principal: input.principal,
    requestId: input.requestId,
    session: input.session ?? null,
    tool: input.tool,
    args: input.args,
    decision: final.decision,
    reasons: final.reasons,
    policyVersion: final.policyVersion,
    usage: null,
  });
  return final.approvalId !== undefined && response.decision === 'review'
    ? { ...response, approvalId: final.approvalId }
    : response;
}

export interface DecisionRecord {
  readonly kind: AuditKind;
  readonly principal: Principal;
  readonly requestId: string;
  readonly session: string | null;
  readonly tool: string | null;
  readonly args: JsonValue | null;
  readonly decision: DecisionValue;
  readonly reasons: readonly Reason[];
  readonly policyVersion: string;
  readonly usage: SandboxUsage | null;
}

/**
 * Stores the audit event, then answers. If the event cannot be stored the answer is a deny:
 * an acknowledged decision is never one the log lost.
 */
export async function recordDecision(
  deps: PipelineDeps,
  trace: Trace,
  rec: DecisionRecord,
): Promise<DecisionResponse> {
  const latencyMs = round(performance.now() - trace.started);
  try {
    const event: AuditEvent = {
      id: ulid(),
      time: new Date().toISOString(),
      requestId: rec.requestId,
      kind: rec.kind,
      principal: rec.principal.id,
      tenant: rec.principal.tenant,
      session: rec.session,
      tool: rec.tool,
      argsDigest: rec.args === null ? null : digestJson(rec.args),
      args: rec.args === null ? null : redactArgs(rec.args),
      decision: rec.decision,
      reasons: rec.reasons,
      policyVersion: rec.policyVersion,
      latencyMs,
      timings: trace.timings,
      usage: rec.usage,
      explanation: trace.explanation,
    };
    const auditId = await deps.audit.record(event);
    emitDecision(deps, rec, rec.decision, rec.reasons, latencyMs, trace.timings);
    return {
      decision: rec.decision,
      reasons: rec.reasons,
      policyVersion: rec.policyVersion,
      auditId,
      latencyMs,
    };
  } catch (err) {
    deps.logger.error({ err, requestId: rec.requestId }, 'audit record failed; failing closed');
    const reasons: Reason[] = [
      {
        layer: 'audit',
        rule: 'audit_unavailable',
        // The reason is a fixed, client-safe phrase ("disk or database is full"), never a path.
        message: `the decision could not be recorded${err instanceof AuditUnavailableError ? ` (${err.reason})` : ''}; failing closed`,
      },
    ];
    emitDecision(deps, rec, 'deny', reasons, latencyMs, trace.timings);
    return {
      decision: 'deny',
      reasons,
      policyVersion: rec.policyVersion,
      auditId: null,
      latencyMs: round(performance.now() - trace.started),
    };
  }
}

/** Safe mode narrows to read-only tools before policy runs (src/ops); null when it has no objection. */
async function safeModeVerdict(
  deps: PipelineDeps,
  trace: Trace,
  set: ReturnType<PolicyStore['current']>,
  input: ToolCallInput,
): Promise<LayerVerdict> {
  const safeMode = deps.safeMode;
  if (!safeMode) return null;
  return runLayer(trace, 'pipeline', deps.logger, () => {
    const reason = safeMode.check(input.principal.tenant, set?.registry.get(input.tool)?.spec.sideEffects);
    return reason === null ? null : { decision: 'deny', reasons: [reason] };
  });
}

function emitDecision(
  deps: PipelineDeps,
  rec: DecisionRecord,
  decision: DecisionValue,
  reasons: readonly Reason[],
  latencyMs: number,
  timings: Readonly<Record<string, number>>,
): void {
  deps.bus?.emit('decision', {
    kind: rec.kind,
    decision,
    tenant: rec.principal.tenant,
    tool: rec.tool,
    reasons,
    latencyMs,
    timings,
  });
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

export interface OutputInput {
  readonly principal: Principal;
  readonly requestId: string;
  readonly value: JsonValue;
  readonly session?: string | undefined;
  readonly source?: OutputSource | undefined;
}

export interface OutputResponse extends DecisionResponse {
  /** The redacted value; null when the decision is deny (nothing of a denied output is passed on). */
  readonly value: JsonValue;
  readonly findings: readonly Finding[];
}

/** L3: filter a tool result or model output, then record the decision like any other. */
export async function guardOutput(
  deps: PipelineDeps & { readonly output: OutputLayer },
  input: OutputInput,
): Promise<OutputResponse> {
  const trace = startTrace();
  const t0 = performance.now();
  const ctx = {
    ...(input.session === undefined ? {} : { session: input.session }),
    ...(input.source === undefined ? {} : { source: input.source }),
  };
  let result: OutputResult;
  try {
    const { config, canaries, inspect } = deps.output;
    result = await filterOutput(
      input.value,
      ctx,
      inspect === undefined ? { config, canaries } : { config, canaries, inspect },
    );
  } catch (err) {
    deps.logger.error({ err }, 'output filter failed; failing closed');
    result = {
      value: null,
      decision: 'deny',
      findings: [
        {
          type: 'internal_error',
          layer: 'output',
          message: 'the output filter failed; failing closed',
          severity: 'high',
        },
      ],
    };
  }
  trace.timings.output = round(performance.now() - t0);
  trace.explanation.output = result.findings as unknown as JsonValue;
  const rec = await recordDecision(deps, trace, {
    kind: 'output',
    principal: input.principal,
    requestId: input.requestId,
    session: input.session ?? null,
    tool: null,
    args: null,
    decision: result.decision,
    reasons: result.findings.map((f) => ({ layer: 'output', rule: f.type, message: f.message })),
    policyVersion: deps.policies.current()?.version ?? 'none',
    usage: null,
  });
  return { ...rec, value: rec.decision === 'allow' ? result.value : null, findings: result.findings };
}

/**
 * Untrusted content entered a session: text scanned by `/v1/guard/input` with source `tool` or
 * `retrieval`, or a tool's output in execute mode. Session flow rules (taint) act on it.
 * Returns whether the session is now tainted. A failure throws: the caller's request fails
 * rather than silently leaving a session untainted.
 */
export async function recordUntrustedInput(
  deps: PipelineDeps,
  input: {
    readonly principal: Principal;
    readonly session?: string | undefined;
    readonly source: 'user' | 'tool' | 'retrieval' | { readonly output: string };
  },
): Promise<boolean> {
  const set = deps.policies.current();
  if (!set) throw new Error('no policy set loaded');
  return deps.policyLayer.ingest(set, input.principal, input.session, input.source);
}
