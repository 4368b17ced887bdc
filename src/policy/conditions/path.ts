/**
 * Path conditions. A path argument is normalised before any glob sees it, and every plausible
 * reading of it must pass: the raw string, its percent-decoded form (decoded until stable, which
 * defeats `%252e%252e`), its NFKC form (fullwidth `／`, one-dot leaders `․`, two-dot leader `‥`
 * all become ASCII), and any mix of the two (`％２ｅ％２ｅ` is `%2e%2e` after NFKC, `..` after
 * decoding). A backslash is read both as a separator (Windows) and as an ordinary character
 * (POSIX). A tool that decodes differently from us therefore cannot be walked out of its allowed
 * tree (CWE-22, CWE-176).
 */
import { posix } from 'node:path';
import { compileGlob } from './glob.js';

export interface PathConditionSpec {
  /** Globs the resolved path must match (any). `**` crosses `/`, `*` and `?` do not. */
  readonly allow: readonly string[];
  /** Globs the resolved path must not match. */
  readonly deny?: readonly string[];
  /** Base directory that relative paths are resolved against; without it relative paths are refused. */
  readonly base?: string;
}

export type PathVerdict =
  | { readonly ok: true; readonly path: string }
  | { readonly ok: false; readonly code: string; readonly reason: string; readonly invalid: boolean };

export const MAX_PATH_LENGTH = 4096;
const MAX_DECODE_ROUNDS = 4;
/** Distinct readings of one argument; more means nested encodings we refuse to enumerate. */
const MAX_READINGS = 8;

export interface CompiledPathCondition {
  readonly spec: PathConditionSpec;
  check(value: unknown): PathVerdict;
}

function invalid(code: string, reason: string): PathVerdict {
  return { ok: false, code, reason, invalid: true };
}

/** Percent-decodes until stable; null when malformed (overlong UTF-8, lone `%`) or never stable. */
function decodeFully(s: string): string | null {
  let cur = s;
  for (let i = 0; i < MAX_DECODE_ROUNDS; i++) {
    let next: string;
    try {
      next = decodeURIComponent(cur);
    } catch {
      return null;
    }
    if (next === cur) return cur;
    cur = next;
  }
  return null;
}

/**
 * One reading of the path → an absolute, normalised POSIX path, or a refusal. With
 * `backslashIsSeparator` false the backslash stays an ordinary character, which is how a POSIX
 * tool resolves it: `a\b\c/../../../etc` climbs three levels there but only to the base once
 * the backslashes are separators, so both readings are checked.
 */
function resolveOne(p: string, base: string | undefined, backslashIsSeparator: boolean): PathVerdict {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we refuse
  if (/[\u0000-\u001f\u007f]/.test(p))
    return invalid('path_control_char', 'path contains a NUL or control character');
  const slashed = p.replace(/\\/g, '/');
  if (/^[a-zA-Z]:/.test(slashed) || slashed.startsWith('//')) {
    return invalid('path_foreign', 'drive letters and UNC paths are refused');
  }
  if (slashed.startsWith('~')) return invalid('path_home', 'home-relative paths are refused');
  const q = backslashIsSeparator ? slashed : p;
  let abs: string;
  if (q.startsWith('/')) abs = q;
  else if (base !== undefined) abs = posix.join(base, q);
  else return invalid('path_relative', 'relative paths are refused (no base directory configured)');
  const norm = posix.normalize(abs);
  return { ok: true, path: norm.length > 1 && norm.endsWith('/') ? norm.slice(0, -1) : norm };
}

/**
 * All distinct readings of a raw path argument (closed under percent-decoding and NFKC, in any
 * order), or a refusal when one of them is malformed or there are implausibly many.
 */
export function pathReadings(raw: string): string[] | PathVerdict {
  const seen = new Set<string>([raw]);
  const queue = [raw];
  for (let cur = queue.shift(); cur !== undefined; cur = queue.shift()) {
    const decoded = decodeFully(cur);
    if (decoded === null) return invalid('path_encoding', 'path has malformed or nested percent-encoding');
    for (const next of [decoded, cur.normalize('NFKC')]) {
      if (seen.has(next)) continue;
      if (seen.size >= MAX_READINGS) return invalid('path_encoding', 'path has too many nested encodings');
      seen.add(next);
      queue.push(next);
    }
  }
  return [...seen];
}

// Many rules check the same path argument against the same base within one decision: the
// normalisation (decoding, NFKC, resolution) is done once and reused.
let lastKey: string | null = null;
let lastResolved: readonly PathVerdict[] | PathVerdict = [];

function resolveAll(value: string, base: string | undefined): readonly PathVerdict[] | PathVerdict {
  const key = `${base ?? ''}\u0000${value}`;
  if (key === lastKey) return lastResolved;
  const readings = pathReadings(value);
  const out = Array.isArray(readings)
    ? readings.flatMap((r) =>
        r.includes('\\')
          ? [resolveOne(r, base, true), resolveOne(r, base, false)]
          : [resolveOne(r, base, true)],
      )
    : readings;
  lastKey = key;
  lastResolved = out;
  return out;
}

export function compilePathCondition(spec: PathConditionSpec): CompiledPathCondition {
  const allow = spec.allow.map(compileGlob);
  const deny = (spec.deny ?? []).map(compileGlob);
  const base = spec.base === undefined ? undefined : posix.normalize(spec.base);
  return {
    spec,
    check(value: unknown): PathVerdict {
      if (typeof value !== 'string')
        return invalid('path_type', `expected a string path, got ${kind(value)}`);
      if (value.length === 0 || value.length > MAX_PATH_LENGTH)
        return invalid('path_length', 'path is empty or too long');
      const resolved = resolveAll(value, base);
      if (!Array.isArray(resolved)) return resolved as PathVerdict;
      let first: string | null = null;
      for (const v of resolved as readonly PathVerdict[]) {
        if (!v.ok) return v;
        first ??= v.path;
        if (deny.some((g) => g.test(v.path))) {
          return {
            ok: false,
            code: 'path_denied',
            reason: `path resolves to ${v.path}, which a deny glob matches`,
            invalid: false,
          };
        }
        if (!allow.some((g) => g.test(v.path))) {
          return {
            ok: false,
            code: 'path_not_allowed',
            reason: `path resolves to ${v.path}, outside the allowed globs`,
            invalid: false,
          };
        }
      }
      return { ok: true, path: first ?? value };
    },
  };
}

export function kind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}
