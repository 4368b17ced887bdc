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
  },
  log: {
    level: 'info',
  },
  keys: [],
} as const;
