import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/runtime.js';

/**
 * The compiled build forks `dist/sandbox/worker.js` with plain node (no tsx loader). Build into a
 * scratch directory under node_modules/.cache (so `isolated-vm` resolves as it does from dist/)
 * and run a tool from a plain node process.
 */
describe('sandbox from the compiled build', () => {
  const cache = resolve(ROOT, 'node_modules/.cache');
  mkdirSync(cache, { recursive: true });
  const out = mkdtempSync(join(cache, 'agentwall-dist-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('should fork the .js worker with --no-node-snapshot and run a tool', () => {
    const tsc = spawnSync(
      process.execPath,
      [resolve(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json', '--outDir', out],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    expect(tsc.stdout + tsc.stderr).toBe('');
    const script = join(out, 'probe.mjs');
    writeFileSync(
      script,
      `import { createSandbox } from './sandbox/index.js';
       import { resolveWorkerEntry } from './sandbox/worker-entry.js';
       const sb = createSandbox({ workers: 1, maxQueue: 4, recycleAfterRuns: 100, maxWorkerRssMb: 512, killGraceMs: 200, prewarmMemoryMb: 16 });
       const r = await sb.run({ name: 'p', source: 'export default (a) => a.n + 1', limits: { memoryMb: 16, cpuMs: 500, wallMs: 2000, maxOutputBytes: 100 }, capabilities: {} }, { n: 41 }, { tenant: 't' });
       await sb.close();
       console.log(JSON.stringify({ entry: resolveWorkerEntry(), r }));`,
    );
    const run = spawnSync(process.execPath, [script], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    const printed = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}');
    expect(printed.entry.file).toBe(join(out, 'sandbox', 'worker.js'));
    expect(printed.entry.execArgv).toEqual(['--no-node-snapshot']);
    expect(printed.r).toMatchObject({ ok: true, value: 42 });
  }, 180_000);
});
