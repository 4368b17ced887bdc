/**
 * The `detect:` section of policies/firewall.yaml: thresholds per source, signature rules, the
 * model file and the optional LLM judge. Validated with ajv once at load; defaults in one literal.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { parse as parseYaml } from 'yaml';
import type { RuleSpec } from './rules.js';

export const SOURCES = ['user', 'tool', 'retrieval'] as const;
export type Source = (typeof SOURCES)[number];

/** `model` means the threshold the trainer picked by cross-validation (stored in the model header). */
export type ThresholdValue = number | 'model';

export interface SourceThresholds {
  readonly deny: ThresholdValue;
  /** Scores in [review, deny) are sent for human review; omit to never review. */
  readonly review?: number;
}

export interface JudgeConfig {
  readonly enabled: boolean;
  /** Full URL of an OpenAI-compatible `/v1/chat/completions` endpoint. */
  readonly url: string;
  readonly model: string;
  readonly apiKey?: string;
  /** The judge is asked only when low <= score < high. */
  readonly greyZone: { readonly low: number; readonly high: number };
  readonly timeoutMs: number;
  /** Fixed verdict when the judge times out, errors or answers something unparseable. */
  readonly onError: 'attack' | 'benign';
}

export interface DetectConfig {
  /** Path of the model header (JSON), relative to the firewall.yaml file. */
  readonly model: string;
  readonly thresholds: Readonly<Record<Source, SourceThresholds>>;
  readonly rules: readonly RuleSpec[];
  readonly judge: JudgeConfig;
  /**
   * The model stops reading a text's views once the combined score reaches this level (1 never
   * stops). It must be at or above every threshold that can act on a score (createDetector checks),
   * so that stopping changes a score only where it is already decisive, never a decision. Unset:
   * DEFAULT_STOP_AT, raised to the highest such threshold when one is above it.
   */
  readonly stopAt?: number;
}

export const DETECT_DEFAULTS: DetectConfig = {
  model: 'builtin',
  thresholds: { user: { deny: 'model' }, tool: { deny: 'model' }, retrieval: { deny: 'model' } },
  rules: [],
  judge: {
    enabled: false,
    url: 'http://127.0.0.1:8000/v1/chat/completions',
    model: 'judge',
    greyZone: { low: 0.3, high: 0.8 },
    timeoutMs: 1500,
    onError: 'attack',
  },
};

/** The stop level when none is configured (see DetectConfig.stopAt). */
export const DEFAULT_STOP_AT = 0.98;

export class DetectConfigError extends Error {
  override readonly name = 'DetectConfigError';
}

const thresholdSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['deny'],
  properties: {
    deny: { anyOf: [{ type: 'number', minimum: 0, maximum: 1 }, { const: 'model' }] },
    review: { type: 'number', minimum: 0, maximum: 1 },
  },
};

const schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    model: { type: 'string', minLength: 1 },
    thresholds: {
      type: 'object',
      additionalProperties: false,
      properties: { user: thresholdSchema, tool: thresholdSchema, retrieval: thresholdSchema },
    },
    rules: {
      type: 'array',
      maxItems: 1000,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'description', 'pattern', 'weight'],
        properties: {
          id: { type: 'string' },
          description: { type: 'string' },
          pattern: { type: 'string' },
          weight: { type: 'number' },
        },
      },
    },
    stopAt: { type: 'number', minimum: 0, maximum: 1 },
    judge: {
      type: 'object',
      additionalProperties: false,
      properties: {
        enabled: { type: 'boolean' },
        url: { type: 'string', pattern: '^https?://' },
        model: { type: 'string', minLength: 1 },
        apiKey: { type: 'string' },
        greyZone: {
          type: 'object',
          additionalProperties: false,
          required: ['low', 'high'],
          properties: {
            low: { type: 'number', minimum: 0, maximum: 1 },
            high: { type: 'number', minimum: 0, maximum: 1 },
          },
        },
        timeoutMs: { type: 'integer', minimum: 1, maximum: 60_000 },
        onError: { enum: ['attack', 'benign'] },
      },
    },
  },
} as const;

const validate = new Ajv({ allErrors: true }).compile(schema);

/** Merge a raw `detect:` object over the defaults and validate it. */
export function parseDetectConfig(raw: unknown): DetectConfig {
  const input = raw ?? {};
  if (!validate(input)) {
    const msg = (validate.errors ?? []).map((e) => `detect${e.instancePath} ${e.message ?? ''}`).join('; ');
    throw new DetectConfigError(`invalid firewall detect config: ${msg}`);
  }
  const r = input as Partial<DetectConfig> & {
    judge?: Partial<JudgeConfig>;
    thresholds?: Partial<DetectConfig['thresholds']>;
  };
  const judge = { ...DETECT_DEFAULTS.judge, ...(r.judge ?? {}) };
  if (judge.greyZone.low >= judge.greyZone.high)
    throw new DetectConfigError('detect.judge.greyZone: low must be below high');
  const thresholds = { ...DETECT_DEFAULTS.thresholds, ...(r.thresholds ?? {}) };
  for (const s of SOURCES) {
    const t = thresholds[s];
    if (typeof t.deny === 'number' && t.review !== undefined && t.review > t.deny) {
      throw new DetectConfigError(`detect.thresholds.${s}: review above deny`);
    }
  }
  return Object.freeze({
    model: r.model ?? DETECT_DEFAULTS.model,
    thresholds,
    rules: r.rules ?? DETECT_DEFAULTS.rules,
    judge,
    ...(r.stopAt !== undefined ? { stopAt: r.stopAt } : {}),
  });
}

/** Read policies/firewall.yaml: its detect section, the raw sanitize section, and its directory. */
export function readDetectConfig(file: string): { config: DetectConfig; baseDir: string; sanitize: unknown } {
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(file, 'utf8'), { maxAliasCount: 100 });
  } catch (err) {
    throw new DetectConfigError(`cannot read ${file}: ${(err as Error).message}`);
  }
  const sections = doc && typeof doc === 'object' ? (doc as Record<string, unknown>) : {};
  return {
    config: parseDetectConfig(sections.detect),
    baseDir: dirname(resolve(file)),
    sanitize: sections.sanitize,
  };
}

export function resolveFrom(baseDir: string, p: string): string {
  return isAbsolute(p) ? p : resolve(baseDir, p);
}
