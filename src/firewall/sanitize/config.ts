/**
 * The `sanitize:` section of policies/firewall.yaml: L1's bounds. Validated once with ajv at load.
 */
import { Ajv } from 'ajv';
import { AgentwallError } from '../../errors.js';
import { resolveLimits, type SanitizeLimits } from './limits.js';

const SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    maxChars: { type: 'integer', minimum: 1, maximum: 67_108_864 },
    maxDepth: { type: 'integer', minimum: 0, maximum: 16 },
    maxViews: { type: 'integer', minimum: 1, maximum: 256 },
    viewBudgetFactor: { type: 'integer', minimum: 1, maximum: 64 },
  },
} as const;

const validate = new Ajv({ allErrors: true, strict: true }).compile(SCHEMA);

/** Validates the raw `sanitize:` section and fills defaults; throws `policy_invalid`. */
export function parseSanitizeConfig(raw: unknown): SanitizeLimits {
  const section = raw ?? {};
  if (!validate(section)) {
    throw new AgentwallError('policy_invalid', {
      detail: 'firewall.yaml: invalid sanitize section',
      errors: (validate.errors ?? []).map((e) => ({
        path: `sanitize${e.instancePath}`,
        message: e.message ?? 'invalid',
      })),
    });
  }
  return Object.freeze(resolveLimits(section as Partial<SanitizeLimits>));
}
