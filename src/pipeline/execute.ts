/**
 * Execute mode: decide a tool call exactly as `guardToolCall` does (policy, then the argument
 * schema), and only on `allow` run it in the sandbox (output schema checked per attempt, inside
 * recovery). One audit event records the decision, the execution status and the sandbox usage.
 */
import {
  type DecisionResponse,
  type PipelineDeps,
  recordDecision,
  runLayer,
  startTrace,
  type ToolCallInput,
} from '../pipeline.js';
import { decide, schemaIssues } from '../policy/index.js';
import type { Outcome, SandboxService } from '../sandbox/index.js';
import type { JsonValue, SandboxUsage } from '../types.js';

export interface ExecuteDeps extends PipelineDeps {
  readonly sandbox: SandboxService;
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
  const set = deps.policies.current();
  const policyVersion = set?.version ?? 'none';

  let verdict = await runLayer(trace, 'policy', deps.logger, () => {
    if (!set) throw new Error('no policy set loaded');
    const d = decide(set, {
      principal: input.principal,
      tool: input.tool,
      args: input.args,
      session: input.session,
    });
    trace.explanation.policy = d.explanation as unknown as JsonValue;
    return { decision: d.decision, reasons: d.reasons };
  });
  if (verdict?.decision === 'allow') {
    const allowReasons = verdict.reasons;
    verdict = await runLayer(trace, 'schema', deps.logger, () => {
      const tool = set?.registry.get(input.tool);
      if (!tool) throw new Error('tool vanished from the registry');
      const issues = schemaIssues(tool.validateInput, input.args);
      if (issues.length === 0) return { decision: 'allow', reasons: allowReasons };
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
  const final = verdict ?? {
    decision: 'deny' as const,
    reasons: [{ layer: 'pipeline' as const, rule: 'no_decision', message: 'no layer decided' }],
  };

  let outcome: Outcome | null = null;
  if (final.decision === 'allow' && set) {
    const t0 = performance.now();
    try {
      outcome = await deps.sandbox.run(set.registry, input.tool, input.args, {
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
  }

  const usage = outcome?.usage ?? NO_USAGE;
  const decision = await recordDecision(deps, trace, {
    kind: 'execute',
    principal: input.principal,
    requestId: input.requestId,
    session: input.session ?? null,
    tool: input.tool,
    args: input.args,
    decision: final.decision,
    reasons: final.reasons,
    policyVersion,
    usage: outcome ? usage : null,
  });
  // An execution whose audit event could not be stored is reported as denied: the result is withheld.
  if (!outcome || decision.decision !== 'allow') {
    return { ...decision, status: 'not_run', usage, attempts: outcome?.attempts ?? 0 };
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
