/**
 * Supervisor of the sandbox worker processes. Each worker runs one call at a time, so when a
 * worker dies the call it was running is known exactly and answered `sandbox_crashed`; a
 * replacement is forked at once while the other warm workers keep serving. A host-side watchdog
 * (wall limit + grace) SIGKILLs a worker whose isolate could not be stopped from inside.
 * Workers are recycled after N runs or when their resident memory grows past a cap.
 */
import { type ChildProcess, fork } from 'node:child_process';
import type { JsonValue } from '../types.js';
import { type FromWorker, parseFromWorker, type RunMessage, type ToWorker } from './protocol.js';
import type { RunError, RunResult, SandboxLimits } from './types.js';
import { assertWorkerEntry, resolveWorkerEntry, type WorkerEntry } from './worker-entry.js';

export interface PoolOptions {
  readonly workers: number;
  readonly maxQueue: number;
  readonly recycleAfterRuns: number;
  readonly maxWorkerRssMb: number;
  /** Extra time the host waits past a run's wall limit before killing the worker. */
  readonly killGraceMs: number;
  /** Isolate size to create ahead of the first call. */
  readonly prewarmMemoryMb: number;
  readonly entry?: WorkerEntry;
}

/** Performs a capability call for the run in flight; resolves with a JSON reply or rejects with a RunError. */
export type CapabilityCall = (op: string, json: string) => Promise<string>;

export interface PoolJob {
  readonly tool: string;
  readonly sourceKey: string;
  readonly source: string;
  readonly argsJson: string;
  readonly limits: SandboxLimits;
  readonly caps: RunMessage['caps'];
  readonly onCapability: CapabilityCall;
}

interface Pending {
  readonly job: PoolJob;
  readonly resolve: (r: RunResult) => void;
  readonly enqueued: number;
}

interface Worker {
  readonly proc: ChildProcess;
  state: 'starting' | 'idle' | 'busy' | 'retiring' | 'dead';
  runs: number;
  /** When the worker last became idle: work goes to the one idle longest (see dispatch). */
  idleSince: number;
  current: {
    id: number;
    pending: Pending;
    killTimer: NodeJS.Timeout;
    started: number;
    killed: boolean;
  } | null;
  stderrTail: string;
}

export interface PoolStats {
  readonly workers: number;
  readonly idle: number;
  readonly queued: number;
  readonly crashes: number;
  readonly recycled: number;
  /** Process ids of the live workers (operators correlate them with system tools). */
  readonly pids: readonly number[];
  readonly busyPids: readonly number[];
}

export class WorkerPool {
  private readonly workers = new Set<Worker>();
  private readonly queue: Pending[] = [];
  private readonly entry: WorkerEntry;
  private nextId = 1;
  private closed = false;
  private crashes = 0;
  private recycled = 0;
  private readyWaiters: (() => void)[] = [];

  constructor(private readonly opts: PoolOptions) {
    this.entry = opts.entry ?? resolveWorkerEntry();
    assertWorkerEntry(this.entry);
    for (let i = 0; i < opts.workers; i++) this.spawn();
  }

  /** Resolves when every worker has started (used by benches and start-up readiness). */
  async ready(): Promise<void> {
    while (!this.closed && [...this.workers].some((w) => w.state === 'starting')) {
      await new Promise<void>((r) => this.readyWaiters.push(r));
    }
  }

  stats(): PoolStats {
    const all = [...this.workers].filter((w) => w.state !== 'retiring' && w.state !== 'dead');
    return {
      workers: all.length,
      idle: all.filter((w) => w.state === 'idle').length,
      queued: this.queue.length,
      crashes: this.crashes,
      recycled: this.recycled,
      pids: all.map((w) => w.proc.pid ?? -1),
      busyPids: all.filter((w) => w.state === 'busy').map((w) => w.proc.pid ?? -1),
    };
  }

