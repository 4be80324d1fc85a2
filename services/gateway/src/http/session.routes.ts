import { Router, type Request, type Response } from 'express';
import { UnauthorizedError } from '@helpdesk/errors';
import { SESSION_COOKIE, jsonBody, type Principal } from '@helpdesk/http';
import { serve } from '@helpdesk/openapi';
import type { GatewayDatabase } from '../persistence/client.js';
import { checkSameOrigin, csrfTokenOf, newSessionId } from '../domain/browser-sessions.js';
import { endBrowserSession } from '../domain/end-session.js';
import { logInContact, logInStaff, type TokenSettings } from '../domain/log-in.js';
import { sessionRoutesOf } from './api-description.js';
import { setDeviceCookie, signInOf } from './auth.routes.js';
import type { Credentials } from './auth.schemas.js';
import { clearSessionCookie, originOf, setSessionCookie } from './authentication.js';
import { cookieOf } from './cookies.js';

/** Opening and ending a session need no session (ending one revokes whatever session the cookie still names); reading one does. */
export const sessionPaths = new Set(
  [sessionRoutesOf.staff, sessionRoutesOf.contact].flatMap(({ open, end }) => [open, end]).map((route) => `${route.method.toUpperCase()} ${route.path}`),
);

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

  const open = async (req: Request, res: Response, credentials: Credentials, logIn: typeof logInStaff | typeof logInContact) => {
    checkSameOrigin(originOf(req));
    const sessionId = newSessionId();
    const { device, accessToken, expiresIn, ...who } = await logIn(db, tokens, { ...signInOf(req, credentials), sessionId });
    setDeviceCookie(req, res, device);
    setSessionCookie(res, accessToken, Math.floor(Date.now() / 1000));
    res.setHeader('cache-control', 'no-store');
    res.status(201).json({ ...who, csrfToken: csrfTokenOf(tokens.secret, sessionId), expiresIn });
  };
  const read = ({ principal }: { principal: Principal }, _req: Request, res: Response) => {
    res.json({ principal, csrfToken: csrfTokenOf(tokens.secret, sessionIdOf(res)) });
  };
  const end = async (_request: unknown, req: Request, res: Response) => {
    checkSameOrigin(originOf(req));
    await endBrowserSession(db, tokens, cookieOf(req, SESSION_COOKIE));
    clearSessionCookie(res);
    res.status(204).end();
  };

  const { staff, contact } = sessionRoutesOf;
  serve(router, staff.open, ({ body }, req, res) => open(req, res, body, logInStaff), [json]);
  serve(router, contact.open, ({ body }, req, res) => open(req, res, body, logInContact), [json]);
  serve(router, staff.read, read);
  serve(router, contact.read, read);
  // No body is read, but a body that is no JSON is refused as on every write route (one rule for all).
  serve(router, staff.end, end, [json]);
  serve(router, contact.end, end, [json]);
  return router;
}
