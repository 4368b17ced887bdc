import type { AuditConfig } from '../audit/setup.js';
import type { OpsSection } from '../ops/config.js';
import type { ApiRole } from '../types.js';

export interface KeyEntry {
  readonly id: string;
  /** `sha256:<hex>` of the API key. Keys are long random tokens, so a fast hash is enough. */
  readonly hash: string;
  readonly principal: string;
  readonly tenant: string;
  readonly roles: readonly ApiRole[];
  readonly description?: string;
}

export interface Config {
  readonly server: {
    readonly host: string;
    readonly port: number;
    readonly bodyLimitBytes: number;
    readonly maxJsonDepth: number;
    readonly requestTimeoutMs: number;
    readonly shutdownGraceMs: number;
  };
  readonly policies: {
    readonly dir: string;
    readonly cacheSize: number;
    /** Reload the directory when its files change. */
    readonly watch: boolean;
    /** Versions kept for rollback. */
    readonly keep: number;
  };
  readonly flow: { readonly maxKeys: number };
  readonly approvals: {
    readonly ttlSeconds: number;
    readonly redeemSeconds: number;
    readonly maxItems: number;
  };
  readonly log: { readonly level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent' };
  readonly audit: AuditConfig & {
    readonly maxPageSize: number;
    readonly uiSessionTtlMs: number;
  };
  readonly keys: readonly KeyEntry[];
  readonly ops: OpsSection;
  readonly sandbox: SandboxConfig;
}

export interface SandboxConfig {
  readonly toolsDir: string;
  readonly workers: number;
  readonly maxQueue: number;
  readonly recycleAfterRuns: number;
  readonly maxWorkerRssMb: number;
  readonly killGraceMs: number;
  readonly defaults: {
    readonly memoryMb: number;
    readonly cpuMs: number;
    readonly wallMs: number;
    readonly maxOutputBytes: number;
    readonly retry: {
      readonly maxAttempts: number;
      readonly baseMs: number;
      readonly maxMs: number;
      readonly budgetMs: number;
    };
  };
  readonly breaker: { readonly threshold: number; readonly windowMs: number; readonly cooldownMs: number };
}
