import { createHmac } from 'node:crypto';
import type { RedactionAction } from './config.js';
import type { Match } from './detectors/index.js';

/** Keeps the first of overlapping spans after sorting by start (then longest): one redaction per character. */
export function resolveOverlaps(matches: readonly Match[]): Match[] {
  const sorted = [...matches].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Match[] = [];
  let end = -1;
  for (const m of sorted) {
    if (m.start >= end) {
      out.push(m);
      end = m.end;
    }
  }
  return out;
}

/** A stable, keyed fingerprint: equal values hash equally (joins across outputs) without being reversible. */
export function fingerprint(key: string | Uint8Array, value: string): string {
  return createHmac('sha256', key).update(value).digest('hex').slice(0, 16);
}

export interface Replacement {
  readonly match: Match;
  readonly action: RedactionAction;
}

/** Applies mask/hash replacements to one string; `drop` and `report` leave the text as is. */
export function applyRedactions(
  text: string,
  replacements: readonly Replacement[],
  hashKey: string | Uint8Array,
): string {
  let out = '';
  let pos = 0;
  for (const { match, action } of replacements) {
    if (action !== 'mask' && action !== 'hash') continue;
    out += text.slice(pos, match.start);
    const value = text.slice(match.start, match.end);
    out +=
      action === 'mask' ? `[REDACTED:${match.type}]` : `[HASH:${match.type}:${fingerprint(hashKey, value)}]`;
    pos = match.end;
  }
  return out + text.slice(pos);
}
