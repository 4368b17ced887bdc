import { IncomingMessage } from 'node:http';
import type { ValidateFunction } from 'ajv';
import type { Context } from 'hono';
import { AgentwallError } from '../errors.js';
import type { JsonValue } from '../types.js';

export interface BodyLimits {
  readonly maxBytes: number;
  readonly maxDepth: number;
}

/** Keys that could reach an object's prototype if a consumer ever merges the body. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a JSON request body with every limit applied before the parser sees it: content type,
 * size (streamed, so a lying or absent content-length cannot get past), UTF-8 validity, nesting
 * depth (a string-aware scan, so JSON.parse never recurses deeply), then after parsing:
 * prototype-reaching keys and non-finite numbers (`1e400` parses to Infinity).
 * With `validate`, the value must also satisfy the route's compiled schema.
 */
export async function readJson<T = JsonValue>(
  c: Context,
  limits: BodyLimits,
  validate?: ValidateFunction<T>,
): Promise<T> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(type)) {
    throw new AgentwallError('unsupported_media_type', { detail: 'send the body as application/json' });
  }
  const bytes = await readBody(c, limits.maxBytes);
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    throw new AgentwallError('invalid_json', { detail: 'the body is not valid UTF-8' });
  }
  checkDepth(text, limits.maxDepth);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new AgentwallError('invalid_json', {
      detail: `the body is not valid JSON: ${(err as Error).message.slice(0, 120)}`,
    });
  }
  checkValues(value);
  if (validate && !validate(value)) {
    const errors = (validate.errors ?? []).slice(0, 10).map((e) => ({
      path: e.instancePath || '/',
      message:
        e.keyword === 'additionalProperties'
          ? `unknown field "${String(e.params.additionalProperty)}"`
          : (e.message ?? 'invalid'),
    }));
    throw new AgentwallError('invalid_request', {
      detail: errors.map((e) => `${e.path}: ${e.message}`).join('; '),
      errors,
    });
  }
  return value as T;
}

async function readBody(c: Context, maxBytes: number): Promise<Uint8Array> {
  const declared = c.req.header('content-length');
  if (declared !== undefined && Number(declared) > maxBytes) {
    closeAfterResponse(c);
    throw tooLarge(maxBytes);
  }
  // On Node, read the IncomingMessage itself: going through `c.req.raw.body` makes the adapter
  // build a full fetch Request (headers copy, AbortController, a web stream over the socket) for
  // every call, which cost more than the decision it carries.
  const incoming = (c.env as { incoming?: unknown } | undefined)?.incoming;
  if (incoming instanceof IncomingMessage) return readIncoming(incoming, maxBytes);
  const stream = c.req.raw.body;
  if (!stream) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return chunks.length === 1 ? (chunks[0] as Uint8Array) : Buffer.concat(chunks);
}

/** Streams a Node request body into memory, stopping at `maxBytes` without buffering the rest. */
function readIncoming(incoming: IncomingMessage, maxBytes: number): Promise<Uint8Array> {
  if (incoming.readableEnded) return Promise.resolve(new Uint8Array(0));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (): void => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onError);
      incoming.off('close', onClose);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) {
        done();
        // Discard the rest unbuffered: closing on unread data would reset the connection and
        // lose the 413 for most clients. The server's request timeout bounds a body that never ends.
        incoming.resume();
        reject(tooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      done();
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
    };
    const onError = (err: Error): void => {
      done();
      reject(err);
    };
    const onClose = (): void => {
      done();
      reject(new Error('the client closed the connection before the body was complete'));
    };
    incoming.on('data', onData);
    incoming.on('end', onEnd);
    incoming.on('error', onError);
    incoming.on('close', onClose);
  });
}

/** A declared body too large to read: answer at once and do not wait for it on this connection. */
function closeAfterResponse(c: Context): void {
  c.header('connection', 'close');
}

function tooLarge(maxBytes: number): AgentwallError {
  return new AgentwallError('payload_too_large', { detail: `the body is larger than ${maxBytes} bytes` });
}

/** Linear scan of nesting depth that skips string contents (including escaped quotes). */
export function checkDepth(text: string, maxDepth: number): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92 /* \ */) i++;
      else if (ch === 34 /* " */) inString = false;
    } else if (ch === 34) {
      inString = true;
    } else if (ch === 123 /* { */ || ch === 91 /* [ */) {
      if (++depth > maxDepth)
        throw new AgentwallError('too_deep', { detail: `JSON nesting deeper than ${maxDepth}` });
    } else if (ch === 125 || ch === 93) {
      depth--;
    }
  }
}

/** Iterative walk (no recursion, so no stack to exhaust). */
function checkValues(root: unknown): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node === 'number' && !Number.isFinite(node)) {
      throw new AgentwallError('invalid_request', { detail: 'a number in the body is out of range' });
    }
    if (typeof node === 'string') {
      checkWellFormed(node);
      continue;
    }
    if (node === null || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      for (const v of node) stack.push(v);
      continue;
    }
    for (const key of Object.keys(node)) {
      checkWellFormed(key);
      if (FORBIDDEN_KEYS.has(key)) {
        throw new AgentwallError('forbidden_key', {
          detail: `the key "${key}" is not accepted anywhere in a body`,
        });
      }
      stack.push((node as Record<string, unknown>)[key]);
    }
  }
}

const ANY_SURROGATE = /[\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * I-JSON (RFC 7493 §2.1): no lone surrogates. `"\ud800"` is valid JSON text but names no
 * character; two different such strings would hash alike once encoded as UTF-8, so the audit
 * chain refuses them — refuse them at the door with a clear error instead.
 */
function checkWellFormed(s: string): void {
  if (ANY_SURROGATE.test(s) && LONE_SURROGATE.test(s)) {
    throw new AgentwallError('invalid_request', {
      detail: 'a string in the body holds a lone UTF-16 surrogate (RFC 7493)',
    });
  }
}
