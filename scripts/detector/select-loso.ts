// Model-selection harness: quick leave-one-source-out on raw logits (no calibration, no threshold).
// Usage: GC=1 GW=1 GS=0.5 GL=1 GR=0.7 EP=4 L2=1e-6 npx tsx scripts/detector/select-loso.ts (DATA=path).
import { readDetectConfig } from '../../src/firewall/detect/config.js';
import { auc, tprAtFpr } from '../../src/firewall/detect/metrics.js';
import { compileRules } from '../../src/firewall/detect/rules.js';
import { generateSynthetic } from '../synth/index.js';
import { groupOf, prepare, readLabelled } from './data.js';
import { logit, trainLr } from './lr.js';
import { exampleWeights } from './pipeline.js';

const E = (k: string, d: number) => Number(process.env[k] ?? d);
const groups = {
  char: E('GC', 1),
  word: E('GW', 1),
  shape: E('GS', 0.5),
  lex: E('GL', 1),
  rule: E('GR', 0.7),
};
const { config } = readDetectConfig('policies/firewall.yaml');
const rules = compileRules(config.rules);
const dev = readLabelled(process.env.DATA ?? '../shared/data/prompts-dev.jsonl');
const ENS = E('ENS', 0);
const rows = prepare([...dev, ...(process.env.NOSYNTH ? [] : generateSynthetic(1))], rules, 18, groups);
const pooled: { score: number; attack: boolean }[] = [];
const line: string[] = [];
for (const g of [...new Set(dev.map((r) => groupOf(r.source)))].sort()) {
  const tr = rows.filter((r) => r.group !== g),
    te = rows.filter((r) => r.group === g);
  const w = exampleWeights(tr);
  const m = trainLr(
    tr.map((r, i) => ({ x: r.x, y: r.label === 'attack' ? 1 : 0, weight: w[i] ?? 1 })),
    { bits: 18, epochs: E('EP', 4), lr: E('LR', 0.2), l2: E('L2', 1e-6), seed: 1 },
  );
  let zs = te.map((r) => ({ score: logit(m, r.x), attack: r.label === 'attack' }));
  if (ENS) {
    const mS = trainLr(
      tr.map((r, i) => ({ x: r.xs, y: r.label === 'attack' ? 1 : 0, weight: w[i] ?? 1 })),
      { bits: 18, epochs: E('EP', 4), lr: E('LR', 0.2), l2: E('L2', 1e-6), seed: 1 },
    );
    zs = zs.map((z, i) => ({ ...z, score: (1 - ENS) * z.score + ENS * logit(mS, te[i]!.xs) }));
  }
  pooled.push(...zs);
  const pos = zs.filter((z) => z.attack),
    neg = zs.filter((z) => !z.attack);
  line.push(
    `${g.split('/')[1]?.slice(0, 10)}:${pos.length ? `tp${(pos.filter((z) => z.score > 0).length / pos.length).toFixed(2)}` : ''}${neg.length ? `fp${(neg.filter((z) => z.score > 0).length / neg.length).toFixed(2)}` : ''}`,
  );
}
console.log(
  JSON.stringify(groups),
  `ENS=${ENS}`,
  `EP=${E('EP', 4)} L2=${E('L2', 1e-6)}`,
  'AUC',
  auc(pooled).toFixed(4),
  'TPR@1%',
  tprAtFpr(pooled, 0.01).toFixed(3),
  'TPR@5%',
  tprAtFpr(pooled, 0.05).toFixed(3),
);
console.log(line.join(' '));
