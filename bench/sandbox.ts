/**
 * Sandbox figures: overhead of a trivial tool (warm and cold) against calling the same function
 * directly in Node, pool throughput, how close to their limit runaway loops are stopped, and how
 * soon the next call succeeds after a worker crash.
 */
import { loadavg } from 'node:os';
import { createSandbox } from '../src/sandbox/index.js';
import type { RunnableTool, SandboxLimits } from '../src/sandbox/types.js';
import { flag, percentiles, report, round } from './lib/stats.js';

const N = flag('n', 2000);
// The machine is shared: the load average says how much of the tail is contention.
const loadAtStart = round(loadavg()[0] ?? 0, 2);
const limits: SandboxLimits = { memoryMb: 32, cpuMs: 1000, wallMs: 2000, maxOutputBytes: 65_536 };
const trivialSource = 'export default (a) => ({ sum: a.x + a.y });';
const trivial: RunnableTool = { name: 'trivial', source: trivialSource, limits, capabilities: {} };
const direct = (a: { x: number; y: number }) => ({ sum: a.x + a.y });

const sb = createSandbox({
  workers: 2,
  maxQueue: 1024,
  recycleAfterRuns: 1e9,
  maxWorkerRssMb: 4096,
  killGraceMs: 250,
  prewarmMemoryMb: 32,
});
await sb.ready();
const ctx = { tenant: 'bench' };

// Direct call, for the baseline (the function plus JSON round trip the sandbox also pays).
const directUs: number[] = [];
for (let i = 0; i < N; i++) {
  const t0 = performance.now();
  JSON.parse(JSON.stringify(direct(JSON.parse(JSON.stringify({ x: i, y: 1 })))));
  directUs.push((performance.now() - t0) * 1000);
}

// Warm: sequential runs once every worker has compiled the tool.
for (let i = 0; i < 50; i++) await sb.run(trivial, { x: i, y: 1 }, ctx);
const warmRoundTripMs: number[] = [];
const warmInsideMs: number[] = [];
for (let i = 0; i < N; i++) {
  const t0 = performance.now();
  const r = await sb.run(trivial, { x: i, y: 1 }, ctx);
  warmRoundTripMs.push(performance.now() - t0);
  if (!r.ok) throw new Error(`warm run failed: ${r.error.code}`);
  warmInsideMs.push(r.usage.wallMs);
}

// Cold: a memory size not seen before forces a new isolate (and a first compile) per run.
const coldMs: number[] = [];
for (let i = 0; i < 20; i++) {
  const t0 = performance.now();
  const r = await sb.run({ ...trivial, limits: { ...limits, memoryMb: 40 + i } }, { x: 1, y: 2 }, ctx);
  coldMs.push(performance.now() - t0);
  if (!r.ok) throw new Error(`cold run failed: ${r.error.code}`);
}

// Throughput with the pool kept busy.
const total = N;
const concurrency = 16;
let next = 0;
const t0 = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < total) {
      next++;
      await sb.run(trivial, { x: next, y: 1 }, ctx);
    }
  }),
);
const throughput = total / ((performance.now() - t0) / 1000);

// Runaway loops: time from the call to its answer, against the limit.
async function stopTime(body: string, limitMs: number, reps: number) {
  const over: number[] = [];
  const codes = new Set<string>();
  for (let i = 0; i < reps; i++) {
    const tool: RunnableTool = {
      name: 'loop',
      source: `export default async () => { ${body} }`,
      limits: { ...limits, cpuMs: limitMs, wallMs: limitMs },
      capabilities: {},
    };
    const s = performance.now();
    const r = await sb.run(tool, {}, ctx);
    over.push(((performance.now() - s) / limitMs - 1) * 100);
    if (!r.ok) codes.add(r.error.code);
  }
  return { limitMs, overshootPct: percentiles(over, [50, 100]), codes: [...codes] };
}
const syncLoop = await stopTime('for (;;) {}', 500, 5);
const asyncLoop = await stopTime('for (;;) { await null; }', 500, 5);
const timerLoop = await stopTime(
  'const t = () => setTimeout(t, 0); t(); await new Promise(() => {});',
  500,
  5,
);

// Crash recovery: kill the worker running a call, then time until the next call has succeeded.
const recoverMs: number[] = [];
const detectMs: number[] = [];
for (let i = 0; i < 5; i++) {
  await sb.ready();
  const hang: RunnableTool = {
    name: 'hang',
    source: 'export default () => new Promise(() => {})',
    limits: { ...limits, wallMs: 30_000, cpuMs: 30_000 },
    capabilities: {},
  };
  const pending = sb.run(hang, {}, ctx);
  let busy: readonly number[] = [];
  while (busy.length === 0) {
    await new Promise((r) => setTimeout(r, 5));
    busy = sb.stats().busyPids;
  }
  const k = performance.now();
  process.kill(busy[0]!, 'SIGKILL');
  const crashed = await pending;
  if (crashed.ok || crashed.error.code !== 'sandbox_crashed') throw new Error('expected sandbox_crashed');
  detectMs.push(performance.now() - k);
  const r = await sb.run(trivial, { x: 1, y: 1 }, ctx);
  if (!r.ok) throw new Error('call after crash failed');
  recoverMs.push(performance.now() - k);
}
const stats = sb.stats();
await sb.close();

report({
  directUs: percentiles(directUs, [50, 99]),
  warmInsideExecutorMs: percentiles(warmInsideMs, [50, 99]),
  warmRoundTripMs: percentiles(warmRoundTripMs, [50, 99]),
  coldNewIsolateMs: percentiles(coldMs, [50, 99]),
  throughputRunsPerSec: round(throughput, 0),
  runawaySyncLoop: syncLoop,
  runawayAsyncLoop: asyncLoop,
  runawayTimerLoop: timerLoop,
  crashToNextSuccessMs: percentiles(recoverMs, [50, 100]),
  crashToCrashAnswerMs: percentiles(detectMs, [50, 100]),
  workerCrashes: stats.crashes,
  workers: 2,
  iterations: N,
  loadAverage1m: { start: loadAtStart, end: round(loadavg()[0] ?? 0, 2) },
});
