import type { MiddlewareHandler } from 'hono';
import { AgentwallError } from '../../errors.js';

/** Bounds the time spent on one request; a slow layer yields a 503, never a hung client. */
export function requestTimeout(ms: number): MiddlewareHandler {
  return async function requestTimeout(_c, next) {
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new AgentwallError('request_timeout', { detail: `no answer within ${ms} ms` })),
        ms,
      );
    });
    try {
      await Promise.race([next(), expired]);
    } finally {
      clearTimeout(timer);
    }
  };
}

/** Headers every API response carries: no caching of decisions, no content sniffing. */
export function apiHeaders(): MiddlewareHandler {
  return async function apiHeaders(c, next) {
    await next();
    c.header('cache-control', 'no-store');
    c.header('x-content-type-options', 'nosniff');
  };
}
