/**
 * Incident classification: signals in, incidents out, each with a severity P0-P3.
 * Deduplication folds repeats of an open incident (same rule and group) into its count;
 * a per-minute rate limit stops an alert storm for P1-P3 (P0 always goes out).
 */
import { randomUUID } from 'node:crypto';
import type { FieldValue, IncidentRule, IncidentRules, Severity } from './incident-rules.js';
import { WindowCounter } from './window.js';

export interface Signal {
  readonly type: string;
  readonly fields: Readonly<Record<string, FieldValue>>;
  /** Wall-clock ms of the underlying event. */
  readonly at: number;
  /** Monotonic ms of the underlying event (for detection/delivery latency). */
  readonly mono: number;
}

export interface Incident {
  readonly id: string;
  readonly rule: string;
  readonly severity: Severity;
  readonly title: string;
  readonly group: Readonly<Record<string, string>>;
  /** Signals folded into this incident when it was raised (threshold rules count the window). */
  readonly count: number;
  /** Incidents dropped by the rate limit since the previous one went out. */
  readonly suppressedBefore: number;
  readonly occurredAt: string;
  readonly detectedAt: string;
  /** A sample of the triggering signal's fields (already free of secrets: signals carry ids only). */
  readonly sample: Readonly<Record<string, FieldValue>>;
  /** Monotonic ms of the triggering event; not serialised. */
  readonly eventMono: number;
}

export interface ClassifierStats {
  dedup: number;
  rateLimited: number;
  open: number;
}

const MAX_OPEN = 10_000;
const MAX_GROUP_LEN = 64;

export class IncidentClassifier {
  private readonly bySignal = new Map<string, IncidentRule[]>();
  private readonly windows = new Map<string, WindowCounter>();
  private readonly totals = new Map<string, WindowCounter>();
  private readonly open = new Map<string, { until: number; count: number }>();
  private readonly raised = new WindowCounter(60, 1);
  private suppressedPending = 0;
  readonly stats: ClassifierStats = { dedup: 0, rateLimited: 0, open: 0 };
  private readonly now: () => number;

  constructor(
    private readonly rules: IncidentRules,
    opts: { now?: () => number } = {},
  ) {
    this.now = opts.now ?? Date.now;
    for (const r of rules.rules) {
      const list = this.bySignal.get(r.signal) ?? [];
      list.push(r);
      this.bySignal.set(r.signal, list);
      const w = r.threshold?.windowSeconds ?? r.ratio?.windowSeconds;
      if (w !== undefined) {
        this.windows.set(r.id, new WindowCounter(w));
        if (r.ratio !== undefined) this.totals.set(r.id, new WindowCounter(w));
      }
    }
  }

  classify(signal: Signal): Incident[] {
    const rules = this.bySignal.get(signal.type);
    if (rules === undefined) return [];
    const now = this.now();
    const out: Incident[] = [];
    for (const rule of rules) {
      if (!matches(rule.where, signal.fields)) continue;
      const group = groupOf(rule, signal.fields);
      const key = `${rule.id}|${JSON.stringify(group)}`;
      const count = this.fires(rule, key, signal, now);
      if (count === 0) continue;
      const inc = this.admit(rule, key, group, count, signal, now);
      if (inc !== null) out.push(inc);
    }
    return out;
  }

  /** 0 when the rule does not fire on this signal, else the number of signals it stands for. */
  private fires(rule: IncidentRule, key: string, s: Signal, now: number): number {
    if (rule.threshold !== undefined) {
      const n = this.windows.get(rule.id)!.add(key, now);
      return n >= rule.threshold.count ? n : 0;
    }
    if (rule.ratio !== undefined) {
      const total = this.totals.get(rule.id)!.add(key, now);
      const hit = matches(rule.ratio.match, s.fields);
      const w = this.windows.get(rule.id)!;
      const n = hit ? w.add(key, now) : w.count(key, now);
      return hit && total >= rule.ratio.minEvents && n / total >= rule.ratio.atLeast ? n : 0;
    }
    return 1;
  }

  private admit(
    rule: IncidentRule,
    key: string,
    group: Record<string, string>,
    count: number,
    s: Signal,
    now: number,
  ): Incident | null {
    const dedup = (rule.dedupSeconds ?? this.rules.defaults.dedupSeconds) * 1000;
    const open = this.open.get(key);
    if (open !== undefined && now < open.until) {
      open.count++;
      this.stats.dedup++;
      return null;
    }
    if (rule.severity !== 'P0' && this.raised.count('all', now) >= this.rules.rateLimit.perMinute) {
      this.stats.rateLimited++;
      this.suppressedPending++;
      return null;
    }
    this.raised.add('all', now);
    if (dedup > 0) this.remember(key, now + dedup, now);
    const suppressedBefore = this.suppressedPending;
    this.suppressedPending = 0;
    return {
      id: randomUUID(),
      rule: rule.id,
      severity: rule.severity,
      title: rule.title,
      group,
      count,
      suppressedBefore,
      occurredAt: new Date(s.at).toISOString(),
      detectedAt: new Date(now).toISOString(),
      sample: s.fields,
      eventMono: s.mono,
    };
  }

  private remember(key: string, until: number, now: number): void {
    if (this.open.size >= MAX_OPEN) {
      for (const [k, v] of this.open) if (v.until <= now) this.open.delete(k);
      // Still full: forget the oldest; worst case a duplicate alert, never a missed one.
      if (this.open.size >= MAX_OPEN) {
        const first = this.open.keys().next();
        if (first.done !== true) this.open.delete(first.value);
      }
    }
    this.open.set(key, { until, count: 1 });
    this.stats.open = this.open.size;
  }
}

function matches(
  where: Readonly<Record<string, FieldValue>> | undefined,
  f: Readonly<Record<string, FieldValue>>,
): boolean {
  if (where === undefined) return true;
  for (const [k, v] of Object.entries(where)) if (f[k] !== v) return false;
  return true;
}

function groupOf(rule: IncidentRule, f: Readonly<Record<string, FieldValue>>): Record<string, string> {
  const g: Record<string, string> = {};
  for (const k of rule.groupBy ?? []) g[k] = String(f[k] ?? 'none').slice(0, MAX_GROUP_LEN);
  return g;
}
