/**
 * A circuit breaker per tool: after `threshold` failures within `windowMs` it opens and calls are
 * refused without running; after `cooldownMs` one probe is let through (half-open); the probe's
 * outcome closes or re-opens it. Stops hammering a tool whose upstream is down.
 */
export interface BreakerOptions {
  readonly threshold: number;
  readonly windowMs: number;
  readonly cooldownMs: number;
}

export type BreakerState = 'closed' | 'open' | 'half-open';

interface Circuit {
  failures: number[];
  openedAt: number | null;
  probing: boolean;
}

export class Breakers {
  private readonly circuits = new Map<string, Circuit>();

  constructor(
    private readonly opts: BreakerOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** May a call to `tool` run now? Claims the half-open probe when it says yes to one. */
  allow(tool: string): boolean {
    const c = this.circuits.get(tool);
    if (!c || c.openedAt === null) return true;
    if (this.now() - c.openedAt < this.opts.cooldownMs || c.probing) return false;
    c.probing = true;
    return true;
  }

  state(tool: string): BreakerState {
    const c = this.circuits.get(tool);
    if (!c || c.openedAt === null) return 'closed';
    return this.now() - c.openedAt >= this.opts.cooldownMs ? 'half-open' : 'open';
  }

  success(tool: string): void {
    this.circuits.delete(tool);
  }

  /** A run that says nothing about the tool's health (e.g. the caller's bad input) frees the probe. */
  neutral(tool: string): void {
    const c = this.circuits.get(tool);
    if (c) c.probing = false;
  }

  failure(tool: string): void {
    const t = this.now();
    const c = this.circuits.get(tool) ?? { failures: [], openedAt: null, probing: false };
    this.circuits.set(tool, c);
    if (c.probing) {
      c.probing = false;
      c.openedAt = t;
      return;
    }
    c.failures = c.failures.filter((f) => t - f < this.opts.windowMs);
    c.failures.push(t);
    if (c.failures.length >= this.opts.threshold) {
      c.openedAt = t;
      c.failures = [];
    }
    if (this.circuits.size > 10_000) this.circuits.delete(this.circuits.keys().next().value as string);
  }
}
