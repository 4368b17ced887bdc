/**
 * The model's reading of every L1 view of a text; the highest calibrated score wins.
 *
 * The primary view is read in windows. A derived view (skeleton, de-leeted, decoded …) is mostly
 * the primary text with a few local edits, so it is read as that: in each window of the primary,
 * the edits lying whole inside it are applied, and the n-gram features are updated from what the
 * edits changed (features.ts, readEdited) rather than read again. A text with a dozen views then
 * costs about one reading plus its edits. What this cannot place is read on its own:
 * - an edit too large to lie whole in any window, with some of its surroundings;
 * - a view that differs nearly everywhere (a decoded blob, a text spaced out throughout), in the
 *   windows that differ from the primary (windows.ts, unreadParts);
 * - in a short view that uncovered text (decoded, tag characters …), the text its transforms wrote,
 *   alone, when the view has other text too (a payload smuggled beside benign cover text), so that
 *   the cover cannot dilute it.
 */
import { diffViews, type Edit } from './edits.js';
import { readBase, readEdited } from './features.js';
import { isSpace } from './grams.js';
import { calibrated, featureOptions, type LinearModel } from './model.js';
import { RULE_OVERLAP } from './rules.js';
import { MODEL_WINDOW, unreadParts, windowRanges, windows } from './windows.js';

export interface ViewText {
  readonly kind: string;
  readonly text: string;
  /** Chain of L1 transforms (`url>skeleton`, `skeleton+leet` for a composite); `kind` when absent. */
  readonly path?: string;
}

export interface ModelReading {
  readonly score: number;
  /** Kind of the view that scored highest. */
  readonly view: string;
  /** False when reading stopped at a decisive score: `score` is then a lower bound. */
  readonly complete: boolean;
}

interface Derived {
  readonly kind: string;
  readonly text: string;
  /** Some step of the view decoded or uncovered text, rather than re-spelling text in plain view. */
  readonly revealed: boolean;
  readonly lower: string;
  readonly edits: readonly Edit[];
}

/** L1 transforms that re-spell text in plain view rather than uncover it. */
const RESPELLINGS = new Set(['skeleton', 'stripped', 'despaced', 'delimited', 'leet']);

/** New text an edit must have written to be read alone too, and the other text the view must have. */
const HIDDEN_MIN = 16;
const COVER_MIN = 8;

/** Context read around an edit that no window holds whole. */
const ORPHAN_CONTEXT = 256;

/** The views of a text, as the model will read them. */
export interface ViewPlan {
  readonly views: readonly ViewText[];
  /** The primary text lower-cased, as the edits were found in it. */
  readonly lowerPrimary: string;
  readonly derived: readonly Derived[];
  /** Views that differ from the primary nearly everywhere: read whole. */
  readonly whole: readonly ViewText[];
}

export function planViews(views: readonly ViewText[]): ViewPlan {
  const primary = views[0]?.text ?? '';
  const lowerPrimary = primary.toLowerCase();
  return { views, lowerPrimary, ...splitViews(primary, lowerPrimary, withoutParts(views.slice(1))) };
}

/**
 * L1 reports each rewriting (skeleton, leet, despaced …) of a text on its own and, when several
 * fired, all of them applied together (`rewritten`). The composite holds every edit of its parts, so
 * the parts are not read again: a text with homoglyphs, leetspeak and spacing costs one reading of
 * its rewritings rather than four.
 */
function withoutParts(views: readonly ViewText[]): ViewText[] {
  const split = (v: ViewText): [string, string] => {
    const path = v.path ?? v.kind;
    const i = path.lastIndexOf('>');
    return [i < 0 ? '' : path.slice(0, i), path.slice(i + 1)];
  };
  const composites = new Map<string, Set<string>>();
  for (const v of views) {
    if (v.kind !== 'rewritten') continue;
    const [parent, last] = split(v);
    composites.set(parent, new Set(last.split('+')));
  }
  if (composites.size === 0) return [...views];
  return views.filter((v) => {
    const [parent] = split(v);
    return v.kind === 'rewritten' || composites.get(parent)?.has(v.kind) !== true;
  });
}

