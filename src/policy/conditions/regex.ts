/**
 * Policy regexes are validated once at load and always anchored. JavaScript's engine backtracks,
 * so a pattern like `(a+)+$` takes exponential time on `aaaa…!` (CWE-1333). We refuse the
 * constructs that cause it instead of hoping inputs are short:
 * - nested quantifiers (star height > 1): a quantified group that contains a quantifier;
 * - a quantified group that contains alternation (`(a|a)*`, overlapping branches);
 * - backreferences and lookaround (not regular; unbounded work);
 * - patterns longer than MAX_REGEX_LENGTH.
 * Matching is further bounded by the condition's maxLength on the input.
 */
export const MAX_REGEX_LENGTH = 1000;

export class UnsafeRegexError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsafeRegexError';
  }
}

interface Frame {
  hasQuantifier: boolean;
  hasAlternation: boolean;
}

/** Throws UnsafeRegexError naming the construct; returns nothing when the pattern is acceptable. */
export function assertSafeRegex(source: string): void {
  if (typeof source !== 'string') throw new UnsafeRegexError('regex must be a string');
  if (source.length > MAX_REGEX_LENGTH)
    throw new UnsafeRegexError(`regex longer than ${MAX_REGEX_LENGTH} characters`);
  const stack: Frame[] = [{ hasQuantifier: false, hasAlternation: false }];
  let lastGroup: Frame | null = null;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    const top = stack[stack.length - 1]!;
    if (ch === '\\') {
      const nx = source[i + 1] ?? '';
      if (!inClass && /[1-9k]/.test(nx)) throw new UnsafeRegexError('backreferences are not allowed');
      i++;
      lastGroup = null;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      continue;
    }
    if (ch === '[') {
      inClass = true;
      lastGroup = null;
    } else if (ch === '(') {
      if (['(?=', '(?!', '(?<=', '(?<!'].some((p) => source.startsWith(p, i))) {
        throw new UnsafeRegexError('lookaround is not allowed');
      }
      stack.push({ hasQuantifier: false, hasAlternation: false });
      lastGroup = null;
    } else if (ch === ')') {
      if (stack.length === 1) throw new UnsafeRegexError('unbalanced parenthesis');
      lastGroup = stack.pop()!;
      const parent = stack[stack.length - 1]!;
      parent.hasQuantifier ||= lastGroup.hasQuantifier;
    } else if (ch === '|') {
      top.hasAlternation = true;
      lastGroup = null;
    } else if (
      ch === '*' ||
      ch === '+' ||
      ch === '?' ||
      (ch === '{' && /^\{\d+(,\d*)?\}/.test(source.slice(i)))
    ) {
      if (ch === '?' && /[*+?}]/.test(source[i - 1] ?? '')) continue; // lazy modifier
      const bounded = ch === '?' || /^\{(\d+)\}/.test(source.slice(i));
      if (lastGroup && !bounded) {
        if (lastGroup.hasQuantifier)
          throw new UnsafeRegexError('nested quantifiers (e.g. (a+)+) are not allowed');
        if (lastGroup.hasAlternation)
          throw new UnsafeRegexError(
            'a repeated group with alternation (e.g. (a|b)*) is not allowed; use a character class',
          );
      }
      top.hasQuantifier = true;
      lastGroup = null;
    } else {
      lastGroup = null;
    }
  }
  if (stack.length !== 1) throw new UnsafeRegexError('unbalanced parenthesis');
  if (inClass) throw new UnsafeRegexError('unterminated character class');
}

/** Validates and compiles, anchored to the whole input. */
export function compileSafeRegex(source: string, ignoreCase: boolean): RegExp {
  assertSafeRegex(source);
  try {
    return new RegExp(`^(?:${source})$`, ignoreCase ? 'iu' : 'u');
  } catch (err) {
    throw new UnsafeRegexError(`regex does not compile: ${(err as Error).message}`);
  }
}
