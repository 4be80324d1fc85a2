import { randomUUID } from 'node:crypto';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { AppError, MethodNotAllowedError, NotFoundError, TooManyRequestsError, UnavailableError, ValidationError, isInfrastructureError, toProblemDetails } from '@helpdesk/errors';
import { currentContext, runWithContext, type Logger } from '@helpdesk/logging';
import { GATEWAY_ASSERTION_HEADER, SERVICE_ASSERTION_HEADER, verifyGatewayAssertion, verifyServiceCall } from './assertions.js';
import type { Principal } from './principal.js';
import type { ServiceKeys } from './service-keys.js';
import { mountMetrics, type Registry } from './metrics.js';
import { explainBodyParserError, jsonBody } from './json-body.js';
import { allowedMethods } from './method-not-allowed.js';
import { securityHeaders } from './security-headers.js';

export const CORRELATION_HEADER = 'x-correlation-id';

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
    /** The digest of the body the request's assertion was signed for; the body parser checks what it reads against it. */
    assertedBodyDigest?: string;
    /** The digest of the body as received, taken from its raw bytes before they are parsed. */
    receivedBodyDigest?: string;
  }
}

/** What /health/ready answers: ready or not, and why, for an operator. */
export interface HealthReport {
  ready: boolean;
  [detail: string]: unknown;
}

export interface HttpAppOptions {
  log: Logger;
  /** Ready when the service's own database answers; the rest (broker, queues) is reported beside it. */
  health(): Promise<HealthReport>;
  /** Served at /metrics, with every request counted by route and status. */
  metrics?: Registry;
  /** This service's keys; when set, every /api route requires the gateway's assertion for the very request, body included. */
  gatewayKeys?: ServiceKeys;
  /** Parse JSON bodies here; the gateway passes bodies through untouched. */
  parseJson?: boolean;
}

/** The largest request body a service accepts (the gateway refuses larger ones before forwarding). */
export const MAX_BODY_BYTES = 1024 * 1024;

const correlationIdPattern = /^[\w.:-]{1,100}$/;

/**
 * The express app every service starts from: correlation ids, request logs, health probes,
 * the gateway check. Mount routes on it, then call `finishHttpApp`.
 */
export function createHttpApp(options: HttpAppOptions): Express {
  const app = baseApp(options.log);
  app.get('/health/live', (_req, res) => {
    res.json({ status: 'live' });
  });
  app.get('/health/ready', async (_req, res) => {
    const { ready, ...details } = await options.health().catch((err: Error) => ({ ready: false, error: err.message }));
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', ...details });
  });
  if (options.metrics) mountMetrics(app, options.metrics);

  if (options.gatewayKeys) {
    const keys = options.gatewayKeys;
    app.use('/api', (req: Request, _res: Response, next: NextFunction) => {
      ({ principal: req.principal, bodyDigest: req.assertedBodyDigest } = verifyGatewayAssertion(keys, req.header(GATEWAY_ASSERTION_HEADER), { method: req.method, path: req.originalUrl }));
      next();
    });
  }
  if (options.parseJson ?? true) app.use(jsonBody(MAX_BODY_BYTES));
  return app;
}

/** Security headers, correlation ids and one log line per request: the start of the public and the internal app alike. */
function baseApp(log: Logger): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(securityHeaders());

  app.use((req: Request, res: Response, next: NextFunction) => {
    const incoming = req.header(CORRELATION_HEADER);
    const correlationId = incoming && correlationIdPattern.test(incoming) ? incoming : randomUUID();
    res.setHeader(CORRELATION_HEADER, correlationId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      if (req.path.startsWith('/health')) return;
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      runWithContext({ correlationId }, () =>
        log.info({ method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms * 10) / 10 }, 'request'),
      );
    });
    runWithContext({ correlationId }, next);
  });
  return app;
}

/**
 * The app of a service's internal listener (its own address and port, never published): every
 * request must be signed by another service with its own key, and the route decides whether that
 * caller may ask (`requireCaller`). Mount `/internal/...` routes on it, then call `finishHttpApp`.
 */
export function createInternalHttpApp(options: { log: Logger; keys: ServiceKeys }): Express {
  const app = baseApp(options.log);
  app.use((req: Request, _res: Response, next: NextFunction) => {
    ({ principal: req.principal, bodyDigest: req.assertedBodyDigest } = verifyServiceCall(options.keys, req.header(SERVICE_ASSERTION_HEADER), { method: req.method, path: req.originalUrl }));
    next();
  });
  app.use(jsonBody(16 * 1024));
  return app;
}

/**
 * Unknown routes and every error end as RFC 9457 problem details; a 500 is logged as the bug it is.
 * A known path asked with another method is a 405 naming the methods it takes.
 */
export function finishHttpApp(app: Express, log: Logger): Express {
  app.use((req: Request) => {
    const allowed = allowedMethods(app, req.path);
    if (allowed.length > 0) throw new MethodNotAllowedError(`${req.path} does not take ${req.method}; it takes ${allowed.join(', ')}.`, allowed);
    throw new NotFoundError(`There is no ${req.method} ${req.path}.`);
  });
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const known = toKnownError(error);
    const problem = toProblemDetails(known, req.originalUrl);
    if (problem.status === 503) log.warn({ err: error }, 'request refused: unavailable');
    else if (problem.status >= 500) log.error({ err: error }, 'request failed');
    const correlationId = currentContext()?.correlationId ?? String(res.getHeader(CORRELATION_HEADER) ?? '');
    if (known instanceof TooManyRequestsError) res.setHeader('retry-after', String(known.retryAfterSeconds));
    else if (known instanceof MethodNotAllowedError) res.setHeader('allow', known.allowedMethods.join(', '));
    else if (known instanceof UnavailableError && !res.getHeader('retry-after')) res.setHeader('retry-after', String(retryAfterUnavailableSeconds));
    res
      .status(problem.status)
      .type('application/problem+json')
      .json({ ...problem, correlationId });
  });
  return app;
}

/** How long a client is asked to wait when the database (or another server) is away for a moment. */
const retryAfterUnavailableSeconds = 5;

/**
 * Errors of express's body parser and router carry a status; turn them into the kind a person can
 * act on. A database that is away for a moment is a 503 to retry, not a bug.
 */
function toKnownError(error: unknown): unknown {
  if (error instanceof AppError) return error;
  if (isInfrastructureError(error)) {
    return new UnavailableError('The service cannot reach its database right now. Try again in a few seconds.');
  }
  const parserError = explainBodyParserError(error);
  if (parserError) return parserError;
  const clientError = error as { status?: number; message?: string };
  if (clientError.status && clientError.status >= 400 && clientError.status < 500) {
    return new ValidationError(`The request could not be read: ${clientError.message ?? 'it is malformed'}.`);
  }
  return error;
}