  run(job: PoolJob): Promise<RunResult> {
    if (this.closed)
      return Promise.resolve(failed({ code: 'sandbox_busy', message: 'sandbox is shut down' }));
    if (this.queue.length >= this.opts.maxQueue)
      return Promise.resolve(failed({ code: 'sandbox_busy', message: 'sandbox queue is full' }));
    return new Promise<RunResult>((resolve) => {
      this.queue.push({ job, resolve, enqueued: performance.now() });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0))
      p.resolve(failed({ code: 'sandbox_busy', message: 'sandbox is shut down' }));
    const exits = [...this.workers].map(
      (w) =>
        new Promise<void>((r) => {
          if (w.proc.exitCode !== null || w.proc.signalCode !== null) return r();
          w.proc.once('exit', () => r());
          w.proc.kill('SIGKILL');
        }),
    );
    await Promise.all(exits);
    for (const r of this.readyWaiters.splice(0)) r();
  }

  private spawn(): void {
    if (this.closed) return;
    const proc = fork(this.entry.file, [], {
      execArgv: [...this.entry.execArgv],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'json',
      // Nothing of agentwall's environment (keys, cloud credentials, NODE_OPTIONS) reaches the
      // process that runs hostile code.
      env: {},
    });
    const w: Worker = { proc, state: 'starting', runs: 0, idleSince: 0, current: null, stderrTail: '' };
    this.workers.add(w);
    proc.stderr?.on('data', (d: Buffer) => {
      w.stderrTail = (w.stderrTail + d.toString('utf8')).slice(-2048);
    });
    proc.on('message', (raw) => this.onMessage(w, parseFromWorker(raw)));
    proc.on('exit', () => this.onExit(w));
    proc.on('error', () => {
      // 'exit' follows; a failed IPC send is handled there too.
    });
  }

  private onMessage(w: Worker, m: FromWorker | null): void {
    if (m === null) {
      this.kill(w, 'protocol');
      return;
    }
    if (m.t === 'ready') {
      if (w.state !== 'starting') return;
      w.state = 'idle';
      w.idleSince = performance.now();
      this.send(w, { t: 'prewarm', memoryMb: this.opts.prewarmMemoryMb });
      this.wakeReady();
      this.dispatch();
      return;
    }
    const cur = w.current;
    if (!cur || m.id !== cur.id) return;
    if (m.t === 'cap') {
      cur.pending.job.onCapability(m.op, m.json).then(
        (json) => this.send(w, { t: 'cap-reply', id: m.id, callId: m.callId, ok: true, json }),
        (e: unknown) =>
          this.send(w, {
            t: 'cap-reply',
            id: m.id,
            callId: m.callId,
            ok: false,
            json: JSON.stringify(runError(e)),
          }),
      );
      return;
    }
    clearTimeout(cur.killTimer);
    w.current = null;
    w.runs++;
    cur.pending.resolve(toRunResult(m.result, cur.pending.job.limits.maxOutputBytes));
    if (w.runs >= this.opts.recycleAfterRuns || m.rss > this.opts.maxWorkerRssMb * 1024 * 1024) {
      this.recycled++;
      this.retire(w);
    } else {
      w.state = 'idle';
      w.idleSince = performance.now();
    }
    this.dispatch();
  }

