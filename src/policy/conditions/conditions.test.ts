import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileGlob } from './glob.js';
import { compileCondition, evaluateConditions, ruleApplies } from './index.js';
import { compilePathCondition } from './path.js';
import { assertSafeRegex, UnsafeRegexError } from './regex.js';

const kb = compilePathCondition({ allow: ['/srv/kb/**'], deny: ['**/.env', '**/*.key'], base: '/srv/kb' });

describe('path conditions', () => {
  it('should allow a path inside the tree, relative or absolute', () => {
    expect(kb.check('/srv/kb/faq/refunds.md')).toMatchObject({ ok: true, path: '/srv/kb/faq/refunds.md' });
    expect(kb.check('faq/refunds.md')).toMatchObject({ ok: true, path: '/srv/kb/faq/refunds.md' });
    expect(kb.check('./faq/../faq/a.md')).toMatchObject({ ok: true, path: '/srv/kb/faq/a.md' });
  });

  it.each([
    '../../etc/passwd',
    '/srv/kb/../../etc/passwd',
    '/srv/kb/faq/../../../etc/shadow',
    '%2e%2e/%2e%2e/etc/passwd',
    '%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
    '%252e%252e/%252e%252e/etc/passwd',
    '..%2f..%2fetc%2fpasswd',
    '..\\..\\etc\\passwd',
    '..%5c..%5cetc%5cpasswd',
    '\uff0e\uff0e/\uff0e\uff0e/etc/passwd',
    '..\uff0f..\uff0fetc\uff0fpasswd',
    '\u2025/\u2025/etc/passwd',
    '\u2024\u2024/\u2024\u2024/etc/passwd',
    '/etc/passwd',
    '/srv/kb-other/x',
    '/srv/kbx',
  ])('should refuse traversal form %s', (p) => {
    const r = kb.check(p);
    expect(r.ok).toBe(false);
  });

  it.each([
    ['faq/a.md\u0000.png', 'path_control_char'],
    ['faq/a.md%00.png', 'path_control_char'],
    ['%c0%ae%c0%ae/etc/passwd', 'path_encoding'],
    ['%25252525252e', 'path_encoding'],
    ['C:\\Windows\\system.ini', 'path_foreign'],
    ['\\\\server\\share\\x', 'path_foreign'],
    ['~/.ssh/id_rsa', 'path_home'],
  ])('should refuse the malformed path %s with %s', (p, code) => {
    expect(kb.check(p)).toMatchObject({ ok: false, code, invalid: true });
  });

  it('should apply deny globs after resolution', () => {
    expect(kb.check('faq/../.env')).toMatchObject({ ok: false, code: 'path_denied' });
    expect(kb.check('certs/server.key')).toMatchObject({ ok: false, code: 'path_denied' });
  });

  it('should refuse relative paths without a base, and non-strings', () => {
    const c = compilePathCondition({ allow: ['/tmp/**'] });
    expect(c.check('a.txt')).toMatchObject({ ok: false, code: 'path_relative' });
    expect(c.check(['/tmp/a'])).toMatchObject({ ok: false, code: 'path_type', invalid: true });
    expect(c.check({ toString: '/tmp/a' })).toMatchObject({ ok: false, code: 'path_type' });
    expect(c.check(`/tmp/${'a/'.repeat(3000)}`)).toMatchObject({ ok: false, code: 'path_length' });
  });

  it('should never resolve outside the tree for any generated string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (s) => {
        const r = kb.check(s);
        if (r.ok) expect(r.path === '/srv/kb' || r.path.startsWith('/srv/kb/')).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('globs', () => {
  it('should anchor and keep * within one segment', () => {
    const g = compileGlob('/data/*.csv');
    expect(g.test('/data/a.csv')).toBe(true);
    expect(g.test('/data/x/a.csv')).toBe(false);
    expect(g.test('/data/a.csvx')).toBe(false);
    expect(compileGlob('ns7*').test('ns7x')).toBe(true);
    expect(compileGlob('/a/**/b').test('/a/b')).toBe(true);
    expect(compileGlob('/a/**/b').test('/a/x/y/b')).toBe(true);
  });

  it('should match hostile paths in linear-ish time', () => {
    const g = compileGlob('/**/a/**/a/**/a/**/b');
    const t0 = performance.now();
    expect(g.test(`/${'a/'.repeat(2000)}c`)).toBe(false);
    expect(performance.now() - t0).toBeLessThan(2000); // exponential would not finish at all
  });
});

describe('number, enum and pattern conditions', () => {
  const cap = compileCondition({ arg: 'amount', number: { min: 0, max: 100 } });
  it.each([
    [50, true, false],
    [100, true, false],
    [100.01, false, false],
    [-1, false, false],
    [-0.0001, false, false],
    ['50', false, true],
    ['NaN', false, true],
    ['Infinity', false, true],
    [Number.NaN, false, true],
    [1e308, false, true],
    [2 ** 53 + 2, false, true],
    [[50], false, true],
    [null, false, true],
    [{ valueOf: 1 }, false, true],
  ])('should judge amount=%s as ok=%s invalid=%s', (amount, ok, invalid) => {
    expect(cap.evaluate({ amount })).toMatchObject({ ok, invalid });
  });

  it('should compare enums exactly (no homoglyphs, no type coercion)', () => {
    const e = compileCondition({ arg: 'format', enum: ['json', 'csv'] });
    expect(e.evaluate({ format: 'json' }).ok).toBe(true);
    expect(e.evaluate({ format: 'js\u03bfn' }).ok).toBe(false);
    expect(e.evaluate({ format: ['json'] })).toMatchObject({ ok: false, invalid: true });
  });

  it('should anchor patterns and bound the input length', () => {
    const p = compileCondition({
      arg: 'q',
      pattern: { regex: 'SELECT [a-z_, ]+ FROM [a-z_]+', maxLength: 200 },
    });
    expect(p.evaluate({ q: 'SELECT id, name FROM customers' }).ok).toBe(true);
    expect(p.evaluate({ q: 'SELECT id FROM customers; DROP TABLE x' }).ok).toBe(false);
    expect(p.evaluate({ q: `SELECT ${'a'.repeat(300)} FROM t` })).toMatchObject({
      ok: false,
      code: 'pattern_too_long',
    });
  });

  it('should read only own properties of the arguments', () => {
    const c = compileCondition({ arg: 'toString', pattern: { regex: '.*' } });
    expect(c.evaluate({})).toMatchObject({ ok: false, code: 'arg_missing' });
    expect(() => compileCondition({ arg: '__proto__', enum: ['x'] })).toThrow(TypeError);
    expect(() => compileCondition({ arg: 'constructor.name', enum: ['x'] })).toThrow(TypeError);
  });
});

describe('regex safety', () => {
  it.each([
    '(a+)+$',
    '(a*)*',
    '(x+x+)+y',
    '(a|a)*',
    '(a|ab)+c',
    '(\\w+\\s?)*$',
    '(a)\\1',
    '(?=a)a',
    '(?<!a)b',
    'x'.repeat(1001),
  ])('should refuse the dangerous regex %s', (re) => {
    expect(() => assertSafeRegex(re)).toThrow(UnsafeRegexError);
  });

  it.each(['[a-z]+', '^[0-9]{1,6}$', '(ab)?c', '(?<year>[0-9]{4})-[0-9]{2}', '(abc){3}', 'a*?b', '[(|)]+'])(
    'should accept the linear regex %s',
    (re) => {
      expect(() => assertSafeRegex(re)).not.toThrow();
    },
  );

  it('should refuse a megabyte regex at compile time', () => {
    expect(() => compileCondition({ arg: 'q', pattern: { regex: 'a'.repeat(1_000_000) } })).toThrow(
      UnsafeRegexError,
    );
  });
});

describe('rule applicability', () => {
  const conds = [compileCondition({ arg: 'amount', number: { max: 100 } })];
  it('should let an allow rule apply only when every condition passes', () => {
    expect(ruleApplies('allow', evaluateConditions(conds, { amount: 5 }))).toBe(true);
    expect(ruleApplies('allow', evaluateConditions(conds, { amount: 500 }))).toBe(false);
    expect(ruleApplies('allow', evaluateConditions(conds, { amount: 'NaN' }))).toBe(false);
  });
  it('should let a deny rule apply when its argument is unreadable (fail closed)', () => {
    expect(ruleApplies('deny', evaluateConditions(conds, { amount: 'NaN' }))).toBe(true);
    expect(ruleApplies('deny', evaluateConditions(conds, {}))).toBe(true);
    expect(ruleApplies('deny', evaluateConditions(conds, { amount: 500 }))).toBe(false);
  });
});
