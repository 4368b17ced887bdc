/**
 * The `output:` section of policies/firewall.yaml: what L3 does with each finding type. Validated
 * once with ajv when the policy is loaded; a bad section is refused with the failing paths named.
 */
import { Ajv } from 'ajv';
import { AgentwallError } from '../../errors.js';
import { readSection } from '../policy-file.js';
import { DETECTOR_IDS } from './detectors/index.js';

export const ACTIONS = ['mask', 'hash', 'drop', 'report'] as const;
/** mask: `[REDACTED:type]`; hash: `[HASH:type:hmac-prefix]`; drop: remove the JSON value; report: finding only. */
export type RedactionAction = (typeof ACTIONS)[number];

export interface RuleConfig {
  readonly enabled: boolean;
  readonly action: RedactionAction;
  /** A finding of this type makes the whole output a `deny`. */
  readonly deny: boolean;
}

export interface OutputConfig {
  readonly rules: Readonly<Record<string, RuleConfig>>;
  readonly injection: {
    readonly enabled: boolean;
    /** Output sources whose text goes to the L2 detector as possible indirect injection. */
    readonly sources: readonly ('tool' | 'retrieval')[];
    /** Used when the detector's verdict carries neither `flagged` nor its own threshold. */
    readonly threshold: number;
  };
  readonly canary: { readonly ttlSeconds: number; readonly maxEntries: number };
  readonly limits: {
    readonly maxDepth: number;
    readonly maxNodes: number;
    /** Characters across all strings of one output. */
    readonly maxChars: number;
    /** Characters per detector/canary scan chunk (small strings are grouped). */
    readonly chunkChars: number;
  };
}

/** Finding types L3 raises besides the detector ids. */
export const EXTRA_RULES = ['canary_leak', 'indirect_injection'] as const;
export const RULE_IDS: readonly string[] = [...DETECTOR_IDS, ...EXTRA_RULES];

const rule = (action: RedactionAction, deny = false): RuleConfig => ({ enabled: true, action, deny });

export const DEFAULT_OUTPUT_CONFIG: OutputConfig = {
  rules: {
    ...Object.fromEntries(DETECTOR_IDS.map((id) => [id, rule('mask')])),
    private_key: rule('mask', true),
    canary_leak: rule('mask', true),
    indirect_injection: rule('report', true),
  },
  injection: { enabled: true, sources: ['tool', 'retrieval'], threshold: 0.5 },
  canary: { ttlSeconds: 86_400, maxEntries: 10_000 },
  limits: { maxDepth: 128, maxNodes: 100_000, maxChars: 4 * 1_048_576, chunkChars: 8_192 },
};

const RULE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    enabled: { type: 'boolean' },
    action: { enum: [...ACTIONS] },
    deny: { type: 'boolean' },
  },
} as const;

const SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    rules: {
      type: 'object',
      propertyNames: { enum: [...RULE_IDS] },
      additionalProperties: RULE_SCHEMA,
    },
    injection: {
      type: 'object',
      additionalProperties: false,
      properties: {
        enabled: { type: 'boolean' },
        sources: { type: 'array', uniqueItems: true, items: { enum: ['tool', 'retrieval'] } },
        threshold: { type: 'number', minimum: 0, maximum: 1 },
      },
    },
    canary: {
      type: 'object',
      additionalProperties: false,
      properties: {
        ttlSeconds: { type: 'integer', minimum: 1, maximum: 31_536_000 },
        maxEntries: { type: 'integer', minimum: 1, maximum: 10_000_000 },
      },
    },
    limits: {
      type: 'object',
      additionalProperties: false,
      properties: {
        maxDepth: { type: 'integer', minimum: 1, maximum: 10_000 },
        maxNodes: { type: 'integer', minimum: 1 },
        maxChars: { type: 'integer', minimum: 1 },
        chunkChars: { type: 'integer', minimum: 256, maximum: 1_048_576 },
      },
    },
  },
} as const;

const validate = new Ajv({ allErrors: true, strict: true }).compile(SCHEMA);

interface RawSection {
  rules?: Record<string, Partial<RuleConfig>>;
  injection?: Partial<OutputConfig['injection']>;
  canary?: Partial<OutputConfig['canary']>;
  limits?: Partial<OutputConfig['limits']>;
}

/** Validates the raw `output:` section and merges it over the defaults; throws `policy_invalid`. */
export function parseOutputConfig(raw: unknown): OutputConfig {
  const section = raw ?? {};
  if (!validate(section)) {
    throw new AgentwallError('policy_invalid', {
      detail: 'firewall.yaml: invalid output section',
      errors: (validate.errors ?? []).map((e) => ({
        path: `output${e.instancePath}`,
        message: e.message ?? 'invalid',
      })),
    });
  }
  const s = section as RawSection;
  const rules: Record<string, RuleConfig> = { ...DEFAULT_OUTPUT_CONFIG.rules };
  for (const [id, r] of Object.entries(s.rules ?? {})) rules[id] = { ...(rules[id] ?? rule('mask')), ...r };
  return Object.freeze({
    rules: Object.freeze(rules),
    injection: Object.freeze({ ...DEFAULT_OUTPUT_CONFIG.injection, ...s.injection }),
    canary: Object.freeze({ ...DEFAULT_OUTPUT_CONFIG.canary, ...s.canary }),
    limits: Object.freeze({ ...DEFAULT_OUTPUT_CONFIG.limits, ...s.limits }),
  });
}

/** Reads policies/firewall.yaml and returns its validated `output:` section. */
export function readOutputConfig(file: string): OutputConfig {
  return parseOutputConfig(readSection(file, 'output'));
}
