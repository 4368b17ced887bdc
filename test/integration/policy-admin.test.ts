import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.js';
import { demoConfig, demoRuntime, json, jsonRequest, KEYS, ROOT } from '../helpers/runtime.js';

const RULES = readFileSync(resolve(ROOT, 'policies/rules.yaml'), 'utf8');

function put(rt: Runtime, body: unknown, key: string = KEYS.admin, method = 'PUT') {
  return rt.app.request('/v1/policies', { ...jsonRequest(body, key), method });
}

describe('policy admin API', () => {
  let rt: Runtime;
  beforeAll(async () => {
    rt = await demoRuntime();
  });
  afterAll(() => rt.close());

  it('should show the active version and history to a policy admin only', async () => {
    const res = await rt.app.request('/v1/policies', { headers: { authorization: `Bearer ${KEYS.admin}` } });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.active.version).toMatch(/^[0-9a-f]{16}$/);
    expect(body.active.files).toContain('tests/demo.yaml');
    for (const key of [KEYS.support, KEYS.research, KEYS.auditor, KEYS.approver]) {
      expect(
        (await rt.app.request('/v1/policies', { headers: { authorization: `Bearer ${key}` } })).status,
      ).toBe(403);
    }
    expect((await put(rt, { files: { 'rules.yaml': RULES } }, KEYS.ops)).status).toBe(403);
  });

  it('should refuse an invalid set with file and line and keep the last good set serving', async () => {
    const before = rt.deps.policies.current()!.version;
    const broken = RULES.replace('effect: deny', 'effect: deny\n    priority: 1');
    const res = await put(rt, { files: { 'rules.yaml': broken } });
    expect(res.status).toBe(422);
    const body = await json(res);
    expect(body.code).toBe('policy_invalid');
    expect(body.detail).toMatch(/rules\.yaml:\d+: .*unknown field "priority"/);
    expect(rt.deps.policies.current()!.version).toBe(before);
  });

  it('should refuse a set whose own tests fail, naming the failing case', async () => {
    const before = rt.deps.policies.current()!.version;
    const looser = RULES.replace(
      'wait for an approver.\n    tenant: acme\n    effect: review',
      'wait for an approver.\n    tenant: acme\n    effect: allow',
    );
    expect(looser).not.toBe(RULES);
    const res = await put(rt, { files: { 'rules.yaml': looser } });
    expect(res.status).toBe(422);
    const body = await json(res);
    expect(body.detail).toMatch(/policy test\(s\) failed/);
    expect(body.errors[0].path).toMatch(/^tests\/demo\.yaml:\d+$/);
    expect(rt.deps.policies.current()!.version).toBe(before);
  });

  it('should refuse catastrophic regexes and file names outside the set', async () => {
    const evil = RULES.replace('regex: "[0-9+*/%^(). eE-]+"', 'regex: "(a+)+$"');
    expect((await json(await put(rt, { files: { 'rules.yaml': evil } }))).detail).toMatch(
      /nested quantifiers/,
    );
    expect((await put(rt, { files: { '../agentwall.yaml': 'x' } })).status).toBe(400);
    expect((await put(rt, { files: { 'rules.yaml': 42 } })).status).toBe(400);
  });

  it('should activate a valid set atomically, then roll back to the previous version', async () => {
    const before = rt.deps.policies.current()!.version;
    const next = RULES.replace('At most 20 page fetches', 'At most twenty page fetches');
    const res = await put(rt, { files: { 'rules.yaml': next } });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.changed).toBe(true);
    expect(body.tests.failed).toBe(0);
    expect(rt.deps.policies.current()!.version).toBe(body.activated.version);
    const hist = await json(
      await rt.app.request('/v1/policies', { headers: { authorization: `Bearer ${KEYS.admin}` } }),
    );
    expect(hist.history.map((h: { version: string }) => h.version)).toEqual([body.activated.version, before]);

    const rb = await rt.app.request('/v1/policies/rollback', jsonRequest({ version: before }, KEYS.admin));
    expect(rb.status).toBe(200);
    expect(rt.deps.policies.current()!.version).toBe(before);
    const missing = await rt.app.request(
      '/v1/policies/rollback',
      jsonRequest({ version: '0000000000000000' }, KEYS.admin),
    );
    expect(missing.status).toBe(404);
  });

  it('should dry-run cases against a candidate without activating it', async () => {
    const before = rt.deps.policies.current()!.version;
    const candidate = RULES.replace('max: 100 }', 'max: 10 }');
    const res = await rt.app.request(
      '/v1/policies/test',
      jsonRequest(
        {
          files: { 'rules.yaml': candidate },
          cases: [
            {
              note: 'refund of 40',
              request: {
                principal: 'agent:support-bot',
                tool: 'payment_refund',
                args: { paymentId: 'pay_8f3a91c2e7', amount: 40, currency: 'EUR', reason: 'dup' },
              },
              want: { decision: 'allow' },
            },
          ],
        },
        KEYS.admin,
      ),
    );
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.results[0]).toMatchObject({ pass: false, got: { decision: 'deny' } });
    expect(body.results[0].explanation.policy.failedConditions[0]).toMatchObject({
      code: 'number_above_max',
    });
    expect(rt.deps.policies.current()!.version).toBe(before);
  });
});

describe('hot reload from the policies directory', () => {
  let rt: Runtime;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'aw-reload-'));
    cpSync(resolve(ROOT, 'policies'), dir, { recursive: true });
    rt = await demoRuntime({ config: demoConfig({ policies: { dir, watch: true } }) });
  });
  afterAll(async () => {
    await rt.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function until(pred: () => boolean, ms = 5000): Promise<void> {
    const end = Date.now() + ms;
    while (!pred()) {
      if (Date.now() > end) throw new Error('timed out waiting for reload');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('should swap in a changed valid set and refuse an invalid one with file:line', async () => {
    const v0 = rt.deps.policies.current()!.version;
    writeFileSync(join(dir, 'rules.yaml'), RULES.replace('Every acme agent.', 'Every agent of acme.'));
    await until(() => rt.deps.policies.current()!.version !== v0);
    const v1 = rt.deps.policies.current()!.version;

    writeFileSync(join(dir, 'rules.yaml'), RULES.replace('tenants:', 'tenants: [oops'));
    await until(() => rt.deps.policyReloader.status.lastError !== null);
    expect(rt.deps.policyReloader.status.lastError).toMatch(/rules\.yaml:\d+/);
    expect(rt.deps.policies.current()!.version).toBe(v1);
    const res = await rt.app.request(
      '/v1/guard/tool-call',
      jsonRequest({ tool: 'calculator', args: { expression: '1+1' } }, KEYS.ops),
    );
    expect(await json(res)).toMatchObject({ decision: 'allow', policyVersion: v1 });
  });
});
