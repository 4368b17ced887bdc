/**
 * Safe mode: a degraded, read-only service. While it is on for a scope (everything, or one
 * tenant) only tools whose every side effect is `read` may run; anything else is denied with
 * rule `safe_mode`. It is entered by an admin, or automatically when violations spike or the
 * audit store is down, and left by an admin or — for automatic entries — after a quiet cool-down.
 */
import type { OpsEvents } from '../events.js';
import type { Reason, SideEffect } from '../types.js';
import { WindowCounter } from './window.js';

export interface SafeModeConfig {
  /** An automatic entry is left this long after its trigger last held. */
  readonly cooldownSeconds: number;
  readonly triggers: {
    /** Per tenant; 0 disables. Denials caused by the firewall (L1-L3). */
    readonly firewallBlocksPerMinute: number;
    /** Per tenant; 0 disables. Denials by policy and flow rules. */
    readonly policyDenialsPerMinute: number;
    /** Global safe mode while the audit store refuses writes. */
    readonly auditUnavailable: boolean;
  };
}

export const SAFE_MODE_DEFAULTS: SafeModeConfig = {
  cooldownSeconds: 300,
  triggers: { firewallBlocksPerMinute: 0, policyDenialsPerMinute: 0, auditUnavailable: true },
};

export type Actor = 'admin' | 'auto';
export const GLOBAL = 'global';

export interface SafeModeEntry {
  /** `global` or `tenant:<id>`. */
  readonly scope: string;
  readonly reason: string;
  readonly actor: Actor;
  readonly since: string;
  readonly principal?: string;
  readonly trigger?: string;
}

type Change = OpsEvents['safe_mode.changed'];
export interface Transition extends Change {
  readonly at: string;
}

interface Live extends SafeModeEntry {
  lastTriggerMs: number;
}

export interface SafeModeDeps {
  readonly now?: () => number;
  /** Called once per real transition (enter or leave), never for a no-op. */
  readonly onTransition?: (t: Transition) => void;
}

const IGNORED_RULES = new Set(['safe_mode', 'internal_error']);

export class SafeModeController {
  private readonly entries = new Map<string, Live>();
  private readonly firewall = new WindowCounter(60);
  private readonly policy = new WindowCounter(60);
  private auditDown = false;
  private readonly now: () => number;

  constructor(
    private readonly cfg: SafeModeConfig,
    private readonly deps: SafeModeDeps = {},
  ) {
    this.now = deps.now ?? Date.now;
  }

  /** Admin switch. Returns the transition, or null when the scope was already in that state. */
  set(req: { enabled: boolean; reason: string; tenant?: string; principal?: string }): Transition | null {
    const scope = req.tenant === undefined ? GLOBAL : tenantScope(req.tenant);
    const current = this.entries.get(scope);
    if (!req.enabled) {
      if (current === undefined) return null;
      this.entries.delete(scope);
      return this.emit({
        enabled: false,
        scope,
        reason: req.reason,
        actor: 'admin',
        ...opt('principal', req.principal),
      });
    }
    // An admin taking over an automatic entry pins it: it no longer leaves on its own.
    if (current?.actor === 'admin') return null;
    const entry: Live = {
      scope,
      reason: req.reason,
      actor: 'admin',
      since: new Date(this.now()).toISOString(),
      lastTriggerMs: this.now(),
      ...opt('principal', req.principal),
    };
    this.entries.set(scope, entry);
    return this.emit({
      enabled: true,
      scope,
      reason: req.reason,
      actor: 'admin',
      ...opt('principal', req.principal),
    });
  }

  /** The entry that applies to a tenant (global wins), or undefined. */
  active(tenant: string): SafeModeEntry | undefined {
    this.tick();
    return this.entries.get(GLOBAL) ?? this.entries.get(tenantScope(tenant));
  }

