/**
 * Fit one detector the way it ships: grouped k-fold inside the training rows gives out-of-fold
 * logits (for Platt calibration) and out-of-fold ensemble scores (for the threshold at the target
 * false-positive rate); then the final model is fitted on all training rows.
 */

import type { DetectConfig } from '../../src/firewall/detect/config.js';
import {
  FEATURE_VERSION,
  type FeatureGroups,
  type SparseVector,
} from '../../src/firewall/detect/features.js';
import { createDetector, type Detector } from '../../src/firewall/detect/index.js';
import { thresholdAtFpr } from '../../src/firewall/detect/metrics.js';
import { type LinearModel, type ModelHeader, quantize } from '../../src/firewall/detect/model.js';
import type { View as L1View } from '../../src/firewall/types.js';
import { familyOf } from './data.js';
import { fitPlatt, type LrModel, logit, type TrainExample, trainLr } from './lr.js';

export interface PreparedRow {
  readonly label: 'attack' | 'benign';
  readonly kind: string;
  /** Group for grouped cross-validation: the source repository or synthetic generator. */
  readonly group: string;
  readonly views: readonly L1View[];
  /** All feature groups. */
  readonly x: SparseVector;
  /** Structural groups only (shape, word classes, rule hits): same buckets, same values. */
  readonly xs: SparseVector;
}

export interface FitOptions {
  readonly bits: number;
  readonly groups: FeatureGroups;
  readonly epochs: number;
  readonly lr: number;
  readonly l2: number;
  readonly seed: number;
  readonly folds: number;
  readonly targetFpr: number;
  /**
   * Cap on the out-of-fold FPR of the synthetic benign rows. Those are written to be hard (trigger
   * words, persona prompts, documents), so they are held to a looser rate than the real benign
   * sources, which stand for ordinary traffic; the threshold satisfies both.
   */
  readonly syntheticFpr: number;
  /**
   * Weight of the structural member in the two-member ensemble. The members are trained apart (so
   * the n-grams cannot explain the training sources away and starve the word classes) and merged
   * into one weight vector: both are linear over the same buckets.
   */
  readonly structuralWeight: number;
}

export interface Fitted {
  readonly model: LinearModel;
  /** The model's weights as trained (float32), what the weights file holds. */
  readonly weights: Float32Array;
  /** Out-of-fold ensemble scores of the training rows (index-aligned with the input). */
  readonly oof: number[];
}

function hashGroup(g: string, seed: number): number {
  let h = 2166136261 ^ seed;
  for (let i = 0; i < g.length; i++) h = Math.imul(h ^ g.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Groups are spread over folds by size (largest first, into the lightest fold), ties by hash. */
export function assignFolds(groups: readonly string[], k: number, seed: number): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const g of groups) sizes.set(g, (sizes.get(g) ?? 0) + 1);
  const order = [...sizes.keys()].sort(
    (a, b) => (sizes.get(b) ?? 0) - (sizes.get(a) ?? 0) || hashGroup(a, seed) - hashGroup(b, seed),
  );
  const load = new Array<number>(k).fill(0);
  const out = new Map<string, number>();
  for (const g of order) {
    let best = 0;
    for (let f = 1; f < k; f++) if ((load[f] ?? 0) < (load[best] ?? 0)) best = f;
    out.set(g, best);
    load[best] = (load[best] ?? 0) + (sizes.get(g) ?? 0);
  }
  return out;
}

/** Each group weighs like sqrt(size), then the two classes weigh the same in total. */
export function exampleWeights(rows: readonly PreparedRow[]): number[] {
  const size = new Map<string, number>();
  for (const r of rows) size.set(r.group, (size.get(r.group) ?? 0) + 1);
  const raw = rows.map((r) => 1 / Math.sqrt(size.get(r.group) ?? 1));
  const tot = { attack: 0, benign: 0 };
  rows.forEach((r, i) => {
    tot[r.label] += raw[i] ?? 0;
  });
  const n = rows.length;
  return rows.map((r, i) => ((raw[i] ?? 0) * n) / (2 * (tot[r.label] || 1)));
}

