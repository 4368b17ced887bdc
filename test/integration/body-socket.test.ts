/**
 * Request bodies over a real socket: on Node the body is read from the IncomingMessage itself,
 * so its limits and failure modes are tested here, not only through `app.request`.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoServer, KEYS } from '../helpers/runtime.js';

let server: Awaited<ReturnType<typeof demoServer>>['server'];
let port: number;

beforeAll(async () => {
  ({ server } = await demoServer());
  port = Number(new URL(server.url).port);
});
afterAll(async () => {
  await server.stop();
});

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** Sends `chunks` one by one (chunked encoding unless a content-length is given) and collects the answer. */
function send(chunks: readonly (string | Buffer)[], headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/v1/guard/tool-call',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${KEYS.support}`, ...headers },
      },
      (res) => {
        answered = true;
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          body += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    // Writing the rest of a refused body after the server answered and closed is expected to fail.
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
    (async () => {
      for (const c of chunks) {
        if (req.destroyed) return;
        req.write(c);
        await new Promise((r) => setTimeout(r, 5));
      }
      req.end();
    })().catch(reject);
  });
}

const call = JSON.stringify({ tool: 'db_query', args: { table: 'orders', limit: 5 } });

describe('request bodies over a socket', () => {
  it('should decide a body that arrives in many small chunks', async () => {
    const parts = call.match(/.{1,7}/g) ?? [];
    const a = await send(parts);
    expect(a.status).toBe(200);
    expect(JSON.parse(a.body).decision).toBe('allow');
  });

  it('should refuse a chunked body over the limit with 413, without buffering the rest', async () => {
    const mb = Buffer.alloc(1024 * 1024, 0x61);
    const a = await send(['{"tool":"db_query","args":{"x":"', mb, mb, mb]);
    expect(a.status).toBe(413);
    expect(a.headers['content-type']).toContain('application/problem+json');
    expect(JSON.parse(a.body).code).toBe('payload_too_large');
  });

  it('should refuse a declared content-length over the limit before reading it', async () => {
    const a = await send(['{}'], { 'content-length': String(50 * 1024 * 1024) });
    expect(a.status).toBe(413);
    expect(a.headers.connection).toBe('close');
  });

  it('should keep serving after a client aborts half-way through a body', async () => {
    await new Promise<void>((resolve) => {
      const req = request({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/v1/guard/tool-call',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${KEYS.support}` },
      });
      req.on('error', () => resolve());
      req.write('{"tool":"db_q');
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 20);
    });
    const a = await send([call]);
    expect(a.status).toBe(200);
  });

  it('should answer invalid UTF-8 split across chunks with a problem, not a crash', async () => {
    const a = await send([
      Buffer.from('{"tool":"db_query","args":{"t":"'),
      Buffer.from([0xc3]),
      Buffer.from('"}}'),
    ]);
    expect(a.status).toBe(400);
    expect(JSON.parse(a.body).code).toBe('invalid_json');
  });
});
