import { conditionSchema, flowSchema } from './conditions/schema.js';

/** JSON Schema of policies/rules.yaml: tenants, roles and rules that compile to Casbin lines. */
const ID = '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$';
const SUBJECT = '^(role|agent|user|service):[A-Za-z0-9][A-Za-z0-9_.@-]{0,127}$';
const TOOL_GLOB = '^[a-z*?][a-z0-9_.*?-]{0,63}$';

export const rulesSchema = {
  $id: 'agentwall:rules',
  type: 'object',
  additionalProperties: false,
  required: ['tenants', 'roles', 'rules'],
  properties: {
    flow: flowSchema,
    tenants: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id'],
        properties: { id: { type: 'string', pattern: ID }, description: { type: 'string', maxLength: 2000 } },
      },
    },
    roles: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'tenant'],
        properties: {
          id: { type: 'string', pattern: ID },
          tenant: { type: 'string', pattern: ID },
          description: { type: 'string', maxLength: 2000 },
          members: { type: 'array', uniqueItems: true, items: { type: 'string', pattern: SUBJECT } },
          inherits: { type: 'array', uniqueItems: true, items: { type: 'string', pattern: ID } },
        },
      },
    },
    rules: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'tenant', 'effect', 'subjects', 'tools'],
        properties: {
          id: { type: 'string', pattern: ID },
          description: { type: 'string', maxLength: 2000 },
          tenant: { type: 'string', pattern: ID },
          effect: { enum: ['allow', 'deny', 'review'] },
          when: { type: 'array', minItems: 1, maxItems: 64, items: conditionSchema },
          subjects: {
            type: 'array',
            minItems: 1,
            uniqueItems: true,
            items: { type: 'string', pattern: SUBJECT },
          },
          tools: {
            type: 'array',
            minItems: 1,
            uniqueItems: true,
            items: { type: 'string', pattern: TOOL_GLOB },
          },
        },
      },
    },
  },
} as const;
