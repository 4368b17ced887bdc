/**
 * Execute mode: decide a tool call exactly as `guardToolCall` does (`decideCall`: policy, then
 * the argument schema) and only on `allow` run it in the sandbox (output schema checked per
 * attempt, inside recovery). Each step of a multi-step tool is decided too, with its own
 * arguments, before anything runs: a composite tool must not be a way around the rules on its
 * parts. One audit event records the decision, the execution status and the sandbox usage.
 */

import { filterOutput, type OutputLayer } from '../firewall/output/index.js';
import {
  type CallVerdict,
  type DecisionResponse,
  decideCall,
  type PipelineDeps,
  recordDecision,
  recordUntrustedInput,
  runLayer,
  startTrace,
  type ToolCallInput,
  type Trace,
} from '../pipeline.js';
import type { Outcome, SandboxService } from '../sandbox/index.js';
import type { JsonObject, JsonValue, Reason, SandboxUsage } from '../types.js';

export interface ExecuteDeps extends PipelineDeps {
  readonly sandbox: SandboxService;
  /** L3 as configured in firewall.yaml (redaction rules, canaries, L2 on tool output). */
  readonly output?: OutputLayer;
}

export type ExecuteStatus = Outcome['status'] | 'not_run';

export interface ExecuteResponse extends DecisionResponse {
  readonly status: ExecuteStatus;
  readonly result?: JsonValue;
  readonly error?: { readonly code: string; readonly message: string };
  readonly usage: SandboxUsage;
  readonly attempts: number;
  readonly steps?: Outcome['steps'];
  readonly fallback?: string;
}

const NO_USAGE: SandboxUsage = { cpuMs: 0, wallMs: 0, memoryBytes: 0 };

export async function executeTool(deps: ExecuteDeps, input: ToolCallInput): Promise<ExecuteResponse> {
  const trace = startTrace();
  let verdict: CallVerdict = await decideCall(deps, trace, input);
  if (verdict.decision === 'allow') verdict = await decideSteps(deps, input, verdict);

  let outcome: Outcome | null = null;
  if (verdict.decision === 'allow' && verdict.set) {
    outcome = await runSandbox(deps, trace, input, verdict);
    if (outcome.result !== undefined) {
      // A tool's output is untrusted content entering the agent's context: it taints the
      // session for the flow rules (only for a named session, so unrelated calls stay apart).
      if (input.session !== undefined) {
        const tainted = await runLayer(trace, 'flow', deps.logger, async () => {
          await recordUntrustedInput(deps, {
            principal: input.principal,
            session: input.session,
            source: { output: input.tool },
          });
          return null;
        });
        if (tainted) verdict = { ...verdict, decision: 'deny', reasons: tainted.reasons };
      }
      const filtered = await filterResult(deps, trace, input, outcome.result);
      if (filtered.decision === 'deny') verdict = { ...verdict, decision: 'deny', reasons: filtered.reasons };
      else outcome = { ...outcome, result: filtered.value };
    }
  }

  const usage = outcome?.usage ?? NO_USAGE;
  const decision = await recordDecision(deps, trace, {
    kind: 'execute',
    principal: input.principal,
    requestId: input.requestId,
    session: input.session ?? null,
    tool: input.tool,
    args: input.args,
    decision: verdict.decision,
    reasons: verdict.reasons,
    policyVersion: verdict.policyVersion,
    usage: outcome ? usage : null,
  });
  const withApproval =
    verdict.approvalId !== undefined && decision.decision === 'review'
      ? { approvalId: verdict.approvalId }
      : {};
  // An execution whose audit event could not be stored is reported as denied: the result is withheld.
  if (!outcome || decision.decision !== 'allow') {
    return { ...decision, ...withApproval, status: 'not_run', usage, attempts: outcome?.attempts ?? 0 };
  }
  return {
    ...decision,
    status: outcome.status,
    ...(outcome.result !== undefined ? { result: outcome.result } : {}),
    ...(outcome.error ? { error: { code: outcome.error.code, message: outcome.error.message } } : {}),
    usage,
    attempts: outcome.attempts,
    ...(outcome.steps ? { steps: outcome.steps } : {}),
    ...(outcome.fallback ? { fallback: outcome.fallback } : {}),
  };
}

