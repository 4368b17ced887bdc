/**
 * The detectors a TypeScript user would pick instead of agentwall, behind one adapter shape, each
 * used the way its README recommends. All run locally (no network): llm_guardrail (TF-IDF +
 * logistic regression, `checkAll`), @andersmyrmel/vard (patterns, `moderate` preset) and
 * @presidio-dev/hai-guardrails (injection guard, pattern mode).
 */
import vard from '@andersmyrmel/vard';
import { GuardrailsEngine, injectionGuard } from '@presidio-dev/hai-guardrails';
import { checkAll } from 'llm_guardrail';
import { createFirewall } from '../../src/firewall/index.js';

export interface DetectorAdapter {
  readonly name: string;
  readonly note: string;
  /** A score in [0, 1] (for ROC figures) and the detector's own block decision. */
  score(text: string): Promise<{ score: number; flagged: boolean }>;
}

export function agentwallAdapter(): DetectorAdapter {
  const fw = createFirewall();
  return {
    name: 'agentwall',
    note: 'L1 sanitize + L2 rules and model, shipped threshold (source user), no judge',
    async score(text) {
      const r = fw.inspectLocal(text, { source: 'user' });
      return { score: r.score, flagged: r.decision === 'deny' };
    },
  };
}

export function llmGuardrailAdapter(): DetectorAdapter {
  return {
    name: 'llm_guardrail',
    note: 'checkAll(): injection + jailbreak + malicious models; flagged = !allowed, score = maxThreatConfidence',
    async score(text) {
      const r = await checkAll(text);
      return { score: r.maxThreatConfidence, flagged: !r.allowed };
    },
  };
}

export function vardAdapter(): DetectorAdapter {
  const v = vard.moderate().maxLength(1_000_000);
  return {
    name: '@andersmyrmel/vard',
    note: 'vard.moderate().safeParse(); score = highest threat severity (0 when safe)',
    async score(text) {
      const r = v.safeParse(text);
      if (r.safe) return { score: 0, flagged: false };
      return { score: Math.max(0, ...r.threats.map((t) => t.severity)), flagged: true };
    },
  };
}

/**
 * hai-guardrails starts a piscina worker pool on import whose bundled worker path points at the
 * package's build machine; the worker's load error is emitted later as an uncaught exception.
 * Pattern mode never uses the pool, so that one error is ignored here (and only here).
 */
function ignoreHaiWorkerError(): void {
  process.on('uncaughtException', (err: NodeJS.ErrnoException & { url?: string }) => {
    if (err.code === 'ERR_MODULE_NOT_FOUND' && String(err.url ?? err.message).includes('piscina')) return;
    throw err;
  });
}

export function haiAdapter(): DetectorAdapter {
  ignoreHaiWorkerError();
  const engine = new GuardrailsEngine({
    guards: [injectionGuard({ roles: ['user'] }, { mode: 'pattern', threshold: 0.7 })],
  });
  return {
    name: '@presidio-dev/hai-guardrails',
    note: "injectionGuard({roles:['user']}, {mode:'pattern', threshold:0.7}) in a GuardrailsEngine",
    async score(text) {
      const r = await engine.run([{ role: 'user', content: text }]);
      const m = r.messagesWithGuardResult[0]?.messages[0];
      const extra = (m?.additionalFields ?? {}) as { score?: number };
      return {
        score: typeof extra.score === 'number' ? extra.score : m?.passed === false ? 1 : 0,
        flagged: m?.passed === false,
      };
    },
  };
}
