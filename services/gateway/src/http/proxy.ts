import http from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { UnavailableError, UnauthorizedError } from '@helpdesk/errors';
import { CORRELATION_HEADER, GATEWAY_ASSERTION_HEADER, signGatewayAssertion } from '@helpdesk/http';
import { currentCorrelationId } from '@helpdesk/logging';
import { upstreamAgent, type Upstream } from './upstream.js';

// Hop-by-hop headers (RFC 9110 §7.6.1) and what the gateway itself decides are never passed on.
const droppedRequestHeaders = ['connection', 'keep-alive', 'proxy-connection', 'te', 'upgrade', 'authorization', 'cookie', 'host', GATEWAY_ASSERTION_HEADER, CORRELATION_HEADER];
const droppedResponseHeaders = ['connection', 'keep-alive', 'transfer-encoding', 'upgrade'];

function without(headers: http.IncomingHttpHeaders, names: string[]): http.OutgoingHttpHeaders {
  const copy: http.OutgoingHttpHeaders = { ...headers };
  for (const name of names) delete copy[name];
  return copy;
}

/** Streams an authenticated request to one instance of the owning service, vouching for the caller. */
export function proxyTo(upstream: Upstream, internalSecret: string): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!req.principal) return next(new UnauthorizedError());
    const target = upstream.next();
    const headers = without(req.headers, droppedRequestHeaders);
    headers[GATEWAY_ASSERTION_HEADER] = signGatewayAssertion(internalSecret, req.principal);
    headers[CORRELATION_HEADER] = currentCorrelationId();
    headers['x-forwarded-for'] = req.socket.remoteAddress ?? '';
    const outgoing = http.request(
      { protocol: target.protocol, hostname: target.hostname, port: target.port, method: req.method, path: req.originalUrl, headers, agent: upstreamAgent },
      (incoming) => {
        res.writeHead(incoming.statusCode ?? 502, without(incoming.headers, droppedResponseHeaders));
        incoming.pipe(res);
      },
    );
    outgoing.on('error', () => {
      if (res.headersSent) return res.destroy();
      res.setHeader('retry-after', '5');
      next(new UnavailableError(`The ${upstream.service} service is not reachable right now; try again in a few seconds.`));
    });
    req.pipe(outgoing);
  };
}
