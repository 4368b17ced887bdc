import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AgentwallError } from '../errors.js';
import { loadConfig } from './index.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'aw-config-'));

function configError(fn: () => unknown): AgentwallError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AgentwallError) return err;
    throw err;
  }
  throw new Error('expected a config error');
}

describe('loadConfig', () => {
  it('should apply defaults when nothing is given', () => {
    const c = loadConfig({ env: {} });
    expect(c.server).toMatchObject({ host: '127.0.0.1', port: 8787 });
    expect(Object.isFrozen(c.server)).toBe(true);
  });

  it('should layer defaults, then the file, then the environment, then overrides', () => {
    const dir = tmp();
    const file = join(dir, 'aw.yaml');
    writeFileSync(file, 'server:\n  port: 9000\n  host: 0.0.0.0\nlog:\n  level: warn\n');
    const c = loadConfig({ file, env: { AGENTWALL_PORT: '9100' }, overrides: { log: { level: 'error' } } });
    expect(c.server.port).toBe(9100);
    expect(c.server.host).toBe('0.0.0.0');
    expect(c.log.level).toBe('error');
    expect(c.policies.dir).toBe(join(dir, 'policies'));
  });

  it('should take the file from --config, then AGENTWALL_CONFIG, then the default file', () => {
    const dir = tmp();
    const a = join(dir, 'a.yaml');
    const b = join(dir, 'b.yaml');
    writeFileSync(a, 'server:\n  port: 1001\n');
    writeFileSync(b, 'server:\n  port: 1002\n');
    expect(loadConfig({ defaultFile: a, env: {} }).server.port).toBe(1001);
    expect(loadConfig({ defaultFile: a, env: { AGENTWALL_CONFIG: b } }).server.port).toBe(1002);
    expect(loadConfig({ file: a, defaultFile: a, env: { AGENTWALL_CONFIG: b } }).server.port).toBe(1001);
    expect(loadConfig({ defaultFile: join(dir, 'absent.yaml'), env: {} }).server.port).toBe(8787);
  });

  it('should name the field of a bad value', () => {
    const err = configError(() => loadConfig({ env: { AGENTWALL_PORT: '70000' } }));
    expect(err.code).toBe('config_invalid');
    expect(err.detail).toContain('server.port');
  });

  it('should refuse a non-integer port variable with its name', () => {
    expect(configError(() => loadConfig({ env: { AGENTWALL_PORT: '80abc' } })).detail).toContain(
      'AGENTWALL_PORT',
    );
  });

  it('should refuse unknown fields, so typos in security settings stop start-up', () => {
    const file = join(tmp(), 'c.yaml');
    writeFileSync(file, 'server:\n  hots: 0.0.0.0\n');
    expect(configError(() => loadConfig({ file, env: {} })).detail).toContain('unknown field "hots"');
  });

  it('should refuse malformed YAML and a missing file with the path', () => {
    const file = join(tmp(), 'bad.yaml');
    writeFileSync(file, 'server: [unclosed\n');
    expect(configError(() => loadConfig({ file, env: {} })).detail).toContain(file);
    expect(configError(() => loadConfig({ file: '/nonexistent/aw.yaml', env: {} })).detail).toContain(
      '/nonexistent/aw.yaml',
    );
  });

  it('should refuse keys that are not sha256 hashes and unknown API roles', () => {
    const file = join(tmp(), 'k.yaml');
    writeFileSync(
      file,
      'keys:\n  - {id: k, hash: plaintext-key, principal: agent:x, tenant: t, roles: [agent]}\n',
    );
    expect(configError(() => loadConfig({ file, env: {} })).detail).toContain('keys.0.hash');
    writeFileSync(
      file,
      `keys:\n  - {id: k, hash: "sha256:${'a'.repeat(64)}", principal: agent:x, tenant: t, roles: [root]}\n`,
    );
    expect(configError(() => loadConfig({ file, env: {} })).detail).toContain('keys.0.roles.0');
  });

  it('should not let a config file pollute prototypes', () => {
    const file = join(tmp(), 'p.yaml');
    writeFileSync(file, '__proto__:\n  polluted: true\nserver:\n  port: 1234\n');
    const c = loadConfig({ file, env: {} });
    expect(c.server.port).toBe(1234);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
