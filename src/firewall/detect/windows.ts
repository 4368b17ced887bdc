/**
 * Which parts of each view the model reads. Long texts are read in overlapping windows, so that
 * an injection buried in a long document is not diluted by the benign text around it; derived
 * views (skeleton, de-leeted, decoded …) are read only where they differ from the primary view,
 * so a transform that changed a few words of a 1 MB document costs a few windows, not the whole
 * document again.
 */
export const MODEL_WINDOW = 2048;
/** 512 characters of overlap: an injection up to that long is always whole in some window. */
export const MODEL_STRIDE = 1536;

export function windows(text: string): string[] {
  return windowRanges(text.length).map(([s, e]) => text.slice(s, e));
}

/** [start, end) of each window of a text of `length` characters. */
export function windowRanges(length: number): [number, number][] {
  if (length <= MODEL_WINDOW * 2) return [[0, length]];
  const out: [number, number][] = [];
  for (let s = 0; s < length; s += MODEL_STRIDE) {
    out.push([s, Math.min(length, s + MODEL_WINDOW)]);
    if (s + MODEL_WINDOW >= length) break;
  }
  return out;
}

/** How far from where it is expected a window start is looked for in the primary text. */
const RESYNC = 4096;
const PROBE = 64;

/**
 * The windows of `view` that hold something the windows of `primary` did not already show.
 * Transforms edit text locally (a word de-leeted, an entity decoded, an invisible character
 * removed), so the view is walked window by window against the primary at a running offset: a
 * window equal (up to letter case) to the primary text at that offset is skipped; after a window
 * that differs, the offset is re-found by looking for the next window's first characters in the
 * primary near where they should be. Skipping happens only on equality, so a wrong offset can
 * only cost extra reading, never a missed window.
 */
export function unreadWindows(view: string, primary: string): string[] {
  if (view.length <= MODEL_WINDOW * 2) return [view];
  const all = windows(view);
  const out: string[] = [];
  let delta = 0;
  for (let i = 0; i < all.length; i++) {
    const w = all[i] as string;
    const s = i * MODEL_STRIDE;
    const at = s + delta;
    const same = at >= 0 && at + w.length <= primary.length && sameFolded(w, primary, at);
    if (same) continue;
    out.push(w);
    const next = s + MODEL_STRIDE;
    if (next >= view.length) continue;
    const probe = view.slice(next, next + PROBE);
    const from = Math.max(0, next + delta - RESYNC);
    // A bounded search: a slice of the primary, so a probe that is nowhere costs RESYNC, not the text.
    const q = primary.slice(from, next + delta + RESYNC + PROBE).indexOf(probe);
    if (q >= 0) delta = from + q - next;
  }
  return out;
}

/** Equal up to ASCII letter case (the features fold case, so case alone is no new reading). */
function foldEq(x: number, y: number): boolean {
  if (x === y) return true;
  const lx = x | 0x20;
  return lx === (y | 0x20) && lx >= 0x61 && lx <= 0x7a;
}

function sameFolded(w: string, primary: string, at: number): boolean {
  for (let i = 0; i < w.length; i++) if (!foldEq(w.charCodeAt(i), primary.charCodeAt(at + i))) return false;
  return true;
}

/**
 * The new text of a short derived view on its own, when it is a small part of the view: a payload
 * that L1 recovered (tag characters, an encoded span) next to benign text it was hidden in. Scored
 * alone too, so the cover text cannot dilute it: "What a lovely day." before a smuggled request
 * otherwise reads as small talk. Undefined when the view shares (almost) nothing with the primary
 * one at its ends, so the view itself is that text already.
 */
export function hiddenSpan(view: string, primary: string): string | undefined {
  if (view.length > MODEL_WINDOW * 2) return undefined;
  const max = Math.min(view.length, primary.length);
  let a = 0;
  while (a < max && view.charCodeAt(a) === primary.charCodeAt(a)) a++;
  let b = 0;
  while (b < max - a && view.charCodeAt(view.length - 1 - b) === primary.charCodeAt(primary.length - 1 - b))
    b++;
  return view.length - a - b >= 16 && a + b >= 8 ? view.slice(a, view.length - b) : undefined;
}

/** Everything of a derived view the model reads: its unread windows, and a hidden payload alone. */
export function unreadParts(view: string, primary: string): string[] {
  const parts = unreadWindows(view, primary);
  const hidden = hiddenSpan(view, primary);
  if (hidden !== undefined) parts.push(hidden);
  return parts;
}
