import { OPS_DEFAULTS } from '../ops/config.js';

/**
 * Every default in one literal. A config file and AGENTWALL_* variables override these.
 */
export const DEFAULTS = {
  server: {
    host: '127.0.0.1',
    port: 8787,
    /** Largest request body accepted, bytes. */
    bodyLimitBytes: 1_048_576,
    /** Deepest JSON nesting accepted in a request body. */
    maxJsonDepth: 64,
    /** Wall-clock limit for one request, ms. */
    requestTimeoutMs: 5_000,
    /** How long shutdown waits for in-flight requests before closing sockets, ms. */
    shutdownGraceMs: 10_000,
  },
  policies: {
    dir: 'policies',
    /** Bound on memoised (subject, tenant, tool) → matched rules entries per policy version. */
    cacheSize: 50_000,
    /** Hot reload: watch the directory, validate and test a changed set, then swap it in. */
    watch: false,
    /** Policy versions kept for rollback. */
    keep: 20,
  },
  flow: {
    /** Bound on in-memory session flow entries (taint, counters, histories); least recently used go first. */
    maxKeys: 100_000,
  },
  approvals: {
    /** How long a held call waits for an approver. */
    ttlSeconds: 900,
    /** How long a granted approval may be redeemed by repeating the call. */
    redeemSeconds: 900,
    maxItems: 10_000,
  },
  log: {
    level: 'info',
  },
  audit: {
    /** SQLite file of the hash-chained decision log (relative paths: to the config file). */
    db: '.data/audit.db',
    /** Ed25519 checkpoint keys: <id>.key.pem, <id>.pub.pem and `active` (see docs/audit.md). */
    keyDir: '.data/audit-keys',
    /** FULL fsyncs every commit (survives power loss); NORMAL survives a process crash only. */
    synchronous: 'FULL',
    /** Sign a checkpoint after this many events ... */
    checkpointEvery: 1000,
    /** ... or after this long with unsigned events. */
    checkpointIntervalMs: 60_000,
    /** Most events written in one group-commit transaction. */
    maxBatch: 2000,
    /** Largest page `GET /v1/audit` returns; larger requests are capped. */
    maxPageSize: 500,
    /** Lifetime of a review-page login, ms. */
    uiSessionTtlMs: 3_600_000,
  },
  sandbox: {
    /** Directory of the sandboxed tool modules named by `sandbox.module` in the tool registry. */
    toolsDir: 'tools',
    /** Worker processes (each runs one call at a time); at least 2 so a crash never leaves none warm. */
    workers: 2,
    maxQueue: 64,
    recycleAfterRuns: 1_000,
    maxWorkerRssMb: 512,
    /** How long past a run's wall limit the host waits before killing the worker, ms. */
    killGraceMs: 250,
    /** Limits for tools whose registry entry does not set them. */
    defaults: {
      memoryMb: 32,
      cpuMs: 1_000,
      wallMs: 2_000,
      maxOutputBytes: 262_144,
      retry: { maxAttempts: 3, baseMs: 50, maxMs: 1_000, budgetMs: 5_000 },
    },
    breaker: { threshold: 5, windowMs: 30_000, cooldownMs: 10_000 },
  },
  keys: [],
  ops: OPS_DEFAULTS,
} as const;
