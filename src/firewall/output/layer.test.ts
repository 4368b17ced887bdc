import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSection } from '../policy-file.js';
import { parseSanitizeConfig } from '../sanitize/index.js';
import { createOutputLayer } from './index.js';

const FIREWALL_YAML = resolve(import.meta.dirname, '../../../policies/firewall.yaml');

describe('policies/firewall.yaml', () => {
  it('has a valid output section that the layer loads', () => {
    const layer = createOutputLayer(FIREWALL_YAML);
    expect(layer.config.rules.email?.action).toBe('hash');
    expect(layer.config.rules.canary_leak?.deny).toBe(true);
    expect(layer.canaries.size()).toBe(0);
  });

  it('has a valid sanitize section', () => {
    expect(parseSanitizeConfig(readSection(FIREWALL_YAML, 'sanitize'))).toMatchObject({
      maxDepth: 4,
      maxViews: 24,
    });
  });

  it('falls back to defaults when the file is absent', () => {
    expect(createOutputLayer('/nonexistent/firewall.yaml').config.rules.email?.action).toBe('mask');
  });

  it('refuses an invalid sanitize section', () => {
    expect(() => parseSanitizeConfig({ maxDepth: -1 })).toThrow(/invalid sanitize section/);
    expect(() => parseSanitizeConfig({ unknown: 1 })).toThrow();
  });
});
