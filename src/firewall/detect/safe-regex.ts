/**
 * Load-time ReDoS screen for signature patterns. V8's backtracking engine can take exponential
 * time on nested quantifiers (`(a+)+`) and backreferences, so those are refused when the rules
 * load rather than discovered under load. What is left can still be polynomial on adversarial
 * input, which is why matching also runs over bounded windows (see rules.ts): the cost per
 * window is then a constant and the total is linear in the input.
 */
export const MAX_PATTERN_LENGTH = 512;
const MAX_BOUNDED_REPEAT = 1000;

export type RegexCheck = { ok: true } | { ok: false; reason: string };

interface Frame {
  hasQuantifier: boolean;
  hasAlternation: boolean;
}

/** Scan a JavaScript regex source, tracking groups, and refuse risky constructs. */
export function checkPattern(source: string): RegexCheck {
  if (source.length === 0) return { ok: false, reason: 'empty pattern' };
  if (source.length > MAX_PATTERN_LENGTH)
    return { ok: false, reason: `pattern longer than ${MAX_PATTERN_LENGTH} characters` };
  const stack: Frame[] = [{ hasQuantifier: false, hasAlternation: false }];
  let lastClosed: Frame | null = null;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const n = source[i + 1] ?? '';
      if (/[1-9]/.test(n) || n === 'k') return { ok: false, reason: 'backreferences are not allowed' };
      i++;
      lastClosed = null;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      lastClosed = null;
      continue;
    }
    if (c === '(') {
      if (
        source.startsWith('(?=', i) ||
        source.startsWith('(?!', i) ||
        source.startsWith('(?<=', i) ||
        source.startsWith('(?<!', i)
      ) {
        return { ok: false, reason: 'lookaround assertions are not allowed' };
      }
      stack.push({ hasQuantifier: false, hasAlternation: false });
      lastClosed = null;
      continue;
    }
    if (c === ')') {
      const f = stack.pop();
      if (!f || stack.length === 0) return { ok: false, reason: 'unbalanced parenthesis' };
      lastClosed = f;
      continue;
    }
    if (c === '|') {
      const top = stack[stack.length - 1];
      if (top) top.hasAlternation = true;
      lastClosed = null;
      continue;
    }
    const q = quantifierAt(source, i);
    if (q) {
      if (q.max > MAX_BOUNDED_REPEAT && Number.isFinite(q.max))
        return { ok: false, reason: `bounded repeat above ${MAX_BOUNDED_REPEAT}` };
      // `(x+)?` is harmless (at most one pass over the group); `(x+)+` and `(a|ab)*` are not.
      if (lastClosed && q.max > 1 && (lastClosed.hasQuantifier || lastClosed.hasAlternation)) {
        return { ok: false, reason: 'nested or alternated quantifier (catastrophic backtracking)' };
      }
      for (const f of stack) f.hasQuantifier = true;
      i += q.length - 1;
      if (source[i + 1] === '?') i++;
      lastClosed = null;
      continue;
    }
    lastClosed = null;
  }
  if (inClass) return { ok: false, reason: 'unterminated character class' };
  if (stack.length !== 1) return { ok: false, reason: 'unbalanced parenthesis' };
  return { ok: true };
}

function quantifierAt(s: string, i: number): { length: number; max: number } | null {
  const c = s[i];
  if (c === '*' || c === '+') return { length: 1, max: Number.POSITIVE_INFINITY };
  if (c === '?') return { length: 1, max: 1 };
  if (c !== '{') return null;
  const m = /^\{(\d+)(,(\d*))?\}/.exec(s.slice(i, i + 16));
  if (!m) return null;
  const max = m[2] === undefined ? Number(m[1]) : m[3] === '' ? Number.POSITIVE_INFINITY : Number(m[3]);
  return { length: m[0].length, max };
}
