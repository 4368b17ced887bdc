/**
 * The prompt firewall's inbound verb: `inspect(text, ctx)` = L1 sanitize → L2 detect → the
 * thresholds for the text's source (policies/firewall.yaml). Knows nothing of HTTP.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DecisionValue } from '../types.js';
import { type DetectConfig, readDetectConfig, resolveFrom, type Source } from './detect/config.js';
import { createDetector, type Detection, type Detector, type DetectPart } from './detect/index.js';
import { loadModel } from './detect/model.js';
import { runL1 } from './l1.js';
import { parseSanitizeConfig } from './sanitize/config.js';
import type { Finding } from './types.js';

export { type Aggregate, scanToolCall, stringLeaves, worst } from './aggregate.js';
export type { Source } from './detect/config.js';
export type { DetectPart } from './detect/index.js';

export interface InspectContext {
  readonly source: Source;
  readonly session?: string | undefined;
}

export interface InspectResult {
  readonly decision: DecisionValue;
  readonly score: number;
  /** The deny threshold that applied (for the source). */
  readonly threshold: number;
  readonly findings: readonly Finding[];
  /** The normalised text, present only when L1 changed something. */
  readonly sanitized?: string;
  readonly parts: readonly DetectPart[];
}

export interface Firewall {
  /** Full inspection, including the LLM judge when it is enabled and the score is in its grey zone. */
  inspect(text: unknown, ctx: InspectContext): Promise<InspectResult>;
  /** Rules + model only, synchronous: what `agentwall eval` and the benches measure. */
  inspectLocal(text: unknown, ctx: InspectContext): InspectResult;
  readonly detector: Detector;
  readonly config: DetectConfig;
}

export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BUILTIN_POLICY = fileURLToPath(new URL('../../policies/firewall.yaml', import.meta.url));
export const BUILTIN_MODEL = fileURLToPath(new URL('../../models/detector.json', import.meta.url));

export interface FirewallOptions {
  /** firewall.yaml to load; the one shipped with agentwall when absent or missing. */
  readonly file?: string | undefined;
}

/** Load the firewall once (rules compiled, model read); throws a typed load error on bad data. */
export function createFirewall(opts: FirewallOptions = {}): Firewall {
  const file = opts.file && existsSync(opts.file) ? opts.file : BUILTIN_POLICY;
  const { config, baseDir, sanitize } = readDetectConfig(file);
  const limits = parseSanitizeConfig(sanitize);
  const model = loadModel(config.model === 'builtin' ? BUILTIN_MODEL : resolveFrom(baseDir, config.model));
  const detector = createDetector(config, model);

  const scan = (text: unknown) => runL1(text as string, limits);

  function decide(
    det: Detection,
    l1: ReturnType<typeof runL1>,
    text: unknown,
    ctx: InspectContext,
  ): InspectResult {
    const t = config.thresholds[ctx.source] ?? config.thresholds.user;
    const deny = t.deny === 'model' ? detector.threshold : t.deny;
    let decision: DecisionValue =
      det.score >= deny ? 'deny' : t.review !== undefined && det.score >= t.review ? 'review' : 'allow';
    // Text that could not be scanned in full (or at all) is not allowed unseen.
    if ((l1.truncated || typeof text !== 'string') && decision === 'allow') decision = 'review';
    const findings: Finding[] = [...l1.findings];
    for (const h of det.ruleHits)
      findings.push({
        type: 'signature_rule',
        layer: 'firewall',
        message: `${h.id}: ${h.description}`,
        severity: 'medium',
      });
    if (decision !== 'allow' && det.score >= (t.review ?? deny)) {
      findings.push({
        type: 'prompt_injection',
        layer: 'firewall',
        message: `injection/jailbreak score ${det.score.toFixed(3)} (deny at ${deny.toFixed(3)})`,
        severity: decision === 'deny' ? 'high' : 'medium',
      });
    }
    const base = { decision, score: det.score, threshold: deny, findings, parts: det.parts };
    return l1.normalized !== text ? { ...base, sanitized: l1.normalized } : base;
  }

  return {
    async inspect(text, ctx) {
      const l1 = scan(text);
      return decide(await detector.detect(l1.views), l1, text, ctx);
    },
    inspectLocal(text, ctx) {
      const l1 = scan(text);
      return decide(detector.detectLocal(l1.views), l1, text, ctx);
    },
    detector,
    config,
  };
}

let shared: Firewall | null = null;

/** Inspect with the firewall shipped with agentwall (loaded on first use). */
export function inspect(text: unknown, ctx: InspectContext): Promise<InspectResult> {
  shared ??= createFirewall();
  return shared.inspect(text, ctx);
}
