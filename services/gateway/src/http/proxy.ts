import http from 'node:http';
import { pipeline } from 'node:stream';
import type { Request, RequestHandler } from 'express';
import {
  BadGatewayError,
  ConflictError,
  ForbiddenError,
  GatewayTimeoutError,
  GoneError,
  HeaderFieldsTooLargeError,
  MethodNotAllowedError,
  NotFoundError,
  PayloadTooLargeError,
  TooManyRequestsError,
  UnavailableError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
  ValidationError,
  type AppError,
} from '@helpdesk/errors';
import { CORRELATION_HEADER, CSRF_HEADER, GATEWAY_ASSERTION_HEADER, MAX_BODY_BYTES, SERVICE_ASSERTION_HEADER, bodyTooLarge, signGatewayAssertion, type Signer } from '@helpdesk/http';
import { currentCorrelationId } from '@helpdesk/logging';
import { upstreamAgent, type Upstream } from './upstream.js';

// Hop-by-hop headers (RFC 9110 §7.6.1), what the gateway itself decides, and the framing of the buffered body are never passed on.
const droppedRequestHeaders = ['connection', 'keep-alive', 'proxy-connection', 'te', 'upgrade', 'authorization', 'cookie', CSRF_HEADER, 'host', 'content-length', 'transfer-encoding', GATEWAY_ASSERTION_HEADER, SERVICE_ASSERTION_HEADER, CORRELATION_HEADER];
const droppedResponseHeaders = ['connection', 'keep-alive', 'transfer-encoding', 'upgrade'];

/** Sending one of these twice does what sending it once does (RFC 9110 §9.2.2), so it may go to another instance after a broken connection. */
const idempotentMethods = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

/** The connection was never opened: nothing reached the instance, so any request may go to another. */
const neverConnected = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNECTTIMEOUT']);

/** A host that is gone often drops the connection attempt instead of refusing it: give up on it well before the answer's timeout. */
const connectTimeoutMs = 2_000;

class NoAnswerInTime extends Error {}

function without(headers: http.IncomingHttpHeaders, names: string[]): http.OutgoingHttpHeaders {
  const copy: http.OutgoingHttpHeaders = { ...headers };
  // Node gives the request's header names lower-cased; the names to drop may be spelled otherwise.
  for (const name of names) delete copy[name.toLowerCase()];
  return copy;
}

/** The whole body, so that it can be sent again to another instance; the services take no more than MAX_BODY_BYTES. */
async function readBody(req: Request): Promise<Buffer> {
  const tooLarge = () => bodyTooLarge(MAX_BODY_BYTES);
  if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Sends the request to one instance; resolves with its response once the headers are in. */
function send(target: URL, options: http.RequestOptions, body: Buffer, timeoutMs: number): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const outgoing = http.request({ ...options, protocol: target.protocol, hostname: target.hostname, port: target.port, agent: upstreamAgent }, resolve);
    const timer = setTimeout(() => outgoing.destroy(new NoAnswerInTime()), timeoutMs);
    outgoing.on('socket', (socket) => {
      if (!socket.connecting) return;
      const connectTimer = setTimeout(
        () => outgoing.destroy(Object.assign(new Error(`no connection within ${connectTimeoutMs} ms`), { code: 'ECONNECTTIMEOUT' })),
        connectTimeoutMs,
      );
      socket.once('connect', () => clearTimeout(connectTimer));
      outgoing.once('close', () => clearTimeout(connectTimer));
    });
    outgoing.on('response', () => clearTimeout(timer));
    outgoing.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    outgoing.end(body);
  });
}

const isProblemDocument = (contentType: string | undefined) => /^application\/problem\+json\b/i.test(contentType ?? '');

/**
 * An error an instance answered without a problem document (Node's own 431 or 400, a proxy in
 * between): the caller still gets one, of the same status where it is a refusal of the request.
 */
