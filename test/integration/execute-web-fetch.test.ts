import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoConfig, demoRuntime, json, jsonRequest, KEYS, ROOT } from '../helpers/runtime.js';
import { tempDir } from '../helpers/tmp.js';

/**
 * web_fetch through the execute endpoint against a local upstream: the registry entry is pointed
 * at 127.0.0.1 (granted by exact address), the rest of the demo policy set is unchanged.
 */
describe('execute web_fetch with retry and fallback', () => {
  let upstream: Server;
  let port: number;
  let rt: Awaited<ReturnType<typeof demoRuntime>>;
  let failures = 0;
  let down = false;

  beforeAll(async () => {
    upstream = createServer((req, res) => {
      if (down) {
        res.writeHead(503);
        return res.end('down');
      }
      if (req.url === '/flaky' && failures-- > 0) {
        res.writeHead(503);
        return res.end('try again');
      }
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<p>page ${req.url}</p>`);
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
    port = (upstream.address() as AddressInfo).port;
    const dir = tempDir('policies');
    cpSync(resolve(ROOT, 'policies'), dir, { recursive: true });
    const file = join(dir, 'tools', 'web_fetch.json');
    const spec = JSON.parse(readFileSync(file, 'utf8'));
    spec.sandbox.capabilities.fetch.hosts = ['127.0.0.1'];
    spec.sandbox.capabilities.fetch.ports = [port];
    spec.sandbox.retry = { maxAttempts: 3, baseMs: 5, maxMs: 20, budgetMs: 2000 };
    writeFileSync(file, JSON.stringify(spec));
    const rules = join(dir, 'rules.yaml');
    writeFileSync(
      rules,
      readFileSync(rules, 'utf8').replace(
        /allowHosts: \["\*\.wikipedia\.org"[^\]]*\]\n(\s*)schemes: \[https\]/,
        `allowHosts: ["127.0.0.1"]\n$1schemes: [http]\n$1ports: [${port}]`,
      ),
    );
    rt = await demoRuntime({
      config: demoConfig({ policies: { dir }, sandbox: { toolsDir: resolve(ROOT, 'tools') } }),
    });
  });
  afterAll(async () => {
    await rt.close();
    await new Promise<void>((r) => upstream.close(() => r()));
  });

  const fetchPage = async (path: string) =>
    json(
      await rt.app.request(
        '/v1/tools/web_fetch/execute',
        jsonRequest({ args: { url: `http://127.0.0.1:${port}${path}` } }, KEYS.research),
      ),
    );

  it('should fetch through the host capability', async () => {
    const body = await fetchPage('/a');
    expect(body).toMatchObject({
      decision: 'allow',
      status: 'completed',
      result: { status: 200, body: '<p>page /a</p>', contentType: 'text/html' },
    });
  });

  it('should retry an upstream 5xx and then succeed', async () => {
    failures = 2;
    const body = await fetchPage('/flaky');
    expect(body).toMatchObject({ status: 'completed', attempts: 3, result: { body: '<p>page /flaky</p>' } });
  });

  it('should fall back to the cached copy when the upstream stays down', async () => {
    down = true;
    const body = await fetchPage('/a');
    down = false;
    expect(body).toMatchObject({
      status: 'fell_back',
      fallback: 'web_fetch_cache',
      result: { body: '<p>page /a</p>' },
      attempts: 4,
    });
  });

  it('should refuse an address the grant does not name, without retrying', async () => {
    const body = await json(
      await rt.app.request(
        '/v1/tools/web_fetch/execute',
        jsonRequest({ args: { url: 'http://169.254.169.254/latest/meta-data/' } }, KEYS.research),
      ),
    );
    expect(body.status).not.toBe('completed');
    expect(body.attempts).toBeLessThanOrEqual(2);
  });
});
