/**
 * The only module that touches isolated-vm. It runs inside a sandbox worker process, never in the
 * agentwall process: a V8 abort (one huge allocation can abort the whole process before the
 * memory limit triggers) then kills a worker, not the service.
 *
 * Rules kept here: a fresh context per run; no ivm object (Reference, ExternalCopy) is ever handed
 * to guest code — the single host entry point is an ivm.Callback, which appears in the guest as a
 * plain function receiving copied strings; results leave the isolate as one string; every
 * evaluation has a timeout, and a wall-clock and CPU watchdog disposes the isolate, which also
 * stops async continuations and promise floods that an evaluation timeout does not cover; an
 * isolate that breached any limit is disposed. No cachedData or snapshot is ever accepted.
 *
 * Latency: creating a context costs ~0.3 ms of isolate time, so the next run's context is created
 * after each answer has left (`afterAnswer`), off the request path; it waits, unreachable, until
 * exactly one run takes it. A run then makes only synchronous calls into the isolate (a tool that
 * settles without timers or capabilities needs no asynchronous hop to the isolate's thread, each
 * of which costs tens of microseconds and far more when the machine is busy).
 */
import ivm from 'isolated-vm';
import type { SandboxUsage } from '../types.js';
import { GUEST_PRELUDE, toolScriptOf } from './guest-prelude.js';
import type { GuestCaps, RunMessage, WireResult } from './protocol.js';
import {
  asRunError,
  classifyThrown,
  errJson,
  failure,
  guestError,
  round,
  safeParse,
  safeParseString,
  ToolInvalid,
} from './run-outcome.js';
import type { RunError } from './types.js';

/** Host side of a capability call: resolves with a JSON reply or rejects with a RunError. */
export type CapHandler = (op: string, json: string, remainingMs: number) => Promise<string>;

interface Prepared {
  readonly context: ivm.Context;
  /** The guest's entry point: `(op, a, b, c)`, see guest-prelude.ts. */
  readonly entry: ivm.Reference;
  /** Routes the guest's callback to the run that currently owns this context. */
  readonly route: { handler: ((id: number, op: string, json: string) => void) | null };
}

interface Slot {
  readonly isolate: ivm.Isolate;
  readonly memoryMb: number;
  readonly prelude: ivm.Script;
  readonly scripts: Map<string, ivm.Script>;
  /** A context prepared for the next run of this isolate; no run has seen it. */
  spare: Promise<Prepared> | null;
  spareReady: boolean;
  spareSince: number;
  /** A run is using this isolate; a retired isolate is disposed once it is idle. */
  active: boolean;
  retired: boolean;
  renewing: boolean;
  /** Heap in use after the last run (read for the usage figures anyway). */
  lastHeapBytes: number;
}

const MAX_CACHED_SCRIPTS = 64;
/**
 * Released contexts are garbage like any other once nothing reaches them (the tool module is
 * wrapped so that it keeps nothing reachable: see toolScriptOf). An isolate whose heap still grows
 * — live data kept by a leak makes every major GC slower and leaves less room for the next run —
 * is replaced off the request path, with a warm successor ready before the swap, once the heap in
 * use after a run passes this share of its limit. Measured with a trivial tool and a 32 MiB limit,
 * V8 lets garbage reach ~12 MiB before a major GC takes it back to under 1 MiB, so the share sits
 * above that, or garbage alone would force a renewal every ~50 runs.
 */
const RENEW_AT_HEAP_SHARE = 0.5;
const MAX_PENDING_TIMERS = 100;

/**
 * Isolates per memory size, each with its own thread. Two let the next call take a context that
 * was created in one isolate while the other creates its successor: with one, a call that arrives
 * sooner than a context can be created (~0.3-0.5 ms) waits for it, and its synchronous calls would
 * wait for the isolate's lock anyway.
 */
const LANES = 2;

export class IsolateHost {
  private readonly slots = new Map<number, Slot[]>();
  /** How many isolates each memory size keeps: 2 once calls of that size have had to wait. */
  private readonly lanesWanted = new Map<number, number>();
  /** The slot of the last run, readied for the next call by `afterAnswer`. */
  private last: { slot: Slot | null; memoryMb: number; waited: boolean } | null = null;

  /**
   * Runs one tool call to completion; never throws. `started` is when the request reached the
   * worker: the wall-clock limit counts from there.
   */
  async run(msg: RunMessage, onCap: CapHandler, started = performance.now()): Promise<WireResult> {
    let slot: Slot | undefined;
    const memoryMb = msg.limits.memoryMb;
    this.last = { slot: null, memoryMb, waited: false };
    try {
      slot = this.pick(memoryMb);
      this.last = { slot, memoryMb, waited: slot.spare !== null && !slot.spareReady };
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
      // A slot retired during the run is disposed by afterAnswer, once the answer has left.
      if (slot) slot.active = false;
    }
  }

