/**
 * Detector quality and speed, side by side, on the labelled dev data (JSON Lines; path from
 * `--data`, default ../shared/data/prompts-dev.jsonl). NOTE: agentwall's model was trained on this
 * data, so its row here is in-sample; the honest out-of-sample figure is leave-one-source-out
 * (bench/detector-loso.ts). The other detectors never saw it. Also measures agentwall latency per
 * KB at 1 KB … 1 MB (linearity).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { auc, percentile, round, tprAtFpr } from '../src/firewall/detect/metrics.js';
import { BUILTIN_POLICY, createFirewall } from '../src/firewall/index.js';
import {
  agentwallAdapter,
  type DetectorAdapter,
  haiAdapter,
  llmGuardrailAdapter,
  vardAdapter,
} from './lib/detectors.js';
import { report } from './lib/stats.js';

const argData = process.argv.indexOf('--data');
const file =
  (argData >= 0 ? process.argv[argData + 1] : undefined) ??
  process.env.DETECTOR_DATA ??
  '../shared/data/prompts-dev.jsonl';
const rows = readFileSync(file, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as { text: string; label: string; kind?: string });

async function measure(d: DetectorAdapter) {
  const scored: { score: number; attack: boolean; flagged: boolean; kind: string }[] = [];
  const us: number[] = [];
  for (const r of rows.slice(0, 50)) await d.score(r.text); // warm-up
  for (const r of rows) {
    const t0 = performance.now();
    const s = await d.score(r.text);
    us.push((performance.now() - t0) * 1000);
    scored.push({ ...s, attack: r.label === 'attack', kind: r.kind ?? r.label });
  }
  const pos = scored.filter((s) => s.attack);
  const neg = scored.filter((s) => !s.attack);
  const tricky = scored.filter((s) => s.kind === 'benign_tricky');
  return {
    name: d.name,
    note: d.note,
    tpr: round(pos.filter((s) => s.flagged).length / pos.length),
    fpr: round(neg.filter((s) => s.flagged).length / neg.length),
    fprBenignTricky: round(tricky.filter((s) => s.flagged).length / Math.max(1, tricky.length)),
    auc: round(auc(scored)),
    tprAtFpr: { '0.01': round(tprAtFpr(scored, 0.01)), '0.001': round(tprAtFpr(scored, 0.001)) },
    latencyUs: { p50: round(percentile(us, 50), 1), p99: round(percentile(us, 99), 1) },
  };
}

/** The shipped firewall.yaml with `detect.stopAt: 1`, in a temporary file: every view is read. */
function everyViewPolicy(): string {
  const doc = parseYaml(readFileSync(BUILTIN_POLICY, 'utf8')) as { detect: Record<string, unknown> };
  doc.detect.stopAt = 1;
  const dir = mkdtempSync(join(tmpdir(), 'aw-bench-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'firewall.yaml');
  writeFileSync(file, stringifyYaml(doc));
  return file;
}

type PerKb = Record<string, { p50UsPerKb: number; p99UsPerKb: number; p99OfMedianUsPerKb?: number }>;

/**
 * agentwall time per KB at growing sizes: flat µs/KB means linear time. Measured before the other
 * detectors are loaded, so that their heaps do not lengthen agentwall's garbage collections, and
 * after a warm-up (every dev row once, then other slices of the same size), as in a long-running
 * sidecar. p50/p99 are over one pass, each text read once. At 1 KB and 10 KB the texts are read
 * twice more and `p99OfMedianUsPerKb` is the p99 of each text's median of the three: the cost of
 * the text itself, with a garbage collection or a stall of the machine landing on one read left out.
 * Two configurations side by side, each text read by both in turn (alternating which goes first):
 * the shipped one, which stops reading views at a decisive score (`detect.stopAt`), and the same
 * with every view read. The slices hold attacks often, so the first is the cost as shipped and the
 * second the cost of a text that never reaches a decisive score.
 */
function perKb(): { shipped: PerKb; everyView: PerKb } {
  const fws = [createFirewall(), createFirewall({ file: everyViewPolicy() })];
  for (const r of rows) for (const fw of fws) fw.inspectLocal(r.text, { source: 'user' });
  const base = rows.map((r) => r.text).join('\n');
  const out: [PerKb, PerKb] = [{}, {}];
  for (const kb of [1, 10, 100, 1024]) {
    const n = kb * 1024;
    // Enough texts that the p99 is not one or two unlucky samples (it is the 10th slowest of 1,000).
    const reps = kb >= 1024 ? 5 : kb >= 100 ? 20 : kb >= 10 ? 500 : 1000;
    const passes = kb <= 10 ? 3 : 1;
    const slice = (i: number) => {
      const start = (i * 7919) % Math.max(1, base.length - n);
      return base.length >= n
        ? base.slice(start, start + n)
        : base.repeat(Math.ceil(n / base.length)).slice(0, n);
    };
    for (let i = 0; i < Math.min(reps, 50); i++)
      for (const fw of fws) fw.inspectLocal(slice(reps + i), { source: 'user' });
    const us = fws.map(() => Array.from({ length: reps }, (): number[] => []));
    for (let pass = 0; pass < passes; pass++) {
      for (let i = 0; i < reps; i++) {
        const text = slice(i);
        for (let j = 0; j < fws.length; j++) {
          const k = (i + pass + j) % fws.length;
          const t0 = performance.now();
          fws[k]?.inspectLocal(text, { source: 'user' });
          us[k]?.[i]?.push(((performance.now() - t0) * 1000) / kb);
        }
      }
    }
    us.forEach((u, k) => {
      const first = u.map((x) => x[0] as number);
      const medians = u.map((x) => [...x].sort((a, b) => a - b)[x.length >> 1] as number);
      (out[k] as PerKb)[`${kb}KB`] = {
        p50UsPerKb: round(percentile(first, 50), 1),
        p99UsPerKb: round(percentile(first, 99), 1),
        ...(passes > 1 ? { p99OfMedianUsPerKb: round(percentile(medians, 99), 1) } : {}),
      };
    });
  }
  return { shipped: out[0], everyView: out[1] };
}

// `--reuse FILE`: take the other detectors' rows from an earlier result of this bench (they do not
// depend on agentwall's model), and measure agentwall only.
const reuse =
  process.argv.indexOf('--reuse') >= 0 ? process.argv[process.argv.indexOf('--reuse') + 1] : undefined;
type Row = Awaited<ReturnType<typeof measure>>;
const earlier: Row[] = reuse
  ? (JSON.parse(readFileSync(reuse, 'utf8')) as { figures: { detectors: Row[] } }).figures.detectors
  : [];
const latencyPerKb = perKb();
const detectors = reuse
  ? [agentwallAdapter()]
  : [agentwallAdapter(), llmGuardrailAdapter(), vardAdapter(), haiAdapter()];
const results: Row[] = [];
for (const d of detectors) {
  process.stderr.write(`measuring ${d.name} on ${rows.length} rows\n`);
  results.push(await measure(d));
}
results.push(...earlier.filter((r) => r.name !== 'agentwall'));
report({
  data: file.split('/').at(-1),
  n: rows.length,
  inSampleWarning: 'agentwall was trained on this file; see detector-loso for unseen-source figures',
  detectors: results,
  agentwallLatencyPerKb: latencyPerKb.shipped,
  agentwallLatencyPerKbEveryView: latencyPerKb.everyView,
});
process.exit(0);
