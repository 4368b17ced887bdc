import { describe, expect, it } from 'vitest';
import { DETECT_DEFAULTS, DetectConfigError, parseDetectConfig } from './config.js';

describe('detect config', () => {
  it('should fill defaults for an empty section', () => {
    const c = parseDetectConfig(undefined);
    expect(c.judge.enabled).toBe(false);
    expect(c.thresholds.user.deny).toBe('model');
    expect(c.model).toBe(DETECT_DEFAULTS.model);
  });

  it('should refuse unknown keys, bad thresholds and an empty grey zone', () => {
    expect(() => parseDetectConfig({ treshold: 1 })).toThrow(DetectConfigError);
    expect(() => parseDetectConfig({ thresholds: { user: { deny: 2 } } })).toThrow(DetectConfigError);
    expect(() => parseDetectConfig({ thresholds: { user: { deny: 0.4, review: 0.6 } } })).toThrow(
      /review above deny/,
    );
    expect(() => parseDetectConfig({ judge: { greyZone: { low: 0.8, high: 0.2 } } })).toThrow(/greyZone/);
    expect(() => parseDetectConfig({ judge: { url: 'file:///etc/passwd' } })).toThrow(DetectConfigError);
    expect(() => parseDetectConfig({ judge: { onError: 'allow' } })).toThrow(DetectConfigError);
  });
});
