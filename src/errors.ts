/**
 * Typed errors with stable snake_case codes. A fault is an exception; a denial is a value
 * (see `Reason`/decisions), so nothing here is used to say "no" to a tool call.
 *
 * One table maps every code to an HTTP status; the server's error handler is the only reader.
 */
export const ERROR_STATUS = {
  invalid_json: 400,
  invalid_request: 400,
  forbidden_key: 400,
  too_deep: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  internal_error: 500,
  not_ready: 503,
  unavailable: 503,
  request_timeout: 503,
  config_invalid: 500,
  policy_invalid: 422,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

const TITLES: Record<ErrorCode, string> = {
  invalid_json: 'Malformed JSON body',
  invalid_request: 'Invalid request',
  forbidden_key: 'Forbidden key in body',
  too_deep: 'JSON nested too deeply',
  unauthenticated: 'Authentication required',
  forbidden: 'Forbidden',
  not_found: 'Not found',
  method_not_allowed: 'Method not allowed',
  conflict: 'Conflict',
  payload_too_large: 'Payload too large',
  unsupported_media_type: 'Unsupported media type',
  unprocessable: 'Unprocessable request',
  rate_limited: 'Too many requests',
  internal_error: 'Internal error',
  not_ready: 'Not ready',
  unavailable: 'Service unavailable',
  request_timeout: 'Request timed out',
  config_invalid: 'Invalid configuration',
  policy_invalid: 'Invalid policy set',
};

export interface ErrorOptions {
  /** Safe, client-facing detail. Never a stack, never raw tool arguments. */
  readonly detail?: string;
  /** Structured, client-safe specifics (e.g. which field failed). */
  readonly errors?: readonly { readonly path: string; readonly message: string }[];
  readonly cause?: unknown;
}

export class AgentwallError extends Error {
  readonly code: ErrorCode;
  readonly detail: string;
  readonly errors: readonly { readonly path: string; readonly message: string }[] | undefined;

  constructor(code: ErrorCode, opts: ErrorOptions = {}) {
    super(opts.detail ?? TITLES[code], opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'AgentwallError';
    this.code = code;
    this.detail = opts.detail ?? TITLES[code];
    this.errors = opts.errors;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  get title(): string {
    return TITLES[this.code];
  }
}

export function isAgentwallError(err: unknown): err is AgentwallError {
  return err instanceof AgentwallError;
}
