/**
 * Bounded label values. Tool names, tenants and rule ids come from configuration and from
 * callers; an unbounded label set lets one client blow up the Prometheus series count (each
 * series costs memory here and in every scraper). Each label keeps at most `max` distinct
 * values; later newcomers are folded into `other`.
 */
export const OTHER = 'other';
const MAX_LEN = 64;

export class BoundedLabel {
  private readonly seen = new Set<string>();
  folded = 0;

  constructor(
    readonly name: string,
    private readonly max: number,
  ) {}

  value(raw: string | null | undefined): string {
    const v = clean(raw);
    if (this.seen.has(v)) return v;
    if (this.seen.size >= this.max) {
      this.folded++;
      return OTHER;
    }
    this.seen.add(v);
    return v;
  }

  size(): number {
    return this.seen.size;
  }
}

/** Strip control characters and cap the length: label values end up in text exposition. */
function clean(raw: string | null | undefined): string {
  if (raw === null || raw === undefined || raw === '') return 'none';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
  const s = raw.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '');
  if (s === '') return 'none';
  return s.length > MAX_LEN ? s.slice(0, MAX_LEN) : s;
}
