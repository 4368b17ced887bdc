import { posix } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileCondition, ruleApplies } from '../../src/policy/conditions/index.js';
import { compilePathCondition, pathReadings } from '../../src/policy/conditions/path.js';
import type { Runtime } from '../../src/runtime.js';
import { demoRuntime, json, jsonRequest, KEYS } from '../helpers/runtime.js';

/**
 * Path-traversal payloads from public collections, run through the path condition a policy rule
 * compiles and through the policy decision over the real app. Payload classes follow
 * swisskyrepo/PayloadsAllTheThings ("Directory Traversal" README and its Intruder lists, e.g.
 * traversals-8-deep-exotic-encoding.txt) and danielmiessler/SecLists (Fuzzing/LFI, e.g.
 * LFI-Jhaddix.txt); the strings are short representatives of each class, not the lists.
 *
 * Path conditions are lexical: they never touch the file system, so a symlink inside the tree is
 * the tool's business (agentwall's own file tools keep files in the tenant's kv store, not on disk).
 */

const ROOT = '/srv/kb';
const SPEC = { allow: [`${ROOT}/**`], deny: ['**/.env', '**/*.key', '**/.ssh/**'], base: ROOT };
const kb = compilePathCondition(SPEC);
const inside = (p: string) => p === ROOT || p.startsWith(`${ROOT}/`);

const ESCAPES: readonly string[] = [
  // Plain and deep ../ chains, absolute paths.
  '../etc/passwd',
  '../../../../../../../../etc/passwd',
  '/../../../../etc/passwd',
  '/srv/kb/../../etc/passwd',
  '/srv/kb/faq/../../../etc/shadow',
  '/etc/passwd',
  '/proc/self/environ',
  '/run/secrets/kubernetes.io/serviceaccount/token',
  '/srv/kb-other/x',
  '/srv/kbx',
  '/srv',
  '/',
  // Backslashes, mixed separators, and backslashes that only climb when read literally (POSIX).
  '..\\..\\etc\\passwd',
  '\\..\\..\\..\\etc\\passwd',
  '..\\/..\\/etc/passwd',
  '/..\\../..\\../etc/passwd',
  'a\\b\\c/../../../etc/passwd',
  'a\\b/../../etc/passwd',
  'x\\y\\z\\w/../../../../etc/shadow',
  // Percent-encoding, single, double, triple and mixed.
  '%2e%2e/%2e%2e/etc/passwd',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
  '..%2f..%2fetc%2fpasswd',
  '..%2F..%2F..%2F%2F..%2F..%2Fetc/passwd',
  '..%5c..%5cetc%5cpasswd',
  '%2e%2e%5c%2e%2e%5cetc%5cpasswd',
  '%252e%252e%252f%252e%252e%252fetc%252fpasswd',
  '..%252f..%252fetc/passwd',
  '..%255c..%255cetc%255cpasswd',
  '%252e%252e\\%252e%252e\\etc\\passwd',
  '%25252e%25252e/%25252e%25252e/etc/passwd',
  'x%5cy%5cz/../../../etc/passwd',
  // Unicode: fullwidth dots and slashes, one- and two-dot leaders, small full stop, and all of
  // them percent-encoded or mixed with encoding.
  '\uff0e\uff0e/\uff0e\uff0e/etc/passwd',
  '\uff0e\uff0e\uff0f\uff0e\uff0e\uff0fetc\uff0fpasswd',
  '..\uff0f..\uff0fetc\uff0fpasswd',
  '\uff3c..\uff3c..\uff3cetc',
  '\u2025/\u2025/etc/passwd',
  '\u2024\u2024/\u2024\u2024/etc/passwd',
  '\ufe52\ufe52/\ufe52\ufe52/etc/passwd',
  '%EF%BC%8E%EF%BC%8E/%EF%BC%8E%EF%BC%8E/etc/passwd',
  '\uff05\uff12\uff45\uff05\uff12\uff45/\uff05\uff12\uff45\uff05\uff12\uff45/etc/passwd',
  '\uff05\uff12\uff45\uff05\uff12\uff45\uff05\uff12\uff46\uff05\uff12\uff45\uff05\uff12\uff45\uff05\uff12\uff46etc',
  '%uff0e%uff0e%u2215etc',
  '%u002e%u002e/etc/passwd',
  // Overlong UTF-8 and broken encodings: malformed, refused outright.
  '%c0%ae%c0%ae/etc/passwd',
  '%c0%ae%c0%ae%c0%afetc%c0%afpasswd',
  '..%c0%af..%c0%afetc%c0%afpasswd',
  '..%c1%9c..%c1%9cetc',
  '%e0%80%ae%e0%80%ae/etc',
  '..%25c0%25af..%25c0%25afetc',
  '..%%32%66..%%32%66etc',
  '%%32%65%%32%65/etc/passwd',
  '..%25%5c..%25%5c..%00',
  // NUL bytes and other control characters (raw and encoded).
  'faq/a.md\u0000.png',
  'faq/a.md%00.png',
  '../../etc/passwd%00.html',
  '%00../../etc/passwd',
  'faq/a.md%0a',
  'faq/\ra.md',
  // Deny globs reached through normalisation.
  'faq/../.env',
  '/srv/kb//.env',
  '/srv/kb/./.env',
  '/srv/kb/x/..//.env',
  '.env/',
  '.env/.',
  '.env%2f',
  '%2eenv',
  '.%65nv',
  '\uff0eenv',
  'ssh/../.ssh/id_rsa',
  'certs/server.key',
  'certs/server%2ekey',
  // Windows drive, UNC and device forms; home-relative paths.
  'C:\\Windows\\win.ini',
  'c:/boot.ini',
  'C:boot.ini',
  'c:WINDOWS/system32/',
  '\\\\server\\share\\x',
  '\\\\localhost\\c$\\windows\\win.ini',
  '//server/share/x',
  '\\\\?\\C:\\Windows\\win.ini',
  '\\\\.\\pipe\\x',
  '%5c%5cserver%5cshare',
  '\uff23:\\Windows',
  '~/.ssh/id_rsa',
  '~root/.bashrc',
];

