import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers/tmp.js';
import type { Incident } from './incidents.js';
import {
  backoffMs,
  type DeliveryConfig,
  incidentBody,
  SIGNATURE_HEADER,
  sign,
  TIMESTAMP_HEADER,
  verifySignature,
  WebhookDelivery,
} from './webhook.js';

const SECRET = 'whsec-test-0123456789';

interface Received {
  body: string;
  headers: IncomingMessage['headers'];
}

let servers: Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.map((s) => {
      const closed = new Promise((r) => s.close(r));
      s.closeAllConnections();
      return closed;
    }),
  );
  servers = [];
});

/** A real HTTP receiver on 127.0.0.1 answering with the given statuses in turn (last one repeats). */
async function receiver(statuses: number[], delayMs = 0): Promise<{ url: string; got: Received[] }> {
  const got: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      got.push({ body, headers: req.headers });
      const status = statuses[Math.min(got.length - 1, statuses.length - 1)] ?? 200;
      setTimeout(() => res.writeHead(status).end(), delayMs);
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, got };
}

function incident(severity: Incident['severity'] = 'P0'): Incident {
  return {
    id: 'inc-1',
    rule: 'canary-leak',
    severity,
    title: 'Canary leaked',
    group: { tenant: 'acme' },
    count: 1,
    suppressedBefore: 0,
    occurredAt: new Date().toISOString(),
    detectedAt: new Date().toISOString(),
    sample: { tenant: 'acme' },
    eventMono: performance.now(),
  };
}

const logs: { level: string; msg: string }[] = [];
const logger = {
  info: (_o: object, msg: string) => logs.push({ level: 'info', msg }),
  warn: (_o: object, msg: string) => logs.push({ level: 'warn', msg }),
  error: (_o: object, msg: string) => logs.push({ level: 'error', msg }),
};

function config(url: string, over: Partial<DeliveryConfig> = {}): DeliveryConfig {
  const dir = tempDir('dlq');
  return {
    webhooks: [{ name: 'oncall', url, secret: SECRET, minSeverity: 'P2' }],
    deadLetterPath: join(dir, 'dead-letter.jsonl'),
    timeoutMs: 500,
    maxAttempts: 3,
    backoffBaseMs: 5,
    backoffMaxMs: 20,
    maxInFlight: 100,
    ...over,
  };
}

describe('webhook signatures', () => {
  it('should verify a fresh signature and reject tampering, staleness and garbage', () => {
    const now = 1_800_000_000;
    const body = '{"a":1}';
    const sig = sign(SECRET, now, body);
    expect(verifySignature(SECRET, String(now), sig, body, { nowSeconds: now })).toBe(true);
    expect(verifySignature(SECRET, String(now), sig, '{"a":2}', { nowSeconds: now })).toBe(false);
    expect(verifySignature('other-secret', String(now), sig, body, { nowSeconds: now })).toBe(false);
    // A captured request replayed ten minutes later is refused.
    expect(verifySignature(SECRET, String(now), sig, body, { nowSeconds: now + 600 })).toBe(false);
    expect(verifySignature(SECRET, String(now + 1), sig, body, { nowSeconds: now })).toBe(false);
    expect(verifySignature(SECRET, '1e9', sig, body, { nowSeconds: now })).toBe(false);
    expect(verifySignature(SECRET, undefined, sig, body)).toBe(false);
    expect(verifySignature(SECRET, String(now), 'sha256=short', body, { nowSeconds: now })).toBe(false);
  });

  it('should keep backoff within the cap and growing bounds', () => {
    for (let a = 1; a < 20; a++) {
      expect(backoffMs(a, 100, 5000, () => 0.999999)).toBeLessThanOrEqual(5000);
      expect(backoffMs(a, 100, 5000, () => 0)).toBe(0);
    }
    expect(backoffMs(1, 100, 5000, () => 0.999999)).toBe(99);
    expect(backoffMs(3, 100, 5000, () => 0.999999)).toBe(399);
  });

  it('should not put the internal monotonic timestamp in the body', () => {
    expect(JSON.parse(incidentBody(incident()))).not.toHaveProperty('eventMono');
  });
});

