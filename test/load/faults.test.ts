/**
 * Fault tests under load: autocannon against the real server on 127.0.0.1 while one dependency
 * misbehaves. The service must keep answering — no connection errors, no timeouts, no 5xx — and
 * every decision it acknowledged must be in the audit log. Latency is measured by
 * bench/load.ts, never asserted here.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditSink } from '../../src/audit/index.js';
import {
  type Answer,
  blackHole,
  crashLoop,
  type LoadRequest,
  type LoadResult,
  policiesWithJudgeAt,
  reloadLoop,
  runLoad,
  slowSink,
} from '../helpers/load.js';
import { demoConfig, demoServer, KEYS, memorySink, ROOT } from '../helpers/runtime.js';

const SECONDS = 2;
const CONNECTIONS = 8;

const GUARD: LoadRequest[] = [
  {
    path: '/v1/guard/tool-call',
    key: KEYS.support,
    body: { tool: 'db_query', args: { table: 'orders', limit: 5 } },
  },
  { path: '/v1/guard/tool-call', key: KEYS.support, body: { tool: 'shell_exec', args: { command: 'id' } } },
  {
    path: '/v1/guard/tool-call',
    key: KEYS.support,
    body: { tool: 'send_email', args: { to: ['a@example.com'], subject: 's', body: 'b' } },
  },
];

type Started = Awaited<ReturnType<typeof demoServer>>;
let started: Started[] = [];
afterEach(async () => {
  await Promise.all(started.map((s) => s.server.stop()));
  started = [];
});

async function serve(audit: AuditSink, policiesDir?: string): Promise<Started> {
  const config = demoConfig({
    server: { port: 0 },
    ...(policiesDir ? { policies: { dir: policiesDir } } : {}),
  });
  const s = await demoServer({ audit, config });
  started.push(s);
  return s;
}

/** Every answer is a decision whose audit event exists; returns the problems found (empty = good). */
function unaudited(answers: readonly Answer[], sink: { events: { id: string }[] }): string[] {
  const ids = new Set(sink.events.map((e) => e.id));
  const problems: string[] = [];
  for (const a of answers) {
    if (a.status !== 200) problems.push(`status ${a.status}`);
    else if (!['allow', 'deny', 'review'].includes(String(a.decision)))
      problems.push(`no decision: ${String(a.decision)}`);
    else if (typeof a.auditId !== 'string' || !ids.has(a.auditId))
      problems.push(`not audited: ${String(a.auditId)}`);
    if (problems.length > 5) break;
  }
  return problems;
}

function expectServed(r: LoadResult): void {
  expect(r.total).toBeGreaterThan(0);
  expect({ errors: r.errors, timeouts: r.timeouts, non2xx: r.non2xx }).toEqual({
    errors: 0,
    timeouts: 0,
    non2xx: 0,
  });
  expect(r.answers.length).toBe(r.total);
}

describe('under load', () => {
  it('should answer and audit every decision with no fault (baseline)', async () => {
    const sink = memorySink();
    const { server } = await serve(sink);
    const r = await runLoad(server.url, GUARD, { seconds: SECONDS, connections: CONNECTIONS });
    expectServed(r);
    expect(unaudited(r.answers, sink)).toEqual([]);
    expect(new Set(r.answers.map((a) => a.decision))).toEqual(new Set(['allow', 'deny']));
  });

  it('should keep answering, and audit every acknowledged decision, while the audit store is slow', async () => {
    const sink = memorySink();
    const { server } = await serve(slowSink(sink, 2, 25));
    const r = await runLoad(server.url, GUARD, { seconds: SECONDS, connections: CONNECTIONS });
    expectServed(r);
    expect(unaudited(r.answers, sink)).toEqual([]);
  });

  it('should keep answering while the policy set reloads continuously', async () => {
    const sink = memorySink();
    const { server, runtime } = await serve(sink);
    const stop = reloadLoop(runtime, 20);
    const r = await runLoad(server.url, GUARD, { seconds: SECONDS, connections: CONNECTIONS });
    const reloads = await stop();
    expect(reloads).toBeGreaterThan(1);
    expectServed(r);
    expect(unaudited(r.answers, sink)).toEqual([]);
    // A reload never leaves a request without a policy set (that would be an internal_error deny).
    expect(new Set(r.answers.map((a) => a.rule)).has('internal_error')).toBe(false);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/agentwall_policy_reloads_total\{result="ok"\} [1-9]/);
  });

  const hasSandbox = existsSync(resolve(ROOT, 'src/sandbox/index.ts'));
  it.skipIf(!hasSandbox)(
    hasSandbox
      ? 'should keep answering while sandbox workers crash'
      : 'sandbox worker crash (skipped: no sandbox layer in this build)',
    async () => {
      const sink = memorySink();
      const { server, runtime } = await serve(sink);
      const deps = runtime.deps as unknown as { sandbox?: { warm(): Promise<void> } };
      await deps.sandbox?.warm();
      const exec: LoadRequest[] = [
        { path: '/v1/tools/calculator/execute', key: KEYS.support, body: { args: { expression: '6*7' } } },
        GUARD[0]!,
      ];
      const stop = crashLoop('worker', 150);
      const r = await runLoad(server.url, exec, { seconds: SECONDS, connections: CONNECTIONS });
      const kills = stop();
      expect(kills).toBeGreaterThan(0);
      expectServed(r);
      expect(unaudited(r.answers, sink)).toEqual([]);
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      expect(metrics).toMatch(/agentwall_sandbox_worker_crashes_total [1-9]/);
      expect(metrics).toMatch(/agentwall_sandbox_runs_total\{tool="calculator",outcome="ok"\} [1-9]/);
    },
  );

  const hasFirewall = existsSync(resolve(ROOT, 'src/firewall/index.ts'));
  it.skipIf(!hasFirewall)(
    hasFirewall
      ? 'should keep answering, and fail closed, while the LLM judge endpoint never answers'
      : 'LLM judge timeout (skipped: no firewall layer in this build)',
    async () => {
      const hole = await blackHole();
      try {
        // The shipped policies, with the judge on, pointed at an endpoint that never answers, and
        // asked about every text (the whole score range is its grey zone).
        const dir = policiesWithJudgeAt(hole.url);
        const sink = memorySink();
        const { server } = await serve(sink, dir);
        const input: LoadRequest[] = [
          {
            path: '/v1/guard/input',
            key: KEYS.support,
            body: { text: 'Please summarise the attached quarterly report.' },
          },
        ];
        const r = await runLoad(server.url, input, { seconds: SECONDS, connections: CONNECTIONS });
        expectServed(r);
        expect(unaudited(r.answers, sink)).toEqual([]);
        expect(hole.hits()).toBeGreaterThan(0);
        // The judge's silence counts as its fixed verdict ("attack"): nothing is allowed unjudged.
        expect(new Set(r.answers.map((a) => a.decision))).toEqual(new Set(['deny']));
        const metrics = await (await fetch(`${server.url}/metrics`)).text();
        expect(metrics).toMatch(/agentwall_detector_errors_total\{detector="llm_judge"\} [1-9]/);
      } finally {
        await hole.close();
      }
    },
  );
});
