import { describe, expect, it } from 'vitest';
import {
  CANARY_PREFIX,
  canaryFindings,
  findCanaries,
  issueCanary,
  MemoryCanaryStore,
  newCanaryToken,
} from './index.js';

describe('canary tokens', () => {
  it('have a recognisable shape and do not repeat', () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => newCanaryToken()));
    expect(tokens.size).toBe(1000);
    for (const t of tokens) expect(t).toMatch(new RegExp(`^${CANARY_PREFIX}-[a-z]{24}$`));
  });
});

describe('MemoryCanaryStore', () => {
  it('expires canaries after their ttl', () => {
    let now = 1_000;
    const store = new MemoryCanaryStore({ now: () => now });
    const c = issueCanary(store, 's1', { ttlMs: 500, now });
    expect(findCanaries([c.token], store)).toHaveLength(1);
    now = 1_600;
    expect(findCanaries([c.token], store)).toHaveLength(0);
    expect(store.size()).toBe(0);
  });

  it('holds at most maxEntries and refuses more instead of evicting a live canary', () => {
    let now = 0;
    const store = new MemoryCanaryStore({ maxEntries: 3, now: () => now });
    const issued = Array.from({ length: 3 }, (_, i) => issueCanary(store, `s${i}`, { ttlMs: 100, now }));
    expect(() => issueCanary(store, 'flood', { now })).toThrow(/too many live canaries/);
    expect(store.size()).toBe(3);
    expect(findCanaries([issued[0]!.token], store)).toHaveLength(1);
    now = 200; // all expired: room again
    expect(issueCanary(store, 's9', { now }).session).toBe('s9');
  });
});

describe('findCanaries', () => {
  const store = new MemoryCanaryStore();
  const c = issueCanary(store, 'sess-a');

  it('finds a canary as written, upper-cased or with separators between its letters', () => {
    expect(findCanaries([`the prompt says ${c.token}.`], store)).toEqual([c]);
    expect(findCanaries([c.token.toUpperCase()], store)).toEqual([c]);
    expect(findCanaries([[...c.token].join(' ')], store)).toEqual([c]);
  });

  it('ignores unknown tokens of the same shape and text without the prefix', () => {
    expect(findCanaries([newCanaryToken(), 'awc is not a canary', ''], store)).toEqual([]);
  });

  it('reports same-session and cross-session leaks as critical without echoing the token', () => {
    const [own] = canaryFindings([c], 'sess-a');
    const [other] = canaryFindings([c], 'sess-b');
    expect(own).toMatchObject({ type: 'canary_leak', severity: 'critical', layer: 'output' });
    expect(other?.message).toContain('another session');
    expect(JSON.stringify([own, other])).not.toContain(c.token);
  });

  it('stays linear on text full of the prefix', () => {
    expect(findCanaries(['awc'.repeat(500_000)], store)).toEqual([]);
  });
});
