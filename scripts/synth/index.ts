/** All synthetic data, deterministic for a seed, de-duplicated (case/whitespace-insensitive). */
import { attackRows, multilingualRows } from './attacks.js';
import { benignRows } from './benign.js';
import { documentRows } from './documents.js';
import { multilingualMixRows } from './multilingual.js';
import { persuasionRows, socialSecretRows } from './persuasion.js';
import { mulberry32, type SynthRow } from './rng.js';
import { suffixRows } from './suffix.js';

export type { SynthRow } from './rng.js';

export function generateSynthetic(seed = 1): SynthRow[] {
  const rng = mulberry32(seed);
  const rows = [
    ...benignRows(rng, 2800),
    ...documentRows(rng, 700, 700),
    ...attackRows(rng, 1700),
    ...multilingualRows(rng, 300),
    ...multilingualMixRows(rng, 500),
    ...suffixRows(rng, 400),
    ...persuasionRows(rng, 400),
    ...socialSecretRows(rng, 200),
  ];
  const seen = new Set<string>();
  return rows.filter((r) => {
    const k = r.text.toLowerCase().replace(/\s+/g, ' ').trim();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
