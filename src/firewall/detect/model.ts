/**
 * The statistical part of the detector: a logistic model over hashed features (features.ts),
 * with Platt calibration fitted on out-of-fold scores. Weights are a little-endian float32 file
 * beside a JSON header; both are loaded once at start-up and checked for consistency.
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

export interface LinearModel {
  readonly header: ModelHeader;
  readonly weights: Float32Array;
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
  return { header, weights };
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
