import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BENCH_TOOLS, DEMO_POLICIES } from './policies.js';

/** One `when:` condition per tool, the kinds real policies use, varied by rule number. */
function conditionFor(tool: string, i: number): string[] {
  switch (tool) {
    case 'web_fetch':
      return [
        '      - arg: url',
        `        url: { allowHosts: ["h${i}.example.com", "*.docs${i % 50}.example"], schemes: [https] }`,
      ];
    case 'file_read':
    case 'file_write':
      return [
        '      - arg: path',
        `        path: { base: /data/r${i % 100}, allow: ["/data/r${i % 100}/**"], deny: ["**/.env"] }`,
      ];
    case 'db_query':
      return ['      - arg: limit', `        number: { min: 1, max: ${(i % 100) + 1}, integer: true }`];
    case 'payment_refund':
      return ['      - arg: amount', `        number: { min: 0.01, max: ${(i % 500) + 10} }`];
    case 'shell_exec':
      return ['      - arg: command', '        enum: [uptime, df]'];
    case 'send_email':
      return [
        '      - arg: subject',
        `        pattern: { regex: "[A-Za-z0-9 ]{1,${(i % 50) + 20}}", maxLength: 200 }`,
      ];
    default:
      return ['      - arg: expression', '        pattern: { regex: "[0-9+*/() .-]+", maxLength: 200 }'];
  }
}

export { BENCH_TOOLS };

/**
 * A policy set with `rules` rules over `roles` roles in one tenant, every rule with a condition;
 * `variant` changes which rules deny so two sets decide differently (reload bench).
 */
export function conditionedPolicies(
  rules: number,
  roles = 100,
  variant = 0,
): { dir: string; principals: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'aw-bench-cond-'));
  cpSync(DEMO_POLICIES, dir, { recursive: true });
  rmSync(join(dir, 'tests'), { recursive: true, force: true });
  const lines = ['tenants:', '  - id: acme', 'roles:'];
  const principals: string[] = [];
  for (let r = 0; r < roles; r++) {
    principals.push(`agent:bot-${r}`);
    // agent:ops-bot (a demo key) holds r0 too, so the reload bench can drive it over HTTP.
    lines.push(
      `  - id: r${r}`,
      '    tenant: acme',
      `    members: [agent:bot-${r}${r === 0 ? ', agent:ops-bot' : ''}]`,
    );
  }
  lines.push('rules:');
  for (let i = 0; i < rules; i++) {
    const tool = BENCH_TOOLS[i % BENCH_TOOLS.length]!;
    lines.push(
      `  - id: rule-${i}`,
      '    tenant: acme',
      `    effect: ${(i + variant) % 11 === 0 ? 'deny' : 'allow'}`,
      `    subjects: [role:r${i % roles}]`,
      `    tools: [${tool}]`,
      '    when:',
      ...conditionFor(tool, i),
    );
  }
  writeFileSync(join(dir, 'rules.yaml'), `${lines.join('\n')}\n`);
  return { dir, principals };
}
