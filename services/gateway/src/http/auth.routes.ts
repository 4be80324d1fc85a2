import { Router, type Request } from 'express';
import { jsonBody, requirePrincipal } from '@helpdesk/http';
import type { GatewayDatabase } from '../persistence/client.js';
import { acceptInvitation } from '../domain/accept-invitation.js';
import { logInContact, logInStaff, type TokenSettings } from '../domain/log-in.js';
import { parseInvitationAcceptance, parseLogin } from './auth.schemas.js';

/** Paths anyone may call: signing in and accepting an invitation. */
export const publicPaths = new Set(['/api/auth/login', '/api/portal/login', '/api/portal/invitations/accept']);

const signInOf = (req: Request) => ({ ...parseLogin(req.body), address: req.ip ?? req.socket.remoteAddress ?? 'unknown' });
// req.ip: the TCP peer, or the client a trusted proxy names in X-Forwarded-For (TRUSTED_PROXIES, set as express 'trust proxy').

export function authRoutes(db: GatewayDatabase, tokens: TokenSettings): Router {
  const router = Router();
  const json = Router().use(jsonBody(16 * 1024));

  router.post('/api/auth/login', json, async (req, res) => {
    const session = await logInStaff(db, tokens, signInOf(req));
    res.setHeader('cache-control', 'no-store');
    res.json({ ...session, tokenType: 'Bearer' });
  });

  router.post('/api/portal/login', json, async (req, res) => {
    const session = await logInContact(db, tokens, signInOf(req));
    res.setHeader('cache-control', 'no-store');
    res.json({ ...session, tokenType: 'Bearer' });
  });

  router.post('/api/portal/invitations/accept', json, async (req, res) => {
    const { token, password } = parseInvitationAcceptance(req.body);
    const { email } = await acceptInvitation(db, token, password);
    res.json({ status: 'active', email, next: 'Sign in at POST /api/portal/login with this email and your new password.' });
  });

  router.get('/api/auth/me', (req, res) => {
    res.json(requirePrincipal(req));
  });

  return router;
}
