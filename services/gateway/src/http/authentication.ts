import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { CSRF_HEADER, SESSION_COOKIE } from '@helpdesk/http';
import type { GatewayDatabase } from '../persistence/client.js';
import { issueAccessToken, type VerifiedAccessToken } from '../domain/access-tokens.js';
import { authenticate, bearerTokenOf } from '../domain/authenticate.js';
import { SESSION_MAX_SECONDS, checkCsrfToken, checkSameOrigin } from '../domain/browser-sessions.js';
import type { TokenSettings } from '../domain/log-in.js';
import { cookieOf } from './cookies.js';

/** Methods that change nothing (RFC 9110 §9.2.1): a page may send them without its CSRF token. */
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The session cookie's attributes: see SESSION_COOKIE. It is kept until the session's end, past its
 * token's expiry: an idle page's expired token is refused like none, but still names the session that
 * signing out revokes (a copy of the cookie may have been kept renewed meanwhile).
 */
export function setSessionCookie(res: Response, token: string, sessionStartedAt: number): void {
  const untilSessionEnd = sessionStartedAt + SESSION_MAX_SECONDS - Math.floor(Date.now() / 1000);
  res.cookie(SESSION_COOKIE, token, { httpOnly: true, secure: true, sameSite: 'strict', path: '/', maxAge: Math.max(untilSessionEnd, 0) * 1000 });
}

export function clearSessionCookie(res: Response): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, secure: true, sameSite: 'strict', path: '/' });
}

/** What the request's origin headers say, for checkSameOrigin. */
export function originOf(req: Request) {
  return { fetchSite: req.header('sec-fetch-site'), origin: req.header('origin'), host: req.header('host') };
}

/**
 * Who calls each `/api/` path but the public ones: a program sends its token as `Authorization: Bearer`,
 * a page has it in the session cookie. Under the cookie a request that changes something must come from
 * our own origin and carry the session's CSRF token; a token past half its life is renewed in the cookie,
 * so that a person at work stays signed in while their access is unchanged (every request re-reads it),
 * up to the session's end (SESSION_MAX_SECONDS after the sign-in).
 */
export function authentication(db: GatewayDatabase, tokens: TokenSettings, isPublic: (req: Request) => boolean): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    // Routes match whatever the case (/API/…): so does this check.
    if (!req.path.toLowerCase().startsWith('/api/') || isPublic(req)) return next();
    const sessionToken = req.header('authorization') === undefined ? cookieOf(req, SESSION_COOKIE) : undefined;
    if (sessionToken === undefined) {
      req.principal = (await authenticate(db, tokens.secret, bearerTokenOf(req.header('authorization')))).principal;
      return next();
    }
    const { principal, claims } = await authenticate(db, tokens.secret, sessionToken);
    if (!safeMethods.has(req.method)) {
      checkSameOrigin(originOf(req));
      checkCsrfToken(tokens.secret, claims.sessionId, req.header(CSRF_HEADER));
    }
    renewWhenOld(res, tokens, claims);
    req.principal = principal;
    res.locals.sessionId = claims.sessionId;
    next();
  };
}

/** Past half its life the token is renewed, unless its session is near its end (SESSION_MAX_SECONDS): then it just expires. */
function renewWhenOld(res: Response, tokens: TokenSettings, claims: VerifiedAccessToken): void {
  const now = Date.now() / 1000;
  if (now - claims.issuedAt < tokens.ttlSeconds / 2) return;
  if (now + tokens.ttlSeconds > (claims.sessionStartedAt ?? 0) + SESSION_MAX_SECONDS) return;
  const { issuedAt: _issuedAt, ...same } = claims;
  setSessionCookie(res, issueAccessToken(tokens.secret, tokens.ttlSeconds, same), claims.sessionStartedAt ?? claims.issuedAt);
}
