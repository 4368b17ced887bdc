/**
 * A small typed in-process event bus. Layers emit operational facts here (a decision, a sandbox
 * run, an audit append, a breaker opening) without importing the ops layer; ops subscribes and
 * turns them into metrics, safe-mode triggers and incidents.
 *
 * There is no global instance: the runtime makes one bus and hands it to each layer it builds, so
 * two runtimes in one process (tests, benches) never hear each other.
 *
 * Emitting is synchronous and can never throw into the emitter: a listener that throws is
 * isolated (counted in `listenerErrors`), because a metrics bug must not break a decision.
 */
import type { AuditKind, DecisionValue, Reason } from './types.js';

export interface OpsEvents {
  /** One per decision the pipeline answers (tool-call, execute, input, output scans). */
  decision: {
    readonly kind: AuditKind;
    readonly decision: DecisionValue;
    readonly tenant: string;
    readonly tool: string | null;
    readonly reasons: readonly Reason[];
    readonly latencyMs: number;
    /** Milliseconds per layer. */
    readonly timings: Readonly<Record<string, number>>;
  };
  /** A detector produced a score (0..1) for a piece of text. */
  'detector.score': {
    readonly detector: string;
    readonly source: string;
    readonly score: number;
    readonly tenant: string;
  };
  /** A detector backend failed or timed out (e.g. the LLM judge); the layer decided without it. */
  'detector.error': { readonly detector: string; readonly error: string };
  /** A canary token or the system prompt was found in output going back to a model. */
  'canary.leak': { readonly tenant: string; readonly tool: string | null; readonly canaryId: string };
  /** One sandboxed execution, after retries / fallback / rollback. */
  'sandbox.run': {
    readonly tool: string;
    readonly tenant: string;
    readonly ok: boolean;
    readonly wallMs: number;
    readonly retries: number;
    readonly fallback: boolean;
    readonly rollback: boolean;
    /** Classified error (`timeout`, `memory`, `permission`, ...) when not ok. */
    readonly errorClass?: string;
  };
  'sandbox.breaker': { readonly tool: string; readonly state: 'closed' | 'open' | 'half_open' };
  /** Code in an isolate tried to reach something it has no capability for. */
  'sandbox.escape_attempt': { readonly tool: string; readonly tenant: string; readonly detail: string };
  /** An isolate or worker died and was replaced. */
  'sandbox.worker_crash': { readonly detail: string };
  /** An audit event was durably appended. */
  'audit.append': { readonly ms: number; readonly backlog: number };
  /** The audit store became unavailable / available again. */
  'audit.status': { readonly available: boolean; readonly detail: string };
  'policy.reload': { readonly ok: boolean; readonly version: string; readonly detail?: string };
  'safe_mode.changed': {
    readonly enabled: boolean;
    /** `global` or `tenant:<id>`. */
    readonly scope: string;
    readonly reason: string;
    readonly actor: 'admin' | 'auto';
    readonly principal?: string;
    readonly trigger?: string;
  };
}

export type OpsEventName = keyof OpsEvents;

export interface EventMeta {
  readonly name: OpsEventName;
  /** Wall-clock milliseconds (Date.now()) at emission. */
  readonly at: number;
  /** Monotonic milliseconds (performance.now()) at emission, for event→delivery latency. */
  readonly mono: number;
}

export type Listener<K extends OpsEventName> = (payload: OpsEvents[K], meta: EventMeta) => void;

export class EventBus {
  private readonly listeners = new Map<OpsEventName, Set<Listener<OpsEventName>>>();
  private readonly anyListeners = new Set<(payload: unknown, meta: EventMeta) => void>();
  listenerErrors = 0;

  on<K extends OpsEventName>(name: K, fn: Listener<K>): () => void {
    let set = this.listeners.get(name);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(name, set);
    }
    set.add(fn as Listener<OpsEventName>);
    return () => set.delete(fn as Listener<OpsEventName>);
  }

  /** Every event, for sinks that route by name (the incident router). */
  onAny(fn: (payload: unknown, meta: EventMeta) => void): () => void {
    this.anyListeners.add(fn);
    return () => this.anyListeners.delete(fn);
  }

  emit<K extends OpsEventName>(name: K, payload: OpsEvents[K]): void {
    const set = this.listeners.get(name);
    if (set === undefined && this.anyListeners.size === 0) return;
    const meta: EventMeta = { name, at: Date.now(), mono: performance.now() };
    if (set !== undefined) {
      for (const fn of set) this.safeCall(() => fn(payload, meta));
    }
    for (const fn of this.anyListeners) this.safeCall(() => fn(payload, meta));
  }

  listenerCount(): number {
    let n = this.anyListeners.size;
    for (const s of this.listeners.values()) n += s.size;
    return n;
  }

  private safeCall(fn: () => void): void {
    try {
      fn();
    } catch {
      this.listenerErrors++;
    }
  }
}
