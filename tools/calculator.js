/**
 * calculator: evaluates + - * / % ^ and parentheses with a small recursive-descent parser
 * (no eval). Runs in the sandbox with no capabilities at all.
 */
export default function calculator(args) {
  const src = String(args.expression);
  let i = 0;
  const peek = () => {
    while (src[i] === ' ') i++;
    return src[i];
  };
  const fail = (msg) => {
    throw Object.assign(new Error(msg), { code: 'invalid_expression' });
  };
  const number = () => {
    const m = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(src.slice(i));
    if (!m) fail(`expected a number at ${i}`);
    i += m[0].length;
    return Number(m[0]);
  };
  const primary = () => {
    const c = peek();
    if (c === '(') {
      i++;
      const v = sum();
      if (peek() !== ')') fail(`expected ) at ${i}`);
      i++;
      return v;
    }
    if (c === '-') {
      i++;
      return -primary();
    }
    if (c === '+') {
      i++;
      return primary();
    }
    return number();
  };
  const power = () => {
    const base = primary();
    if (peek() === '^') {
      i++;
      return base ** power();
    }
    return base;
  };
  const product = () => {
    let v = power();
    for (let c = peek(); c === '*' || c === '/' || c === '%'; c = peek()) {
      i++;
      const r = power();
      v = c === '*' ? v * r : c === '/' ? v / r : v % r;
    }
    return v;
  };
  const sum = () => {
    let v = product();
    for (let c = peek(); c === '+' || c === '-'; c = peek()) {
      i++;
      const r = product();
      v = c === '+' ? v + r : v - r;
    }
    return v;
  };
  const value = sum();
  if (peek() !== undefined) fail(`unexpected ${src[i]} at ${i}`);
  if (!Number.isFinite(value)) fail('the result is not a finite number');
  return { value };
}
