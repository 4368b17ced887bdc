/**
 * Session flow rules, evaluated after the static policy has allowed a call:
 * - loops: the same tool with the same arguments N times in a window, or A→B→A→B → `loop_detected`;
 * - taint: after untrusted content entered the session, tools with listed side effects get the
 *   configured decision (the data-flow rule that stops an injected page from mailing files out);
 * - budgets: calls per tool or per session per window, and cost budgets summed from an argument.
 * Budgets are consumed only when the flow outcome is `allow`, so a held or refused call costs nothing.
 */
import type { DecisionValue, Reason, SideEffect } from '../../types.js';
import { compileGlob, type Glob } from '../conditions/glob.js';
import type { CallRecord, FlowStore, TaintInfo } from './store.js';

export type InputSource = 'user' | 'tool' | 'retrieval';

export interface BudgetSpec {
  readonly id: string;
  /** Tool globs the budget counts. */
  readonly tools: readonly string[];
  /** `tool`: one counter per tool; `session`: one counter for all matched tools. */
  readonly scope: 'tool' | 'session';
  readonly limit: number;
  readonly windowSeconds: number;
  /** Cost per call: a numeric argument (e.g. `amount`) or a fixed number; default 1 (counts calls). */
  readonly cost?: { readonly arg: string } | { readonly perCall: number };
  readonly description?: string;
}

export interface FlowPolicy {
  readonly taint: {
    readonly sources: readonly InputSource[];
    readonly toolOutputs: boolean;
    readonly onSideEffect: Readonly<Partial<Record<SideEffect, 'deny' | 'review'>>>;
    readonly exemptTools: readonly string[];
    readonly ttlSeconds: number;
  };
  readonly budgets: readonly BudgetSpec[];
  readonly loops: {
    readonly sameCall: { readonly count: number; readonly windowSeconds: number };
    readonly pingPong: boolean;
  };
}

export const DEFAULT_FLOW_POLICY: FlowPolicy = {
  taint: {
    sources: ['tool', 'retrieval'],
    toolOutputs: true,
    onSideEffect: { exfiltration: 'deny', external: 'review' },
    exemptTools: [],
    ttlSeconds: 3600,
  },
  budgets: [],
  loops: { sameCall: { count: 3, windowSeconds: 60 }, pingPong: true },
};

export interface FlowCall {
  /** Session identity: tenant, principal and session id (see `sessionKey`). */
  readonly session: string;
  readonly tool: string;
  readonly sideEffects: readonly SideEffect[];
  readonly argsDigest: string;
  readonly args: unknown;
  readonly now: number;
  /** The call carries an approval granted by a person: taint `review` is satisfied, and it is not a new loop step. */
  readonly approved?: boolean;
}

export interface FlowState {
  readonly tainted: TaintInfo | null;
  readonly budgets: readonly {
    readonly id: string;
    readonly used: number;
    readonly limit: number;
    readonly exceeded: boolean;
  }[];
  readonly recentCalls: number;
}

export interface FlowOutcome {
  readonly decision: DecisionValue;
  readonly reasons: readonly Reason[];
  readonly state: FlowState;
}

/** A session is bound to the principal that opened it, so one agent cannot taint or drain another's. */
export function sessionKey(tenant: string, principal: string, session: string | null | undefined): string {
  return `${tenant}\u0000${principal}\u0000${session ?? '-'}`;
}

const HISTORY_MAX = 64;

export class FlowEngine {
  readonly #store: FlowStore;
  readonly #policy: FlowPolicy;
  readonly #budgetGlobs: ReadonlyMap<string, readonly Glob[]>;
  readonly #exempt: readonly Glob[];

  constructor(store: FlowStore, policy: FlowPolicy) {
    this.#store = store;
    this.#policy = policy;
    this.#budgetGlobs = new Map(policy.budgets.map((b) => [b.id, b.tools.map(compileGlob)]));
    this.#exempt = policy.taint.exemptTools.map(compileGlob);
  }

  get policy(): FlowPolicy {
    return this.#policy;
  }

  /** Records untrusted content entering a session (guard/input with source tool/retrieval, or a tool output). */
  async ingest(session: string, source: InputSource | { output: string }, now: number): Promise<boolean> {
    const t = this.#policy.taint;
    const label = typeof source === 'string' ? `input:${source}` : `output:${source.output}`;
    const taints = typeof source === 'string' ? t.sources.includes(source) : t.toolOutputs;
    if (taints) await this.#store.taint(`t\u0000${session}`, { source: label, at: now }, t.ttlSeconds * 1000);
    return taints;
  }

