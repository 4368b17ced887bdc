/**
 * Prometheus metrics. One registry per `OpsMetrics` (tests build their own; the server has one).
 * Layers never touch prom-client: they emit on the event bus and `attach()` maps events to series.
 * Every label fed by callers or configuration goes through a `BoundedLabel`.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { EventBus, OpsEvents } from '../events.js';
import { BoundedLabel } from './labels.js';

export interface MetricsOptions {
  /** Distinct values kept per label before folding into `other`. */
  readonly maxLabelValues: number;
  /** Node process metrics: memory, event-loop lag, GC, handles. */
  readonly defaultMetrics: boolean;
}

export const METRICS_DEFAULTS: MetricsOptions = { maxLabelValues: 50, defaultMetrics: true };

// Decisions are sub-millisecond in process; HTTP and sandbox runs reach seconds.
const LATENCY_BUCKETS = [
  0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];
const SCORE_BUCKETS = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 1];
const BREAKER_VALUE = { closed: 0, half_open: 1, open: 2 } as const;

export class OpsMetrics {
  readonly registry = new Registry();
  private readonly labels: Record<string, BoundedLabel> = {};
  private readonly opts: MetricsOptions;

  readonly decisions: Counter<'kind' | 'decision' | 'layer' | 'rule' | 'tool' | 'tenant'>;
  readonly decisionSeconds: Histogram<'kind'>;
  readonly layerSeconds: Histogram<'layer'>;
  readonly detectorScore: Histogram<'detector' | 'source'>;
  readonly detectorErrors: Counter<'detector'>;
  readonly canaryLeaks: Counter<'tenant'>;
  readonly sandboxRuns: Counter<'tool' | 'outcome'>;
  readonly sandboxFailures: Counter<'tool' | 'error_class'>;
  readonly sandboxRetries: Counter<'tool'>;
  readonly sandboxFallbacks: Counter<'tool'>;
  readonly sandboxRollbacks: Counter<'tool'>;
  readonly sandboxRunSeconds: Histogram<'tool'>;
  readonly sandboxBreaker: Gauge<'tool'>;
  readonly sandboxCrashes: Counter;
  readonly sandboxEscapes: Counter<'tool'>;
  readonly auditAppendSeconds: Histogram;
  readonly auditBacklog: Gauge;
  readonly auditAvailable: Gauge;
  readonly policyReloads: Counter<'result'>;
  readonly safeMode: Gauge<'scope'>;
  readonly safeModeTransitions: Counter<'enabled' | 'actor'>;
  readonly incidents: Counter<'severity' | 'rule'>;
  readonly incidentsSuppressed: Counter<'reason'>;
  readonly alertDeliveries: Counter<'result'>;
  readonly alertDeliverySeconds: Histogram;
  readonly alertQueue: Gauge;
  readonly labelsFolded: Counter<'label'>;

