/**
 * The only module that touches isolated-vm. It runs inside a sandbox worker process, never in the
 * agentwall process: a V8 abort (one huge allocation can abort the whole process before the
 * memory limit triggers) then kills a worker, not the service.
 *
 * Rules kept here: a fresh context per run; no ivm object (Reference, ExternalCopy) is ever handed
 * to guest code — the single host entry point is an ivm.Callback, which appears in the guest as a
 * plain function receiving copied strings; results leave the isolate as one JSON string; every
 * evaluation has a timeout, and a wall-clock and CPU watchdog disposes the isolate, which also
 * stops async continuations and promise floods that an evaluation timeout does not cover; an
 * isolate that breached any limit is disposed. No cachedData or snapshot is ever accepted.
 */
import ivm from 'isolated-vm';
import type { SandboxUsage } from '../types.js';
import { GUEST_PRELUDE, toolScriptOf } from './guest-prelude.js';
import type { GuestCaps, RunMessage, WireResult } from './protocol.js';
import type { RunError } from './types.js';

/** Host side of a capability call: resolves with a JSON reply or rejects with a RunError. */
export type CapHandler = (op: string, json: string, remainingMs: number) => Promise<string>;

interface Prepared {
  readonly context: ivm.Context;
  readonly invoke: ivm.Reference;
  readonly deliver: ivm.Reference;
  /** Routes the guest's callback to the run that currently owns this context. */
  readonly route: { handler: ((id: number, op: string, json: string) => void) | null };
}

interface Slot {
  readonly isolate: ivm.Isolate;
  readonly memoryMb: number;
  readonly prelude: ivm.Script;
  readonly scripts: Map<string, ivm.Script>;
  spare: Promise<Prepared> | null;
  /** A run is using this isolate; a retired isolate is disposed once it is idle. */
  active: boolean;
  retired: boolean;
  renewing: boolean;
}

const MAX_CACHED_SCRIPTS = 64;
/**
 * Released contexts are not reliably reclaimed by the isolate's GC (each costs ~140 KB of heap
 * that stays counted), so an isolate is replaced — off the request path, with a warm successor
 * ready before the swap — once its heap passes this share of its limit.
 */
const RENEW_AT_HEAP_SHARE = 0.35;
/** Also an absolute cap: a large heap full of dead contexts makes every major GC pause long. */
const RENEW_AT_HEAP_BYTES = 8 * 1024 * 1024;
const MAX_PENDING_TIMERS = 100;

export class IsolateHost {
  private readonly slots = new Map<number, Slot>();

  /** Runs one tool call to completion; never throws. */
  async run(msg: RunMessage, onCap: CapHandler): Promise<WireResult> {
    const started = performance.now();
    let slot: Slot | undefined;
    try {
      slot = this.slotFor(msg.limits.memoryMb);
      slot.active = true;
      const prepared = await this.takeContext(slot);
      return await this.execute(slot, prepared, msg, onCap, started);
    } catch (err) {
      if (slot) this.dispose(slot);
      return failure(
        {
          code: 'internal_error',
          message: `sandbox setup failed: ${String((err as Error)?.message).slice(0, 200)}`,
        },
        started,
      );
    } finally {
      if (slot) this.afterRun(slot);
    }
  }

  private afterRun(slot: Slot): void {
    slot.active = false;
    if (slot.retired) this.dispose(slot);
    // After the result is on its way: renewal reads heap statistics and may create an isolate.
    else setImmediate(() => this.maybeRenew(slot));
  }

  /** Creates an isolate and a spare context ahead of the first call of that size. */
  prewarm(memoryMb: number): void {
    const slot = this.slotFor(memoryMb);
    if (!slot.spare) slot.spare = spareFor(slot);
  }

  private prewarmQuietly(memoryMb: number): void {
    try {
      this.prewarm(memoryMb);
    } catch {
      // the next run retries and reports
    }
  }

