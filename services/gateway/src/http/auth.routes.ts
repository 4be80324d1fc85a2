import { setTimeout as sleep } from 'node:timers/promises';
import { Router, type Request, type Response } from 'express';
import type { LinkKeys } from '@helpdesk/contracts-schema';
import { jsonBody } from '@helpdesk/http';
import { serve } from '@helpdesk/openapi';
import type { GatewayDatabase } from '../persistence/client.js';
import type { AccountKind } from '../persistence/password-reset.repository.js';
import { acceptInvitation } from '../domain/accept-invitation.js';
import type { DeviceToken } from '../domain/device-trust.js';
import { logInContact, logInStaff, type TokenSettings } from '../domain/log-in.js';
import { signOutStaffEverywhere } from '../domain/manage-staff.js';
import { completePasswordReset, requestPasswordReset, type ResetSettings } from '../domain/password-reset.js';
import { signOutContactEverywhere } from '../domain/sign-out-everywhere.js';
import {
  acceptInvitationRoute,
  contactLoginRoute,
  contactSignOutEverywhereRoute,
  meRoute,
  passwordResetRoutes,
  staffLoginRoute,
  staffSignOutEverywhereRoute,
} from './api-description.js';
import { apiDocsPaths } from './api-docs.paths.js';
import { accountPaths, type Credentials } from './auth.schemas.js';
import { cookieOf } from './cookies.js';

/** Paths anyone may call: signing in, accepting an invitation, resetting a password, whether the portal is open, the API's description. */
export const publicPaths = new Set([
  ...apiDocsPaths,
  '/api/auth/login',
  '/api/portal/login',
  '/api/portal/status',
  '/api/portal/invitations/accept',
  ...Object.values(accountPaths).flatMap((base) => [`${base}/password-reset`, `${base}/password-reset/complete`]),
]);

/**
 * A password reset request is answered no sooner than this: the work for an account that exists (a
 * transaction, some milliseconds) would otherwise tell by the time of the answer that it exists.
 */
const RESET_ANSWER_FLOOR_MS = 250;

/** The cookie that marks a device that signed in to an account before (device-trust.ts). */
const DEVICE_COOKIE = 'helpdesk_device';

/** A sign-in: the credentials of the body, where it comes from, and the device's cookie. */
export const signInOf = (req: Request, credentials: Credentials) => ({
  ...credentials,
  address: req.ip ?? req.socket.remoteAddress ?? 'unknown',
  deviceToken: cookieOf(req, DEVICE_COOKIE),
});
// req.ip: the TCP peer, or the client a trusted proxy names in X-Forwarded-For (TRUSTED_PROXIES, set as express 'trust proxy').

/**
 * The device cookie goes back only to the sign-in route it came from, never to script (HttpOnly) nor
 * with a request another site started (SameSite=Strict), and only over TLS when the client came over
 * TLS (req.secure, which believes X-Forwarded-Proto from TRUSTED_PROXIES alone).
 */
export function setDeviceCookie(req: Request, res: Response, device: DeviceToken): void {
  res.cookie(DEVICE_COOKIE, device.token, { httpOnly: true, secure: req.secure, sameSite: 'strict', path: req.path, expires: device.expiresAt });
}

export interface AuthSettings {
  tokens: TokenSettings;
  linkKeys: LinkKeys;
  passwordResetTtlMinutes: number;
}

export function authRoutes(db: GatewayDatabase, settings: AuthSettings): Router {
  const router = Router();
  const json = Router().use(jsonBody(16 * 1024));
  const { tokens, linkKeys } = settings;
  const resets: ResetSettings = { linkKeys, ttlMinutes: settings.passwordResetTtlMinutes };

  serve(router, staffLoginRoute, async ({ body }, req, res) => {
    const { device, ...session } = await logInStaff(db, tokens, signInOf(req, body));
    setDeviceCookie(req, res, device);
    res.setHeader('cache-control', 'no-store');
    res.json({ ...session, tokenType: 'Bearer' });
  }, [json]);

  serve(router, contactLoginRoute, async ({ body }, req, res) => {
    const { device, ...session } = await logInContact(db, tokens, signInOf(req, body));
    setDeviceCookie(req, res, device);
    res.setHeader('cache-control', 'no-store');
    res.json({ ...session, tokenType: 'Bearer' });
  }, [json]);

  serve(router, acceptInvitationRoute, async ({ body: { token, password } }, _req, res) => {
    const { email } = await acceptInvitation(db, linkKeys, token, password);
    res.json({ status: 'active', email, next: 'Sign in at POST /api/portal/login with this email and your new password.' });
  }, [json]);

  for (const kind of Object.keys(accountPaths) as AccountKind[]) {
    // The same answer whether or not the account exists, so that it tells a stranger nothing.
    serve(router, passwordResetRoutes[kind].request, async ({ body: { email } }, _req, res) => {
      const started = Date.now();
      await requestPasswordReset(db, resets, kind, email);
      await sleep(Math.max(0, RESET_ANSWER_FLOOR_MS - (Date.now() - started)));
      res.status(202).json({ detail: 'If an account with this email address exists, a link to choose a new password is on its way. The link works once and expires soon.' });
    }, [json]);

    serve(router, passwordResetRoutes[kind].complete, async ({ body: { token, password } }, _req, res) => {
      const { email } = await completePasswordReset(db, resets, kind, token, password);
      res.json({ email, next: `Sign in at POST ${accountPaths[kind]}/login with this email and your new password; every earlier sign-in has ended.` });
    }, [json]);
  }

  // Ends every token of the caller, this one included, on every gateway at its next request.
  serve(router, staffSignOutEverywhereRoute, async ({ principal: staff }, _req, res) => {
    await signOutStaffEverywhere(db, staff, staff.userId);
    res.status(204).end();
  }, [json]);
  serve(router, contactSignOutEverywhereRoute, async ({ principal: contact }, _req, res) => {
    await signOutContactEverywhere(db, contact.contactId);
    res.status(204).end();
  }, [json]);

  serve(router, meRoute, ({ principal }, _req, res) => {
    res.json(principal);
  });

  return router;
}
