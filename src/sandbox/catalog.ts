/**
 * Turns tool registry entries into runnable tools: reads each entry's module from tools/ once
 * (at policy load, not per request), confined to that directory, and fills limits from defaults.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { join, sep } from 'node:path';
import { AgentwallError } from '../errors.js';
import type { SideEffect } from '../types.js';
import type { RetrySpec, RunnableTool, SandboxLimits, StepSpec, ToolSandboxSpec } from './types.js';

export interface CatalogEntry {
  readonly name: string;
  readonly runnable: RunnableTool | null;
  readonly retry: RetrySpec;
  readonly fallback: string | null;
  readonly compensation: string | null;
  readonly steps: readonly StepSpec[];
}

export interface CatalogSource {
  names(): readonly string[];
  get(
    name: string,
  ):
    | { readonly spec: { readonly sideEffects: readonly SideEffect[]; readonly [k: string]: unknown } }
    | undefined;
}

export interface SandboxDefaults extends SandboxLimits {
  readonly retry: RetrySpec;
}

export type Catalog = ReadonlyMap<string, CatalogEntry>;

/** Retries of a tool that changes the world are opt-in: a retried refund is a second refund. */
const NO_RETRY: RetrySpec = { maxAttempts: 1, baseMs: 0, maxMs: 0, budgetMs: 1 };

export function buildCatalog(registry: CatalogSource, toolsDir: string, defaults: SandboxDefaults): Catalog {
  const out = new Map<string, CatalogEntry>();
  const root = safeRealpath(toolsDir);
  for (const name of registry.names()) {
    const spec = registry.get(name)?.spec;
    const sb = spec?.sandbox as ToolSandboxSpec | undefined;
    if (!spec || !sb) continue;
    const readOnly = spec.sideEffects.every((s) => s === 'read');
    const limits: SandboxLimits = {
      memoryMb: sb.memoryMb ?? defaults.memoryMb,
      cpuMs: sb.cpuMs ?? defaults.cpuMs,
      wallMs: sb.wallMs ?? defaults.wallMs,
      maxOutputBytes: sb.maxOutputBytes ?? defaults.maxOutputBytes,
    };
    const runnable: RunnableTool | null = sb.module
      ? { name, source: readModule(root, sb.module, name), limits, capabilities: sb.capabilities ?? {} }
      : null;
    if (!runnable && !sb.steps) throw invalid(name, 'sandbox needs a module or steps');
    out.set(name, {
      name,
      runnable,
      retry: sb.retry ?? (readOnly ? defaults.retry : NO_RETRY),
      fallback: sb.fallback ?? null,
      compensation: sb.compensation ?? null,
      steps: sb.steps ?? [],
    });
  }
  for (const e of out.values()) {
    for (const ref of [e.fallback, e.compensation, ...e.steps.map((s) => s.tool)]) {
      if (ref !== null && !out.get(ref)?.runnable)
        throw invalid(e.name, `refers to "${ref}", which has no sandbox module`);
    }
  }
  return out;
}

function readModule(root: string, module: string, tool: string): string {
  let path: string;
  try {
    path = realpathSync(join(root, module));
  } catch {
    throw invalid(tool, `module ${module} not found under tools/`);
  }
  // Confinement after symlinks are resolved: a link out of tools/ is refused.
  if (!path.startsWith(root + sep)) throw invalid(tool, `module ${module} is outside tools/`);
  const source = readFileSync(path, 'utf8');
  if (source.length > 1024 * 1024) throw invalid(tool, `module ${module} is larger than 1 MiB`);
  if (!/^export\s+default\s+/m.test(source))
    throw invalid(tool, `module ${module} has no \`export default\``);
  return source;
}

function safeRealpath(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    throw new AgentwallError('config_invalid', { detail: `tools directory ${dir} does not exist` });
  }
}

function invalid(tool: string, message: string): AgentwallError {
  return new AgentwallError('policy_invalid', { detail: `tool ${tool}: ${message}` });
}
