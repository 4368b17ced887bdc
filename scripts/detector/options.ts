/** The training options of the shipped model, shared by the trainer and the LOSO bench. */
import { DEFAULT_GROUPS } from '../../src/firewall/detect/features.js';
import type { FitOptions } from './pipeline.js';

export const SHIPPED_OPTIONS: FitOptions = {
  bits: 18,
  groups: DEFAULT_GROUPS,
  epochs: 6,
  lr: 0.2,
  l2: 1e-6,
  seed: 1,
  folds: 5,
  structuralWeight: 0.5,
  // Threshold = the lowest score that keeps the out-of-fold FPR (grouped by source) at or below
  // targetFpr on the real benign sources and at or below syntheticFpr on the synthetic hard negatives.
  targetFpr: 0.01,
  syntheticFpr: 0.05,
};
