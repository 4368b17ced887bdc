import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeSinks, createLogSink, createStoreSink } from '../../src/audit/index.js';
import type { Runtime } from '../../src/runtime.js';
import { tempStore } from '../helpers/audit.js';
import { demoRuntime, type Json, json, jsonRequest, KEYS, memoryLogger } from '../helpers/runtime.js';

const refund = { paymentId: 'pay_12345678', amount: 25, currency: 'USD', reason: 'damaged on arrival' };

describe('audit API over the real pipeline and a real SQLite store', () => {
  let rt: Runtime;
  const t = tempStore();
  const { logger, lines } = memoryLogger('info');
  const ids: string[] = [];

  beforeAll(async () => {
    rt = await demoRuntime({
      logger,
      auditStore: t.store,
      audit: composeSinks(createStoreSink(t.store), createLogSink(logger)),
    });
    const calls = [
      [{ tool: 'payment_refund', args: refund, session: 'sess-1' }, KEYS.support],
      [{ tool: 'shell_exec', args: { command: 'uptime' } }, KEYS.support],
      [{ tool: 'payment_refund', args: refund }, KEYS.ops],
      [{ tool: 'shell_exec', args: { command: 'uptime' } }, KEYS.ops],
      [{ tool: 'launch_missiles', args: { password: 'hunter2' } }, KEYS.support],
      [{ tool: 'shell_exec', args: { command: 'ls' } }, KEYS.globex],
    ] as const;
    for (const [body, key] of calls) {
      const res = await json(await rt.app.request('/v1/guard/tool-call', jsonRequest(body, key)));
      ids.push(res.auditId);
    }
  });
  afterAll(async () => {
    await rt.close();
    await t.cleanup();
  });

  const get = (path: string, key: string | null = KEYS.auditor) =>
    rt.app.request(path, { headers: key ? { authorization: `Bearer ${key}` } : {} });

  it('should store each decision before answering, and log it after', async () => {
    expect(ids.every((id) => typeof id === 'string')).toBe(true);
    const stored = await t.store.get(ids[0]!);
    expect(stored).toMatchObject({ seq: 1, decision: 'allow', tool: 'payment_refund', session: 'sess-1' });
    const logged = lines.filter((l) => l.msg === 'decision');
    expect(logged.map((l) => l.auditId)).toEqual(ids);
    expect(JSON.stringify(lines)).not.toContain('hunter2');
  });

  it('should list the auditor tenant only, newest first, with a working cursor', async () => {
    const first = await json(await get('/v1/audit?limit=2'));
    expect(first.events).toHaveLength(2);
    expect(first.events[0].seq).toBeGreaterThan(first.events[1].seq);
    expect(first.next).toEqual(expect.any(String));
    const all: number[] = first.events.map((e: { seq: number }) => e.seq);
    let cursor = first.next;
    while (cursor) {
      const page = await json(await get(`/v1/audit?limit=2&cursor=${encodeURIComponent(cursor)}`));
      all.push(...page.events.map((e: { seq: number }) => e.seq));
      cursor = page.next;
    }
    expect(all).toEqual([5, 4, 3, 2, 1]);
  });

  it('should filter by decision, principal, tool and rule', async () => {
    const denied = await json(await get('/v1/audit?decision=deny&order=asc'));
    expect(denied.events.map((e: { seq: number }) => e.seq)).toEqual([2, 3, 5]);
    const ops = await json(await get('/v1/audit?principal=agent:ops-bot&tool=shell_exec'));
    expect(ops.events).toHaveLength(1);
    const rule = await json(await get('/v1/audit?rule=unknown_tool'));
    expect(rule.events.map((e: { tool: string }) => e.tool)).toEqual(['launch_missiles']);
    const text = await json(await get('/v1/audit?q=payments'));
    expect(text.events.length).toBeGreaterThanOrEqual(0);
  });

  it('should refuse another tenant and hide its events', async () => {
    expect((await get('/v1/audit?tenant=globex')).status).toBe(403);
    expect((await get(`/v1/audit/${ids[5]}`)).status).toBe(404);
    expect((await get(`/v1/audit/${ids[0]}`)).status).toBe(200);
  });

  it('should refuse agents and anonymous callers', async () => {
    expect((await get('/v1/audit', KEYS.support)).status).toBe(403);
    expect((await get('/v1/audit/verify', KEYS.admin)).status).toBe(403);
    expect((await get('/v1/audit', null)).status).toBe(401);
  });

  it('should verify the chain and report where an edit broke it', async () => {
    expect(await json(await get('/v1/audit/verify'))).toMatchObject({ ok: true, events: 6, lastSeq: 6 });
    const db = new Database(t.path);
    db.prepare(
      'UPDATE events SET body = replace(body, \'"decision":"deny"\', \'"decision":"allow"\') WHERE seq = 3',
    ).run();
    db.close();
    const report = await json(await get('/v1/audit/verify'));
    expect(report).toMatchObject({ ok: false, failure: { seq: 3, problem: 'altered' } });
    const fix = new Database(t.path);
    fix
      .prepare(
        'UPDATE events SET body = replace(body, \'"decision":"allow"\', \'"decision":"deny"\') WHERE seq = 3',
      )
      .run();
    fix.close();
    expect(await json(await get('/v1/audit/verify?full=true'))).toMatchObject({ ok: true });
  });

  it('should export JSON lines and injection-safe CSV as a stream', async () => {
    const jsonl = await (await get('/v1/audit/export?format=jsonl')).text();
    const rows = jsonl
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    const res = await get('/v1/audit/export?format=csv&decision=deny');
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="agentwall-audit-.*\.csv"/);
    const csv = (await res.text()).trim().split('\r\n');
    expect(csv[0]).toMatch(/^seq,id,time/);
    expect(csv).toHaveLength(4);
    expect((await get('/v1/audit/export?format=xml')).status).toBe(400);
  });
});

