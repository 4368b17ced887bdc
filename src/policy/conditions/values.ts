/**
 * Scalar conditions: numeric caps, enums and anchored, ReDoS-safe patterns. Values are checked as
 * JSON types: `"5"` is not a number, `"NaN"`/`"Infinity"` are strings, an array is never a string.
 */
import { kind } from './path.js';
import { compileSafeRegex } from './regex.js';

export interface NumberConditionSpec {
  readonly min?: number;
  readonly max?: number;
  readonly integer?: boolean;
}
export interface PatternConditionSpec {
  /** Anchored implicitly: matched against the whole value. */
  readonly regex: string;
  readonly maxLength?: number;
  readonly ignoreCase?: boolean;
}

export type ValueVerdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly code: string; readonly reason: string; readonly invalid: boolean };

const OK: ValueVerdict = { ok: true };
const bad = (code: string, reason: string, isInvalid = false): ValueVerdict => ({
  ok: false,
  code,
  reason,
  invalid: isInvalid,
});

export function compileNumberCondition(spec: NumberConditionSpec): (v: unknown) => ValueVerdict {
  return (v) => {
    if (typeof v !== 'number') return bad('number_type', `expected a number, got ${kind(v)}`, true);
    if (!Number.isFinite(v)) return bad('number_not_finite', 'number is not finite', true);
    // Above 2^53 a JSON number has already lost precision: 9007199254740993 reads as ...992.
    if (Math.abs(v) > Number.MAX_SAFE_INTEGER)
      return bad('number_unsafe', 'number is beyond the safe range', true);
    if (spec.integer && !Number.isInteger(v)) return bad('number_not_integer', `${v} is not an integer`);
    if (spec.min !== undefined && v < spec.min)
      return bad('number_below_min', `${v} is below the minimum ${spec.min}`);
    if (spec.max !== undefined && v > spec.max)
      return bad('number_above_max', `${v} is above the cap ${spec.max}`);
    return OK;
  };
}

export function compileEnumCondition(
  values: readonly (string | number | boolean)[],
): (v: unknown) => ValueVerdict {
  const set = new Set<unknown>(values);
  return (v) => {
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
      return bad('enum_type', `expected a scalar, got ${kind(v)}`, true);
    }
    return set.has(v)
      ? OK
      : bad('enum_not_allowed', `${JSON.stringify(v).slice(0, 64)} is not one of the allowed values`);
  };
}

export const DEFAULT_PATTERN_MAX_LENGTH = 1024;

export function compilePatternCondition(spec: PatternConditionSpec): (v: unknown) => ValueVerdict {
  const re = compileSafeRegex(spec.regex, spec.ignoreCase ?? false);
  const max = spec.maxLength ?? DEFAULT_PATTERN_MAX_LENGTH;
  return (v) => {
    if (typeof v !== 'string') return bad('pattern_type', `expected a string, got ${kind(v)}`, true);
    if (v.length > max) return bad('pattern_too_long', `value is longer than ${max} characters`, true);
    return re.test(v) ? OK : bad('pattern_mismatch', 'value does not match the required pattern');
  };
}
