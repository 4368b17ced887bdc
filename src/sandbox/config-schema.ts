/** JSON Schema of the `sandbox` section of the configuration. */
const int = (minimum: number, maximum: number) => ({ type: 'integer', minimum, maximum }) as const;

export const sandboxConfigSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'toolsDir',
    'workers',
    'maxQueue',
    'recycleAfterRuns',
    'maxWorkerRssMb',
    'killGraceMs',
    'defaults',
    'breaker',
  ],
  properties: {
    toolsDir: { type: 'string', minLength: 1 },
    workers: int(1, 64),
    maxQueue: int(0, 100_000),
    recycleAfterRuns: int(1, 10_000_000),
    maxWorkerRssMb: int(64, 65_536),
    killGraceMs: int(10, 60_000),
    defaults: {
      type: 'object',
      additionalProperties: false,
      required: ['memoryMb', 'cpuMs', 'wallMs', 'maxOutputBytes', 'retry'],
      properties: {
        memoryMb: int(8, 512),
        cpuMs: int(1, 60_000),
        wallMs: int(1, 120_000),
        maxOutputBytes: int(16, 8 * 1024 * 1024),
        retry: {
          type: 'object',
          additionalProperties: false,
          required: ['maxAttempts', 'baseMs', 'maxMs', 'budgetMs'],
          properties: {
            maxAttempts: int(1, 10),
            baseMs: int(0, 60_000),
            maxMs: int(0, 60_000),
            budgetMs: int(1, 300_000),
          },
        },
      },
    },
    breaker: {
      type: 'object',
      additionalProperties: false,
      required: ['threshold', 'windowMs', 'cooldownMs'],
      properties: { threshold: int(1, 10_000), windowMs: int(1, 3_600_000), cooldownMs: int(1, 3_600_000) },
    },
  },
} as const;
