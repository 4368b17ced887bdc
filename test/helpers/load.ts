/**
 * Load and fault harness shared by the fault tests (short, in CI) and bench/load.ts (longer,
 * with latency figures). Load comes from autocannon against the real server on 127.0.0.1; faults
 * are injected through the same seams production code uses (audit sink, policy store, worker
 * processes, detector endpoint).
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import type { AuditSink } from '../../src/audit/index.js';
import type { Runtime } from '../../src/runtime.js';

export interface LoadRequest {
  readonly path: string;
  readonly key: string;
  readonly body: unknown;
}

export interface Answer {
  readonly status: number;
  readonly decision: unknown;
  readonly auditId: unknown;
  readonly rule: unknown;
}

export interface LoadResult {
  readonly total: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly answers: Answer[];
}

/** Runs autocannon for `seconds`, cycling through `requests`, keeping the gist of every answer. */
export async function runLoad(
  url: string,
  requests: readonly LoadRequest[],
  opts: { seconds: number; connections: number; keepAnswers?: boolean },
): Promise<LoadResult> {
  const answers: Answer[] = [];
  const keep = opts.keepAnswers ?? true;
  const r = await autocannon({
    url,
    connections: opts.connections,
    duration: opts.seconds,
    timeout: 10,
    requests: requests.map((q) => ({
      method: 'POST' as const,
      path: q.path,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${q.key}` },
      body: JSON.stringify(q.body),
      onResponse: (status: number, body: string) => {
        if (!keep) return;
        let parsed: { decision?: unknown; auditId?: unknown; reasons?: { rule?: unknown }[] } = {};
        try {
          parsed = JSON.parse(body);
        } catch {
          // An unparseable body is kept as an answer without a decision: the test then fails on it.
        }
        answers.push({
          status,
          decision: parsed.decision,
          auditId: parsed.auditId,
          rule: parsed.reasons?.[0]?.rule,
        });
      },
    })),
  });
  return {
    total: r.requests.total,
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
    rps: r.requests.average,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    answers,
  };
}

/** An audit sink that takes `minMs`..`maxMs` per append: a slow disk or a remote store under strain. */
export function slowSink(inner: AuditSink, minMs: number, maxMs: number): AuditSink {
  return {
    async record(e) {
      await new Promise((r) => setTimeout(r, minMs + Math.random() * (maxMs - minMs)));
      return inner.record(e);
    },
    close: () => inner.close(),
  };
}

/**
 * Hot-reloads the policy set every `intervalMs` while load runs, through the runtime's
 * PolicyReloader (build, run the set's own tests, atomic swap, reload event). Two versions
 * alternate — the files on disk and the same files with a comment added — so every reload is a
 * real swap. Returns a stop function resolving to the number of swaps.
 */
export function reloadLoop(rt: Runtime, intervalMs: number): () => Promise<number> {
  let n = 0;
  let stopped = false;
  const reloader = rt.deps.policyReloader;
  const loop = (async () => {
    const base = rt.deps.policies.current();
    if (!base) throw new Error('no policy set to reload');
    const variant = new Map(base.files);
    variant.set('rules.yaml', `${base.files.get('rules.yaml') ?? ''}\n# reloaded under load\n`);
    const sets = [await reloader.candidate(variant), await reloader.candidate(new Map(base.files))];
    while (!stopped) {
      const r = await reloader.apply(sets[n % 2]!, 'load-test');
      if (r.changed) n++;
      await new Promise((res) => setTimeout(res, intervalMs));
    }
  })();
  return async () => {
    stopped = true;
    await loop;
    return n;
  };
}

/** Child processes of this process whose command line contains `marker` (Linux /proc). */
export function childPids(marker: string): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== process.pid) continue;
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmd.includes(marker)) out.push(Number(entry));
    } catch {
      // The process exited between listing and reading: not a candidate.
    }
  }
  return out;
}

/** SIGKILLs one matching child every `intervalMs`; returns a stop function resolving to the kill count. */
export function crashLoop(marker: string, intervalMs: number): () => number {
  let kills = 0;
  const timer = setInterval(() => {
    const pid = childPids(marker)[0];
    if (pid === undefined) return;
    try {
      process.kill(pid, 'SIGKILL');
      kills++;
    } catch {
      // Already gone.
    }
  }, intervalMs);
  return () => {
    clearInterval(timer);
    return kills;
  };
}

/** An HTTP endpoint on 127.0.0.1 that accepts requests and never answers (a hung LLM judge). */
export async function blackHole(): Promise<{ url: string; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const server: Server = createServer(() => {
    hits++;
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits: () => hits,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/**
 * A copy of the shipped policies with the LLM judge on, asked about every text (the whole score
 * range is its grey zone), at `url`, with a 200 ms timeout and the fail-closed verdict.
 */
export function policiesWithJudgeAt(url: string): string {
  const root = resolve(import.meta.dirname, '../..');
  const dir = mkdtempSync(join(tmpdir(), 'aw-judge-'));
  cpSync(resolve(root, 'policies'), dir, { recursive: true });
  const doc = parseYaml(readFileSync(join(dir, 'firewall.yaml'), 'utf8'));
  doc.detect.judge = {
    ...doc.detect.judge,
    enabled: true,
    url: `${url}/v1/chat/completions`,
    timeoutMs: 200,
    greyZone: { low: 0, high: 1 },
    onError: 'attack',
  };
  writeFileSync(join(dir, 'firewall.yaml'), stringifyYaml(doc));
  return dir;
}
