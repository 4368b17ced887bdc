import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeSinks, createLogSink, createStoreSink } from '../../src/audit/index.js';
import { makeEvent } from '../../src/audit/testing.js';
import type { Runtime } from '../../src/runtime.js';
import type { RunningServer } from '../../src/server/serve.js';
import { tempStore } from '../helpers/audit.js';
import { demoConfig, demoServer, jsonRequest, KEYS, memoryLogger } from '../helpers/runtime.js';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = process.env.AGENTWALL_SCREENSHOTS ?? join(tmpdir(), 'agentwall-ui');

// CI installs Debian's chromium (.ci/run); without it there is no browser to drive.
describe.skipIf(!existsSync(CHROMIUM))('review page in a real browser', () => {
  const t = tempStore({ checkpointEvery: 50 });
  let rt: Runtime;
  let server: RunningServer;
  let context: BrowserContext;
  const profile = mkdtempSync(join(tmpdir(), 'aw-chromium-'));

  beforeAll(async () => {
    const { logger } = memoryLogger('silent');
    ({ runtime: rt, server } = await demoServer({
      config: demoConfig({ server: { port: 0 } }),
      logger,
      auditStore: t.store,
      audit: composeSinks(createStoreSink(t.store), createLogSink(logger)),
    }));
    // A day of history for the chart, then real decisions through the HTTP pipeline.
    const start = Date.now() - 86_400_000;
    await Promise.all(
      Array.from({ length: 240 }, (_, i) =>
        t.store.append(makeEvent(i, { tenant: 'acme' }, start + i * 300_000 - i * 1000)),
      ),
    );
    const refund = {
      paymentId: 'pay_12345678',
      amount: 25,
      currency: 'USD',
      reason: '<script>alert(1)</script>',
    };
    for (const [body, key] of [
      [{ tool: 'payment_refund', args: refund, session: 'sess-ui' }, KEYS.support],
      [{ tool: 'shell_exec', args: { command: 'rm -rf /' } }, KEYS.support],
      [{ tool: 'payment_refund', args: refund }, KEYS.ops],
    ] as const) {
      await fetch(`${server.url}/v1/guard/tool-call`, jsonRequest(body, key));
    }
    // A fresh profile per run: playwright takes the user-data-dir as the persistent context's directory.
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1360, height: 1000 },
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await server?.stop();
    await rt?.close();
    await t.cleanup();
    rmSync(profile, { recursive: true, force: true });
  });

  it('should sign in, filter, open a detail, and show the tamper banner after a row is altered', async () => {
    const page = await context.newPage();
    const scripts: string[] = [];
    page.on('dialog', (d) => {
      scripts.push(d.message());
      void d.dismiss();
    });

    const first = await page.goto(`${server.url}/ui/audit`);
    expect(first?.url()).toContain('/ui/audit/login');
    await page.fill('#key', KEYS.auditor);
    await Promise.all([page.waitForURL(`${server.url}/ui/audit`), page.click('button[type=submit]')]);

    const cookie = (await context.cookies()).find((c) => c.name === 'aw_ui');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/ui' });
    expect(cookie?.value).not.toContain(KEYS.auditor);
    expect(await page.getAttribute('#chain-status', 'data-status')).toBe('verified');
    expect(await page.locator('#events tbody tr').count()).toBe(50);
    await page.screenshot({ path: join(SHOTS, 'audit-list.png'), fullPage: true });

    await page.selectOption('select[name=decision]', 'deny');
    await page.fill('input[name=tool]', 'shell_exec');
    await Promise.all([page.waitForURL(/decision=deny/), page.click('.filters button[type=submit]')]);
    const badges = await page.locator('#events tbody .badge').allTextContents();
    expect(badges.length).toBeGreaterThan(0);
    expect(new Set(badges)).toEqual(new Set(['deny']));
    const tools = await page.locator('#events tbody tr td:nth-child(4)').allTextContents();
    expect(new Set(tools)).toEqual(new Set(['shell_exec']));

    await Promise.all([page.waitForURL(/\/ui\/audit\/events\//), page.locator('a.detail').first().click()]);
    await expect(page.locator('#detail').textContent()).resolves.toContain('shell_exec');
    expect(await page.locator('#reasons tbody tr').count()).toBeGreaterThan(0);
    expect(await page.textContent('body')).toContain('Redacted arguments');
    await page.screenshot({ path: join(SHOTS, 'audit-detail.png'), fullPage: true });

    // The refund reason held a script tag: it must show as text, never run.
    await page.goto(`${server.url}/ui/audit?principal=agent:support-bot&tool=payment_refund`);
    await page.locator('a.detail').first().click();
    await page.waitForURL(/\/ui\/audit\/events\//);
    expect(scripts).toEqual([]);

    const db = new Database(t.path);
    db.prepare(
      'UPDATE events SET body = replace(body, \'"decision":"deny"\', \'"decision":"allow"\') WHERE seq = 14',
    ).run();
    db.close();
    await page.goto(`${server.url}/ui/audit`);
    expect(await page.getAttribute('#chain-status', 'data-status')).toBe('broken');
    expect(await page.textContent('#chain-status')).toContain('Chain broken at event 14');
    await page.screenshot({ path: join(SHOTS, 'audit-tampered.png'), fullPage: false });
    await page.close();
  }, 60_000);
});
