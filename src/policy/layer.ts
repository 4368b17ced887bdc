/**
 * The policy layer as the pipeline sees it: static rules (Casbin + conditions), then the
 * human-approval gate, then session flow rules. Combined with deny > review > allow; a `review`
 * parks the call in the approvals queue and returns its id.
 */
import { digestJson, redactArgs } from '../audit/index.js';
import type { DecisionValue, JsonObject, JsonValue, Principal, Reason } from '../types.js';
import { type Approval, ApprovalQueue } from './approvals.js';
import { decide, type PolicyExplanation } from './decide.js';
import { FlowEngine, type FlowState, type InputSource, sessionKey } from './flow/engine.js';
import { MemoryFlowStore } from './flow/memory.js';
import type { FlowStore } from './flow/store.js';
import { schemaIssues } from './registry.js';
import type { PolicySet } from './set.js';

export interface CallRequest {
  readonly principal: Principal;
  readonly tool: string;
  readonly args: JsonObject;
  readonly session?: string | undefined;
  /** Id of an approval granted for exactly this call. */
  readonly approvalId?: string | undefined;
}

export interface CallExplanation {
  readonly policy: PolicyExplanation;
  readonly flow: FlowState | null;
  readonly approval: { readonly id: string; readonly status: string } | null;
}

export interface CallDecision {
  readonly decision: DecisionValue;
  readonly reasons: readonly Reason[];
  readonly explanation: CallExplanation;
  readonly approvalId?: string;
}

export interface PolicyLayerOptions {
  readonly flowStore?: FlowStore;
  readonly approvals?: ApprovalQueue;
  readonly clock?: () => number;
}

export class PolicyLayer {
  readonly flowStore: FlowStore;
  readonly approvals: ApprovalQueue;
  readonly #clock: () => number;
  // One engine per immutable set: flow rules change with the set, flow state (the store) does not.
  readonly #engines = new WeakMap<PolicySet, FlowEngine>();

  constructor(opts: PolicyLayerOptions = {}) {
    this.flowStore = opts.flowStore ?? new MemoryFlowStore();
    this.approvals = opts.approvals ?? new ApprovalQueue();
    this.#clock = opts.clock ?? Date.now;
  }

  engineFor(set: PolicySet): FlowEngine {
    let e = this.#engines.get(set);
    if (!e) {
      e = new FlowEngine(this.flowStore, set.rules.flow);
      this.#engines.set(set, e);
    }
    return e;
  }

  /** Untrusted content entered a session: a scanned tool/retrieval input or a tool's output. */
  ingest(
    set: PolicySet,
    principal: Principal,
    session: string | null | undefined,
    source: InputSource | { output: string },
  ): Promise<boolean> {
    return this.engineFor(set).ingest(
      sessionKey(principal.tenant, principal.id, session),
      source,
      this.#clock(),
    );
  }

