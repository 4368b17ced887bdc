import type Database from 'better-sqlite3';
import type { AuditEvent, DecisionValue } from '../types.js';
import { chainHash, eventBody, GENESIS_HASH, type StoredAuditEvent } from './chain.js';
import { type Checkpoint, type CheckpointKind, signCheckpoint } from './checkpoint.js';
import { GroupCommitter } from './group-commit.js';
import type { Keyring } from './keys.js';
import { openDatabase, type SyncMode } from './schema.js';
import { pageSql, whereOf } from './sql-filter.js';
import { describeSqliteError } from './sqlite-errors.js';
import { type VerifyCache, verifySqlite } from './sqlite-verify.js';
import {
  type AuditFilter,
  type AuditPage,
  type AuditQuery,
  type AuditStore,
  type AuditSummary,
  AuditUnavailableError,
  type PruneResult,
  type VerifyOptions,
} from './store.js';
import type { VerifyReport } from './verify.js';
import { WalSync } from './wal-sync.js';

export interface SqliteStoreOptions {
  readonly path: string;
  readonly keyring: Keyring;
  readonly synchronous?: SyncMode;
  /** A checkpoint is signed after this many events ... */
  readonly checkpointEvery?: number;
  /** ... or after this many ms with unsigned events, whichever comes first. 0 disables the timer. */
  readonly checkpointIntervalMs?: number;
  readonly maxBatch?: number;
  /** Called with every checkpoint written, e.g. to log it where the database's owner cannot edit it. */
  readonly onCheckpoint?: (cp: Checkpoint) => void;
}

interface Row {
  seq: number;
  ts?: number;
  body: string;
  prev_hash: string;
  hash: string;
}

function toStored(row: Row): StoredAuditEvent {
  return { ...(JSON.parse(row.body) as AuditEvent), seq: row.seq, prevHash: row.prev_hash, hash: row.hash };
}

export class SqliteAuditStore implements AuditStore {
  readonly logId: string;
  private readonly db: Database.Database;
  private readonly committer: GroupCommitter;
  private headSeq = 0;
  private headHash = GENESIS_HASH;
  private lastCheckpointCount = 0;
  private readonly timer: NodeJS.Timeout | null;
  private readonly insert: Database.Statement;
  private readonly insertCheckpoint: Database.Statement;
  private verifyCache: VerifyCache | null = null;
  private readonly wal: WalSync | null;
  private closed = false;

  constructor(private readonly opts: SqliteStoreOptions) {
    // FULL durability is kept by flushing the WAL off the event loop (wal-sync.ts): SQLite itself
    // then runs at NORMAL, whose COMMIT does not fsync.
    const full = (opts.synchronous ?? 'FULL') === 'FULL';
    const { db, logId } = openDatabase({ path: opts.path, synchronous: 'NORMAL' });
    this.wal = full && opts.path !== ':memory:' ? new WalSync(`${opts.path}-wal`) : null;
    this.db = db;
    this.logId = logId;
    try {
      const head = db.prepare('SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1').get() as
        | { seq: number; hash: string }
        | undefined;
      if (head) {
        this.headSeq = head.seq;
        this.headHash = head.hash;
      }
      const cp = db.prepare('SELECT max(count) AS c FROM checkpoints').get() as { c: number | null };
      this.lastCheckpointCount = cp.c ?? 0;
      this.insert = db.prepare('INSERT INTO events (seq, body, prev_hash, hash) VALUES (?, ?, ?, ?)');
      this.insertCheckpoint = db.prepare(
        'INSERT OR REPLACE INTO checkpoints (count, head_hash, time, key_id, kind, signature) VALUES (?, ?, ?, ?, ?, ?)',
      );
    } catch (err) {
      db.close();
      throw err;
    }
    const wal = this.wal;
    this.committer = new GroupCommitter(
      this.writeBatch,
      opts.maxBatch ?? 2000,
      wal
        ? {
            sync: () =>
              wal.sync().catch((err: unknown) => {
                throw new AuditUnavailableError('the audit log could not be flushed to disk', err);
              }),
            syncNow: () => wal.syncNow(),
          }
        : undefined,
    );
    const interval = opts.checkpointIntervalMs ?? 60_000;
    this.timer = interval > 0 ? setInterval(() => void this.checkpoint().catch(() => {}), interval) : null;
    this.timer?.unref();
  }

