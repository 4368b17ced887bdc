export { canonicalJson, digestJson } from './canonical.js';
export { redactArgs } from './redact.js';
export { type AuditSink, composeSinks, createLogSink } from './sink.js';
export { ulid } from './ulid.js';
