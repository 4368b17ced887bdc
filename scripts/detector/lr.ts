/**
 * Logistic regression over hashed sparse features, trained with AdaGrad and L2, in a fixed
 * sample order from a seeded shuffle, so training is bit-for-bit deterministic.
 */
import type { SparseVector } from '../../src/firewall/detect/features.js';
import { sigmoid } from '../../src/firewall/detect/model.js';
import { mulberry32, type Rng, shuffle } from '../synth/rng.js';

export interface TrainExample {
  readonly x: SparseVector;
  readonly y: 0 | 1;
  readonly weight: number;
}

export interface LrOptions {
  readonly bits: number;
  readonly epochs: number;
  readonly lr: number;
  readonly l2: number;
  readonly seed: number;
}

export interface LrModel {
  readonly weights: Float32Array;
  readonly bias: number;
}

export function trainLr(examples: readonly TrainExample[], o: LrOptions): LrModel {
  const dim = 1 << o.bits;
  const w = new Float64Array(dim);
  const g2 = new Float64Array(dim).fill(1e-8);
  let b = 0;
  let bg2 = 1e-8;
  const rng: Rng = mulberry32(o.seed);
  const order = examples.map((_, i) => i);
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    shuffle(rng, order);
    for (const i of order) {
      const ex = examples[i] as TrainExample;
      const { idx, val } = ex.x;
      let z = b;
      for (let k = 0; k < idx.length; k++) z += (w[idx[k] as number] as number) * (val[k] as number);
      const g = (sigmoid(z) - ex.y) * ex.weight;
      for (let k = 0; k < idx.length; k++) {
        const j = idx[k] as number;
        const gj = g * (val[k] as number) + o.l2 * (w[j] as number);
        g2[j] = (g2[j] as number) + gj * gj;
        w[j] = (w[j] as number) - (o.lr * gj) / Math.sqrt(g2[j] as number);
      }
      bg2 += g * g;
      b -= (o.lr * g) / Math.sqrt(bg2);
    }
  }
  return { weights: Float32Array.from(w), bias: b };
}

export function logit(m: LrModel, x: SparseVector): number {
  let z = m.bias;
  for (let k = 0; k < x.idx.length; k++)
    z += (m.weights[x.idx[k] as number] as number) * (x.val[k] as number);
  return z;
}

/**
 * Platt scaling: fit p = sigmoid(a z + b) on the log loss (with Platt's label smoothing), by
 * damped Newton steps: a step that does not lower the loss is halved, so the fit cannot diverge.
 */
export function fitPlatt(z: readonly number[], y: readonly (0 | 1)[]): { a: number; b: number } {
  const nPos = y.filter((v) => v === 1).length;
  const nNeg = y.length - nPos;
  const tPos = (nPos + 1) / (nPos + 2);
  const tNeg = 1 / (nNeg + 2);
  const target = y.map((v) => (v === 1 ? tPos : tNeg));
  const loss = (a: number, b: number): number => {
    let l = 0;
    for (let i = 0; i < z.length; i++) {
      const f = a * (z[i] as number) + b;
      const t = target[i] as number;
      // log(1 + e^f) - t f, computed stably.
      l += (f > 0 ? f + Math.log1p(Math.exp(-f)) : Math.log1p(Math.exp(f))) - t * f;
    }
    return l;
  };
  let a = 1;
  let b = 0;
  let cur = loss(a, b);
  for (let it = 0; it < 100; it++) {
    let ga = 0;
    let gb = 0;
    let haa = 1e-6;
    let hab = 0;
    let hbb = 1e-6;
    for (let i = 0; i < z.length; i++) {
      const zi = z[i] as number;
      const p = sigmoid(a * zi + b);
      const d = p - (target[i] as number);
      const h = p * (1 - p);
      ga += d * zi;
      gb += d;
      haa += h * zi * zi;
      hab += h * zi;
      hbb += h;
    }
    const det = haa * hbb - hab * hab;
    if (!(Math.abs(det) > 1e-12)) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    let step = 1;
    let next = loss(a - da, b - db);
    while (next > cur && step > 1e-6) {
      step /= 2;
      next = loss(a - step * da, b - step * db);
    }
    if (next > cur) break;
    a -= step * da;
    b -= step * db;
    const gain = cur - next;
    cur = next;
    if (gain < 1e-10) break;
  }
  return { a, b };
}