  append(event: AuditEvent): Promise<StoredAuditEvent> {
    if (this.closed) return Promise.reject(new AuditUnavailableError('store is closed'));
    let body: string;
    try {
      body = eventBody(event);
    } catch (err) {
      return Promise.reject(new AuditUnavailableError('event is not canonical JSON', err));
    }
    return this.committer.enqueue(event, body);
  }

  private readonly writeBatch = (
    batch: readonly { event: AuditEvent; body: string }[],
  ): StoredAuditEvent[] => {
    let seq = this.headSeq;
    let prev = this.headHash;
    const out: StoredAuditEvent[] = [];
    let cp: Checkpoint | null = null;
    try {
      this.db.transaction(() => {
        for (const { event, body } of batch) {
          seq++;
          const hash = chainHash(prev, body);
          this.insert.run(seq, body, prev, hash);
          out.push({ ...event, seq, prevHash: prev, hash });
          prev = hash;
        }
        if (seq - this.lastCheckpointCount >= (this.opts.checkpointEvery ?? 1000)) {
          cp = this.writeCheckpoint(seq, prev, 'periodic');
        }
      })();
    } catch (err) {
      throw new AuditUnavailableError(describeSqliteError(err), err);
    }
    this.headSeq = seq;
    this.headHash = prev;
    if (cp) this.afterCheckpoint(cp);
    return out;
  };

  /** Inside a transaction: signs and stores a checkpoint; null when there is no signing key. */
  private writeCheckpoint(count: number, headHash: string, kind: CheckpointKind): Checkpoint | null {
    const signer = this.opts.keyring.signer;
    if (!signer) return null;
    const cp = signCheckpoint(signer, { logId: this.logId, count, headHash, kind });
    this.insertCheckpoint.run(cp.count, cp.headHash, cp.time, cp.keyId, cp.kind, cp.signature);
    return cp;
  }

  private afterCheckpoint(cp: Checkpoint): void {
    this.lastCheckpointCount = cp.count;
    this.opts.onCheckpoint?.(cp);
  }

  async checkpoint(kind: CheckpointKind = 'periodic'): Promise<Checkpoint | null> {
    this.committer.drain();
    if (this.closed || this.headSeq === this.lastCheckpointCount) return null;
    const cp = this.db.transaction(() => this.writeCheckpoint(this.headSeq, this.headHash, kind))();
    if (cp) this.afterCheckpoint(cp);
    return cp;
  }

  async head(): Promise<{ count: number; hash: string }> {
    return { count: this.headSeq, hash: this.headHash };
  }

  async get(id: string): Promise<StoredAuditEvent | null> {
    const row = this.db.prepare('SELECT seq, body, prev_hash, hash FROM events WHERE id = ?').get(id) as
      | Row
      | undefined;
    return row ? toStored(row) : null;
  }

  async tail(afterSeq: number, limit: number): Promise<StoredAuditEvent[]> {
    const rows = this.db
      .prepare('SELECT seq, body, prev_hash, hash FROM events WHERE seq > ? ORDER BY seq LIMIT ?')
      .all(afterSeq, limit) as Row[];
    return rows.map(toStored);
  }

  async query(q: AuditQuery): Promise<AuditPage> {
    const { sql, params } = pageSql(q);
    const rows = this.db.prepare(sql).all(...params) as Required<Row>[];
    const more = rows.length > q.limit;
    if (more) rows.pop();
    const last = rows[rows.length - 1];
    return { events: rows.map(toStored), next: more && last ? { ts: last.ts, seq: last.seq } : null };
  }

  async *export(filter: AuditFilter): AsyncIterable<StoredAuditEvent> {
    let after: { ts: number; seq: number } | undefined;
    for (;;) {
      const page = await this.query({ filter, order: 'asc', limit: 1000, ...(after ? { after } : {}) });
      for (const e of page.events) yield e;
      if (!page.next) return;
      after = page.next;
      // Let other requests run between pages: an export of millions of rows must not stall decisions.
      await new Promise((r) => setImmediate(r));
    }
  }