/**
 * What the signature rules must see: the primary text, every view read whole, and each edit of a
 * derived view with RULE_OVERLAP characters on each side (to whole tokens). Elsewhere a derived view
 * equals the primary up to letter case, and the rules ignore case; a rule match is at most
 * RULE_OVERLAP long (the same bound that windowing of long texts relies on).
 */
export function ruleTexts(plan: ViewPlan): string[] {
  // A set: views that share an edit (`url`, `url>skeleton` …) often give the same slice around it.
  const out = new Set([plan.views[0]?.text ?? '', ...plan.whole.map((v) => v.text)]);
  for (const d of plan.derived) {
    let last: [number, number] | undefined;
    for (const ed of d.edits) {
      const a = tokenStart(d.text, Math.max(0, ed.vs - RULE_OVERLAP));
      const b = tokenEnd(d.text, Math.min(d.text.length, ed.ve + RULE_OVERLAP));
      if (last !== undefined && a <= last[1]) last[1] = b;
      else {
        if (last !== undefined) out.add(d.text.slice(last[0], last[1]));
        last = [a, b];
      }
    }
    if (last !== undefined) out.add(d.text.slice(last[0], last[1]));
  }
  return [...out];
}

function tokenStart(t: string, i: number): number {
  while (i > 0 && !isSpace(t.charCodeAt(i - 1))) i--;
  return i;
}

function tokenEnd(t: string, i: number): number {
  while (i < t.length && !isSpace(t.charCodeAt(i))) i++;
  return i;
}

/**
 * The highest calibrated score over every reading of the plan. With `stopAt`, reading stops as soon
 * as a score reaches it: the caller has made sure that no decision differs above that level, so the
 * remaining views could only raise a score that is already decisive.
 */
export function readViews(
  model: LinearModel,
  plan: ViewPlan,
  hits: readonly string[],
  stopAt = Number.POSITIVE_INFINITY,
): ModelReading {
  const { views, derived, whole, lowerPrimary: lowerP } = plan;
  const opts = featureOptions(model);
  const primary = views[0]?.text ?? '';
  let best = 0;
  let bestView = views[0]?.kind ?? 'none';
  const consider = (z: number, kind: string) => {
    const p = calibrated(model, z);
    if (p > best) {
      best = p;
      bestView = kind;
    }
  };
  const enough = () => best >= stopAt;
  const result = () => ({ score: best, view: bestView, complete: !enough() });
  const readWhole = (text: string, kind: string) =>
    consider(readBase(text, hits, opts, model.weights).z, kind);

  // Read on their own after the windows, when no base reading is pending.
  const later: [string, string][] = [];
  // Which edits of each derived view some window has read, and the first edit that may start in
  // the current window (windows and edits are both in text order).
  const placed = derived.map((d) => d.edits.map(() => false));
  const from = derived.map(() => 0);
  for (const [s, e] of windowRanges(primary.length)) {
    const base = readBase(primary.slice(s, e), hits, opts, model.weights);
    consider(base.z, views[0]?.kind ?? 'none');
    if (enough()) return result();
    derived.forEach((d, di) => {
      if (enough()) return;
      const inside: Edit[] = [];
      let k = from[di] as number;
      while (k < d.edits.length && (d.edits[k] as Edit).ps < s) k++;
      from[di] = k;
      for (; k < d.edits.length && (d.edits[k] as Edit).ps < e; k++) {
        const ed = d.edits[k] as Edit;
        if (ed.pe <= e) {
          inside.push(ed);
          (placed[di] as boolean[])[k] = true;
        }
      }
      if (inside.length === 0) return;
      // Edits over most of the window cost more as a difference (both sides read) than the view itself.
      if (inside.reduce((n, ed) => n + ed.pe - ed.ps, 0) * 2 > e - s) {
        later.push([applyEdits(primary, s, e, d.text, inside), d.kind]);
        return;
      }
      const texts = inside.map((ed) => ({
        at: ed.ps - s,
        end: ed.pe - s,
        before: primary.slice(ed.ps, ed.pe),
        after: d.text.slice(ed.vs, ed.ve),
        beforeLower: lowerP.slice(ed.ps, ed.pe),
        afterLower: d.lower.slice(ed.vs, ed.ve),
      }));
      consider(readEdited(base, texts, hits, opts, model.weights), d.kind);
    });
    if (enough()) return result();
  }
  // Everything below reads text on its own (a new base reading each time).
  const reads: (readonly [string, string])[] = [...later];
  const seenAlone = new Set<string>();
  derived.forEach((d, di) => {
    d.edits.forEach((ed, k) => {
      if (placed[di]?.[k]) return;
      const around = d.text.slice(Math.max(0, ed.vs - ORPHAN_CONTEXT), ed.ve + ORPHAN_CONTEXT);
      for (const w of windows(around)) reads.push([w, d.kind]);
    });
    const alone = newText(d);
    if (alone !== undefined && !seenAlone.has(alone)) {
      seenAlone.add(alone);
      reads.push([alone, d.kind]);
    }
  });
  for (const v of whole) for (const w of unreadParts(v.text, primary)) reads.push([w, v.kind]);
  for (const [text, kind] of reads) {
    readWhole(text, kind);
    if (enough()) break;
  }
  return result();
}

