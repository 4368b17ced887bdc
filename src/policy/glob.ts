/**
 * Anchored globs over tool names: `*` is any run of characters, `?` one character, nothing else
 * is special. Casbin's keyMatch is not used for tool names because it is a prefix match
 * (`keyMatch('ns7x', 'ns7*')` is true, and so would be `payment_refund_all` for `payment_refund*`
 * written without intent); here a pattern always matches the whole name.
 */
const cache = new Map<string, RegExp>();

export function globToRegExp(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (re === undefined) {
    const body = pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.');
    re = new RegExp(`^${body}$`, 's');
    if (cache.size > 10_000) cache.clear();
    cache.set(pattern, re);
  }
  return re;
}

export function globMatch(name: string, pattern: string): boolean {
  if (!pattern.includes('*') && !pattern.includes('?')) return name === pattern;
  return globToRegExp(pattern).test(name);
}
