/**
 * Entry point of a sandbox worker process (forked by the supervisor, with --no-node-snapshot).
 * It owns the isolates, runs one call at a time, and forwards capability calls to the supervisor,
 * which performs them: the worker holds no credentials, no kv and makes no network requests.
 */
import { IsolateHost } from './isolate.js';
import type { CapMessage, DoneMessage, FromWorker, RunMessage, ToWorker } from './protocol.js';

const host = new IsolateHost();
const waiting = new Map<number, { resolve: (json: string) => void; reject: (e: unknown) => void }>();
let nextCall = 1;
let busy = false;

function post(m: FromWorker): void {
  process.send?.(m);
}

async function onRun(msg: RunMessage, arrived: number): Promise<void> {
  busy = true;
  const result = await host.run(
    msg,
    (op, json) => {
      const callId = nextCall++;
      const cap: CapMessage = { t: 'cap', id: msg.id, callId, op, json };
      return new Promise<string>((resolve, reject) => {
        waiting.set(callId, { resolve, reject });
        post(cap);
      });
    },
    arrived,
  );
  waiting.clear();
  busy = false;
  // The figure operators and the bench see: from the request reaching the worker to the answer
  // leaving it (the run's own wall time plus this worker's bookkeeping).
  const usage = { ...result.usage, wallMs: Math.round((performance.now() - arrived) * 1000) / 1000 };
  const done: DoneMessage = {
    t: 'done',
    id: msg.id,
    result: { ...result, usage },
    rss: process.memoryUsage.rss(),
  };
  post(done);
  // Only now, with the answer on its way: ready a fresh context (and isolate) for the next call.
  host.afterAnswer();
}

process.on('message', (raw: unknown) => {
  const arrived = performance.now();
  const m = raw as ToWorker;
  if (m?.t === 'run' && !busy) {
    void onRun(m, arrived);
  } else if (m?.t === 'cap-reply') {
    const w = waiting.get(m.callId);
    if (!w) return;
    waiting.delete(m.callId);
    if (m.ok) w.resolve(m.json);
    else {
      try {
        w.reject(JSON.parse(m.json));
      } catch {
        w.reject({ code: 'internal_error', message: 'bad capability reply' });
      }
    }
  } else if (m?.t === 'prewarm' && typeof m.memoryMb === 'number') {
    host.prewarm(m.memoryMb);
  }
});

// The supervisor going away must not leave orphaned isolates running.
process.on('disconnect', () => {
  host.disposeAll();
  process.exit(0);
});

post({ t: 'ready' });