  constructor(options: Partial<MetricsOptions> = {}) {
    this.opts = { ...METRICS_DEFAULTS, ...options };
    const r = [this.registry];
    const c = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
      new Counter<L>({ name, help, labelNames, registers: r });
    const g = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
      new Gauge<L>({ name, help, labelNames, registers: r });
    const h = <L extends string>(
      name: string,
      help: string,
      labelNames: readonly L[],
      buckets = LATENCY_BUCKETS,
    ) => new Histogram<L>({ name, help, labelNames, buckets, registers: r });

    this.decisions = c('agentwall_decisions_total', 'Decisions by outcome and deciding reason', [
      'kind',
      'decision',
      'layer',
      'rule',
      'tool',
      'tenant',
    ]);
    this.decisionSeconds = h('agentwall_decision_duration_seconds', 'Time to decide, whole pipeline', [
      'kind',
    ]);
    this.layerSeconds = h('agentwall_layer_duration_seconds', 'Time spent per pipeline layer', ['layer']);
    this.detectorScore = h(
      'agentwall_detector_score',
      'Detector scores (0..1)',
      ['detector', 'source'],
      SCORE_BUCKETS,
    );
    this.detectorErrors = c('agentwall_detector_errors_total', 'Detector backend failures/timeouts', [
      'detector',
    ]);
    this.canaryLeaks = c('agentwall_canary_leaks_total', 'Canary or system-prompt leaks caught in output', [
      'tenant',
    ]);
    this.sandboxRuns = c('agentwall_sandbox_runs_total', 'Sandboxed tool executions', ['tool', 'outcome']);
    this.sandboxFailures = c('agentwall_sandbox_failures_total', 'Failed executions by error class', [
      'tool',
      'error_class',
    ]);
    this.sandboxRetries = c('agentwall_sandbox_retries_total', 'Retries of transient failures', ['tool']);
    this.sandboxFallbacks = c('agentwall_sandbox_fallbacks_total', 'Executions answered by a fallback tool', [
      'tool',
    ]);
    this.sandboxRollbacks = c('agentwall_sandbox_rollbacks_total', 'Compensations (rollbacks) run', ['tool']);
    this.sandboxRunSeconds = h('agentwall_sandbox_run_duration_seconds', 'Wall time of sandboxed runs', [
      'tool',
    ]);
    this.sandboxBreaker = g(
      'agentwall_sandbox_breaker_state',
      'Circuit breaker: 0 closed, 1 half-open, 2 open',
      ['tool'],
    );
    this.sandboxCrashes = c(
      'agentwall_sandbox_worker_crashes_total',
      'Isolates/workers that died and were replaced',
    );
    this.sandboxEscapes = c(
      'agentwall_sandbox_escape_attempts_total',
      'Capability violations from sandboxed code',
      ['tool'],
    );
    this.auditAppendSeconds = h(
      'agentwall_audit_append_duration_seconds',
      'Durable audit append latency',
      [],
    );
    this.auditBacklog = g('agentwall_audit_backlog', 'Audit events accepted but not yet durable');
    this.auditAvailable = g('agentwall_audit_available', '1 when the audit store accepts writes');
    this.policyReloads = c('agentwall_policy_reloads_total', 'Policy set reloads', ['result']);
    this.safeMode = g('agentwall_safe_mode', '1 while safe mode is on for the scope', ['scope']);
    this.safeModeTransitions = c('agentwall_safe_mode_transitions_total', 'Safe-mode entries/exits', [
      'enabled',
      'actor',
    ]);
    this.incidents = c('agentwall_incidents_total', 'Incidents raised', ['severity', 'rule']);
    this.incidentsSuppressed = c(
      'agentwall_incidents_suppressed_total',
      'Incident signals folded or dropped',
      ['reason'],
    );
    this.alertDeliveries = c('agentwall_alert_deliveries_total', 'Webhook delivery attempts by result', [
      'result',
    ]);
    this.alertDeliverySeconds = h(
      'agentwall_alert_delivery_seconds',
      'Event to confirmed webhook delivery',
      [],
    );
    this.alertQueue = g('agentwall_alert_queue', 'Alerts waiting for delivery');
    this.labelsFolded = c('agentwall_metric_labels_folded_total', 'Label values folded into "other"', [
      'label',
    ]);
    this.auditAvailable.set(1);
    if (this.opts.defaultMetrics)
      collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 20 });
  }

  /** Bounded value for a label; the label's own budget is shared by every metric using it. */
  label(name: string, raw: string | null | undefined): string {
    let l = this.labels[name];
    if (l === undefined) {
      l = new BoundedLabel(name, this.opts.maxLabelValues);
      this.labels[name] = l;
    }
    const before = l.folded;
    const v = l.value(raw);
    if (l.folded !== before) this.labelsFolded.inc({ label: name });
    return v;
  }

  observeDecision(e: OpsEvents['decision']): void {
    // The first reason is the deciding one (the pipeline puts the verdict's cause first).
    const first = e.reasons[0];
    this.decisions.inc({
      kind: e.kind,
      decision: e.decision,
      layer: first?.layer ?? 'none',
      rule: this.label('rule', first?.rule ?? 'none'),
      tool: this.label('tool', e.tool),
      tenant: this.label('tenant', e.tenant),
    });
    if (Number.isFinite(e.latencyMs)) this.decisionSeconds.observe({ kind: e.kind }, e.latencyMs / 1000);
    for (const [layer, ms] of Object.entries(e.timings)) {
      if (Number.isFinite(ms) && ms >= 0)
        this.layerSeconds.observe({ layer: this.label('layer', layer) }, ms / 1000);
    }
  }

  observeSandboxRun(e: OpsEvents['sandbox.run']): void {
    const tool = this.label('tool', e.tool);
    this.sandboxRuns.inc({ tool, outcome: e.ok ? 'ok' : 'failure' });
    if (!e.ok)
      this.sandboxFailures.inc({ tool, error_class: this.label('error_class', e.errorClass ?? 'unknown') });
    if (e.retries > 0) this.sandboxRetries.inc({ tool }, e.retries);
    if (e.fallback) this.sandboxFallbacks.inc({ tool });
    if (e.rollback) this.sandboxRollbacks.inc({ tool });
    if (Number.isFinite(e.wallMs)) this.sandboxRunSeconds.observe({ tool }, e.wallMs / 1000);
  }

  /** Subscribe to the bus; returns an unsubscribe function. */
  attach(bus: EventBus): () => void {
    const offs = [
      bus.on('decision', (e) => this.observeDecision(e)),
      bus.on('detector.score', (e) => {
        if (Number.isFinite(e.score)) {
          const score = Math.min(1, Math.max(0, e.score));
          this.detectorScore.observe(
            { detector: this.label('detector', e.detector), source: this.label('source', e.source) },
            score,
          );
        }
      }),
      bus.on('detector.error', (e) =>
        this.detectorErrors.inc({ detector: this.label('detector', e.detector) }),
      ),
      bus.on('canary.leak', (e) => this.canaryLeaks.inc({ tenant: this.label('tenant', e.tenant) })),
      bus.on('sandbox.run', (e) => this.observeSandboxRun(e)),
      bus.on('sandbox.breaker', (e) =>
        this.sandboxBreaker.set({ tool: this.label('tool', e.tool) }, BREAKER_VALUE[e.state]),
      ),
      bus.on('sandbox.worker_crash', () => this.sandboxCrashes.inc()),
      bus.on('sandbox.escape_attempt', (e) => this.sandboxEscapes.inc({ tool: this.label('tool', e.tool) })),
      bus.on('audit.append', (e) => {
        if (Number.isFinite(e.ms)) this.auditAppendSeconds.observe(e.ms / 1000);
        if (Number.isFinite(e.backlog)) this.auditBacklog.set(e.backlog);
      }),
      bus.on('audit.status', (e) => this.auditAvailable.set(e.available ? 1 : 0)),
      bus.on('policy.reload', (e) => this.policyReloads.inc({ result: e.ok ? 'ok' : 'refused' })),
      bus.on('safe_mode.changed', (e) => {
        this.safeMode.set({ scope: this.label('scope', e.scope) }, e.enabled ? 1 : 0);
        this.safeModeTransitions.inc({ enabled: String(e.enabled), actor: e.actor });
      }),
    ];
    return () => {
      for (const off of offs) off();
    };
  }

  private readonly beforeScrape: (() => void)[] = [];

  /** Runs `fn` before each scrape: for figures that are read, not pushed (pool counters). */
  onScrape(fn: () => void): void {
    this.beforeScrape.push(fn);
  }

  async render(): Promise<{ contentType: string; body: string }> {
    for (const fn of this.beforeScrape) {
      try {
        fn();
      } catch {
        // A failing sampler must not take /metrics down with it.
      }
    }
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
