import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { AgentwallError } from '../errors.js';
import type { JsonValue, RiskLevel, SideEffect } from '../types.js';
import { toolSpecSchema } from './tool-schema.js';

export interface ToolSpec {
  readonly name: string;
  readonly description: string;
  readonly risk: RiskLevel;
  readonly sideEffects: readonly SideEffect[];
  readonly input: Record<string, unknown>;
  readonly output: Record<string, unknown>;
  readonly cost?: number;
  readonly [extra: string]: unknown;
}

export interface Tool {
  readonly spec: ToolSpec;
  readonly validateInput: ValidateFunction;
  readonly validateOutput: ValidateFunction;
}

export interface SchemaIssue {
  readonly path: string;
  readonly message: string;
}

export interface ToolRegistry {
  get(name: string): Tool | undefined;
  names(): readonly string[];
}

/** ajv in strict mode: unknown keywords and ambiguous schemas are start-up errors, not silent passes. */
function newAjv(): Ajv {
  const ajv = new Ajv({
    strict: true,
    allowUnionTypes: true,
    allErrors: false,
    validateFormats: true,
    coerceTypes: false,
    useDefaults: false,
  });
  addFormats.default(ajv);
  return ajv;
}

const specAjv = newAjv();
const validateSpec = specAjv.compile(toolSpecSchema);

/** Reads every policies/tools/*.json, validates it, and compiles its schemas once. */
export function loadRegistry(dir: string): { registry: ToolRegistry; files: Map<string, string> } {
  const files = new Map<string, string>();
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort();
  } catch (err) {
    throw new AgentwallError('policy_invalid', {
      detail: `cannot read tool registry ${dir}: ${(err as Error).message}`,
    });
  }
  for (const file of names) files.set(`tools/${file}`, readFileSync(join(dir, file), 'utf8'));
  return { registry: registryFromFiles(files, dir), files };
}

/** Builds a registry from `tools/<name>.json` texts (a directory read, an admin upload, a rollback). */
export function registryFromFiles(files: ReadonlyMap<string, string>, dir = 'policies'): ToolRegistry {
  const ajv = newAjv();
  const tools = new Map<string, Tool>();
  for (const [name, text] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
    if (!name.startsWith('tools/') || !name.endsWith('.json')) continue;
    const path = join(dir, name);
    const spec = parseSpec(path, text);
    if (tools.has(spec.name)) throw invalid(path, `duplicate tool name "${spec.name}"`);
    tools.set(spec.name, compileTool(ajv, path, spec));
  }
  return registryOf(tools);
}

export function registryOf(tools: ReadonlyMap<string, Tool>): ToolRegistry {
  const sorted = Object.freeze([...tools.keys()].sort());
  return {
    get: (name) => tools.get(name),
    names: () => sorted,
  };
}

function parseSpec(path: string, text: string): ToolSpec {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw invalid(path, `not valid JSON: ${(err as Error).message}`);
  }
  if (!validateSpec(json)) {
    const e = validateSpec.errors?.[0];
    const where = e?.instancePath || '(root)';
    const what =
      e?.keyword === 'additionalProperties'
        ? `unknown field "${String(e.params.additionalProperty)}"`
        : e?.message;
    throw invalid(path, `${where}: ${what}`);
  }
  return json as ToolSpec;
}

function compileTool(ajv: Ajv, path: string, spec: ToolSpec): Tool {
  try {
    return Object.freeze({
      spec: Object.freeze(spec),
      validateInput: ajv.compile(spec.input),
      validateOutput: ajv.compile(spec.output),
    });
  } catch (err) {
    throw invalid(path, `schema does not compile: ${(err as Error).message}`);
  }
}

function invalid(path: string, message: string): AgentwallError {
  return new AgentwallError('policy_invalid', { detail: `${path}: ${message}`, errors: [{ path, message }] });
}

/** Validation issues for a value against a compiled schema, client-safe (no values echoed). */
export function schemaIssues(validate: ValidateFunction, value: JsonValue): SchemaIssue[] {
  if (validate(value)) return [];
  return (validate.errors ?? []).slice(0, 10).map((e) => ({
    path: e.instancePath || '/',
    message:
      e.keyword === 'additionalProperties'
        ? `unknown property "${String(e.params.additionalProperty)}"`
        : (e.message ?? 'invalid'),
  }));
}
