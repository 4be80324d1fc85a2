import pino, { type Logger } from 'pino';
import { currentContext } from './context.js';

export type { Logger };

export interface LoggerOptions {
  service: string;
  level?: string;
  /** Where lines go; stdout (written asynchronously) unless a test wants them. */
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

/**
 * A JSON logger whose every line carries the correlation and causation ids of the work in progress.
 * Lines to stdout are buffered and written asynchronously, so that logging never blocks the event
 * loop; flushLog() writes what is left before the process exits.
 */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: redactedPaths, censor: '[redacted]' },
      mixin: () => ({ ...currentContext() }),
    },
    options.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}

/** Resolves once every line logged so far is written (a no-op for a destination without a buffer). */
export function flushLog(log: Logger): Promise<void> {
  return new Promise((resolve) => log.flush(() => resolve()));
}
