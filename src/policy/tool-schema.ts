import { sandboxSpecSchema } from '../sandbox/spec-schema.js';
import { RISK_LEVELS, SIDE_EFFECTS } from '../types.js';

/** JSON Schema of one tool registry entry, policies/tools/<name>.json. */
export const toolSpecSchema = {
  $id: 'agentwall:tool',
  type: 'object',
  additionalProperties: false,
  required: ['name', 'description', 'risk', 'sideEffects', 'input', 'output'],
  properties: {
    $schema: { type: 'string' },
    name: { type: 'string', pattern: '^[a-z][a-z0-9_.-]{0,63}$' },
    description: { type: 'string', minLength: 1, maxLength: 2000 },
    risk: { enum: [...RISK_LEVELS] },
    sideEffects: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: [...SIDE_EFFECTS] } },
    input: { type: 'object' },
    output: { type: 'object' },
    /** Cost units one call consumes from a session budget. */
    cost: { type: 'number', minimum: 0, maximum: 1_000_000 },
    /** How agentwall runs the tool itself (execute mode): module, limits, capabilities, recovery. */
    sandbox: sandboxSpecSchema,
  },
} as const;