// Lookalikes that are NOT separators or dots to any file system: they stay one name inside the
// tree, and the canonical result says so.
const STAY_INSIDE: readonly (readonly [string, string])[] = [
  ['..\u2215..\u2215etc\u2215passwd', `${ROOT}/..\u2215..\u2215etc\u2215passwd`], // division slash
  ['..\u2044..\u2044etc', `${ROOT}/..\u2044..\u2044etc`], // fraction slash
  ['..;/..;/etc/passwd', `${ROOT}/..;/..;/etc/passwd`], // Tomcat path parameter, literal on disk
  ['....//....//etc/passwd', `${ROOT}/..../..../etc/passwd`],
  ['..././..././etc/passwd', `${ROOT}/.../.../etc/passwd`],
  ['/./././././etc/passwd'.replace('/', `${ROOT}/`), `${ROOT}/etc/passwd`],
  ['faq//refunds.md', `${ROOT}/faq/refunds.md`],
  ['.\\\\./.\\\\./faq', `${ROOT}/faq`],
  ['/srv/kb/faq/../faq/a.md', `${ROOT}/faq/a.md`],
];

const LEGITIMATE: readonly (readonly [string, string])[] = [
  ['faq/refunds.md', `${ROOT}/faq/refunds.md`],
  ['/srv/kb/faq/refunds.md', `${ROOT}/faq/refunds.md`],
  ['./faq/a.md', `${ROOT}/faq/a.md`],
  ['faq/a%20b.md', `${ROOT}/faq/a%20b.md`],
  ['faq/Q3 report (final).md', `${ROOT}/faq/Q3 report (final).md`],
  ['faq/résumé.md', `${ROOT}/faq/résumé.md`],
  ['faq/日本語.md', `${ROOT}/faq/日本語.md`],
  ['faq/..hidden', `${ROOT}/faq/..hidden`],
  ['faq/a..b.md', `${ROOT}/faq/a..b.md`],
  ['.well-known/x', `${ROOT}/.well-known/x`],
  ['envs/.env.example', `${ROOT}/envs/.env.example`],
  [ROOT, ROOT],
];

