/**
 * The `ops` section of the configuration: schema, defaults and type in one place, plugged into
 * src/config with one line each.
 */
import { resolve } from 'node:path';
import { SEVERITIES, type Severity } from './incident-rules.js';

export interface OpsSection {
  readonly metrics: {
    readonly enabled: boolean;
    /** `none`: /metrics is open (bind to loopback or a private network); `key`: needs an admin or auditor key. */
    readonly auth: 'none' | 'key';
    readonly maxLabelValues: number;
    readonly defaultMetrics: boolean;
  };
  readonly safeMode: {
    readonly cooldownSeconds: number;
    readonly triggers: {
      readonly firewallBlocksPerMinute: number;
      readonly policyDenialsPerMinute: number;
      readonly auditUnavailable: boolean;
    };
  };
  /** Relative paths resolve against the policies directory. */
  readonly incidents: { readonly rulesFile: string };
  readonly alerts: {
    readonly webhooks: readonly {
      readonly name: string;
      readonly url: string;
      readonly secret: string;
      readonly minSeverity: Severity;
    }[];
    readonly deadLetterPath: string;
    readonly timeoutMs: number;
    readonly maxAttempts: number;
    readonly backoffBaseMs: number;
    readonly backoffMaxMs: number;
    readonly maxInFlight: number;
    /** On shutdown, how long undelivered alerts may still be retried before going to the dead-letter file. */
    readonly drainMs: number;
  };
}

export const OPS_DEFAULTS: OpsSection = {
  metrics: { enabled: true, auth: 'none', maxLabelValues: 50, defaultMetrics: true },
  safeMode: {
    cooldownSeconds: 300,
    // Spike triggers are off until an operator picks thresholds that fit their traffic.
    triggers: { firewallBlocksPerMinute: 0, policyDenialsPerMinute: 0, auditUnavailable: true },
  },
  incidents: { rulesFile: 'incidents.yaml' },
  alerts: {
    webhooks: [],
    deadLetterPath: '.data/alerts-dead-letter.jsonl',
    timeoutMs: 3000,
    maxAttempts: 5,
    backoffBaseMs: 200,
    backoffMaxMs: 10_000,
    maxInFlight: 1000,
    drainMs: 5000,
  },
};

const nonNegInt = (max: number) => ({ type: 'integer', minimum: 0, maximum: max });

export const opsConfigSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['metrics', 'safeMode', 'incidents', 'alerts'],
  properties: {
    metrics: {
      type: 'object',
      additionalProperties: false,
      required: ['enabled', 'auth', 'maxLabelValues', 'defaultMetrics'],
      properties: {
        enabled: { type: 'boolean' },
        auth: { enum: ['none', 'key'] },
        maxLabelValues: { type: 'integer', minimum: 1, maximum: 10_000 },
        defaultMetrics: { type: 'boolean' },
      },
    },
    safeMode: {
      type: 'object',
      additionalProperties: false,
      required: ['cooldownSeconds', 'triggers'],
      properties: {
        cooldownSeconds: { type: 'integer', minimum: 1, maximum: 86_400 },
        triggers: {
          type: 'object',
          additionalProperties: false,
          required: ['firewallBlocksPerMinute', 'policyDenialsPerMinute', 'auditUnavailable'],
          properties: {
            firewallBlocksPerMinute: nonNegInt(10_000_000),
            policyDenialsPerMinute: nonNegInt(10_000_000),
            auditUnavailable: { type: 'boolean' },
          },
        },
      },
    },
    incidents: {
      type: 'object',
      additionalProperties: false,
      required: ['rulesFile'],
      properties: { rulesFile: { type: 'string', minLength: 1, maxLength: 4096 } },
    },
    alerts: {
      type: 'object',
      additionalProperties: false,
      required: [
        'webhooks',
        'deadLetterPath',
        'timeoutMs',
        'maxAttempts',
        'backoffBaseMs',
        'backoffMaxMs',
        'maxInFlight',
        'drainMs',
      ],
      properties: {
        webhooks: {
          type: 'array',
          maxItems: 20,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['name', 'url', 'secret', 'minSeverity'],
            properties: {
              name: { type: 'string', pattern: '^[A-Za-z0-9_.-]{1,64}$' },
              url: { type: 'string', pattern: '^https?://', maxLength: 2048 },
              // Short HMAC keys are guessable offline from one captured delivery.
              secret: { type: 'string', minLength: 16, maxLength: 512 },
              minSeverity: { enum: [...SEVERITIES] },
            },
          },
        },
        deadLetterPath: { type: 'string', minLength: 1, maxLength: 4096 },
        timeoutMs: { type: 'integer', minimum: 10, maximum: 120_000 },
        maxAttempts: { type: 'integer', minimum: 1, maximum: 20 },
        backoffBaseMs: { type: 'integer', minimum: 1, maximum: 60_000 },
        backoffMaxMs: { type: 'integer', minimum: 1, maximum: 600_000 },
        maxInFlight: { type: 'integer', minimum: 1, maximum: 100_000 },
        drainMs: nonNegInt(600_000),
      },
    },
  },
} as const;

/** The runtime shape `startOps` takes: paths resolved, shutdown drain kept by the caller. */
export function opsRuntimeConfig(s: OpsSection, policiesDir: string) {
  return {
    metrics: { maxLabelValues: s.metrics.maxLabelValues, defaultMetrics: s.metrics.defaultMetrics },
    safeMode: s.safeMode,
    incidents: { rulesPath: resolve(policiesDir, s.incidents.rulesFile) },
    alerts: {
      webhooks: s.alerts.webhooks,
      deadLetterPath: resolve(s.alerts.deadLetterPath),
      timeoutMs: s.alerts.timeoutMs,
      maxAttempts: s.alerts.maxAttempts,
      backoffBaseMs: s.alerts.backoffBaseMs,
      backoffMaxMs: Math.max(s.alerts.backoffMaxMs, s.alerts.backoffBaseMs),
      maxInFlight: s.alerts.maxInFlight,
    },
  };
}