export function explainBareUpstreamError(service: string, method: string, answer: http.IncomingMessage): AppError {
  const status = answer.statusCode ?? 502;
  const refused = `The ${service} service refused the request (${status} ${http.STATUS_CODES[status] ?? ''}) without saying why`;
  switch (status) {
    case 400: return new ValidationError(`${refused}: check the request's path, query and body.`);
    case 401: return new UnauthorizedError();
    case 403: return new ForbiddenError();
    case 404: return new NotFoundError(`${refused}: what you asked for does not exist.`);
    case 405: return new MethodNotAllowedError(`${refused}: this path does not take ${method}.`, String(answer.headers.allow ?? '').split(/,\s*/).filter(Boolean));
    case 409: return new ConflictError(`${refused}: it conflicts with the current state; reload and try again.`);
    case 410: return new GoneError(`${refused}: what you asked for is gone.`);
    case 413: return new PayloadTooLargeError(`${refused}: the body is too large; send less.`);
    case 415: return new UnsupportedMediaTypeError(`${refused}: send the body as JSON with Content-Type: application/json.`);
    case 429: return new TooManyRequestsError(`${refused}: too many requests; try again later.`, Number(answer.headers['retry-after']) || 5);
    case 431: return new HeaderFieldsTooLargeError(`${refused}: the request's headers are larger than it takes.`);
    case 503: return new UnavailableError(`The ${service} service is not available right now; try again in a few seconds.`);
    default: return new BadGatewayError(`The ${service} service failed (${status}) without saying why; the request may or may not have taken effect.`);
  }
}

export interface ProxySettings {
  /** The gateway's own key: the only one the services take a user's word from. */
  signer: Signer;
  /** How long an instance has to answer (its response headers) before the caller gets a 504. */
  timeoutMs: number;
}

/**
 * Forwards an authenticated request to an instance of the owning service, vouching for the caller.
 * A refused connection sends it to the next instance (and leaves that one out for a while); a
 * connection that broke before the answer does so for idempotent methods only.
 */
export function proxyTo(upstream: Upstream, settings: ProxySettings): RequestHandler {
  return async (req, res) => {
    if (!req.principal) throw new UnauthorizedError();
    const body = await readBody(req);
    const headers = without(req.headers, droppedRequestHeaders);
    // For this service, method, path and body only: the service checks all four against the request it serves.
    headers[GATEWAY_ASSERTION_HEADER] = signGatewayAssertion(settings.signer, req.principal, { service: upstream.service, method: req.method, path: req.originalUrl, body });
    headers[CORRELATION_HEADER] = currentCorrelationId();
    headers['x-forwarded-for'] = req.ip ?? '';
    if (body.length > 0) headers['content-length'] = body.length;
    const request = { method: req.method, path: req.originalUrl, headers };

    for (const target of upstream.attemptOrder()) {
      let answer: http.IncomingMessage;
      try {
        answer = await send(target, request, body, settings.timeoutMs);
      } catch (error) {
        if (error instanceof NoAnswerInTime) {
          throw new GatewayTimeoutError(`The ${upstream.service} service did not answer within ${settings.timeoutMs} ms; the request may still take effect.`);
        }
        if (neverConnected.has((error as NodeJS.ErrnoException).code ?? '')) upstream.markDown(target);
        else if (!idempotentMethods.has(req.method)) {
          throw new BadGatewayError(`The ${upstream.service} service broke off before answering; the request may or may not have taken effect.`);
        }
        continue;
      }
      if ((answer.statusCode ?? 502) >= 400 && !isProblemDocument(answer.headers['content-type'])) {
        answer.resume();
        throw explainBareUpstreamError(upstream.service, req.method, answer);
      }
      res.writeHead(answer.statusCode ?? 502, without(answer.headers, droppedResponseHeaders));
      // Once the headers are out, a broken upstream can only cut the response short.
      pipeline(answer, res, () => undefined);
      return;
    }
    throw new UnavailableError(`The ${upstream.service} service is not reachable right now; try again in a few seconds.`);
  };
}
