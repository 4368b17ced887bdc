import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AgentwallError } from '../../src/errors.js';
import { lintPolicySet } from '../../src/policy/lint.js';
import { loadPolicySet } from '../../src/policy/set.js';
import { loadCases } from '../../src/policy/testing.js';

const DEMO = resolve(import.meta.dirname, '../../policies');
const RULES = readFileSync(join(DEMO, 'rules.yaml'), 'utf8');

function withRules(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'aw-hostile-'));
  cpSync(DEMO, dir, { recursive: true });
  writeFileSync(join(dir, 'rules.yaml'), text);
  return dir;
}

async function refusal(text: string): Promise<string> {
  try {
    await loadPolicySet(withRules(text));
  } catch (err) {
    expect(err).toBeInstanceOf(AgentwallError);
    return (err as AgentwallError).detail;
  }
  throw new Error('the set was accepted');
}

const calcRegex = 'regex: "[0-9+*/%^(). eE-]+"';

describe('hostile policy files are refused with file and line', () => {
  it.each([
    ['a YAML syntax error', RULES.replace('rules:', 'rules: {'), /rules\.yaml:\d+/],
    [
      'an unknown field in a condition',
      RULES.replace('number: { min: 0.01, max: 100 }', 'number: { min: 0.01, max: 100, maxx: 5 }'),
      /rules\.yaml:\d+: .*unknown field "maxx"/,
    ],
    [
      'a condition with two checks',
      RULES.replace(
        '        enum: [journalctl-tail]',
        '        enum: [journalctl-tail]\n        pattern: { regex: "x" }',
      ),
      /rules\.yaml:\d+/,
    ],
    [
      'a catastrophic regex',
      RULES.replace(calcRegex, 'regex: "(a+)+$"'),
      /rules\.yaml:\d+: .*nested quantifiers/,
    ],
    [
      'an overlapping alternation regex',
      RULES.replace(calcRegex, 'regex: "(a|ab)*c"'),
      /rules\.yaml:\d+: .*alternation/,
    ],
    ['a backreference', RULES.replace(calcRegex, 'regex: "(a)\\\\1"'), /backreferences/],
    ['a megabyte regex', RULES.replace(calcRegex, `regex: "${'a'.repeat(1_048_576)}"`), /longer than 1000/],
    ['a regex that does not compile', RULES.replace(calcRegex, 'regex: "[z-a]"'), /does not compile/],
    ['a malformed host pattern', RULES.replace('"arxiv.org"', '"arxiv.org/path"'), /invalid host pattern/],
    ['a relative path base', RULES.replace('base: /workspace/shared', 'base: workspace'), /rules\.yaml:\d+/],
    [
      'a duplicate budget id',
      RULES.replace('id: refund-daily-cap', 'id: web-fetch-rate'),
      /duplicate id "web-fetch-rate"/,
    ],
    [
      'a budget id equal to a rule id',
      RULES.replace('id: refund-daily-cap', 'id: ops-files'),
      /duplicate id "ops-files"/,
    ],
    [
      'a budget naming no known tool',
      RULES.replace('tools: [web_fetch]\n      scope', 'tools: [teleport]\n      scope'),
      /names no known tool/,
    ],
    [
      'a role cycle',
      RULES.replace(
        'description: Every acme agent.',
        'description: Every acme agent.\n    inherits: [support]',
      ),
      /cycle/,
    ],
    [
      'a forbidden argument path',
      RULES.replace(
        '- arg: amount\n        number: { min: 0.01, max: 100 }',
        '- arg: __proto__\n        number: { min: 0.01, max: 100 }',
      ),
      /rules\.yaml:\d+/,
    ],
    ['an unknown effect', RULES.replace('effect: review', 'effect: maybe'), /effect/],
  ])('should refuse %s', async (_name, text, message) => {
    expect(text).not.toBe(RULES);
    expect(await refusal(text)).toMatch(message);
  });

  it('should refuse a billion-laughs alias bomb', async () => {
    const bomb = `a: &a ["x","x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\n${RULES}`;
    expect(await refusal(bomb)).toMatch(/rules\.yaml/);
  });

  it('should refuse a malformed test file with its line', () => {
    const files = new Map([
      [
        'tests/bad.yaml',
        'cases:\n  - note: x\n    request: { principal: a, tool: b }\n    want: { decision: maybe }\n',
      ],
    ]);
    expect(() => loadCases(files)).toThrow(/tests\/bad\.yaml:\d+/);
  });
});

describe('lint on hostile but loadable sets', () => {
  it('should keep the demo set clean', async () => {
    expect(lintPolicySet(await loadPolicySet(DEMO))).toEqual([]);
  });

  it('should report unreachable, shadowed, broad and unknown-argument rules with lines', async () => {
    const extra = `
  - id: ops-all
    tenant: acme
    effect: allow
    subjects: [role:ops]
    tools: ["*"]
  - id: ops-diag-typo
    tenant: acme
    effect: allow
    subjects: [role:ops]
    tools: [shell_exec]
    when:
      - arg: comand
        enum: [uptime]
  - id: ops-refund
    tenant: acme
    effect: allow
    subjects: [role:ops]
    tools: [payment_refund]
`;
    const set = await loadPolicySet(withRules(RULES.replace('\nflow:', `${extra}\nflow:`)));
    const checks = lintPolicySet(set).map((f) => `${f.check}:${f.message.match(/"([^"]+)"/)?.[1]}`);
    expect(checks).toEqual(
      expect.arrayContaining([
        'broad-glob:ops-all',
        'shadowed:ops-diag-typo',
        'unknown-arg:ops-diag-typo',
        'unreachable:ops-refund',
      ]),
    );
    expect(lintPolicySet(set).every((f) => f.line > 1 || f.check === 'role-members')).toBe(true);
  });
});
