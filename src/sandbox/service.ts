/**
 * The sandbox layer as the pipeline sees it: run a registry tool by name, with recovery. Worker
 * processes start on first use (or `warm()`), so a process that never executes tools never forks.
 */
import { resolve } from 'node:path';
import type { SandboxConfig } from '../config/types.js';
import { schemaIssues, type ToolRegistry } from '../policy/index.js';
import type { JsonValue } from '../types.js';
import type { FetchOptions } from './capabilities/fetch.js';
import type { MemoryKv } from './capabilities/kv.js';
import { buildCatalog, type Catalog } from './catalog.js';
import { Breakers } from './recovery/breaker.js';
import { executeWithRecovery, type Outcome } from './recovery/orchestrate.js';
import { createSandbox, type Sandbox } from './sandbox.js';
import type { RunContext, RunResult } from './types.js';

export interface SandboxServiceOptions {
  readonly kv?: MemoryKv;
  readonly fetch?: FetchOptions;
  /** Base directory `toolsDir` is resolved against (default: the working directory). */
  readonly baseDir?: string;
}

export interface SandboxService {
  /** Runs tool `name` of `registry` in the sandbox with retry, fallback and compensation. */
  run(registry: ToolRegistry, name: string, args: JsonValue, ctx: RunContext): Promise<Outcome>;
  /** Loads and checks every sandboxed tool of a registry; throws a policy_invalid error. */
  check(registry: ToolRegistry): Catalog;
  warm(): Promise<void>;
  close(): Promise<void>;
  /** The underlying sandbox (created on first use). */
  sandbox(): Sandbox;
}

export function createSandboxService(
  config: SandboxConfig,
  opts: SandboxServiceOptions = {},
): SandboxService {
  const toolsDir = resolve(opts.baseDir ?? process.cwd(), config.toolsDir);
  const catalogs = new WeakMap<ToolRegistry, Catalog>();
  const breakers = new Breakers(config.breaker);
  let sb: Sandbox | null = null;
  const sandbox = (): Sandbox => {
    sb ??= createSandbox({
      workers: Math.max(1, config.workers),
      maxQueue: config.maxQueue,
      recycleAfterRuns: config.recycleAfterRuns,
      maxWorkerRssMb: config.maxWorkerRssMb,
      killGraceMs: config.killGraceMs,
      prewarmMemoryMb: config.defaults.memoryMb,
      ...(opts.kv ? { kv: opts.kv } : {}),
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
    });
    return sb;
  };
  const check = (registry: ToolRegistry): Catalog => {
    let c = catalogs.get(registry);
    if (!c) {
      c = buildCatalog(registry, toolsDir, config.defaults);
      catalogs.set(registry, c);
    }
    return c;
  };
  return {
    check,
    sandbox,
    warm: () => sandbox().ready(),
    async close() {
      await sb?.close();
      sb = null;
    },
    run(registry, name, args, ctx) {
      const catalog = check(registry);
      return executeWithRecovery(
        {
          catalog,
          breakers,
          runOnce: async (entry, a): Promise<RunResult> => {
            const tool = registry.get(entry.name);
            if (!tool || !entry.runnable)
              return fail('not_executable', `tool ${entry.name} has no sandbox module`);
            const inIssues = schemaIssues(tool.validateInput, a);
            if (inIssues.length > 0) return fail('invalid_arguments', `${entry.name}: ${fmt(inIssues)}`);
            const r = await sandbox().run(entry.runnable, a, ctx);
            if (!r.ok) return r;
            const outIssues = schemaIssues(tool.validateOutput, r.value);
            if (outIssues.length > 0)
              return {
                ok: false,
                error: { code: 'invalid_output', message: `${entry.name} output: ${fmt(outIssues)}` },
                usage: r.usage,
                logs: r.logs,
              };
            return r;
          },
        },
        name,
        args,
      );
    },
  };
}

function fmt(issues: readonly { path: string; message: string }[]): string {
  return issues
    .slice(0, 3)
    .map((i) => `${i.path} ${i.message}`)
    .join('; ');
}

function fail(code: string, message: string): RunResult {
  return { ok: false, error: { code, message }, usage: { cpuMs: 0, wallMs: 0, memoryBytes: 0 }, logs: [] };
}
