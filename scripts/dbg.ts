import { readDetectConfig } from '../src/firewall/detect/config.js';
import { compileRules } from '../src/firewall/detect/rules.js';
import { prepare, readLabelled } from './detector/data.js';
import { exampleWeights } from './detector/pipeline.js';
import { trainLr, logit } from './detector/lr.js';
import { generateSynthetic } from './synth/index.js';
import { groupOf } from './detector/data.js';
const { config } = readDetectConfig('policies/firewall.yaml');
const rules = compileRules(config.rules);
const dev = readLabelled('/work/shared/data/prompts-dev.jsonl');
const rows = prepare([...dev, ...generateSynthetic(1)], rules, 18);
const groups = [...new Set(dev.map((r) => groupOf(r.source)))];
for (const g of groups) {
  const tr = rows.filter((r) => r.group !== g), te = rows.filter((r) => r.group === g);
  const w = exampleWeights(tr);
  const m = trainLr(tr.map((r, i) => ({ x: r.x, y: r.label === 'attack' ? 1 : 0, weight: w[i] ?? 1 })), { bits: 18, epochs: 4, lr: 0.2, l2: 1e-6, seed: 1 });
  const byKind: Record<string, number[]> = {};
  for (const r of te) (byKind[r.kind] ??= []).push(logit(m, r.x) > 0 ? 1 : 0);
  console.log(g, Object.entries(byKind).map(([k, v]) => `${k}:${v.length}:${(v.reduce((a, b) => a + b, 0) / v.length).toFixed(3)}`).join(' '));
}
