/** Percentiles over a sample of durations (any unit), by nearest rank. */
export function percentiles(
  samples: number[],
  ps: readonly number[] = [50, 90, 99, 99.9],
): Record<string, number> {
  const sorted = [...samples].sort((a, b) => a - b);
  const out: Record<string, number> = {};
  for (const p of ps) {
    const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
    out[`p${String(p).replace('.', '_')}`] = round(sorted[idx] ?? Number.NaN);
  }
  return out;
}

export function round(n: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** Prints the one JSON object a bench reports; `bench/run.ts` reads the last stdout line. */
export function report(figures: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

/** Reads `--name value` style flags with defaults. */
export function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const raw = i >= 0 ? process.argv[i + 1] : undefined;
  const n = raw === undefined ? Number.NaN : Number(raw);
  return Number.isFinite(n) ? n : fallback;
}
