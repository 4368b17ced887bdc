import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AgentwallError } from '../errors.js';
import type { Principal } from '../types.js';
import { decide, loadPolicySet } from './index.js';

const DEMO = resolve(import.meta.dirname, '../../policies');
const agent = (id: string, tenant = 'acme'): Principal => ({ id, tenant, roles: ['agent'], keyId: 'k' });

function copyDemo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'aw-policy-'));
  cpSync(DEMO, dir, { recursive: true });
  return dir;
}

async function loadError(dir: string): Promise<AgentwallError> {
  try {
    await loadPolicySet(dir);
  } catch (err) {
    if (err instanceof AgentwallError) return err;
    throw err;
  }
  throw new Error('expected the set to be refused');
}

function editRules(dir: string, edit: (text: string) => string): void {
  const file = join(dir, 'rules.yaml');
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
}

describe('loadPolicySet', () => {
  it('should load the demo set with a content-hash version', async () => {
    const set = await loadPolicySet(DEMO);
    expect(set.version).toMatch(/^[0-9a-f]{16}$/);
    expect(set.registry.names()).toHaveLength(11);
    expect((await loadPolicySet(DEMO)).version).toBe(set.version);
  });

  it('should change version when any file changes', async () => {
    const dir = copyDemo();
    const before = (await loadPolicySet(dir)).version;
    editRules(dir, (t) => `${t}\n# comment\n`);
    expect((await loadPolicySet(dir)).version).not.toBe(before);
  });

  it.each([
    ['a YAML syntax error', (t: string) => t.replace('tenants:', 'tenants: [oops'), /rules\.yaml:\d+/],
    [
      'an unknown field',
      (t: string) => t.replace('effect: deny', 'effect: deny\n    priority: 1'),
      /unknown field "priority"/,
    ],
    [
      'a duplicate rule id',
      (t: string) => t.replace('id: research-web', 'id: base-calculator'),
      /duplicate rule id "base-calculator"/,
    ],
    [
      'a rule naming a missing tool',
      (t: string) => t.replace('tools: [calculator]', 'tools: [teleport]'),
      /unknown tool "teleport"/,
    ],
    [
      'a rule naming an unknown role',
      (t: string) => t.replace('subjects: [role:base]', 'subjects: [role:ghost]'),
      /unknown role "role:ghost"/,
    ],
    [
      'a role inheritance cycle',
      (t: string) =>
        t.replace('description: Every acme agent.', 'description: Every acme agent.\n    inherits: [ops]'),
      /cycle: .*ops/,
    ],
    ['an unknown effect', (t: string) => t.replace('effect: deny', 'effect: maybe'), /effect/],
    [
      'a duplicate YAML key',
      (t: string) => t.replace('effect: deny', 'effect: deny\n    effect: allow'),
      /rules\.yaml/,
    ],
  ])('should refuse %s with file and line', async (_name, edit, message) => {
    const dir = copyDemo();
    editRules(dir, edit);
    const err = await loadError(dir);
    expect(err.code).toBe('policy_invalid');
    expect(err.detail).toMatch(message);
  });

  it('should refuse a tool whose schema does not compile in strict mode', async () => {
    const dir = copyDemo();
    writeFileSync(
      join(dir, 'tools', 'bad.json'),
      JSON.stringify({
        name: 'bad',
        description: 'd',
        risk: 'low',
        sideEffects: ['read'],
        input: { type: 'object', propertiez: {} },
        output: {},
      }),
    );
    expect((await loadError(dir)).detail).toMatch(/bad\.json: schema does not compile/);
  });

  it('should refuse a tool spec with an unknown side effect', async () => {
    const dir = copyDemo();
    writeFileSync(
      join(dir, 'tools', 'bad.json'),
      JSON.stringify({
        name: 'bad',
        description: 'd',
        risk: 'low',
        sideEffects: ['teleport'],
        input: {},
        output: {},
      }),
    );
    expect((await loadError(dir)).detail).toMatch(/bad\.json/);
  });

  it('should refuse a model without the hit(p.id) collector', async () => {
    const dir = copyDemo();
    writeFileSync(
      join(dir, 'model.conf'),
      readFileSync(join(dir, 'model.conf'), 'utf8').replace(' && hit(p.id)', ''),
    );
    expect((await loadError(dir)).detail).toMatch(/model\.conf/);
  });
});

describe('decide', () => {
  it('should report every matched rule in the explanation, not only the first deny', async () => {
    const set = await loadPolicySet(DEMO);
    const d = decide(set, {
      principal: agent('agent:ops-bot'),
      tool: 'payment_refund',
      args: { amount: 5000 },
    });
    expect(d.decision).toBe('deny');
    expect(d.explanation.matchedAllow).toEqual([]);
    // Casbin's effector stops at the first deny; both deny rules must still be named.
    expect(d.explanation.matchedDeny.map((r) => r.id).sort()).toEqual(['ops-no-payments', 'refund-hard-cap']);
    expect(d.explanation.matchedDeny[0]?.line).toBeGreaterThan(1);
  });

  it('should name allow rules whose conditions failed, with the failed condition', async () => {
    const set = await loadPolicySet(DEMO);
    const d = decide(set, {
      principal: agent('agent:support-bot'),
      tool: 'payment_refund',
      args: { amount: -5 },
    });
    expect(d.decision).toBe('deny');
    expect(d.reasons[0]).toMatchObject({ rule: 'support-refund-small' });
    expect(d.explanation.failedConditions).toContainEqual(
      expect.objectContaining({ rule: 'support-refund-small', arg: 'amount', code: 'number_below_min' }),
    );
  });

  it('should give the same answer from the memo as from Casbin', async () => {
    const set = await loadPolicySet(DEMO);
    const first = decide(set, { principal: agent('agent:support-bot'), tool: 'send_email', args: {} });
    const again = decide(set, { principal: agent('agent:support-bot'), tool: 'send_email', args: {} });
    expect(again).toEqual(first);
    expect(first.explanation.matchedAllow.map((r) => r.id)).toEqual(['support-email']);
    const fresh = await loadPolicySet(DEMO);
    set.matcher.match('agent:ops-bot', 'acme', 'payment_refund');
    expect(set.matcher.match('agent:ops-bot', 'acme', 'payment_refund')).toEqual(
      fresh.matcher.match('agent:ops-bot', 'acme', 'payment_refund'),
    );
  });

  it('should keep tenants apart: a role in acme grants nothing in globex', async () => {
    const set = await loadPolicySet(DEMO);
    expect(
      decide(set, { principal: agent('agent:ops-bot', 'globex'), tool: 'calculator', args: {} }).decision,
    ).toBe('deny');
  });
});
