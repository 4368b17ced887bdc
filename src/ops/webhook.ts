/**
 * Alert delivery to webhooks: JSON body, HMAC-SHA256 signature over `<timestamp>.<body>` (the
 * timestamp is signed so a captured request cannot be replayed later — the receiver rejects
 * stale timestamps), retries with capped exponential backoff and full jitter, and a dead-letter
 * JSONL file for alerts the endpoint never acknowledged. Every outcome is also logged.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SEVERITIES, type Severity } from './incident-rules.js';
import type { Incident } from './incidents.js';

export interface WebhookConfig {
  /** Shown in logs and the dead-letter file instead of the URL (which may hold a token). */
  readonly name: string;
  readonly url: string;
  readonly secret: string;
  /** Only incidents at least this urgent (P0 most urgent). */
  readonly minSeverity: Severity;
}

export interface DeliveryConfig {
  readonly webhooks: readonly WebhookConfig[];
  readonly deadLetterPath: string;
  readonly timeoutMs: number;
  readonly maxAttempts: number;
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
  /** Deliveries in flight at once; beyond this an alert goes straight to the dead-letter file. */
  readonly maxInFlight: number;
}

export interface OpsLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface DeliveryHooks {
  /** result: delivered | retry | dead_letter | failed_attempt */
  readonly onResult?: (result: string, webhook: string) => void;
  /** Seconds from the underlying event to a 2xx answer. */
  readonly onDelivered?: (seconds: number, incident: Incident) => void;
  readonly onQueue?: (inFlight: number) => void;
}

export const SIGNATURE_HEADER = 'x-agentwall-signature';
export const TIMESTAMP_HEADER = 'x-agentwall-timestamp';
export const DELIVERY_HEADER = 'x-agentwall-delivery';

export function sign(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** For receivers (and tests): constant-time check plus a freshness window against replay. */
export function verifySignature(
  secret: string,
  timestamp: string | null | undefined,
  signature: string | null | undefined,
  body: string,
  opts: { toleranceSeconds?: number; nowSeconds?: number } = {},
): boolean {
  if (typeof timestamp !== 'string' || typeof signature !== 'string' || !/^\d{1,12}$/.test(timestamp))
    return false;
  const ts = Number(timestamp);
  const now = opts.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - ts) > (opts.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(sign(secret, ts, body));
  const got = Buffer.from(signature);
  return got.length === expected.length && timingSafeEqual(got, expected);
}

export function incidentBody(i: Incident): string {
  const { eventMono: _internal, ...rest } = i;
  return JSON.stringify({ type: 'agentwall.incident', service: 'agentwall', ...rest });
}

export function backoffMs(attempt: number, baseMs: number, maxMs: number, random = Math.random): number {
  // Full jitter (AWS architecture blog, "Exponential Backoff And Jitter"): spreads retries of
  // many alerts so a recovering endpoint is not hit by a synchronized wave.
  const cap = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * cap);
}

