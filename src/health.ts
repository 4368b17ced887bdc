/**
 * Readiness checks. A layer that has a dependency worth waiting for (policies loaded, audit
 * store writable, sandbox pool up) registers a `HealthCheck`; `GET /readyz` runs them all.
 * Lives outside any layer folder so layers can register without importing each other or ops.
 */

export interface HealthResult {
  readonly ok: boolean;
  /** Short, operator-facing; never secrets or stack traces. */
  readonly detail?: string;
}

export interface HealthCheck {
  /** Stable id shown in /readyz, e.g. `policies`, `audit`, `sandbox`. */
  readonly name: string;
  /** A non-critical check is reported but does not make the service unready. */
  readonly critical?: boolean;
  /** A bare boolean is accepted so simple checks stay one-liners. */
  check(): boolean | HealthResult | Promise<boolean | HealthResult>;
}

export interface CheckReport {
  readonly name: string;
  readonly ok: boolean;
  readonly critical: boolean;
  readonly detail?: string;
  readonly ms: number;
}

export interface ReadinessReport {
  readonly ready: boolean;
  readonly checks: readonly CheckReport[];
}

export class HealthRegistry {
  private readonly checks = new Map<string, HealthCheck>();
  private draining = false;

  constructor(private readonly timeoutMs = 1000) {}

  /** Registering a name twice replaces the earlier check (a layer re-initialised). */
  register(check: HealthCheck): () => void {
    this.checks.set(check.name, check);
    return () => {
      if (this.checks.get(check.name) === check) this.checks.delete(check.name);
    };
  }

  names(): string[] {
    return [...this.checks.keys()];
  }

  /** Once draining, the service reports unready so load balancers stop sending traffic. */
  setDraining(): void {
    this.draining = true;
  }

  isDraining(): boolean {
    return this.draining;
  }

  /** Runs the registered checks plus `extra` (fixed checks a caller owns), all concurrently. */
  async run(extra: readonly HealthCheck[] = []): Promise<ReadinessReport> {
    const all = [...extra.filter((c) => !this.checks.has(c.name)), ...this.checks.values()];
    const reports = await Promise.all(all.map((c) => this.runOne(c)));
    if (this.draining) {
      reports.push({ name: 'shutdown', ok: false, critical: true, detail: 'draining', ms: 0 });
    }
    const ready = reports.every((r) => r.ok || !r.critical);
    return { ready, checks: reports };
  }

  private async runOne(c: HealthCheck): Promise<CheckReport> {
    const critical = c.critical ?? true;
    const start = performance.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<boolean | HealthResult>((resolve) => {
        timer = setTimeout(() => resolve({ ok: false, detail: 'check timed out' }), this.timeoutMs);
      });
      const raw = await Promise.race([Promise.resolve().then(() => c.check()), timeout]);
      const r: HealthResult = typeof raw === 'boolean' ? { ok: raw } : raw;
      const ms = round(performance.now() - start);
      return r.detail === undefined
        ? { name: c.name, ok: r.ok === true, critical, ms }
        : { name: c.name, ok: r.ok === true, critical, detail: r.detail, ms };
    } catch {
      // A check that throws is a failed check; its message may hold internals, so it is not shown.
      return {
        name: c.name,
        ok: false,
        critical,
        detail: 'check failed',
        ms: round(performance.now() - start),
      };
    } finally {
      if (timer !== undefined) clearTimeout(timer);
    }
  }
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
