/**
 * Messages between the supervisor (agentwall process) and a sandbox worker process. Only strings,
 * numbers and booleans travel; the supervisor re-validates everything a worker sends, because a
 * worker runs hostile code and is treated as untrusted.
 */
import type { SandboxUsage } from '../types.js';
import type { RunError, RunResult, SandboxLimits } from './types.js';

export interface GuestCaps {
  readonly fetch: boolean;
  readonly kv: boolean;
  readonly log: boolean;
}

export interface RunMessage {
  readonly t: 'run';
  readonly id: number;
  readonly tool: string;
  /** Content hash of `source`: compiled scripts are cached per isolate under this key. */
  readonly sourceKey: string;
  readonly source: string;
  readonly argsJson: string;
  readonly limits: SandboxLimits;
  readonly caps: GuestCaps;
}

export interface CapReplyMessage {
  readonly t: 'cap-reply';
  readonly id: number;
  readonly callId: number;
  readonly ok: boolean;
  /** On success the JSON reply; on failure a JSON `RunError`. */
  readonly json: string;
}

/** Create the isolate for a memory size and a spare context before the first call needs it. */
export interface PrewarmMessage {
  readonly t: 'prewarm';
  readonly memoryMb: number;
}

export type ToWorker = RunMessage | CapReplyMessage | PrewarmMessage;

/** A `RunResult` as it crosses the process boundary: the value travels as JSON text. */
export type WireResult =
  | (Omit<Extract<RunResult, { ok: true }>, 'value'> & { readonly json: string })
  | Extract<RunResult, { ok: false }>;

export interface ReadyMessage {
  readonly t: 'ready';
}

export interface CapMessage {
  readonly t: 'cap';
  readonly id: number;
  readonly callId: number;
  readonly op: string;
  readonly json: string;
}

export interface DoneMessage {
  readonly t: 'done';
  readonly id: number;
  readonly result: WireResult;
  /** Resident set size of the worker after the run, for recycling on growth. */
  readonly rss: number;
}

export type FromWorker = ReadyMessage | CapMessage | DoneMessage;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isStr = (v: unknown, max = Number.MAX_SAFE_INTEGER): v is string =>
  typeof v === 'string' && v.length <= max;

/** Structural check of a worker message; anything else is treated as a misbehaving worker. */
export function parseFromWorker(m: unknown): FromWorker | null {
  if (!isObj(m)) return null;
  if (m.t === 'ready') return { t: 'ready' };
  if (m.t === 'cap') {
    if (!isNum(m.id) || !isNum(m.callId) || !isStr(m.op, 32) || !isStr(m.json)) return null;
    return { t: 'cap', id: m.id, callId: m.callId, op: m.op, json: m.json };
  }
  if (m.t === 'done' && isNum(m.id) && isNum(m.rss) && isObj(m.result)) {
    const r = m.result;
    const usage = parseUsage(r.usage);
    const logs = Array.isArray(r.logs) ? r.logs.filter((l): l is string => isStr(l, 1000)).slice(0, 100) : [];
    if (!usage) return null;
    if (r.ok === true && isStr(r.json))
      return { t: 'done', id: m.id, rss: m.rss, result: { ok: true, json: r.json, usage, logs } };
    if (r.ok === false && isObj(r.error) && isStr(r.error.code, 64) && isStr(r.error.message, 2000)) {
      const error: RunError = isNum(r.error.retryAfterMs)
        ? { code: r.error.code, message: r.error.message, retryAfterMs: r.error.retryAfterMs }
        : { code: r.error.code, message: r.error.message };
      return { t: 'done', id: m.id, rss: m.rss, result: { ok: false, error, usage, logs } };
    }
  }
  return null;
}

function parseUsage(u: unknown): SandboxUsage | null {
  if (!isObj(u) || !isNum(u.cpuMs) || !isNum(u.wallMs) || !isNum(u.memoryBytes)) return null;
  return { cpuMs: u.cpuMs, wallMs: u.wallMs, memoryBytes: u.memoryBytes };
}
