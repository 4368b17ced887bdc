/** Print the synthetic training data as JSON Lines (for inspection): `tsx scripts/gen-synthetic.ts [seed]`. */
import { generateSynthetic } from './synth/index.js';

const seed = Number(process.argv[2] ?? 1);
for (const r of generateSynthetic(seed)) process.stdout.write(`${JSON.stringify(r)}\n`);
