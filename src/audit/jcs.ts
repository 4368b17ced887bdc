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

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Deepest nesting accepted; audit events are shallow, so anything deeper is an error, not a crash. */
const MAX_DEPTH = 200;

export function canonicalize(value: unknown): string {
  const out: string[] = [];
  write(value, out, 0);
  return out.join('');
}

function write(value: unknown, out: string[], depth: number): void {
  if (depth > MAX_DEPTH) throw new CanonicalizationError('value nested too deeply');
  if (value === null) {
    out.push('null');
    return;
  }
  switch (typeof value) {
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalizationError('NaN and Infinity are not JSON numbers');
      // Object.is(-0) → "0": String(-0) is already "0".
      out.push(String(value));
      return;
    case 'string':
      out.push(quote(value));
      return;
    case 'object':
      if (Array.isArray(value)) writeArray(value, out, depth);
      else writeObject(value as Record<string, unknown>, out, depth);
      return;
    default:
      throw new CanonicalizationError(`${typeof value} is not a JSON value`);
  }
}

function quote(s: string): string {
  if (LONE_SURROGATE.test(s)) throw new CanonicalizationError('string contains a lone surrogate');
  // JSON.stringify implements exactly the ECMAScript escaping that RFC 8785 §3.2.2.2 requires.
  return JSON.stringify(s);
}

function writeArray(arr: readonly unknown[], out: string[], depth: number): void {
  out.push('[');
  for (let i = 0; i < arr.length; i++) {
    if (i > 0) out.push(',');
    write(arr[i], out, depth + 1);
  }
  out.push(']');
}

function writeObject(obj: Record<string, unknown>, out: string[], depth: number): void {
  const proto = Object.getPrototypeOf(obj);
  if (proto !== Object.prototype && proto !== null) {
    throw new CanonicalizationError('only plain objects can be canonicalized');
  }
  // Members whose value is undefined are absent, as in JSON.stringify.
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined);
  // `<` on strings compares UTF-16 code units, which is the order §3.2.3 prescribes.
  keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  out.push('{');
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    if (i > 0) out.push(',');
    out.push(quote(k), ':');
    write(obj[k], out, depth + 1);
  }
  out.push('}');
}
