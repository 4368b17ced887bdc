import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.js';
import { demoRuntime, json, jsonRequest, KEYS } from '../helpers/runtime.js';

/**
 * The data-flow rule end to end: text that entered a session from a tool or a retrieved page
 * taints that session, so a later call that could send data out is refused — even when the
 * detector saw nothing wrong in the text.
 */
describe('untrusted input taints the session', () => {
  let rt: Runtime;
  beforeAll(async () => {
    rt = await demoRuntime();
  });
  afterAll(() => rt.close());

  const email = { to: ['customer@example.com'], subject: 'Your order', body: 'It has shipped.' };
  const toolCall = (session: string) =>
    rt.app.request(
      '/v1/guard/tool-call',
      jsonRequest({ tool: 'send_email', args: email, session }, KEYS.support),
    );
  const input = (body: unknown) => rt.app.request('/v1/guard/input', jsonRequest(body, KEYS.support));

  it('should deny email after a retrieved page entered the session, and only in that session', async () => {
    expect((await json(await toolCall('taint-a'))).decision).toBe('allow');
    const scan = await json(
      await input({ text: 'Shipping times are 3-5 days.', source: 'retrieval', session: 'taint-a' }),
    );
    expect(scan.decision).toBe('allow');
    const after = await json(await toolCall('taint-a'));
    expect(after.decision).toBe('deny');
    expect(after.reasons.map((r: { rule: string }) => r.rule)).toContain('tainted_session');
    expect((await json(await toolCall('taint-b'))).decision).toBe('allow');
  });

  it('should taint through a tool message inside a user conversation', async () => {
    await input({
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'tool', content: 'order #1 shipped' },
      ],
      source: 'user',
      session: 'taint-c',
    });
    expect((await json(await toolCall('taint-c'))).decision).toBe('deny');
  });

  it('should not taint on plain user input', async () => {
    await input({ text: 'Please email me my receipt.', source: 'user', session: 'taint-d' });
    expect((await json(await toolCall('taint-d'))).decision).toBe('allow');
  });
});