function retryable(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

export class WebhookDelivery {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly abort = new AbortController();
  private closed = false;

  constructor(
    private readonly cfg: DeliveryConfig,
    private readonly log: OpsLogger,
    private readonly hooks: DeliveryHooks = {},
  ) {}

  /** Fire and forget: never throws, never blocks the caller. */
  send(incident: Incident): void {
    for (const hook of this.cfg.webhooks) {
      if (SEVERITIES.indexOf(incident.severity) > SEVERITIES.indexOf(hook.minSeverity)) continue;
      if (this.closed || this.inFlight.size >= this.cfg.maxInFlight) {
        void this.deadLetter(hook, incident, 0, this.closed ? 'shutting down' : 'delivery queue full');
        continue;
      }
      const p: Promise<void> = this.deliver(hook, incident).finally(() => {
        this.inFlight.delete(p);
        this.hooks.onQueue?.(this.inFlight.size);
      });
      this.inFlight.add(p);
      this.hooks.onQueue?.(this.inFlight.size);
    }
  }

  pending(): number {
    return this.inFlight.size;
  }

  /** Drain: wait up to `timeoutMs` for deliveries, then abort the rest into the dead-letter file. */
  async close(timeoutMs: number): Promise<void> {
    this.closed = true;
    if (this.inFlight.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((r) => {
        timer = setTimeout(r, timeoutMs);
      });
      await Promise.race([Promise.allSettled([...this.inFlight]), timeout]);
      if (timer !== undefined) clearTimeout(timer);
    }
    this.abort.abort();
    await Promise.allSettled([...this.inFlight]);
  }

  private async deliver(hook: WebhookConfig, incident: Incident): Promise<void> {
    const body = incidentBody(incident);
    let lastError = 'no attempt';
    for (let attempt = 1; attempt <= this.cfg.maxAttempts; attempt++) {
      if (this.abort.signal.aborted) {
        lastError = 'shutting down';
        break;
      }
      const outcome = await this.attempt(hook, incident, body);
      if (outcome === 'ok') {
        const seconds = (performance.now() - incident.eventMono) / 1000;
        this.hooks.onResult?.('delivered', hook.name);
        this.hooks.onDelivered?.(seconds, incident);
        this.log.info(
          { webhook: hook.name, incident: incident.id, severity: incident.severity, attempt },
          'alert delivered',
        );
        return;
      }
      lastError = outcome.error;
      this.hooks.onResult?.('failed_attempt', hook.name);
      if (!outcome.retry || attempt === this.cfg.maxAttempts) break;
      this.hooks.onResult?.('retry', hook.name);
      await this.sleep(backoffMs(attempt, this.cfg.backoffBaseMs, this.cfg.backoffMaxMs));
    }
    await this.deadLetter(hook, incident, this.cfg.maxAttempts, lastError);
  }

  private async attempt(
    hook: WebhookConfig,
    incident: Incident,
    body: string,
  ): Promise<'ok' | { retry: boolean; error: string }> {
    const ts = Math.floor(Date.now() / 1000);
    try {
      const res = await fetch(hook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [TIMESTAMP_HEADER]: String(ts),
          [SIGNATURE_HEADER]: sign(hook.secret, ts, body),
          [DELIVERY_HEADER]: incident.id,
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.any([AbortSignal.timeout(this.cfg.timeoutMs), this.abort.signal]),
      });
      // The body is not needed; consuming it frees the connection for keep-alive.
      await res.arrayBuffer().catch(() => undefined);
      if (res.status >= 200 && res.status < 300) return 'ok';
      return { retry: retryable(res.status), error: `HTTP ${res.status}` };
    } catch (err) {
      const name = err instanceof Error ? err.name : 'Error';
      return { retry: true, error: name === 'TimeoutError' ? 'timeout' : `network error (${name})` };
    }
  }

  private async deadLetter(
    hook: WebhookConfig,
    incident: Incident,
    attempts: number,
    error: string,
  ): Promise<void> {
    this.hooks.onResult?.('dead_letter', hook.name);
    this.log.error(
      {
        webhook: hook.name,
        incident: incident.id,
        severity: incident.severity,
        rule: incident.rule,
        attempts,
        error,
      },
      'alert not delivered; written to dead-letter file',
    );
    const line = `${JSON.stringify({ at: new Date().toISOString(), webhook: hook.name, attempts, error, incident: JSON.parse(incidentBody(incident)) })}\n`;
    try {
      await mkdir(dirname(this.cfg.deadLetterPath), { recursive: true });
      await appendFile(this.cfg.deadLetterPath, line, { mode: 0o600 });
    } catch (err) {
      this.log.error(
        { webhook: hook.name, incident: incident.id, err: String(err) },
        'dead-letter write failed',
      );
    }
  }

  private sleep(ms: number): Promise<void> {
    const signal = this.abort.signal;
    return new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const done = (): void => {
        clearTimeout(t);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const t = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
    });
  }
}
