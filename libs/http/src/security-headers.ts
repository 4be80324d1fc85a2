import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

/** One year: what browsers' preload lists ask for; the header is only sent over HTTPS, where it means something. */
const hstsMaxAgeSeconds = 365 * 24 * 60 * 60;

/**
 * Every answer is JSON for a program, never a page: no script, frame or plugin may come of it
 * (CSP `default-src 'none'; frame-ancestors 'none'`, X-Frame-Options for older browsers), its type
 * is never sniffed, and it is never stored by a browser or a shared cache (`no-store`: most answers
 * carry personal data; a route may say otherwise). The defaults of helmet, a well-kept library, for
 * the rest (Referrer-Policy no-referrer, Cross-Origin-Resource-Policy same-origin, …).
 */
const helmetHeaders = helmet({
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
  frameguard: { action: 'deny' },
  // Sent below only when the request came over TLS.
  strictTransportSecurity: false,
});

/**
 * The security headers of every answer. HSTS only when the request came over TLS: `req.secure`,
 * which is true behind a trusted proxy (express 'trust proxy') that says `X-Forwarded-Proto: https`.
 * A browser ignores HSTS over plain HTTP anyway; not sending it there keeps a plain-HTTP test setup honest.
 */
export function securityHeaders(): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    res.setHeader('cache-control', 'no-store');
    if (req.secure) res.setHeader('strict-transport-security', `max-age=${hstsMaxAgeSeconds}`);
    helmetHeaders(req, res, next);
  };
}

/**
 * The same essentials for an answer written on the raw socket (a request Node refused before
 * express saw it, such as one with oversized headers).
 */
export const rawSecurityHeaders: Record<string, string> = {
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none';frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};
