/**
 * L1 of the prompt firewall: turn untrusted text into the readings a detector must score.
 * Findings, never silent changes: every transform that fired is reported, and the original text is
 * never what downstream layers act on without being told what was removed or decoded.
 */
import type { Finding, Severity, View } from '../types.js';
import { bidiVisual, type InvisibleCounts, stripInvisible } from './invisible.js';
import { MIN_VIEW_BUDGET, resolveLimits, type SanitizeLimits, type SanitizeOptions } from './limits.js';
import { TRANSFORMS, type Transform } from './transforms.js';

export interface SanitizeResult {
  /** Invisible characters removed, lone surrogates replaced, NFKC applied. */
  readonly normalized: string;
  /** `normalized` first, then every other reading; each one goes to the detector. */
  readonly views: View[];
  readonly findings: Finding[];
  /** True when the input exceeded `maxChars` and only its head was scanned. */
  readonly truncated: boolean;
}

interface Pending {
  readonly text: string;
  readonly path: string;
  readonly depth: number;
  /** Bit i set when TRANSFORMS[i] (a rewriting, not a decoder) produced this reading; rewritten text is not rewritten again. */
  readonly used: number;
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = {
  info: 0,
  low: 1,
  medium: 2,
  high: 3,
  critical: 4,
};

class FindingSet {
  private readonly byKey = new Map<string, Finding>();

  add(type: string, severity: Severity, message: string, count: number): void {
    const key = `${type}\u0000${message}`;
    const prev = this.byKey.get(key);
    if (prev === undefined) {
      this.byKey.set(key, { type, layer: 'firewall', message, count, severity });
      return;
    }
    const prevSeverity = prev.severity ?? 'info';
    const worse = SEVERITY_RANK[severity] > SEVERITY_RANK[prevSeverity] ? severity : prevSeverity;
    this.byKey.set(key, { ...prev, count: (prev.count ?? 0) + count, severity: worse });
  }

  list(): Finding[] {
    return [...this.byKey.values()];
  }
}

const INVISIBLE_FINDINGS: readonly [keyof InvisibleCounts, string, Severity, string][] = [
  ['zeroWidth', 'invisible_characters', 'medium', 'zero-width characters removed'],
  ['format', 'invisible_characters', 'medium', 'invisible format characters removed'],
  ['bidi', 'bidi_controls', 'medium', 'bidirectional control characters removed (CVE-2021-42574)'],
  [
    'tags',
    'tag_characters',
    'high',
    'Unicode tag characters removed; the ASCII they hide is decoded as a view',
  ],
  [
    'variationSelectors',
    'variation_selectors',
    'high',
    'variation-selector runs removed; the bytes they hide are decoded as a view',
  ],
  ['control', 'control_characters', 'low', 'control characters removed'],
  ['loneSurrogates', 'lone_surrogates', 'low', 'unpaired UTF-16 surrogates replaced with U+FFFD'],
];

/** Strip + NFKC until stable (NFKC can expose characters that stripping removes, and vice versa). */
interface Cleaned {
  readonly text: string;
  /** Extra readings found while cleaning: hidden tag/selector text, invisible characters as spaces. */
  readonly extra: readonly {
    readonly kind: 'tags' | 'invisible_gaps' | 'bidi_visual';
    readonly text: string;
  }[];
}

function clean(text: string, findings: FindingSet, where: string): Cleaned {
  let current = text;
  let hidden: string | null = null;
  let gaps: string | null = null;
  for (let round = 0; round < 3; round++) {
    const inv = stripInvisible(current);
    for (const [key, type, severity, message] of INVISIBLE_FINDINGS) {
      const count = inv.counts[key];
      if (count > 0) findings.add(type, severity, message + where, count);
    }
    if (inv.tagsDecoded !== null && hidden === null) hidden = inv.tagsDecoded.normalize('NFKC');
    if (inv.gapsAsSpaces !== null && gaps === null) gaps = inv.gapsAsSpaces.normalize('NFKC');
    const next = inv.text.normalize('NFKC');
    if (next !== inv.text && round === 0) {
      findings.add('unicode_normalized', 'info', `compatibility characters folded by NFKC${where}`, 1);
    }
    if (next === current) break;
    current = next;
  }
  const extra: Cleaned['extra'][number][] = [];
  if (hidden !== null) extra.push({ kind: 'tags', text: hidden });
  if (gaps !== null) extra.push({ kind: 'invisible_gaps', text: gaps });
  // Right-to-left overrides: the text in the order it is displayed, cleaned like the text itself.
  const visual = bidiVisual(text);
  if (visual !== null)
    extra.push({ kind: 'bidi_visual', text: stripInvisible(visual).text.normalize('NFKC') });
  return { text: current, extra };
}

function truncate(text: string, maxChars: number): string {
  let end = maxChars;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--; // never split a surrogate pair
  return text.slice(0, end);
}

class ViewCollector {
  readonly views: View[] = [];
  private chars = 0;
  exhausted = false;

