import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyInDir } from '../../src/audit/keys.js';
import { openAuditStore } from '../../src/audit/open.js';
import { makeEvent } from '../../src/audit/testing.js';
import { runCli as runInProcess } from '../../src/cli/run.js';
import { runCli, spawnCli } from '../helpers/cli.js';

/** The CLI in this process, for help and usage checks that need no child. */
async function inProcess(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk, _enc, cb) {
        append(chunk.toString());
        cb();
      },
    });
  const code = await runInProcess(argv, {
    stdout: sink((s) => (stdout += s)),
    stderr: sink((s) => (stderr += s)),
    stdin: Readable.from([]),
  });
  return { code, stdout, stderr };
}

describe('agentwall audit (CLI, real files, child processes)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aw-cli-audit-'));
  const db = join(dir, 'audit.db');
  const keys = join(dir, 'keys');
  const where = ['--db', db, '--keys', keys];

  beforeAll(async () => {
    createKeyInDir(keys);
    const store = openAuditStore({ path: db, keys, checkpointEvery: 10, checkpointIntervalMs: 0 });
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        store.append(makeEvent(i, { tool: i === 3 ? '=cmd|calc' : 'fs.read' })),
      ),
    );
    await store.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('should print help for the command and every subcommand', async () => {
    const top = await inProcess(['audit', '--help']);
    expect(top.code).toBe(0);
    for (const sub of ['query', 'tail', 'verify', 'export', 'keygen', 'prune']) {
      expect(top.stdout).toContain(sub);
      const r = await inProcess(['audit', sub, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`agentwall audit ${sub}`);
    }
    expect((await inProcess(['audit', 'bogus'])).code).toBe(2);
    expect((await inProcess(['audit', 'query', '--limit', '-5', ...where])).code).toBe(2);
    expect((await inProcess(['audit', 'query', '--from', 'yesterday', ...where])).code).toBe(2);
    expect((await inProcess(['audit', 'prune', ...where])).code).toBe(2);
  });

  it('should query with filters and export CSV that spreadsheets will not evaluate', async () => {
    const q = await runCli(['audit', 'query', '--decision', 'deny', '--order', 'asc', '--json', ...where]);
    expect(q.code).toBe(0);
    const rows = q.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.decision === 'deny')).toBe(true);
    const csv = await runCli(['audit', 'export', '--format', 'csv', ...where]);
    expect(csv.code).toBe(0);
    expect(csv.stdout.split('\r\n').filter(Boolean)).toHaveLength(31);
    expect(csv.stdout).toContain("'=cmd|calc");
    expect(csv.stdout).not.toMatch(/,=cmd/);
  });

  it('should tail the newest events and follow new ones', async () => {
    const tail = await runCli(['audit', 'tail', '-n', '3', ...where]);
    expect(
      tail.stdout
        .trim()
        .split('\n')
        .map((l) => Number(l.trim().split(/\s+/)[0])),
    ).toEqual([28, 29, 30]);
    const child = spawnCli(['audit', 'tail', '-n', '1', '--follow', '--interval', '100', ...where]);
    let out = '';
    child.stdout?.on('data', (d) => (out += d));
    const until = async (text: string) => {
      for (let i = 0; i < 200 && !out.includes(text); i++) await new Promise((r) => setTimeout(r, 100));
    };
    await until('     30');
    expect(out).toContain('     30');
    const store = openAuditStore({ path: db, keys, checkpointEvery: 10, checkpointIntervalMs: 0 });
    await store.append(makeEvent(30));
    await store.close();
    await until('     31');
    child.kill('SIGTERM');
    expect(out).toContain('     31');
  });

  it('should verify an intact log and exit 1 naming the position after tampering', async () => {
    const ok = await runCli(['audit', 'verify', ...where]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^OK: 31 events/);
    const raw = new Database(db);
    raw.prepare("UPDATE events SET body = replace(body, 'fs.read', 'fs.wipe') WHERE seq = 7").run();
    raw.close();
    const bad = await runCli(['audit', 'verify', ...where]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('TAMPERED at event 7: altered');
    const report = await runCli(['audit', 'verify', '--json', ...where]);
    expect(JSON.parse(report.stdout)).toMatchObject({ ok: false, failure: { seq: 7, problem: 'altered' } });
  });

  it('should refuse a missing file and a file that is not SQLite', async () => {
    const missing = await runCli(['audit', 'verify', '--db', join(dir, 'nope.db'), '--keys', keys]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('no audit database');
    const junk = join(dir, 'junk.db');
    writeFileSync(junk, 'hello '.repeat(1000));
    const bad = await runCli(['audit', 'verify', '--db', junk, '--keys', keys]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('not an audit database');
  });

  it('should generate and rotate keys', async () => {
    const kdir = join(dir, 'rotate');
    const a = await runCli(['audit', 'keygen', '--keys', kdir]);
    const b = await runCli(['audit', 'keygen', '--keys', kdir]);
    const id = (s: string) => /key id:\s+([0-9a-f]{16})/.exec(s)?.[1];
    expect(id(a.stdout)).toBeDefined();
    expect(id(b.stdout)).not.toBe(id(a.stdout));
  });
});
