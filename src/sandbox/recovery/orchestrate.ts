/**
 * Recovery around sandbox runs: retry transient failures (backoff, Retry-After, attempt and time
 * budget), then the tool's fallback; for multi-step tools, compensate completed steps in reverse
 * order from their checkpoints (saga pattern, Garcia-Molina & Salem 1987). The final status says
 * which of these happened.
 */
import type { JsonObject, JsonValue, SandboxUsage } from '../../types.js';
import type { Catalog, CatalogEntry } from '../catalog.js';
import type { RunError, RunResult } from '../types.js';
import { backoffDelay } from './backoff.js';
import type { Breakers } from './breaker.js';
import { classify } from './classify.js';

export type FinalStatus = 'completed' | 'fell_back' | 'rolled_back' | 'failed';

export interface StepReport {
  readonly id: string;
  readonly tool: string;
  readonly status: 'completed' | 'failed' | 'compensated' | 'compensation_failed';
}

export interface Outcome {
  readonly status: FinalStatus;
  readonly result?: JsonValue;
  readonly error?: RunError;
  readonly attempts: number;
  readonly usage: SandboxUsage;
  readonly steps?: readonly StepReport[];
  readonly fallback?: string;
}

/** Runs one tool once (input check, sandbox, output check). */
export type RunOnce = (tool: CatalogEntry, args: JsonValue) => Promise<RunResult>;

export interface RecoveryDeps {
  readonly catalog: Catalog;
  readonly runOnce: RunOnce;
  readonly breakers: Breakers;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  readonly now?: () => number;
}

interface Tally {
  attempts: number;
  cpuMs: number;
  memoryBytes: number;
}

export async function executeWithRecovery(
  deps: RecoveryDeps,
  name: string,
  args: JsonValue,
): Promise<Outcome> {
  const now = deps.now ?? Date.now;
  const t0 = now();
  const tally: Tally = { attempts: 0, cpuMs: 0, memoryBytes: 0 };
  const entry = deps.catalog.get(name);
  const done = (o: Omit<Outcome, 'attempts' | 'usage'>): Outcome => ({
    ...o,
    attempts: tally.attempts,
    usage: { cpuMs: round(tally.cpuMs), wallMs: round(now() - t0), memoryBytes: tally.memoryBytes },
  });
  if (!entry)
    return done({
      status: 'failed',
      error: { code: 'not_executable', message: `tool ${name} has no sandbox module` },
    });
  if (entry.steps.length > 0) return done(await runSteps(deps, entry, args, tally));

  const first = await withRetry(deps, entry, args, tally);
  if (first.ok) return done({ status: 'completed', result: first.value });
  const fb = entry.fallback ? deps.catalog.get(entry.fallback) : undefined;
  if (fb && first.error.code !== 'invalid_arguments') {
    const second = await withRetry(deps, fb, args, tally);
    if (second.ok) return done({ status: 'fell_back', result: second.value, fallback: fb.name });
    return done({ status: 'failed', error: second.error, fallback: fb.name });
  }
  return done({ status: 'failed', error: first.error });
}

async function runSteps(
  deps: RecoveryDeps,
  parent: CatalogEntry,
  args: JsonValue,
  tally: Tally,
): Promise<Omit<Outcome, 'attempts' | 'usage'>> {
  const input = (args && typeof args === 'object' && !Array.isArray(args) ? args : {}) as JsonObject;
  const checkpoints: { id: string; tool: CatalogEntry; args: JsonValue; result: JsonValue }[] = [];
  const reports: StepReport[] = [];
  const results: JsonObject = {};
  for (const step of parent.steps) {
    const tool = deps.catalog.get(step.tool)!;
    const stepArgs = input[step.id] ?? {};
    const r = await withRetry(deps, tool, stepArgs, tally);
    if (r.ok) {
      checkpoints.push({ id: step.id, tool, args: stepArgs, result: r.value });
      reports.push({ id: step.id, tool: step.tool, status: 'completed' });
      results[step.id] = r.value;
      continue;
    }
    reports.push({ id: step.id, tool: step.tool, status: 'failed' });
    let clean = true;
    for (const cp of checkpoints.reverse()) {
      const comp = cp.tool.compensation ? deps.catalog.get(cp.tool.compensation) : undefined;
      const report = reports.find((x) => x.id === cp.id)!;
      const idx = reports.indexOf(report);
      if (!comp) {
        clean = false;
        reports[idx] = { ...report, status: 'compensation_failed' };
        continue;
      }
      const c = await withRetry(deps, comp, { args: cp.args, result: cp.result }, tally, true);
      reports[idx] = { ...report, status: c.ok ? 'compensated' : 'compensation_failed' };
      if (!c.ok) clean = false;
    }
    return { status: clean ? 'rolled_back' : 'failed', error: r.error, steps: reports };
  }
  return { status: 'completed', result: results, steps: reports };
}

/**
 * One tool with retries. Compensations bypass an open breaker: undoing a completed step matters
 * more than sparing a failing tool one call.
 */
async function withRetry(
  deps: RecoveryDeps,
  tool: CatalogEntry,
  args: JsonValue,
  tally: Tally,
  ignoreBreaker = false,
): Promise<RunResult> {
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = deps.random ?? Math.random;
  const start = now();
  const { retry } = tool;
  let last: RunResult | null = null;
  for (let attempt = 1; attempt <= retry.maxAttempts; attempt++) {
    if (!ignoreBreaker && !deps.breakers.allow(tool.name)) {
      return (
        last ??
        failure({ code: 'circuit_open', message: `tool ${tool.name} is failing; its circuit is open` })
      );
    }
    tally.attempts++;
    const r = await deps.runOnce(tool, args);
    tally.cpuMs += r.usage.cpuMs;
    tally.memoryBytes = Math.max(tally.memoryBytes, r.usage.memoryBytes);
    last = r;
    if (r.ok) {
      deps.breakers.success(tool.name);
      return r;
    }
    if (classify(r.error.code) === 'permanent') {
      deps.breakers.neutral(tool.name);
      return r;
    }
    deps.breakers.failure(tool.name);
    if (attempt === retry.maxAttempts) break;
    const delay = backoffDelay(retry, attempt, r.error.retryAfterMs, random);
    // Never sleep past the budget: a Retry-After longer than what is left ends the retries.
    if (now() - start + delay >= retry.budgetMs) break;
    await sleep(delay);
  }
  return last!;
}

function failure(error: RunError): RunResult {
  return { ok: false, error, usage: { cpuMs: 0, wallMs: 0, memoryBytes: 0 }, logs: [] };
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