/**
 * The text a short view's transforms wrote (from the first to the last edit that wrote at least
 * HIDDEN_MIN characters, without margins), when the view has some text besides: a payload beside
 * cover text. Only for views that uncovered text (decoded, hidden in tag characters, rot13 …): a
 * re-spelling (skeleton, leetspeak, despaced) changes text that the primary reading saw in its
 * context, and a fragment of mangled numbers read alone is a false alarm, not a payload.
 */
function newText(d: Derived): string | undefined {
  if (!d.revealed || d.text.length > MODEL_WINDOW * 2) return undefined;
  const big = d.edits.filter((ed) => ed.changed >= HIDDEN_MIN);
  const first = big[0];
  const last = big.at(-1);
  if (first === undefined || last === undefined) return undefined;
  const span = last.ce - first.cs;
  return span >= HIDDEN_MIN && d.text.length - span >= COVER_MIN
    ? d.text.slice(first.cs, last.ce)
    : undefined;
}

/** Derived views as edits of the primary where they can be, whole otherwise; repeats dropped. */
function splitViews(
  primary: string,
  lowerP: string,
  rest: readonly ViewText[],
): { derived: Derived[]; whole: ViewText[] } {
  // Offsets in the lower-cased texts must be offsets in the texts (true unless a letter such as
  // U+0130 lower-cases to two code units).
  const aligned = lowerP.length === primary.length;
  const seen = new Set<string>([primary]);
  const derived: Derived[] = [];
  const whole: ViewText[] = [];
  for (const v of rest) {
    if (seen.has(v.text)) continue;
    seen.add(v.text);
    const lower = v.text.toLowerCase();
    const edits = aligned && lower.length === v.text.length ? diffViews(lowerP, lower) : undefined;
    if (edits === undefined) whole.push(v);
    else if (edits.length > 0)
      derived.push({
        kind: v.kind,
        text: v.text,
        revealed: (v.path ?? v.kind).split(/[>+]/).some((step) => !RESPELLINGS.has(step)),
        lower,
        edits,
      });
  }
  return { derived, whole };
}

/** primary[s, e) with the view's text put in place of each edit (edits ordered, inside [s, e)). */
function applyEdits(primary: string, s: number, e: number, view: string, edits: readonly Edit[]): string {
  let out = '';
  let at = s;
  for (const ed of edits) {
    out += primary.slice(at, ed.ps) + view.slice(ed.vs, ed.ve);
    at = ed.pe;
  }
  return out + primary.slice(at, e);
}
