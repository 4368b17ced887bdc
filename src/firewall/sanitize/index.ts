export { parseSanitizeConfig } from './config.js';
export type { SanitizeOptions } from './limits.js';
export { DEFAULT_LIMITS } from './limits.js';
export { type SanitizeResult, sanitize } from './sanitize.js';
