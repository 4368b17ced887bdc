import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDetectConfig } from './config.js';
import { FEATURE_VERSION } from './features.js';
import { createDetector } from './index.js';
import { askJudge } from './judge.js';
import { type LinearModel, quantize } from './model.js';

/** A local server speaking the OpenAI chat-completions protocol, with switchable behaviour. */
let mode: 'attack' | 'benign' | 'slow' | 'garbage' | 'error' = 'attack';
const seen: {
  auth: string | undefined;
  body: { model: string; messages: { role: string; content: string }[] };
}[] = [];
let server: Server;
let url = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      seen.push({ auth: req.headers.authorization, body: JSON.parse(raw) });
      if (mode === 'error') {
        res.writeHead(500).end('{"error":"boom"}');
        return;
      }
      const content = mode === 'garbage' ? 'I am not sure.' : mode === 'benign' ? 'BENIGN' : 'ATTACK';
      const reply = () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            id: 'x',
            object: 'chat.completion',
            choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
          }),
        );
      };
      if (mode === 'slow') setTimeout(reply, 1500);
      else reply();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/chat/completions`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const judgeCfg = (over: Record<string, unknown> = {}) =>
  parseDetectConfig({
    judge: {
      enabled: true,
      url,
      model: 'guard-model',
      apiKey: 'sk-test',
      greyZone: { low: 0.2, high: 0.8 },
      timeoutMs: 5000,
      onError: 'attack',
      ...over,
    },
  });

/** A model whose every score is the given constant (bias only), to place texts in or out of the grey zone. */
function constantModel(p: number): LinearModel {
  return {
    header: {
      format: 'agentwall-detector',
      featureVersion: FEATURE_VERSION,
      bits: 10,
      bias: Math.log(p / (1 - p)),
      calibration: { a: 1, b: 0 },
      threshold: 0.5,
      weightsFile: 'x',
    },
    weights: quantize(new Float32Array(1 << 10)),
  };
}

describe('LLM judge', () => {
  it('should speak the chat-completions protocol with the configured model and key', async () => {
    mode = 'attack';
    const r = await askJudge(judgeCfg().judge, 'some text');
    expect(r).toMatchObject({ verdict: 'attack', via: 'answer' });
    const last = seen.at(-1);
    expect(last?.auth).toBe('Bearer sk-test');
    expect(last?.body.model).toBe('guard-model');
    expect(last?.body.messages.at(-1)?.content).toContain('some text');
  });

  it('should be consulted only in the grey zone', async () => {
    mode = 'benign';
    const before = seen.length;
    const low = await createDetector(judgeCfg(), constantModel(0.05)).detect([
      { kind: 'normalized', text: 'hello' },
    ]);
    const high = await createDetector(judgeCfg(), constantModel(0.95)).detect([
      { kind: 'normalized', text: 'hello' },
    ]);
    expect(seen.length).toBe(before);
    expect(low.parts.some((p) => p.part === 'judge')).toBe(false);
    expect(high.score).toBeGreaterThan(0.9);
    const grey = await createDetector(judgeCfg(), constantModel(0.5)).detect([
      { kind: 'normalized', text: 'hello' },
    ]);
    expect(seen.length).toBe(before + 1);
    expect(grey.parts.at(-1)).toMatchObject({ part: 'judge', verdict: 'benign', via: 'answer' });
    expect(grey.score).toBeLessThanOrEqual(0.2);
  });

  it('should raise a grey-zone score to the top of the zone on an attack verdict', async () => {
    mode = 'attack';
    const d = await createDetector(judgeCfg(), constantModel(0.5)).detect([
      { kind: 'normalized', text: 'hello' },
    ]);
    expect(d.score).toBeGreaterThanOrEqual(0.8);
  });

  it('should use the fixed verdict on timeout, HTTP error and unparseable answers', async () => {
    for (const m of ['slow', 'error', 'garbage'] as const) {
      mode = m;
      const timeoutMs = m === 'slow' ? 100 : 5000;
      const r = await askJudge(judgeCfg({ onError: 'benign', timeoutMs }).judge, 'x');
      expect(r.verdict, m).toBe('benign');
      expect(r.via).toBe(m === 'slow' ? 'timeout' : 'error');
      const d = await createDetector(judgeCfg({ onError: 'attack', timeoutMs }), constantModel(0.5)).detect([
        { kind: 'normalized', text: 'x' },
      ]);
      expect(d.score, m).toBeGreaterThanOrEqual(0.8);
    }
  });

  it('should use the fixed verdict when nothing listens', async () => {
    const cfg = parseDetectConfig({
      judge: {
        enabled: true,
        url: 'http://127.0.0.1:9/v1/chat/completions',
        timeoutMs: 200,
        onError: 'attack',
      },
    });
    expect((await askJudge(cfg.judge, 'x')).verdict).toBe('attack');
  });

  it('should stay off by default', async () => {
    const before = seen.length;
    const d = await createDetector(parseDetectConfig({}), constantModel(0.5)).detect([
      { kind: 'normalized', text: 'x' },
    ]);
    expect(d.parts.some((p) => p.part === 'judge')).toBe(false);
    expect(seen.length).toBe(before);
  });
});
