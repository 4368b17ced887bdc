/**
 * L2 detect: an ensemble of signature rules, a trained linear model and an optional LLM judge.
 * Every view that L1 produced is scored (max over views; read-views.ts), long views in overlapping
 * windows so that an injection buried in a long document is not diluted by the benign text around it.
 */
import { DEFAULT_STOP_AT, type DetectConfig, DetectConfigError } from './config.js';
import { askJudge, type JudgeResult } from './judge.js';
import type { LinearModel } from './model.js';
import { planViews, readViews, ruleTexts } from './read-views.js';
import { type CompiledRule, compileRules, matchRules, rulesScore } from './rules.js';

export interface DetectView {
  readonly kind: string;
  readonly text: string;
  /** Chain of L1 transforms that made it, e.g. `base64>skeleton`; `kind` when absent. */
  readonly path?: string;
}

export type DetectPart =
  | { readonly part: 'rules'; readonly score: number; readonly hits: readonly string[] }
  | {
      readonly part: 'model';
      readonly score: number;
      readonly view: string;
      /** False when reading stopped at `stopAt`: the score is a lower bound. */
      readonly complete: boolean;
    }
  | {
      readonly part: 'judge';
      readonly score: number;
      readonly verdict: 'attack' | 'benign';
      readonly via: JudgeResult['via'];
    };

export interface Detection {
  /** Combined attack score in [0, 1]. */
  readonly score: number;
  readonly parts: readonly DetectPart[];
  readonly ruleHits: readonly { readonly id: string; readonly description: string }[];
}

export interface Detector {
  /** Rules + model only: synchronous, no I/O; what training, eval and bench measure. */
  detectLocal(views: readonly DetectView[]): Detection;
  /** detectLocal, then the judge if enabled and the score is in the grey zone. */
  detect(views: readonly DetectView[]): Promise<Detection>;
  readonly threshold: number;
  readonly rules: readonly CompiledRule[];
}

/** Noisy-OR: the rules and the model are separate pieces of evidence. */
export function combine(rules: number, model: number): number {
  return 1 - (1 - rules) * (1 - model);
}

/** The model score at which the combined score reaches `stopAt`, given the rules' score. */
function modelStop(stopAt: number, rules: number): number {
  if (stopAt >= 1) return Number.POSITIVE_INFINITY;
  return rules >= stopAt ? 0 : 1 - (1 - stopAt) / (1 - rules);
}

export function createDetector(cfg: DetectConfig, model: LinearModel): Detector {
  const rules = compileRules(cfg.rules);
  const byId = new Map(rules.map((r) => [r.id, r]));
  const stopAt = resolveStopAt(cfg, model.header.threshold);

  function detectLocal(views: readonly DetectView[]): Detection {
    const plan = planViews(views);
    const hits = matchRules(rules, ruleTexts(plan));
    const rScore = rulesScore(rules, hits);
    const stop = modelStop(stopAt, rScore);
    const read =
      stop === 0 ? { score: 0, view: 'none', complete: false } : readViews(model, plan, hits, stop);
    return {
      score: combine(rScore, read.score),
      parts: [
        { part: 'rules', score: rScore, hits },
        { part: 'model', score: read.score, view: read.view, complete: read.complete },
      ],
      ruleHits: hits.map((id) => ({ id, description: byId.get(id)?.description ?? id })),
    };
  }

  async function detect(views: readonly DetectView[]): Promise<Detection> {
    const local = detectLocal(views);
    const { judge } = cfg;
    if (!judge.enabled || local.score < judge.greyZone.low || local.score >= judge.greyZone.high)
      return local;
    const primary = views[0]?.text ?? '';
    const j = await askJudge(judge, primary);
    const score =
      j.verdict === 'attack'
        ? Math.max(local.score, judge.greyZone.high)
        : Math.min(local.score, judge.greyZone.low);
    return {
      ...local,
      score,
      parts: [...local.parts, { part: 'judge', score, verdict: j.verdict, via: j.via }],
    };
  }

  return { detectLocal, detect, threshold: model.header.threshold, rules };
}

/**
 * Stopping early may only lower scores that are decisive: at or above every deny and review
 * threshold, and above the judge's grey zone (a lowered score must not send a text to the judge).
 * A configured stopAt below one of them is refused; the default is raised to the highest of them.
 */
function resolveStopAt(cfg: DetectConfig, modelThreshold: number): number {
  const levels: [string, number][] = [];
  for (const [source, t] of Object.entries(cfg.thresholds)) {
    levels.push([`thresholds.${source}.deny`, t.deny === 'model' ? modelThreshold : t.deny]);
    if (t.review !== undefined) levels.push([`thresholds.${source}.review`, t.review]);
  }
  if (cfg.judge.enabled) levels.push(['judge.greyZone.high', cfg.judge.greyZone.high]);
  if (cfg.stopAt === undefined) return Math.max(DEFAULT_STOP_AT, ...levels.map(([, level]) => level));
  for (const [name, level] of levels)
    if (cfg.stopAt < level)
      throw new DetectConfigError(
        `detect.stopAt ${cfg.stopAt} is below detect.${name} (${level}); it must be at or above every threshold`,
      );
  return cfg.stopAt;
}
