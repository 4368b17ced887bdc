import type { AuditFilter, AuditQuery } from './store.js';

/**
 * Filter → SQL. Values only ever travel as bound parameters; the SQL text is built from fixed
 * fragments chosen by which fields are present, so no filter value can change the statement.
 */
export function whereOf(f: AuditFilter): { sql: string; params: (string | number)[] } {
  const conds: string[] = [];
  const params: (string | number)[] = [];
  const eq = (col: string, v: string | undefined) => {
    if (v === undefined) return;
    conds.push(`${col} = ?`);
    params.push(v);
  };
  if (f.from !== undefined) {
    conds.push('ts >= ?');
    params.push(f.from);
  }
  if (f.to !== undefined) {
    conds.push('ts < ?');
    params.push(f.to);
  }
  eq('tenant', f.tenant);
  eq('principal', f.principal);
  eq('tool', f.tool);
  eq('decision', f.decision);
  eq('session', f.session);
  if (f.rule !== undefined) {
    conds.push("EXISTS (SELECT 1 FROM json_each(body, '$.reasons') WHERE value ->> '$.rule' = ?)");
    params.push(f.rule);
  }
  if (f.q !== undefined) {
    // instr, not LIKE: no wildcard characters to escape. lower() folds ASCII only.
    conds.push("instr(lower(body ->> '$.reasons'), lower(?)) > 0");
    params.push(f.q);
  }
  return { sql: conds.length ? conds.join(' AND ') : '1', params };
}

export function pageSql(q: AuditQuery): { sql: string; params: (string | number)[] } {
  const w = whereOf(q.filter);
  const dir = q.order === 'asc' ? 'ASC' : 'DESC';
  const params = [...w.params];
  let sql = `SELECT seq, ts, body, prev_hash, hash FROM events WHERE ${w.sql}`;
  if (q.after) {
    // Row-value comparison keeps the keyset condition usable as an index range.
    sql += q.order === 'asc' ? ' AND (ts, seq) > (?, ?)' : ' AND (ts, seq) < (?, ?)';
    params.push(q.after.ts, q.after.seq);
  }
  sql += ` ORDER BY ts ${dir}, seq ${dir} LIMIT ?`;
  params.push(q.limit + 1);
  return { sql, params };
}
