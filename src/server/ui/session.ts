import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiRole, Principal } from '../../types.js';

/**
 * Review-page sessions. Browsers cannot attach a bearer header to a link, so the page trades the
 * API key (POSTed once, never in a URL) for a cookie that is HttpOnly, SameSite=Strict, signed with
 * a per-process HMAC key and expiring. The cookie holds no key, only who logged in and until when,
 * plus a CSRF token that state-changing forms must echo.
 */
export const COOKIE = 'aw_ui';

export interface UiSession {
  readonly principal: Principal;
  readonly expires: number;
  readonly csrf: string;
}

export class SessionSigner {
  private readonly key = randomBytes(32);
  constructor(private readonly ttlMs: number) {}

  issue(principal: Principal, now = Date.now()): { value: string; session: UiSession } {
    const session: UiSession = {
      principal,
      expires: now + this.ttlMs,
      csrf: randomBytes(18).toString('base64url'),
    };
    const payload = Buffer.from(
      JSON.stringify({
        p: principal.id,
        t: principal.tenant,
        r: principal.roles,
        k: principal.keyId,
        e: session.expires,
        c: session.csrf,
      }),
    ).toString('base64url');
    return { value: `${payload}.${this.mac(payload)}`, session };
  }

  open(value: string | undefined, now = Date.now()): UiSession | null {
    if (!value || value.length > 2048) return null;
    const m = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{43})$/.exec(value);
    if (!m) return null;
    const expected = Buffer.from(this.mac(m[1]!), 'base64url');
    const given = Buffer.from(m[2]!, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    try {
      const p = JSON.parse(Buffer.from(m[1]!, 'base64url').toString('utf8')) as {
        p: string;
        t: string;
        r: ApiRole[];
        k: string;
        e: number;
        c: string;
      };
      if (typeof p.e !== 'number' || p.e <= now) return null;
      return { principal: { id: p.p, tenant: p.t, roles: p.r, keyId: p.k }, expires: p.e, csrf: p.c };
    } catch {
      return null;
    }
  }

  cookie(value: string, secure: boolean): string {
    const maxAge = Math.floor(this.ttlMs / 1000);
    return `${COOKIE}=${value}; Path=/ui; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure ? '; Secure' : ''}`;
  }

  static clear(secure: boolean): string {
    return `${COOKIE}=; Path=/ui; HttpOnly; SameSite=Strict; Max-Age=0${secure ? '; Secure' : ''}`;
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }
}

/** Constant-time comparison of two tokens. */
export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