describe('path traversal payloads against the path condition', () => {
  it.each(ESCAPES)('should refuse %s', (p) => {
    const r = kb.check(p);
    expect(r.ok).toBe(false);
  });

  it.each(ESCAPES)('should not let an allow rule apply for %s, and fail closed on unreadable input', (p) => {
    const c = compileCondition({ arg: 'path', path: SPEC });
    const r = c.evaluate({ path: p });
    expect(ruleApplies('allow', [r])).toBe(false);
    // Unreadable input is `invalid`, which a deny rule on the same condition treats as matching.
    if (r.invalid) expect(ruleApplies('deny', [r])).toBe(true);
  });

  it.each(STAY_INSIDE)('should keep the lookalike %s inside the tree as %s', (p, want) => {
    expect(kb.check(p)).toEqual({ ok: true, path: want });
  });

  it.each(LEGITIMATE)('should still allow the legitimate path %s', (p, want) => {
    expect(kb.check(p)).toEqual({ ok: true, path: want });
  });

  it('should refuse with the code that names the problem', () => {
    expect(kb.check('a\\b\\c/../../../etc/passwd')).toMatchObject({ code: 'path_not_allowed' });
    expect(kb.check('%c0%ae%c0%ae/etc/passwd')).toMatchObject({ code: 'path_encoding', invalid: true });
    expect(kb.check('faq/a.md%00.png')).toMatchObject({ code: 'path_control_char', invalid: true });
    expect(kb.check('\\\\server\\share')).toMatchObject({ code: 'path_foreign', invalid: true });
    expect(kb.check('/srv/kb//.env')).toMatchObject({ code: 'path_denied', invalid: false });
  });

  it('should read fullwidth percent-encoding both ways (NFKC, then decode)', () => {
    const readings = pathReadings('\uff05\uff12\uff45\uff05\uff12\uff45/x');
    expect(readings).toEqual(expect.arrayContaining(['%2e%2e/x', '../x']));
  });

  // An oracle independent of the condition's own resolver: every reading, with a backslash read
  // as a separator and as a plain character, resolved by path.posix.resolve.
  const alphabet = [
    '.',
    '..',
    '/',
    '\\',
    '%2e',
    '%2f',
    '%5c',
    '%25',
    '\uff0e',
    '\uff0f',
    '\uff3c',
    '\u2025',
    '\uff05',
    '\uff12',
    '\uff45',
    'a',
    'etc',
  ];
  it('should never allow a path that some reading resolves outside the tree', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 24 }), (parts) => {
        const s = parts.join('');
        const r = kb.check(s);
        if (!r.ok) return;
        const readings = pathReadings(s);
        expect(Array.isArray(readings)).toBe(true);
        for (const reading of readings as string[]) {
          for (const q of [reading, reading.replace(/\\/g, '/')]) {
            expect(inside(posix.resolve(ROOT, q))).toBe(true);
          }
        }
      }),
      { numRuns: 5000 },
    );
  });
});

describe('path traversal payloads against the policy decision (demo policy)', () => {
  let rt: Runtime;
  let n = 0;
  beforeAll(async () => {
    rt = await demoRuntime();
  });
  afterAll(() => rt.close());

  const decide = async (key: string, tool: string, args: Record<string, unknown>) =>
    (
      await json(
        await rt.app.request('/v1/guard/tool-call', jsonRequest({ tool, args, session: `pt${n++}` }, key)),
      )
    ).decision;

  const toDemo = (p: string) => p.replaceAll('/srv/kb', '/workspace/shared');

  it.each(ESCAPES.map(toDemo))('should deny research reading %s', async (path) => {
    expect(await decide(KEYS.research, 'file_read', { path })).toBe('deny');
  });

  it.each([
    '..\\..\\etc\\cron.d\\x',
    'a\\b\\c/../../../../etc/cron.d/x',
    '%2e%2e/%2e%2e/etc/cron.d/x',
    '.git/config',
  ])('should deny ops writing %s', async (path) => {
    expect(await decide(KEYS.ops, 'file_write', { path, content: '* * * * * root sh' })).toBe('deny');
  });

  it.each(['reports/q3.md', '/workspace/shared/reports/q3.md', 'reports/./q3.md', 'reports/résumé.md'])(
    'should allow research reading %s',
    async (path) => {
      expect(await decide(KEYS.research, 'file_read', { path })).toBe('allow');
    },
  );
});
