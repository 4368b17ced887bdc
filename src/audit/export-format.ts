import type { StoredAuditEvent } from './chain.js';

export type ExportFormat = 'jsonl' | 'csv';

export const CSV_COLUMNS = [
  'seq',
  'id',
  'time',
  'kind',
  'tenant',
  'principal',
  'session',
  'tool',
  'decision',
  'rules',
  'reasons',
  'policyVersion',
  'latencyMs',
  'argsDigest',
  'prevHash',
  'hash',
] as const;

/** One JSON line per event: the full record, chain fields included, so an export can be re-verified. */
export function jsonLine(e: StoredAuditEvent): string {
  return `${JSON.stringify(e)}\n`;
}

/**
 * A CSV cell that a spreadsheet will not run: cells that start with = + - @ or a tab/CR are
 * prefixed with an apostrophe (OWASP "CSV injection"), then quoted per RFC 4180.
 */
export function csvCell(value: string | number | null): string {
  let s = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replaceAll('"', '""')}"` : s;
}

export function csvHeader(): string {
  return `${CSV_COLUMNS.join(',')}\r\n`;
}

export function csvRow(e: StoredAuditEvent): string {
  const cells: (string | number | null)[] = [
    e.seq,
    e.id,
    e.time,
    e.kind,
    e.tenant,
    e.principal,
    e.session,
    e.tool,
    e.decision,
    e.reasons.map((r) => r.rule).join(' '),
    e.reasons.map((r) => `${r.layer}/${r.rule}: ${r.message}`).join(' | '),
    e.policyVersion,
    e.latencyMs,
    e.argsDigest,
    e.prevHash,
    e.hash,
  ];
  return `${cells.map(csvCell).join(',')}\r\n`;
}
