/** A short, client-safe description of why SQLite refused (no paths, no SQL). */
export function describeSqliteError(err: unknown): string {
  const code =
    typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : '';
  if (code.startsWith('SQLITE_FULL')) return 'disk or database is full';
  if (code.startsWith('SQLITE_NOTADB')) return 'file is not an audit database';
  if (code.startsWith('SQLITE_CORRUPT')) return 'database file is corrupt';
  if (code.startsWith('SQLITE_READONLY')) return 'database is read-only';
  if (code.startsWith('SQLITE_IOERR')) return 'I/O error writing the database';
  if (code.startsWith('SQLITE_CANTOPEN')) return 'cannot open the database file';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'database is locked';
  if (code.startsWith('SQLITE_CONSTRAINT')) return 'event conflicts with a stored event';
  if (code.startsWith('SQLITE')) return `storage error (${code})`;
  return 'storage error';
}
