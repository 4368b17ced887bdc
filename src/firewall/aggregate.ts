/**
 * Inspecting many texts as one decision: the worst verdict wins, findings keep where they came
 * from (a JSON pointer). Used for chat messages and for the string leaves of tool-call arguments.
 */
import type { DecisionValue, JsonValue } from '../types.js';
import type { Firewall, InspectResult } from './index.js';
import type { Finding } from './types.js';

const RANK: Record<DecisionValue, number> = { allow: 0, review: 1, deny: 2 };

export interface Aggregate {
  decision: DecisionValue;
  score: number;
  findings: Finding[];
}

export function worst(acc: Aggregate, r: InspectResult, where?: string): void {
  if (RANK[r.decision] > RANK[acc.decision]) acc.decision = r.decision;
  acc.score = Math.max(acc.score, r.score);
  for (const f of r.findings) acc.findings.push(where ? { ...f, path: where } : f);
}

/** Limits of the tool-call scan: how many string leaves, how many characters in all. */
export const MAX_LEAVES = 1_000;
export const MAX_LEAF_CHARS = 1_048_576;
/** Shorter strings (ids, paths, flags) carry no instruction worth scoring. */
export const MIN_LEAF_CHARS = 12;

/** String leaves of a JSON value, depth-first, bounded in count and total size. */
export function stringLeaves(value: JsonValue | undefined, path = ''): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  let chars = 0;
  const walk = (v: JsonValue | undefined, p: string): void => {
    if (out.length >= MAX_LEAVES || chars >= MAX_LEAF_CHARS || v === undefined || v === null) return;
    if (typeof v === 'string') {
      if (v.length < MIN_LEAF_CHARS) return;
      const text = v.slice(0, MAX_LEAF_CHARS - chars);
      chars += text.length;
      out.push({ path: p, text });
    } else if (Array.isArray(v)) {
      for (const [i, x] of v.entries()) walk(x, `${p}/${i}`);
    } else if (typeof v === 'object')
      for (const [k, x] of Object.entries(v)) walk(x, `${p}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);
  };
  walk(value, path);
  return out;
}

/** Scan tool-call arguments (source `tool`) and the optional context (source `retrieval`). */
export async function scanToolCall(
  firewall: Firewall,
  args: JsonValue,
  context: JsonValue | undefined,
  session?: string,
): Promise<Aggregate> {
  const agg: Aggregate = { decision: 'allow', score: 0, findings: [] };
  for (const leaf of stringLeaves(args, '/args'))
    worst(agg, await firewall.inspect(leaf.text, { source: 'tool', session }), leaf.path);
  for (const leaf of stringLeaves(context, '/context'))
    worst(agg, await firewall.inspect(leaf.text, { source: 'retrieval', session }), leaf.path);
  return agg;
}
