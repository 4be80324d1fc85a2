import pino, { type Logger } from 'pino';
import { currentContext } from './context.js';

export type { Logger };

export interface LoggerOptions {
  service: string;
  level?: string;
  /** Where lines go; stdout unless a test wants them. */
  destination?: pino.DestinationStream;
}

// Secrets and mail content never reach the logs, whatever a caller passes in.
const redactedPaths = [
  'password',
  '*.password',
  'token',
  '*.token',
  'accessToken',
  '*.accessToken',
  'authorization',
  '*.authorization',
  'req.headers.authorization',
  'req.headers["x-gateway-assertion"]',
  '*.description',
  '*.body',
  '*.text',
  '*.html',
];

/** A JSON logger whose every line carries the correlation and causation ids of the work in progress. */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: redactedPaths, censor: '[redacted]' },
      mixin: () => ({ ...currentContext() }),
    },
    options.destination,
  );
}