describe('fail closed when the audit store cannot write', () => {
  it('should deny with audit_unavailable, say why, and report not ready', async () => {
    const t = tempStore();
    const rt = await demoRuntime({ auditStore: t.store, audit: createStoreSink(t.store) });
    const db = (t.store as unknown as { db: Database.Database }).db;
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true })}`);
    // Fill the last free pages: every answer is either stored (with an audit id) or a deny.
    let body: Json = null;
    for (let i = 0; i < 2000; i++) {
      const res = await rt.app.request(
        '/v1/guard/tool-call',
        jsonRequest({ tool: 'payment_refund', args: refund }, KEYS.support),
      );
      body = await json(res);
      if (body.auditId === null) break;
      expect(body.decision).toBe('allow');
    }
    expect(body).toMatchObject({
      decision: 'deny',
      auditId: null,
      reasons: [
        {
          layer: 'audit',
          rule: 'audit_unavailable',
          message: expect.stringContaining('disk or database is full'),
        },
      ],
    });
    await rt.close();
    await t.cleanup();
  });

  it('should deny everything and fail readiness when the file is not SQLite', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'aw-bad-'));
    writeFileSync(join(dir, 'audit.db'), 'not a database '.repeat(500));
    const { demoConfig } = await import('../helpers/runtime.js');
    const rt = await demoRuntime({
      config: demoConfig({ audit: { db: join(dir, 'audit.db'), keyDir: join(dir, 'keys') } }),
    });
    const body = await json(
      await rt.app.request(
        '/v1/guard/tool-call',
        jsonRequest({ tool: 'payment_refund', args: refund }, KEYS.support),
      ),
    );
    expect(body).toMatchObject({
      decision: 'deny',
      reasons: [{ rule: 'audit_unavailable', message: expect.stringContaining('not an audit database') }],
    });
    const ready = await rt.app.request('/readyz');
    expect(ready.status).toBe(503);
    expect((await json(ready)).detail).toContain('audit');
    const api = await rt.app.request('/v1/audit', { headers: { authorization: `Bearer ${KEYS.auditor}` } });
    expect(api.status).toBe(503);
    await rt.close();
  });
});
