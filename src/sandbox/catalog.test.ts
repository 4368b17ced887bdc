import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers/tmp.js';
import { buildCatalog, type CatalogSource } from './catalog.js';

const DEFAULTS = {
  memoryMb: 32,
  cpuMs: 100,
  wallMs: 200,
  maxOutputBytes: 1000,
  retry: { maxAttempts: 3, baseMs: 1, maxMs: 2, budgetMs: 100 },
};

function registry(specs: Record<string, Record<string, unknown>>): CatalogSource {
  return {
    names: () => Object.keys(specs),
    get: (n) => (specs[n] ? { spec: { sideEffects: ['read'], ...specs[n] } as never } : undefined),
  };
}

function toolsDir(): string {
  const root = tempDir('tools');
  mkdirSync(join(root, 'tools'));
  writeFileSync(join(root, 'tools', 'ok.js'), 'export default () => 1;\n');
  writeFileSync(join(root, 'secret.js'), 'export default () => "outside";\n');
  symlinkSync(join(root, 'secret.js'), join(root, 'tools', 'link.js'));
  return join(root, 'tools');
}

describe('buildCatalog', () => {
  it('should load modules and fill limits from defaults', () => {
    const c = buildCatalog(
      registry({ a: { sandbox: { module: 'ok.js', cpuMs: 50 } }, b: {} }),
      toolsDir(),
      DEFAULTS,
    );
    expect(c.get('a')?.runnable?.limits).toEqual({
      memoryMb: 32,
      cpuMs: 50,
      wallMs: 200,
      maxOutputBytes: 1000,
    });
    expect(c.get('a')?.retry.maxAttempts).toBe(3);
    expect(c.has('b')).toBe(false);
  });

  it('should not retry tools with side effects unless their entry says so', () => {
    const c = buildCatalog(
      registry({ w: { sideEffects: ['write'], sandbox: { module: 'ok.js' } } }),
      toolsDir(),
      DEFAULTS,
    );
    expect(c.get('w')?.retry.maxAttempts).toBe(1);
  });

  it('should refuse modules outside tools/, through .. or a symlink', () => {
    const dir = toolsDir();
    expect(() =>
      buildCatalog(registry({ a: { sandbox: { module: '../secret.js' } } }), dir, DEFAULTS),
    ).toThrow(/outside tools/);
    expect(() => buildCatalog(registry({ a: { sandbox: { module: 'link.js' } } }), dir, DEFAULTS)).toThrow(
      /outside tools/,
    );
    expect(() => buildCatalog(registry({ a: { sandbox: { module: 'missing.js' } } }), dir, DEFAULTS)).toThrow(
      /not found/,
    );
  });

  it('should refuse references to tools that cannot run', () => {
    expect(() =>
      buildCatalog(
        registry({ a: { sandbox: { module: 'ok.js', fallback: 'ghost' } } }),
        toolsDir(),
        DEFAULTS,
      ),
    ).toThrow(/ghost/);
    expect(() => buildCatalog(registry({ a: { sandbox: {} } }), toolsDir(), DEFAULTS)).toThrow(
      /module or steps/,
    );
  });
});
