/**
 * Incident rules (policies/incidents.yaml): data, validated once at start-up with ajv, so a typo
 * in a severity or a window refuses to start instead of silently never paging anyone.
 */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { AgentwallError } from '../errors.js';

export const SEVERITIES = ['P0', 'P1', 'P2', 'P3'] as const;
export type Severity = (typeof SEVERITIES)[number];
export type FieldValue = string | number | boolean;

export interface IncidentRule {
  readonly id: string;
  readonly signal: string;
  readonly severity: Severity;
  readonly title: string;
  readonly where?: Readonly<Record<string, FieldValue>>;
  readonly groupBy?: readonly string[];
  readonly dedupSeconds?: number;
  readonly threshold?: { readonly count: number; readonly windowSeconds: number };
  readonly ratio?: {
    readonly match: Readonly<Record<string, FieldValue>>;
    readonly atLeast: number;
    readonly minEvents: number;
    readonly windowSeconds: number;
  };
}

export interface IncidentRules {
  readonly defaults: { readonly dedupSeconds: number };
  readonly rateLimit: { readonly perMinute: number };
  readonly rules: readonly IncidentRule[];
}

const field = { type: ['string', 'number', 'boolean'] };
const fieldMap = { type: 'object', additionalProperties: field, maxProperties: 16 };
const windowSeconds = { type: 'integer', minimum: 1, maximum: 86400 };

const SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['rules'],
  properties: {
    defaults: {
      type: 'object',
      additionalProperties: false,
      properties: { dedupSeconds: { type: 'integer', minimum: 0, maximum: 86400 } },
    },
    rateLimit: {
      type: 'object',
      additionalProperties: false,
      properties: { perMinute: { type: 'integer', minimum: 1, maximum: 100000 } },
    },
    rules: {
      type: 'array',
      maxItems: 500,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'signal', 'severity', 'title'],
        properties: {
          id: { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]{0,63}$' },
          signal: { type: 'string', pattern: '^[a-z0-9_]{1,64}$' },
          severity: { enum: [...SEVERITIES] },
          title: { type: 'string', minLength: 1, maxLength: 200 },
          where: fieldMap,
          groupBy: {
            type: 'array',
            items: { type: 'string', maxLength: 64 },
            maxItems: 4,
            uniqueItems: true,
          },
          dedupSeconds: { type: 'integer', minimum: 0, maximum: 86400 },
          threshold: {
            type: 'object',
            additionalProperties: false,
            required: ['count', 'windowSeconds'],
            properties: { count: { type: 'integer', minimum: 1 }, windowSeconds },
          },
          ratio: {
            type: 'object',
            additionalProperties: false,
            required: ['match', 'atLeast', 'minEvents', 'windowSeconds'],
            properties: {
              match: fieldMap,
              atLeast: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
              minEvents: { type: 'integer', minimum: 1 },
              windowSeconds,
            },
          },
        },
      },
    },
  },
} as const;

const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(SCHEMA);

export function parseIncidentRules(data: unknown): IncidentRules {
  if (!validate(data)) {
    const errors = (validate.errors ?? []).slice(0, 10).map((e) => ({
      path: e.instancePath || '/',
      message: e.message ?? 'invalid',
    }));
    throw new AgentwallError('config_invalid', { detail: 'invalid incident rules', errors });
  }
  const d = data as {
    defaults?: { dedupSeconds?: number };
    rateLimit?: { perMinute?: number };
    rules: IncidentRule[];
  };
  const ids = new Set<string>();
  for (const r of d.rules) {
    if (ids.has(r.id))
      throw new AgentwallError('config_invalid', { detail: `duplicate incident rule id: ${r.id}` });
    if (r.threshold !== undefined && r.ratio !== undefined) {
      throw new AgentwallError('config_invalid', {
        detail: `incident rule ${r.id}: use threshold or ratio, not both`,
      });
    }
    ids.add(r.id);
  }
  return {
    defaults: { dedupSeconds: d.defaults?.dedupSeconds ?? 300 },
    rateLimit: { perMinute: d.rateLimit?.perMinute ?? 20 },
    rules: d.rules,
  };
}

export function loadIncidentRules(path: string): IncidentRules {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new AgentwallError('config_invalid', { detail: `cannot read incident rules: ${path}`, cause });
  }
  let data: unknown;
  try {
    data = parse(text, { maxAliasCount: 100 });
  } catch (cause) {
    throw new AgentwallError('config_invalid', { detail: 'incident rules are not valid YAML', cause });
  }
  return parseIncidentRules(data);
}