  /**
   * Readies the next call once the answer has left: a spare context in the isolate just used, the
   * isolates the size keeps (a new one if the last was disposed after a breach), and renewal of an
   * isolate whose heap has grown. Nothing here is on a request's path unless a request arrives
   * while it runs.
   */
  afterAnswer(): void {
    const last = this.last;
    this.last = null;
    if (!last) return;
    const { slot, memoryMb, waited } = last;
    if (waited) this.lanesWanted.set(memoryMb, LANES);
    try {
      if (slot?.retired) this.dispose(slot);
      else if (slot && !slot.isolate.isDisposed) {
        if (!slot.spare) spareFor(slot);
        this.maybeRenew(slot);
      }
      this.fillLanes(memoryMb);
    } catch {
      // isolate creation failed; the next run retries and reports
    }
  }

  /** Creates the isolates of a size, each with a spare context, ahead of the first call. */
  prewarm(memoryMb: number): void {
    this.lanesWanted.set(memoryMb, LANES);
    this.fillLanes(memoryMb);
  }

  disposeAll(): void {
    for (const lanes of [...this.slots.values()]) for (const slot of [...lanes]) this.dispose(slot);
  }

  private lanes(memoryMb: number): Slot[] {
    const all = this.slots.get(memoryMb) ?? [];
    const live = all.filter((s) => !s.isolate.isDisposed && !s.retired);
    if (live.length !== all.length) this.slots.set(memoryMb, live);
    return live;
  }

  private fillLanes(memoryMb: number): void {
    const lanes = this.lanes(memoryMb);
    const want = this.lanesWanted.get(memoryMb) ?? 1;
    for (const slot of lanes) if (!slot.spare) spareFor(slot);
    while (lanes.length < want) {
      const slot = newSlot(memoryMb);
      spareFor(slot);
      lanes.push(slot);
    }
    this.slots.set(memoryMb, lanes);
  }

  /** A lane whose spare context is ready, else the one whose spare has been preparing longest. */
  private pick(memoryMb: number): Slot {
    const lanes = this.lanes(memoryMb);
    const ready = lanes.find((s) => s.spare !== null && s.spareReady);
    if (ready) return ready;
    const preparing = lanes.filter((s) => s.spare !== null).sort((x, y) => x.spareSince - y.spareSince);
    const slot = preparing[0] ?? lanes[0];
    if (slot) return slot;
    const fresh = newSlot(memoryMb);
    this.slots.set(memoryMb, [fresh]);
    return fresh;
  }

