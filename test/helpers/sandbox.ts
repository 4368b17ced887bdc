import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { createSandbox, type Sandbox } from '../../src/sandbox/index.js';
import type { CapabilityGrants, RunnableTool, RunResult, SandboxLimits } from '../../src/sandbox/types.js';
import type { JsonValue } from '../../src/types.js';
import { tempDir } from './tmp.js';

export const LIMITS: SandboxLimits = { memoryMb: 32, cpuMs: 300, wallMs: 500, maxOutputBytes: 65_536 };

/** A real sandbox (worker processes, isolated-vm) for hostile-code tests. */
export function hostileSandbox(workers = 2): Sandbox {
  return createSandbox({
    workers,
    maxQueue: 32,
    recycleAfterRuns: 10_000,
    maxWorkerRssMb: 1024,
    killGraceMs: 300,
    prewarmMemoryMb: LIMITS.memoryMb,
  });
}

export function tool(
  source: string,
  limits: Partial<SandboxLimits> = {},
  capabilities: CapabilityGrants = { kv: { namespace: 'scratch', write: true }, log: true },
): RunnableTool {
  return { name: 'hostile', source, limits: { ...LIMITS, ...limits }, capabilities };
}

/** Runs `body` as the default export's body. */
export function runGuest(
  sb: Sandbox,
  body: string,
  opts: { limits?: Partial<SandboxLimits>; args?: JsonValue; caps?: CapabilityGrants } = {},
): Promise<RunResult> {
  return sb.run(
    tool(`export default async function (args, ctx) {\n${body}\n}`, opts.limits, opts.caps),
    opts.args ?? {},
    {
      tenant: 'attacker',
    },
  );
}

/** A file the attack would create if it reached Node's `process`; it must never exist. */
export function canaryPath(): string {
  return join(tempDir('canary'), 'pwned');
}

/** Guest code that tries to use a found `process` to create the canary file. */
export function escapePayload(canary: string, procExpr: string): string {
  const file = JSON.stringify(canary);
  return `(() => { let p; try { p = ${procExpr}; } catch (e) { return 'threw ' + (e && e.name); }
    if (p && typeof p.then === 'function') { p.then(undefined, () => {}); return 'promise'; }
    if (p && p.mainModule) p.mainModule.require('fs').writeFileSync(${file}, 'x');
    if (p && p.getBuiltinModule) p.getBuiltinModule('fs').writeFileSync(${file}, 'x');
    return typeof p; })()`;
}

/** What an escape attempt may evaluate to when it found nothing. */
export const NOTHING = /^(undefined|threw ReferenceError|threw TypeError|promise)$/;

/** The host process is intact and the sandbox still serves a normal call. */
export async function expectHealthy(sb: Sandbox, canary?: string): Promise<void> {
  if (canary) expect(existsSync(canary)).toBe(false);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  const r = await runGuest(
    sb,
    'return { sum: args.a + args.b, clean: ({}).polluted === undefined && typeof process };',
    {
      args: { a: 2, b: 3 },
    },
  );
  expect(r).toMatchObject({ ok: true, value: { sum: 5, clean: 'undefined' } });
}
