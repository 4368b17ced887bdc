/**
 * Leave-one-source-out figures of the shipped training procedure: for each source repository of
 * the dev data, train (with the synthetic data) on everything else, pick the threshold by grouped
 * CV on those training rows, and score the held-out source. Prints pooled and per-source figures.
 * Slow (one full training per source). Options: `--data FILE` (as bench/detector.ts), `--folds N`
 * (inner folds, default the shipped 5), `--seed N` (synthetic data and sample order), `--groups a,b` + `--scores-out FILE` to run a share of the
 * sources in one process, `--merge f1,f2` to pool such shares.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { groupOf, prepare, readLabelled } from '../scripts/detector/data.js';
import { type HeldOut, pool, runLoso } from '../scripts/detector/loso.js';
import { SHIPPED_OPTIONS } from '../scripts/detector/options.js';
import { generateSynthetic } from '../scripts/synth/index.js';
import { readDetectConfig } from '../src/firewall/detect/config.js';
import { compileRules } from '../src/firewall/detect/rules.js';
import { report } from './lib/stats.js';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const file = arg('data') ?? process.env.DETECTOR_DATA ?? '../shared/data/prompts-dev.jsonl';
const merge = arg('merge');
if (merge) {
  const parts = merge
    .split(',')
    .map((f) => JSON.parse(readFileSync(f, 'utf8')) as { heldOut: HeldOut[]; folds: number });
  const heldOut = parts.flatMap((p) => p.heldOut);
  report({
    data: file.split('/').at(-1),
    innerFolds: parts[0]?.folds,
    targetFpr: SHIPPED_OPTIONS.targetFpr,
    syntheticFpr: SHIPPED_OPTIONS.syntheticFpr,
    ...pool(heldOut),
  });
} else {
  const opts = {
    ...SHIPPED_OPTIONS,
    folds: Number(arg('folds') ?? SHIPPED_OPTIONS.folds),
    bits: Number(arg('bits') ?? SHIPPED_OPTIONS.bits),
    seed: Number(arg('seed') ?? SHIPPED_OPTIONS.seed),
  };
  const { config } = readDetectConfig('policies/firewall.yaml');
  const dev = readLabelled(file);
  const synth = generateSynthetic(opts.seed);
  const rows = prepare([...dev, ...synth], compileRules(config.rules), opts.bits, opts.groups);
  const all = [...new Set(dev.map((r) => groupOf(r.source)))].sort();
  const groups = arg('groups')?.split(',') ?? all;
  const heldOut = runLoso(rows, groups, config, opts, (s) => process.stderr.write(`${s}\n`));
  const out = arg('scores-out');
  if (out) writeFileSync(out, JSON.stringify({ folds: opts.folds, heldOut }));
  report({
    data: file.split('/').at(-1),
    syntheticRows: synth.length,
    innerFolds: opts.folds,
    targetFpr: opts.targetFpr,
    syntheticFpr: opts.syntheticFpr,
    ...pool(heldOut),
  });
}
