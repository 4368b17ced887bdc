import type { MiddlewareHandler } from 'hono';
import type { KeyRing } from '../../auth/index.js';
import { AgentwallError } from '../../errors.js';

/**
 * Resolves the caller from its API key (`Authorization: Bearer <key>` or `x-api-key`). Identity and
 * tenant come only from the key; nothing in a body can change them.
 */
export function authenticate(keys: KeyRing): MiddlewareHandler {
  return async function authenticate(c, next) {
    const key = presentedKey(c.req.header('authorization'), c.req.header('x-api-key'));
    const principal = key === null ? null : keys.authenticate(key);
    if (!principal) {
      throw new AgentwallError('unauthenticated', {
        detail:
          key === null ? 'send an API key as "Authorization: Bearer <key>"' : 'the API key is not valid',
      });
    }
    c.set('principal', principal);
    await next();
  };
}

function presentedKey(authorization: string | undefined, apiKey: string | undefined): string | null {
  if (authorization !== undefined) {
    const m = /^Bearer[ \t]+([\x21-\x7e]+)[ \t]*$/i.exec(authorization);
    return m?.[1] ?? null;
  }
  if (apiKey !== undefined) {
    const trimmed = apiKey.trim();
    return /^[\x21-\x7e]+$/.test(trimmed) ? trimmed : null;
  }
  return null;
}