  /**
   * The pipeline's check, before policy. `sideEffects` undefined means the tool is unknown:
   * fail closed. A deny reason, or null when the call may go on to policy.
   */
  check(tenant: string, sideEffects: readonly SideEffect[] | undefined): Reason | null {
    const entry = this.active(tenant);
    if (entry === undefined) return null;
    if (sideEffects !== undefined && sideEffects.length > 0 && sideEffects.every((s) => s === 'read'))
      return null;
    return {
      layer: 'pipeline',
      rule: 'safe_mode',
      message: `safe mode (${entry.scope}) allows read-only tools only: ${entry.reason}`,
    };
  }

  status(): { global: SafeModeEntry | null; tenants: SafeModeEntry[] } {
    this.tick();
    const tenants = [...this.entries.values()].filter((e) => e.scope !== GLOBAL).map(publicEntry);
    const g = this.entries.get(GLOBAL);
    return { global: g === undefined ? null : publicEntry(g), tenants };
  }

  /** Feed every decision; spikes of firewall blocks or policy denials trigger tenant safe mode. */
  noteDecision(e: OpsEvents['decision']): void {
    if (e.decision !== 'deny') return;
    const first = e.reasons[0];
    if (first === undefined || IGNORED_RULES.has(first.rule)) return;
    const now = this.now();
    const t = this.cfg.triggers;
    if ((first.layer === 'firewall' || first.layer === 'output') && t.firewallBlocksPerMinute > 0) {
      const n = this.firewall.add(e.tenant, now);
      if (n >= t.firewallBlocksPerMinute)
        this.trigger(tenantScope(e.tenant), 'firewall_blocks', `${n} firewall blocks in the last minute`);
    } else if ((first.layer === 'policy' || first.layer === 'flow') && t.policyDenialsPerMinute > 0) {
      const n = this.policy.add(e.tenant, now);
      if (n >= t.policyDenialsPerMinute)
        this.trigger(tenantScope(e.tenant), 'policy_denials', `${n} policy denials in the last minute`);
    }
  }

  noteAudit(available: boolean): void {
    this.auditDown = !available;
    if (!available && this.cfg.triggers.auditUnavailable)
      this.trigger(GLOBAL, 'audit_unavailable', 'audit store unavailable');
  }

  /** Leave automatic entries whose cool-down has passed. Cheap; called on reads and by a timer. */
  tick(): void {
    if (this.entries.size === 0) return;
    const now = this.now();
    for (const [scope, e] of this.entries) {
      if (e.actor !== 'auto') continue;
      if (e.trigger === 'audit_unavailable' && this.auditDown) {
        e.lastTriggerMs = now;
        continue;
      }
      if (now - e.lastTriggerMs >= this.cfg.cooldownSeconds * 1000) {
        this.entries.delete(scope);
        this.emit({
          enabled: false,
          scope,
          reason: `cool-down of ${this.cfg.cooldownSeconds}s passed`,
          actor: 'auto',
          ...opt('trigger', e.trigger),
        });
      }
    }
  }

  private trigger(scope: string, trigger: string, reason: string): void {
    const now = this.now();
    const current = this.entries.get(scope);
    if (current !== undefined) {
      current.lastTriggerMs = now;
      return;
    }
    this.entries.set(scope, {
      scope,
      reason,
      actor: 'auto',
      trigger,
      since: new Date(now).toISOString(),
      lastTriggerMs: now,
    });
    this.emit({ enabled: true, scope, reason, actor: 'auto', trigger });
  }

  private emit(t: OpsEvents['safe_mode.changed']): Transition {
    const full: Transition = { ...t, at: new Date(this.now()).toISOString() };
    this.deps.onTransition?.(full);
    return full;
  }
}

export function tenantScope(tenant: string): string {
  return `tenant:${tenant}`;
}

function publicEntry(e: Live): SafeModeEntry {
  const { lastTriggerMs: _drop, ...rest } = e;
  return rest;
}

/** `exactOptionalPropertyTypes`: include an optional key only when it has a value. */
function opt<K extends string>(key: K, v: string | undefined): { [P in K]?: string } {
  return (v === undefined ? {} : { [key]: v }) as { [P in K]?: string };
}
