import { createHmac, timingSafeEqual } from 'node:crypto';
import type { DecisionValue } from '../types.js';
import type { AuditFilter, AuditQuery, CursorPosition, Order } from './store.js';

/**
 * Turns untrusted query-string values into an `AuditQuery`. Every parameter is checked for type,
 * range and length; anything unexpected is a `ParamError` naming the parameter, never a guess.
 */
export class ParamError extends Error {
  constructor(
    readonly param: string,
    message: string,
  ) {
    super(message);
    this.name = 'ParamError';
  }
}

export interface ParamOptions {
  readonly defaultLimit: number;
  readonly maxLimit: number;
  /** HMAC key that signs cursors, so a client cannot forge a position or reuse one with other filters. */
  readonly cursorKey: Buffer;
}

const FILTER_KEYS = [
  'from',
  'to',
  'tenant',
  'principal',
  'tool',
  'decision',
  'rule',
  'session',
  'q',
] as const;
const QUERY_KEYS = new Set<string>([...FILTER_KEYS, 'order', 'limit', 'cursor']);
const ID = /^[A-Za-z0-9_.:@/+=-]{1,128}$/;
// RFC 3339 date-time with an explicit zone (a bare date is allowed too, meaning midnight UTC).
const TIME = /^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:[Zz]|[+-]\d{2}:\d{2}))?$/;
const DECISIONS: readonly DecisionValue[] = ['allow', 'deny', 'review'];
const MAX_TIME = Date.UTC(9999, 11, 31);

export type RawParams = Readonly<Record<string, string | readonly string[] | undefined>>;

function single(raw: RawParams, key: string): string | undefined {
  const v = raw[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new ParamError(key, `${key} may be given only once`);
  return v;
}

function time(key: string, v: string): number {
  const ms = TIME.test(v) ? Date.parse(v) : Number.NaN;
  if (!Number.isFinite(ms) || ms < 0 || ms > MAX_TIME) {
    throw new ParamError(key, `${key} must be an RFC 3339 time such as 2026-01-31T12:00:00Z`);
  }
  return ms;
}

function id(key: string, v: string): string {
  if (!ID.test(v))
    throw new ParamError(key, `${key} must be 1-128 characters of A-Z a-z 0-9 _ . : @ / + = -`);
  return v;
}

function hasControl(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

export function parseFilter(
  raw: RawParams,
  allowed: ReadonlySet<string> = new Set(FILTER_KEYS),
): AuditFilter {
  for (const key of Object.keys(raw)) {
    if (!allowed.has(key)) throw new ParamError(key, `unknown parameter ${key.slice(0, 64)}`);
  }
  const f: { -readonly [K in keyof AuditFilter]: AuditFilter[K] } = {};
  const from = single(raw, 'from');
  const to = single(raw, 'to');
  if (from !== undefined && from !== '') f.from = time('from', from);
  if (to !== undefined && to !== '') f.to = time('to', to);
  if (f.from !== undefined && f.to !== undefined && f.from > f.to)
    throw new ParamError('from', 'from must not be after to');
  for (const key of ['tenant', 'principal', 'tool', 'rule', 'session'] as const) {
    const v = single(raw, key);
    if (v !== undefined && v !== '') f[key] = id(key, v);
  }
  const decision = single(raw, 'decision');
  if (decision !== undefined && decision !== '') {
    if (!DECISIONS.includes(decision as DecisionValue))
      throw new ParamError('decision', 'decision must be allow, deny or review');
    f.decision = decision as DecisionValue;
  }
  const q = single(raw, 'q');
  if (q !== undefined && q !== '') {
    if (q.length > 200 || hasControl(q))
      throw new ParamError('q', 'q must be at most 200 printable characters');
    f.q = q;
  }
  return f;
}

export function parseQuery(raw: RawParams, opts: ParamOptions): AuditQuery {
  const filterRaw: Record<string, string | readonly string[] | undefined> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (!QUERY_KEYS.has(k)) throw new ParamError(k, `unknown parameter ${k.slice(0, 64)}`);
    if (k !== 'order' && k !== 'limit' && k !== 'cursor') filterRaw[k] = v;
  }
  const filter = parseFilter(filterRaw);
  const orderRaw = single(raw, 'order') ?? 'desc';
  if (orderRaw !== 'asc' && orderRaw !== 'desc') throw new ParamError('order', 'order must be asc or desc');
  const order: Order = orderRaw;
  const limitRaw = single(raw, 'limit');
  let limit = opts.defaultLimit;
  if (limitRaw !== undefined) {
    if (!/^\d{1,9}$/.test(limitRaw) || Number(limitRaw) < 1)
      throw new ParamError('limit', 'limit must be a positive integer');
    // Capped, not refused: a client asking for a million rows gets the largest page allowed.
    limit = Math.min(Number(limitRaw), opts.maxLimit);
  }
  const cursor = single(raw, 'cursor');
  const after = cursor === undefined ? undefined : openCursor(cursor, { filter, order }, opts.cursorKey);
  return { filter, order, limit, ...(after ? { after } : {}) };
}

function bind(filter: AuditFilter, order: Order): string {
  return JSON.stringify([order, ...FILTER_KEYS.map((k) => filter[k] ?? null)]);
}

function mac(key: Buffer, payload: string): Buffer {
  return createHmac('sha256', key).update(payload).digest();
}

/** An opaque cursor: the keyset position, bound to the filter and order, signed. */
export function makeCursor(
  pos: CursorPosition,
  q: { filter: AuditFilter; order: Order },
  key: Buffer,
): string {
  const payload = Buffer.from(JSON.stringify({ t: pos.ts, s: pos.seq })).toString('base64url');
  return `${payload}.${mac(key, `${payload}|${bind(q.filter, q.order)}`).toString('base64url')}`;
}

export function openCursor(
  cursor: string,
  q: { filter: AuditFilter; order: Order },
  key: Buffer,
): CursorPosition {
  const bad = () => new ParamError('cursor', 'cursor is not valid for this query');
  if (cursor.length > 200) throw bad();
  const m = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{43})$/.exec(cursor);
  if (!m) throw bad();
  const expected = mac(key, `${m[1]}|${bind(q.filter, q.order)}`);
  const given = Buffer.from(m[2]!, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw bad();
  let pos: unknown;
  try {
    pos = JSON.parse(Buffer.from(m[1]!, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  const p = pos as { t?: unknown; s?: unknown };
  if (!Number.isSafeInteger(p.t) || !Number.isSafeInteger(p.s)) throw bad();
  return { ts: p.t as number, seq: p.s as number };
}