describe('WebhookDelivery', () => {
  it('should deliver a signed JSON incident that the receiver can verify', async () => {
    const { url, got } = await receiver([200]);
    const delivered: number[] = [];
    const d = new WebhookDelivery(config(url), logger, { onDelivered: (s) => delivered.push(s) });
    d.send(incident());
    await d.close(2000);
    expect(got).toHaveLength(1);
    const r = got[0]!;
    expect(r.headers['content-type']).toBe('application/json');
    expect(
      verifySignature(
        SECRET,
        r.headers[TIMESTAMP_HEADER] as string,
        r.headers[SIGNATURE_HEADER] as string,
        r.body,
      ),
    ).toBe(true);
    expect(JSON.parse(r.body)).toMatchObject({
      type: 'agentwall.incident',
      severity: 'P0',
      rule: 'canary-leak',
    });
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toBeGreaterThanOrEqual(0);
  });

  it('should retry a 5xx and a 429 and succeed on a later attempt', async () => {
    const { url, got } = await receiver([503, 429, 200]);
    const results: string[] = [];
    const d = new WebhookDelivery(config(url), logger, { onResult: (r) => results.push(r) });
    d.send(incident());
    await d.close(5000);
    expect(got).toHaveLength(3);
    // Same delivery id on every attempt so the receiver can drop duplicates.
    expect(new Set(got.map((g) => g.headers['x-agentwall-delivery'])).size).toBe(1);
    expect(results.filter((r) => r === 'delivered')).toHaveLength(1);
  });

  it('should write the alert to the dead-letter file when the endpoint stays down', async () => {
    const { url, got } = await receiver([500]);
    const cfg = config(url);
    const d = new WebhookDelivery(cfg, logger);
    d.send(incident());
    await d.close(5000);
    expect(got).toHaveLength(3);
    const lines = readFileSync(cfg.deadLetterPath, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]!);
    expect(entry).toMatchObject({
      webhook: 'oncall',
      attempts: 3,
      error: 'HTTP 500',
      incident: { id: 'inc-1' },
    });
    expect(JSON.stringify(entry)).not.toContain(SECRET);
    expect(logs.some((l) => l.level === 'error' && l.msg.includes('dead-letter'))).toBe(true);
  });

  it('should dead-letter when nothing listens, after retrying network errors', async () => {
    const { url } = await receiver([200]);
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    servers = [];
    const cfg = config(url);
    const d = new WebhookDelivery(cfg, logger);
    d.send(incident());
    await d.close(5000);
    expect(JSON.parse(readFileSync(cfg.deadLetterPath, 'utf8'))).toMatchObject({ attempts: 3 });
  });

  it('should not retry a 4xx that retrying cannot fix', async () => {
    const { url, got } = await receiver([401]);
    const cfg = config(url);
    const d = new WebhookDelivery(cfg, logger);
    d.send(incident());
    await d.close(5000);
    expect(got).toHaveLength(1);
    expect(existsSync(cfg.deadLetterPath)).toBe(true);
  });

  it('should time out a hanging endpoint and retry', async () => {
    const { url, got } = await receiver([200], 400);
    const cfg = config(url, { timeoutMs: 100, maxAttempts: 2 });
    const d = new WebhookDelivery(cfg, logger);
    d.send(incident());
    await d.close(5000);
    expect(got.length).toBe(2);
    expect(JSON.parse(readFileSync(cfg.deadLetterPath, 'utf8')).error).toBe('timeout');
  });

  it('should skip webhooks whose minimum severity is more urgent than the incident', async () => {
    const { url, got } = await receiver([200]);
    const d = new WebhookDelivery(config(url), logger);
    d.send(incident('P3'));
    await d.close(1000);
    expect(got).toHaveLength(0);
  });

  it('should dead-letter instead of queueing without bound', async () => {
    const { url } = await receiver([200], 200);
    const cfg = config(url, { maxInFlight: 2 });
    const d = new WebhookDelivery(cfg, logger);
    for (let i = 0; i < 5; i++) d.send({ ...incident(), id: `inc-${i}` });
    await d.close(5000);
    const lines = readFileSync(cfg.deadLetterPath, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(JSON.parse(lines[0]!).error).toBe('delivery queue full');
  });

  it('should abort remaining deliveries into the dead-letter file when the drain time runs out', async () => {
    const { url } = await receiver([200], 2000);
    const cfg = config(url, { timeoutMs: 5000 });
    const d = new WebhookDelivery(cfg, logger);
    d.send(incident());
    await d.close(50);
    expect(d.pending()).toBe(0);
    expect(existsSync(cfg.deadLetterPath)).toBe(true);
  });
});
