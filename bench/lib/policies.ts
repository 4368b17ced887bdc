import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const DEMO_POLICIES = resolve(import.meta.dirname, '../../policies');
export const BENCH_TOOLS = [
  'web_fetch',
  'file_read',
  'file_write',
  'send_email',
  'db_query',
  'shell_exec',
  'payment_refund',
  'calculator',
];

/**
 * A copy of the demo policy set with `rules` generated rules over `roles` roles, one agent per
 * role, mixing exact tool names, globs and deny rules — the shape of a large real policy.
 */
export function generatedPolicies(
  rules: number,
  roles = 100,
): { dir: string; principals: string[]; tools: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'aw-bench-policy-'));
  cpSync(DEMO_POLICIES, dir, { recursive: true });
  const lines = ['tenants:', '  - id: acme', 'roles:'];
  const principals: string[] = [];
  for (let r = 0; r < roles; r++) {
    principals.push(`agent:bot-${r}`);
    lines.push(`  - id: r${r}`, '    tenant: acme', `    members: [agent:bot-${r}]`);
  }
  lines.push('rules:');
  for (let i = 0; i < rules; i++) {
    const tool = BENCH_TOOLS[i % BENCH_TOOLS.length] as string;
    const pattern = i % 7 === 0 ? `${tool.split('_')[0]}_*` : tool;
    lines.push(
      `  - id: rule-${i}`,
      '    tenant: acme',
      `    effect: ${i % 11 === 0 ? 'deny' : 'allow'}`,
      `    subjects: [role:r${i % roles}]`,
      `    tools: ["${pattern}"]`,
    );
  }
  writeFileSync(join(dir, 'rules.yaml'), `${lines.join('\n')}\n`);
  return { dir, principals, tools: BENCH_TOOLS };
}
