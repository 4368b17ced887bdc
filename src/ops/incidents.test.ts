import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AgentwallError } from '../errors.js';
import { type IncidentRules, loadIncidentRules, parseIncidentRules } from './incident-rules.js';
import { IncidentClassifier, type Signal } from './incidents.js';

const RULES_PATH = fileURLToPath(new URL('../../policies/incidents.yaml', import.meta.url));

function sig(type: string, fields: Signal['fields'] = {}): Signal {
  return { type, fields, at: Date.now(), mono: performance.now() };
}

function classifier(rules: IncidentRules = loadIncidentRules(RULES_PATH)) {
  let now = 5_000_000;
  const c = new IncidentClassifier(rules, { now: () => now });
  return { c, advance: (ms: number) => (now += ms) };
}

describe('incident rules file', () => {
  it('should load the shipped policies/incidents.yaml', () => {
    const r = loadIncidentRules(RULES_PATH);
    expect(r.rules.length).toBeGreaterThan(5);
    expect(r.rules.find((x) => x.id === 'canary-leak')?.severity).toBe('P0');
  });

  it.each([
    ['an unknown severity', { rules: [{ id: 'a', signal: 's', severity: 'P9', title: 't' }] }],
    ['a missing title', { rules: [{ id: 'a', signal: 's', severity: 'P1' }] }],
    ['an unknown key', { rules: [{ id: 'a', signal: 's', severity: 'P1', title: 't', page: true }] }],
    [
      'both threshold and ratio',
      {
        rules: [
          {
            id: 'a',
            signal: 's',
            severity: 'P1',
            title: 't',
            threshold: { count: 1, windowSeconds: 1 },
            ratio: { match: {}, atLeast: 0.5, minEvents: 1, windowSeconds: 1 },
          },
        ],
      },
    ],
    [
      'a zero window',
      {
        rules: [
          { id: 'a', signal: 's', severity: 'P1', title: 't', threshold: { count: 1, windowSeconds: 0 } },
        ],
      },
    ],
    ['a non-object', 'rules: nope'],
    [
      'duplicate ids',
      {
        rules: [
          { id: 'a', signal: 's', severity: 'P1', title: 't' },
          { id: 'a', signal: 's', severity: 'P2', title: 't' },
        ],
      },
    ],
  ])('should refuse %s with config_invalid', (_name, data) => {
    expect(() => parseIncidentRules(data)).toThrow(AgentwallError);
  });

  it('should refuse an unreadable file without crashing', () => {
    expect(() => loadIncidentRules('/nonexistent/incidents.yaml')).toThrow(/cannot read incident rules/);
  });
});

describe('IncidentClassifier', () => {
  it('should raise a P0 for a canary leak and a sandbox escape attempt at the first signal', () => {
    const { c } = classifier();
    expect(c.classify(sig('canary_leak', { tenant: 'acme', tool: 'web.get', canaryId: 'c1' }))).toMatchObject(
      [{ severity: 'P0', rule: 'canary-leak', group: { tenant: 'acme' }, count: 1 }],
    );
    expect(c.classify(sig('sandbox_escape', { tenant: 'acme', tool: 'evil' }))[0]?.severity).toBe('P0');
  });

  it('should raise a P1 only once injection blocks reach the threshold within the window', () => {
    const { c, advance } = classifier();
    for (let i = 0; i < 19; i++) expect(c.classify(sig('firewall_block', { tenant: 'acme' }))).toEqual([]);
    const out = c.classify(sig('firewall_block', { tenant: 'acme' }));
    expect(out).toMatchObject([{ severity: 'P1', rule: 'injection-spike', count: 20 }]);
    // Another tenant has its own window.
    expect(c.classify(sig('firewall_block', { tenant: 'other' }))).toEqual([]);
    advance(61_000);
    expect(c.classify(sig('firewall_block', { tenant: 'other' }))).toEqual([]);
  });

  it('should raise a P2 when a tool fails at least half of its runs, after the minimum sample', () => {
    const { c } = classifier();
    const raised = [];
    for (let i = 0; i < 10; i++) {
      raised.push(...c.classify(sig('sandbox_run', { tool: 'flaky', ok: i % 2 === 0 })));
      raised.push(...c.classify(sig('sandbox_run', { tool: 'fine', ok: true })));
    }
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ severity: 'P2', rule: 'tool-failure-rate', group: { tool: 'flaky' } });
  });

  it('should not alert for a tool that fails rarely', () => {
    const { c } = classifier();
    const raised = [];
    for (let i = 0; i < 100; i++)
      raised.push(...c.classify(sig('sandbox_run', { tool: 'ok', ok: i % 10 !== 0 })));
    expect(raised).toEqual([]);
  });

  it('should fold duplicates of an open incident and raise again after the dedup window', () => {
    const { c, advance } = classifier();
    expect(c.classify(sig('canary_leak', { tenant: 'acme' }))).toHaveLength(1);
    expect(c.classify(sig('canary_leak', { tenant: 'acme' }))).toHaveLength(0);
    expect(c.classify(sig('canary_leak', { tenant: 'beta' }))).toHaveLength(1);
    expect(c.stats.dedup).toBe(1);
    advance(301_000);
    expect(c.classify(sig('canary_leak', { tenant: 'acme' }))).toHaveLength(1);
  });

  it('should pick the rule whose where clause matches', () => {
    const { c } = classifier();
    expect(c.classify(sig('safe_mode_entered', { scope: 'global', actor: 'auto' }))[0]?.severity).toBe('P1');
    expect(c.classify(sig('safe_mode_entered', { scope: 'global', actor: 'admin' }))[0]?.severity).toBe('P3');
  });

  it('should rate limit P1-P3 incidents but never P0, and report what it dropped', () => {
    const rules = parseIncidentRules({
      rateLimit: { perMinute: 2 },
      rules: [
        { id: 'low', signal: 'noise', severity: 'P3', title: 'noise', groupBy: ['n'] },
        { id: 'page', signal: 'leak', severity: 'P0', title: 'leak', groupBy: ['n'] },
      ],
    });
    const { c, advance } = classifier(rules);
    const low = [];
    for (let i = 0; i < 5; i++) low.push(...c.classify(sig('noise', { n: i })));
    expect(low).toHaveLength(2);
    expect(c.stats.rateLimited).toBe(3);
    const leaks = [];
    for (let i = 0; i < 5; i++) leaks.push(...c.classify(sig('leak', { n: i })));
    expect(leaks).toHaveLength(5);
    // The next incident that goes out says how many were dropped before it.
    expect(leaks[0]?.suppressedBefore).toBe(3);
    expect(leaks[1]?.suppressedBefore).toBe(0);
    advance(61_000);
    expect(c.classify(sig('noise', { n: 99 }))).toHaveLength(1);
  });

  it('should ignore signals no rule names', () => {
    const { c } = classifier();
    expect(c.classify(sig('nobody_cares'))).toEqual([]);
  });
});
