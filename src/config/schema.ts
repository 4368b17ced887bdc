import { opsConfigSchema } from '../ops/config.js';
import { sandboxConfigSchema } from '../sandbox/config-schema.js';
import { API_ROLES } from '../types.js';

/**
 * JSON Schema of the whole configuration. Unknown fields are errors: a typo in a security
 * setting must stop start-up, not be ignored.
 */
export const configSchema = {
  $id: 'agentwall:config',
  type: 'object',
  additionalProperties: false,
  required: ['server', 'policies', 'flow', 'approvals', 'log', 'audit', 'keys', 'sandbox'],
  properties: {
    server: {
      type: 'object',
      additionalProperties: false,
      required: ['host', 'port', 'bodyLimitBytes', 'maxJsonDepth', 'requestTimeoutMs', 'shutdownGraceMs'],
      properties: {
        host: { type: 'string', minLength: 1, maxLength: 255 },
        port: { type: 'integer', minimum: 0, maximum: 65535 },
        bodyLimitBytes: { type: 'integer', minimum: 1024, maximum: 104_857_600 },
        maxJsonDepth: { type: 'integer', minimum: 2, maximum: 1000 },
        requestTimeoutMs: { type: 'integer', minimum: 10, maximum: 600_000 },
        shutdownGraceMs: { type: 'integer', minimum: 0, maximum: 600_000 },
      },
    },
    policies: {
      type: 'object',
      additionalProperties: false,
      required: ['dir', 'cacheSize', 'watch', 'keep'],
      properties: {
        dir: { type: 'string', minLength: 1 },
        cacheSize: { type: 'integer', minimum: 0, maximum: 10_000_000 },
        watch: { type: 'boolean' },
        keep: { type: 'integer', minimum: 1, maximum: 1000 },
      },
    },
    flow: {
      type: 'object',
      additionalProperties: false,
      required: ['maxKeys'],
      properties: { maxKeys: { type: 'integer', minimum: 100, maximum: 100_000_000 } },
    },
    approvals: {
      type: 'object',
      additionalProperties: false,
      required: ['ttlSeconds', 'redeemSeconds', 'maxItems'],
      properties: {
        ttlSeconds: { type: 'integer', minimum: 1, maximum: 7 * 86_400 },
        redeemSeconds: { type: 'integer', minimum: 1, maximum: 7 * 86_400 },
        maxItems: { type: 'integer', minimum: 1, maximum: 10_000_000 },
      },
    },
    log: {
      type: 'object',
      additionalProperties: false,
      required: ['level'],
      properties: {
        level: { enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] },
      },
    },
    ops: opsConfigSchema,
    audit: {
      type: 'object',
      additionalProperties: false,
      required: [
        'db',
        'keyDir',
        'synchronous',
        'checkpointEvery',
        'checkpointIntervalMs',
        'maxBatch',
        'maxPageSize',
        'uiSessionTtlMs',
      ],
      properties: {
        db: { type: 'string', minLength: 1, maxLength: 4096 },
        keyDir: { type: 'string', minLength: 1, maxLength: 4096 },
        synchronous: { enum: ['FULL', 'NORMAL'] },
        checkpointEvery: { type: 'integer', minimum: 1, maximum: 10_000_000 },
        checkpointIntervalMs: { type: 'integer', minimum: 0, maximum: 86_400_000 },
        maxBatch: { type: 'integer', minimum: 1, maximum: 100_000 },
        maxPageSize: { type: 'integer', minimum: 1, maximum: 10_000 },
        uiSessionTtlMs: { type: 'integer', minimum: 60_000, maximum: 86_400_000 },
      },
    },
    sandbox: sandboxConfigSchema,
    keys: {
      type: 'array',
      maxItems: 10_000,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'hash', 'principal', 'tenant', 'roles'],
        properties: {
          id: { type: 'string', pattern: '^[A-Za-z0-9_.:-]{1,64}$' },
          hash: { type: 'string', pattern: '^sha256:[0-9a-f]{64}$' },
          principal: { type: 'string', pattern: '^[A-Za-z0-9_.:@-]{1,128}$' },
          tenant: { type: 'string', pattern: '^[A-Za-z0-9_.-]{1,64}$' },
          roles: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: [...API_ROLES] } },
          description: { type: 'string', maxLength: 500 },
        },
      },
    },
  },
} as const;
