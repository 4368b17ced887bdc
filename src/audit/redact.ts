import type { JsonValue } from '../types.js';

/** Keys whose values are never kept, whatever they hold. */
const SECRET_KEY =
  /pass(word|phrase)?|secret|token|api[-_]?key|auth(orization)?|cookie|credential|private[-_]?key|session[-_]?key|signature/i;
const MAX_STRING = 256;
const MAX_ITEMS = 50;
const MAX_DEPTH = 8;

/**
 * A reviewable copy of tool arguments for the audit log: structure kept, values under secret-like
 * keys replaced, long strings cut, big containers trimmed. The raw arguments are only kept as a
 * digest.
 */
export function redactArgs(value: JsonValue, depth = 0): JsonValue {
  if (typeof value === 'string') {
    return value.length > MAX_STRING
      ? `${value.slice(0, MAX_STRING)}…[+${value.length - MAX_STRING} chars]`
      : value;
  }
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[…]';
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ITEMS).map((v) => redactArgs(v, depth + 1));
    if (value.length > MAX_ITEMS) items.push(`[+${value.length - MAX_ITEMS} items]`);
    return items;
  }
  const out: { [key: string]: JsonValue } = {};
  let n = 0;
  for (const [k, v] of Object.entries(value)) {
    if (n++ >= MAX_ITEMS) {
      out['…'] = `[+${Object.keys(value).length - MAX_ITEMS} keys]`;
      break;
    }
    out[k] = SECRET_KEY.test(k) ? '[REDACTED]' : redactArgs(v, depth + 1);
  }
  return out;
}
