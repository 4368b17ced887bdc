/**
 * `POST /v1/guard/input` and the tool-call argument scan: the prompt firewall composed with the
 * audit log. One audit event per decision; a firewall fault is a deny (`internal_error`).
 */
import { type Aggregate, type Firewall, type Source, worst } from './firewall/index.js';
import type { Finding } from './firewall/types.js';
import {
  type DecisionResponse,
  type PipelineDeps,
  recordDecision,
  recordUntrustedInput,
  runLayer,
  startTrace,
} from './pipeline.js';
import type { JsonValue, Principal, Reason } from './types.js';

export const MAX_MESSAGES = 10_000;
/** Characters scanned across all messages of one request; beyond it the rest is not scanned and a finding says so. */
export const MAX_INPUT_CHARS = 10 * 1_048_576;

export interface InputMessage {
  readonly role: string;
  readonly content: string;
}

export interface GuardInputRequest {
  readonly principal: Principal;
  readonly requestId: string;
  readonly source: Source;
  readonly session?: string | undefined;
  readonly text?: string | undefined;
  readonly messages?: readonly InputMessage[] | undefined;
}

export interface GuardInputResponse extends DecisionResponse {
  readonly score: number;
  readonly findings: readonly Finding[];
  readonly sanitized?: string | (string | null)[];
}

function toReasons(agg: Aggregate): Reason[] {
  const out: Reason[] = agg.findings
    .filter(
      (f) => f.type === 'prompt_injection' || f.type === 'signature_rule' || f.type === 'input_truncated',
    )
    .slice(0, 20)
    .map((f) => ({ layer: 'firewall', rule: f.type, message: f.message, score: agg.score }));
  if (out.length === 0)
    out.push({ layer: 'firewall', rule: 'no_injection', message: 'no injection detected', score: agg.score });
  return out;
}

export async function guardInput(
  deps: PipelineDeps & { firewall: Firewall },
  req: GuardInputRequest,
): Promise<GuardInputResponse> {
  const trace = startTrace();
  const agg: Aggregate = { decision: 'allow', score: 0, findings: [] };
  let sanitized: string | (string | null)[] | undefined;
  const verdict = await runLayer(trace, 'firewall', deps.logger, async () => {
    if (req.text !== undefined) {
      const r = await deps.firewall.inspect(req.text, { source: req.source, session: req.session });
      worst(agg, r);
      sanitized = r.sanitized;
    }
    if (req.messages) {
      let budget = MAX_INPUT_CHARS;
      const changed: (string | null)[] = [];
      for (const [i, m] of req.messages.entries()) {
        if (budget <= 0) {
          agg.findings.push({
            type: 'input_truncated',
            layer: 'firewall',
            message: `messages from index ${i} on were not scanned (over ${MAX_INPUT_CHARS} characters)`,
            severity: 'high',
          });
          if (agg.decision === 'allow') agg.decision = 'review';
          break;
        }
        const content = m.content.slice(0, budget);
        budget -= content.length;
        const source: Source = m.role === 'tool' ? 'tool' : req.source;
        const r = await deps.firewall.inspect(content, { source, session: req.session });
        worst(agg, r, `/messages/${i}/content`);
        changed.push(r.sanitized ?? null);
      }
      if (changed.some((c) => c !== null)) sanitized = changed;
    }
    trace.explanation.firewall = { score: agg.score, findings: agg.findings.length } as JsonValue;
    return { decision: agg.decision, reasons: toReasons(agg) };
  });
  // Untrusted text (tool output, retrieved pages) taints the session for the flow rules, whatever
  // the detector said: an injection it missed must still not be able to email data out.
  const flow = await runLayer(trace, 'flow', deps.logger, async () => {
    const sources = new Set<Source>();
    if (req.text !== undefined || req.messages === undefined) sources.add(req.source);
    for (const m of req.messages ?? []) sources.add(m.role === 'tool' ? 'tool' : req.source);
    for (const source of sources) {
      await recordUntrustedInput(deps, { principal: req.principal, session: req.session, source });
    }
    return null;
  });
  const final = flow ?? verdict ?? { decision: 'deny' as const, reasons: [] };
  const res = await recordDecision(deps, trace, {
    kind: 'input',
    principal: req.principal,
    requestId: req.requestId,
    session: req.session ?? null,
    tool: null,
    args: { source: req.source, messages: req.messages?.length ?? 0, textChars: req.text?.length ?? 0 },
    decision: final.decision,
    reasons: final.reasons,
    policyVersion: deps.policies.current()?.version ?? 'none',
    usage: null,
  });
  const findings = res.decision === final.decision ? agg.findings : [...agg.findings];
  return sanitized === undefined
    ? { ...res, score: agg.score, findings }
    : { ...res, score: agg.score, findings, sanitized };
}
