import type Database from 'better-sqlite3';
import type { Checkpoint, CheckpointKind } from './checkpoint.js';
import type { Keyring } from './keys.js';
import { EVENTS_DDL } from './schema.js';
import { describeSqliteError } from './sqlite-errors.js';
import {
  type BreakProbe,
  ChainVerifier,
  checkSignatures,
  checkTruncation,
  EMPTY_COUNTS,
  earliest,
  findStart,
  type VerifyFailure,
  type VerifyReport,
} from './verify.js';

/** What an earlier successful run proved, so the next run in this process checks only new rows. */
export interface VerifyCache {
  readonly dataVersion: number;
  readonly firstSeq: number;
  readonly lastSeq: number;
  readonly headHash: string;
}

const CHUNK = 5000;

/** Whitespace-insensitive form of a schema statement. */
function norm(sql: string): string {
  return sql.replace(/\s+/g, ' ').trim();
}

const EXPECTED_SCHEMA = EVENTS_DDL.map(norm).sort();

/**
 * The indexed columns are derived from the hashed body by the schema, so the schema itself must
 * be the expected one: a redefined column or a partial index could hide or misfile events.
 */
function schemaChanged(db: Database.Database): boolean {
  const rows = db
    .prepare("SELECT sql FROM sqlite_master WHERE tbl_name = 'events' AND sql IS NOT NULL")
    .all() as { sql: string }[];
  const actual = rows.map((r) => norm(r.sql)).sort();
  return actual.length !== EXPECTED_SCHEMA.length || actual.some((sql, i) => sql !== EXPECTED_SCHEMA[i]);
}

function loadCheckpoints(db: Database.Database, logId: string): Checkpoint[] {
  const rows = db
    .prepare('SELECT count, head_hash, time, key_id, kind, signature FROM checkpoints ORDER BY count')
    .all() as {
    count: number;
    head_hash: string;
    time: string;
    key_id: string;
    kind: CheckpointKind;
    signature: string;
  }[];
  return rows.map((r) => ({
    logId,
    count: r.count,
    headHash: r.head_hash,
    time: r.time,
    keyId: r.key_id,
    kind: r.kind,
    signature: r.signature,
  }));
}

function probeOf(db: Database.Database): BreakProbe {
  return {
    seqOfHash(hash) {
      const r = db.prepare('SELECT seq FROM events WHERE hash = ? LIMIT 1').get(hash) as
        | { seq: number }
        | undefined;
      return r?.seq ?? null;
    },
    prevHashAt(seq) {
      const r = db.prepare('SELECT prev_hash FROM events WHERE seq = ?').get(seq) as
        | { prev_hash: string }
        | undefined;
      return r?.prev_hash ?? null;
    },
  };
}

export async function verifySqlite(
  db: Database.Database,
  logId: string,
  keyring: Keyring,
  cache: VerifyCache | null,
): Promise<{ report: VerifyReport; cache: VerifyCache | null }> {
  const started = performance.now();
  try {
    const dataVersion = (db.pragma('data_version', { simple: true }) as number) ?? 0;
    // Another connection wrote to the file since the cached run: trust nothing from it.
    const usable = cache && cache.dataVersion === dataVersion ? cache : null;
    const checkpoints = loadCheckpoints(db, logId);
    const first = (db.prepare('SELECT min(seq) AS s FROM events').get() as { s: number | null }).s;
    const sigFailure = checkSignatures(checkpoints, keyring);
    const start =
      usable && usable.firstSeq === first ? { seq: usable.lastSeq + 1, prevHash: usable.headHash } : null;
    const anchored = start ? { start } : findStart(first, checkpoints);
    if ('failure' in anchored) return done(anchored.failure, null);
    const verifier = new ChainVerifier(checkpoints, probeOf(db), anchored.start);
    const stmt = db.prepare(
      'SELECT seq, body, prev_hash AS prevHash, hash FROM events WHERE seq > ? ORDER BY seq LIMIT ?',
    );
    let after = anchored.start.seq - 1;
    for (;;) {
      const rows = stmt.all(after, CHUNK) as { seq: number; body: string; prevHash: string; hash: string }[];
      for (const row of rows) if (!verifier.push(row)) break;
      if (verifier.failure || rows.length < CHUNK) break;
      after = rows[rows.length - 1]!.seq;
      // Yield between chunks so a long verification does not stall decisions being served.
      await new Promise((r) => setImmediate(r));
    }
    const columnFailure: VerifyFailure | null = schemaChanged(db)
      ? { seq: first ?? 1, problem: 'altered', detail: 'the events table or its indexes were redefined' }
      : null;
    const truncation = verifier.failure ? null : checkTruncation(verifier.lastSeq, checkpoints);
    const failure = earliest(sigFailure, verifier.failure, columnFailure, truncation);
    const firstSeq = first ?? 0;
    const events = (usable && start ? usable.lastSeq - usable.firstSeq + 1 : 0) + verifier.events;
    const last = checkpoints[checkpoints.length - 1] ?? null;
    const report: VerifyReport = {
      ok: failure === null,
      events,
      firstSeq,
      lastSeq: verifier.lastSeq,
      headHash: verifier.headHash,
      checkpoints: checkpoints.length,
      lastCheckpoint: last ? { count: last.count, time: last.time, keyId: last.keyId } : null,
      unanchored: Math.max(0, verifier.lastSeq - (last?.count ?? 0)),
      failure,
      durationMs: Math.round(performance.now() - started),
    };
    const next =
      failure === null
        ? { dataVersion, firstSeq, lastSeq: verifier.lastSeq, headHash: verifier.headHash }
        : null;
    return { report, cache: next };
  } catch (err) {
    return done({ seq: 0, problem: 'unreadable', detail: describeSqliteError(err) }, null);
  }

  function done(failure: VerifyFailure, c: VerifyCache | null) {
    return {
      report: { ...EMPTY_COUNTS, ok: false, failure, durationMs: Math.round(performance.now() - started) },
      cache: c,
    };
  }
}
