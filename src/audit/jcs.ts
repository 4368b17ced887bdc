/**
 * RFC 8785 JSON Canonicalization Scheme (JCS): the byte-exact form that the audit chain hashes.
 *
 * - numbers: ECMAScript `Number.prototype.toString` (RFC 8785 §3.2.2.3 adopts it verbatim), -0 → 0;
 *   NaN and ±Infinity are not JSON and are refused.
 * - strings: the ECMAScript JSON string escaping (§3.2.2.2): `\b \t \n \f \r \" \\`, other control
 *   characters as lowercase `\u00xx`, everything else literal. Lone surrogates are refused (I-JSON,
 *   RFC 7493 §2.1), because two different strings would otherwise hash alike after UTF-8 encoding.
 * - objects: members sorted by their names as arrays of UTF-16 code units (§3.2.3), recursively.
 */
export class CanonicalizationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CanonicalizationError';
  }
}

const ANY_SURROGATE = /[\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Deepest nesting accepted; audit events are shallow, so anything deeper is an error, not a crash. */
const MAX_DEPTH = 200;

/**
 * Fast path: a copy whose members are inserted in canonical order, serialised by the engine's
 * JSON.stringify (the same number and string forms). It runs on every audit event, and is several
 * times faster than building the text piece by piece. Values it cannot vouch for (integer-like
 * keys, which engines enumerate first; anything not plain JSON) and texts that may hold a lone
 * surrogate take the exact writer below, which also produces every error.
 */
export function canonicalize(value: unknown): string {
  const copy = ordered(value, 0);
  if (copy !== UNSURE) {
    const out = JSON.stringify(copy);
    // JSON.stringify escapes a lone surrogate as \udxxx; any such text is left to the exact writer.
    if (!out.includes('\\ud')) return out;
  }
  return write(value, 0);
}

const UNSURE = Symbol('unsure');
const INDEX_KEY = /^(?:0|[1-9]\d*)$/;

function ordered(value: unknown, depth: number): unknown {
  if (depth > MAX_DEPTH) return UNSURE;
  if (value === null) return null;
  switch (typeof value) {
    case 'boolean':
    case 'string':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : UNSURE;
    case 'object': {
      if (Array.isArray(value)) {
        const out = new Array<unknown>(value.length);
        for (let i = 0; i < value.length; i++) {
          const v = ordered(value[i], depth + 1);
          if (v === UNSURE || v === undefined) return UNSURE;
          out[i] = v;
        }
        return out;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return UNSURE;
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj).sort();
      // A null prototype: "__proto__" stays an ordinary member.
      const out: Record<string, unknown> = Object.create(null);
      for (const k of keys) {
        if (INDEX_KEY.test(k)) return UNSURE;
        const raw = obj[k];
        if (raw === undefined) continue;
        const v = ordered(raw, depth + 1);
        if (v === UNSURE) return UNSURE;
        out[k] = v;
      }
      return out;
    }
    default:
      return UNSURE;
  }
}

// String concatenation rather than an array of parts: V8 builds ropes.

export function canonicalizeExact(value: unknown): string {
  return write(value, 0);
}

function write(value: unknown, depth: number): string {
  if (depth > MAX_DEPTH) throw new CanonicalizationError('value nested too deeply');
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalizationError('NaN and Infinity are not JSON numbers');
      // String(-0) is already "0".
      return String(value);
    case 'string':
      return quote(value);
    case 'object':
      return Array.isArray(value)
        ? writeArray(value, depth)
        : writeObject(value as Record<string, unknown>, depth);
    default:
      throw new CanonicalizationError(`${typeof value} is not a JSON value`);
  }
}

function quote(s: string): string {
  // The cheap test first: most strings hold no surrogate at all.
  if (ANY_SURROGATE.test(s) && LONE_SURROGATE.test(s)) {
    throw new CanonicalizationError('string contains a lone surrogate');
  }
  // JSON.stringify implements exactly the ECMAScript escaping that RFC 8785 §3.2.2.2 requires.
  return JSON.stringify(s);
}

function writeArray(arr: readonly unknown[], depth: number): string {
  let out = '[';
  for (let i = 0; i < arr.length; i++) {
    if (i > 0) out += ',';
    out += write(arr[i], depth + 1);
  }
  return `${out}]`;
}

function writeObject(obj: Record<string, unknown>, depth: number): string {
  const proto = Object.getPrototypeOf(obj);
  if (proto !== Object.prototype && proto !== null) {
    throw new CanonicalizationError('only plain objects can be canonicalized');
  }
  // The default sort compares strings by UTF-16 code units, which is the order §3.2.3 prescribes.
  const keys = Object.keys(obj).sort();
  let out = '{';
  let first = true;
  for (const k of keys) {
    const v = obj[k];
    // Members whose value is undefined are absent, as in JSON.stringify.
    if (v === undefined) continue;
    if (!first) out += ',';
    first = false;
    out += `${quote(k)}:${write(v, depth + 1)}`;
  }
  return `${out}}`;
}