  private onExit(w: Worker): void {
    const wasRetiring = w.state === 'retiring';
    w.state = 'dead';
    this.workers.delete(w);
    const cur = w.current;
    w.current = null;
    if (cur) {
      clearTimeout(cur.killTimer);
      this.crashes += cur.killed ? 0 : 1;
      const wallMs = performance.now() - cur.started;
      cur.pending.resolve(
        failed(
          cur.killed
            ? {
                code: 'timeout',
                message: `wall-clock limit of ${cur.pending.job.limits.wallMs} ms exceeded; worker killed`,
              }
            : { code: 'sandbox_crashed', message: 'the sandbox worker crashed while running the tool' },
          wallMs,
        ),
      );
    } else if (!wasRetiring && !this.closed) {
      this.crashes++;
    }
    // A retired worker was replaced when it was retired. The replacement is forked on the next
    // turn, so the caller's next call reaches a warm worker before fork() and the new worker's
    // start-up compete with it for the CPU.
    if (!this.closed && !wasRetiring) setImmediate(() => this.spawn());
    this.wakeReady();
    this.dispatch();
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const w = this.longestIdle();
      if (!w) return;
      const pending = this.queue.shift()!;
      const id = this.nextId++;
      const { job } = pending;
      const killTimer = setTimeout(() => {
        if (w.current?.id !== id) return;
        w.current.killed = true;
        w.proc.kill('SIGKILL');
      }, job.limits.wallMs + this.opts.killGraceMs);
      w.state = 'busy';
      w.current = { id, pending, killTimer, started: performance.now(), killed: false };
      const msg: RunMessage = {
        t: 'run',
        id,
        tool: job.tool,
        sourceKey: job.sourceKey,
        source: job.source,
        argsJson: job.argsJson,
        limits: job.limits,
        caps: job.caps,
      };
      this.send(w, msg);
    }
  }

  /**
   * The idle worker that finished last the longest time ago: a worker readies its next context
   * (on the isolate's own thread) after each answer, so spreading calls gives each worker the
   * most time for that, and keeps every worker warm.
   */
  private longestIdle(): Worker | undefined {
    let best: Worker | undefined;
    for (const w of this.workers) {
      if (w.state === 'idle' && (!best || w.idleSince < best.idleSince)) best = w;
    }
    return best;
  }

  private send(w: Worker, m: ToWorker): void {
    if (!w.proc.connected) return;
    try {
      w.proc.send(m);
    } catch {
      this.kill(w, 'send');
    }
  }

  private retire(w: Worker): void {
    w.state = 'retiring';
    w.proc.kill('SIGKILL');
    this.spawn();
  }

  private kill(w: Worker, _why: string): void {
    if (w.state === 'dead') return;
    w.proc.kill('SIGKILL');
  }

  private wakeReady(): void {
    for (const r of this.readyWaiters.splice(0)) r();
  }
}

function runError(e: unknown): RunError {
  const o = e as Partial<RunError> | null;
  if (o && typeof o.code === 'string' && typeof o.message === 'string')
    return typeof o.retryAfterMs === 'number'
      ? { code: o.code, message: o.message, retryAfterMs: o.retryAfterMs }
      : { code: o.code, message: o.message };
  return { code: 'internal_error', message: 'capability failed' };
}

function failed(error: RunError, wallMs = 0): RunResult {
  return {
    ok: false,
    error,
    usage: { cpuMs: 0, wallMs: Math.round(wallMs * 1000) / 1000, memoryBytes: 0 },
    logs: [],
  };
}

function toRunResult(r: Extract<FromWorker, { t: 'done' }>['result'], maxOutputBytes: number): RunResult {
  if (!r.ok) return { ok: false, error: r.error, usage: r.usage, logs: r.logs };
  // The worker is untrusted: its claim that the output fits is checked again here.
  if (Buffer.byteLength(r.json) > maxOutputBytes + 64)
    return {
      ok: false,
      error: { code: 'output_too_large', message: `result exceeds ${maxOutputBytes} bytes` },
      usage: r.usage,
      logs: r.logs,
    };
  let value: JsonValue;
  try {
    value = JSON.parse(r.json) as JsonValue;
  } catch {
    return {
      ok: false,
      error: { code: 'invalid_output', message: 'result is not JSON' },
      usage: r.usage,
      logs: r.logs,
    };
  }
  if (depthOf(value) > MAX_RESULT_DEPTH)
    return {
      ok: false,
      error: { code: 'invalid_output', message: `result nested deeper than ${MAX_RESULT_DEPTH}` },
      usage: r.usage,
      logs: r.logs,
    };
  return { ok: true, value, usage: r.usage, logs: r.logs };
}

/** Deeper results would make the host recurse when it serialises the response. */
export const MAX_RESULT_DEPTH = 64;

function depthOf(root: JsonValue): number {
  let max = 0;
  const stack: [JsonValue, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (d > max) max = d;
    if (max > MAX_RESULT_DEPTH) return max;
    for (const c of Array.isArray(v) ? v : Object.values(v)) stack.push([c, d + 1]);
  }
  return max;
}
