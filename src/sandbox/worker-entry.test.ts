import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assertWorkerEntry, resolveWorkerEntry } from './worker-entry.js';

describe('resolveWorkerEntry', () => {
  it('should fork the .ts worker through tsx when running from source', () => {
    const e = resolveWorkerEntry('file:///app/src/sandbox/worker-entry.ts');
    expect(e.file).toBe('/app/src/sandbox/worker.ts');
    expect(e.execArgv).toEqual(['--no-node-snapshot', '--import', 'tsx']);
  });

  it('should fork the .js worker with only --no-node-snapshot when compiled', () => {
    const e = resolveWorkerEntry('file:///app/dist/sandbox/worker-entry.js');
    expect(e.file).toBe('/app/dist/sandbox/worker.js');
    expect(e.execArgv).toEqual(['--no-node-snapshot']);
  });

  it('should resolve to a worker file that exists for this module', () => {
    const e = resolveWorkerEntry();
    expect(existsSync(e.file)).toBe(true);
    expect(e.execArgv).toContain('--no-node-snapshot');
  });

  it('should fail at start-up when the worker file is missing', () => {
    expect(() => assertWorkerEntry({ file: '/nonexistent/worker.js', execArgv: [] })).toThrow(/not found/);
  });
});
