import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { ROOT } from '../helpers/runtime.js';

const DEMO = resolve(ROOT, 'policies');

function copyDemo(edit?: (rules: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'aw-cli-'));
  cpSync(DEMO, dir, { recursive: true });
  if (edit) writeFileSync(join(dir, 'rules.yaml'), edit(readFileSync(join(dir, 'rules.yaml'), 'utf8')));
  return dir;
}

describe('agentwall policy', () => {
  it('should lint the demo clean and test it green with every rule hit', async () => {
    const lint = await runCli(['policy', 'lint', DEMO], { timeoutMs: 60_000 });
    expect(lint.code).toBe(0);
    expect(lint.stdout).toMatch(/clean/);
    const test = await runCli(['policy', 'test', DEMO, '--require-coverage'], { timeoutMs: 60_000 });
    expect(test.code).toBe(0);
    expect(test.stdout).toMatch(/\d+ passed, 0 failed/);
    expect(test.stdout).not.toMatch(/rules no case hits/);
  });

  it('should exit non-zero with file:line on a broken set and on a failing case', async () => {
    const broken = await runCli(['policy', 'lint', copyDemo((t) => t.replace('rules:', 'rules: ['))], {
      timeoutMs: 60_000,
    });
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/rules\.yaml:\d+/);
    const loose = copyDemo((t) =>
      t.replace('number: { min: 0.01, max: 100 }', 'number: { min: 0.01, max: 10 }'),
    );
    const failing = await runCli(['policy', 'test', loose], { timeoutMs: 60_000 });
    expect(failing.code).toBe(1);
    expect(failing.stdout).toMatch(/FAIL\s+tests\/demo\.yaml:\d+/);
  });

  it('should explain a request read from stdin with the failed condition', async () => {
    const input =
      'principal: agent:ops-bot\ntool: file_write\nargs: { path: "..\\\\..\\\\etc\\\\x", content: x }\n';
    const out = await runCli(['policy', 'explain', DEMO], { input, timeoutMs: 60_000 });
    expect(out.code).toBe(0);
    const body = JSON.parse(out.stdout);
    expect(body.decision).toBe('deny');
    expect(body.explanation.policy.failedConditions[0]).toMatchObject({ rule: 'ops-files', kind: 'path' });
  });
});
