import { Router, type Request, type Response } from 'express';
import { UnauthorizedError } from '@helpdesk/errors';
import { jsonBody, requireContact, requireStaff } from '@helpdesk/http';
import type { GatewayDatabase } from '../persistence/client.js';
import { SESSION_COOKIE, checkSameOrigin, csrfTokenOf, newSessionId } from '../domain/browser-sessions.js';
import { endBrowserSession } from '../domain/end-session.js';
import { logInContact, logInStaff, type TokenSettings } from '../domain/log-in.js';
import { setDeviceCookie, signInOf } from './auth.routes.js';
import { clearSessionCookie, originOf, setSessionCookie } from './authentication.js';
import { cookieOf } from './cookies.js';

/** Where a page opens (POST), reads (GET) and ends (DELETE) its session, for staff and for contacts. */
const STAFF_SESSION = '/api/auth/session';
const PORTAL_SESSION = '/api/portal/session';

/** Opening and ending a session need no session (ending one revokes whatever session the cookie still names); reading one does. */
export const sessionPaths = new Set([`POST ${STAFF_SESSION}`, `POST ${PORTAL_SESSION}`, `DELETE ${STAFF_SESSION}`, `DELETE ${PORTAL_SESSION}`]);

/** The session id the authentication put on the response: only a cookie session has one. */
function sessionIdOf(res: Response): string {
  const sessionId = res.locals.sessionId as string | undefined;
  if (sessionId === undefined) throw new UnauthorizedError('This is the session of a page: sign in on the page (a program sends its token as "Authorization: Bearer" and has no session to read).');
  return sessionId;
}

/**
 * Browser sessions: the sign-in of the pages. The access token goes into the HttpOnly session cookie,
 * never into the answer; the answer carries the CSRF token the page sends back with every change. A
 * program signs in at `/api/auth/login` or `/api/portal/login` and keeps the token itself.
 */
export function sessionRoutes(db: GatewayDatabase, tokens: TokenSettings): Router {
  const router = Router();
  const json = Router().use(jsonBody(16 * 1024));

  const open = async (req: Request, res: Response, logIn: typeof logInStaff | typeof logInContact) => {
    checkSameOrigin(originOf(req));
    const sessionId = newSessionId();
    const { device, accessToken, expiresIn, ...who } = await logIn(db, tokens, { ...signInOf(req), sessionId });
    setDeviceCookie(req, res, device);
    setSessionCookie(res, accessToken, tokens.ttlSeconds);
    res.setHeader('cache-control', 'no-store');
    res.status(201).json({ ...who, csrfToken: csrfTokenOf(tokens.secret, sessionId), expiresIn });
  };
  const end = async (req: Request, res: Response) => {
    checkSameOrigin(originOf(req));
    await endBrowserSession(db, tokens, cookieOf(req, SESSION_COOKIE));
    clearSessionCookie(res);
    res.status(204).end();
  };

  router.post(STAFF_SESSION, json, (req, res) => open(req, res, logInStaff));
  router.post(PORTAL_SESSION, json, (req, res) => open(req, res, logInContact));
  router.get(STAFF_SESSION, (req, res) => {
    res.json({ principal: requireStaff(req), csrfToken: csrfTokenOf(tokens.secret, sessionIdOf(res)) });
  });
  router.get(PORTAL_SESSION, (req, res) => {
    res.json({ principal: requireContact(req), csrfToken: csrfTokenOf(tokens.secret, sessionIdOf(res)) });
  });
  // No body is read, but a body that is no JSON is refused as on every write route (one rule for all).
  router.delete(STAFF_SESSION, json, end);
  router.delete(PORTAL_SESSION, json, end);
  return router;
}
