import { randomBytes } from 'node:crypto';
import type { AuditEvent, DecisionValue } from '../types.js';

/**
 * Synthetic events for tests and benches. Deterministic in shape, varied in values, and about
 * the size of a real tool-call event (redacted args, three reasons, timings).
 */
const TOOLS = [
  'http.get',
  'fs.read',
  'fs.write',
  'email.send',
  'db.query',
  'shell.exec',
  'kv.get',
  'search.web',
];
const PRINCIPALS = ['agent:support-bot', 'agent:research-bot', 'agent:ops-bot', 'agent:globex-bot'];
const TENANTS = ['acme', 'globex', 'initech', 'umbrella'];
const DECISIONS: DecisionValue[] = ['allow', 'allow', 'allow', 'deny', 'review'];
const RULES = [
  'allow-read',
  'deny-shell',
  'prompt_injection',
  'path_outside_root',
  'needs_approval',
  'host_not_allowed',
];

const B32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A ULID-shaped id (Crockford base32: 48-bit ms time + 80 random bits). */
export function testId(timeMs: number): string {
  let t = '';
  let n = timeMs;
  for (let i = 0; i < 10; i++) {
    t = B32[n % 32]! + t;
    n = Math.floor(n / 32);
  }
  const r = randomBytes(16);
  let s = '';
  for (let i = 0; i < 16; i++) s += B32[r[i]! % 32]!;
  return t + s;
}

export function makeEvent(
  i: number,
  over: Partial<AuditEvent> = {},
  baseTime = Date.UTC(2026, 0, 1),
): AuditEvent {
  const timeMs = baseTime + i * 1000;
  const decision = DECISIONS[i % DECISIONS.length]!;
  const rule = RULES[i % RULES.length]!;
  return {
    id: testId(timeMs),
    time: new Date(timeMs).toISOString(),
    requestId: `req-${i}`,
    kind: 'tool-call',
    principal: PRINCIPALS[i % PRINCIPALS.length]!,
    tenant: TENANTS[(i >> 2) % TENANTS.length]!,
    session: `s-${i % 97}`,
    tool: TOOLS[i % TOOLS.length]!,
    argsDigest: `sha256:${'ab'.repeat(32)}`,
    args: { url: `https://example.test/items/${i}`, note: '[redacted]', count: i % 10 },
    decision,
    reasons: [
      { layer: 'policy', rule, message: `${decision} by rule ${rule}` },
      { layer: 'firewall', rule: 'scan', message: 'no injection found', score: 0.01 },
    ],
    policyVersion: 'v-3f2a9c',
    latencyMs: 0.42,
    timings: { firewall: 0.1, policy: 0.05, schema: 0.02 },
    usage: null,
    explanation: { matched: [`p, ${rule}`], conditions: [] },
    ...over,
  };
}