/** Each step is a tool call of its own: decided with its own arguments; anything but allow stops the whole call. */
async function decideSteps(
  deps: ExecuteDeps,
  input: ToolCallInput,
  parent: CallVerdict,
): Promise<CallVerdict> {
  const set = parent.set;
  if (!set) return parent;
  let entry: ReturnType<ReturnType<SandboxService['check']>['get']>;
  try {
    entry = deps.sandbox.check(set.registry).get(input.tool);
  } catch (err) {
    deps.logger.error({ err, tool: input.tool }, 'sandbox catalog failed; failing closed');
    const why: Reason = {
      layer: 'sandbox',
      rule: 'internal_error',
      message: 'the sandbox catalog failed; failing closed',
    };
    return { ...parent, decision: 'deny', reasons: [why] };
  }
  if (!entry || entry.steps.length === 0) return parent;
  const reasons: Reason[] = [...parent.reasons];
  for (const step of entry.steps) {
    const stepArgs = (input.args[step.id] ?? {}) as JsonObject;
    const v = await decideCall(deps, startTrace(), {
      ...input,
      tool: step.tool,
      args: stepArgs,
      approvalId: undefined,
    });
    if (v.decision === 'allow') continue;
    const why: Reason =
      v.decision === 'review'
        ? {
            layer: 'policy',
            rule: 'step_needs_review',
            message: `step ${step.id} (${step.tool}) needs approval; call it on its own`,
          }
        : { layer: 'policy', rule: 'step_denied', message: `step ${step.id} (${step.tool}) is not allowed` };
    return { ...parent, decision: 'deny', reasons: [why, ...v.reasons] };
  }
  return { ...parent, reasons };
}

async function runSandbox(
  deps: ExecuteDeps,
  trace: Trace,
  input: ToolCallInput,
  verdict: CallVerdict,
): Promise<Outcome> {
  const t0 = performance.now();
  let outcome: Outcome;
  try {
    outcome = await deps.sandbox.run(verdict.set!.registry, input.tool, input.args, {
      tenant: input.principal.tenant,
      requestId: input.requestId,
    });
  } catch (err) {
    // The sandbox never throws by contract; if it does, the call failed — it did not succeed.
    deps.logger.error({ err, tool: input.tool }, 'sandbox layer failed');
    outcome = {
      status: 'failed',
      error: { code: 'internal_error', message: 'the sandbox failed' },
      attempts: 0,
      usage: NO_USAGE,
    };
  }
  trace.timings.sandbox = Math.round((performance.now() - t0) * 1000) / 1000;
  trace.explanation.execution = {
    status: outcome.status,
    attempts: outcome.attempts,
    error: outcome.error ? outcome.error.code : null,
    fallback: outcome.fallback ?? null,
    steps: (outcome.steps ?? []).map((s) => ({ id: s.id, tool: s.tool, status: s.status })),
  };
  return outcome;
}

/**
 * L3 on what goes back to the model: secrets and PII redacted, canary leaks and indirect
 * injection in the tool's output can deny. A filter fault withholds the result (fail closed).
 */
async function filterResult(
  deps: ExecuteDeps,
  trace: Trace,
  input: ToolCallInput,
  value: JsonValue,
): Promise<{ decision: 'allow'; value: JsonValue } | { decision: 'deny'; reasons: readonly Reason[] }> {
  let filtered: JsonValue = value;
  const verdict = await runLayer(trace, 'output', deps.logger, async () => {
    const layer = deps.output;
    const out = await filterOutput(
      value,
      { source: 'tool', ...(input.session ? { session: input.session } : {}) },
      layer === undefined
        ? {}
        : layer.inspect === undefined
          ? { config: layer.config, canaries: layer.canaries }
          : { config: layer.config, canaries: layer.canaries, inspect: layer.inspect },
    );
    trace.explanation.output = out.findings.map((f) => ({
      type: f.type,
      severity: f.severity ?? null,
      count: f.count ?? 1,
    }));
    filtered = out.value;
    if (out.decision === 'allow') return null;
    return {
      decision: 'deny',
      reasons: out.findings.map((f) => ({ layer: 'output' as const, rule: f.type, message: f.message })),
    };
  });
  return verdict === null
    ? { decision: 'allow', value: filtered }
    : { decision: 'deny', reasons: verdict.reasons };
}