  disposeAll(): void {
    for (const slot of [...this.slots.values()]) this.dispose(slot);
  }

  private slotFor(memoryMb: number): Slot {
    const existing = this.slots.get(memoryMb);
    if (existing && !existing.isolate.isDisposed) return existing;
    const slot = newSlot(memoryMb);
    this.slots.set(memoryMb, slot);
    return slot;
  }

  /** Builds a successor isolate with a spare context, then swaps it in and retires the old one. */
  private maybeRenew(slot: Slot): void {
    if (slot.renewing || slot.retired || slot.isolate.isDisposed) return;
    let used: number;
    try {
      used = slot.isolate.getHeapStatisticsSync().used_heap_size;
    } catch {
      return;
    }
    if (used < Math.min(RENEW_AT_HEAP_SHARE * slot.memoryMb * 1024 * 1024, RENEW_AT_HEAP_BYTES)) return;
    slot.renewing = true;
    const next = newSlot(slot.memoryMb);
    next.spare = spareFor(next);
    next.spare.then(
      () => {
        if (this.slots.get(slot.memoryMb) !== slot) return next.isolate.dispose();
        this.slots.set(slot.memoryMb, next);
        slot.retired = true;
        if (!slot.active) this.dispose(slot);
      },
      () => {
        slot.renewing = false;
        if (!next.isolate.isDisposed) next.isolate.dispose();
      },
    );
  }

  private async takeContext(slot: Slot): Promise<Prepared> {
    const spare = slot.spare;
    slot.spare = null;
    return spare ? await spare : await prepareContext(slot);
  }

  private dispose(slot: Slot): void {
    if (this.slots.get(slot.memoryMb) === slot) this.slots.delete(slot.memoryMb);
    slot.spare = null;
    if (!slot.isolate.isDisposed) {
      try {
        slot.isolate.dispose();
      } catch {
        // already being torn down
      }
    }
  }

  private scriptFor(slot: Slot, msg: RunMessage): ivm.Script {
    const cached = slot.scripts.get(msg.sourceKey);
    if (cached) return cached;
    const code = toolScriptOf(msg.source);
    if (code === null) throw new ToolInvalid('the tool module has no `export default`');
    let script: ivm.Script;
    try {
      script = slot.isolate.compileScriptSync(code, { filename: `tool:${msg.tool}` });
    } catch (err) {
      throw new ToolInvalid(
        `the tool module does not compile: ${String((err as Error).message).slice(0, 200)}`,
      );
    }
    if (slot.scripts.size >= MAX_CACHED_SCRIPTS) slot.scripts.clear();
    slot.scripts.set(msg.sourceKey, script);
    return script;
  }