function fitLr(rows: readonly PreparedRow[], o: FitOptions): LrModel {
  const w = exampleWeights(rows);
  const lr = { bits: o.bits, epochs: o.epochs, lr: o.lr, l2: o.l2, seed: o.seed };
  const full = trainLr(
    rows.map((r, i): TrainExample => ({ x: r.x, y: r.label === 'attack' ? 1 : 0, weight: w[i] ?? 1 })),
    lr,
  );
  const a = o.structuralWeight;
  if (a <= 0) return full;
  const struct = trainLr(
    rows.map((r, i): TrainExample => ({ x: r.xs, y: r.label === 'attack' ? 1 : 0, weight: w[i] ?? 1 })),
    lr,
  );
  const weights = new Float32Array(full.weights.length);
  for (let j = 0; j < weights.length; j++)
    weights[j] = (1 - a) * (full.weights[j] ?? 0) + a * (struct.weights[j] ?? 0);
  return { weights, bias: (1 - a) * full.bias + a * struct.bias };
}

function asModel(
  m: LrModel,
  o: FitOptions,
  calibration: { a: number; b: number },
  threshold: number,
): LinearModel {
  const header: ModelHeader = {
    format: 'agentwall-detector',
    featureVersion: FEATURE_VERSION,
    bits: o.bits,
    groups: o.groups,
    bias: m.bias,
    calibration,
    threshold,
    weightsFile: 'detector.bin',
  };
  return { header, weights: quantize(m.weights) };
}

/** The lowest score meeting both out-of-fold FPR targets: real benign sources and synthetic ones. */
export function pickThreshold(rows: readonly PreparedRow[], oof: readonly number[], o: FitOptions): number {
  const real: number[] = [];
  const synth: number[] = [];
  rows.forEach((r, i) => {
    if (r.label === 'benign') (r.group.startsWith('synth:') ? synth : real).push(oof[i] ?? 0);
  });
  if (real.length === 0) return thresholdAtFpr(synth, o.targetFpr);
  const t = thresholdAtFpr(real, o.targetFpr);
  return synth.length === 0 ? t : Math.max(t, thresholdAtFpr(synth, o.syntheticFpr));
}

export function fitDetector(
  rows: readonly PreparedRow[],
  cfg: DetectConfig,
  o: FitOptions,
  log: (s: string) => void = () => {},
): Fitted {
  const folds = assignFolds(
    rows.map((r) => familyOf(r.group)),
    o.folds,
    o.seed,
  );
  const foldOf = rows.map((r) => folds.get(familyOf(r.group)) ?? 0);
  const z = new Array<number>(rows.length).fill(0);
  const foldModels: LrModel[] = [];
  for (let f = 0; f < o.folds; f++) {
    const train = rows.filter((_, i) => foldOf[i] !== f);
    const m = fitLr(train, o);
    foldModels.push(m);
    rows.forEach((r, i) => {
      if (foldOf[i] === f) z[i] = logit(m, r.x);
    });
    log(`  inner fold ${f + 1}/${o.folds}: trained on ${train.length}`);
  }
  const calibration = fitPlatt(
    z,
    rows.map((r) => (r.label === 'attack' ? 1 : 0)),
  );
  const oof = new Array<number>(rows.length).fill(0);
  for (let f = 0; f < o.folds; f++) {
    // Every view read (stopAt 1): the threshold is picked on exact scores.
    const det: Detector = createDetector(
      { ...cfg, stopAt: 1 },
      asModel(foldModels[f] as LrModel, o, calibration, 0.5),
    );
    rows.forEach((r, i) => {
      if (foldOf[i] === f) oof[i] = det.detectLocal(r.views).score;
    });
  }
  const threshold = pickThreshold(rows, oof, o);
  const final = fitLr(rows, o);
  return { model: asModel(final, o, calibration, threshold), weights: final.weights, oof };
}
