/** Detector figures shared by the trainer, the eval command and the benches. */

export interface Scored {
  readonly score: number;
  readonly attack: boolean;
}

/** ROC AUC by the rank-sum (Mann-Whitney) statistic, ties counted half. */
export function auc(rows: readonly Scored[]): number {
  const sorted = [...rows].sort((a, b) => a.score - b.score);
  let pos = 0;
  let neg = 0;
  let rankSum = 0;
  let i = 0;
  while (i < sorted.length) {
    let j = i;
    while (j < sorted.length && sorted[j]?.score === sorted[i]?.score) j++;
    const avgRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) {
      if (sorted[k]?.attack) {
        pos++;
        rankSum += avgRank;
      } else neg++;
    }
    i = j;
  }
  if (pos === 0 || neg === 0) return Number.NaN;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/**
 * Smallest threshold whose false-positive rate on the benign rows is at most `fpr`
 * (score >= threshold is flagged). Thresholds sit just above a benign score, so ties are safe.
 */
export function thresholdAtFpr(benignScores: readonly number[], fpr: number): number {
  if (benignScores.length === 0) return 0.5;
  const s = [...benignScores].sort((a, b) => b - a);
  const allowed = Math.floor(fpr * s.length);
  const above = s[allowed];
  if (above === undefined) return 0;
  return Math.min(1, nextUp(above));
}

function nextUp(x: number): number {
  return x + Math.max(1e-9, Math.abs(x) * 1e-9);
}

export function rates(
  rows: readonly Scored[],
  threshold: number,
): { tpr: number; fpr: number; pos: number; neg: number } {
  let tp = 0;
  let fp = 0;
  let pos = 0;
  let neg = 0;
  for (const r of rows) {
    if (r.attack) {
      pos++;
      if (r.score >= threshold) tp++;
    } else {
      neg++;
      if (r.score >= threshold) fp++;
    }
  }
  return { tpr: pos ? tp / pos : Number.NaN, fpr: neg ? fp / neg : Number.NaN, pos, neg };
}

/** TPR at the threshold that keeps FPR at or below `fpr` on these rows (an oracle threshold). */
export function tprAtFpr(rows: readonly Scored[], fpr: number): number {
  const t = thresholdAtFpr(
    rows.filter((r) => !r.attack).map((r) => r.score),
    fpr,
  );
  return rates(rows, t).tpr;
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[i] ?? Number.NaN;
}

export function round(x: number, digits = 4): number {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
