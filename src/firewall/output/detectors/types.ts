/** A span of a string that a detector says holds a secret or personal data. */
export interface Match {
  /** Rule id, e.g. `aws_access_key`, `email`, `payment_card`. */
  readonly type: string;
  readonly start: number;
  readonly end: number;
}

export type DetectorCategory = 'secret' | 'pii';

/**
 * One L3 detector. `find` must be linear in the text: flat regexes with bounded quantifiers, or
 * hand-written scanners, plus a validator (checksum, entropy, number ranges) to cut false positives.
 */
export interface Detector {
  readonly id: string;
  readonly category: DetectorCategory;
  readonly description: string;
  /** Cheap substring test: when false the detector cannot match, so `find` is skipped. */
  readonly mayMatch?: (text: string) => boolean;
  readonly find: (text: string) => Match[];
}

/** Runs a global regex and keeps the spans the validator accepts; `group` selects a capture group's span. */
export function regexMatches(
  text: string,
  re: RegExp,
  type: string,
  accept: (value: string, m: RegExpExecArray) => boolean = () => true,
  group = 0,
): Match[] {
  const out: Match[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const span = m.indices?.[group];
    const value = m[group];
    if (span !== undefined && value !== undefined && accept(value, m))
      out.push({ type, start: span[0], end: span[1] });
    if (m[0].length === 0) re.lastIndex++;
  }
  return out;
}

/** Shannon entropy in bits per character. */
export function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  const n = s.length;
  for (const c of counts.values()) {
    const p = c / n;
    h -= p * Math.log2(p);
  }
  return h;
}