  async decideCall(set: PolicySet, req: CallRequest): Promise<CallDecision> {
    const d = decide(set, req);
    const argsDigest = digestJson(req.args);
    const base = { policy: d.explanation, flow: null, approval: null };
    if (d.decision === 'deny') return { decision: 'deny', reasons: d.reasons, explanation: base };

    let approved: Approval | null = null;
    if (req.approvalId !== undefined) {
      const gate = this.#checkApproval(req, argsDigest);
      if (gate.approval?.status !== 'approved') {
        const explanation = {
          ...base,
          approval: gate.approval ? { id: gate.approval.id, status: gate.approval.status } : null,
        };
        return {
          decision: gate.decision,
          reasons: gate.reasons,
          explanation,
          ...(gate.decision === 'review' ? { approvalId: req.approvalId } : {}),
        };
      }
      approved = gate.approval;
    }

    const tool = set.registry.get(req.tool);
    // Arguments that fail the tool's schema are refused before session flow state is touched: a
    // malformed call must not spend a budget or count as a call. (Only after the rules: a
    // principal the rules refuse learns nothing about the schema.)
    const issues = tool ? schemaIssues(tool.validateInput, req.args) : [];
    if (issues.length > 0) {
      const reasons = issues.map((i) => ({
        layer: 'schema' as const,
        rule: 'invalid_arguments',
        message: `${i.path}: ${i.message}`,
      }));
      return { decision: 'deny', reasons, explanation: base };
    }
    const flow = await this.engineFor(set).evaluate({
      session: sessionKey(req.principal.tenant, req.principal.id, req.session),
      tool: req.tool,
      sideEffects: tool?.spec.sideEffects ?? [],
      argsDigest,
      args: req.args,
      now: this.#clock(),
      approved: approved !== null,
    });
    const approval = approved ? { id: approved.id, status: approved.status } : null;
    const explanation = { policy: d.explanation, flow: flow.state, approval };
    const policyDecision: DecisionValue = d.decision === 'review' && approved ? 'allow' : d.decision;
    const decision = combine(policyDecision, flow.decision);
    if (decision === 'deny') return { decision, reasons: flow.reasons, explanation };
    if (decision === 'review') {
      const reasons = [...(d.decision === 'review' ? d.reasons : []), ...flow.reasons];
      const held = this.approvals.hold({
        tenant: req.principal.tenant,
        principal: req.principal.id,
        session: req.session ?? null,
        tool: req.tool,
        argsDigest,
        args: redactArgs(req.args as JsonValue),
        reasons,
      });
      return {
        decision,
        reasons,
        explanation: { ...explanation, approval: { id: held.id, status: held.status } },
        approvalId: held.id,
      };
    }
    if (approved) {
      const r = this.approvals.redeem(approved.id, {
        tenant: req.principal.tenant,
        principal: req.principal.id,
        tool: req.tool,
        argsDigest,
      });
      if (!r.ok)
        return {
          decision: 'deny',
          reasons: [{ layer: 'policy', rule: 'approval_invalid', message: r.message }],
          explanation,
        };
      const reasons: Reason[] = [
        {
          layer: 'policy',
          rule: 'approval_granted',
          message: `approved by ${approved.decidedBy ?? 'an approver'}`,
        },
        ...d.reasons,
      ];
      return {
        decision: 'allow',
        reasons,
        explanation: { ...explanation, approval: { id: approved.id, status: 'used' } },
      };
    }
    return { decision: 'allow', reasons: d.reasons, explanation };
  }

  #checkApproval(
    req: CallRequest,
    argsDigest: string,
  ): { decision: DecisionValue; reasons: Reason[]; approval: Approval | null } {
    const a = this.approvals.get(req.approvalId ?? '', req.principal.tenant) ?? null;
    const deny = (rule: string, message: string) => ({
      decision: 'deny' as const,
      reasons: [{ layer: 'policy' as const, rule, message }],
      approval: a,
    });
    if (!a) return deny('approval_invalid', 'no such approval for this tenant');
    if (a.principal !== req.principal.id || a.tool !== req.tool || a.argsDigest !== argsDigest) {
      return deny(
        'approval_invalid',
        'the approval was granted for a different principal, tool or arguments',
      );
    }
    if (a.status === 'pending') {
      return {
        decision: 'review',
        reasons: [{ layer: 'policy', rule: 'approval_pending', message: 'waiting for an approver' }],
        approval: a,
      };
    }
    if (a.status === 'rejected')
      return deny(
        'approval_rejected',
        `rejected by ${a.decidedBy ?? 'an approver'}${a.note ? `: ${a.note}` : ''}`,
      );
    if (a.status !== 'approved') return deny('approval_invalid', `the approval is ${a.status}`);
    return { decision: 'allow', reasons: [], approval: a };
  }
}

function combine(a: DecisionValue, b: DecisionValue): DecisionValue {
  if (a === 'deny' || b === 'deny') return 'deny';
  if (a === 'review' || b === 'review') return 'review';
  return 'allow';
}