  private async execute(
    slot: Slot,
    prepared: Prepared,
    msg: RunMessage,
    onCap: CapHandler,
    started: number,
  ): Promise<WireResult> {
    const { limits } = msg;
    const isolate = slot.isolate;
    const cpuStart = isolate.cpuTime;
    const logs: string[] = [];
    let breach: RunError | null = null;
    let breachUsage: SandboxUsage | null = null;
    let timers = 0;
    const deadline = started + limits.wallMs;
    const trip = (e: RunError): void => {
      if (breach) return;
      breach = e;
      breachUsage = usageOf(slot, cpuStart, started);
      this.dispose(slot);
    };
    const watchdog = setTimeout(
      () => trip({ code: 'timeout', message: `wall-clock limit of ${limits.wallMs} ms exceeded` }),
      Math.max(0, deadline - performance.now()),
    );
    const cpuPoll = setInterval(
      () => {
        if (isolate.isDisposed) return;
        if (Number(isolate.cpuTime - cpuStart) / 1e6 > limits.cpuMs)
          trip({ code: 'cpu_limit', message: `CPU limit of ${limits.cpuMs} ms exceeded` });
      },
      Math.max(2, Math.min(10, limits.cpuMs / 10)),
    );

    prepared.route.handler = (id, op, json) => {
      if (breach || isolate.isDisposed) return;
      if (op === 'log') {
        if (logs.length < 100) logs.push(safeParseString(json).slice(0, 1000));
        return;
      }
      const remaining = deadline - performance.now();
      const reply = (ok: boolean, out: string): void => {
        if (breach || isolate.isDisposed) return;
        prepared.deliver
          .apply(undefined, [id, ok, out], { timeout: Math.max(1, Math.ceil(deadline - performance.now())) })
          .catch(() => undefined);
      };
      if (op === 'timer') {
        if (++timers > MAX_PENDING_TIMERS)
          return reply(false, errJson('capability_denied', 'too many timers'));
        const ms = Math.min(Math.max(0, Number(safeParse(json)) || 0), Math.max(0, remaining));
        setTimeout(() => {
          timers--;
          reply(true, 'null');
        }, ms);
        return;
      }
      onCap(op, json, remaining).then(
        (out) => reply(true, out),
        (e: unknown) => reply(false, JSON.stringify(asRunError(e))),
      );
    };

    try {
      const script = this.scriptFor(slot, msg);
      const evalTimeout = Math.max(1, Math.ceil(Math.min(limits.cpuMs, limits.wallMs)));
      await script.run(prepared.context, { timeout: evalTimeout });
      const capsJson = JSON.stringify(msg.caps satisfies GuestCaps);
      const remaining = Math.max(1, Math.ceil(deadline - performance.now()));
      const out = await prepared.invoke.apply(undefined, [msg.argsJson, capsJson, limits.maxOutputBytes], {
        timeout: Math.min(evalTimeout, remaining),
        result: { promise: true, copy: true },
      });
      const usage = breachUsage ?? usageOf(slot, cpuStart, started);
      if (breach) return failure(breach, started, usage, logs);
      return this.finish(slot, out, limits.maxOutputBytes, usage, logs);
    } catch (err) {
      const usage = {
        ...(breachUsage ?? usageOf(slot, cpuStart, started)),
        wallMs: round(performance.now() - started),
      };
      const e = breach ?? classifyThrown(err, limits.cpuMs <= limits.wallMs ? 'cpu_limit' : 'timeout');
      if (e.code !== 'tool_invalid' && e.code !== 'tool_error') this.dispose(slot);
      return failure(e, started, usage, logs);
    } finally {
      clearTimeout(watchdog);
      clearInterval(cpuPoll);
      prepared.route.handler = null;
      prepared.invoke.release();
      prepared.deliver.release();
      prepared.context.release();
      // Ready the next call now, while the caller reads the result: a spare context in the same
      // isolate, or a whole new isolate when this one was disposed after a breach.
      if (!isolate.isDisposed) {
        if (!slot.spare) slot.spare = spareFor(slot);
      } else {
        this.prewarmQuietly(limits.memoryMb);
      }
    }
  }

  private finish(
    slot: Slot,
    out: unknown,
    maxBytes: number,
    usage: SandboxUsage,
    logs: string[],
  ): WireResult {
    if (typeof out !== 'string')
      return failure({ code: 'internal_error', message: 'guest runner returned no string' }, 0, usage, logs);
    if (Buffer.byteLength(out) > maxBytes + 64) {
      this.dispose(slot);
      return failure(
        { code: 'output_too_large', message: `result exceeds ${maxBytes} bytes` },
        0,
        usage,
        logs,
      );
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(out);
    } catch {
      return failure({ code: 'invalid_output', message: 'result is not JSON' }, 0, usage, logs);
    }
    const envelope = parsed as {
      ok?: unknown;
      value?: unknown;
      error?: { code?: unknown; message?: unknown; retryAfterMs?: unknown };
    };
    if (envelope.ok === true) return { ok: true, json: JSON.stringify(envelope.value ?? null), usage, logs };
    const code = typeof envelope.error?.code === 'string' ? envelope.error.code.slice(0, 64) : 'tool_error';
    const message =
      typeof envelope.error?.message === 'string' ? envelope.error.message.slice(0, 500) : 'tool failed';
    const retry = envelope.error?.retryAfterMs;
    const error: RunError =
      typeof retry === 'number' && Number.isFinite(retry)
        ? { code, message, retryAfterMs: retry }
        : { code, message };
    if (code === 'output_too_large') this.dispose(slot);
    return failure(error, 0, usage, logs);
  }
}

