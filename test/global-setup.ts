/**
 * Every test run gets its own temporary root (TMPDIR for the test processes and the servers and
 * CLIs they spawn), removed when the run ends: tests create many temporary policy sets, audit
 * logs and key directories, and none of them should outlive the run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'agentwall-test-'));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = root;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(root, { recursive: true, force: true });
  };
}
