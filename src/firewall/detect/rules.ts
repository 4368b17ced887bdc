/**
 * Signature rules: data from the `detect.rules` section of policies/firewall.yaml, compiled once
 * at load. A rule that is risky (see safe-regex.ts) or does not compile is a load error, so a bad
 * rule set is refused as a whole and the last good one keeps serving.
 */
import { checkPattern } from './safe-regex.js';

export interface RuleSpec {
  readonly id: string;
  readonly description: string;
  readonly pattern: string;
  /** Probability-like weight in (0, 1]: how sure a hit alone makes us. */
  readonly weight: number;
}

export interface CompiledRule extends RuleSpec {
  readonly re: RegExp;
}

export class RuleLoadError extends Error {
  override readonly name = 'RuleLoadError';
}

/** Windowing keeps each regex run on a bounded slice; overlap catches matches on a seam. */
export const RULE_WINDOW = 2048;
export const RULE_OVERLAP = 256;

const ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export function compileRules(specs: readonly RuleSpec[]): CompiledRule[] {
  const seen = new Set<string>();
  return specs.map((r, i) => {
    const where = `detect.rules[${i}]${typeof r?.id === 'string' ? ` (${r.id})` : ''}`;
    if (typeof r?.id !== 'string' || !ID.test(r.id)) throw new RuleLoadError(`${where}: id must match ${ID}`);
    if (seen.has(r.id)) throw new RuleLoadError(`${where}: duplicate id`);
    seen.add(r.id);
    if (typeof r.description !== 'string' || r.description.length === 0)
      throw new RuleLoadError(`${where}: description required`);
    if (typeof r.pattern !== 'string') throw new RuleLoadError(`${where}: pattern must be a string`);
    if (typeof r.weight !== 'number' || !(r.weight > 0 && r.weight <= 1))
      throw new RuleLoadError(`${where}: weight must be in (0, 1]`);
    const check = checkPattern(r.pattern);
    if (!check.ok) throw new RuleLoadError(`${where}: unsafe pattern: ${check.reason}`);
    let re: RegExp;
    try {
      // The `u` flag makes case-insensitive matching fold over all of Unicode, which costs time; only
      // patterns that contain non-ASCII characters need it.
      re = new RegExp(r.pattern, [...r.pattern].some((c) => c.charCodeAt(0) > 127) ? 'iu' : 'i');
    } catch (err) {
      throw new RuleLoadError(`${where}: pattern does not compile: ${(err as Error).message}`);
    }
    return { id: r.id, description: r.description, pattern: r.pattern, weight: r.weight, re };
  });
}

/** Ids of the rules that match any window of any view. */
export function matchRules(rules: readonly CompiledRule[], views: readonly string[]): string[] {
  const hits: string[] = [];
  for (const rule of rules) {
    if (views.some((v) => matchesWindowed(rule.re, v))) hits.push(rule.id);
  }
  return hits;
}

function matchesWindowed(re: RegExp, text: string): boolean {
  if (text.length <= RULE_WINDOW) return re.test(text);
  const step = RULE_WINDOW - RULE_OVERLAP;
  for (let start = 0; start < text.length; start += step) {
    if (re.test(text.slice(start, start + RULE_WINDOW))) return true;
    if (start + RULE_WINDOW >= text.length) break;
  }
  return false;
}

/** Noisy-OR of the weights of the rules that hit: independent pieces of evidence. */
export function rulesScore(rules: readonly CompiledRule[], hits: readonly string[]): number {
  let miss = 1;
  for (const r of rules) if (hits.includes(r.id)) miss *= 1 - r.weight;
  return 1 - miss;
}
