/**
 * The statistical part of the detector: a logistic model over hashed features (features.ts),
 * with Platt calibration fitted on out-of-fold scores. Weights are a little-endian float32 file
 * beside a JSON header; both are loaded once at start-up and checked for consistency. In memory
 * they are 16-bit integers times one scale (see Weights).
 */
import { readFileSync } from 'node:fs';
import { FEATURE_VERSION, type FeatureGroups, type FeatureOptions, type SparseVector } from './features.js';

export interface ModelHeader {
  readonly format: 'agentwall-detector';
  readonly featureVersion: number;
  readonly bits: number;
  /** Feature group weights the model was trained with; defaults when absent. */
  readonly groups?: FeatureGroups;
  readonly bias: number;
  /** Platt scaling: p = sigmoid(a * logit + b). */
  readonly calibration: { readonly a: number; readonly b: number };
  /** Decision threshold picked by cross-validation on the training folds (see docs/firewall.md). */
  readonly threshold: number;
  readonly weightsFile: string;
  readonly sha256?: string;
  readonly trainedAt?: string;
  readonly metrics?: unknown;
}

/**
 * Weights as 16-bit integers and one scale: weight i = q[i] * scale. Scoring reads a weight per
 * n-gram at random from 2^18 of them; at two bytes each they take half the CPU cache that float32
 * did, which made a reading several per cent faster. The rounding error (half a step of
 * max|w| / 32767 per weight) moves a score by about 1e-5.
 */
export interface Weights {
  readonly q: Int16Array;
  readonly scale: number;
}

export function quantize(w: Float32Array): Weights {
  let max = 0;
  for (let i = 0; i < w.length; i++) max = Math.max(max, Math.abs(w[i] as number));
  const scale = max > 0 ? max / 32767 : 1;
  const q = new Int16Array(w.length);
  for (let i = 0; i < w.length; i++) q[i] = Math.round((w[i] as number) / scale);
  return { q, scale };
}

/** The float weights the integers stand for. */
export function dequantize(w: Weights): Float32Array {
  return Float32Array.from(w.q, (v) => v * w.scale);
}

export interface LinearModel {
  readonly header: ModelHeader;
  readonly weights: Weights;
}

export class ModelLoadError extends Error {
  override readonly name = 'ModelLoadError';
}

export function loadModel(headerPath: string): LinearModel {
  let header: ModelHeader;
  try {
    header = JSON.parse(readFileSync(headerPath, 'utf8')) as ModelHeader;
  } catch (err) {
    throw new ModelLoadError(`cannot read model header ${headerPath}: ${(err as Error).message}`);
  }
  if (header.format !== 'agentwall-detector')
    throw new ModelLoadError(`${headerPath}: not an agentwall detector model`);
  if (header.featureVersion !== FEATURE_VERSION) {
    throw new ModelLoadError(
      `${headerPath}: feature version ${header.featureVersion}, runtime expects ${FEATURE_VERSION}; retrain`,
    );
  }
  if (!Number.isInteger(header.bits) || header.bits < 10 || header.bits > 24)
    throw new ModelLoadError(`${headerPath}: bad bits`);
  const binPath = new URL(header.weightsFile, `file://${headerPath}`).pathname;
  let buf: Buffer;
  try {
    buf = readFileSync(binPath);
  } catch (err) {
    throw new ModelLoadError(`cannot read model weights ${binPath}: ${(err as Error).message}`);
  }
  const dim = 1 << header.bits;
  if (buf.byteLength !== dim * 4)
    throw new ModelLoadError(`${binPath}: expected ${dim * 4} bytes, got ${buf.byteLength}`);
  const weights = new Float32Array(dim);
  for (let i = 0; i < dim; i++) weights[i] = buf.readFloatLE(i * 4);
  for (const n of [header.bias, header.calibration.a, header.calibration.b, header.threshold]) {
    if (!Number.isFinite(n)) throw new ModelLoadError(`${headerPath}: non-finite parameter`);
  }
  if (!weights.every(Number.isFinite)) throw new ModelLoadError(`${binPath}: non-finite weight`);
  return { header, weights: quantize(weights) };
}

export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

export function rawLogit(weights: Float32Array, bias: number, x: SparseVector): number {
  let z = bias;
  for (let i = 0; i < x.idx.length; i++) z += (weights[x.idx[i] ?? 0] ?? 0) * (x.val[i] ?? 0);
  return z;
}

/** The feature options a model was trained with. */
export function featureOptions(model: LinearModel): FeatureOptions {
  const h = model.header;
  return h.groups ? { bits: h.bits, groups: h.groups } : { bits: h.bits };
}

/** Calibrated probability of attack for w·x = z (without the bias). */
export function calibrated(model: LinearModel, z: number): number {
  const h = model.header;
  return sigmoid(h.calibration.a * (h.bias + z) + h.calibration.b);
}
