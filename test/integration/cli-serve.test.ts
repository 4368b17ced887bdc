import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, spawnCli } from '../helpers/cli.js';
import { KEYS } from '../helpers/runtime.js';

describe('agentwall CLI', () => {
  it('should explain itself with --help and list its commands', async () => {
    const { code, stdout } = await runCli(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: agentwall <command>');
    expect(stdout).toContain('serve');
    const serve = await runCli(['serve', '--help']);
    expect(serve.code).toBe(0);
    expect(serve.stdout).toContain('--port');
  });

  it('should exit 2 with a message on an unknown command or flag', async () => {
    const a = await runCli(['frobnicate']);
    expect(a.code).toBe(2);
    expect(a.stderr).toContain('unknown command "frobnicate"');
    const b = await runCli(['serve', '--prot', '1']);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/--prot/);
  });

  it('should refuse to start on a bad config value, naming the field, without a stack', async () => {
    const { code, stderr } = await runCli(['serve'], { env: { AGENTWALL_PORT: '99999' } });
    expect(code).toBe(2);
    expect(stderr).toContain('server.port');
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('should refuse to start on an invalid policy set with file and line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aw-cli-'));
    writeFileSync(join(dir, 'model.conf'), '[request_definition]\n');
    writeFileSync(join(dir, 'rules.yaml'), 'tenants: [');
    const { code, stderr } = await runCli(['serve', '--policies', dir]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/tools|rules\.yaml/);
  });

  it('should print a key and its hash with keygen, and hash a key from stdin', async () => {
    const gen = await runCli(['keygen']);
    expect(gen.stdout).toMatch(/^key: {2}aw_\S+\nhash: sha256:[0-9a-f]{64}\n$/);
    const h = await runCli(['keygen', '--hash', '-'], { input: `${KEYS.support}\n` });
    expect(h.stdout.trim()).toBe('sha256:70dd4c797531242b5422cfe0dbe94fae7e3a9bbae55607a7f6378f62f760c2fa');
  });

  it('should serve the demo, then drain in-flight requests and exit 0 on SIGTERM', async () => {
    const child = spawnCli(['serve', '--port', '0']);
    const url = await new Promise<string>((resolve, reject) => {
      let err = '';
      child.stderr?.on('data', (d) => {
        err += d;
        const m = /listening on (http:\/\/\S+)/.exec(err);
        if (m?.[1]) resolve(m[1]);
      });
      child.on('exit', () => reject(new Error(`exited early: ${err}`)));
      setTimeout(() => reject(new Error('no listen line')), 15_000);
    });
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    // A request whose body is still arriving when SIGTERM lands must still be answered.
    const payload = JSON.stringify({ tool: 'calculator', args: { expression: '6*7' } });
    const req = request(`${url}/v1/guard/tool-call`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${KEYS.ops}`,
        'content-length': Buffer.byteLength(payload),
      },
    });
    const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
      req.on('response', (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
    });
    req.write(payload.slice(0, 10));
    await new Promise((r) => setTimeout(r, 300));
    child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    req.end(payload.slice(10));
    const res = await answered;
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).decision).toBe('allow');
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(0);
  });
});
