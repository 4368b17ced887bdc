import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.js';
import { demoRuntime, demoServer, json, jsonRequest, KEYS } from '../helpers/runtime.js';

/**
 * Every malformed, oversized, nested or tricky request gets a clear 4xx problem+json (or a deny
 * decision), never a crash, a hang or a stack trace, and the service keeps answering.
 */
describe('hostile input to POST /v1/guard/tool-call', () => {
  let rt: Runtime;
  beforeAll(async () => {
    rt = await demoRuntime();
  });
  afterAll(() => rt.close());

  const send = (init: RequestInit) => rt.app.request('/v1/guard/tool-call', init);
  const expectProblem = async (res: Response, status: number, code: string) => {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const body = await json(res);
    expect(body).toMatchObject({ status, code, type: `urn:agentwall:problem:${code}` });
    expect(body.requestId).toBe(res.headers.get('x-request-id'));
    expect(JSON.stringify(body)).not.toMatch(/at .*\.(ts|js):\d+/); // no stack frames
    return body;
  };

  const cases: [string, RequestInit, number, string][] = [
    ['malformed JSON', jsonRequest('{"tool": "calculator", "args": {'), 400, 'invalid_json'],
    ['a JSON scalar instead of an object', jsonRequest('42'), 400, 'invalid_request'],
    ['an empty body', jsonRequest(''), 400, 'invalid_json'],
    ['a non-string tool name', jsonRequest({ tool: 42, args: {} }), 400, 'invalid_request'],
    ['an array tool name', jsonRequest({ tool: ['calculator'], args: {} }), 400, 'invalid_request'],
    ['args as a string', jsonRequest({ tool: 'calculator', args: '1+1' }), 400, 'invalid_request'],
    ['a missing args field', jsonRequest({ tool: 'calculator' }), 400, 'invalid_request'],
    [
      'an extra top-level field',
      jsonRequest({ tool: 'calculator', args: {}, admin: true }),
      400,
      'invalid_request',
    ],
    [
      'a tool name with control characters',
      jsonRequest({ tool: 'calc\u0000ulator', args: {} }),
      400,
      'invalid_request',
    ],
    [
      'a tool name with bidi overrides',
      jsonRequest({ tool: 'calc\u202eulator', args: {} }),
      400,
      'invalid_request',
    ],
    [
      'a homoglyph tool name (Cyrillic а)',
      jsonRequest({ tool: 'c\u0430lculator', args: {} }),
      400,
      'invalid_request',
    ],
    [
      'a zero-width joiner in the tool name',
      jsonRequest({ tool: 'calcu\u200dlator', args: {} }),
      400,
      'invalid_request',
    ],
    ['a 10,000-char tool name', jsonRequest({ tool: 'a'.repeat(10_000), args: {} }), 400, 'invalid_request'],
    [
      'a session id with spaces',
      jsonRequest({ tool: 'calculator', args: {}, session: 'a b' }),
      400,
      'invalid_request',
    ],
    [
      '__proto__ at the top level',
      jsonRequest('{"tool":"calculator","args":{},"__proto__":{"admin":true}}'),
      400,
      'forbidden_key',
    ],
    [
      '__proto__ deep in args',
      jsonRequest('{"tool":"calculator","args":{"a":[{"b":{"__proto__":{"x":1}}}]}}'),
      400,
      'forbidden_key',
    ],
    [
      'a unicode-escaped __proto__ key',
      jsonRequest('{"tool":"calculator","args":{"\\u005f_proto__":{"x":1}}}'),
      400,
      'forbidden_key',
    ],
    [
      'constructor in args',
      jsonRequest({ tool: 'calculator', args: { constructor: { prototype: { x: 1 } } } }),
      400,
      'forbidden_key',
    ],
    [
      'prototype in context',
      jsonRequest({ tool: 'calculator', args: {}, context: { prototype: 1 } }),
      400,
      'forbidden_key',
    ],
    [
      'a lone surrogate in an argument',
      jsonRequest('{"tool":"calculator","args":{"expression":"1+\\ud800"}}'),
      400,
      'invalid_request',
    ],
    [
      'a lone surrogate in a key',
      jsonRequest('{"tool":"db_query","args":{"where":{"\\udc00":1}}}'),
      400,
      'invalid_request',
    ],
    [
      'a number that overflows to Infinity',
      jsonRequest('{"tool":"calculator","args":{"n":1e400}}'),
      400,
      'invalid_request',
    ],
    [
      'JSON nested 10,000 deep',
      jsonRequest(`{"tool":"calculator","args":${'['.repeat(10_000)}${']'.repeat(10_000)}}`),
      400,
      'too_deep',
    ],
    [
      'JSON nested 10,000 deep inside objects',
      jsonRequest(`${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`),
      400,
      'too_deep',
    ],
    [
      'a 10 MB string',
      jsonRequest({ tool: 'calculator', args: { expression: 'x'.repeat(10 * 1024 * 1024) } }),
      413,
      'payload_too_large',
    ],
    [
      'text/plain content type',
      {
        method: 'POST',
        headers: { authorization: `Bearer ${KEYS.support}`, 'content-type': 'text/plain' },
        body: '{}',
      },
      415,
      'unsupported_media_type',
    ],
    [
      'no content type',
      { method: 'POST', headers: { authorization: `Bearer ${KEYS.support}` }, body: '{}' },
      415,
      'unsupported_media_type',
    ],
    [
      'invalid UTF-8',
      {
        method: 'POST',
        headers: { authorization: `Bearer ${KEYS.support}`, 'content-type': 'application/json' },
        body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]),
      },
      400,
      'invalid_json',
    ],
    ['a missing key', jsonRequest({ tool: 'calculator', args: {} }, null), 401, 'unauthenticated'],
    [
      'an empty key',
      jsonRequest({ tool: 'calculator', args: {} }, null, { authorization: 'Bearer ' }),
      401,
      'unauthenticated',
    ],
    [
      'an empty x-api-key',
      jsonRequest({ tool: 'calculator', args: {} }, null, { 'x-api-key': '' }),
      401,
      'unauthenticated',
    ],
    [
      'a wrong key',
      jsonRequest({ tool: 'calculator', args: {} }, 'aw_not_a_real_key'),
      401,
      'unauthenticated',
    ],
    [
      'a key one character off',
      jsonRequest({ tool: 'calculator', args: {} }, `${KEYS.support.slice(0, -1)}X`),
      401,
      'unauthenticated',
    ],
    [
      'Basic instead of Bearer',
      jsonRequest({ tool: 'calculator', args: {} }, null, { authorization: `Basic ${KEYS.support}` }),
      401,
      'unauthenticated',
    ],
    [
      'a 100 KB key',
      jsonRequest({ tool: 'calculator', args: {} }, 'k'.repeat(100_000)),
      401,
      'unauthenticated',
    ],
  ];

  for (const [name, init, status, code] of cases) {
    it(`should answer ${status} ${code} to ${name}`, async () => {
      await expectProblem(await send(init), status, code);
    });
  }

  it('should answer 405/404 problems for wrong methods and unknown paths', async () => {
    const res = await rt.app.request('/v1/guard/tool-call', {
      method: 'GET',
      headers: { authorization: `Bearer ${KEYS.support}` },
    });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    await expectProblem(await rt.app.request('/v1/../../etc/passwd'), 404, 'not_found');
  });

  it('should replace a hostile x-request-id with a fresh one', async () => {
    const res = await send(
      jsonRequest({ tool: 'calculator', args: {} }, KEYS.support, {
        'x-request-id': 'evil <script>; drop table',
      }),
    );
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('should keep a valid caller-supplied x-request-id for tracing', async () => {
    const res = await send(
      jsonRequest({ tool: 'calculator', args: { expression: '1' } }, KEYS.support, {
        'x-request-id': 'trace-123',
      }),
    );
    expect(res.headers.get('x-request-id')).toBe('trace-123');
  });

  it('should deny (not error) an unknown tool with a valid name', async () => {
    const body = await json(await send(jsonRequest({ tool: 'rm_rf', args: {} })));
    expect(body.decision).toBe('deny');
  });
});

