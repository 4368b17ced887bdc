import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';

export type SyncMode = 'FULL' | 'NORMAL';

/**
 * `body` (the canonical JSON that is hashed) is the record. Every filterable column is a generated
 * column computed from it by SQLite at write time (STORED, so counts and filters parse no JSON).
 * No indexed value can be edited apart from the hashed record (SQLite refuses to write a
 * generated column), and verification needs to hash bodies only. `verify` also checks that this schema is still the one below, so a redefined column or a
 * partial index that hides rows is reported.
 *
 * Indexes serve the review queries, which are always tenant-scoped: tenant + time, principal,
 * tool, plus time alone for exports. Decision, session and rule filters ride on those (a page of
 * 50 needs few rows scanned); every extra index costs each append a B-tree insert.
 */
export const EVENTS_DDL = [
  `CREATE TABLE events (
  seq INTEGER PRIMARY KEY,
  body TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  id TEXT GENERATED ALWAYS AS (body ->> '$.id') STORED,
  ts INTEGER GENERATED ALWAYS AS (CAST(round(unixepoch(body ->> '$.time', 'subsec') * 1000) AS INTEGER)) STORED,
  kind TEXT GENERATED ALWAYS AS (body ->> '$.kind') STORED,
  tenant TEXT GENERATED ALWAYS AS (body ->> '$.tenant') STORED,
  principal TEXT GENERATED ALWAYS AS (body ->> '$.principal') STORED,
  session TEXT GENERATED ALWAYS AS (body ->> '$.session') STORED,
  tool TEXT GENERATED ALWAYS AS (body ->> '$.tool') STORED,
  decision TEXT GENERATED ALWAYS AS (body ->> '$.decision') STORED
) STRICT`,
  'CREATE UNIQUE INDEX events_id ON events (id)',
  'CREATE INDEX events_ts ON events (ts)',
  'CREATE INDEX events_tenant_ts ON events (tenant, ts)',
  'CREATE INDEX events_principal_ts ON events (principal, ts)',
  'CREATE INDEX events_tool_ts ON events (tool, ts)',
] as const;

const DDL = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
CREATE TABLE IF NOT EXISTS checkpoints (
  count INTEGER PRIMARY KEY,
  head_hash TEXT NOT NULL,
  time TEXT NOT NULL,
  key_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  signature TEXT NOT NULL
) STRICT;
`;

export const SCHEMA_VERSION = '1';

export interface OpenOptions {
  readonly path: string;
  readonly synchronous: SyncMode;
  readonly readonly?: boolean;
}

/**
 * Opens (creating if needed) an audit database. Throws on a file that is not SQLite or is
 * corrupt: the caller turns that into a store that refuses appends, so decisions fail closed.
 */
export function openDatabase(opts: OpenOptions): { db: Database.Database; logId: string } {
  const db = new Database(opts.path, {
    readonly: opts.readonly ?? false,
    fileMustExist: opts.readonly ?? false,
  });
  try {
    if (!opts.readonly) {
      db.pragma('journal_mode = WAL');
      // FULL: every COMMIT fsyncs the WAL, so an acknowledged event survives power loss, not just
      // a process crash (NORMAL in WAL mode survives kill -9 but may lose the last commits on
      // power loss). Group commit makes FULL affordable.
      db.pragma(`synchronous = ${opts.synchronous}`);
      db.pragma('busy_timeout = 5000');
      db.exec(DDL);
      const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'").get();
      if (!exists)
        db.transaction(() => {
          for (const sql of EVENTS_DDL) db.exec(sql);
        })();
      db.prepare('INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)').run('logId', randomUUID());
      db.prepare('INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)').run(
        'schemaVersion',
        SCHEMA_VERSION,
      );
    }
    const row = db.prepare('SELECT value FROM meta WHERE key = ?').get('logId') as
      | { value: string }
      | undefined;
    if (!row) throw new Error('audit database has no log id');
    return { db, logId: row.value };
  } catch (err) {
    db.close();
    throw err;
  }
}
