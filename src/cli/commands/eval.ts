import { readFileSync } from 'node:fs';
import { auc, percentile, round, tprAtFpr } from '../../firewall/detect/metrics.js';
import type { Source } from '../../firewall/index.js';
import { parse } from '../args.js';
import { type Command, UsageError } from '../command.js';
import { FIREWALL_OPTIONS, firewallFor } from '../firewall.js';

interface Row {
  readonly text: string;
  readonly attack: boolean;
  readonly kind: string;
}

export class EvalDataError extends Error {
  override readonly name = 'EvalDataError';
}

/** JSON Lines {text, label: "attack"|"benign", kind?}; a bad line is an error naming the line. */
export function readEvalData(file: string): Row[] {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (err) {
    throw new EvalDataError(
      `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  const rows: Row[] = [];
  raw.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      throw new EvalDataError(`${file}:${i + 1}: not valid JSON`);
    }
    const o = v as { text?: unknown; label?: unknown; kind?: unknown };
    if (!o || typeof o !== 'object' || typeof o.text !== 'string')
      throw new EvalDataError(`${file}:${i + 1}: "text" must be a string`);
    if (o.label !== 'attack' && o.label !== 'benign')
      throw new EvalDataError(`${file}:${i + 1}: "label" must be "attack" or "benign"`);
    rows.push({
      text: o.text,
      attack: o.label === 'attack',
      kind: typeof o.kind === 'string' ? o.kind : o.label,
    });
  });
  if (rows.length === 0) throw new EvalDataError(`${file}: no rows`);
  return rows;
}

function progress(io: { stderr: NodeJS.WritableStream }, done: number, total: number): void {
  const width = 30;
  const filled = Math.round((done / total) * width);
  io.stderr.write(
    `\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${Math.floor((done / total) * 100)}% ${done}/${total}`,
  );
  if (done === total) io.stderr.write('\n');
}

export const evalCommand: Command = {
  name: 'eval',
  summary: 'measure the prompt firewall on a labelled JSON Lines file',
  usage: `Usage: agentwall eval --data FILE.jsonl [options]

Runs the detector and configuration the service runs on every row of FILE.jsonl
({"text": ..., "label": "attack"|"benign", "kind"?: ...}) and prints TPR/FPR at the shipped
threshold, ROC AUC, TPR at 1% and 0.1% FPR, figures per kind and latency per text.

Options:
      --data <file>       labelled JSON Lines (required)
  -s, --source <src>      user | tool | retrieval (default user): which thresholds apply
      --json              one JSON object on stdout
      --no-progress       no progress bar on stderr
  -c, --config <file>     config file (default ./agentwall.yaml if present)
      --policies <dir>    policies directory holding firewall.yaml
  -h, --help              show this help`,
  async run(argv, io) {
    const { values } = parse(argv, {
      ...FIREWALL_OPTIONS,
      data: { type: 'string' },
      source: { type: 'string', short: 's' },
      json: { type: 'boolean' },
      'no-progress': { type: 'boolean' },
    });
    if (values.help) {
      io.stdout.write(`${this.usage}\n`);
      return 0;
    }
    if (!values.data) throw new UsageError('--data FILE.jsonl is required');
    const source = (values.source ?? 'user') as Source;
    if (!['user', 'tool', 'retrieval'].includes(source))
      throw new UsageError('--source must be user, tool or retrieval');
    let rows: Row[];
    try {
      rows = readEvalData(values.data);
    } catch (err) {
      if (err instanceof EvalDataError) {
        io.stderr.write(`agentwall eval: ${err.message}\n`);
        return 1;
      }
      throw err;
    }
    const firewall = firewallFor(values);
    const showProgress = !values['no-progress'] && rows.length >= 200;
    const scored: { score: number; attack: boolean; kind: string; flagged: boolean }[] = [];
    const latencies: number[] = [];
    let threshold = 0;
    // Latency is that of the warm service: read the first rows once, untimed, so that JIT
    // compilation is not counted (locally: a configured judge is not called for it).
    for (const row of rows.slice(0, 100)) firewall.inspectLocal(row.text, { source });
    for (const [i, row] of rows.entries()) {
      const t0 = performance.now();
      const r = await firewall.inspect(row.text, { source });
      latencies.push((performance.now() - t0) * 1000);
      threshold = r.threshold;
      scored.push({ score: r.score, attack: row.attack, kind: row.kind, flagged: r.decision === 'deny' });
      if (showProgress && (i % 50 === 49 || i === rows.length - 1)) progress(io, i + 1, rows.length);
    }
    const result = summarise(scored, latencies, threshold);
    io.stdout.write(values.json ? `${JSON.stringify(result)}\n` : table(result));
    return 0;
  },
};

export interface EvalResult {
  n: number;
  threshold: number;
  tpr: number | null;
  fpr: number | null;
  auc: number | null;
  tprAtFpr: { '0.01': number | null; '0.001': number | null };
  byKind: Record<string, { n: number; tpr?: number; fpr?: number }>;
  latencyUs: { p50: number; p99: number };
}

const orNull = (x: number): number | null => (Number.isFinite(x) ? round(x) : null);

export function summarise(
  scored: { score: number; attack: boolean; kind: string; flagged: boolean }[],
  latencies: number[],
  threshold: number,
): EvalResult {
  const pos = scored.filter((s) => s.attack);
  const neg = scored.filter((s) => !s.attack);
  const byKind: EvalResult['byKind'] = {};
  for (const kind of [...new Set(scored.map((s) => s.kind))].sort()) {
    const rs = scored.filter((s) => s.kind === kind);
    const a = rs.filter((s) => s.attack);
    const b = rs.filter((s) => !s.attack);
    const e: { n: number; tpr?: number; fpr?: number } = { n: rs.length };
    if (a.length) e.tpr = round(a.filter((s) => s.flagged).length / a.length);
    if (b.length) e.fpr = round(b.filter((s) => s.flagged).length / b.length);
    byKind[kind] = e;
  }
  return {
    n: scored.length,
    threshold: round(threshold, 6),
    tpr: pos.length ? round(pos.filter((s) => s.flagged).length / pos.length) : null,
    fpr: neg.length ? round(neg.filter((s) => s.flagged).length / neg.length) : null,
    auc: orNull(auc(scored)),
    tprAtFpr: {
      '0.01': pos.length && neg.length ? orNull(tprAtFpr(scored, 0.01)) : null,
      '0.001': pos.length && neg.length ? orNull(tprAtFpr(scored, 0.001)) : null,
    },
    byKind,
    latencyUs: { p50: round(percentile(latencies, 50), 1), p99: round(percentile(latencies, 99), 1) },
  };
}

function table(r: EvalResult): string {
  const pct = (x: number | null | undefined) =>
    x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)}%`;
  const lines = [
    `rows            ${r.n}`,
    `threshold       ${r.threshold}`,
    `TPR             ${pct(r.tpr)}`,
    `FPR             ${pct(r.fpr)}`,
    `ROC AUC         ${r.auc ?? '—'}`,
    `TPR @ 1% FPR    ${pct(r.tprAtFpr['0.01'])}`,
    `TPR @ 0.1% FPR  ${pct(r.tprAtFpr['0.001'])}`,
    `latency / text  p50 ${r.latencyUs.p50} µs, p99 ${r.latencyUs.p99} µs`,
    '',
    'kind                      n      TPR      FPR',
  ];
  for (const [k, v] of Object.entries(r.byKind))
    lines.push(
      `${k.padEnd(24)} ${String(v.n).padStart(4)} ${pct(v.tpr).padStart(8)} ${pct(v.fpr).padStart(8)}`,
    );
  return `${lines.join('\n')}\n`;
}
