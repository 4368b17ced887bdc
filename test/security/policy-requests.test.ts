import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.js';
import { demoRuntime, json, jsonRequest, KEYS } from '../helpers/runtime.js';

/** Hostile arguments against the demo policy's conditions, over the real app. */
describe('hostile arguments never get past a condition', () => {
  let rt: Runtime;
  let n = 0;
  beforeAll(async () => {
    rt = await demoRuntime();
  });
  afterAll(() => rt.close());

  // A fresh session per call, so loop detection does not decide instead of the condition.
  const guard = async (key: string, tool: string, args: unknown) =>
    json(await rt.app.request('/v1/guard/tool-call', jsonRequest({ tool, args, session: `h${n++}` }, key)));

  it.each([
    'http://127.1/',
    'https://127.1/',
    'https://2130706433/',
    'https://0x7f.1/',
    'https://0177.0.0.1/',
    'https://[::ffff:127.0.0.1]/',
    'https://[::1]/',
    'https://169.254.169.254/latest/meta-data/',
    'https://[fd00:ec2::254]/',
    'https://metadata.google.internal/',
    'https://arxiv.org@evil.example/',
    'https://evil.example\\@arxiv.org/',
    'https://аrxiv.org/',
    'https://arxiv.org.evil.example/',
    'https://ARXIV.ORG.evil.example./',
    'https://arxiv.org:8443/',
    'http://arxiv.org/',
    'file:///etc/passwd',
    'https://en.wikipedia.org\t.evil.example/',
  ])('should deny research fetching %s', async (url) => {
    const body = await guard(KEYS.research, 'web_fetch', { url });
    expect(body.decision).toBe('deny');
  });

  it('should allow the normalised forms of an allowed host', async () => {
    for (const url of ['https://EN.Wikipedia.ORG./wiki/X', 'https://arxiv.org/abs/1']) {
      expect((await guard(KEYS.research, 'web_fetch', { url })).decision).toBe('allow');
    }
  });

  it.each([
    '../../etc/passwd',
    '/workspace/shared/../../etc/passwd',
    '%2e%2e/%2e%2e/etc/passwd',
    '%252e%252e%252f%252e%252e%252fetc%252fpasswd',
    '..%2f..%2fetc%2fpasswd',
    '..\\..\\etc\\passwd',
    '\uff0e\uff0e\uff0f\uff0e\uff0e\uff0fetc\uff0fpasswd',
    '\u2025/\u2025/etc/passwd',
    'reports/q3.md\u0000.png',
    'reports/q3.md%00',
    '%c0%ae%c0%ae/etc/passwd',
    '/etc/passwd',
    'C:\\Windows\\win.ini',
    '~/.ssh/id_rsa',
    'app/.env',
  ])('should deny research reading %s', async (path) => {
    expect((await guard(KEYS.research, 'file_read', { path })).decision).toBe('deny');
  });

  it.each([
    ['a string number', '50'],
    ['NaN as a string', 'NaN'],
    ['Infinity as a string', 'Infinity'],
    ['a negative amount', -50],
    ['a tiny negative amount', -0.001],
    ['zero', 0],
    ['a huge number', 1e300],
    ['an unsafe integer', 2 ** 60],
    ['an array', [40]],
    ['an object', { value: 40 }],
    ['null', null],
  ])('should never allow a refund with %s', async (_name, amount) => {
    const body = await guard(KEYS.support, 'payment_refund', {
      paymentId: 'pay_8f3a91c2e7',
      amount,
      currency: 'EUR',
      reason: 'duplicate charge',
    });
    expect(body.decision).toBe('deny');
  });

  it('should deny arrays and objects where a string is expected', async () => {
    expect((await guard(KEYS.research, 'web_fetch', { url: ['https://arxiv.org/'] })).decision).toBe('deny');
    expect((await guard(KEYS.research, 'file_read', { path: { toString: 'reports/q3.md' } })).decision).toBe(
      'deny',
    );
    expect((await guard(KEYS.ops, 'shell_exec', { command: ['uptime'] })).decision).toBe('deny');
  });
});
