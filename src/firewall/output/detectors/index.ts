import { PII_DETECTORS } from './pii.js';
import { SECRET_DETECTORS } from './secrets.js';
import type { Detector } from './types.js';

export { looksGenerated } from './secrets.js';
export type { Detector, Match } from './types.js';

/** Every L3 detector, secrets first: when spans overlap, the earlier detector's span wins. */
export const DETECTORS: readonly Detector[] = [...SECRET_DETECTORS, ...PII_DETECTORS];
export const DETECTOR_IDS: readonly string[] = DETECTORS.map((d) => d.id);