describe('hostile input over a real socket', () => {
  it('should survive a burst of hostile requests and keep answering good ones', async () => {
    const { server } = await demoServer();
    try {
      const url = `${server.url}/v1/guard/tool-call`;
      const hostile = [
        fetch(url, jsonRequest('{"a":'.repeat(50_000))),
        fetch(url, jsonRequest({ tool: 'calculator', args: { s: 'x'.repeat(5 * 1024 * 1024) } })),
        fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${KEYS.support}`,
            'x-weird': '\u00ff',
          },
          body: '{',
        }),
        fetch(url, jsonRequest('{"tool":"calculator","args":{"__proto__":{"polluted":true}}}')),
      ];
      const statuses = (await Promise.allSettled(hostile)).map((r) =>
        r.status === 'fulfilled' ? r.value.status : 'network-error',
      );
      for (const s of statuses) expect(typeof s === 'number' && s >= 400 && s < 500).toBe(true);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      const ok = await fetch(
        url,
        jsonRequest({ tool: 'calculator', args: { expression: '2*3' } }, KEYS.research),
      );
      expect((await json(ok)).decision).toBe('allow');
    } finally {
      await server.stop();
    }
  });

  it('should reject a chunked body that grows past the limit without buffering it all', async () => {
    const { server } = await demoServer();
    try {
      const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
      let sent = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent > 4 * 1024 * 1024) return controller.close();
          sent += chunk.byteLength;
          controller.enqueue(chunk);
        },
      });
      const res = await fetch(`${server.url}/v1/guard/tool-call`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${KEYS.support}` },
        body: stream,
        duplex: 'half',
      } as RequestInit);
      expect(res.status).toBe(413);
    } finally {
      await server.stop();
    }
  });
});
