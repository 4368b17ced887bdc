/**
 * The sandbox: a supervised pool of worker processes plus the host-side capabilities.
 */
import { createHash } from 'node:crypto';
import type { JsonValue } from '../types.js';
import { type CapabilityDeps, capabilityHandler } from './capabilities/index.js';
import { MemoryKv } from './capabilities/kv.js';
import { type PoolOptions, type PoolStats, WorkerPool } from './pool.js';
import type { RunContext, RunnableTool, RunResult } from './types.js';

export interface SandboxOptions extends PoolOptions {
  readonly kv?: MemoryKv;
  readonly fetch?: CapabilityDeps['fetch'];
}

export interface Sandbox {
  /** Runs one tool call in a fresh guest context; never throws, failures are values. */
  run(tool: RunnableTool, args: JsonValue, ctx: RunContext): Promise<RunResult>;
  ready(): Promise<void>;
  stats(): PoolStats;
  close(): Promise<void>;
  readonly kv: MemoryKv;
}

export const MAX_ARGS_BYTES = 1024 * 1024;

export function createSandbox(opts: SandboxOptions): Sandbox {
  const pool = new WorkerPool(opts);
  const kv = opts.kv ?? new MemoryKv();
  const deps: CapabilityDeps = opts.fetch ? { kv, fetch: opts.fetch } : { kv };
  const keys = new Map<string, string>();
  const sourceKey = (source: string): string => {
    let k = keys.get(source);
    if (!k) {
      k = createHash('sha256').update(source).digest('hex');
      if (keys.size > 256) keys.clear();
      keys.set(source, k);
    }
    return k;
  };
  return {
    kv,
    ready: () => pool.ready(),
    stats: () => pool.stats(),
    close: () => pool.close(),
    async run(tool, args, ctx) {
      let argsJson: string;
      try {
        argsJson = JSON.stringify(args);
      } catch {
        return fail('invalid_request', 'arguments are not serialisable');
      }
      if (Buffer.byteLength(argsJson) > MAX_ARGS_BYTES) return fail('invalid_request', 'arguments too large');
      const caps = tool.capabilities;
      const deadline = Date.now() + tool.limits.wallMs;
      return pool.run({
        tool: tool.name,
        sourceKey: sourceKey(tool.source),
        source: tool.source,
        argsJson,
        limits: tool.limits,
        caps: { fetch: caps.fetch !== undefined, kv: caps.kv !== undefined, log: caps.log === true },
        onCapability: capabilityHandler(caps, ctx.tenant, deadline, deps),
      });
    },
  };
}

function fail(code: string, message: string): RunResult {
  return { ok: false, error: { code, message }, usage: { cpuMs: 0, wallMs: 0, memoryBytes: 0 }, logs: [] };
}
