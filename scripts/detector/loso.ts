/**
 * Leave-one-source-out: for each source repository of the dev data, fit the whole shipped
 * procedure (inner grouped CV, calibration, threshold) on every other row — the other sources and
 * the synthetic data — and score the held-out source with the runtime detector.
 */
import { createDetector } from '../../src/firewall/detect/index.js';
import type { DetectConfig } from '../../src/firewall/detect/config.js';
import { type Scored, auc, rates, round, tprAtFpr } from '../../src/firewall/detect/metrics.js';
import { type FitOptions, type PreparedRow, fitDetector } from './pipeline.js';

export interface LosoResult {
  readonly perSource: Record<string, { n: number; attacks: number; benign: number; threshold: number; tpr: number | null; fpr: number | null }>;
  readonly pooled: {
    n: number;
    auc: number;
    tprAtFpr: { '0.01': number; '0.001': number };
    atShippedThreshold: { tpr: number; fpr: number };
    byKind: Record<string, { n: number; tpr?: number; fpr?: number }>;
  };
}

export function runLoso(rows: readonly PreparedRow[], heldOutGroups: readonly string[], cfg: DetectConfig, o: FitOptions, log: (s: string) => void): LosoResult {
  const pooled: (Scored & { kind: string; flagged: boolean })[] = [];
  const perSource: LosoResult['perSource'] = {};
  for (const g of heldOutGroups) {
    const train = rows.filter((r) => r.group !== g);
    const test = rows.filter((r) => r.group === g);
    log(`LOSO: holding out ${g} (${test.length} rows), training on ${train.length}`);
    const fitted = fitDetector(train, cfg, o, log);
    const det = createDetector(cfg, fitted.model);
    const t = fitted.model.header.threshold;
    const scored = test.map((r) => ({ score: det.detectLocal(r.views).score, attack: r.label === 'attack', kind: r.kind }));
    for (const s of scored) pooled.push({ ...s, flagged: s.score >= t });
    const rt = rates(scored, t);
    perSource[g] = {
      n: test.length,
      attacks: rt.pos,
      benign: rt.neg,
      threshold: round(t),
      tpr: rt.pos ? round(rt.tpr) : null,
      fpr: rt.neg ? round(rt.fpr) : null,
    };
    log(`  → tpr ${perSource[g]?.tpr} fpr ${perSource[g]?.fpr} at threshold ${round(t)}`);
  }
  const byKind: LosoResult['pooled']['byKind'] = {};
  for (const k of new Set(pooled.map((p) => p.kind))) {
    const rs = pooled.filter((p) => p.kind === k);
    const flagged = rs.filter((p) => p.flagged).length / rs.length;
    byKind[k] = rs[0]?.attack ? { n: rs.length, tpr: round(flagged) } : { n: rs.length, fpr: round(flagged) };
  }
  const pos = pooled.filter((p) => p.attack);
  const neg = pooled.filter((p) => !p.attack);
  return {
    perSource,
    pooled: {
      n: pooled.length,
      auc: round(auc(pooled)),
      tprAtFpr: { '0.01': round(tprAtFpr(pooled, 0.01)), '0.001': round(tprAtFpr(pooled, 0.001)) },
      atShippedThreshold: {
        tpr: round(pos.filter((p) => p.flagged).length / Math.max(1, pos.length)),
        fpr: round(neg.filter((p) => p.flagged).length / Math.max(1, neg.length)),
      },
      byKind,
    },
  };
}