class ToolInvalid extends Error {}

/** A context prepared ahead of time; a failure surfaces to the run that takes it, not as an unhandled rejection. */
function spareFor(slot: Slot): Promise<Prepared> {
  const p = prepareContext(slot);
  p.catch(() => undefined);
  return p;
}

function newSlot(memoryMb: number): Slot {
  const isolate = new ivm.Isolate({ memoryLimit: memoryMb });
  return {
    isolate,
    memoryMb,
    prelude: isolate.compileScriptSync(GUEST_PRELUDE, { filename: 'agentwall:prelude' }),
    scripts: new Map(),
    spare: null,
    active: false,
    retired: false,
    renewing: false,
  };
}

async function prepareContext(slot: Slot): Promise<Prepared> {
  const context = await slot.isolate.createContext();
  const route: Prepared['route'] = { handler: null };
  const send = new ivm.Callback(
    (id: unknown, op: unknown, json: unknown) => {
      if (typeof id !== 'number' || typeof op !== 'string' || typeof json !== 'string') return;
      if (op.length > 32 || json.length > 8 * 1024 * 1024) return;
      route.handler?.(id, op, json);
    },
    { ignored: true },
  );
  await context.global.set('__agentwall_send', send);
  await slot.prelude.run(context, { timeout: 1000 });
  const invoke = (await context.global.get('__agentwall_invoke', { reference: true })) as ivm.Reference;
  const deliver = (await context.global.get('__agentwall_deliver', { reference: true })) as ivm.Reference;
  await context.eval('delete globalThis.__agentwall_invoke; delete globalThis.__agentwall_deliver;', {
    timeout: 1000,
  });
  return { context, invoke, deliver, route };
}

function classifyThrown(err: unknown, timeoutCode: 'cpu_limit' | 'timeout'): RunError {
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

function asRunError(e: unknown): RunError {
  const o = e as Partial<RunError> | null;
  if (o && typeof o.code === 'string' && typeof o.message === 'string') {
    return typeof o.retryAfterMs === 'number'
      ? { code: o.code, message: o.message, retryAfterMs: o.retryAfterMs }
      : { code: o.code, message: o.message };
  }
  return { code: 'internal_error', message: 'capability failed' };
}

function usageOf(slot: Slot, cpuStart: bigint, started: number): SandboxUsage {
  let memoryBytes = 0;
  let cpuMs = 0;
  if (!slot.isolate.isDisposed) {
    try {
      const h = slot.isolate.getHeapStatisticsSync();
      memoryBytes = h.used_heap_size + h.externally_allocated_size;
      cpuMs = Number(slot.isolate.cpuTime - cpuStart) / 1e6;
    } catch {
      // disposed concurrently
    }
  }
  return { cpuMs: round(cpuMs), wallMs: round(performance.now() - started), memoryBytes };
}

function failure(error: RunError, started: number, usage?: SandboxUsage, logs: string[] = []): WireResult {
  return {
    ok: false,
    error,
    usage: usage ?? { cpuMs: 0, wallMs: round(performance.now() - started), memoryBytes: 0 },
    logs,
  };
}

function errJson(code: string, message: string): string {
  return JSON.stringify({ code, message });
}

function safeParse(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return null;
  }
}

function safeParseString(json: string): string {
  const v = safeParse(json);
  return typeof v === 'string' ? v : '';
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
