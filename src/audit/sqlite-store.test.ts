import { mkdtempSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chainHash } from './chain.js';
import { generateSigner, memoryKeyring } from './keys.js';
import { openAuditStore } from './open.js';
import { SqliteAuditStore } from './sqlite-store.js';
import { AuditUnavailableError } from './store.js';
import { makeEvent } from './testing.js';

let dir: string;
let path: string;
const key1 = generateSigner();
const keyring = memoryKeyring(key1);

function open(opts: Partial<ConstructorParameters<typeof SqliteAuditStore>[0]> = {}) {
  return new SqliteAuditStore({ path, keyring, checkpointEvery: 5, checkpointIntervalMs: 0, ...opts });
}

async function fill(store: SqliteAuditStore, n: number, from = 0) {
  return Promise.all(Array.from({ length: n }, (_, i) => store.append(makeEvent(from + i))));
}

/** A second connection, as an attacker with write access to the file would have. */
function tamper(sql: string, ...params: unknown[]) {
  const db = new Database(path);
  db.prepare(sql).run(...params);
  db.close();
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'aw-audit-'));
  path = join(dir, 'audit.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('SqliteAuditStore append', () => {
  it('chains every event to the previous one and commits before resolving', async () => {
    const store = open();
    const stored = await fill(store, 12);
    expect(stored.map((e) => e.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    for (let i = 1; i < stored.length; i++) expect(stored[i]!.prevHash).toBe(stored[i - 1]!.hash);
    // Visible to another connection as soon as the promise resolved: it was committed.
    const other = new Database(path, { readonly: true });
    expect((other.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n).toBe(12);
    other.close();
    expect(await store.get(stored[3]!.id)).toEqual(stored[3]);
    expect(await store.get('nope')).toBeNull();
    await store.close();
  });

  it('batches concurrent appends into few transactions and keeps their order', async () => {
    const store = open({ checkpointEvery: 100_000 });
    const stored = await fill(store, 3000);
    expect(new Set(stored.map((e) => e.seq)).size).toBe(3000);
    expect((await store.verify({ full: true })).ok).toBe(true);
    await store.close();
  });

  it('continues the chain after reopening', async () => {
    let store = open();
    await fill(store, 7);
    await store.close();
    store = open();
    const [next] = await fill(store, 1, 7);
    expect(next!.seq).toBe(8);
    const report = await store.verify({ full: true });
    expect(report).toMatchObject({ ok: true, events: 8, lastSeq: 8, checkpoints: 1 });
    await store.close();
  });

  it('rejects an event that is not JSON without storing anything', async () => {
    const store = open();
    await expect(store.append(makeEvent(1, { latencyMs: Number.NaN }))).rejects.toBeInstanceOf(
      AuditUnavailableError,
    );
    expect((await store.head()).count).toBe(0);
    await store.close();
  });

  it('fails appends with the reason when the disk is full, and recovers when space returns', async () => {
    const store = open();
    await fill(store, 3);
    const db = (store as unknown as { db: Database.Database }).db;
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages}`);
    const big = { blob: 'x'.repeat(200_000) };
    const err = await store.append(makeEvent(4, { args: big })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuditUnavailableError);
    expect((err as AuditUnavailableError).reason).toBe('disk or database is full');
    db.pragma('max_page_count = 1073741823');
    await store.append(makeEvent(5));
    expect((await store.verify({ full: true })).ok).toBe(true);
    await store.close();
  });
});

describe('openAuditStore on a bad file', () => {
  it('refuses appends when the file is not SQLite', async () => {
    writeFileSync(path, 'this is not a database, just some text that is long enough '.repeat(100));
    const store = openAuditStore({ path, keys: keyring });
    expect(store.unavailable).toBe('file is not an audit database');
    await expect(store.append(makeEvent(1))).rejects.toBeInstanceOf(AuditUnavailableError);
    expect((await store.verify()).failure?.problem).toBe('unreadable');
  });

  it('refuses appends or reports corruption when the file was truncated', async () => {
    const store = open({ checkpointEvery: 1000 });
    await Promise.all(
      Array.from({ length: 2000 }, (_, i) => store.append(makeEvent(i, { args: { pad: 'y'.repeat(500) } }))),
    );
    await store.close();
    truncateSync(path, Math.floor(statSync(path).size / 2));
    const reopened = openAuditStore({ path, keys: keyring });
    if (reopened.unavailable === null) {
      const report = await reopened.verify({ full: true });
      expect(report.ok).toBe(false);
      const appended = await reopened.append(makeEvent(99_999)).then(
        () => 'stored',
        () => 'refused',
      );
      // Either SQLite notices the damage on write, or the stored event lands after a log that no longer verifies.
      expect(['stored', 'refused']).toContain(appended);
      await reopened.close();
    } else {
      expect(reopened.unavailable).toMatch(/corrupt|not an audit database/);
    }
  });
});

describe('verify', () => {
  it('passes on an intact log and counts events after the last checkpoint', async () => {
    const store = open();
    await fill(store, 12);
    const r = await store.verify();
    expect(r).toMatchObject({
      ok: true,
      events: 12,
      firstSeq: 1,
      lastSeq: 12,
      checkpoints: 1,
      failure: null,
    });
    expect(r.unanchored).toBe(0);
    await fill(store, 3, 12);
    expect((await store.verify()).unanchored).toBe(3);
    await store.close();
  });

  const cases: [string, (s: SqliteAuditStore) => Promise<void> | void, number, string][] = [
    [
      'a changed body',
      () =>
        tamper(
          'UPDATE events SET body = replace(body, \'"decision":"deny"\', \'"decision":"allow"\') WHERE seq = 4',
        ),
      4,
      'altered',
    ],
    [
      'a partial index that would hide denials from filtered queries',
      () => {
        const db = new Database(path);
        db.exec(
          "DROP INDEX events_tenant_ts; CREATE INDEX events_tenant_ts ON events (tenant, ts) WHERE decision != 'deny'",
        );
        db.close();
      },
      1,
      'altered',
    ],
    ['a deleted event', () => tamper('DELETE FROM events WHERE seq = 3'), 3, 'deleted'],
    [
      'an event rewritten with a recomputed hash',
      () => {
        const db = new Database(path);
        const row = db.prepare('SELECT body, prev_hash FROM events WHERE seq = 7').get() as {
          body: string;
          prev_hash: string;
        };
        const body = row.body
          .replace('"decision":"allow"', '"decision":"deny"')
          .replace('"decision":"review"', '"decision":"deny"');
        db.prepare('UPDATE events SET body = ?, hash = ? WHERE seq = 7').run(
          body,
          chainHash(row.prev_hash, body),
        );
        db.close();
      },
      8,
      'altered',
    ],
    [
      'two swapped events',
      () => {
        const db = new Database(path);
        db.exec(
          `UPDATE events SET seq = -3 WHERE seq = 3; UPDATE events SET seq = 3 WHERE seq = 4; UPDATE events SET seq = 4 WHERE seq = -3;`,
        );
        db.close();
      },
      3,
      'reordered',
    ],
    [
      'an inserted event',
      () => {
        const db = new Database(path);
        db.exec(
          'UPDATE events SET seq = seq + 1000 WHERE seq >= 5; UPDATE events SET seq = seq - 999 WHERE seq >= 1000;',
        );
        const prev = (db.prepare('SELECT hash FROM events WHERE seq = 4').get() as { hash: string }).hash;
        const body = JSON.stringify(makeEvent(500));
        db.prepare('INSERT INTO events (seq, body, prev_hash, hash) VALUES (5, ?, ?, ?)').run(
          body,
          prev,
          chainHash(prev, body),
        );
        db.close();
      },
      5,
      'inserted',
    ],
    [
      'the tail cut off before the last checkpoint',
      () => tamper('DELETE FROM events WHERE seq >= 9'),
      9,
      'truncated',
    ],
    [
      'a forged checkpoint signature',
      () => tamper('UPDATE checkpoints SET time = ? WHERE count = 12', '2020-01-01T00:00:00.000Z'),
      12,
      'bad_signature',
    ],
  ];
  it.each(cases)('finds %s and says where', async (_name, act, seq, problem) => {
    let store = open();
    await fill(store, 12);
    await store.close();
    await act(store);
    store = open();
    const r = await store.verify();
    expect(r.ok).toBe(false);
    expect(r.failure).toMatchObject({ seq, problem });
    await store.close();
  });

  it('refuses to write an indexed column apart from the hashed record', () => {
    const store = open();
    store.close();
    expect(() => tamper("UPDATE events SET tenant = 'other' WHERE seq = 1")).toThrow(/generated column/);
  });

  it('notices tampering by another process after an earlier verification in this process', async () => {
    const store = open();
    await fill(store, 12);
    expect((await store.verify()).ok).toBe(true);
    tamper("UPDATE events SET body = replace(body, 'acme', 'acmf') WHERE seq = 2");
    expect((await store.verify()).failure).toMatchObject({ seq: 2, problem: 'altered' });
    await store.close();
  });

  it('verifies across a key rotation with every known public key, and names an unknown key', async () => {
    const key2 = generateSigner();
    let store = open({ keyring: memoryKeyring(key1) });
    await fill(store, 5);
    await store.close();
    store = open({ keyring: memoryKeyring(key1, key2) });
    await fill(store, 5, 5);
    expect((await store.verify()).ok).toBe(true);
    await store.close();
    store = open({ keyring: memoryKeyring(key2) });
    expect((await store.verify()).failure).toMatchObject({ seq: 5, problem: 'unknown_key' });
    await store.close();
  });
});

describe('prune', () => {
  it('removes old events behind a signed anchor so what remains still verifies', async () => {
    const store = open();
    await fill(store, 20);
    const cutoff = Date.parse(makeEvent(8).time);
    const { removed, anchor } = await store.prune(cutoff);
    expect(removed).toBe(8);
    expect(anchor).toMatchObject({ count: 8, kind: 'prune' });
    const r = await store.verify({ full: true });
    expect(r).toMatchObject({ ok: true, firstSeq: 9, lastSeq: 20, events: 12 });
    await fill(store, 3, 20);
    expect((await store.verify({ full: true })).ok).toBe(true);
    await store.close();
  });

  it('detects removal of the front of the log without an anchor', async () => {
    let store = open();
    await fill(store, 12);
    await store.close();
    tamper('DELETE FROM events WHERE seq <= 2');
    store = open();
    expect((await store.verify()).failure).toMatchObject({ seq: 1, problem: 'deleted' });
    await store.close();
  });

  it('refuses to prune a log that does not verify', async () => {
    const store = open();
    await fill(store, 12);
    tamper("UPDATE events SET body = replace(body, 'acme', 'acmx') WHERE seq = 2");
    await expect(store.prune(Date.now())).rejects.toThrow(/does not verify/);
    await store.close();
  });
});

describe('query', () => {
  it('pages through a filter with keyset cursors, without gaps or repeats, in both orders', async () => {
    const store = open({ checkpointEvery: 1000 });
    await fill(store, 200);
    for (const order of ['asc', 'desc'] as const) {
      const seen: number[] = [];
      let after: { ts: number; seq: number } | undefined;
      for (;;) {
        const page = await store.query({
          filter: { tenant: 'acme' },
          order,
          limit: 7,
          ...(after ? { after } : {}),
        });
        seen.push(...page.events.map((e) => e.seq));
        expect(page.events.every((e) => e.tenant === 'acme')).toBe(true);
        if (!page.next) break;
        after = page.next;
      }
      const expected = Array.from({ length: 200 }, (_, i) => i + 1).filter(
        (i) => makeEvent(i - 1).tenant === 'acme',
      );
      expect(seen).toEqual(order === 'asc' ? expected : expected.reverse());
    }
    await store.close();
  });

  it('filters by time range, decision, rule, principal, tool, session and reason text', async () => {
    const store = open({ checkpointEvery: 1000 });
    await fill(store, 100);
    const from = Date.parse(makeEvent(10).time);
    const to = Date.parse(makeEvent(20).time);
    const page = await store.query({ filter: { from, to }, order: 'asc', limit: 100 });
    expect(page.events.map((e) => e.seq)).toEqual(Array.from({ length: 10 }, (_, i) => 11 + i));
    const denied = await store.query({
      filter: { decision: 'deny', rule: 'deny-shell' },
      order: 'asc',
      limit: 100,
    });
    expect(denied.events.length).toBeGreaterThan(0);
    expect(
      denied.events.every((e) => e.decision === 'deny' && e.reasons.some((r) => r.rule === 'deny-shell')),
    ).toBe(true);
    const text = await store.query({ filter: { q: 'BY RULE HOST_NOT' }, order: 'asc', limit: 100 });
    expect(text.events.length).toBe(
      Array.from({ length: 100 }, (_, i) => makeEvent(i)).filter(
        (e) => e.reasons[0]!.rule === 'host_not_allowed',
      ).length,
    );
    const one = await store.query({
      filter: { principal: 'agent:ops-bot', tool: 'fs.write', session: 's-2' },
      order: 'asc',
      limit: 100,
    });
    expect(
      one.events.every(
        (e) => e.principal === 'agent:ops-bot' && e.tool === 'fs.write' && e.session === 's-2',
      ),
    ).toBe(true);
    await store.close();
  });

  it('treats SQL-shaped filter values as plain text', async () => {
    const store = open();
    await fill(store, 10);
    for (const v of ["' OR 1=1 --", 'acme" OR ""="', "x'); DROP TABLE events; --", '%', '_']) {
      const page = await store.query({ filter: { tenant: v, q: v }, order: 'asc', limit: 50 });
      expect(page.events).toEqual([]);
    }
    expect((await store.head()).count).toBe(10);
    expect((await store.verify({ full: true })).ok).toBe(true);
    await store.close();
  });

  it('exports every matching event in order and summarises decisions', async () => {
    const store = open({ checkpointEvery: 1000 });
    await fill(store, 2500);
    let n = 0;
    let last = 0;
    for await (const e of store.export({})) {
      expect(e.seq).toBeGreaterThan(last);
      last = e.seq;
      n++;
    }
    expect(n).toBe(2500);
    const s = await store.summary({}, 10);
    expect(s.total).toBe(2500);
    expect(s.byDecision.allow + s.byDecision.deny + s.byDecision.review).toBe(2500);
    expect(s.series.reduce((a, b) => a + b.allow + b.deny + b.review, 0)).toBe(2500);
    expect(s.topDeniedTools[0]!.count).toBeGreaterThan(0);
    await store.close();
  });
});
