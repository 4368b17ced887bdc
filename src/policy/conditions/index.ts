/**
 * Argument conditions (`when:` on a rule), compiled once when a policy set loads.
 *
 * Each condition is a predicate on one argument with three outcomes: pass, fail, or invalid
 * (wrong type, malformed, missing). An allow rule applies only when every condition passes.
 * A deny rule applies unless some condition cleanly fails, so hostile input that we cannot
 * read never slips past a deny rule: unreadable counts as matching (fail closed).
 */
import { type CompiledPathCondition, compilePathCondition, kind, type PathConditionSpec } from './path.js';
import { checkUrlWith, compileHostPatterns, type UrlCheckOptions } from './url.js';
import {
  compileEnumCondition,
  compileNumberCondition,
  compilePatternCondition,
  type NumberConditionSpec,
  type PatternConditionSpec,
  type ValueVerdict,
} from './values.js';

export interface ConditionSpec {
  /** Argument name; dots walk into objects (`recipient.address`). */
  readonly arg: string;
  readonly optional?: boolean;
  readonly path?: PathConditionSpec;
  readonly url?: UrlCheckOptions;
  readonly number?: NumberConditionSpec;
  readonly enum?: readonly (string | number | boolean)[];
  readonly pattern?: PatternConditionSpec;
}

export const CONDITION_KINDS = ['path', 'url', 'number', 'enum', 'pattern'] as const;
export type ConditionKind = (typeof CONDITION_KINDS)[number];

export interface ConditionResult {
  readonly arg: string;
  readonly kind: ConditionKind;
  readonly ok: boolean;
  /** The argument was missing, of the wrong type or malformed. */
  readonly invalid: boolean;
  readonly code?: string;
  readonly reason?: string;
}

export interface CompiledCondition {
  readonly arg: string;
  readonly kind: ConditionKind;
  evaluate(args: unknown): ConditionResult;
}

const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'constructor', 'prototype']);

/** Own-property walk: never reads inherited members, so `constructor` cannot resolve to a function. */
export function readArg(args: unknown, path: string): { found: boolean; value: unknown } {
  let cur: unknown = args;
  for (const seg of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur) || !Object.hasOwn(cur, seg)) {
      return { found: false, value: undefined };
    }
    cur = (cur as Record<string, unknown>)[seg];
  }
  return { found: true, value: cur };
}

function kindOf(spec: ConditionSpec): ConditionKind {
  const present = CONDITION_KINDS.filter((k) => spec[k] !== undefined);
  if (present.length !== 1) {
    throw new TypeError(`condition on "${spec.arg}" must have exactly one of ${CONDITION_KINDS.join(', ')}`);
  }
  return present[0]!;
}

function urlEvaluator(opts: UrlCheckOptions): (v: unknown) => ValueVerdict {
  // Compiled (and validated) once at load; a bad pattern is a load error.
  const allow = compileHostPatterns(opts.allowHosts);
  const deny = compileHostPatterns(opts.denyHosts ?? []);
  return (v) => {
    if (typeof v !== 'string')
      return { ok: false, code: 'url_type', reason: `expected a string url, got ${kind(v)}`, invalid: true };
    const r = checkUrlWith(v, opts, allow, deny);
    return r.ok
      ? { ok: true }
      : { ok: false, code: r.code, reason: r.reason, invalid: r.code === 'url_invalid' };
  };
}

function evaluatorFor(spec: ConditionSpec, k: ConditionKind): (v: unknown) => ValueVerdict {
  switch (k) {
    case 'path': {
      const c: CompiledPathCondition = compilePathCondition(spec.path!);
      return (v) => c.check(v);
    }
    case 'url':
      return urlEvaluator(spec.url!);
    case 'number':
      return compileNumberCondition(spec.number!);
    case 'enum':
      return compileEnumCondition(spec.enum!);
    case 'pattern':
      return compilePatternCondition(spec.pattern!);
  }
}

/** Compiles one condition; throws TypeError/UnsafeRegexError with a message naming the problem. */
export function compileCondition(spec: ConditionSpec): CompiledCondition {
  if (
    typeof spec.arg !== 'string' ||
    spec.arg === '' ||
    spec.arg.split('.').some((s) => s === '' || FORBIDDEN_SEGMENTS.has(s))
  ) {
    throw new TypeError(`condition has an invalid arg name ${JSON.stringify(spec.arg)}`);
  }
  const k = kindOf(spec);
  const evaluate = evaluatorFor(spec, k);
  return {
    arg: spec.arg,
    kind: k,
    evaluate(args: unknown): ConditionResult {
      const { found, value } = readArg(args, spec.arg);
      if (!found) {
        if (spec.optional) return { arg: spec.arg, kind: k, ok: true, invalid: false };
        return {
          arg: spec.arg,
          kind: k,
          ok: false,
          invalid: true,
          code: 'arg_missing',
          reason: `argument "${spec.arg}" is missing`,
        };
      }
      const v = evaluate(value);
      return v.ok
        ? { arg: spec.arg, kind: k, ok: true, invalid: false }
        : { arg: spec.arg, kind: k, ok: false, invalid: v.invalid, code: v.code, reason: v.reason };
    },
  };
}

/** Evaluates all conditions of a rule (no short-circuit: explanations list every failure). */
export function evaluateConditions(conds: readonly CompiledCondition[], args: unknown): ConditionResult[] {
  return conds.map((c) => c.evaluate(args));
}

/** Whether a rule with these condition results applies, given its effect (see the module comment). */
export function ruleApplies(effect: 'allow' | 'deny', results: readonly ConditionResult[]): boolean {
  if (effect === 'allow') return results.every((r) => r.ok);
  return !results.some((r) => !r.ok && !r.invalid);
}

export { assertSafeRegex, UnsafeRegexError } from './regex.js';
export { checkUrl, isPrivateAddress } from './url.js';
