/** JSON Schemas of `when:` conditions and the `flow:` section of rules.yaml (strict: unknown fields are errors). */
const GLOB_LIST = {
  type: 'array',
  minItems: 1,
  maxItems: 256,
  items: { type: 'string', minLength: 1, maxLength: 512 },
} as const;
const HOST_LIST = {
  type: 'array',
  maxItems: 10_000,
  items: { type: 'string', minLength: 1, maxLength: 255 },
} as const;
const ARG = {
  type: 'string',
  pattern: '^[A-Za-z_][A-Za-z0-9_]{0,63}(\\.[A-Za-z_][A-Za-z0-9_]{0,63}){0,7}$',
} as const;

export const conditionSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['arg'],
  minProperties: 2,
  maxProperties: 3,
  properties: {
    arg: ARG,
    optional: { type: 'boolean' },
    path: {
      type: 'object',
      additionalProperties: false,
      required: ['allow'],
      properties: {
        allow: GLOB_LIST,
        deny: GLOB_LIST,
        base: { type: 'string', pattern: '^/', maxLength: 1024 },
      },
    },
    url: {
      type: 'object',
      additionalProperties: false,
      required: ['allowHosts'],
      properties: {
        allowHosts: HOST_LIST,
        denyHosts: HOST_LIST,
        allowPrivate: { type: 'boolean' },
        schemes: { type: 'array', minItems: 1, items: { enum: ['http', 'https', 'ws', 'wss', 'ftp'] } },
        ports: { type: 'array', minItems: 1, items: { type: 'integer', minimum: 1, maximum: 65535 } },
      },
    },
    number: {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      properties: {
        min: { type: 'number' },
        max: { type: 'number' },
        integer: { type: 'boolean' },
      },
    },
    enum: {
      type: 'array',
      minItems: 1,
      maxItems: 1000,
      items: { anyOf: [{ type: 'string', maxLength: 1024 }, { type: 'number' }, { type: 'boolean' }] },
    },
    pattern: {
      type: 'object',
      additionalProperties: false,
      required: ['regex'],
      properties: {
        regex: { type: 'string', minLength: 1 },
        maxLength: { type: 'integer', minimum: 1, maximum: 1_048_576 },
        ignoreCase: { type: 'boolean' },
      },
    },
  },
} as const;

const TOOL_GLOBS = {
  type: 'array',
  minItems: 1,
  items: { type: 'string', pattern: '^[a-z*?][a-z0-9_.*?-]{0,63}$' },
} as const;

export const flowSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    taint: {
      type: 'object',
      additionalProperties: false,
      properties: {
        sources: { type: 'array', uniqueItems: true, items: { enum: ['user', 'tool', 'retrieval'] } },
        toolOutputs: { type: 'boolean' },
        onSideEffect: {
          type: 'object',
          additionalProperties: false,
          properties: {
            read: { enum: ['deny', 'review'] },
            write: { enum: ['deny', 'review'] },
            external: { enum: ['deny', 'review'] },
            exfiltration: { enum: ['deny', 'review'] },
          },
        },
        exemptTools: TOOL_GLOBS,
        ttlSeconds: { type: 'integer', minimum: 1, maximum: 30 * 86_400 },
      },
    },
    budgets: {
      type: 'array',
      maxItems: 1000,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'tools', 'scope', 'limit', 'windowSeconds'],
        properties: {
          id: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$' },
          description: { type: 'string', maxLength: 2000 },
          tools: TOOL_GLOBS,
          scope: { enum: ['tool', 'session'] },
          limit: { type: 'number', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
          windowSeconds: { type: 'integer', minimum: 1, maximum: 30 * 86_400 },
          cost: {
            oneOf: [
              { type: 'object', additionalProperties: false, required: ['arg'], properties: { arg: ARG } },
              {
                type: 'object',
                additionalProperties: false,
                required: ['perCall'],
                properties: { perCall: { type: 'number', minimum: 0, maximum: 1_000_000 } },
              },
            ],
          },
        },
      },
    },
    loops: {
      type: 'object',
      additionalProperties: false,
      properties: {
        sameCall: {
          type: 'object',
          additionalProperties: false,
          required: ['count', 'windowSeconds'],
          properties: {
            count: { type: 'integer', minimum: 0, maximum: 10_000 },
            windowSeconds: { type: 'integer', minimum: 1, maximum: 86_400 },
          },
        },
        pingPong: { type: 'boolean' },
      },
    },
  },
} as const;
