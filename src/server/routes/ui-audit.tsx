import { randomBytes } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import type { JSX } from 'hono/jsx/jsx-runtime';
import {
  type AuditFilter,
  type AuditStore,
  makeCursor,
  ParamError,
  parseQuery,
  type RawParams,
  type VerifyReport,
} from '../../audit/index.js';
import type { AppEnv } from '../context.js';
import type { AppDeps } from '../deps.js';
import { DetailPage, type Frame, ListPage, LoginPage } from '../ui/pages.js';
import { COOKIE, SessionSigner, sameToken, type UiSession } from '../ui/session.js';
import { rawParams, scoped } from './audit.js';

const PAGE = 50;
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const FORM_LIMIT = 4096;

/**
 * Strict CSP: nothing loads from anywhere, no script runs at all, the one stylesheet is allowed
 * by nonce, forms post only to this origin, and the page cannot be framed (clickjacking).
 */
function send(
  c: Context,
  nonce: string,
  page: JSX.Element,
  status: 200 | 400 | 401 | 403 | 404 | 503 = 200,
): Response {
  c.header(
    'content-security-policy',
    `default-src 'none'; style-src 'nonce-${nonce}'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
  );
  c.header('x-frame-options', 'DENY');
  // same-origin, not no-referrer: with no-referrer Chromium sends `Origin: null` on form posts,
  // which the cross-site check must refuse.
  c.header('referrer-policy', 'same-origin');
  c.header('cache-control', 'no-store');
  return c.html(`<!doctype html>${page.toString()}`, status);
}

function secure(c: Context): boolean {
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';
}

/** A cross-site POST carries a foreign Origin (or Sec-Fetch-Site: cross-site); refuse it. */
function sameOrigin(c: Context): boolean {
  const site = c.req.header('sec-fetch-site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  const origin = c.req.header('origin');
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === c.req.header('host');
  } catch {
    return false;
  }
}

async function readForm(c: Context): Promise<URLSearchParams | null> {
  if (!(c.req.header('content-type') ?? '').startsWith('application/x-www-form-urlencoded')) return null;
  const text = await c.req.text();
  return text.length > FORM_LIMIT ? null : new URLSearchParams(text);
}

/** datetime-local inputs send "2026-01-31T12:00" without a zone; the page labels them UTC. */
function fromForm(raw: RawParams): RawParams {
  const out: Record<string, string | readonly string[] | undefined> = {};
  for (const [k, v] of Object.entries(raw)) {
    out[k] =
      (k === 'from' || k === 'to') && typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v)
        ? `${v}:00Z`
        : v;
  }
  return out;
}

/** Waits this long for the chain status before rendering "verifying" instead; the run goes on. */
const VERIFY_WAIT_MS = 1500;

function chainStatus(store: AuditStore): Promise<VerifyReport | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((r) => {
    timer = setTimeout(() => r(null), VERIFY_WAIT_MS);
  });
  return Promise.race([store.verify(), late]).finally(() => clearTimeout(timer));
}

export function uiAuditRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const sessions = new SessionSigner(deps.config.audit.uiSessionTtlMs);
  const cursorKey = randomBytes(32);
  const nonce = () => randomBytes(16).toString('base64');

  const session = (c: Context): UiSession | null => {
    const s = sessions.open(getCookie(c, COOKIE));
    return s && deps.access.allowed(s.principal.roles, 'ui.audit', 'read') ? s : null;
  };
  const frame = (s: UiSession, n: string): Frame => ({
    nonce: n,
    who: `${s.principal.id} · ${s.principal.tenant}`,
    csrf: s.csrf,
  });
  const unavailable = (c: Context, n: string, why: string) =>
    send(c, n, <LoginPage nonce={n} error={`The audit store is unavailable: ${why}`} />, 503);

  app.get('/ui/audit/login', (c) => {
    if (session(c)) return c.redirect('/ui/audit', 303);
    const n = nonce();
    return send(c, n, <LoginPage nonce={n} error={null} />);
  });

  app.post('/ui/audit/login', async (c) => {
    const n = nonce();
    if (!sameOrigin(c)) return send(c, n, <LoginPage nonce={n} error="Cross-site sign-in refused." />, 403);
    const form = await readForm(c);
    const key = form?.get('key') ?? '';
    const principal = key ? deps.keys.authenticate(key) : null;
    if (!principal || !deps.access.allowed(principal.roles, 'ui.audit', 'read')) {
      deps.logger.warn({ requestId: c.get('requestId') }, 'review page sign-in refused');
      return send(c, n, <LoginPage nonce={n} error="That key is not valid for audit review." />, 401);
    }
    const { value } = sessions.issue(principal);
    c.header('set-cookie', sessions.cookie(value, secure(c)));
    deps.logger.info({ principal: principal.id, keyId: principal.keyId }, 'review page sign-in');
    return c.redirect('/ui/audit', 303);
  });

  app.post('/ui/audit/logout', async (c) => {
    const s = session(c);
    const form = await readForm(c);
    if (s && sameOrigin(c) && sameToken(form?.get('csrf') ?? '', s.csrf)) {
      c.header('set-cookie', SessionSigner.clear(secure(c)));
    }
    return c.redirect('/ui/audit/login', 303);
  });

  app.get('/ui/audit', async (c) => {
    const s = session(c);
    if (!s) return c.redirect('/ui/audit/login', 303);
    const n = nonce();
    const store = deps.auditStore;
    if (!store || store.unavailable) return unavailable(c, n, store?.unavailable ?? 'not configured');
    const raw = fromForm(rawParams(c));
    const form: Record<string, string> = {};
    for (const [k, v] of Object.entries(rawParams(c))) if (typeof v === 'string') form[k] = v.slice(0, 200);
    let filter: AuditFilter = { tenant: s.principal.tenant };
    let error: string | null = null;
    let after: ReturnType<typeof parseQuery>['after'];
    let asSent: AuditFilter = {};
    try {
      const q = parseQuery(
        { ...raw, limit: String(PAGE) },
        { defaultLimit: PAGE, maxLimit: PAGE, cursorKey },
      );
      filter = scoped(q.filter, s.principal);
      asSent = q.filter;
      after = q.after;
    } catch (err) {
      if (!(err instanceof ParamError)) throw err;
      error = err.message;
    }
    const [report, summary, page] = await Promise.all([
      chainStatus(store),
      store.summary(filter, 48),
      error === null
        ? store.query({ filter, order: 'desc', limit: PAGE, ...(after ? { after } : {}) })
        : null,
    ]);
    let nextHref: string | null = null;
    if (page?.next) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(rawParams(c)))
        if (k !== 'cursor' && typeof v === 'string' && v !== '') params.set(k, v);
      params.set('cursor', makeCursor(page.next, { filter: asSent, order: 'desc' }, cursorKey));
      nextHref = `/ui/audit?${params}`;
    }
    const props = { report, summary, events: page?.events ?? [], form, nextHref, error, filter };
    return send(c, n, <ListPage {...props} frame={frame(s, n)} />, error === null ? 200 : 400);
  });

  app.get('/ui/audit/events/:id', async (c) => {
    const s = session(c);
    if (!s) return c.redirect('/ui/audit/login', 303);
    const n = nonce();
    const store = deps.auditStore;
    if (!store || store.unavailable) return unavailable(c, n, store?.unavailable ?? 'not configured');
    const id = c.req.param('id');
    const e = ULID.test(id) ? await store.get(id) : null;
    if (!e || e.tenant !== s.principal.tenant) {
      return send(c, n, <LoginPage nonce={n} error="No such event." />, 404);
    }
    const report = await chainStatus(store);
    return send(c, n, <DetailPage e={e} report={report} frame={frame(s, n)} />);
  });

  return app;
}
