/**
 * JSON Schema of the optional `sandbox` object of a tool registry entry. Limits have hard ceilings
 * so a registry entry cannot ask for a worker-sized isolate or an unbounded run.
 */
const name = { type: 'string', pattern: '^[a-z][a-z0-9_.-]{0,63}$' } as const;

export const sandboxSpecSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    module: { type: 'string', pattern: '^[a-z0-9_][a-z0-9_-]{0,63}(/[a-z0-9_][a-z0-9_-]{0,63}){0,3}\\.js$' },
    memoryMb: { type: 'integer', minimum: 8, maximum: 512 },
    cpuMs: { type: 'integer', minimum: 1, maximum: 60_000 },
    wallMs: { type: 'integer', minimum: 1, maximum: 120_000 },
    maxOutputBytes: { type: 'integer', minimum: 16, maximum: 8 * 1024 * 1024 },
    capabilities: {
      type: 'object',
      additionalProperties: false,
      properties: {
        fetch: {
          type: 'object',
          additionalProperties: false,
          required: ['hosts', 'methods', 'maxBytes', 'timeoutMs'],
          properties: {
            hosts: {
              type: 'array',
              minItems: 1,
              maxItems: 100,
              items: { type: 'string', minLength: 1, maxLength: 253 },
            },
            methods: {
              type: 'array',
              minItems: 1,
              uniqueItems: true,
              items: { enum: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] },
            },
            ports: { type: 'array', maxItems: 16, items: { type: 'integer', minimum: 1, maximum: 65535 } },
            maxBytes: { type: 'integer', minimum: 1, maximum: 16 * 1024 * 1024 },
            timeoutMs: { type: 'integer', minimum: 1, maximum: 60_000 },
          },
        },
        kv: {
          type: 'object',
          additionalProperties: false,
          required: ['namespace', 'write'],
          properties: {
            namespace: { type: 'string', pattern: '^[a-z][a-z0-9_-]{0,31}$' },
            write: { type: 'boolean' },
          },
        },
        log: { type: 'boolean' },
      },
    },
    retry: {
      type: 'object',
      additionalProperties: false,
      required: ['maxAttempts', 'baseMs', 'maxMs', 'budgetMs'],
      properties: {
        maxAttempts: { type: 'integer', minimum: 1, maximum: 10 },
        baseMs: { type: 'integer', minimum: 0, maximum: 60_000 },
        maxMs: { type: 'integer', minimum: 0, maximum: 60_000 },
        budgetMs: { type: 'integer', minimum: 1, maximum: 300_000 },
      },
    },
    fallback: name,
    compensation: name,
    steps: {
      type: 'array',
      minItems: 1,
      maxItems: 16,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'tool'],
        properties: { id: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_]{0,63}$' }, tool: name },
      },
    },
  },
} as const;
