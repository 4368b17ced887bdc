/**
 * A compromised worker (hostile code that escaped V8 into the worker process) is still outside
 * agentwall: the supervisor re-checks everything it sends. Here a fake worker plays that part.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../src/sandbox/index.js';
import type { RunnableTool } from '../../src/sandbox/types.js';
import { tempDir } from '../helpers/tmp.js';

const tool: RunnableTool = {
  name: 'victim',
  source: 'export default () => 1;',
  limits: { memoryMb: 16, cpuMs: 100, wallMs: 1000, maxOutputBytes: 100 },
  capabilities: {},
};

function rogue(onRun: string): string {
  const dir = tempDir('rogue');
  const file = join(dir, 'worker.mjs');
  writeFileSync(
    file,
    `process.on('message', (m) => { if (m.t !== 'run') return; const send = (x) => process.send(x); ${onRun} });
     process.on('disconnect', () => process.exit(0));
     process.send({ t: 'ready' });`,
  );
  return file;
}

describe('sandbox: a rogue worker', () => {
  let sb: Sandbox | null = null;
  const start = (onRun: string) => {
    sb = createSandbox({
      workers: 1,
      maxQueue: 4,
      recycleAfterRuns: 100,
      maxWorkerRssMb: 512,
      killGraceMs: 100,
      prewarmMemoryMb: 16,
      entry: { file: rogue(onRun), execArgv: [] },
    });
    return sb;
  };
  afterEach(async () => {
    await sb?.close();
    sb = null;
  });

  it('should not perform a capability the running tool was not granted', async () => {
    const s = start(`send({ t: 'cap', id: m.id, callId: 1, op: 'kv.set', json: '{"key":"k","value":"x"}' });
      process.once('message', (r) => send({ t: 'done', id: m.id, rss: 1, result: { ok: true, json: JSON.stringify(r), usage: { cpuMs: 0, wallMs: 0, memoryBytes: 0 }, logs: [] } }));`);
    const r = await s.run(tool, {}, { tenant: 'acme' });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value).toMatchObject({ t: 'cap-reply', ok: false });
    expect(s.kv.get('acme', 'n', 'k')).toBeNull();
  });

  it('should refuse an oversized result the worker claims fits', async () => {
    const s = start(
      `send({ t: 'done', id: m.id, rss: 1, result: { ok: true, json: JSON.stringify('x'.repeat(5000)), usage: { cpuMs: 0, wallMs: 0, memoryBytes: 0 }, logs: [] } });`,
    );
    expect(await s.run(tool, {}, { tenant: 't' })).toMatchObject({
      ok: false,
      error: { code: 'output_too_large' },
    });
  });

  it('should treat a malformed message as a dead worker and answer sandbox_crashed', async () => {
    const s = start(`send({ t: 'done', id: m.id, result: { ok: 'yes' } });`);
    expect(await s.run(tool, {}, { tenant: 't' })).toMatchObject({
      ok: false,
      error: { code: 'sandbox_crashed' },
    });
  });

  it('should kill a worker that never answers, at the wall limit plus grace', async () => {
    const s = start('');
    const t0 = performance.now();
    expect(await s.run(tool, {}, { tenant: 't' })).toMatchObject({ ok: false, error: { code: 'timeout' } });
    expect(performance.now() - t0).toBeLessThan(5_000);
  });

  it('should ignore answers for calls it is not running', async () => {
    const s =
      start(`send({ t: 'done', id: m.id + 1000, rss: 1, result: { ok: true, json: '"forged"', usage: { cpuMs: 0, wallMs: 0, memoryBytes: 0 }, logs: [] } });
      send({ t: 'done', id: m.id, rss: 1, result: { ok: true, json: '"real"', usage: { cpuMs: 0, wallMs: 0, memoryBytes: 0 }, logs: [] } });`);
    expect(await s.run(tool, {}, { tenant: 't' })).toMatchObject({ ok: true, value: 'real' });
  });
});
