/**
 * Train the L2 detector: `npm run train:detector -- --data ../shared/data/prompts-dev.jsonl`
 * Deterministic for a given seed. Writes models/detector.json + models/detector.bin and prints
 * grouped cross-validation figures; `--loso FILE` also runs leave-one-source-out into FILE (JSON).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readDetectConfig } from '../src/firewall/detect/config.js';
import { auc, rates, round, tprAtFpr } from '../src/firewall/detect/metrics.js';
import { compileRules } from '../src/firewall/detect/rules.js';
import { groupOf, type LabelledRow, prepare, readLabelled } from './detector/data.js';
import { pool, runLoso } from './detector/loso.js';
import { SHIPPED_OPTIONS } from './detector/options.js';
import { type FitOptions, fitDetector } from './detector/pipeline.js';
import { generateSynthetic } from './synth/index.js';

const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    out: { type: 'string', default: 'models' },
    policy: { type: 'string', default: 'policies/firewall.yaml' },
    seed: { type: 'string', default: '1' },
    bits: { type: 'string' },
    'target-fpr': { type: 'string' },
    'no-synth': { type: 'boolean', default: false },
    loso: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
  },
});

const log = (s: string) => process.stderr.write(`${s}\n`);

function main(): void {
  if (!values.data) {
    log(
      'usage: npm run train:detector -- --data FILE.jsonl [--out models] [--seed 1] [--bits 18] [--loso FILE.json] [--no-synth]',
    );
    process.exit(2);
  }
  const seed = Number(values.seed);
  const bits = Number(values.bits ?? SHIPPED_OPTIONS.bits);
  if (!Number.isInteger(bits) || bits < 12 || bits > 24) {
    log('--bits must be an integer from 12 to 24 (log2 of the hashed feature space)');
    process.exit(2);
  }
  const opts: FitOptions = {
    ...SHIPPED_OPTIONS,
    seed,
    bits,
    targetFpr: Number(values['target-fpr'] ?? SHIPPED_OPTIONS.targetFpr),
  };
  const { config } = readDetectConfig(values.policy ?? 'policies/firewall.yaml');
  const rules = compileRules(config.rules);
  const dev = readLabelled(resolve(values.data));
  const synth: LabelledRow[] = values['no-synth'] ? [] : generateSynthetic(seed);
  log(`data: ${dev.length} dev rows, ${synth.length} synthetic rows`);
  const rows = prepare([...dev, ...synth], rules, opts.bits, opts.groups);

  if (values.loso) {
    const devGroups = [...new Set(dev.map((r) => groupOf(r.source)))].sort();
    const loso = pool(runLoso(rows, devGroups, config, opts, log));
    writeFileSync(
      values.loso,
      `${JSON.stringify({ options: opts, synthetic: synth.length, ...loso }, null, 2)}\n`,
    );
    log(`LOSO written to ${values.loso}`);
    process.stdout.write(`${JSON.stringify(loso.pooled)}\n`);
  }

  log('fitting the shipped model (grouped 5-fold CV for calibration and threshold)');
  const fitted = fitDetector(rows, config, opts, log);
  const scored = rows.map((r, i) => ({ score: fitted.oof[i] ?? 0, attack: r.label === 'attack' }));
  const t = fitted.model.header.threshold;
  const at = rates(scored, t);
  const tricky = rates(
    rows
      .map((r, i) => ({ score: fitted.oof[i] ?? 0, attack: r.label === 'attack' }))
      .filter((_, i) => rows[i]?.kind === 'benign_tricky'),
    t,
  );
  const cv = {
    folds: opts.folds,
    grouping: 'source repository / synthetic generator',
    n: rows.length,
    auc: round(auc(scored)),
    tprAtFpr: { '0.01': round(tprAtFpr(scored, 0.01)), '0.001': round(tprAtFpr(scored, 0.001)) },
    threshold: round(t, 6),
    tpr: round(at.tpr),
    fpr: round(at.fpr),
    fprBenignTricky: round(tricky.fpr),
  };
  process.stdout.write(`${JSON.stringify({ crossValidation: cv })}\n`);
  if (values['dry-run']) return;
  mkdirSync(values.out ?? 'models', { recursive: true });
  const bin = Buffer.from(fitted.weights.buffer, fitted.weights.byteOffset, fitted.weights.byteLength);
  const header = {
    ...fitted.model.header,
    threshold: round(t, 6),
    sha256: createHash('sha256').update(bin).digest('hex'),
    training: { seed, options: opts, devRows: dev.length, syntheticRows: synth.length, crossValidation: cv },
  };
  writeFileSync(join(values.out ?? 'models', 'detector.bin'), bin);
  writeFileSync(join(values.out ?? 'models', 'detector.json'), `${JSON.stringify(header, null, 2)}\n`);
  log(`wrote ${join(values.out ?? 'models', 'detector.json')} and detector.bin`);
}

main();
