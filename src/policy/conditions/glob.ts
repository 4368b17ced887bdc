/**
 * Anchored path globs, matched without a backtracking regex engine. Casbin's
 * `keyMatch('ns7x', 'ns7*')` is true and `regexMatch` is unanchored; a glob here always matches
 * the whole path. Semantics follow gitignore: `**` as a whole segment matches zero or more
 * segments; `*` and `?` match within one segment and never cross `/`.
 *
 * Matching is dynamic programming over segments, O(glob segments × path segments) with a
 * linear-time wildcard match per segment pair, so a hostile path cannot make it backtrack.
 */
export const MAX_GLOB_LENGTH = 512;

export interface Glob {
  readonly source: string;
  test(s: string): boolean;
}

/** Wildcard match of one segment (`*`, `?`), the classic greedy algorithm with one backtrack point. */
function segmentMatch(g: string, s: string): boolean {
  let gi = 0;
  let si = 0;
  let star = -1;
  let mark = 0;
  while (si < s.length) {
    const c = g[gi];
    if (c === '?' || (c !== undefined && c !== '*' && c === s[si])) {
      gi++;
      si++;
    } else if (c === '*') {
      star = gi++;
      mark = si;
    } else if (star >= 0) {
      gi = star + 1;
      si = ++mark;
    } else return false;
  }
  while (g[gi] === '*') gi++;
  return gi === g.length;
}

function matchSegments(g: readonly string[], p: readonly string[]): boolean {
  const P = p.length;
  // next[j] = does g[i+1..] match p[j..]; computed from the last glob segment backwards.
  let next = new Array<boolean>(P + 1).fill(false);
  next[P] = true;
  for (let i = g.length - 1; i >= 0; i--) {
    const cur = new Array<boolean>(P + 1).fill(false);
    const seg = g[i]!;
    for (let j = P; j >= 0; j--) {
      if (seg === '**') cur[j] = next[j]! || (j < P && cur[j + 1]!);
      else cur[j] = j < P && next[j + 1]! && segmentMatch(seg, p[j]!);
    }
    next = cur;
  }
  return next[0]!;
}

export function compileGlob(glob: string): Glob {
  if (typeof glob !== 'string' || glob.length === 0 || glob.length > MAX_GLOB_LENGTH) {
    throw new TypeError(`invalid glob ${JSON.stringify(String(glob)).slice(0, 80)}`);
  }
  const segs = glob.split('/').map((s) => (s !== '**' && s.includes('**') ? s.replace(/\*+/g, '*') : s));
  return { source: glob, test: (s) => matchSegments(segs, s.split('/')) };
}
