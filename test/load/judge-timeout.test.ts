/**
 * Fault: the LLM judge endpoint accepts connections and never answers. Many detections run at
 * once against it; every one must finish (the judge's own timeout), and the judge's silence must
 * count as its configured fixed verdict (fail closed), never as "benign".
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blackHole } from '../helpers/load.js';
import { ROOT } from '../helpers/runtime.js';

const FIREWALL = resolve(ROOT, 'policies/firewall.yaml');
const hasDetector = existsSync(resolve(ROOT, 'src/firewall/detect/index.ts'));

async function detector(judgeUrl: string) {
  const { readDetectConfig, resolveFrom } = await import('../../src/firewall/detect/config.js');
  const { loadModel } = await import('../../src/firewall/detect/model.js');
  const { createDetector } = await import('../../src/firewall/detect/index.js');
  const { config, baseDir } = readDetectConfig(FIREWALL);
  const modelPath = resolveFrom(baseDir, config.model);
  if (!existsSync(modelPath)) return null;
  const judge = { ...config.judge, enabled: true, url: judgeUrl, timeoutMs: 200, onError: 'attack' as const };
  // The whole score range is "grey", so every detection asks the judge.
  return createDetector(
    { ...config, judge: { ...judge, greyZone: { low: 0, high: 1 } } },
    loadModel(modelPath),
  );
}

describe('LLM judge endpoint that never answers', () => {
  it.skipIf(!hasDetector)(
    hasDetector
      ? 'should finish every concurrent detection and fail closed'
      : 'judge timeout (skipped: no detector layer in this build)',
    async (ctx) => {
      const hole = await blackHole();
      try {
        const det = await detector(`${hole.url}/v1/chat/completions`);
        if (det === null) return ctx.skip('no trained detector model in this build');
        const texts = Array.from(
          { length: 200 },
          (_, i) => `please summarise document ${i} for the weekly report`,
        );
        const results = await Promise.all(texts.map((text) => det.detect([{ kind: 'normalized', text }])));
        expect(results).toHaveLength(200);
        expect(hole.hits()).toBeGreaterThan(0);
        for (const r of results) {
          const judge = r.parts.find((p) => p.part === 'judge');
          expect(judge).toMatchObject({ part: 'judge', verdict: 'attack', via: 'timeout' });
          expect(r.score).toBe(1);
        }
      } finally {
        await hole.close();
      }
    },
  );
});
