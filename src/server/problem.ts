import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AgentwallError, ERROR_STATUS, type ErrorCode } from '../errors.js';
import type { Logger } from '../log.js';

const STATUS_TO_CODE: Partial<Record<number, ErrorCode>> = {
  400: 'invalid_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  503: 'unavailable',
};

/** RFC 9457 problem details with a stable `code` and the request id. Never a stack. */
export function problem(c: Context, err: AgentwallError): Response {
  const body = {
    type: `urn:agentwall:problem:${err.code}`,
    title: err.title,
    status: err.status,
    detail: err.detail,
    code: err.code,
    requestId: c.get('requestId') ?? null,
    ...(err.errors ? { errors: err.errors } : {}),
  };
  const headers: Record<string, string> = { 'content-type': 'application/problem+json' };
  if (err.code === 'unauthenticated') headers['www-authenticate'] = 'Bearer realm="agentwall"';
  return c.body(JSON.stringify(body), err.status as ContentfulStatusCode, headers);
}

/** The one error handler: typed errors map by code; anything else is a 500 logged with its stack. */
export function errorHandler(logger: Logger) {
  return function onError(err: Error, c: Context): Response {
    if (err instanceof AgentwallError) {
      if (err.status >= 500) logger.error({ err, requestId: c.get('requestId') }, 'request failed');
      return problem(c, err);
    }
    if (err instanceof HTTPException) {
      const code = STATUS_TO_CODE[err.status] ?? (err.status >= 500 ? 'internal_error' : 'invalid_request');
      return problem(c, new AgentwallError(code));
    }
    logger.error({ err, requestId: c.get('requestId') }, 'unhandled error');
    return problem(
      c,
      new AgentwallError('internal_error', { detail: 'an internal error occurred; it has been logged' }),
    );
  };
}

export function notFound(c: Context): Response {
  return problem(
    c,
    new AgentwallError('not_found', { detail: `no route for ${c.req.method} ${c.req.path.slice(0, 200)}` }),
  );
}

export { ERROR_STATUS };