  async summary(filter: AuditFilter, buckets: number): Promise<AuditSummary> {
    const w = whereOf(filter);
    const byDecision: Record<DecisionValue, number> = { allow: 0, deny: 0, review: 0 };
    for (const r of this.db
      .prepare(`SELECT decision, count(*) AS n FROM events WHERE ${w.sql} GROUP BY decision`)
      .all(...w.params) as { decision: DecisionValue; n: number }[]) {
      if (r.decision in byDecision) byDecision[r.decision] = r.n;
    }
    const top = (col: 'tool' | 'principal') =>
      this.db
        .prepare(`SELECT ${col} AS name, count(*) AS count FROM events WHERE ${w.sql} AND decision = 'deny'
          AND ${col} IS NOT NULL GROUP BY ${col} ORDER BY count DESC, name LIMIT 5`)
        .all(...w.params) as { name: string; count: number }[];
    const range = this.db
      .prepare(`SELECT min(ts) AS lo, max(ts) AS hi FROM events WHERE ${w.sql}`)
      .get(...w.params) as { lo: number | null; hi: number | null };
    const lo = filter.from ?? range.lo ?? 0;
    const hi = Math.max(filter.to ?? (range.hi ?? 0) + 1, lo + 1);
    const n = Math.max(1, Math.min(buckets, 200));
    const width = Math.ceil((hi - lo) / n);
    const series = Array.from({ length: n }, (_, i) => ({
      start: lo + i * width,
      allow: 0,
      deny: 0,
      review: 0,
    }));
    const rows = this.db
      .prepare(
        `SELECT (ts - ?) / ? AS b, decision, count(*) AS n FROM events WHERE ${w.sql} GROUP BY b, decision`,
      )
      .all(lo, width, ...w.params) as { b: number; decision: DecisionValue; n: number }[];
    for (const r of rows) {
      const bucket = series[Math.min(Math.max(Math.floor(r.b), 0), n - 1)];
      if (bucket && r.decision in byDecision) bucket[r.decision] += r.n;
    }
    const total = byDecision.allow + byDecision.deny + byDecision.review;
    return { total, byDecision, topDeniedTools: top('tool'), topDeniedPrincipals: top('principal'), series };
  }

  /** Incremental checks share one run: concurrent callers (page loads, API) wait for the same result. */
  private running: Promise<VerifyReport> | null = null;

  verify(opts: VerifyOptions = {}): Promise<VerifyReport> {
    this.committer.drain();
    if (opts.full) return this.runVerify(null);
    this.running ??= this.runVerify(this.verifyCache).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async runVerify(cache: VerifyCache | null): Promise<VerifyReport> {
    const out = await verifySqlite(this.db, this.logId, this.opts.keyring, cache);
    if (!this.closed) this.verifyCache = out.cache;
    return out.report;
  }

  async prune(before: number): Promise<PruneResult> {
    this.committer.drain();
    const signer = this.opts.keyring.signer;
    if (!signer) throw new AuditUnavailableError('pruning needs a signing key to anchor what remains');
    const report = await this.verify({ full: true });
    // Never prune a broken log: it would hide the evidence that it was altered.
    if (!report.ok)
      throw new AuditUnavailableError(
        `refusing to prune a log that does not verify (${report.failure?.problem} at ${report.failure?.seq})`,
      );
    const firstKept = this.db.prepare('SELECT min(seq) AS s FROM events WHERE ts >= ?').get(before) as {
      s: number | null;
    };
    const cut = firstKept.s === null ? this.headSeq : firstKept.s - 1;
    if (cut < report.firstSeq) return { removed: 0, anchor: null };
    const row = this.db.prepare('SELECT hash FROM events WHERE seq = ?').get(cut) as { hash: string };
    let removed = 0;
    const anchor = this.db.transaction(() => {
      const cp = this.writeCheckpoint(cut, row.hash, 'prune');
      removed = this.db.prepare('DELETE FROM events WHERE seq <= ?').run(cut).changes;
      this.db.prepare('DELETE FROM checkpoints WHERE count < ?').run(cut);
      return cp;
    })();
    this.verifyCache = null;
    if (anchor) this.opts.onCheckpoint?.(anchor);
    if (anchor && anchor.count > this.lastCheckpointCount) this.lastCheckpointCount = anchor.count;
    return { removed, anchor };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.committer.drain();
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    if (this.wal) {
      await this.wal.settled();
      this.wal.close();
    }
    this.db.close();
  }
}
