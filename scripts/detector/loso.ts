/**
 * Leave-one-source-out: for each source repository of the dev data, fit the whole shipped
 * procedure (inner grouped CV, calibration, threshold) on every other row — the other sources and
 * the synthetic data — and score the held-out source with the runtime detector.
 */

import type { DetectConfig } from '../../src/firewall/detect/config.js';
import { createDetector } from '../../src/firewall/detect/index.js';
import { auc, rates, round, type Scored, tprAtFpr } from '../../src/firewall/detect/metrics.js';
import { type FitOptions, fitDetector, type PreparedRow } from './pipeline.js';

export interface LosoResult {
  readonly perSource: Record<
    string,
    { n: number; attacks: number; benign: number; threshold: number; tpr: number | null; fpr: number | null }
  >;
  readonly pooled: {
    n: number;
    auc: number;
    tprAtFpr: { '0.01': number; '0.001': number };
    atShippedThreshold: { tpr: number; fpr: number };
    byKind: Record<string, { n: number; tpr?: number; fpr?: number }>;
  };
}

/** One held-out row: its score, and the threshold its fold picked without it. */
export interface HeldOut extends Scored {
  readonly kind: string;
  readonly group: string;
  readonly threshold: number;
}

/** Held-out scores of every requested source (train on the rest each time). */
export function runLoso(
  rows: readonly PreparedRow[],
  heldOutGroups: readonly string[],
  cfg: DetectConfig,
  o: FitOptions,
  log: (s: string) => void,
): HeldOut[] {
  const out: HeldOut[] = [];
  for (const g of heldOutGroups) {
    const train = rows.filter((r) => r.group !== g);
    const test = rows.filter((r) => r.group === g);
    log(`LOSO: holding out ${g} (${test.length} rows), training on ${train.length}`);
    const fitted = fitDetector(train, cfg, o, log);
    // Every view read (stopAt 1): held-out figures from exact scores, above the stop level too.
    const det = createDetector({ ...cfg, stopAt: 1 }, fitted.model);
    const t = fitted.model.header.threshold;
    for (const r of test)
      out.push({
        score: det.detectLocal(r.views).score,
        attack: r.label === 'attack',
        kind: r.kind,
        group: g,
        threshold: t,
      });
    const rt = rates(
      out.filter((h) => h.group === g),
      t,
    );
    log(`  → tpr ${round(rt.tpr)} fpr ${round(rt.fpr)} at threshold ${round(t)}`);
  }
  return out;
}

/** Per-source and pooled figures of held-out scores. */
export function pool(heldOut: readonly HeldOut[]): LosoResult {
  const perSource: LosoResult['perSource'] = {};
  for (const g of [...new Set(heldOut.map((h) => h.group))].sort()) {
    const hs = heldOut.filter((h) => h.group === g);
    const t = hs[0]?.threshold ?? 0.5;
    const rt = rates(hs, t);
    perSource[g] = {
      n: hs.length,
      attacks: rt.pos,
      benign: rt.neg,
      threshold: round(t),
      tpr: rt.pos ? round(rt.tpr) : null,
      fpr: rt.neg ? round(rt.fpr) : null,
    };
  }
  const flagged = (h: HeldOut) => h.score >= h.threshold;
  const byKind: LosoResult['pooled']['byKind'] = {};
  for (const k of [...new Set(heldOut.map((h) => h.kind))].sort()) {
    const rs = heldOut.filter((h) => h.kind === k);
    const f = round(rs.filter(flagged).length / rs.length);
    byKind[k] = rs[0]?.attack ? { n: rs.length, tpr: f } : { n: rs.length, fpr: f };
  }
  const pos = heldOut.filter((h) => h.attack);
  const neg = heldOut.filter((h) => !h.attack);
  return {
    perSource,
    pooled: {
      n: heldOut.length,
      auc: round(auc(heldOut)),
      tprAtFpr: { '0.01': round(tprAtFpr(heldOut, 0.01)), '0.001': round(tprAtFpr(heldOut, 0.001)) },
      atShippedThreshold: {
        tpr: round(pos.filter(flagged).length / Math.max(1, pos.length)),
        fpr: round(neg.filter(flagged).length / Math.max(1, neg.length)),
      },
      byKind,
    },
  };
}
