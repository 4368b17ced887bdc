/**
 * Word-class matching, screened by word-start prefixes (what the detector runs) against the same
 * class patterns each run on the whole text (what it ran before the screen), side by side in one
 * run, interleaved, on 1 KB and 200-character slices of the dev data (`--data`, default
 * ../shared/data/prompts-dev.jsonl). Also counts texts where the two disagree (must be 0).
 */
import { readFileSync } from 'node:fs';
import { canonical } from '../src/firewall/detect/features.js';
import {
  CLASSES,
  presentClasses,
  readNegations,
  SHARED_CLASSES,
  textInfo,
  unionClasses,
} from '../src/firewall/detect/lexicon.js';
import { percentiles, report, round } from './lib/stats.js';

const argData = process.argv.indexOf('--data');
const file = (argData >= 0 ? process.argv[argData + 1] : undefined) ?? '../shared/data/prompts-dev.jsonl';
const base = readFileSync(file, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => (JSON.parse(l) as { text: string }).text)
  .join('\n');

const names = Object.keys(CLASSES);
function unscreened(raw: string): string[] {
  const t = readNegations(raw);
  const info = textInfo(t);
  const found = names.filter((n) => CLASSES[n]?.test(t, info));
  // The classes a class in another language lends its English counterpart, as presentClasses does.
  return unionClasses(
    found,
    SHARED_CLASSES.filter(([ml]) => found.includes(ml)).map(([, en]) => en),
  );
}

const out: Record<string, unknown> = {};
for (const size of [1024, 200]) {
  const texts = Array.from({ length: 1000 }, (_, i) => {
    const start = (i * 7919) % (base.length - size);
    return canonical(base.slice(start, start + size));
  });
  let disagree = 0;
  for (const t of texts) {
    const a = presentClasses(t).filter((n) => n !== 'math');
    if (a.join() !== unscreened(t).join()) disagree++;
  }
  const screenedUs: number[] = [];
  const plainUs: number[] = [];
  for (let round = 0; round < 5; round++) {
    for (const t of texts) {
      let t0 = performance.now();
      presentClasses(t);
      screenedUs.push((performance.now() - t0) * 1000);
      t0 = performance.now();
      unscreened(t);
      plainUs.push((performance.now() - t0) * 1000);
    }
  }
  const mean = (xs: number[]) => round(xs.reduce((a, b) => a + b, 0) / xs.length, 1);
  out[`${size}chars`] = {
    texts: texts.length,
    disagree,
    screenedUs: { mean: mean(screenedUs), ...percentiles(screenedUs, [50, 99]) },
    unscreenedUs: { mean: mean(plainUs), ...percentiles(plainUs, [50, 99]) },
  };
}
report(out);
