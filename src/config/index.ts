import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { AgentwallError } from '../errors.js';
import { DEFAULTS } from './defaults.js';
import { type Env, readEnv } from './env.js';
import { configSchema } from './schema.js';
import type { Config } from './types.js';

export type { Config, KeyEntry } from './types.js';

export interface LoadOptions {
  /** Path of a YAML or JSON config file. Falls back to AGENTWALL_CONFIG. */
  readonly file?: string | undefined;
  /** Used when neither `file` nor AGENTWALL_CONFIG names a file, if it exists (e.g. ./agentwall.yaml). */
  readonly defaultFile?: string | undefined;
  /** Environment to read AGENTWALL_* from; defaults to the process environment. */
  readonly env?: Env;
  /** Last-word overrides (e.g. CLI flags), merged after the environment. */
  readonly overrides?: DeepPartial<Config>;
}

type DeepPartial<T> = { -readonly [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> | T[K] : T[K] };

/** AGENTWALL_* variable → config path, and how to read its value. */
const ENV_MAP: readonly [string, readonly string[], 'string' | 'int'][] = [
  ['AGENTWALL_HOST', ['server', 'host'], 'string'],
  ['AGENTWALL_PORT', ['server', 'port'], 'int'],
  ['AGENTWALL_BODY_LIMIT_BYTES', ['server', 'bodyLimitBytes'], 'int'],
  ['AGENTWALL_REQUEST_TIMEOUT_MS', ['server', 'requestTimeoutMs'], 'int'],
  ['AGENTWALL_POLICIES_DIR', ['policies', 'dir'], 'string'],
  ['AGENTWALL_LOG_LEVEL', ['log', 'level'], 'string'],
  ['AGENTWALL_AUDIT_DB', ['audit', 'db'], 'string'],
  ['AGENTWALL_AUDIT_KEY_DIR', ['audit', 'keyDir'], 'string'],
];

const ajv = new Ajv({ allErrors: true, strict: true });
const validate = ajv.compile(configSchema);

/**
 * Defaults → config file → environment → overrides; validated once, then frozen.
 * A bad value throws `config_invalid` naming the field, so start-up stops with a clear message.
 */
export function loadConfig(opts: LoadOptions = {}): Config {
  const env = opts.env ?? readEnv();
  const file =
    opts.file ??
    (env.AGENTWALL_CONFIG || undefined) ??
    (opts.defaultFile !== undefined && existsSync(opts.defaultFile) ? opts.defaultFile : undefined);
  let merged: Record<string, unknown> = structuredClone(DEFAULTS) as unknown as Record<string, unknown>;
  let baseDir = process.cwd();
  if (file) {
    merged = mergeDeep(merged, readConfigFile(file));
    baseDir = dirname(resolve(file));
  }
  merged = mergeDeep(merged, fromEnv(env));
  if (opts.overrides) merged = mergeDeep(merged, opts.overrides as Record<string, unknown>);
  if (!validate(merged)) {
    const errors = (validate.errors ?? []).map((e) => ({
      path: e.instancePath.replace(/^\//, '').replaceAll('/', '.') || '(root)',
      message:
        e.keyword === 'additionalProperties'
          ? `unknown field "${String(e.params.additionalProperty)}"`
          : (e.message ?? 'invalid'),
    }));
    const detail = errors.map((e) => `${e.path}: ${e.message}`).join('; ');
    throw new AgentwallError('config_invalid', { detail: `invalid configuration: ${detail}`, errors });
  }
  const config = merged as unknown as Config;
  const policiesDir = isAbsolute(config.policies.dir)
    ? config.policies.dir
    : resolve(baseDir, config.policies.dir);
  const at = (p: string) => (p === ':memory:' || isAbsolute(p) ? p : resolve(baseDir, p));
  return deepFreeze({
    ...config,
    policies: { ...config.policies, dir: policiesDir },
    audit: { ...config.audit, db: at(config.audit.db), keyDir: at(config.audit.keyDir) },
  });
}

function readConfigFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new AgentwallError('config_invalid', {
      detail: `cannot read config file ${file}: ${(err as Error).message}`,
    });
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(text, { maxAliasCount: 100 });
  } catch (err) {
    throw new AgentwallError('config_invalid', {
      detail: `config file ${file} is not valid YAML: ${(err as Error).message}`,
    });
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new AgentwallError('config_invalid', {
      detail: `config file ${file} must hold a mapping at the top level`,
    });
  }
  return parsed as Record<string, unknown>;
}

function fromEnv(env: Env): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, path, kind] of ENV_MAP) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    let value: unknown = raw;
    if (kind === 'int') {
      if (!/^-?\d{1,15}$/.test(raw.trim())) {
        throw new AgentwallError('config_invalid', {
          detail: `${name} must be an integer, got "${raw.slice(0, 40)}"`,
        });
      }
      value = Number(raw.trim());
    }
    setPath(out, path, value);
  }
  return out;
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (!isPlainObject(node[key])) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1] as string] = value;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Objects merge key by key; arrays and scalars replace. `__proto__` never merges. */
export function mergeDeep(
  base: Record<string, unknown>,
  over: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
    const prev = out[key];
    out[key] = isPlainObject(prev) && isPlainObject(value) ? mergeDeep(prev, value) : value;
  }
  return out;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
