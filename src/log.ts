import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * The one root logger. Children are made per component or request. Paths that could carry a
 * credential or raw tool arguments are redacted here, once, whatever a caller logs.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'agentwall' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: [
          'authorization',
          'apiKey',
          'key',
          'args',
          'rawArgs',
          '*.authorization',
          '*.apiKey',
          '*.args',
          'headers.authorization',
          'headers["x-api-key"]',
          'req.headers.authorization',
          'req.headers["x-api-key"]',
        ],
        censor: '[REDACTED]',
      },
    },
    destination ?? pino.destination({ dest: 1, sync: false, minLength: 4096 }),
  );
}
