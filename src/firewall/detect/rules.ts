/**
 * Signature rules: data from the `detect.rules` section of policies/firewall.yaml, compiled once
 * at load. A rule that is risky (see safe-regex.ts) or does not compile is a load error, so a bad
 * rule set is refused as a whole and the last good one keeps serving.
 */
import { nonAsciiGate, PrefixTrie, type ScreenedTest, screenedTest } from './prefixes.js';
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
  /**
   * The rule split by its word-start prefixes (prefixes.ts), when it can be: `test` takes what a
   * scan of `trie` (shared by the rules compiled together) found in the text.
   */
  readonly split?: { readonly trie: PrefixTrie; readonly test: ScreenedTest };
  /**
   * When every match holds one of the non-ASCII characters the pattern is written with: a class of
   * them. The rule runs only on a window that has one (not on English, nor on another script).
   */
  readonly gate: RegExp | null;
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
  const trie = new PrefixTrie(true);
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
    const rule = {
      id: r.id,
      description: r.description,
      pattern: r.pattern,
      weight: r.weight,
      re,
      gate: nonAsciiGate(r.pattern),
    };
    const test = screenedTest(re, trie);
    return test === null ? rule : { ...rule, split: { trie, test } };
  });
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return false;
  return true;
}

/** Ids of the rules that match any window of any view, in rule order. */
export function matchRules(rules: readonly CompiledRule[], views: readonly string[]): string[] {
  const hit = new Array<boolean>(rules.length).fill(false);
  let left = rules.length;
  for (const v of views) {
    for (const w of ruleWindows(v)) {
      // One walk of the window's word starts serves every screened rule (they share one trie).
      let words = 0;
      let scanned: PrefixTrie | null = null;
      let ascii: boolean | undefined;
      for (let i = 0; i < rules.length && left > 0; i++) {
        const rule = rules[i] as CompiledRule;
        if (hit[i]) continue;
        // Most text is ASCII, or in another script than a rule written for some scripts.
        if (rule.gate !== null) {
          if (ascii === undefined) ascii = isAscii(w);
          if (ascii || !rule.gate.test(w)) continue;
        }
        const split = rule.split;
        let match: boolean;
        if (split === undefined) match = rule.re.test(w);
        else {
          if (scanned !== split.trie) {
            words = split.trie.scan(w);
            scanned = split.trie;
          }
          match = split.test(w, words);
        }
        if (match) {
          hit[i] = true;
          left--;
        }
      }
    }
  }
  return rules.filter((_, i) => hit[i]).map((r) => r.id);
}

/** A text as the rules read it: whole, or in overlapping windows of RULE_WINDOW characters. */
function ruleWindows(text: string): string[] {
  if (text.length <= RULE_WINDOW) return [text];
  const out: string[] = [];
  const step = RULE_WINDOW - RULE_OVERLAP;
  for (let start = 0; start < text.length; start += step) {
    out.push(text.slice(start, start + RULE_WINDOW));
    if (start + RULE_WINDOW >= text.length) break;
  }
  return out;
}

/** Noisy-OR of the weights of the rules that hit: independent pieces of evidence. */
export function rulesScore(rules: readonly CompiledRule[], hits: readonly string[]): number {
  let miss = 1;
  for (const r of rules) if (hits.includes(r.id)) miss *= 1 - r.weight;
  return 1 - miss;
}
