import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';

export type SyncMode = 'FULL' | 'NORMAL';

/**
 * Indexes serve the review queries, which are always tenant-scoped: tenant + time, principal,
 * tool, plus time alone for exports. Decision and session filters ride on the tenant index (a page
 * of 50 needs few rows scanned); every extra index costs each append a B-tree insert.
 *
 * Columns beside `body` exist only to index and filter; `body` (the canonical JSON that is
 * hashed) is the record. `verify` checks that every column still agrees with its body.
 */
const DDL = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
CREATE TABLE IF NOT EXISTS events (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  ts INTEGER NOT NULL,
  kind TEXT NOT NULL,
  tenant TEXT NOT NULL,
  principal TEXT NOT NULL,
  session TEXT,
  tool TEXT,
  decision TEXT NOT NULL,
  rules TEXT NOT NULL,
  body TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS events_ts ON events (ts);
CREATE INDEX IF NOT EXISTS events_tenant_ts ON events (tenant, ts);
CREATE INDEX IF NOT EXISTS events_principal_ts ON events (principal, ts);
CREATE INDEX IF NOT EXISTS events_tool_ts ON events (tool, ts);
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
