/**
 * Turning what a guest run produced (or how it ended) into plain results and errors. Nothing here
 * touches isolated-vm: every input is a string or a caught error.
 */
import type { SandboxUsage } from '../types.js';
import type { WireResult } from './protocol.js';
import type { RunError } from './types.js';

/** The tool module itself is unusable (no default export, does not compile). */
export class ToolInvalid extends Error {}

/** The error of a guest outcome `0` + JSON (see guest-prelude.ts). */
export function guestError(json: string): RunError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return { code: 'invalid_output', message: 'result is not JSON' };
  }
  const e = (parsed ?? {}) as { code?: unknown; message?: unknown; retryAfterMs?: unknown };
  const code = typeof e.code === 'string' ? e.code.slice(0, 64) : 'tool_error';
  const message = typeof e.message === 'string' ? e.message.slice(0, 500) : 'tool failed';
  const retry = e.retryAfterMs;
  return typeof retry === 'number' && Number.isFinite(retry)
    ? { code, message, retryAfterMs: retry }
    : { code, message };
}

export function classifyThrown(err: unknown, timeoutCode: 'cpu_limit' | 'timeout'): RunError {
  if (err instanceof ToolInvalid) return { code: 'tool_invalid', message: err.message };
  const message = String((err as Error)?.message ?? err);
  if (/memory limit/i.test(message)) return { code: 'memory_limit', message: 'memory limit exceeded' };
  if (/timed out/i.test(message)) return { code: timeoutCode, message: 'execution time limit exceeded' };
  if (/disposed/i.test(message)) return { code: 'timeout', message: 'isolate disposed during execution' };
  // What remains is thrown by guest code outside the runner's try/catch: isolated-vm raises an
  // unhandled rejection as the error of the task it happened in. Like node's default
  // (--unhandled-rejections=throw), that fails the call; the isolate itself is intact.
  return { code: 'tool_error', message: `uncaught in the tool: ${message.slice(0, 200)}` };
}

export function asRunError(e: unknown): RunError {
  const o = e as Partial<RunError> | null;
  if (o && typeof o.code === 'string' && typeof o.message === 'string') {
    return typeof o.retryAfterMs === 'number'
      ? { code: o.code, message: o.message, retryAfterMs: o.retryAfterMs }
      : { code: o.code, message: o.message };
  }
  return { code: 'internal_error', message: 'capability failed' };
}

export function failure(
  error: RunError,
  started: number,
  usage?: SandboxUsage,
  logs: string[] = [],
): WireResult {
  return {
    ok: false,
    error,
    usage: usage ?? { cpuMs: 0, wallMs: round(performance.now() - started), memoryBytes: 0 },
    logs,
  };
}

export function errJson(code: string, message: string): string {
  return JSON.stringify({ code, message });
}

export function safeParse(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return null;
  }
}

export function safeParseString(json: string): string {
  const v = safeParse(json);
  return typeof v === 'string' ? v : '';
}

export function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