  /** Sets a budget's usage (policy tests describe the state a session is in before a call). */
  async preload(session: string, budgetId: string, tool: string, amount: number, now: number): Promise<void> {
    const b = this.#policy.budgets.find((x) => x.id === budgetId);
    if (!b) throw new TypeError(`unknown budget "${budgetId}"`);
    await this.#store.consume(
      budgetKey(b, session, tool),
      amount,
      Number.MAX_SAFE_INTEGER,
      b.windowSeconds * 1000,
      now,
    );
  }

  async evaluate(call: FlowCall): Promise<FlowOutcome> {
    const reasons: Reason[] = [];
    let decision: DecisionValue = 'allow';
    const raise = (d: DecisionValue, r: Reason) => {
      reasons.push(r);
      if (d === 'deny' || (d === 'review' && decision === 'allow')) decision = d;
    };
    const recent = await this.#checkLoops(call, raise);
    const tainted = await this.#store.getTaint(`t\u0000${call.session}`, call.now);
    if (tainted) this.#checkTaint(call, tainted, raise);
    const budgets = await this.#checkBudgets(call, decision === 'allow', raise);
    return { decision, reasons, state: { tainted, budgets, recentCalls: recent } };
  }

  async #checkLoops(call: FlowCall, raise: (d: DecisionValue, r: Reason) => void): Promise<number> {
    if (call.approved) return 0;
    const { count, windowSeconds } = this.#policy.loops.sameCall;
    const rec: CallRecord = { tool: call.tool, argsDigest: call.argsDigest, at: call.now };
    const h = await this.#store.appendHistory(
      `h\u0000${call.session}`,
      rec,
      HISTORY_MAX,
      windowSeconds * 1000,
    );
    const same = h.filter((r) => r.tool === rec.tool && r.argsDigest === rec.argsDigest).length;
    if (count > 0 && same >= count) {
      raise('deny', {
        layer: 'flow',
        rule: 'loop_detected',
        message: `${call.tool} called ${same} times with the same arguments within ${windowSeconds}s`,
      });
    } else if (this.#policy.loops.pingPong && h.length >= 4) {
      const [a, b, c, d] = h.slice(-4).map((r) => `${r.tool}\u0000${r.argsDigest}`);
      if (a === c && b === d && a !== b) {
        raise('deny', {
          layer: 'flow',
          rule: 'loop_detected',
          message: `ping-pong between ${h.at(-2)!.tool} and ${call.tool}`,
        });
      }
    }
    return h.length;
  }

  #checkTaint(call: FlowCall, tainted: TaintInfo, raise: (d: DecisionValue, r: Reason) => void): void {
    if (this.#exempt.some((g) => g.test(call.tool))) return;
    // The strongest verdict over all the tool's side effects: send_email is external and exfiltration.
    const verdicts = call.sideEffects.map((se) => ({ se, v: this.#policy.taint.onSideEffect[se] }));
    const hit =
      verdicts.find((x) => x.v === 'deny') ?? verdicts.find((x) => x.v === 'review' && !call.approved);
    if (!hit?.v) return;
    raise(hit.v, {
      layer: 'flow',
      rule: 'tainted_session',
      message: `session ingested untrusted content (${tainted.source}); ${call.tool} has side effect ${hit.se}`,
    });
  }

  /** Probes every matching budget first and consumes only if all have room, so a refused call costs nothing. */
  async #checkBudgets(
    call: FlowCall,
    consume: boolean,
    raise: (d: DecisionValue, r: Reason) => void,
  ): Promise<FlowState['budgets']> {
    const matched: { b: BudgetSpec; key: string; amount: number }[] = [];
    const out: { id: string; used: number; limit: number; exceeded: boolean }[] = [];
    let refused = false;
    for (const b of this.#policy.budgets) {
      if (!this.#budgetGlobs.get(b.id)!.some((g) => g.test(call.tool))) continue;
      const amount = budgetAmount(b, call.args);
      if (amount === null) {
        refused = true;
        raise('deny', {
          layer: 'flow',
          rule: b.id,
          message: `budget ${b.id}: cost argument is missing or not a finite, non-negative number`,
        });
        continue;
      }
      const key = budgetKey(b, call.session, call.tool);
      const probe = await this.#store.consume(key, 0, b.limit, b.windowSeconds * 1000, call.now);
      const exceeded = probe.used + amount > b.limit;
      out.push({ id: b.id, used: probe.used, limit: b.limit, exceeded });
      if (exceeded) raise('deny', { layer: 'flow', rule: b.id, message: budgetMessage(b, probe.used) });
      else matched.push({ b, key, amount });
    }
    if (!consume || refused || out.some((o) => o.exceeded)) return out;
    for (const m of matched) {
      const r = await this.#store.consume(m.key, m.amount, m.b.limit, m.b.windowSeconds * 1000, call.now);
      const i = out.findIndex((o) => o.id === m.b.id);
      out[i] = { id: m.b.id, used: r.used, limit: m.b.limit, exceeded: !r.allowed };
      // A concurrent call took the last unit between probe and consume.
      if (!r.allowed) raise('deny', { layer: 'flow', rule: m.b.id, message: budgetMessage(m.b, r.used) });
    }
    return out;
  }
}

function budgetKey(b: BudgetSpec, session: string, tool: string): string {
  return `b\u0000${b.id}\u0000${session}${b.scope === 'tool' ? `\u0000${tool}` : ''}`;
}

function budgetMessage(b: BudgetSpec, used: number): string {
  return `budget ${b.id} exhausted: ${used} of ${b.limit} used in ${b.windowSeconds}s`;
}

function budgetAmount(b: BudgetSpec, args: unknown): number | null {
  if (!b.cost) return 1;
  if ('perCall' in b.cost) return b.cost.perCall;
  const v =
    args !== null && typeof args === 'object' && !Array.isArray(args) && Object.hasOwn(args, b.cost.arg)
      ? (args as Record<string, unknown>)[b.cost.arg]
      : undefined;
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= Number.MAX_SAFE_INTEGER ? v : null;
}
