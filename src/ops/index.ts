/**
 * Operations: metrics, safe mode, incident classification and alert delivery, wired to the
 * event bus. The verb is `startOps`; the returned handle is what the server and pipeline use.
 */
import type { EventBus } from '../events.js';
import { type IncidentRules, loadIncidentRules } from './incident-rules.js';
import { type Incident, IncidentClassifier, type Signal } from './incidents.js';
import { OpsMetrics } from './metrics.js';
import { type SafeModeConfig, SafeModeController, type Transition } from './safe-mode.js';
import { toSignals } from './signals.js';
import { type DeliveryConfig, type OpsLogger, WebhookDelivery } from './webhook.js';

export interface OpsConfig {
  readonly metrics: { readonly maxLabelValues: number; readonly defaultMetrics: boolean };
  readonly safeMode: SafeModeConfig;
  readonly incidents: { readonly rulesPath: string };
  readonly alerts: DeliveryConfig;
}

export interface OpsDeps {
  readonly bus: EventBus;
  readonly logger: OpsLogger;
  /** Audits a safe-mode transition; resolves to the audit id. A failure is logged. */
  readonly recordTransition?: (t: Transition, requestId?: string) => Promise<string>;
  /** Rules already parsed (tests); otherwise read from `incidents.rulesPath`. */
  readonly rules?: IncidentRules;
  readonly now?: () => number;
}

export interface Ops {
  readonly metrics: OpsMetrics;
  readonly safeMode: SafeModeController;
  readonly classifier: IncidentClassifier;
  readonly delivery: WebhookDelivery;
  /** Admin switch; resolves once the transition is audited (auditId null: no change, or not recorded). */
  setSafeMode(req: SafeModeRequest): Promise<{ transition: Transition | null; auditId: string | null }>;
  /** Incidents raised so far, newest last, capped (for `GET /v1/admin/incidents`-style views and tests). */
  recentIncidents(): readonly Incident[];
  close(drainMs: number): Promise<void>;
}

export interface SafeModeRequest {
  readonly enabled: boolean;
  readonly reason: string;
  readonly tenant?: string;
  readonly principal?: string;
  /** Request that asked for it, for the audit event. */
  readonly requestId?: string;
}

const RECENT_MAX = 100;

export function startOps(cfg: OpsConfig, deps: OpsDeps): Ops {
  const { bus, logger } = deps;
  const metrics = new OpsMetrics(cfg.metrics);
  const rules = deps.rules ?? loadIncidentRules(cfg.incidents.rulesPath);
  const now = deps.now ?? Date.now;
  const classifier = new IncidentClassifier(rules, { now });
  const recent: Incident[] = [];
  const delivery = new WebhookDelivery(cfg.alerts, logger, {
    onResult: (result) => metrics.alertDeliveries.inc({ result }),
    onDelivered: (seconds) => metrics.alertDeliverySeconds.observe(seconds),
    onQueue: (n) => metrics.alertQueue.set(n),
  });

  let lastRecord: Promise<string | null> = Promise.resolve(null);
  let requestId: string | undefined;
  const safeMode = new SafeModeController(cfg.safeMode, {
    now,
    onTransition: (t) => {
      logger.warn({ safeMode: t }, t.enabled ? 'safe mode entered' : 'safe mode left');
      bus.emit('safe_mode.changed', stripAt(t));
      const record = deps.recordTransition?.(t, requestId) ?? Promise.resolve(null);
      lastRecord = record.catch((err: unknown) => {
        logger.error({ err: String(err), scope: t.scope }, 'safe-mode transition could not be audited');
        return null;
      });
    },
  });

  const classify = (signal: Signal): void => {
    const before = { ...classifier.stats };
    for (const incident of classifier.classify(signal)) {
      metrics.incidents.inc({ severity: incident.severity, rule: incident.rule });
      recent.push(incident);
      if (recent.length > RECENT_MAX) recent.shift();
      const { eventMono: _m, ...logged } = incident;
      logger.warn({ incident: logged }, `incident ${incident.severity}: ${incident.title}`);
      delivery.send(incident);
    }
    const dedup = classifier.stats.dedup - before.dedup;
    const limited = classifier.stats.rateLimited - before.rateLimited;
    if (dedup > 0) metrics.incidentsSuppressed.inc({ reason: 'dedup' }, dedup);
    if (limited > 0) metrics.incidentsSuppressed.inc({ reason: 'rate_limit' }, limited);
  };

  const offs = [
    metrics.attach(bus),
    bus.on('decision', (e) => safeMode.noteDecision(e)),
    bus.on('audit.status', (e) => safeMode.noteAudit(e.available)),
    bus.onAny((payload, meta) => {
      for (const signal of toSignals(payload, meta)) classify(signal);
    }),
  ];
  // Automatic safe-mode entries leave after their cool-down even when no request arrives.
  const timer = setInterval(() => safeMode.tick(), 1000);
  timer.unref();

  return {
    metrics,
    safeMode,
    classifier,
    delivery,
    async setSafeMode(req) {
      lastRecord = Promise.resolve(null);
      requestId = req.requestId;
      const transition = safeMode.set(req);
      requestId = undefined;
      return { transition, auditId: await lastRecord };
    },
    recentIncidents: () => recent,
    async close(drainMs) {
      clearInterval(timer);
      for (const off of offs) off();
      await delivery.close(drainMs);
    },
  };
}

function stripAt(t: Transition): Omit<Transition, 'at'> {
  const { at: _at, ...rest } = t;
  return rest;
}

export { safeModeAuditEvent } from './audit-event.js';
export { type InstrumentedSink, instrumentAuditSink } from './audit-sink.js';
export { OPS_DEFAULTS, type OpsSection, opsConfigSchema, opsRuntimeConfig } from './config.js';
export { instrumentFirewall } from './firewall-probe.js';
export type { Incident } from './incidents.js';
export { OpsMetrics } from './metrics.js';
export { type SafeModeConfig, SafeModeController, type Transition } from './safe-mode.js';
export { attachSandboxSignals } from './sandbox-signals.js';
export { DELIVERY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature } from './webhook.js';
