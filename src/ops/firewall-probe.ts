/**
 * Wraps the firewall's `inspect` so every scan reports its score (detector score histogram) and
 * every LLM-judge timeout or error (judge incidents) on the bus. Decisions pass through untouched;
 * the firewall knows nothing of ops.
 */
import type { EventBus } from '../events.js';
import type { Firewall } from '../firewall/index.js';

export function instrumentFirewall(firewall: Firewall, bus: EventBus): Firewall {
  return {
    ...firewall,
    async inspect(text, ctx) {
      const r = await firewall.inspect(text, ctx);
      bus.emit('detector.score', {
        detector: 'ensemble',
        source: ctx.source,
        score: r.score,
        tenant: 'none',
      });
      for (const p of r.parts) {
        if (p.part === 'judge' && p.via !== 'answer')
          bus.emit('detector.error', { detector: 'llm_judge', error: p.via });
      }
      return r;
    },
  };
}
