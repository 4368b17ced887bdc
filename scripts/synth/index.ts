/** All synthetic data, deterministic for a seed, de-duplicated (case/whitespace-insensitive). */
import { attackRows, multilingualRows } from './attacks.js';
import { benignRows } from './benign.js';
import { codeRows } from './code.js';
import { documentRows } from './documents.js';
import { extractionRows } from './extraction.js';
import { extractionMlRows } from './extraction-ml.js';
import { framedRows } from './framed.js';
import { multilingualMixRows } from './multilingual.js';
import { personaRows } from './personas.js';
import { persuasionRows, socialSecretRows } from './persuasion.js';
import { mulberry32, type SynthRow } from './rng.js';
import { suffixRows } from './suffix.js';

export type { SynthRow } from './rng.js';

export function generateSynthetic(seed = 1): SynthRow[] {
  const rng = mulberry32(seed);
  const rows = [
    ...benignRows(rng, 2800),
    ...documentRows(rng, 700, 700),
    ...codeRows(rng, 250, 250),
    ...attackRows(rng, 1700),
    ...multilingualRows(rng, 300),
    ...multilingualMixRows(rng, 500),
    ...suffixRows(rng, 400),
    ...persuasionRows(rng, 400),
    ...socialSecretRows(rng, 200),
    ...extractionRows(rng, 800),
    ...extractionMlRows(rng, 500),
    ...framedRows(rng, 800),
    ...personaRows(rng, 900),
  ];
  const seen = new Set<string>();
  return rows.filter((r) => {
    const k = r.text.toLowerCase().replace(/\s+/g, ' ').trim();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
