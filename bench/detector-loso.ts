/**
 * Leave-one-source-out figures of the shipped training procedure: for each source repository of
 * the dev data, train (with the synthetic data) on everything else, pick the threshold by grouped
 * CV on those training rows, and score the held-out source. Prints pooled and per-source figures.
 * Slow (one full training per source). `--data` as for bench/detector.ts.
 */

import { groupOf, prepare, readLabelled } from '../scripts/detector/data.js';
import { runLoso } from '../scripts/detector/loso.js';
import { SHIPPED_OPTIONS } from '../scripts/detector/options.js';
import { generateSynthetic } from '../scripts/synth/index.js';
import { readDetectConfig } from '../src/firewall/detect/config.js';
import { compileRules } from '../src/firewall/detect/rules.js';
import { report } from './lib/stats.js';

const argData = process.argv.indexOf('--data');
const file =
  (argData >= 0 ? process.argv[argData + 1] : undefined) ??
  process.env.DETECTOR_DATA ??
  '../shared/data/prompts-dev.jsonl';
const { config } = readDetectConfig('policies/firewall.yaml');
const dev = readLabelled(file);
const synth = generateSynthetic(SHIPPED_OPTIONS.seed);
const rows = prepare(
  [...dev, ...synth],
  compileRules(config.rules),
  SHIPPED_OPTIONS.bits,
  SHIPPED_OPTIONS.groups,
);
const groups = [...new Set(dev.map((r) => groupOf(r.source)))].sort();
const loso = runLoso(rows, groups, config, SHIPPED_OPTIONS, (s) => process.stderr.write(`${s}\n`));
report({
  data: file.split('/').at(-1),
  syntheticRows: synth.length,
  targetFpr: SHIPPED_OPTIONS.targetFpr,
  ...loso,
});
