import { resolve } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import type { AuditSink } from '../../src/audit/index.js';
import { type Config, type LoadOptions, loadConfig } from '../../src/config/index.js';
import { createRuntime, type Runtime, type RuntimeOptions } from '../../src/runtime.js';
import { listen, type RunningServer } from '../../src/server/serve.js';
import type { AuditEvent } from '../../src/types.js';

export const ROOT = resolve(import.meta.dirname, '../..');
export const DEMO_CONFIG = resolve(ROOT, 'agentwall.yaml');

export const KEYS = {
  support: 'aw_demo_support_agent_key',
  research: 'aw_demo_research_agent_key',
  ops: 'aw_demo_ops_agent_key',
  admin: 'aw_demo_policy_admin_key',
  auditor: 'aw_demo_auditor_key',
  approver: 'aw_demo_approver_key',
  globex: 'aw_demo_other_tenant_key',
} as const;

/** A logger that keeps its lines in memory, so tests can assert on what was logged. */
export function memoryLogger(level = 'info') {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      for (const line of chunk.toString().split('\n')) if (line) lines.push(JSON.parse(line));
      cb();
    },
  });
  const logger = pino({ level, redact: { paths: ['args', '*.args'], censor: '[REDACTED]' } }, stream);
  return { logger, lines };
}

/** An audit sink that keeps events in memory (the durable store has its own tests). */
export function memorySink(): AuditSink & { events: AuditEvent[] } {
  const events: AuditEvent[] = [];
  return {
    events,
    async record(e) {
      events.push(e);
      return e.id;
    },
    async close() {},
  };
}

export function demoConfig(overrides: NonNullable<LoadOptions['overrides']> = {}): Config {
  return loadConfig({
    file: DEMO_CONFIG,
    env: {},
    overrides: { log: { level: 'silent' }, audit: { db: ':memory:' }, ...overrides },
  });
}

export async function demoRuntime(opts: RuntimeOptions & { config?: Config } = {}): Promise<Runtime> {
  const { logger } = memoryLogger('silent');
  return createRuntime(opts.config ?? demoConfig(), { logger, ...opts });
}

/** The real server on an ephemeral loopback port. */
export async function demoServer(
  opts: RuntimeOptions & { config?: Config } = {},
): Promise<{ runtime: Runtime; server: RunningServer }> {
  const config = opts.config ?? demoConfig({ server: { port: 0 } });
  const runtime = await demoRuntime({ ...opts, config });
  const server = await listen(runtime, config);
  return { runtime, server };
}

export function jsonRequest(
  body: unknown,
  key: string | null = KEYS.support,
  headers: Record<string, string> = {},
): RequestInit {
  return {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(key === null ? {} : { authorization: `Bearer ${key}` }),
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  };
}

// biome-ignore lint/suspicious/noExplicitAny: test bodies are asserted on, not trusted
export type Json = any;

/** A response body for assertions. */
export function json(res: Response): Promise<Json> {
  return res.json() as Promise<Json>;
}