  constructor(
    private readonly limits: SanitizeLimits,
    private readonly budget: number,
  ) {}

  /** Adds a view unless it repeats one; false when a bound was hit. */
  add(kind: string, text: string, path: string): 'added' | 'duplicate' | 'full' {
    if (this.has(text)) return 'duplicate';
    if (this.views.length >= this.limits.maxViews || this.chars + text.length > this.budget) {
      this.exhausted = true;
      return 'full';
    }
    this.chars += text.length;
    this.views.push(path === kind ? { kind, text } : { kind, text, path });
    return 'added';
  }

  /**
   * A view with this text already? A scan of at most maxViews texts, comparing lengths first: a Set
   * hashed every candidate in full, most of them never kept.
   */
  private has(text: string): boolean {
    for (const v of this.views) if (v.text.length === text.length && v.text === text) return true;
    return false;
  }
}

function applyTransform(
  t: Transform,
  bit: number,
  item: Pending,
  limits: SanitizeLimits,
  findings: FindingSet,
  collector: ViewCollector,
  queue: Pending[],
): string | null {
  const result = t.run(item.text);
  if (result === null) return null;
  const depth = t.decoder ? item.depth + 1 : item.depth;
  const where = item.depth > 0 ? ` (nested, depth ${item.depth + 1})` : '';
  if (t.decoder && depth > limits.maxDepth) {
    findings.add(
      'decode_depth_exceeded',
      'high',
      `encoded text nested deeper than ${limits.maxDepth} levels was not decoded`,
      1,
    );
    return result.text;
  }
  for (const note of result.notes ?? []) findings.add(note.type, note.severity, note.message, note.count);
  if (t.finding !== null) {
    const severity: Severity = t.decoder && depth > 1 ? 'high' : t.finding.severity;
    findings.add(t.finding.type, severity, t.finding.message + where, result.count);
  }
  const path = item.path === '' ? t.kind : `${item.path}>${t.kind}`;
  // Decoded payloads are untrusted text again: strip and normalise them too.
  const cleaned: Cleaned = t.decoder
    ? clean(result.text, findings, ' in decoded text')
    : { text: result.text, extra: [] };
  const next = { depth, used: t.decoder ? item.used : item.used | bit };
  if (collector.add(t.kind, cleaned.text, path) === 'added')
    queue.push({ text: cleaned.text, path, ...next });
  for (const x of cleaned.extra) {
    const xPath = `${path}>${x.kind}`;
    if (collector.add(x.kind, x.text, xPath) === 'added') queue.push({ text: x.text, path: xPath, ...next });
  }
  return result.text;
}

const REWRITINGS = TRANSFORMS.map((t, i) => (t.decoder ? 0 : 1 << i)).reduce((a, b) => a | b, 0);

/**
 * One reading with every rewriting applied in turn (homoglyphs folded, then symbols stripped,
 * letters joined, delimiters read as spaces, leetspeak read, ROT13 undone), for text that mixes
 * obfuscations. Rewritings are otherwise applied one at a time: chaining them pairwise made up to
 * 2^5 readings of one text, the cost of a few texts hundreds of times the typical one.
 */
function applyComposite(
  item: Pending,
  fired: ReadonlyMap<string, string>,
  findings: FindingSet,
  collector: ViewCollector,
  queue: Pending[],
): void {
  let text: string | null = null;
  const kinds: string[] = [];
  for (const t of TRANSFORMS) {
    if (t.decoder) continue;
    if (text === null) {
      // Up to the first rewriting that fired, each one sees the item's own text: its first-order
      // result is already known, so nothing runs twice.
      const first = fired.get(t.kind);
      if (first === undefined) continue;
      text = first;
      kinds.push(t.kind);
      continue;
    }
    const r = t.run(text);
    if (r === null) continue;
    text = r.text;
    kinds.push(t.kind);
    // A rewriting that fired only once others had run is reported too.
    if (!fired.has(t.kind)) {
      for (const note of r.notes ?? []) findings.add(note.type, note.severity, note.message, note.count);
      if (t.finding) findings.add(t.finding.type, t.finding.severity, t.finding.message, r.count);
    }
  }
  if (text === null || kinds.length < 2) return;
  const path = `${item.path === '' ? '' : `${item.path}>`}${kinds.join('+')}`;
  if (collector.add('rewritten', text, path) === 'added')
    queue.push({ text, path, depth: item.depth, used: REWRITINGS });
}

export function sanitize(text: string, opts?: SanitizeOptions): SanitizeResult {
  const limits = resolveLimits(opts);
  const findings = new FindingSet();
  let input = text;
  if (typeof input !== 'string') {
    findings.add('non_string_input', 'medium', 'input was not a string; nothing was scanned', 1);
    input = '';
  }
  const truncated = input.length > limits.maxChars;
  if (truncated) {
    findings.add(
      'truncated',
      'high',
      `input longer than ${limits.maxChars} characters; only the first ${limits.maxChars} were scanned`,
      input.length - limits.maxChars,
    );
    input = truncate(input, limits.maxChars);
  }
  const { text: normalized, extra } = clean(input, findings, '');
  const budget = Math.max(MIN_VIEW_BUDGET, normalized.length * limits.viewBudgetFactor);
  const collector = new ViewCollector(limits, budget);
  collector.add('normalized', normalized, 'normalized');
  const queue: Pending[] = [{ text: normalized, path: '', depth: 0, used: 0 }];
  for (const x of extra) {
    if (collector.add(x.kind, x.text, x.kind) === 'added')
      queue.push({ text: x.text, path: x.kind, depth: 0, used: 0 });
  }
  // Breadth-first: first-order readings win the view budget over deep chains.
  for (let q = 0; q < queue.length && !collector.exhausted; q++) {
    const item = queue[q]!;
    // Rewritings that fired on this item, with what they produced.
    const fired = new Map<string, string>();
    TRANSFORMS.forEach((t, i) => {
      const bit = 1 << i;
      // Decoders apply to every reading; rewritings to first-order text only (see applyComposite).
      if (collector.exhausted || (!t.decoder && item.used !== 0)) return;
      const out = applyTransform(t, bit, item, limits, findings, collector, queue);
      if (out !== null && !t.decoder) fired.set(t.kind, out);
    });
    // With no rewriting firing on its own, none fires in sequence either (each sees the same text).
    if (item.used === 0 && fired.size > 0 && !collector.exhausted)
      applyComposite(item, fired, findings, collector, queue);
  }
  if (collector.exhausted) {
    findings.add(
      'view_budget_exhausted',
      'medium',
      `more readings than the view budget (${limits.maxViews} views); the rest were not scanned`,
      1,
    );
  }
  return { normalized, views: collector.views, findings: findings.list(), truncated };
}