  /** Builds a successor isolate with a spare context, then swaps it in and retires the old one. */
  private maybeRenew(slot: Slot): void {
    if (slot.renewing || slot.retired || slot.isolate.isDisposed) return;
    if (slot.lastHeapBytes < RENEW_AT_HEAP_SHARE * slot.memoryMb * 1024 * 1024) return;
    const next = newSlot(slot.memoryMb);
    slot.renewing = true;
    spareFor(next).then(
      () => {
        const lanes = this.slots.get(slot.memoryMb) ?? [];
        const i = lanes.indexOf(slot);
        if (i < 0 || slot.isolate.isDisposed) return next.isolate.dispose();
        lanes[i] = next;
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
    slot.spareReady = false;
    return spare ? await spare : await prepareContext(slot);
  }

  private dispose(slot: Slot): void {
    const lanes = this.slots.get(slot.memoryMb);
    if (lanes?.includes(slot))
      this.slots.set(
        slot.memoryMb,
        lanes.filter((s) => s !== slot),
      );
    // A spare context goes with its isolate: it was never handed to any run.
    slot.spare = null;
    slot.spareReady = false;
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
    const deadline = started + limits.wallMs;
    const run: RunState = { logs: [], breach: null, breachUsage: null, timers: 0 };
    const trip = (e: RunError): void => {
      if (run.breach) return;
      run.breach = e;
      run.breachUsage = usageOf(slot, cpuStart, started);
      this.dispose(slot);
    };
    // Each synchronous call may use what is left of the CPU and wall budgets, never more.
    const budget = (): number =>
      Math.max(
        1,
        Math.ceil(
          Math.min(limits.cpuMs - Number(isolate.cpuTime - cpuStart) / 1e6, deadline - performance.now()),
        ),
      );
    prepared.route.handler = routeFor(prepared, run, deadline, onCap, isolate);
    let watchdog: NodeJS.Timeout | undefined;
    let cpuPoll: NodeJS.Timeout | undefined;
    try {
      const script = this.scriptFor(slot, msg);
      script.runSync(prepared.context, { timeout: budget() });
      const capsJson = JSON.stringify(msg.caps satisfies GuestCaps);
      prepared.entry.applySync(undefined, ['run', msg.argsJson, capsJson, limits.maxOutputBytes], {
        timeout: budget(),
      });
      let out: unknown = prepared.entry.applySync(undefined, ['take'], { timeout: budget() });
      if (out === undefined) {
        // The tool waits on a timer or a capability: from here the host's event loop must run, so
        // the watchdogs take over from the synchronous timeouts.
        watchdog = setTimeout(
          () => trip({ code: 'timeout', message: `wall-clock limit of ${limits.wallMs} ms exceeded` }),
          Math.max(0, deadline - performance.now()),
        );
        cpuPoll = setInterval(
          () => {
            if (isolate.isDisposed) return;
            if (Number(isolate.cpuTime - cpuStart) / 1e6 > limits.cpuMs)
              trip({ code: 'cpu_limit', message: `CPU limit of ${limits.cpuMs} ms exceeded` });
          },
          Math.max(2, Math.min(10, limits.cpuMs / 10)),
        );
        out = await prepared.entry.apply(undefined, ['wait'], {
          timeout: budget(),
          result: { promise: true, copy: true },
        });
      }
      const usage = run.breachUsage ?? usageOf(slot, cpuStart, started);
      if (run.breach) return failure(run.breach, started, usage, run.logs);
      return this.finish(slot, out, limits.maxOutputBytes, usage, run.logs);
    } catch (err) {
      const usage = {
        ...(run.breachUsage ?? usageOf(slot, cpuStart, started)),
        wallMs: round(performance.now() - started),
      };
      // A synchronous call stops at whichever budget ran out first; name that one.
      const wallOut = performance.now() >= deadline - 1;
      const e = run.breach ?? classifyThrown(err, wallOut ? 'timeout' : 'cpu_limit');
      if (e.code !== 'tool_invalid' && e.code !== 'tool_error') this.dispose(slot);
      return failure(e, started, usage, run.logs);
    } finally {
      clearTimeout(watchdog);
      clearInterval(cpuPoll);
      prepared.route.handler = null;
      prepared.entry.release();
      prepared.context.release();
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
    // The supervisor parses (and size- and depth-checks) the result: the worker is not trusted.
    if (out.startsWith('1')) return { ok: true, json: out.slice(1), usage, logs };
    const error = guestError(out.slice(1));
    if (error.code === 'output_too_large') this.dispose(slot);
    return failure(error, 0, usage, logs);
  }
}

interface RunState {
  readonly logs: string[];
  breach: RunError | null;
  breachUsage: SandboxUsage | null;
  timers: number;
}

/** Handles the guest's callback for one run: logs, bounded timers and capability calls. */
function routeFor(
  prepared: Prepared,
  run: RunState,
  deadline: number,
  onCap: CapHandler,
  isolate: ivm.Isolate,
): (id: number, op: string, json: string) => void {
  return (id, op, json) => {
    if (run.breach || isolate.isDisposed) return;
    if (op === 'log') {
      if (run.logs.length < 100) run.logs.push(safeParseString(json).slice(0, 1000));
      return;
    }
    const remaining = deadline - performance.now();
    const reply = (ok: boolean, out: string): void => {
      if (run.breach || isolate.isDisposed) return;
      prepared.entry
        .apply(undefined, ['deliver', id, ok, out], {
          timeout: Math.max(1, Math.ceil(deadline - performance.now())),
        })
        .catch(() => undefined);
    };
    if (op === 'timer') {
      if (++run.timers > MAX_PENDING_TIMERS)
        return reply(false, errJson('capability_denied', 'too many timers'));
      const ms = Math.min(Math.max(0, Number(safeParse(json)) || 0), Math.max(0, remaining));
      setTimeout(() => {
        run.timers--;
        reply(true, 'null');
      }, ms);
      return;
    }
    onCap(op, json, remaining).then(
      (out) => reply(true, out),
      (e: unknown) => reply(false, JSON.stringify(asRunError(e))),
    );
  };
}

/**
 * Starts preparing the slot's spare context. A failure surfaces to the run that takes it, not as
 * an unhandled rejection.
 */
function spareFor(slot: Slot): Promise<Prepared> {
  const p = prepareContext(slot);
  slot.spare = p;
  slot.spareReady = false;
  slot.spareSince = performance.now();
  p.then(
    () => {
      if (slot.spare === p) slot.spareReady = true;
    },
    () => undefined,
  );
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
    spareReady: false,
    spareSince: 0,
    active: false,
    retired: false,
    renewing: false,
    lastHeapBytes: 0,
  };
}

/**
 * One asynchronous call creates the context on the isolate's thread (the costly part); the
 * prelude is then installed with two synchronous calls, so a spare costs one thread hop, not six.
 */
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
  const install = slot.prelude.runSync(context, { reference: true, timeout: 1000 }) as ivm.Reference;
  try {
    const entry = install.applySync(undefined, [send], {
      timeout: 1000,
      result: { reference: true },
    }) as ivm.Reference;
    return { context, entry, route };
  } finally {
    install.release();
  }
}

function usageOf(slot: Slot, cpuStart: bigint, started: number): SandboxUsage {
  let memoryBytes = 0;
  let cpuMs = 0;
  if (!slot.isolate.isDisposed) {
    try {
      const h = slot.isolate.getHeapStatisticsSync();
      memoryBytes = h.used_heap_size + h.externally_allocated_size;
      // Also what renewal looks at after the answer, so it needs no second read.
      slot.lastHeapBytes = memoryBytes;
      cpuMs = Number(slot.isolate.cpuTime - cpuStart) / 1e6;
    } catch {
      // disposed concurrently
    }
  }
  return { cpuMs: round(cpuMs), wallMs: round(performance.now() - started), memoryBytes };
}
