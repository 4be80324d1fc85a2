import express, { Router } from 'express';
import { requirePrincipal } from '@helpdesk/http';
import type { GatewayDatabase } from '../persistence/client.js';
import { logIn, type TokenSettings } from '../domain/log-in.js';
import { parseLogin } from './auth.schemas.js';

export function authRoutes(db: GatewayDatabase, tokens: TokenSettings): Router {
  const router = Router();

  router.post('/api/auth/login', express.json({ limit: '16kb' }), async (req, res) => {
    const { email, password } = parseLogin(req.body);
    const session = await logIn(db, tokens, email, password);
    res.setHeader('cache-control', 'no-store');
    res.json({ accessToken: session.accessToken, tokenType: 'Bearer', expiresIn: session.expiresIn, user: session.user });
  });

  router.get('/api/auth/me', (req, res) => {
    res.json(requirePrincipal(req));
  });

  return router;
}
